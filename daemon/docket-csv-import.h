/* Parsing a CSV file of drivers (RFC 4180, libcsv) into validated rows. */
#pragma once

#include "docket-driver-store.h"

G_BEGIN_DECLS

/* The header names the columns, each a driver field key; see docs/API.md.
 * Returns DocketImportRow items (free with the array), or NULL with the
 * line and column of the first problem. Values are checked later by the
 * store. */
GPtrArray *docket_csv_import_parse (const char  *data,
                                    gsize        len,
                                    GError     **error);

G_END_DECLS
