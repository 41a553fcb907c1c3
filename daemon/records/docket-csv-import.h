/* Parsing a CSV file of drivers (RFC 4180, libcsv) into validated rows. */
#pragma once

#include "docket-driver-store.h"

G_BEGIN_DECLS

/* A parsed file: the header's field keys and each row's cells, kept as
 * plain strings (a GVariant per row would cost ~10 times the memory). */
typedef struct _DocketCsvTable DocketCsvTable;

/* The header names the columns, each a driver field key; see docs/API.md.
 * Returns NULL with the line and column of the first problem. Values are
 * checked later, by the store. */
DocketCsvTable *docket_csv_import_parse (const char      *data,
                                         gsize            len,
                                         GError         **error);
void            docket_csv_table_free   (DocketCsvTable  *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DocketCsvTable, docket_csv_table_free)

guint           docket_csv_table_rows   (DocketCsvTable  *table);
/* A DocketImportNext for docket_driver_store_import(): the next row as an
 * a{sv} record (empty cells left out), or NULL after the last. */
GVariant       *docket_csv_table_next   (gpointer         table,
                                         guint           *line);

G_END_DECLS
