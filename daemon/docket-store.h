/* The store: one database connection with its key, and the write discipline
 * (a change and its audit entry commit together). */
#pragma once

#include <gio/gio.h>

#include "docket-crypto.h"
#include "docket-db.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_STORE (docket_store_get_type ())
G_DECLARE_FINAL_TYPE (DocketStore, docket_store, DOCKET, STORE, GObject)

#define DOCKET_DATABASE_FILE "docket.db"

/* Opens the database, applies migrations, and checks that @crypto's key is
 * the one the database was written with (creating the check value on an
 * empty database). @crypto must outlive the store. */
DocketStore  *docket_store_open          (const char    *path,
                                          DocketCrypto  *crypto,
                                          GError       **error);
DocketDb     *docket_store_get_db        (DocketStore   *self);
DocketCrypto *docket_store_get_crypto    (DocketStore   *self);
const char   *docket_store_get_path      (DocketStore   *self);

/* Runs the integrity checks; on failure the store refuses writes with
 * DOCKET_ERROR_DAMAGED and the reason. */
gboolean      docket_store_check         (DocketStore   *self,
                                          GError       **error);
const char   *docket_store_get_damage    (DocketStore   *self);

gboolean      docket_store_begin_write   (DocketStore   *self,
                                          GError       **error);
gboolean      docket_store_commit        (DocketStore   *self,
                                          GError       **error);
void          docket_store_rollback      (DocketStore   *self);

/* The current time as stored: ISO 8601, UTC. */
char         *docket_store_now           (void);

G_END_DECLS
