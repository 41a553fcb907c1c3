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
                                         guint           *line,
                                         GError         **error);

/* The same file read a piece at a time from @read (which returns the
 * bytes read, 0 at the end, or -1 with its error): only a piece of the
 * file and the rows parsed from it are in memory at once. */
typedef gssize (*DocketCsvRead) (gpointer  data,
                                 void     *buf,
                                 gsize     len,
                                 GError  **error);
typedef struct _DocketCsvReader DocketCsvReader;

DocketCsvReader *docket_csv_reader_new  (DocketCsvRead    read,
                                         gpointer         read_data);
void             docket_csv_reader_free (DocketCsvReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DocketCsvReader, docket_csv_reader_free)
/* A DocketImportNext: the next row, reading on; NULL at the end, or with
 * @error naming the line of the first problem in the file. */
GVariant        *docket_csv_reader_next (gpointer         reader,
                                         guint           *line,
                                         GError         **error);

G_END_DECLS
