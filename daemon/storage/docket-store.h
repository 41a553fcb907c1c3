/* The store: one database connection with its key, and the write discipline
 * (a change and its audit entry commit together). */
#pragma once

#include <gio/gio.h>

#include "docket-config.h"
#include "docket-crypto.h"
#include "docket-db.h"
#include "docket-writer.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_STORE (docket_store_get_type ())
G_DECLARE_FINAL_TYPE (DocketStore, docket_store, DOCKET, STORE, GObject)

/* Who is calling: the user name the audit log shows and the roles held
 * (a mask of 1 << DocketRole). Entitlements that depend on the hearing
 * (its decision-maker, its panel) are checked by the store. */
typedef struct {
  const char *user;
  guint       roles;
} DocketCaller;

#define DOCKET_DATABASE_FILE "docket.db"

/* The user the audit log shows for changes the daemon makes by itself. */
#define DOCKET_SYSTEM_USER "system"

/* Opens the database, applies migrations, and checks that @crypto's key is
 * the one the database was written with (creating the check value on an
 * empty database). @crypto must outlive the store. */
DocketStore  *docket_store_open          (const char    *path,
                                          DocketCrypto  *crypto,
                                          GError       **error);
/* The calling thread's connection: the writer's on the writer thread, else
 * the main thread's, which only reads once the writer has started. */
DocketDb     *docket_store_get_db        (DocketStore   *self);

/* The one writer (docketd starts it once it has caught up, before it
 * serves): a thread with a connection of its own that makes every write,
 * one at a time, in the order given, so that the main loop only dispatches
 * and reads. Without it (tools and tests that open a store) a write runs
 * in the calling thread. */
gboolean      docket_store_start_writer  (DocketStore   *self,
                                          GError       **error);
/* Runs what was given to the writer, then ends it. */
void          docket_store_stop_writer   (DocketStore   *self);
gboolean      docket_store_has_writer    (DocketStore   *self);
/* Blocks until the writes already given to the writer are made. A long
 * job calls it once it holds the store (from its worker, so that the main
 * loop goes on): from then on the bouncer keeps new writes back, and the
 * job's transaction never waits on the writer's. */
void          docket_store_wait_writes   (DocketStore   *self);
gboolean      docket_store_in_writer     (DocketStore   *self);
/* Runs @func (@data) on the writer after every write given before it (at
 * once when there is no writer, or when called on it). */
void          docket_store_write         (DocketStore     *self,
                                          DocketWriterFunc func,
                                          gpointer         data,
                                          GDestroyNotify   destroy);
/* Runs @func for @task on the writer, in turn, like
 * g_task_run_in_thread(); @task's callback runs in its own context. */
void          docket_store_write_task    (DocketStore     *self,
                                          GTask           *task,
                                          GTaskThreadFunc  func);
/* The settings of docketd.conf the workflow follows (notice period, bank
 * holidays, the authority's name); defaults until set. @config must
 * outlive the store. */
void          docket_store_set_config    (DocketStore   *self,
                                          const DocketConfig *config);
const DocketConfig *docket_store_get_config (DocketStore *self);
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
/* Ends a write transaction begun with docket_store_begin_write(): commits
 * when @ok, else rolls back; FALSE when either failed. */
gboolean      docket_store_end           (DocketStore   *self,
                                          gboolean       ok,
                                          GError       **error);
/* docket_store_end(), and on failure the error is prefixed with
 * @format ("Case 4"), unless it already names its record. */
gboolean      docket_store_finish        (DocketStore   *self,
                                          gboolean       ok,
                                          GError       **error,
                                          const char    *format,
                                          ...) G_GNUC_PRINTF (4, 5);

/* Inside a write transaction: the id the next row of @table will take.
 * Knowing it before the insert lets each ciphertext be bound to its row. */
gint64        docket_store_next_id       (DocketStore   *self,
                                          const char    *table,
                                          GError       **error);
/* Binds @value encrypted for @table, @column and row @id, or NULL when
 * @value is NULL or empty. */
void          docket_store_bind_encrypted (DocketStore  *self,
                                           sqlite3_stmt *stmt,
                                           int           param,
                                           const char   *table,
                                           const char   *column,
                                           gint64        id,
                                           const char   *value);
/* Decrypts column @col of the current row of @stmt. Returns NULL without
 * error for a NULL column; a value that fails authentication sets
 * DOCKET_ERROR_TAMPERED naming @what (for example "Case 4: report"). */
char         *docket_store_decrypt_column (DocketStore  *self,
                                           sqlite3_stmt *stmt,
                                           int           col,
                                           const char   *table,
                                           const char   *column,
                                           gint64        id,
                                           const char   *what,
                                           GError      **error);

/* The key version of the values (meta "key-version", 1 when unset) and,
 * while a rotation runs, the version it moves them to ("key-rotation"). */
#define DOCKET_META_KEY_VERSION  "key-version"
#define DOCKET_META_KEY_CHECK    "key-check"
#define DOCKET_META_KEY_ROTATION "key-rotation"

/* Reads both and tells the store's DocketCrypto which versions to use. */
gboolean      docket_store_load_key_versions (DocketStore *self,
                                              GError     **error);
/* A number kept in the meta table; 0 when unset. */
guint32       docket_store_get_meta_uint (DocketStore   *self,
                                          const char    *key,
                                          GError       **error);
gboolean      docket_store_set_meta_uint (DocketStore   *self,
                                          const char    *key,
                                          guint32        value,
                                          GError       **error);

/* Long jobs (an import, an audit run, a key rotation, a restore) run one at
 * a time. Claims the store for @what ("an import") or fails with
 * DOCKET_ERROR_BUSY naming the job running. Returns the job's cancellable
 * (owned by the store), cancelled when docketd stops; the job ends with
 * docket_store_release(), which emits "job-ended". Main thread only. */
GCancellable *docket_store_claim         (DocketStore   *self,
                                          const char    *what,
                                          GError       **error);
void          docket_store_release       (DocketStore   *self);
/* The long job running ("an import"), or NULL. */
const char   *docket_store_get_job       (DocketStore   *self);
/* Cancels the job running and iterates the main context until it has
 * released the store: nothing a worker uses is freed under it. */
void          docket_store_stop_jobs     (DocketStore   *self);

/* The current time as stored: ISO 8601, UTC. */
char         *docket_store_now           (void);

G_END_DECLS
