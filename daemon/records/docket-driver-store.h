/* Driver licence records, their convictions, notes and status history. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* Each writer validates its input, writes the change and its audit entry in
 * one transaction, and leaves the database as it was on any error. */
char     *docket_driver_store_create          (DocketStore  *store,
                                               const char   *user,
                                               GVariant     *record,
                                               GError      **error);
gboolean  docket_driver_store_update          (DocketStore  *store,
                                               const char   *user,
                                               const char   *licence,
                                               GVariant     *changes,
                                               const char   *reason,
                                               GError      **error);
gint64    docket_driver_store_add_conviction  (DocketStore  *store,
                                               const char   *user,
                                               const char   *licence,
                                               GVariant     *conviction,
                                               GError      **error);
gint64    docket_driver_store_add_note        (DocketStore  *store,
                                               const char   *user,
                                               const char   *licence,
                                               GVariant     *note,
                                               GError      **error);

/* With @sensitive, the read is recorded in the audit log as @user before
 * any value is decrypted; a value that fails authentication gives
 * DOCKET_ERROR_TAMPERED naming the driver and field. */
GVariant *docket_driver_store_get             (DocketStore  *store,
                                               const char   *user,
                                               const char   *licence,
                                               gboolean      sensitive,
                                               GError      **error);
/* The same fields added to @out, for a reader that adds more; returns the
 * driver's row id, or -1 on error. Without @user, the caller's own audit
 * entry covers a sensitive reading. */
gint64    docket_driver_store_read            (DocketStore      *store,
                                               const char       *user,
                                               const char       *licence,
                                               gboolean          sensitive,
                                               GVariantBuilder  *out,
                                               GError          **error);
/* Returns aa{sv} of summaries and sets @total to the number matching. */
GVariant *docket_driver_store_list            (DocketStore  *store,
                                               GVariant     *query,
                                               guint32      *total,
                                               GError      **error);
GVariant *docket_driver_store_search          (DocketStore  *store,
                                               const char   *text,
                                               guint32       limit,
                                               GError      **error);
GVariant *docket_driver_store_find_identifier (DocketStore  *store,
                                               const char   *user,
                                               const char   *field,
                                               const char   *value,
                                               GError      **error);

/* Imports records one at a time from @next (each an a{sv} of driver fields
 * with the line it came from, NULL after the last) in one transaction: all
  * are written, or none; a cancelled import (docketd stopping) writes none. */
typedef GVariant *(*DocketImportNext) (gpointer  data,
                                       guint    *line,
                                       GError  **error);

guint     docket_driver_store_import          (DocketStore      *store,
                                               const char       *user,
                                               DocketImportNext  next,
                                               gpointer          data,
                                               GCancellable     *cancellable,
                                               GError          **error);

/* For the hearing workflow, inside its write transaction: the driver's row
 * id (NOT_FOUND naming the licence, CONFLICT when the retention schedule
 * erased the record, -1 on error), its status, and a change
 * of status (and expiry when @expires is not NULL) with its history and
 * audit entries. A change the status rules forbid is a CONFLICT, unless
 * @undo (a decision overturned on appeal or corrected) restores a status. */
gint64    docket_driver_store_lookup          (DocketStore  *store,
                                               const char   *licence,
                                               GError      **error);
/* For reading: the row id of @licence, erased or not (NOT_FOUND naming
 * it, -1 on error). */
gint64    docket_driver_store_find            (DocketStore  *store,
                                               const char   *licence,
                                               GError      **error);
char     *docket_driver_store_licence_status  (DocketStore  *store,
                                               gint64        driver,
                                               GError      **error);
gboolean  docket_driver_store_set_status      (DocketStore  *store,
                                               const char   *user,
                                               gint64        driver,
                                               const char   *status,
                                               const char   *expires,
                                               const char   *reason,
                                               gboolean      undo,
                                               GError      **error);

G_END_DECLS
