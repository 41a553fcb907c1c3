/* Keys, backups and the canary, through the real docketd and docketctl:
 *
 *  - key rotation re-encrypts every ciphertext column (checked on the
 *    file: every stored value carries the new version), everything still
 *    reads, the audit log says so;
 *  - a rotation stopped half-way (a full disk, then kill -9) is finished
 *    by the next start-up; one killed at a random moment too;
 *  - an online backup is encrypted as a whole, restores exactly the state
 *    it was taken in, and a backup that is altered, truncated, extended,
 *    made with another key, not a backup at all, or whose audit chain is
 *    broken is refused with the database unchanged;
 *  - a canary NI number and note appear nowhere in clear: not in the
 *    database, its WAL, the backups or docketd's log. */
#include "config.h"

#include <sys/stat.h>
#include <glib/gstdio.h>

#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "docket-test-helpers.h"

#define CANARY_NI   "JT918273D"
#define CANARY_NOTE "Canary complaint 7f3a"

typedef struct {
  DocketTestBed     bed;
  DocketTestDaemon *daemon;
  guint             starts;
  GPtrArray        *logs;
} Fixture;

static const char conf_text[] =
  "[roles]\n"
  "officer=jsmith\n"
  "decision-maker=commissioner\n"
  "board-member=member1\n"
  "admin=keeper\n"
  "[policy]\n"
  "audit-every-days=0\n";

static void
start_daemon_in (Fixture *f, const char *state)
{
  const char *args[] = { "--config", f->bed.conf, NULL };
  char *log = g_strdup_printf ("%s/docketd-%u.log", f->bed.dir, f->starts++);

  g_ptr_array_add (f->logs, log);
  g_setenv ("DOCKET_TEST_DAEMON_LOG", log, TRUE);
  f->daemon = docket_test_daemon_start (state, args);
  g_unsetenv ("DOCKET_TEST_DAEMON_LOG");
}

static void
start_daemon (Fixture *f)
{
  start_daemon_in (f, f->bed.state);
}

static void
setup (Fixture *f, gconstpointer data)
{
  docket_test_bed_up (&f->bed, "keys", conf_text);
  f->logs = g_ptr_array_new_with_free_func (g_free);
  g_setenv ("DOCKET_TODAY", "2026-03-20", TRUE);
  start_daemon (f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  if (f->daemon != NULL)
    docket_test_daemon_stop (f->daemon);
  docket_test_bed_down (&f->bed);
  g_ptr_array_unref (f->logs);
  g_unsetenv ("DOCKET_TODAY");
}

/* A value in every kind of ciphertext column. */
static void
populate (void)
{
  g_autofree char *out = NULL;

  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", "K1", "--kind", "hackney", "--name",
                          "Kay Key", "--status", "active", "--dob", "1980-01-02", "--address",
                          "3 Canary Row", "--phone", "01632 960001", "--email", "kay@example.org",
                          "--ni-number", CANARY_NI, "--dvla-number", "KEYKA802030A99AB",
                          "--dbs-certificate", "001234567890", "--dbs-disclosure", "None", NULL));
  g_free (docket_test_ok ("jsmith", "driver", "conviction", "add", "K1", "--date", "2019-04-01",
                          "--offence", "Speeding", "--category", "motoring", "--sentence", "3 points",
                          "--reported", "2019-04-02", NULL));
  g_free (docket_test_ok ("jsmith", "driver", "note", "add", "K1", "--kind", "complaint",
                          "--text", CANARY_NOTE, NULL));
  g_free (docket_test_ok ("jsmith", "dbs", "record", "K1", "--date", "2025-06-01", "--kind", "enhanced",
                          "--result", "clear", "--barred-lists", "--certificate", "009876543210", NULL));
  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", "K2", "--kind", "hackney", "--name",
                          "Kit Key", "--status", "active", NULL));
  g_free (docket_test_ok ("jsmith", "audit", "run", NULL));
  g_free (docket_test_ok ("jsmith", "flags", "dismiss", "1", "--reason", "Checked by phone", NULL));
  docket_test_train ("commissioner", "member1", NULL);
  g_free (docket_test_ok ("jsmith", "hearing", "schedule", "--date", "2026-03-01", "--time", "10:00",
                          "--venue", "Town Hall", "--decision-maker", "commissioner", "--board", "member1",
                          "--capacity", "5", NULL));
  g_free (docket_test_ok ("jsmith", "hearing", "add-case", "1", "K1", "--kind", "review", "--grounds",
                          "Complaints from passengers", "--report", "The officer's report",
                          "--notified", "2026-02-01", NULL));
  g_free (docket_test_ok ("jsmith", "hearing", "presence", "1", "member1", NULL));
  g_free (docket_test_ok ("member1", "case", "declare", "1", "--member", "member1", "--interest",
                          "Knows the driver", NULL));
  g_free (docket_test_ok ("member1", "case", "advise", "1", "--advice", "Revoke", NULL));
  g_free (docket_test_ok ("jsmith", "case", "attend", "1", "--attendance", "attended", NULL));
  g_free (docket_test_ok ("commissioner", "case", "record", "1", "--outcome", "revoked", "--reasons",
                          "Violence against a passenger", "--alternatives", "A warning",
                          "--immediate", "--justification", "Risk to passengers", "--safeguarding", NULL));
  g_free (docket_test_ok ("commissioner", "case", "record", "1", "--outcome", "revoked", "--reasons",
                          "Violence against a passenger", "--immediate", "--justification",
                          "Risk to passengers", "--safeguarding", "--correction", "Typing error", NULL));
}

/* Columns of type BLOB that hold no ciphertext (as docket-maintenance.c). */
static const char * const not_sealed[] = {
  "drivers.ni_bidx", "drivers.dvla_bidx", "audit_log.hash", "meta.value",
  "drivers_fts_data.block", "drivers_fts_docsize.sz", NULL,
};

/* For every ciphertext column: how many values carry key version
 * @version and how many another; also the number of columns with values. */
static void
count_versions (const char *state, guint32 version, guint *at, guint *other, guint *columns)
{
  g_autofree char *path = g_build_filename (state, "docket.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *cols = NULL;

  *at = *other = *columns = 0;
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
      "SELECT m.name, p.name FROM sqlite_schema AS m, pragma_table_info(m.name) AS p "
      "WHERE m.type = 'table' AND p.type = 'BLOB'", -1, &cols, NULL), ==, SQLITE_OK);
  while (sqlite3_step (cols) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (cols, 0);
      const char *column = (const char *) sqlite3_column_text (cols, 1);
      g_autofree char *name = g_strdup_printf ("%s.%s", table, column);
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt = NULL;
      guint32 be = GUINT32_TO_BE (version);

      if (g_strv_contains (not_sealed, name))
        continue;
      sql = g_strdup_printf ("SELECT count(*) FILTER (WHERE substr(%s, 2, 4) = ?1), "
                             "count(*) FILTER (WHERE substr(%s, 2, 4) <> ?1) FROM %s WHERE %s IS NOT NULL",
                             column, column, table, column);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_blob (stmt, 1, &be, 4, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      *at += sqlite3_column_int (stmt, 0);
      *other += sqlite3_column_int (stmt, 1);
      if (sqlite3_column_int (stmt, 0) + sqlite3_column_int (stmt, 1) > 0)
        (*columns)++;
      sqlite3_finalize (stmt);
    }
  sqlite3_finalize (cols);
  sqlite3_close (db);
}

/* What a user would check: everything reads, the chain verifies. */
static void
assert_readable (void)
{
  g_autofree char *driver = docket_test_ok ("jsmith", "driver", "show", "K1", "--sensitive", NULL);
  g_autofree char *c = docket_test_ok ("jsmith", "hearing", "show", "1", NULL);
  g_autofree char *verify = docket_test_ok ("keeper", "audit", "verify", NULL);
  g_autofree char *flag = docket_test_ok ("jsmith", "flags", "show", "1", NULL);
  g_autofree char *compliance = docket_test_ok ("jsmith", "compliance", "show", "K1", "--sensitive", NULL);

  g_assert_nonnull (strstr (driver, CANARY_NI));
  g_assert_nonnull (strstr (driver, CANARY_NOTE));
  g_assert_nonnull (strstr (driver, "Speeding"));
  g_assert_nonnull (strstr (verify, "Audit log verifies"));
  g_assert_nonnull (strstr (flag, "Checked by phone"));
  g_assert_nonnull (strstr (compliance, "009876543210"));
}

static void
test_rotate (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL, *log = NULL;
  guint at, other, columns;

  populate ();
  count_versions (f->bed.state, 1, &at, &other, &columns);
  g_test_message ("%u values in %u ciphertext columns", at, columns);
  g_assert_cmpuint (other, ==, 0);
  /* Every ciphertext column of the schema holds a value. */
  g_assert_cmpuint (columns, ==, 26);

  out = docket_test_refused ("jsmith", "key", "rotate", NULL);
  g_assert_nonnull (strstr (out, "may not call Maintenance.RotateKey"));
  g_clear_pointer (&out, g_free);

  out = docket_test_ok ("keeper", "key", "rotate", NULL);
  g_assert_nonnull (strstr (out, "key version 2"));
  g_clear_pointer (&out, g_free);
  count_versions (f->bed.state, 2, &at, &other, &columns);
  g_assert_cmpuint (other, ==, 0);
  g_assert_cmpuint (columns, ==, 26);
  assert_readable ();
  out = docket_test_ok ("keeper", "key", "status", NULL);
  g_assert_cmpstr (out, ==, "Key version 2\n");
  g_clear_pointer (&out, g_free);
  log = docket_test_ok ("keeper", "audit", "log", "--action", "key.rotated", NULL);
  g_assert_nonnull (strstr (log, "every value is now under key version 2"));

  /* Across a restart, and a second rotation. */
  docket_test_daemon_stop (f->daemon);
  start_daemon (f);
  assert_readable ();
  g_free (docket_test_ok ("keeper", "key", "rotate", NULL));
  count_versions (f->bed.state, 3, &at, &other, &columns);
  g_assert_cmpuint (other, ==, 0);
  assert_readable ();
}

static void
import_many (Fixture *f, guint n)
{
  g_autoptr(GString) csv = g_string_new ("licence,kind,name,status,dob,address,ni-number\n");
  g_autofree char *path = g_build_filename (f->bed.dir, "many.csv", NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "M-%u,hackney,Max Many %u,active,1980-01-02,%u Many Road,JM%06uA\n",
                            i, i, i, i);
  g_assert_true (g_file_set_contents (path, csv->str, -1, NULL));
  g_free (docket_test_ok ("jsmith", "import", "drivers", path, NULL));
}

/* A number from the meta table of the file, 0 when unset. */
static guint
meta (Fixture *f, const char *key)
{
  g_autofree char *path = g_build_filename (f->bed.state, "docket.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT CAST(CAST(value AS TEXT) AS INTEGER) FROM meta WHERE key = ?",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = (guint) sqlite3_column_int (stmt, 0);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Stopped half-way by a full disk, then killed: the next start finishes. */
static void
test_rotate_resume (Fixture *f, gconstpointer data)
{
  g_autofree char *shim = g_test_build_filename (G_TEST_BUILT, "faultvfs.so", NULL);
  g_autofree char *control = g_build_filename (f->bed.dir, "fault", NULL);
  g_autofree char *out = NULL, *err = NULL, *log = NULL;
  guint at, other, columns, at_old;


  populate ();
  import_many (f, 2000);

  /* Restart over the fault VFS; the disk fills after 400 writes. */
  docket_test_daemon_stop (f->daemon);
  g_setenv ("LD_PRELOAD", shim, TRUE);
  g_setenv ("DOCKET_FAULT_CONTROL", control, TRUE);
  start_daemon (f);
  g_unsetenv ("LD_PRELOAD");
  g_assert_true (g_file_set_contents (control, "1 full 400\n", -1, NULL));
  g_assert_cmpint (docket_test_ctl (&out, &err, "--as", "keeper", "key", "rotate", NULL), ==, 1);
  g_test_message ("stopped: %s", err);
  g_assert_nonnull (strstr (err, "full"));
  g_assert_true (g_file_set_contents (control, "2 none 0\n", -1, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Half-way: some values moved, some not; both still read. */
  count_versions (f->bed.state, 2, &at, &other, &columns);
  g_test_message ("after the fault: %u values under version 2, %u under 1", at, other);
  g_assert_cmpuint (at, >, 0);
  g_assert_cmpuint (other, >, 0);
  out = docket_test_ok ("keeper", "key", "status", NULL);
  g_assert_nonnull (strstr (out, "a rotation to version 2 is unfinished"));
  g_clear_pointer (&out, g_free);
  assert_readable ();

  docket_test_daemon_kill (f->daemon);
  g_unsetenv ("DOCKET_FAULT_CONTROL");
  start_daemon (f);
  count_versions (f->bed.state, 2, &at, &other, &columns);
  g_assert_cmpuint (other, ==, 0);
  out = docket_test_ok ("keeper", "key", "status", NULL);
  g_assert_cmpstr (out, ==, "Key version 2\n");
  assert_readable ();
  log = docket_test_ok ("keeper", "audit", "log", "--action", "key.rotated", NULL);
  g_assert_nonnull (strstr (log, "system"));

  /* A real kill -9 at a random moment of the next rotation. */
  {
    g_autoptr(GSubprocess) rotation = NULL;
    g_autoptr(GError) error = NULL;
    const char *argv[] = { g_getenv ("DOCKETCTL"), "--session-bus", "--as", "keeper", "key", "rotate", NULL };

    rotation = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                  &error);
    g_assert_no_error (error);
    /* Once the rotation has begun, a random moment of it. */
    guint waited = 0;

    while (waited < 5000 && meta (f, "key-rotation") == 0 && meta (f, "key-version") != 3)
      {
        g_usleep (1000);
        waited++;
      }
    g_test_message ("the rotation began after %u ms", waited);
    g_usleep (g_test_rand_int_range (0, 60) * 1000);
    docket_test_daemon_kill (f->daemon);
    g_subprocess_wait (rotation, NULL, NULL);
    count_versions (f->bed.state, 3, &at, &other, &columns);
    count_versions (f->bed.state, 2, &at_old, &other, &columns);
    g_test_message ("killed with %u values under version 3 and %u under 2", at, at_old);
    start_daemon (f);
    g_free (out);
    out = docket_test_ok ("keeper", "key", "status", NULL);
    g_assert_cmpstr (out, ==, "Key version 3\n");
    count_versions (f->bed.state, 3, &at, &other, &columns);
    g_assert_cmpuint (other, ==, 0);
    assert_readable ();
  }
}

static void
flip_byte (const char *path, gsize offset)
{
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (offset, <, len);
  data[offset] ^= 0x01;
  g_assert_true (g_file_set_contents (path, data, len, NULL));
}

static void
refused_unchanged (Fixture *f, const char *file, const char *expected)
{
  g_autofree char *before = docket_test_fingerprint (f->bed.state);
  g_autofree char *err = docket_test_refused ("keeper", "restore", file, NULL);
  g_autofree char *after = docket_test_fingerprint (f->bed.state);

  if (strstr (err, expected) == NULL)
    g_error ("restore %s: expected «%s», got «%s»", file, expected, err);
  g_assert_cmpstr (after, ==, before);
}

static void
test_backup (Fixture *f, gconstpointer unused)
{
  g_autofree char *backup = g_build_filename (f->bed.dir, "one.backup", NULL);
  g_autofree char *bad = g_build_filename (f->bed.dir, "bad.backup", NULL);
  g_autofree char *other = g_build_filename (f->bed.dir, "other.backup", NULL);
  g_autofree char *broken = g_build_filename (f->bed.dir, "broken.backup", NULL);
  g_autofree char *other_state = g_build_filename (f->bed.dir, "other-state", NULL);
  g_autofree char *out = NULL, *err = NULL, *data = NULL, *at_backup = NULL, *log = NULL;
  gsize len;

  populate ();
  out = docket_test_refused ("jsmith", "backup", backup, NULL);
  g_assert_nonnull (strstr (out, "may not call Maintenance.Backup"));
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);

  /* The state the backup will hold (after a restart's catch-up, which
   * resolves the flags of the licence just revoked). */
  docket_test_daemon_stop (f->daemon);
  start_daemon (f);
  docket_test_daemon_stop (f->daemon);
  at_backup = docket_test_fingerprint (f->bed.state);
  start_daemon (f);

  out = docket_test_ok ("keeper", "backup", backup, NULL);
  g_assert_nonnull (strstr (out, "Backed up to"));
  g_clear_pointer (&out, g_free);
  /* Encrypted as a whole: not even the names show. */
  g_assert_false (docket_test_file_contains (backup, "Kay Key"));
  g_assert_false (docket_test_file_contains (backup, "SQLite format"));
  /* Never overwrites. */
  out = docket_test_refused ("keeper", "backup", backup, NULL);
  g_assert_nonnull (strstr (out, "File exists"));
  g_clear_pointer (&out, g_free);

  /* Later changes... */
  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", "K3", "--kind", "hackney", "--name",
                          "Kim Later", NULL));

  /* ...and bad backups, each refused with nothing changed. */
  g_assert_true (g_file_get_contents (backup, &data, &len, NULL));
  g_assert_true (g_file_set_contents (bad, data, len / 2, NULL));
  refused_unchanged (f, bad, "truncated");
  g_assert_true (g_file_set_contents (bad, data, len - 1, NULL));
  refused_unchanged (f, bad, "truncated");
  for (gsize offset = 16; offset < len; offset += len / 7)
    {
      g_assert_true (g_file_set_contents (bad, data, len, NULL));
      flip_byte (bad, offset);
      refused_unchanged (f, bad, "The backup");
    }
  {
    g_autoptr(GString) s = g_string_new_len (data, len);
    g_string_append (s, "more");
    g_assert_true (g_file_set_contents (bad, s->str, s->len, NULL));
    refused_unchanged (f, bad, "data after its last part");
  }
  g_assert_true (g_file_set_contents (bad, "licence,kind,name\n", -1, NULL));
  refused_unchanged (f, bad, "not a Docket backup");

  /* A backup made by another docketd, with another key. */
  docket_test_daemon_stop (f->daemon);
  start_daemon_in (f, other_state);
  g_free (docket_test_ok (NULL, "backup", other, NULL));
  docket_test_daemon_stop (f->daemon);
  start_daemon (f);
  refused_unchanged (f, other, "failed authentication");

  /* A backup whose audit chain was edited before it was taken. */
  docket_test_daemon_stop (f->daemon);
  {
    g_autofree char *path = g_build_filename (f->bed.state, "docket.db", NULL);
    g_autofree char *saved = NULL;
    g_autofree char *copy = g_build_filename (f->bed.dir, "saved.db", NULL);
    sqlite3 *db = NULL;

    g_assert_true (g_file_get_contents (path, &saved, &len, NULL));
    g_assert_true (g_file_set_contents (copy, saved, len, NULL));
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE audit_log SET summary = 'nothing' WHERE seq = 5",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    start_daemon (f);
    g_free (docket_test_ok ("keeper", "backup", broken, NULL));
    docket_test_daemon_stop (f->daemon);
    g_assert_true (g_file_set_contents (path, saved, len, NULL));
    start_daemon (f);
  }
  refused_unchanged (f, broken, "audit log is broken at entry 5");

  /* The good backup restores exactly what it held. */
  out = docket_test_ok ("keeper", "restore", backup, NULL);
  g_assert_nonnull (strstr (out, "Restored"));
  g_clear_pointer (&out, g_free);
  err = docket_test_refused ("jsmith", "driver", "show", "K3", NULL);
  g_assert_nonnull (strstr (err, "no such driver"));
  assert_readable ();
  log = docket_test_ok ("keeper", "audit", "log", "--action", "database.restore", NULL);
  g_assert_nonnull (strstr (log, "restored the backup made"));
  docket_test_daemon_stop (f->daemon);
  {
    /* Everything as at the backup, plus the restore's own entries. */
    g_autofree char *now = docket_test_fingerprint (f->bed.state);
    g_autofree char *audit_at = g_strndup (at_backup, strstr (at_backup, "[audit_runs]") - at_backup);
    g_autofree char *rest_at = g_strdup (strstr (at_backup, "[audit_runs]"));
    g_assert_true (g_str_has_prefix (now, audit_at));
    g_assert_true (g_str_has_suffix (now, rest_at));
  }
  start_daemon (f);
}


/* A log cut short at its end still verifies as a chain; a head kept
 * outside the database (audit verify --save-head) shows the cut. */
static void
test_audit_head (Fixture *f, gconstpointer data)
{
  g_autofree char *head = g_build_filename (f->bed.dir, "head", NULL);
  g_autofree char *text = NULL, *out = NULL, *err = NULL;
  g_autofree char *path = g_build_filename (f->bed.state, "docket.db", NULL);
  sqlite3 *db = NULL;
  gint64 kept;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *licence = g_strdup_printf ("H%u", i);
      g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", licence, "--kind", "hackney",
                              "--name", "Hal Head", NULL));
    }
  g_free (docket_test_ok ("keeper", "audit", "verify", "--save-head", head, NULL));
  g_assert_true (g_file_get_contents (head, &text, NULL, NULL));
  kept = g_ascii_strtoll (text, NULL, 10);
  g_assert_cmpint (kept, >, 5);
  g_assert_true (g_regex_match_simple ("^[0-9]+:[0-9a-f]{64}\n$", text, 0, 0));

  /* Later entries: the kept head is still there. */
  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", "H9", "--kind", "hackney",
                          "--name", "Hal Later", NULL));
  out = docket_test_ok ("keeper", "audit", "verify", "--head-file", head, NULL);
  g_assert_nonnull (strstr (out, "Audit log verifies"));
  g_clear_pointer (&out, g_free);

  /* Bad heads are usage errors, not verdicts. */
  err = docket_test_refused ("keeper", "audit", "verify", "--head", "12:abc", NULL);
  g_assert_nonnull (strstr (err, "is not SEQ:HASH"));
  g_clear_pointer (&err, g_free);

  /* Cut the log back to before the kept head, as someone with the file
   * could: the chain alone still verifies. */
  docket_test_daemon_stop (f->daemon);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  {
    g_autofree char *sql = g_strdup_printf ("DELETE FROM audit_log WHERE seq >= %" G_GINT64_FORMAT, kept - 1);
    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  }
  sqlite3_close (db);
  start_daemon (f);
  out = docket_test_ok ("keeper", "audit", "verify", NULL);
  g_assert_nonnull (strstr (out, "Audit log verifies"));
  err = docket_test_refused ("keeper", "audit", "verify", "--head-file", head, NULL);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "the audit log was truncated: it ends at entry"));
  g_clear_pointer (&err, g_free);

  /* Entries appended since do not hide it: entry KEPT now exists with
   * another hash. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *licence = g_strdup_printf ("J%u", i);
      g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", licence, "--kind", "hackney",
                              "--name", "Jo After", NULL));
    }
  err = docket_test_refused ("keeper", "audit", "verify", "--head-file", head, NULL);
  g_assert_nonnull (strstr (err, "the audit log was rewritten"));
}

static gboolean
dir_contains (const char *dir, const char *needle, char **where)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (dir_contains (path, needle, where))
            return TRUE;
        }
      else if (docket_test_file_contains (path, needle))
        {
          *where = g_steal_pointer (&path);
          return TRUE;
        }
    }
  return FALSE;
}

/* The canary, through all of the above, is never written in clear. */
static void
test_canary (Fixture *f, gconstpointer data)
{
  g_autofree char *backup = g_build_filename (f->bed.dir, "canary.backup", NULL);
  g_autofree char *where = NULL;
  g_autofree char *wal = g_build_filename (f->bed.state, "docket.db-wal", NULL);

  populate ();
  g_free (docket_test_ok ("keeper", "key", "rotate", NULL));
  g_free (docket_test_ok ("keeper", "backup", backup, NULL));
  g_free (docket_test_ok ("keeper", "restore", backup, NULL));
  assert_readable ();
  /* While docketd runs, the WAL holds the latest pages. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  docket_test_daemon_kill (f->daemon);
  f->daemon = NULL;

  for (guint i = 0; i < f->logs->len; i++)
    g_assert_true (g_file_test (g_ptr_array_index (f->logs, i), G_FILE_TEST_EXISTS));
  /* The log is there and says things (G_MESSAGES_DEBUG=all)... */
  g_assert_true (docket_test_file_contains (g_ptr_array_index (f->logs, 0), "Serving"));
  /* ...but nowhere under the test's directory, state, WAL, backup and
   * logs included, is the canary in clear. */
  if (dir_contains (f->bed.dir, CANARY_NI, &where))
    g_error ("the canary NI number is in clear in %s", where);
  if (dir_contains (f->bed.dir, CANARY_NOTE, &where))
    g_error ("the canary note is in clear in %s", where);
  start_daemon (f);
}

/* Runs the daily backup script as the timer would, as the admin; returns
 * its exit status. */
static int
run_backup_script (const char *dir, const char *keep, char **err)
{
  g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Run by sh: the build tree's copy is installed executable, not made so. */
  const char *argv[] = { "sh", g_getenv ("DOCKET_BACKUP_SCRIPT"), NULL };
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_setenv (l, "DOCKETCTL", g_getenv ("DOCKETCTL"), TRUE);
  g_subprocess_launcher_setenv (l, "DOCKET_BUS", "session", TRUE);
  g_subprocess_launcher_setenv (l, "DOCKET_AS", "keeper", TRUE);
  g_subprocess_launcher_setenv (l, "DOCKET_BACKUP_DIR", dir, TRUE);
  g_subprocess_launcher_setenv (l, "DOCKET_BACKUP_KEEP", keep, TRUE);
  p = g_subprocess_launcher_spawnv (l, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (p, NULL, NULL, NULL, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (p);
}

static guint
count_files (const char *dir, const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    n += g_str_has_suffix (name, suffix);
  return n;
}

/* The daily backup (data/docket-backup, run by docket-backup.timer): a
 * backup and the audit head beside it each run, the newest kept, and a
 * bad setting refused with nothing written. */
static void
test_backup_script (Fixture *f, gconstpointer unused)
{
  g_autofree char *dir = g_build_filename (f->bed.dir, "backups", NULL);
  g_autofree char *err = NULL, *newest = NULL, *head_arg = NULL;
  g_autoptr(GDir) d = NULL;
  const char *name;
  struct stat st;

  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", "PH-1", "--kind", "dual", "--name", "A", NULL));
  g_assert_cmpint (run_backup_script (dir, "none", &err), ==, 2);
  g_assert_nonnull (strstr (err, "DOCKET_BACKUP_KEEP must be a number"));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  for (guint i = 0; i < 3; i++)
    {
      if (i > 0)
        g_usleep (1100000);   /* the names carry the second */
      g_assert_cmpint (run_backup_script (dir, "2", &err), ==, 0);
      g_clear_pointer (&err, g_free);
    }
  g_assert_cmpuint (count_files (dir, ".backup"), ==, 2);
  g_assert_cmpuint (count_files (dir, ".head"), ==, 2);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* The newest head verifies against the log as it is now. */
  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".head") && (newest == NULL || strcmp (name, newest) > 0))
      {
        g_free (newest);
        newest = g_strdup (name);
      }
  head_arg = g_build_filename (dir, newest, NULL);
  g_free (docket_test_ok ("keeper", "audit", "verify", "--head-file", head_arg, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/keys/rotate", Fixture, NULL, setup, test_rotate, teardown);
  g_test_add ("/keys/rotate-resume", Fixture, NULL, setup, test_rotate_resume, teardown);
  g_test_add ("/keys/backup-restore", Fixture, NULL, setup, test_backup, teardown);
  g_test_add ("/keys/canary", Fixture, NULL, setup, test_canary, teardown);
  g_test_add ("/keys/audit-head", Fixture, NULL, setup, test_audit_head, teardown);
  g_test_add ("/keys/backup-script", Fixture, NULL, setup, test_backup_script, teardown);
  return g_test_run ();
}
