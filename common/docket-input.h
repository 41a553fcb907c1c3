/* Readers for the a{sv} dictionaries clients send: each value checked for
 * its type and bounds, with an error that names the field. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  DOCKET_INPUT_NONE       = 0,
  DOCKET_INPUT_MULTILINE  = 1 << 0,  /* text may hold line breaks */
  DOCKET_INPUT_KEEP_EMPTY = 1 << 1,  /* "" stays "" (it clears a value) */
  DOCKET_INPUT_PAST       = 1 << 2,  /* a date may not be after today */
} DocketInputFlags;

/* Each reader leaves @out unset (NULL, -1, FALSE or @def) when @key is
 * absent; @label names the field in errors (@key when NULL). */

/* The value of @key when it has @type. */
gboolean docket_input_typed (GVariant            *dict,
                             const char          *key,
                             const GVariantType  *type,
                             GVariant           **out,
                             GError             **error);
/* A string, trimmed, at most @max characters; NULL when empty unless
 * DOCKET_INPUT_KEEP_EMPTY. */
gboolean docket_input_text  (GVariant            *dict,
                             const char          *key,
                             const char          *label,
                             guint                max,
                             DocketInputFlags     flags,
                             char               **out,
                             GError             **error);
/* A valid YYYY-MM-DD date. */
gboolean docket_input_date  (GVariant            *dict,
                             const char          *key,
                             const char          *label,
                             DocketInputFlags     flags,
                             char               **out,
                             GError             **error);
/* One of @names, as its index. */
gboolean docket_input_enum  (GVariant            *dict,
                             const char          *key,
                             const char          *label,
                             const char * const  *names,
                             int                 *out,
                             GError             **error);
gboolean docket_input_bool  (GVariant            *dict,
                             const char          *key,
                             gboolean            *out,
                             GError             **error);
/* An unsigned number up to @max; @def when absent. */
gboolean docket_input_uint  (GVariant            *dict,
                             const char          *key,
                             guint                def,
                             guint                max,
                             guint               *out,
                             GError             **error);

G_END_DECLS
