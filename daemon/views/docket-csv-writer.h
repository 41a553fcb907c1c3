/* CSV as clients receive it (RFC 4180 quoting by libcsv). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @value as one CSV field (quoted by libcsv only when it holds a
 * comma, quote or line break), then a comma, or a line end when @last. */
void            docket_csv_append_field (GString         *out,
                                         const char      *value,
                                         gboolean         last);

G_END_DECLS
