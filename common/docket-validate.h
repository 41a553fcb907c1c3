/* Pure validation of records, shared so a client can refuse bad input early
 * and the daemon refuses it always. */
#pragma once

#include <glib.h>

#include "docket-calendar.h"

G_BEGIN_DECLS

typedef enum {
  DOCKET_FIELD_LINE,      /* one line of text */
  DOCKET_FIELD_TEXT,      /* text with newlines */
  DOCKET_FIELD_DATE,      /* YYYY-MM-DD */
  DOCKET_FIELD_TIME,      /* HH:MM, 24-hour */
  DOCKET_FIELD_ENUM,
  DOCKET_FIELD_LICENCE,
  DOCKET_FIELD_BADGE,
  DOCKET_FIELD_NI_NUMBER,
  DOCKET_FIELD_DVLA_NUMBER,
  DOCKET_FIELD_DBS_CERTIFICATE,
  DOCKET_FIELD_EMAIL,
  DOCKET_FIELD_PHONE,
} DocketFieldType;

typedef struct {
  const char         *key;        /* name in a{sv} records and CSV headers */
  const char         *label;      /* name in error messages */
  DocketFieldType     type;
  guint               max_chars;
  gboolean            required;   /* must be given on create, never empty */
  gboolean            sensitive;  /* encrypted at rest, shown only to some roles */
  gboolean            past_only;  /* a date that cannot lie in the future */
  const char * const *enum_names;
} DocketFieldSpec;

/* Tables end with an entry whose key is NULL. */
extern const DocketFieldSpec docket_driver_fields[];
extern const DocketFieldSpec docket_conviction_fields[];
extern const DocketFieldSpec docket_note_fields[];

const DocketFieldSpec *docket_field_spec_lookup (const DocketFieldSpec *specs,
                                                 const char            *key);
/* Trims, and puts identifiers in their canonical form (upper case, no spaces). */
char     *docket_field_normalize  (const DocketFieldSpec *spec,
                                   const char            *value);
/* Validates an already normalised, non-empty value. */
gboolean  docket_field_validate   (const DocketFieldSpec *spec,
                                   const char            *value,
                                   GError               **error);

gboolean  docket_validate_date    (const char  *label,
                                   const char  *value,
                                   GError     **error);
gboolean  docket_validate_text    (const char  *label,
                                   const char  *value,
                                   guint        max_chars,
                                   gboolean     multiline,
                                   GError     **error);

/* Checks an a{sv} record against @specs: known keys, string values, valid
 * values, required fields present when @creating. Returns a new a{sv} with
 * normalised values (empty strings kept: they clear optional fields). */
GVariant *docket_validate_record  (const DocketFieldSpec *specs,
                                   GVariant              *record,
                                   gboolean               creating,
                                   GError               **error);

/* Checks that every key of the a{sv} @dict is one of @allowed (a NULL-
 * terminated list), naming the first that is not and the allowed ones. */
gboolean  docket_validate_keys    (GVariant            *dict,
                                   const char * const  *allowed,
                                   GError             **error);

/* Date arithmetic on valid YYYY-MM-DD strings. */
char     *docket_date_add_days    (const char  *date,
                                   int          days);
char     *docket_date_add_years   (const char  *date,
                                   int          years);
/* A month later is the same day, or the month's last day when it has
 * none (2026-08-31 plus 6 months is 2027-02-28); @months may be negative. */
char     *docket_date_add_months  (const char  *date,
                                   int          months);
/* The number of days from @from to @to (negative when @to is earlier). */
int       docket_date_days_between (const char *from,
                                   const char  *to);
/* Validates HH:MM (24-hour). */
gboolean  docket_validate_time    (const char  *label,
                                   const char  *value,
                                   GError     **error);

/* Unix user names: what useradd accepts ("User 'x': not a valid Unix
 * user name"). */
gboolean  docket_validate_user_name (const char *user,
                                   GError    **error);


G_END_DECLS
