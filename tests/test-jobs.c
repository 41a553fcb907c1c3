/* Long jobs and shared state, through the real docketd and docketctl:
 *
 *  - an import, an audit run, a key rotation and a restore run one at a
 *    time: a rotation or a restore asked for while an import or an audit
 *    run is writing is refused with Busy, naming what runs;
 *  - SIGTERM during an import stops docketd cleanly (exit 0): the import
 *    is cancelled and rolled back, nothing of it is in the database after
 *    a restart, and the client is told;
 *  - SIGTERM during an audit run waits for the run to end: docketd exits
 *    0 and the database and its audit chain verify after a restart;
 *  - the scheduled audit run goes to a worker: docketd answers a read
 *    while it runs;
 *  - a write during an import waits its turn and is answered after it,
 *    while reads are answered at once. */
#include "config.h"

#include <signal.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "docket-test-helpers.h"

/* Enough rows that an import or an audit run lasts a while. */
#define N_DRIVERS 60000

typedef struct {
  DocketTestBed     bed;
  DocketTestDaemon *daemon;
  char             *csv;
} Fixture;

static const char conf_text[] =
  "[roles]\n"
  "officer=jsmith\n"
  "admin=keeper\n"
  "[policy]\n"
  "audit-every-days=0\n";

static void
start_daemon (Fixture *f)
{
  const char *args[] = { "--config", f->bed.conf, NULL };

  f->daemon = docket_test_daemon_start (f->bed.state, args);
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) csv = g_string_new ("licence,kind,name,status,expires\n");

  docket_test_bed_up (&f->bed, "jobs", conf_text);
  g_setenv ("DOCKET_TODAY", "2026-03-20", TRUE);
  for (guint i = 0; i < N_DRIVERS; i++)
    g_string_append_printf (csv, "PH-%06u,private-hire,Driver %u,active,2027-01-%02u\n", i, i, 1 + i % 28);
  f->csv = g_build_filename (f->bed.dir, "drivers.csv", NULL);
  g_assert_true (g_file_set_contents (f->csv, csv->str, (gssize) csv->len, NULL));
  start_daemon (f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  if (f->daemon != NULL)
    docket_test_daemon_stop (f->daemon);
  docket_test_bed_down (&f->bed);
  g_free (f->csv);
  g_unsetenv ("DOCKET_TODAY");
}

/* A number from the database file itself, read with SQLite. */
static gint64
count (Fixture *f, const char *sql)
{
  g_autofree char *path = g_build_filename (f->bed.state, "docket.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static gint64
wal_size (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->bed.state, "docket.db-wal", NULL);
  struct stat st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

/* Waits until the job docketd was just asked for is writing (its one
 * transaction grows the WAL past @before), so that it holds the store:
 * then a key rotation asked for is refused as busy, naming the job, and a
 * restore too. Nothing is probed before, so no probe can take the store
 * ahead of the job. */
static void
wait_until_busy_with (Fixture *f, gint64 before, const char *what)
{
  g_autofree char *probe = g_build_filename (f->bed.dir, "not-a-backup", NULL);
  g_autofree char *err = NULL;

  for (guint tries = 0; tries < 4000 && wal_size (f) < before + 256 * 1024; tries++)
    g_usleep (5000);
  g_assert_cmpint (wal_size (f), >=, before + 256 * 1024);

  g_assert_cmpint (docket_test_ctl (NULL, &err, "--as", "keeper", "key", "rotate", NULL), !=, 0);
  g_assert_nonnull (strstr (err, "busy"));
  g_assert_nonnull (strstr (err, what));
  g_assert_nonnull (strstr (err, "a key rotation"));
  g_assert_true (g_file_set_contents (probe, "not a backup", -1, NULL));
  g_assert_cmpint (docket_test_ctl (NULL, &err, "--as", "keeper", "restore", probe, NULL), !=, 0);
  g_assert_nonnull (strstr (err, "busy"));
  g_assert_nonnull (strstr (err, "a restore"));
}

static void
test_sigterm_import (Fixture *f, gconstpointer data)
{
  g_autoptr(GSubprocess) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *key_status = NULL;
  gint64 before;

  before = wal_size (f);
  import = docket_test_ctl_spawn ("jsmith", "import", "drivers", f->csv, NULL);
  wait_until_busy_with (f, before, "an import");

  /* docketd stops cleanly (docket_test_daemon_stop checks exit status 0)
   * and the client hears that its import did not happen. */
  docket_test_daemon_stop (f->daemon);
  f->daemon = NULL;
  g_subprocess_communicate_utf8 (import, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (import), !=, 0);

  /* Nothing half-written: not one of its rows, and the key never moved. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM drivers"), ==, 0);
  start_daemon (f);
  key_status = docket_test_ok ("keeper", "key", "status", NULL);
  g_assert_nonnull (strstr (key_status, "1"));
  g_free (docket_test_ok ("keeper", "audit", "verify", NULL));

  /* The same import runs to the end when left alone. */
  g_free (docket_test_ok ("jsmith", "import", "drivers", f->csv, NULL));
  g_assert_cmpint (count (f, "SELECT count(*) FROM drivers"), ==, N_DRIVERS);
}

static void
test_sigterm_audit (Fixture *f, gconstpointer data)
{
  g_autoptr(GSubprocess) run = NULL;
  g_autoptr(GError) error = NULL;
  gint64 runs_before, before;

  g_free (docket_test_ok ("jsmith", "import", "drivers", f->csv, NULL));
  runs_before = count (f, "SELECT count(*) FROM audit_runs");
  /* A clean stop leaves no WAL: the run's writes show as it grows. */
  docket_test_daemon_stop (f->daemon);
  start_daemon (f);
  before = wal_size (f);

  run = docket_test_ctl_spawn ("jsmith", "audit", "run", NULL);
  wait_until_busy_with (f, before, "an audit run");

  /* docketd waits for the run to end, then exits 0. */
  docket_test_daemon_stop (f->daemon);
  f->daemon = NULL;
  g_subprocess_wait (run, NULL, &error);
  g_assert_no_error (error);

  /* The run is there whole or not at all, and everything verifies. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_runs"), <=, runs_before + 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM drivers"), ==, N_DRIVERS);
  start_daemon (f);
  g_free (docket_test_ok ("keeper", "audit", "verify", NULL));
  g_free (docket_test_ok ("keeper", "key", "rotate", NULL));
}

/* A write that arrives while an import writes waits its turn and is
 * answered when the import has ended, after it (its audit entry comes
 * later in the chain); a read meanwhile is answered at once, while the
 * import still runs. Before, the write waited in SQLite's busy handler on
 * the main loop, with every read behind it, and failed after 5 s. */
static void
test_write_during_import (Fixture *f, gconstpointer data)
{
  g_autoptr(GSubprocess) import = NULL;
  g_autoptr(GSubprocess) write = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL, *out = NULL, *err = NULL;
  gint64 before;

  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", "HC-000001", "--kind", "hackney",
                          "--name", "Early Driver", NULL));
  before = wal_size (f);
  import = docket_test_ctl_spawn ("jsmith", "import", "drivers", f->csv, NULL);
  wait_until_busy_with (f, before, "an import");

  /* The write is sent now, and waits. */
  write = docket_test_ctl_spawn ("jsmith", "driver", "note", "add", "HC-000001", "--kind", "complaint",
                                 "--text", "Phoned about the renewal", NULL);
  /* A read is answered while the import still runs. */
  shown = docket_test_ok ("jsmith", "driver", "show", "HC-000001", NULL);
  g_assert_nonnull (strstr (shown, "Early Driver"));
  g_assert_cmpint (docket_test_ctl (NULL, &err, "--as", "keeper", "key", "rotate", NULL), !=, 0);
  g_assert_nonnull (strstr (err, "an import"));
  g_clear_pointer (&err, g_free);

  /* The write is answered, not refused, and lands after the import. */
  g_subprocess_communicate_utf8 (write, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (write), ==, 0);
  g_subprocess_wait (import, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (import), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM drivers"), ==, N_DRIVERS + 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM notes"), ==, 1);
  g_assert_cmpint (count (f, "SELECT min(seq) FROM audit_log WHERE action = 'note.add'"), >,
                   count (f, "SELECT max(seq) FROM audit_log WHERE action = 'driver.create'"));
  g_free (docket_test_ok ("keeper", "audit", "verify", NULL));
}

/* The scheduled audit run goes to a worker: while it writes, docketd still
 * answers a read, and the run still holds the store after it (a key
 * rotation asked for then is refused as busy with it). Driven through
 * Compliance.RunScheduler (compliance tick) with docketd's clock moved past
 * the run's due day. */
static void
test_scheduled_audit (void)
{
  Fixture fx = { 0 }, *f = &fx;
  g_autofree char *clock = NULL;
  g_autoptr(GSubprocess) tick = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL, *shown = NULL;
  g_autoptr(GString) csv = g_string_new ("licence,kind,name,status,expires\n");
  gint64 runs_before, before;

  docket_test_bed_up (&f->bed, "jobs-scheduled", "[roles]\nofficer=jsmith\nadmin=keeper\n"
                      "[policy]\naudit-every-days=30\n");
  clock = g_build_filename (f->bed.dir, "clock", NULL);
  g_assert_true (g_file_set_contents (clock, "2026-03-20", -1, NULL));
  g_setenv ("DOCKET_CLOCK_FILE", clock, TRUE);
  for (guint i = 0; i < N_DRIVERS; i++)
    g_string_append_printf (csv, "PH-%06u,private-hire,Driver %u,active,2027-01-%02u\n", i, i, 1 + i % 28);
  f->csv = g_build_filename (f->bed.dir, "drivers.csv", NULL);
  g_assert_true (g_file_set_contents (f->csv, csv->str, (gssize) csv->len, NULL));
  start_daemon (f);
  g_free (docket_test_ok ("jsmith", "import", "drivers", f->csv, NULL));
  /* A clean stop leaves no WAL; the first start after the import catches
   * up (training deadlines, the first audit run), the second has nothing
   * to write. */
  for (guint i = 0; i < 2; i++)
    {
      docket_test_daemon_stop (f->daemon);
      start_daemon (f);
    }
  runs_before = count (f, "SELECT count(*) FROM audit_runs");
  before = wal_size (f);

  /* Past the due day, the scheduler's run starts its audit on a worker. */
  g_assert_true (g_file_set_contents (clock, "2026-05-20", -1, NULL));
  tick = docket_test_ctl_spawn ("keeper", "compliance", "tick", NULL);
  wait_until_busy_with (f, before, "the scheduled audit run");
  shown = docket_test_ok ("jsmith", "driver", "show", "PH-000001", NULL);
  g_assert_nonnull (strstr (shown, "Driver 1"));
  g_assert_cmpint (docket_test_ctl (NULL, &err, "--as", "keeper", "key", "rotate", NULL), !=, 0);
  g_assert_nonnull (strstr (err, "the scheduled audit run"));

  /* The tick is answered when the run has ended, with the run. */
  g_subprocess_communicate_utf8 (tick, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (tick), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_runs"), ==, runs_before + 1);
  g_free (docket_test_ok ("keeper", "audit", "verify", NULL));

  docket_test_daemon_stop (f->daemon);
  docket_test_bed_down (&f->bed);
  g_free (f->csv);
  g_unsetenv ("DOCKET_CLOCK_FILE");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/jobs/sigterm-during-import", Fixture, NULL, setup, test_sigterm_import, teardown);
  g_test_add ("/jobs/sigterm-during-audit-run", Fixture, NULL, setup, test_sigterm_audit, teardown);
  g_test_add_func ("/jobs/scheduled-audit-beside-reads", test_scheduled_audit);
  g_test_add ("/jobs/write-during-import", Fixture, NULL, setup, test_write_during_import, teardown);
  return g_test_run ();
}
