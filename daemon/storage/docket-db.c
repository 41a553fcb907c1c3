/* One SQLite connection: pragmas, migrations, cached statements, transactions. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "docket-db.h"
#include "docket-error.h"
#include "docket-schema-resources.h"

struct _DocketDb
{
  GObject     parent_instance;
  sqlite3    *handle;
  GHashTable *statements;  /* SQL text (static) -> sqlite3_stmt */
  gboolean    in_transaction;
};

G_DEFINE_FINAL_TYPE (DocketDb, docket_db, G_TYPE_OBJECT)

/* The migrations, in order; each is schema/NNN-name.sql in the resource. */
static const char * const migrations[] = {
  "001-initial.sql",
  "002-hearings.sql",
  "003-compliance.sql",
  "004-notices.sql",
  "005-law.sql",
  "006-statistics.sql",
  "007-import.sql",
  "008-flags-run.sql",
  "009-records.sql",
  NULL,
};

int
docket_db_latest_version (void)
{
  return (int) g_strv_length ((char **) migrations);
}

void
docket_stmt_release (DocketStmt *stmt)
{
  if (stmt == NULL)
    return;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
docket_db_finalize (GObject *object)
{
  DocketDb *self = DOCKET_DB (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->handle != NULL)
    {
      if (self->in_transaction)
        sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close (self->handle);
      self->handle = NULL;
    }

  G_OBJECT_CLASS (docket_db_parent_class)->finalize (object);
}

static void
docket_db_class_init (DocketDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = docket_db_finalize;
}

static void
docket_db_init (DocketDb *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
}

gboolean
docket_db_set_error (DocketDb    *self,
                     int          rc,
                     const char  *what,
                     GError     **error)
{
  int code = DOCKET_ERROR_FAILED;
  int primary = rc & 0xff;

  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    code = DOCKET_ERROR_BUSY;
  else if (primary == SQLITE_CONSTRAINT)
    code = DOCKET_ERROR_CONFLICT;
  else if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    code = DOCKET_ERROR_DAMAGED;

  {
    const char *msg = self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc);

    if (g_str_equal (msg, sqlite3_errstr (rc)))
      g_set_error (error, DOCKET_ERROR, code, "%s: %s", what, msg);
    else
      g_set_error (error, DOCKET_ERROR, code, "%s: %s (%s)", what, msg, sqlite3_errstr (rc));
  }
  return FALSE;
}

sqlite3 *
docket_db_get_handle (DocketDb *self)
{
  return self->handle;
}

DocketStmt *
docket_db_prepare (DocketDb    *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      docket_db_set_error (self, rc, "Preparing a statement", error);
      g_warning ("Could not prepare «%s»: %s", sql, sqlite3_errmsg (self->handle));
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
docket_db_exec (DocketDb    *self,
                const char  *sql,
                GError     **error)
{
  char *msg = NULL;
  int rc = sqlite3_exec (self->handle, sql, NULL, NULL, &msg);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, DOCKET_ERROR,
                   (rc & 0xff) == SQLITE_BUSY ? DOCKET_ERROR_BUSY : DOCKET_ERROR_FAILED,
                   "%s", msg ? msg : sqlite3_errstr (rc));
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

gboolean
docket_db_step_done (DocketDb    *self,
                     DocketStmt  *stmt,
                     GError     **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    return docket_db_set_error (self, rc, "Writing to the database", error);
  return TRUE;
}

gboolean
docket_db_begin (DocketDb    *self,
                 GError     **error)
{
  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (!docket_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_transaction = TRUE;
  return TRUE;
}

gboolean
docket_db_commit (DocketDb    *self,
                  GError     **error)
{
  int rc;

  g_return_val_if_fail (self->in_transaction, FALSE);

  rc = sqlite3_exec (self->handle, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      docket_db_set_error (self, rc, "Saving the change", error);

      /* A failed COMMIT (disk full, I/O error) may leave the transaction
       * open: end it so the next caller starts clean. */
      docket_db_rollback (self);
      if ((rc & 0xff) != SQLITE_IOERR)
        return FALSE;

      /* When the fsync of the WAL failed, the transaction's frames are in
       * the WAL file, complete with their commit frame, though SQLite has
       * not made them part of the database: after a crash, recovery
       * would bring back a change the caller was told had failed.
       * Checkpointing and truncating the WAL discards them. */
      rc = sqlite3_wal_checkpoint_v2 (self->handle, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
      if (rc != SQLITE_OK)
        g_warning ("After a failed commit, the write-ahead log could not be truncated (%s): "
                   "a crash before the next write could bring back the failed change",
                   sqlite3_errstr (rc));
      return FALSE;
    }
  self->in_transaction = FALSE;
  return TRUE;
}

void
docket_db_checkpoint (DocketDb *self)
{
  const char *path = sqlite3_db_filename (self->handle, "main");
  g_autofree char *wal = g_strconcat (path ? path : "", "-wal", NULL);
  GStatBuf st;

  /* SQLite's own checkpoints keep a small log small. */
  if (path == NULL || g_stat (wal, &st) != 0 || st.st_size < 32 * 1024 * 1024)
    return;
  docket_db_checkpoint_now (self);
}

void
docket_db_checkpoint_now (DocketDb *self)
{
  int rc;

  rc = sqlite3_wal_checkpoint_v2 (self->handle, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  if (rc != SQLITE_OK)
    g_debug ("The write-ahead log could not be truncated now (%s): SQLite will reuse it",
             sqlite3_errstr (rc));
}

void
docket_db_rollback (DocketDb *self)
{
  if (!self->in_transaction)
    return;
  if (!sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
  self->in_transaction = FALSE;
}

int
docket_db_get_version (DocketDb *self)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
apply_migration (DocketDb    *self,
                 int          number,
                 GError     **error)
{
  g_autofree char *path = g_strdup_printf (DOCKET_SCHEMA_RESOURCE "/%s", migrations[number - 1]);
  g_autoptr(GBytes) sql = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pragma = NULL;

  /* Looked up through the generated accessor, which also keeps the
   * resource from being dropped when linking the static library. */
  sql = g_resource_lookup_data (docket_schema_get_resource (), path,
                                G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (sql == NULL)
    return FALSE;
  text = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));
  pragma = g_strdup_printf ("PRAGMA user_version = %d", number);

  if (!docket_db_begin (self, error))
    return FALSE;
  if (!docket_db_exec (self, text, error) ||
      !docket_db_exec (self, pragma, error) ||
      !docket_db_commit (self, error))
    {
      docket_db_rollback (self);
      g_prefix_error (error, "Migration %s failed: ", migrations[number - 1]);
      return FALSE;
    }
  g_debug ("Applied migration %s", migrations[number - 1]);
  return TRUE;
}

gboolean
docket_db_migrate_to (DocketDb    *self,
                      int          target,
                      GError     **error)
{
  int version = docket_db_get_version (self);

  if (version < 0)
    return docket_db_set_error (self, sqlite3_errcode (self->handle),
                                "Reading the database's schema version", error);
  if (version > docket_db_latest_version ())
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED,
                   "The database has schema version %d, newer than this docketd "
                   "knows (%d); refusing to touch it", version,
                   docket_db_latest_version ());
      return FALSE;
    }
  for (int n = MAX (version, 0) + 1; n <= MIN (target, docket_db_latest_version ()); n++)
    if (!apply_migration (self, n, error))
      return FALSE;
  return TRUE;
}

DocketDb *
docket_db_open (const char  *path,
                GError     **error)
{
  g_autoptr(DocketDb) self = g_object_new (DOCKET_TYPE_DB, NULL);
  int rc;

  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED,
                   "Cannot open database %s: %s", path,
                   self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_busy_timeout (self->handle, 5000);
  sqlite3_db_config (self->handle, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);

  if (!docket_db_exec (self,
                       "PRAGMA journal_mode = WAL;"
                       "PRAGMA synchronous = FULL;"
                       "PRAGMA foreign_keys = ON;"
                       "PRAGMA secure_delete = ON;"
                       "PRAGMA temp_store = MEMORY;", error))
    {
      g_prefix_error (error, "Cannot set up database %s: ", path);
      return NULL;
    }

  if (!docket_db_migrate_to (self, docket_db_latest_version (), error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
docket_db_check_integrity (DocketDb    *self,
                           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;
  gboolean ok = TRUE;

  rc = sqlite3_prepare_v2 (self->handle, "PRAGMA integrity_check", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return docket_db_set_error (self, rc, "Checking integrity", error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (line, "ok") != 0)
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_DAMAGED,
                       "The database fails its integrity check: %s", line);
          ok = FALSE;
          break;
        }
    }
  if (ok && rc != SQLITE_DONE)
    ok = docket_db_set_error (self, rc, "Checking integrity", error);
  sqlite3_finalize (stmt);
  if (!ok)
    return FALSE;

  rc = sqlite3_prepare_v2 (self->handle, "PRAGMA foreign_key_check", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return docket_db_set_error (self, rc, "Checking foreign keys", error);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_DAMAGED,
                   "The database fails its foreign key check: table %s row %lld",
                   sqlite3_column_text (stmt, 0),
                   (long long) sqlite3_column_int64 (stmt, 1));
      ok = FALSE;
    }
  else if (rc != SQLITE_DONE)
    ok = docket_db_set_error (self, rc, "Checking foreign keys", error);
  sqlite3_finalize (stmt);
  return ok;
}

GBytes *
docket_db_get_meta (DocketDb    *self,
                    const char  *key,
                    GError     **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (self, "SELECT value FROM meta WHERE key = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  if (rc != SQLITE_DONE)
    docket_db_set_error (self, rc, "Reading settings", error);
  return NULL;
}

gboolean
docket_db_set_meta (DocketDb    *self,
                    const char  *key,
                    GBytes      *value,
                    GError     **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (self,
      "INSERT INTO meta (key, value) VALUES (?, ?) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  gsize len;
  gconstpointer data;

  if (stmt == NULL)
    return FALSE;
  data = g_bytes_get_data (value, &len);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, len ? data : "", (int) len, SQLITE_STATIC);
  return docket_db_step_done (self, stmt, error);
}

DocketStmt *
docket_db_get_row (DocketDb    *self,
                   const char  *sql,
                   gint64       id,
                   const char  *noun,
                   GError     **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      docket_error_set_named (error, DOCKET_ERROR_NOT_FOUND, "%c%s %" G_GINT64_FORMAT ": no such %s",
                              g_ascii_toupper (noun[0]), noun + 1, id, noun);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      g_autofree char *what = g_strdup_printf ("Reading a %s", noun);
      docket_db_set_error (self, rc, what, error);
      return NULL;
    }
  return g_steal_pointer (&stmt);
}
