/* Key rotation, encrypted online backups and checked restores.
 *
 * A backup file is: "DOCKET-BACKUP-1\n" | secretstream header | messages,
 * each a 4-byte big-endian length and a crypto_secretstream_xchacha20-
 * poly1305 message: first the description (a serialised a{sv}), then the
 * SQLite file in chunks of 64 KiB, the last one tagged FINAL. The key is
 * a sub-key of the master key, so only a docketd holding the same key
 * can read a backup; a truncated, reordered or altered file fails. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "docket-audit-store.h"
#include "docket-error.h"
#include "docket-maintenance.h"

#define BATCH_ROWS     500
#define BACKUP_MAGIC   "DOCKET-BACKUP-1\n"
#define MAGIC_BYTES    16
#define CHUNK_BYTES    65536
#define KDF_BACKUP     "DktBckup"
#define MAX_MESSAGE    (CHUNK_BYTES + crypto_secretstream_xchacha20poly1305_ABYTES)

/* Every ciphertext column: its table, column, the row id and column name
 * its associated data names (docket_store_bind_encrypted's arguments). */
typedef struct {
  const char *table;
  const char *column;
  const char *id_expr;
  const char *aad_expr;   /* NULL: the column's own name */
} Sealed;

static const Sealed sealed[] = {
  { "drivers", "dob", "id", NULL },
  { "drivers", "address", "id", NULL },
  { "drivers", "phone", "id", NULL },
  { "drivers", "email", "id", NULL },
  { "drivers", "ni_number", "id", NULL },
  { "drivers", "dvla_number", "id", NULL },
  { "drivers", "dbs_certificate", "id", NULL },
  { "drivers", "dbs_disclosure", "id", NULL },
  { "convictions", "date", "id", NULL },
  { "convictions", "kind", "id", NULL },
  { "convictions", "offence", "id", NULL },
  { "convictions", "category", "id", NULL },
  { "convictions", "sentence", "id", NULL },
  { "convictions", "reported", "id", NULL },
  { "convictions", "time", "id", NULL },
  { "convictions", "reported_time", "id", NULL },
  { "notes", "text", "id", NULL },
  { "cases", "grounds", "id", NULL },
  { "cases", "report", "id", NULL },
  { "case_members", "interest", "case_id", "user" },
  { "case_members", "advice", "case_id", "'advice:' || user" },
  { "decisions", "reasons", "id", NULL },
  { "decisions", "alternatives", "id", NULL },
  { "decisions", "justification", "id", NULL },
  { "decisions", "correction", "id", NULL },
  { "dbs_checks", "result", "id", NULL },
  { "dbs_checks", "certificate", "id", NULL },
  { "flags", "reason", "id", NULL },
  { "nr3s_duties", "subject", "id", NULL },
  { "nr3s_duties", "details", "id", NULL },
  { "nr3s_searches", "authority", "id", NULL },
  { "nr3s_searches", "details", "id", NULL },
};

/* BLOB columns that hold no ciphertext. */
static const char * const not_sealed[] = {
  "drivers.ni_bidx", "drivers.dvla_bidx", "audit_log.hash", "meta.value",
  /* FTS5's own tables: the index of names and licence numbers */
  "drivers_fts_data.block", "drivers_fts_docsize.sz", NULL,
};

static gboolean
is_known_blob (const char *table, const char *column)
{
  g_autofree char *name = g_strdup_printf ("%s.%s", table, column);

  for (gsize i = 0; i < G_N_ELEMENTS (sealed); i++)
    if (g_str_equal (sealed[i].table, table) && g_str_equal (sealed[i].column, column))
      return TRUE;
  return g_strv_contains (not_sealed, name);
}

gboolean
docket_maintenance_check_columns (DocketStore  *store,
                                  GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT m.name, p.name FROM sqlite_schema AS m, pragma_table_info(m.name) AS p "
      "WHERE m.type = 'table' AND p.type = 'BLOB'", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *table = docket_col_text (stmt, 0), *column = docket_col_text (stmt, 1);

      if (!is_known_blob (table, column))
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED,
                       "The column %s.%s is not known to the key rotation: docketd "
                       "would leave it under the old key", table, column);
          return FALSE;
        }
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Listing the columns", error);
  return TRUE;
}

typedef struct {
  gint64  rowid;
  gint64  id;
  char   *aad_column;
  GBytes *blob;
} Pending;

static void
pending_clear (gpointer data)
{
  Pending *p = data;

  g_free (p->aad_column);
  g_bytes_unref (p->blob);
}

/* One batch of @c: up to BATCH_ROWS values not yet under @target, after
 * row *@last; re-encrypted and committed. Returns how many, or -1. */
static gint64
rotate_batch (DocketStore  *store,
              const Sealed *c,
              guint32       target,
              gint64       *last,
              GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  DocketCrypto *crypto = docket_store_get_crypto (store);
  guint32 target_be = GUINT32_TO_BE (target);
  g_autofree char *aad = c->aad_expr ? g_strdup (c->aad_expr) : g_strdup_printf ("'%s'", c->column);
  g_autofree char *select = g_strdup_printf (
      "SELECT rowid, %s, %s, %s FROM %s WHERE %s IS NOT NULL AND substr(%s, 2, 4) <> ?1 "
      "AND rowid > ?2 ORDER BY rowid LIMIT %d",
      c->id_expr, aad, c->column, c->table, c->column, c->column, BATCH_ROWS);
  g_autofree char *update = g_strdup_printf ("UPDATE %s SET %s = ?1 WHERE rowid = ?2",
                                             c->table, c->column);
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (Pending));
  int rc;

  g_array_set_clear_func (rows, pending_clear);
  if (!docket_store_begin_write (store, error))
    return -1;
  {
    g_autoptr(DocketStmt) stmt = docket_db_prepare (db, select, error);

    if (stmt == NULL)
      goto fail;
    sqlite3_bind_blob (stmt, 1, &target_be, 4, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, *last);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        Pending p = {
          .rowid = docket_col_int64 (stmt, 0),
          .id = docket_col_int64 (stmt, 1),
          .aad_column = g_strdup (docket_col_text (stmt, 2)),
          .blob = g_bytes_new (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3)),
        };
        g_array_append_val (rows, p);
      }
    if (rc != SQLITE_DONE)
      {
        docket_db_set_error (db, rc, "Reading values to re-encrypt", error);
        goto fail;
      }
  }

  for (guint i = 0; i < rows->len; i++)
    {
      Pending *p = &g_array_index (rows, Pending, i);
      g_autoptr(DocketStmt) stmt = docket_db_prepare (db, update, error);
      g_autoptr(GBytes) fresh = NULL;
      char *plain;
      gsize len;
      gconstpointer data = g_bytes_get_data (p->blob, &len);

      if (stmt == NULL)
        goto fail;
      plain = docket_crypto_decrypt (crypto, c->table, p->aad_column, p->id, data, len, NULL);
      if (plain == NULL)
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_TAMPERED,
                       "Key rotation stopped: %s.%s of row %" G_GINT64_FORMAT " failed "
                       "authentication (altered or moved); nothing of this batch was changed",
                       c->table, c->column, p->rowid);
          goto fail;
        }
      fresh = docket_crypto_encrypt (crypto, c->table, p->aad_column, p->id, plain);
      docket_secret_free (plain);
      data = g_bytes_get_data (fresh, &len);
      sqlite3_bind_blob (stmt, 1, data, (int) len, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, p->rowid);
      if (!docket_db_step_done (db, stmt, error))
        goto fail;
      *last = p->rowid;
    }
  if (!docket_store_commit (store, error))
    return -1;
  return rows->len;

fail:
  docket_store_rollback (store);
  return -1;
}

static gboolean
rekey_check_value (DocketStore  *store,
                   GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  DocketCrypto *crypto = docket_store_get_crypto (store);
  g_autoptr(GBytes) stored = docket_db_get_meta (db, DOCKET_META_KEY_CHECK, error);
  g_autoptr(GBytes) fresh = NULL;
  g_autoptr(DocketSecret) plain = NULL;

  if (stored == NULL)
    return error == NULL || *error == NULL;
  plain = docket_crypto_decrypt (crypto, "meta", DOCKET_META_KEY_CHECK, 0,
                                 g_bytes_get_data (stored, NULL), g_bytes_get_size (stored), error);
  if (plain == NULL)
    return FALSE;
  fresh = docket_crypto_encrypt (crypto, "meta", DOCKET_META_KEY_CHECK, 0, plain);
  return docket_db_set_meta (db, DOCKET_META_KEY_CHECK, fresh, error);
}

gboolean
docket_maintenance_rotate_key (DocketStore  *store,
                               const char   *user,
                               guint32      *version,
                               guint64      *values,
                               GError      **error)
{
  DocketCrypto *crypto = docket_store_get_crypto (store);
  g_autofree char *summary = NULL, *object = NULL;
  guint32 from, target;
  guint64 count = 0;

  if (!docket_maintenance_check_columns (store, error))
    return FALSE;

  from = docket_store_get_meta_uint (store, DOCKET_META_KEY_VERSION, error);
  if (error != NULL && *error != NULL)
    return FALSE;
  from = MAX (from, 1);
  target = docket_store_get_meta_uint (store, DOCKET_META_KEY_ROTATION, error);
  if (error != NULL && *error != NULL)
    return FALSE;

  if (target == 0)
    {
      /* Begin: from now on new values are written under the new version;
       * both can be read until every value has moved. */
      target = from + 1;
      object = g_strdup_printf ("key version %u", target);
      summary = g_strdup_printf ("began re-encrypting every value from key version %u to %u",
                                 from, target);
      if (!docket_store_begin_write (store, error))
        return FALSE;
      if (!docket_store_set_meta_uint (store, DOCKET_META_KEY_ROTATION, target, error) ||
          !docket_audit_store_append (store, user, "key.rotate", object, summary, error) ||
          !docket_store_commit (store, error))
        {
          docket_store_rollback (store);
          return FALSE;
        }
      g_clear_pointer (&summary, g_free);
    }
  else
    {
      object = g_strdup_printf ("key version %u", target);
      g_message ("Resuming the rotation from key version %u to %u", from, target);
    }
  docket_crypto_set_key_versions (crypto, from, target);

  for (gsize i = 0; i < G_N_ELEMENTS (sealed); i++)
    {
      gint64 last = 0, n;

      do
        {
          n = rotate_batch (store, &sealed[i], target, &last, error);
          if (n < 0)
            return FALSE;
          count += (guint64) n;
        }
      while (n > 0);
    }

  /* Done: the check value moves too, and only the new version is read. */
  summary = g_strdup_printf ("every value is now under key version %u (%" G_GUINT64_FORMAT
                             " re-encrypted in the last pass)", target, count);
  if (!docket_store_begin_write (store, error))
    return FALSE;
  if (!rekey_check_value (store, error) ||
      !docket_store_set_meta_uint (store, DOCKET_META_KEY_VERSION, target, error) ||
      !docket_store_set_meta_uint (store, DOCKET_META_KEY_ROTATION, 0, error) ||
      !docket_audit_store_append (store, user, "key.rotated", object, summary, error) ||
      !docket_store_commit (store, error))
    {
      docket_store_rollback (store);
      return FALSE;
    }
  docket_crypto_set_key_versions (crypto, target, target);
  g_message ("Key rotation done: %s", summary);
  *version = target;
  *values = count;
  return TRUE;
}

/* Backups */

static gboolean
write_all (int fd, const guint8 *data, gsize len, GError **error)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED,
                       "Cannot write the backup: %s", g_strerror (errno));
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Reads exactly @len bytes; FALSE at a clean end of file (*eof set) or an
 * error. */
static gboolean
read_all (int fd, guint8 *data, gsize len, gboolean *eof, GError **error)
{
  gsize got = 0;

  *eof = FALSE;
  while (got < len)
    {
      ssize_t n = read (fd, data + got, len - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED,
                       "Cannot read the backup: %s", g_strerror (errno));
          return FALSE;
        }
      if (n == 0)
        {
          *eof = got == 0;
          g_set_error_literal (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                               "The backup is truncated: it ends before its last part; "
                               "nothing was changed");
          return FALSE;
        }
      got += (gsize) n;
    }
  return TRUE;
}

static guint8 *
backup_key (DocketStore *store)
{
  guint8 *key = sodium_malloc (crypto_secretstream_xchacha20poly1305_KEYBYTES);

  docket_crypto_derive_key (docket_store_get_crypto (store), 1, KDF_BACKUP, key,
                            crypto_secretstream_xchacha20poly1305_KEYBYTES);
  return key;
}

static gboolean
push_message (int fd,
              crypto_secretstream_xchacha20poly1305_state *state,
              const guint8 *data, gsize len, guint8 tag,
              const guint8 *ad, gsize ad_len,
              GError **error)
{
  g_autofree guint8 *out = g_malloc (len + crypto_secretstream_xchacha20poly1305_ABYTES);
  unsigned long long out_len = 0;
  guint32 len_be;

  crypto_secretstream_xchacha20poly1305_push (state, out, &out_len, data, len, ad, ad_len, tag);
  len_be = GUINT32_TO_BE ((guint32) out_len);
  return write_all (fd, (const guint8 *) &len_be, 4, error) &&
         write_all (fd, out, (gsize) out_len, error);
}

static char *
temp_beside (DocketStore *store, const char *what, GError **error)
{
  g_autofree char *path = g_strdup_printf ("%s.%s-XXXXXX", docket_store_get_path (store), what);
  int fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED,
                   "Cannot make a temporary file beside the database: %s", g_strerror (errno));
      return NULL;
    }
  close (fd);
  return g_steal_pointer (&path);
}

static void
remove_temp (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

/* Copies the whole of @from's main database into @to's, in one step. */
static gboolean
copy_database (sqlite3 *to, sqlite3 *from, const char *what, GError **error)
{
  sqlite3_backup *b = sqlite3_backup_init (to, "main", from, "main");
  int rc;

  if (b == NULL)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED, "%s: %s", what, sqlite3_errmsg (to));
      return FALSE;
    }
  rc = sqlite3_backup_step (b, -1);
  sqlite3_backup_finish (b);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, DOCKET_ERROR,
                   (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ?
                     DOCKET_ERROR_BUSY : DOCKET_ERROR_FAILED,
                   "%s: %s", what, sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

static gboolean
audit_head (DocketDb *db, gint64 *seq, char **hash_hex, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", error);
  int rc;

  *seq = 0;
  *hash_hex = g_strdup ("");
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const guint8 *h = sqlite3_column_blob (stmt, 1);
      int n = sqlite3_column_bytes (stmt, 1);
      GString *s = g_string_new (NULL);

      for (int i = 0; i < n; i++)
        g_string_append_printf (s, "%02x", h[i]);
      *seq = docket_col_int64 (stmt, 0);
      g_free (*hash_hex);
      *hash_hex = g_string_free (s, FALSE);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading the audit head", error);
  return TRUE;
}

gboolean
docket_maintenance_backup (DocketStore  *store,
                           const char   *user,
                           int           fd,
                           GVariant    **summary,
                           GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *tmp = NULL, *created = docket_store_now (), *head_hex = NULL, *text = NULL;
  g_autoptr(GVariant) description = NULL;
  g_autofree guint8 *chunk = NULL;
  crypto_secretstream_xchacha20poly1305_state state;
  guint8 header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  guint8 *key = NULL;
  sqlite3 *copy = NULL;
  gint64 head = 0;
  guint64 total = 0;
  gboolean ok = FALSE;
  int in = -1;
  struct stat st;

  tmp = temp_beside (store, "backup", error);
  if (tmp == NULL)
    return FALSE;

  /* The copy is consistent: the backup API reads one snapshot. */
  if (sqlite3_open_v2 (tmp, &copy, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED, "Cannot open %s: %s", tmp,
                   sqlite3_errmsg (copy));
      goto out;
    }
  if (!audit_head (db, &head, &head_hex, error) ||
      !copy_database (copy, docket_db_get_handle (db), "Copying the database", error))
    goto out;
  /* A single file, with no WAL beside it. */
  sqlite3_exec (copy, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  sqlite3_close (copy);
  copy = NULL;

  in = open (tmp, O_RDONLY | O_CLOEXEC);
  if (in < 0 || fstat (in, &st) != 0)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED, "Cannot read %s: %s", tmp,
                   g_strerror (errno));
      goto out;
    }
  total = (guint64) st.st_size;

  {
    GVariantDict d;

    g_variant_dict_init (&d, NULL);
    g_variant_dict_insert (&d, "created", "s", created);
    g_variant_dict_insert (&d, "bytes", "t", total);
    g_variant_dict_insert (&d, "schema-version", "i", docket_db_get_version (db));
    g_variant_dict_insert (&d, "key-version", "u",
                           docket_crypto_get_key_version (docket_store_get_crypto (store)));
    g_variant_dict_insert (&d, "audit-head", "x", head);
    g_variant_dict_insert (&d, "audit-head-hash", "s", head_hex);
    description = g_variant_ref_sink (g_variant_dict_end (&d));
  }

  key = backup_key (store);
  crypto_secretstream_xchacha20poly1305_init_push (&state, header, key);
  if (!write_all (fd, (const guint8 *) BACKUP_MAGIC, MAGIC_BYTES, error) ||
      !write_all (fd, header, sizeof header, error) ||
      !push_message (fd, &state, g_variant_get_data (description), g_variant_get_size (description),
                     crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
                     (const guint8 *) BACKUP_MAGIC, MAGIC_BYTES, error))
    goto out;

  chunk = g_malloc (CHUNK_BYTES);
  for (guint64 done = 0;;)
    {
      gsize want = (gsize) MIN ((guint64) CHUNK_BYTES, total - done);
      gboolean eof, last;

      if (want > 0 && !read_all (in, chunk, want, &eof, error))
        goto out;
      done += want;
      last = done == total;
      if (!push_message (fd, &state, chunk, want,
                         last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                              : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
                         NULL, 0, error))
        goto out;
      if (last)
        break;
    }
  if (fsync (fd) != 0 && errno != EINVAL && errno != EROFS)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED, "Cannot flush the backup to disk: %s",
                   g_strerror (errno));
      goto out;
    }

  /* The backup itself goes in the log (after the copy, so not in it). */
  if (docket_store_get_damage (store) == NULL)
    {
      text = g_strdup_printf ("online backup, %" G_GUINT64_FORMAT " bytes, audit log to entry %"
                              G_GINT64_FORMAT, total, head);
      if (!docket_store_begin_write (store, error))
        goto out;
      if (!docket_audit_store_append (store, user, "database.backup", "database", text, error) ||
          !docket_store_commit (store, error))
        {
          docket_store_rollback (store);
          goto out;
        }
    }
  *summary = g_variant_ref (description);
  ok = TRUE;

out:
  if (key != NULL)
    sodium_free (key);
  if (copy != NULL)
    sqlite3_close (copy);
  if (in >= 0)
    close (in);
  if (chunk != NULL)
    sodium_memzero (chunk, CHUNK_BYTES);
  remove_temp (tmp);
  return ok;
}

/* Reads the next message of the stream into @out (at most MAX_MESSAGE). */
static gboolean
pull_message (int fd,
              crypto_secretstream_xchacha20poly1305_state *state,
              guint8 *cipher, guint8 *out, gsize *out_len, guint8 *tag,
              const guint8 *ad, gsize ad_len,
              GError **error)
{
  guint32 len_be, len;
  unsigned long long plain_len = 0;
  gboolean eof;

  if (!read_all (fd, (guint8 *) &len_be, 4, &eof, error))
    return FALSE;
  len = GUINT32_FROM_BE (len_be);
  if (len < crypto_secretstream_xchacha20poly1305_ABYTES || len > MAX_MESSAGE)
    {
      g_set_error_literal (error, DOCKET_ERROR, DOCKET_ERROR_TAMPERED,
                           "The backup is damaged (a part has an impossible length); "
                           "nothing was changed");
      return FALSE;
    }
  if (!read_all (fd, cipher, len, &eof, error))
    return FALSE;
  if (crypto_secretstream_xchacha20poly1305_pull (state, out, &plain_len, tag, cipher, len,
                                                  ad, ad_len) != 0)
    {
      g_set_error_literal (error, DOCKET_ERROR, DOCKET_ERROR_TAMPERED,
                           "The backup failed authentication: it was altered, or made with "
                           "another key; nothing was changed");
      return FALSE;
    }
  *out_len = (gsize) plain_len;
  return TRUE;
}

/* Decrypts the backup read from @fd into the file @tmp and returns its
 * description; any part that fails authentication, or anything after the
 * last part, is refused. */
static GVariant *
decrypt_backup (DocketStore *store, int fd, const char *tmp, GError **error)
{
  g_autofree guint8 *cipher = g_malloc (MAX_MESSAGE), *plain = g_malloc (MAX_MESSAGE);
  g_autoptr(GVariant) description = NULL;
  crypto_secretstream_xchacha20poly1305_state state;
  guint8 header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  guint8 magic[MAGIC_BYTES];
  guint8 *key = NULL, tag = 0;
  gsize len = 0;
  gboolean eof, ok = FALSE;
  int out = -1;

  if (!read_all (fd, magic, MAGIC_BYTES, &eof, error) ||
      memcmp (magic, BACKUP_MAGIC, MAGIC_BYTES) != 0)
    {
      g_clear_error (error);
      g_set_error_literal (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                           "This is not a Docket backup; nothing was changed");
      goto out;
    }
  key = backup_key (store);
  if (!read_all (fd, header, sizeof header, &eof, error))
    goto out;
  if (crypto_secretstream_xchacha20poly1305_init_pull (&state, header, key) != 0)
    {
      g_set_error_literal (error, DOCKET_ERROR, DOCKET_ERROR_TAMPERED,
                           "The backup's header is damaged; nothing was changed");
      goto out;
    }
  if (!pull_message (fd, &state, cipher, plain, &len, &tag, (const guint8 *) BACKUP_MAGIC,
                     MAGIC_BYTES, error))
    goto out;
  {
    g_autoptr(GBytes) bytes = g_bytes_new (plain, len);
    description = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_VARDICT, bytes, FALSE));
  }

  out = open (tmp, O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (out < 0)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED, "Cannot write %s: %s", tmp,
                   g_strerror (errno));
      goto out;
    }
  while (tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL)
    {
      if (!pull_message (fd, &state, cipher, plain, &len, &tag, NULL, 0, error) ||
          !write_all (out, plain, len, error))
        goto out;
    }
  /* Nothing may follow the final part. */
  if (read (fd, magic, 1) != 0)
    {
      g_set_error_literal (error, DOCKET_ERROR, DOCKET_ERROR_TAMPERED,
                           "The backup has data after its last part; nothing was changed");
      goto out;
    }
  ok = TRUE;

out:
  if (key != NULL)
    sodium_free (key);
  if (out >= 0)
    close (out);
  sodium_memzero (plain, MAX_MESSAGE);
  return ok ? g_steal_pointer (&description) : NULL;
}

/* Opens the decrypted copy and checks it as docketd would at start-up:
 * this key, migrations, integrity, foreign keys, and the whole audit
 * chain, whose last entry is @head. */
static DocketStore *
open_checked (const char *tmp, DocketCrypto *crypto, gint64 *head, GError **error)
{
  g_autoptr(DocketStore) copy = docket_store_open (tmp, crypto, error);
  g_autofree char *message = NULL, *head_hex = NULL;
  gint64 first_broken = 0;

  if (copy == NULL || !docket_store_check (copy, error))
    {
      g_prefix_error (error, "The backup cannot be used: ");
      return NULL;
    }
  if (!docket_audit_store_verify (copy, &first_broken, &message, head, &head_hex, error))
    return NULL;
  if (first_broken != 0)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_TAMPERED,
                   "The backup cannot be used: its audit log is broken at entry %"
                   G_GINT64_FORMAT ": %s; nothing was changed", first_broken, message);
      return NULL;
    }
  return g_steal_pointer (&copy);
}

gboolean
docket_maintenance_restore (DocketStore  *store,
                            const char   *user,
                            int           fd,
                            GVariant    **summary,
                            GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  DocketCrypto *crypto = docket_store_get_crypto (store);
  g_autofree char *tmp = NULL, *text = NULL;
  g_autoptr(GVariant) description = NULL;
  g_autoptr(DocketStore) copy = NULL;
  guint32 oldest = 0, current = docket_crypto_get_key_version (crypto);
  const char *created = "?";
  gint64 head = 0;
  gboolean ok = FALSE, replaced = FALSE;

  /* The versions this database reads, in case the check fails. */
  oldest = docket_store_get_meta_uint (store, DOCKET_META_KEY_VERSION, NULL);
  oldest = MAX (oldest, 1);
  oldest = MIN (oldest, current);

  tmp = temp_beside (store, "restore", error);
  if (tmp == NULL)
    return FALSE;
  description = decrypt_backup (store, fd, tmp, error);
  if (description == NULL)
    goto out;
  g_variant_lookup (description, "created", "&s", &created);
  copy = open_checked (tmp, crypto, &head, error);
  if (copy == NULL)
    goto out;

  /* Replace the live database's contents in one step. */
  if (!copy_database (docket_db_get_handle (db), docket_db_get_handle (docket_store_get_db (copy)),
                      "Restoring the database", error))
    goto out;
  replaced = TRUE;
  g_clear_object (&copy);

  if (!docket_store_load_key_versions (store, error))
    goto out;
  docket_store_check (store, NULL);
  text = g_strdup_printf ("restored the backup made %s (audit log to entry %" G_GINT64_FORMAT ")",
                          created, head);
  if (!docket_store_begin_write (store, error) ||
      !docket_store_end (store, docket_audit_store_append (store, user, "database.restore", "database",
                                                           text, error), error))
    goto out;
  g_message ("%s: %s", user, text);
  *summary = g_variant_ref (description);
  ok = TRUE;

out:
  g_clear_object (&copy);
  if (!ok && !replaced)
    docket_crypto_set_key_versions (crypto, oldest, current);
  remove_temp (tmp);
  return ok;
}
