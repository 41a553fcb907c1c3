/* The store: one database connection with its key and the write discipline. */
#include "config.h"

#include <string.h>

#include "docket-error.h"
#include "docket-store.h"
#include "docket-calendar.h"
#include "docket-writer.h"

#define KEY_CHECK_TEXT   "docket key check"

struct _DocketStore
{
  GObject       parent_instance;
  DocketDb     *db;               /* the main thread's: reads */
  DocketWriter *writer;           /* NULL until docket_store_start_writer() */
  DocketDb     *writer_db;        /* the writer thread's: every write */
  DocketCrypto *crypto;
  char         *path;
  char         *damage;
  DocketConfig *config;
  char         *job;              /* the long job running, NULL when none */
  GCancellable *job_cancellable;
};

G_DEFINE_FINAL_TYPE (DocketStore, docket_store, G_TYPE_OBJECT)

/* The connection of the calling thread: the writer's on the writer thread,
 * else the main one. */
static DocketDb *
db_of (DocketStore *self)
{
  return self->writer != NULL && docket_writer_is_current (self->writer) ? self->writer_db : self->db;
}

enum { SIGNAL_JOB_ENDED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
docket_store_finalize (GObject *object)
{
  DocketStore *self = DOCKET_STORE (object);

  docket_store_stop_writer (self);
  g_clear_object (&self->db);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->damage, g_free);
  g_clear_pointer (&self->config, docket_config_free);
  g_clear_pointer (&self->job, g_free);
  g_clear_object (&self->job_cancellable);
  G_OBJECT_CLASS (docket_store_parent_class)->finalize (object);
}

static void
docket_store_class_init (DocketStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = docket_store_finalize;
  /* The long job has released the store (emitted in the main context). */
  signals[SIGNAL_JOB_ENDED] = g_signal_new ("job-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
docket_store_init (DocketStore *self)
{
}

void
docket_store_set_config (DocketStore        *self,
                         const DocketConfig *config)
{
  g_clear_pointer (&self->config, docket_config_free);
  if (config != NULL)
    self->config = docket_config_ref ((DocketConfig *) config);
}

const DocketConfig *
docket_store_get_config (DocketStore *self)
{
  static DocketConfig *defaults;

  if (self->config != NULL)
    return self->config;
  if (g_once_init_enter (&defaults))
    {
      DocketConfig *c = docket_config_new_defaults ();
      g_once_init_leave (&defaults, c);
    }
  return defaults;
}

gint64
docket_store_next_id (DocketStore  *self,
                      const char   *table,
                      GError      **error)
{
  /* Called inside a write transaction, which holds the write lock, so no
   * other connection can take the same id. @table is never user input. */
  g_autofree char *sql = g_strdup_printf ("SELECT COALESCE(MAX(id), 0) + 1 FROM %s", table);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db_of (self), sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db_of (self), rc, "Allocating a row", error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

void
docket_store_bind_encrypted (DocketStore  *self,
                             sqlite3_stmt *stmt,
                             int           param,
                             const char   *table,
                             const char   *column,
                             gint64        id,
                             const char   *value)
{
  g_autoptr(GBytes) ct = NULL;
  gsize len;
  gconstpointer data;

  if (value == NULL || *value == '\0')
    {
      sqlite3_bind_null (stmt, param);
      return;
    }
  ct = docket_crypto_encrypt (self->crypto, table, column, id, value);
  data = g_bytes_get_data (ct, &len);
  sqlite3_bind_blob (stmt, param, data, (int) len, SQLITE_TRANSIENT);
}

char *
docket_store_decrypt_column (DocketStore  *self,
                             sqlite3_stmt *stmt,
                             int           col,
                             const char   *table,
                             const char   *column,
                             gint64        id,
                             const char   *what,
                             GError      **error)
{
  char *plain;

  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return NULL;
  plain = docket_crypto_decrypt (self->crypto, table, column, id,
                                 sqlite3_column_blob (stmt, col),
                                 (gsize) sqlite3_column_bytes (stmt, col), NULL);
  if (plain == NULL || !g_utf8_validate (plain, -1, NULL))
    {
      docket_secret_free (plain);
      /* @what names the record ("Case 4: report"): no caller names it again. */
      docket_error_set_named (error, DOCKET_ERROR_TAMPERED,
                              "%s failed authentication: the stored value was altered or moved, "
                              "and is not shown", what);
      return NULL;
    }
  return plain;
}

char *
docket_store_now (void)
{
  g_autoptr(GDateTime) fixed = docket_clock_fixed_moment ();
  g_autoptr(GDateTime) now = fixed ? g_date_time_to_utc (fixed) : g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

guint32
docket_store_get_meta_uint (DocketStore  *self,
                            const char   *key,
                            GError      **error)
{
  g_autoptr(GBytes) value = docket_db_get_meta (db_of (self), key, error);
  g_autofree char *text = NULL;
  guint64 n = 0;

  if (value == NULL)
    return 0;
  text = g_strndup (g_bytes_get_data (value, NULL), g_bytes_get_size (value));
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &n, NULL))
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_DAMAGED,
                   "The database's setting %s is not a number: %s", key, text);
      return 0;
    }
  return (guint32) n;
}

gboolean
docket_store_set_meta_uint (DocketStore  *self,
                            const char   *key,
                            guint32       value,
                            GError      **error)
{
  g_autofree char *text = g_strdup_printf ("%u", value);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return docket_db_set_meta (db_of (self), key, bytes, error);
}

gboolean
docket_store_load_key_versions (DocketStore  *self,
                                GError      **error)
{
  g_autoptr(GError) local = NULL;
  guint32 version = docket_store_get_meta_uint (self, DOCKET_META_KEY_VERSION, &local);
  guint32 target = 0;

  if (local == NULL)
    target = docket_store_get_meta_uint (self, DOCKET_META_KEY_ROTATION, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (version == 0)
    version = 1;
  if (target != 0 && target != version + 1)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_DAMAGED,
                   "The database is at key version %u but records a rotation to %u", version, target);
      return FALSE;
    }
  docket_crypto_set_key_versions (self->crypto, version, target ? target : version);
  return TRUE;
}

static gboolean
check_key (DocketStore  *self,
           GError      **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) stored = docket_db_get_meta (db_of (self), DOCKET_META_KEY_CHECK, &local);
  g_autofree char *plain = NULL;

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (stored == NULL)
    {
      g_autoptr(GBytes) check = docket_crypto_encrypt (self->crypto, "meta", DOCKET_META_KEY_CHECK,
                                                       0, KEY_CHECK_TEXT);
      if (!docket_db_begin (db_of (self), error))
        return FALSE;
      if (!docket_db_set_meta (db_of (self), DOCKET_META_KEY_CHECK, check, error) ||
          !docket_db_commit (db_of (self), error))
        {
          docket_db_rollback (db_of (self));
          return FALSE;
        }
      return TRUE;
    }

  plain = docket_crypto_decrypt (self->crypto, "meta", DOCKET_META_KEY_CHECK, 0,
                                 g_bytes_get_data (stored, NULL),
                                 g_bytes_get_size (stored), NULL);
  if (g_strcmp0 (plain, KEY_CHECK_TEXT) != 0)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED,
                   "The key does not match the database %s: it was written with "
                   "another key; nothing was changed", self->path);
      return FALSE;
    }
  return TRUE;
}

DocketStore *
docket_store_open (const char    *path,
                   DocketCrypto  *crypto,
                   GError       **error)
{
  g_autoptr(DocketStore) self = g_object_new (DOCKET_TYPE_STORE, NULL);

  self->path = g_strdup (path);
  self->crypto = crypto;
  self->db = docket_db_open (path, error);
  if (self->db == NULL)
    return NULL;
  if (!docket_store_load_key_versions (self, error) ||
      !check_key (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

DocketDb *
docket_store_get_db (DocketStore *self)
{
  return db_of (self);
}

DocketCrypto *
docket_store_get_crypto (DocketStore *self)
{
  return self->crypto;
}

const char *
docket_store_get_path (DocketStore *self)
{
  return self->path;
}

gboolean
docket_store_check (DocketStore  *self,
                    GError      **error)
{
  g_autoptr(GError) local = NULL;

  if (docket_db_check_integrity (db_of (self), &local))
    {
      g_clear_pointer (&self->damage, g_free);
      return TRUE;
    }
  g_free (self->damage);
  self->damage = g_strdup (local->message);
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

const char *
docket_store_get_damage (DocketStore *self)
{
  return self->damage;
}

gboolean
docket_store_begin_write (DocketStore  *self,
                          GError      **error)
{
  if (self->damage != NULL)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_DAMAGED,
                   "The database is damaged and docketd serves no writes: %s",
                   self->damage);
      return FALSE;
    }
  return docket_db_begin (db_of (self), error);
}

gboolean
docket_store_commit (DocketStore  *self,
                     GError      **error)
{
  return docket_db_commit (db_of (self), error);
}

void
docket_store_rollback (DocketStore *self)
{
  docket_db_rollback (db_of (self));
}

gboolean
docket_store_end (DocketStore  *self,
                  gboolean      ok,
                  GError      **error)
{
  if (ok && docket_store_commit (self, error))
    return TRUE;
  docket_store_rollback (self);
  return FALSE;
}

gboolean
docket_store_finish (DocketStore  *self,
                     gboolean      ok,
                     GError      **error,
                     const char   *format,
                     ...)
{
  va_list args;
  g_autofree char *what = NULL;

  if (docket_store_end (self, ok, error))
    return TRUE;
  if (error == NULL || *error == NULL || docket_error_names_record (*error))
    return FALSE;
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  docket_error_prefix_named (error, "%s: ", what);
  return FALSE;
}

GCancellable *
docket_store_claim (DocketStore  *self,
                    const char   *what,
                    GError      **error)
{
  if (self->job != NULL)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_BUSY,
                   "docketd is busy with %s: try %s again when it has finished", self->job, what);
      return NULL;
    }
  self->job = g_strdup (what);
  self->job_cancellable = g_cancellable_new ();
  return self->job_cancellable;
}

const char *
docket_store_get_job (DocketStore *self)
{
  return self->job;
}

void
docket_store_release (DocketStore *self)
{
  g_clear_pointer (&self->job, g_free);
  g_clear_object (&self->job_cancellable);
  g_signal_emit (self, signals[SIGNAL_JOB_ENDED], 0);
}

void
docket_store_stop_jobs (DocketStore *self)
{
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  /* The job's end is reported in the main context, which releases the
   * claim. */
  while (self->job != NULL)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
docket_store_start_writer (DocketStore  *self,
                           GError      **error)
{
  g_return_val_if_fail (self->writer == NULL, FALSE);
  self->writer_db = docket_db_open (self->path, error);
  if (self->writer_db == NULL)
    return FALSE;
  self->writer = docket_writer_new ();
  return TRUE;
}

void
docket_store_stop_writer (DocketStore *self)
{
  /* The queued writes are made on the writer's connection: @writer stays
   * set (db_of() reads it on the writer) until the thread has ended. */
  if (self->writer != NULL)
    docket_writer_free (self->writer);
  self->writer = NULL;
  g_clear_object (&self->writer_db);
}

void
docket_store_wait_writes (DocketStore *self)
{
  if (self->writer != NULL && !docket_writer_is_current (self->writer))
    docket_writer_wait_idle (self->writer);
}

gboolean
docket_store_in_writer (DocketStore *self)
{
  return docket_writer_is_current (self->writer);
}

gboolean
docket_store_has_writer (DocketStore *self)
{
  return self->writer != NULL;
}

void
docket_store_write (DocketStore      *self,
                    DocketWriterFunc  func,
                    gpointer          data,
                    GDestroyNotify    destroy)
{
  if (self->writer == NULL || docket_writer_is_current (self->writer))
    {
      func (data);
      if (destroy != NULL)
        destroy (data);
      return;
    }
  docket_writer_push (self->writer, func, data, destroy);
}

static void
run_task (gpointer data)
{
  GTask *task = data;
  GTaskThreadFunc func = g_object_get_data (G_OBJECT (task), "docket-writer-func");

  func (task, g_task_get_source_object (task), g_task_get_task_data (task), g_task_get_cancellable (task));
}

void
docket_store_write_task (DocketStore     *self,
                         GTask           *task,
                         GTaskThreadFunc  func)
{
  g_object_set_data (G_OBJECT (task), "docket-writer-func", func);
  docket_store_write (self, run_task, g_object_ref (task), g_object_unref);
}
