/* The hash-chained audit log: append, list, verify. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-error.h"
#include "docket-names.h"

static void
append_field (GByteArray *buf, const char *s)
{
  guint32 len_be = GUINT32_TO_BE ((guint32) strlen (s));

  g_byte_array_append (buf, (const guint8 *) &len_be, 4);
  g_byte_array_append (buf, (const guint8 *) s, strlen (s));
}

/* The bytes an entry's hash covers, besides the previous hash. */
static GByteArray *
entry_bytes (gint64      seq,
             const char *time,
             const char *user,
             const char *action,
             const char *object,
             const char *summary)
{
  GByteArray *buf = g_byte_array_new ();
  guint64 seq_be = GUINT64_TO_BE ((guint64) seq);

  g_byte_array_append (buf, (const guint8 *) &seq_be, 8);
  append_field (buf, time);
  append_field (buf, user);
  append_field (buf, action);
  append_field (buf, object);
  append_field (buf, summary);
  return buf;
}

gboolean
docket_audit_store_append (DocketStore  *store,
                           const char   *user,
                           const char   *action,
                           const char   *object,
                           const char   *summary,
                           GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  guint8 prev[DOCKET_AUDIT_HASH_BYTES] = { 0 };
  guint8 hash[DOCKET_AUDIT_HASH_BYTES];
  g_autofree char *now = docket_store_now ();
  g_autoptr(GByteArray) bytes = NULL;
  gint64 seq = 1;
  int rc;

  {
    g_autoptr(DocketStmt) last = docket_db_prepare (db,
        "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", error);
    if (last == NULL)
      return FALSE;
    rc = sqlite3_step (last);
    if (rc == SQLITE_ROW)
      {
        seq = sqlite3_column_int64 (last, 0) + 1;
        if (sqlite3_column_bytes (last, 1) == DOCKET_AUDIT_HASH_BYTES)
          memcpy (prev, sqlite3_column_blob (last, 1), DOCKET_AUDIT_HASH_BYTES);
      }
    else if (rc != SQLITE_DONE)
      return docket_db_set_error (db, rc, "Reading the audit log", error);
  }

  bytes = entry_bytes (seq, now, user, action, object, summary);
  docket_crypto_audit_hash (docket_store_get_crypto (store), prev,
                            bytes->data, bytes->len, hash);

  {
    g_autoptr(DocketStmt) ins = docket_db_prepare (db,
        "INSERT INTO audit_log (seq, time, user, action, object, summary, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
    if (ins == NULL)
      return FALSE;
    sqlite3_bind_int64 (ins, 1, seq);
    sqlite3_bind_text (ins, 2, now, -1, SQLITE_STATIC);
    sqlite3_bind_text (ins, 3, user, -1, SQLITE_STATIC);
    sqlite3_bind_text (ins, 4, action, -1, SQLITE_STATIC);
    sqlite3_bind_text (ins, 5, object, -1, SQLITE_STATIC);
    sqlite3_bind_text (ins, 6, summary, -1, SQLITE_STATIC);
    sqlite3_bind_blob (ins, 7, hash, sizeof hash, SQLITE_STATIC);
    if (!docket_db_step_done (db, ins, error))
      {
        g_prefix_error (error, "Writing the audit log: ");
        return FALSE;
      }
  }
  return TRUE;
}

static const char *
column_text (sqlite3_stmt *stmt, int col)
{
  const char *s = (const char *) sqlite3_column_text (stmt, col);
  return s ? s : "";
}

GVariant *
docket_audit_store_list (DocketStore  *store,
                         GVariant     *query,
                         GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) out = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(DocketStmt) stmt = NULL;
  guint32 limit = DOCKET_PAGE_DEFAULT;
  gint64 before = G_MAXINT64;
  const char *user = NULL, *action = NULL, *object = NULL;
  GVariantIter iter;
  const char *key;
  GVariant *value_in;
  int rc;

  g_variant_iter_init (&iter, query);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value_in))
    {
      g_autoptr(GVariant) value = value_in;
      if (g_str_equal (key, "limit") && g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
        limit = g_variant_get_uint32 (value);
      else if (g_str_equal (key, "before") && g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
        before = g_variant_get_int64 (value);
      else if (g_str_equal (key, "user") && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        user = g_variant_get_string (value, NULL);
      else if (g_str_equal (key, "action") && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        action = g_variant_get_string (value, NULL);
      else if (g_str_equal (key, "object") && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        object = g_variant_get_string (value, NULL);
      else
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "Audit query: unknown key '%s' or wrong type %s (limit u, "
                       "before x, user s, action s, object s)",
                       key, g_variant_get_type_string (value));
          return NULL;
        }
    }
  if (limit == 0 || limit > DOCKET_PAGE_MAX)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Audit query: limit %u must be between 1 and %u", limit, DOCKET_PAGE_MAX);
      return NULL;
    }
  if (before < 1)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Audit query: before %" G_GINT64_FORMAT " is not a sequence number "
                   "(they start at 1)", before);
      return NULL;
    }

  /* user/action/object are bound as NULL when not given; the log is read
   * newest first through its primary key. */
  stmt = docket_db_prepare (db,
      "SELECT seq, time, user, action, object, summary, hex(hash) FROM audit_log "
      "WHERE seq < ?1 AND (?2 IS NULL OR user = ?2) AND (?3 IS NULL OR action = ?3) "
      "AND (?4 IS NULL OR object = ?4) ORDER BY seq DESC LIMIT ?5", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, before);
  if (user) sqlite3_bind_text (stmt, 2, user, -1, SQLITE_STATIC);
  if (action) sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  if (object) sqlite3_bind_text (stmt, 4, object, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) e = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&e, "{sv}", "seq", g_variant_new_int64 (sqlite3_column_int64 (stmt, 0)));
      g_variant_builder_add (&e, "{sv}", "time", g_variant_new_string (column_text (stmt, 1)));
      g_variant_builder_add (&e, "{sv}", "user", g_variant_new_string (column_text (stmt, 2)));
      g_variant_builder_add (&e, "{sv}", "action", g_variant_new_string (column_text (stmt, 3)));
      g_variant_builder_add (&e, "{sv}", "object", g_variant_new_string (column_text (stmt, 4)));
      g_variant_builder_add (&e, "{sv}", "summary", g_variant_new_string (column_text (stmt, 5)));
      {
        g_autofree char *hash = g_ascii_strdown (column_text (stmt, 6), -1);
        g_variant_builder_add (&e, "{sv}", "hash", g_variant_new_string (hash));
      }
      g_variant_builder_add_value (&out, g_variant_builder_end (&e));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading the audit log", error);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_builder_end (&out));
}

gboolean
docket_audit_store_verify (DocketStore  *store,
                           gint64       *first_broken,
                           char        **message,
                           gint64       *head_seq,
                           char        **head_hex,
                           GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  DocketCrypto *crypto = docket_store_get_crypto (store);
  guint8 prev[DOCKET_AUDIT_HASH_BYTES] = { 0 };
  gint64 expected = 1;
  gint64 last_seq = 0;
  g_autoptr(DocketStmt) stmt = NULL;
  int rc;

  *first_broken = 0;
  *message = NULL;

  /* Read in one transaction so a concurrent append cannot make a valid
   * log look broken. */
  if (!docket_db_exec (db, "BEGIN", error))
    return FALSE;
  stmt = docket_db_prepare (db,
      "SELECT seq, time, user, action, object, summary, hash FROM audit_log ORDER BY seq",
      error);
  if (stmt == NULL)
    {
      docket_db_exec (db, "ROLLBACK", NULL);
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      guint8 hash[DOCKET_AUDIT_HASH_BYTES];
      g_autoptr(GByteArray) bytes = NULL;
      const void *stored = sqlite3_column_blob (stmt, 6);
      int stored_len = sqlite3_column_bytes (stmt, 6);

      if (seq != expected)
        {
          *first_broken = expected;
          *message = g_strdup_printf ("entry %" G_GINT64_FORMAT " is missing "
                                      "(the next entry found is %" G_GINT64_FORMAT ")",
                                      expected, seq);
          break;
        }
      /* The hash covers each field up to its first NUL, and no entry is
       * ever written with one: a field with bytes after a NUL was
       * altered, though what is shown of it would not change. */
      for (int col = 1; col <= 5 && *first_broken == 0; col++)
        if ((gsize) sqlite3_column_bytes (stmt, col) != strlen (column_text (stmt, col)))
          {
            *first_broken = seq;
            *message = g_strdup_printf ("entry %" G_GINT64_FORMAT " has a field with a NUL "
                                        "byte in it: it was altered", seq);
          }
      if (*first_broken != 0)
        break;
      bytes = entry_bytes (seq, column_text (stmt, 1), column_text (stmt, 2),
                           column_text (stmt, 3), column_text (stmt, 4),
                           column_text (stmt, 5));
      docket_crypto_audit_hash (crypto, prev, bytes->data, bytes->len, hash);
      if (stored_len != DOCKET_AUDIT_HASH_BYTES || memcmp (stored, hash, sizeof hash) != 0)
        {
          *first_broken = seq;
          *message = g_strdup_printf ("entry %" G_GINT64_FORMAT " does not match its hash: "
                                      "it, or the entry before it, was altered", seq);
          break;
        }
      memcpy (prev, hash, sizeof hash);
      last_seq = seq;
      expected++;
    }
  if (*first_broken == 0 && rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading the audit log", error);
      docket_stmt_release (stmt);
      docket_db_exec (db, "ROLLBACK", NULL);
      return FALSE;
    }
  g_clear_pointer (&stmt, docket_stmt_release);

  /* The head is the last entry as stored, verified or not. */
  {
    g_autoptr(DocketStmt) head = docket_db_prepare (db,
        "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", error);
    if (head == NULL)
      {
        docket_db_exec (db, "ROLLBACK", NULL);
        return FALSE;
      }
    if (sqlite3_step (head) == SQLITE_ROW)
      {
        *head_seq = sqlite3_column_int64 (head, 0);
        *head_hex = g_malloc0 (sqlite3_column_bytes (head, 1) * 2 + 1);
        for (int i = 0; i < sqlite3_column_bytes (head, 1); i++)
          g_snprintf (*head_hex + 2 * i, 3, "%02x",
                      ((const guint8 *) sqlite3_column_blob (head, 1))[i]);
      }
    else
      {
        *head_seq = 0;
        *head_hex = g_strdup ("");
      }
  }
  docket_db_exec (db, "COMMIT", NULL);
  if (*message == NULL)
    *message = g_strdup_printf ("all %" G_GINT64_FORMAT " entries verify", last_seq);
  return TRUE;
}
