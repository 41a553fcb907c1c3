/* One SQLite connection: pragmas, migrations, cached statements, transactions. */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Column readers with the types the stores use. */
static inline const char *
docket_col_text (sqlite3_stmt *stmt, int col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

static inline gint64
docket_col_int64 (sqlite3_stmt *stmt, int col)
{
  return (gint64) sqlite3_column_int64 (stmt, col);
}

/* Binds @value, or NULL when it is NULL or empty. */
static inline void
docket_db_bind_text_or_null (sqlite3_stmt *stmt, int param, const char *value)
{
  if (value != NULL && *value != '\0')
    sqlite3_bind_text (stmt, param, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, param);
}

/* Adds @value to an a{sv} under @key, unless it is NULL. */
static inline void
docket_dict_add_text (GVariantBuilder *b, const char *key, const char *value)
{
  if (value != NULL)
    g_variant_builder_add (b, "{sv}", key, g_variant_new_string (value));
}

/* Adds text column @col of the current row, unless it is NULL. */
static inline void
docket_dict_add_column (GVariantBuilder *b, const char *key, sqlite3_stmt *stmt, int col)
{
  docket_dict_add_text (b, key, docket_col_text (stmt, col));
}

#define DOCKET_TYPE_DB (docket_db_get_type ())
G_DECLARE_FINAL_TYPE (DocketDb, docket_db, DOCKET, DB, GObject)

/* A cached statement, reset and its bindings cleared when released. */
typedef sqlite3_stmt DocketStmt;
void docket_stmt_release (DocketStmt *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DocketStmt, docket_stmt_release)

/* Opens @path, setting WAL, synchronous=FULL and foreign keys, and applies
 * any migrations newer than the file's user_version. */
DocketDb   *docket_db_open            (const char  *path,
                                       GError     **error);
sqlite3    *docket_db_get_handle      (DocketDb    *self);
/* PRAGMA user_version, or -1 when it cannot be read. */
int         docket_db_get_version     (DocketDb    *self);
/* The number of migrations compiled in. */
int         docket_db_latest_version  (void);
/* Applies migrations up to @target only; for tests of upgrades. */
gboolean    docket_db_migrate_to      (DocketDb    *self,
                                       int          target,
                                       GError     **error);

DocketStmt *docket_db_prepare         (DocketDb    *self,
                                       const char  *sql,
                                       GError     **error);
gboolean    docket_db_exec            (DocketDb    *self,
                                       const char  *sql,
                                       GError     **error);

/* BEGIN IMMEDIATE ... COMMIT; rollback undoes everything since begin. */
gboolean    docket_db_begin           (DocketDb    *self,
                                       GError     **error);
gboolean    docket_db_commit          (DocketDb    *self,
                                       GError     **error);
/* Copies the write-ahead log into the database and empties it when it has
 * grown past 32 MiB, after a long job's one large transaction: a log the size of the database left
 * behind makes every later read look through it (and holds the job's
 * pages on disk). Not an error when readers keep it from finishing. */
void        docket_db_checkpoint      (DocketDb    *self);
/* The same whatever the log's size: after an erasure, so that what was
 * erased leaves the log as well as the database (secure_delete zeroes it
 * there). Outside a transaction. */
void        docket_db_checkpoint_now  (DocketDb    *self);
void        docket_db_rollback        (DocketDb    *self);

/* Runs a statement that returns no rows (or ignores them). */
gboolean    docket_db_step_done       (DocketDb    *self,
                                       DocketStmt  *stmt,
                                       GError     **error);
/* Sets @error from the connection's last error, with @what as context.
 * Always returns FALSE. */
gboolean    docket_db_set_error       (DocketDb    *self,
                                       int          rc,
                                       const char  *what,
                                       GError     **error);

/* Runs PRAGMA integrity_check and foreign_key_check. */
gboolean    docket_db_check_integrity (DocketDb    *self,
                                       GError     **error);

/* Values in the meta table. */
GBytes     *docket_db_get_meta        (DocketDb    *self,
                                       const char  *key,
                                       GError     **error);
gboolean    docket_db_set_meta        (DocketDb    *self,
                                       const char  *key,
                                       GBytes      *value,
                                       GError     **error);

/* Runs @sql with @id bound to its one parameter and returns the statement
 * on its row, or NULL: NOT_FOUND "Hearing 4: no such hearing" (@noun
 * "hearing") when there is none. Release it with docket_stmt_release(). */
DocketStmt *docket_db_get_row        (DocketDb    *self,
                                      const char  *sql,
                                      gint64       id,
                                      const char  *noun,
                                      GError     **error);

G_END_DECLS
