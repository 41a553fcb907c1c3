/* What the driver store's files share: the summary columns and the
 * readers of a row. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* Where each field of docket_driver_fields lives. Column names come from
 * this table only, never from input. */
typedef struct {
  const char *key;
  const char *column;
} DocketFieldColumn;

/* The columns of a driver's summary, as selected on drivers d. */
#define DOCKET_DRIVER_SUMMARY_COLUMNS \
  "d.id, d.licence, d.kind, d.full_name, d.status, d.badge, d.issued, d.expires, d.created, d.modified"

/* The summary of the current row, selected with the columns above first. */
GVariant   *_docket_driver_summary_from_row (sqlite3_stmt *stmt);
/* The string under @key in @record, or NULL. */
const char *_docket_driver_lookup_str       (GVariant     *record,
                                             const char   *key);
/* Decrypts column @col of @stmt into @b under @key; on failure sets a
 * Tampered error naming the driver and field. */
gboolean    _docket_driver_add_decrypted    (DocketStore     *store,
                                             GVariantBuilder *b,
                                             sqlite3_stmt    *stmt,
                                             int              col,
                                             const char      *table,
                                             const char      *column,
                                             gint64           rowid,
                                             const char      *key,
                                             const char      *licence,
                                             const char      *what,
                                             GError         **error);

G_END_DECLS
