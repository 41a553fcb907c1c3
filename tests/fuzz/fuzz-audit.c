/* Fuzz target: audit verification. A log of 8 genuine entries is made
 * once; each input is read as edits to its rows — a field set to given
 * bytes, an entry deleted, two entries swapped, an entry added — applied
 * to the file, then the log is verified and put back. The oracle: the
 * log verifies exactly when its rows are a prefix of the genuine ones
 * (a truncated tail is only found against a kept head), and otherwise
 * the first broken entry is the first row that differs. */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "docket-audit-store.h"
#include "docket-error.h"
#include "docket-fuzz.h"
#include "docket-store.h"

#define ENTRIES 8

static const char * const fields[] = { "time", "user", "action", "object", "summary", "hash" };

static DocketStore *store;
static DocketCrypto *crypto;
static char *log_dir;

static void
remove_log (void)
{
  g_autofree char *db = g_build_filename (log_dir, "docket.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  g_clear_object (&store);
  g_remove (db);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (log_dir);
}

static void
make_log (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint8 key[32];

  log_dir = g_dir_make_tmp ("docket-fuzz-audit-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (remove_log);
  path = g_build_filename (log_dir, "docket.db", NULL);
  memset (key, 9, sizeof key);
  crypto = docket_crypto_new_from_key (key, 1, &error);
  g_assert_no_error (error);
  store = docket_store_open (path, crypto, &error);
  g_assert_no_error (error);
  sqlite3_exec (docket_db_get_handle (docket_store_get_db (store)), "PRAGMA synchronous = OFF",
                NULL, NULL, NULL);
  for (int i = 1; i <= ENTRIES; i++)
    {
      g_autofree char *object = g_strdup_printf ("PH-%d", i);
      g_assert_true (docket_store_begin_write (store, &error));
      g_assert_true (docket_audit_store_append (store, i % 2 ? "jsmith" : "system", "driver.create",
                                                object, "hackney licence, status active", &error));
      g_assert_true (docket_store_commit (store, &error));
    }
  g_assert_cmpint (sqlite3_exec (docket_db_get_handle (docket_store_get_db (store)),
                                 "CREATE TABLE genuine AS SELECT * FROM audit_log", NULL, NULL, NULL),
                   ==, SQLITE_OK);
}

static void
run (sqlite3 *db, const char *sql, int n, ...)
{
  sqlite3_stmt *stmt = NULL;
  va_list ap;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  va_start (ap, n);
  for (int i = 1; i <= n; i++)
    sqlite3_bind_int64 (stmt, i, va_arg (ap, gint64));
  va_end (ap);
  /* An edit may be refused (a duplicate seq): that is an edit not made. */
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

/* The first row (1-based position) that differs from the genuine log,
 * or 0 when the rows are a prefix of it. */
static gint64
expected_break (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gint64 position = 0, result = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
      "SELECT a.seq, g.seq IS NOT NULL AND a.time IS g.time AND a.user IS g.user "
      "AND a.action IS g.action AND a.object IS g.object AND a.summary IS g.summary "
      "AND a.hash IS g.hash FROM audit_log AS a LEFT JOIN genuine AS g ON g.seq = a.seq "
      "ORDER BY a.seq", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      position++;
      if (sqlite3_column_int64 (stmt, 0) != position || !sqlite3_column_int (stmt, 1))
        {
          result = position;
          break;
        }
    }
  sqlite3_finalize (stmt);
  return result;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL, *head = NULL;
  gint64 broken = -1, head_seq = 0, expected;
  sqlite3 *db;
  size_t i = 0;

  if (store == NULL)
    make_log ();
  db = docket_db_get_handle (docket_store_get_db (store));

  while (i + 2 < size)
    {
      guint8 op = data[i] % 4;
      gint64 seq = data[i + 1] % (ENTRIES + 2);
      guint8 arg = data[i + 2];

      i += 3;
      if (op == 0)
        {
          /* A field set to the next (arg % 16) bytes of input. */
          const char *field = fields[arg % G_N_ELEMENTS (fields)];
          size_t n = MIN ((size_t) (arg / 16), size - i);
          g_autofree char *sql = g_strdup_printf ("UPDATE audit_log SET %s = ?2 WHERE seq = ?1", field);
          sqlite3_stmt *stmt = NULL;

          g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
          sqlite3_bind_int64 (stmt, 1, seq);
          if (g_str_equal (field, "hash"))
            sqlite3_bind_blob (stmt, 2, data + i, (int) n, SQLITE_TRANSIENT);
          else
            sqlite3_bind_text (stmt, 2, (const char *) data + i, (int) n, SQLITE_TRANSIENT);
          sqlite3_step (stmt);
          sqlite3_finalize (stmt);
          i += n;
        }
      else if (op == 1)
        run (db, "DELETE FROM audit_log WHERE seq = ?1", 1, seq);
      else if (op == 2)
        {
          gint64 other = arg % (ENTRIES + 2);
          run (db, "UPDATE audit_log SET seq = -1 WHERE seq = ?1", 1, seq);
          run (db, "UPDATE audit_log SET seq = ?1 WHERE seq = ?2", 2, seq, other);
          run (db, "UPDATE audit_log SET seq = ?1 WHERE seq = -1", 1, other);
        }
      else
        run (db, "INSERT INTO audit_log SELECT ?1, time, user, action, object, summary, hash "
                 "FROM genuine WHERE seq = ?2", 2, seq + ENTRIES, (gint64) (arg % ENTRIES) + 1);
    }

  expected = expected_break (db);
  g_assert_true (docket_audit_store_verify (store, &broken, &message, &head_seq, &head, &error));
  g_assert_no_error (error);
  if (broken != expected)
    g_error ("verify says %" G_GINT64_FORMAT " (%s), the log differs first at %" G_GINT64_FORMAT,
             broken, message ? message : "", expected);

  /* Back to the genuine log for the next input. */
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit_log; INSERT INTO audit_log SELECT * FROM genuine",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  return 0;
}
