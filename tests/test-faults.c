/* Fault injection: docketd runs with tests/faultvfs.c preloaded, an SQLite
 * VFS that makes the Nth write or fsync fail, or the disk full from the
 * Nth write on. For each kind of fault, each operation is run with N = 1,
 * 2, 3, ... until it passes without the fault firing, so every write and
 * fsync along the whole operation fails once. After each:
 *
 *  - a failed operation got an error (docketctl exits 1 with a message)
 *    and every table is byte-for-byte as before;
 *  - a successful one is on disk with its audit entry;
 *  - docketd is alive and answers;
 *  - after a failed fsync docketd is killed with SIGKILL and started
 *    again on the file as left, which must still be as before (a commit
 *    reported as failed must not come back from the WAL).
 *
 * At the end, a restart verifies the audit chain and the integrity checks
 * (docketd runs them at start-up) and finds the same data.
 *
 * With a slow disk (every fsync 3 s longer), a read is answered while a
 * write commits: the writer thread makes writes, the main loop reads. */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "docket-test-helpers.h"

typedef struct {
  DocketTestBed     bed;
  char             *control;
  char             *fired;
  char             *csv;
  DocketTestDaemon *daemon;
  long              generation;
  guint             failures;
  guint             restarts;
} Fixture;

static const char conf_text[] =
  "[roles]\n"
  "officer=jsmith\n"
  "decision-maker=commissioner\n"
  "board-member=member1\n"
  "[policy]\n"
  "audit-every-days=0\n";

static void
start_daemon (Fixture *f)
{
  const char *args[] = { "--config", f->bed.conf, NULL };
  g_autofree char *shim = g_test_build_filename (G_TEST_BUILT, "faultvfs.so", NULL);

  g_assert_true (g_file_test (shim, G_FILE_TEST_EXISTS));
  g_setenv ("LD_PRELOAD", shim, TRUE);
  g_setenv ("DOCKET_FAULT_CONTROL", f->control, TRUE);
  f->daemon = docket_test_daemon_start (f->bed.state, args);
  g_unsetenv ("LD_PRELOAD");
}

static void
arm (Fixture *f, const char *mode, guint n)
{
  g_autofree char *line = g_strdup_printf ("%ld %s %u\n", ++f->generation, mode, n);

  g_assert_true (g_file_set_contents (f->control, line, -1, NULL));
}

static void
disarm (Fixture *f)
{
  g_autofree char *line = g_strdup_printf ("%ld none 0\n", ++f->generation);

  g_assert_true (g_file_set_contents (f->control, line, -1, NULL));
}

static gboolean
fired (Fixture *f)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (f->fired, &text, NULL, NULL))
    return FALSE;
  return g_ascii_strtoll (text, NULL, 10) == f->generation;
}

static void
setup (Fixture *f, gconstpointer data)
{
  docket_test_bed_up (&f->bed, "faults", conf_text);
  f->control = g_build_filename (f->bed.dir, "fault", NULL);
  f->fired = g_build_filename (f->bed.dir, "fault.fired", NULL);
  f->csv = g_build_filename (f->bed.dir, "drivers.csv", NULL);
  g_setenv ("DOCKET_TODAY", "2016-03-20", TRUE);
  start_daemon (f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  docket_test_daemon_stop (f->daemon);
  docket_test_bed_down (&f->bed);
  g_free (f->control);
  g_free (f->fired);
  g_free (f->csv);
  g_unsetenv ("DOCKET_TODAY");
  g_unsetenv ("DOCKET_FAULT_CONTROL");
}

/* One operation, run with a fresh subject for each attempt @k: returns
 * docketctl's exit status and its stderr. */
typedef int (*Operation) (Fixture *f, const char *mode, guint k, char **err);
/* After success: the operation's effect, as a user would check it. */
typedef void (*Check) (Fixture *f, const char *mode, guint k);

/* Licence numbers are kept in capitals. */
static char * G_GNUC_PRINTF (1, 2)
licence_printf (const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list ap;

  va_start (ap, format);
  text = g_strdup_vprintf (format, ap);
  va_end (ap);
  return g_ascii_strup (text, -1);
}

/* docketctl as @as; its exit status, and its stderr in @err. */
static int
ctl_as (char **err, const char *as, ...)
{
  g_autofree char *out = NULL;
  va_list ap;
  int rc;

  va_start (ap, as);
  rc = docket_test_ctl_as_valist (&out, err, as, ap);
  va_end (ap);
  return rc;
}

static int
op_create (Fixture *f, const char *mode, guint k, char **err)
{
  g_autofree char *licence = licence_printf ("F-%s-%u", mode, k);

  return ctl_as (err, "jsmith", "driver", "add", "--licence", licence, "--kind", "hackney",
              "--name", "Faye Fault", "--ni-number", "JK123456A", "--dob", "1980-01-02",
              "--address", "1 Fault Lane, Town", NULL);
}

static void
check_create (Fixture *f, const char *mode, guint k)
{
  g_autofree char *licence = licence_printf ("F-%s-%u", mode, k);
  g_autofree char *out = docket_test_ok ("jsmith", "driver", "show", licence, "--sensitive", NULL);

  g_assert_nonnull (strstr (out, "JK123456A"));
}

static int
op_note (Fixture *f, const char *mode, guint k, char **err)
{
  g_autofree char *text = g_strdup_printf ("Complaint %s %u", mode, k);

  return ctl_as (err, "jsmith", "driver", "note", "add", "BASE-1", "--kind", "complaint",
              "--text", text, NULL);
}

static void
check_note (Fixture *f, const char *mode, guint k)
{
  g_autofree char *text = g_strdup_printf ("Complaint %s %u", mode, k);
  g_autofree char *out = docket_test_ok ("jsmith", "driver", "show", "BASE-1", "--sensitive", NULL);

  g_assert_nonnull (strstr (out, text));
}

/* The case for mode @mode, listed at the hearing in setup_hearing. */
static char *
case_for (Fixture *f, const char *mode)
{
  g_autofree char *key = g_strdup_printf ("case-%s", mode);
  g_autofree char *path = g_build_filename (f->bed.dir, key, NULL);
  char *id = NULL;

  g_assert_true (g_file_get_contents (path, &id, NULL, NULL));
  return id;
}

static int
op_decide (Fixture *f, const char *mode, guint k, char **err)
{
  g_autofree char *c = case_for (f, mode);

  return ctl_as (err, "commissioner", "case", "record", c, "--outcome", "revoked",
              "--reasons", "Violence against a passenger", "--immediate",
              "--justification", "Risk to passengers", "--safeguarding", NULL);
}

static void
check_decide (Fixture *f, const char *mode, guint k)
{
  g_autofree char *licence = licence_printf ("C-%s", mode);
  g_autofree char *out = docket_test_ok ("jsmith", "driver", "show", licence, NULL);

  g_assert_nonnull (strstr (out, "revoked"));
}

static int
op_import (Fixture *f, const char *mode, guint k, char **err)
{
  g_autoptr(GString) csv = g_string_new ("licence,kind,name,status,expires,ni-number\n");

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (csv, "I-%c-%u-%u,hackney,Ivy Import %u,active,2027-01-01,JM%06uA\n",
                            g_ascii_toupper (mode[0]), k, i, i, i);
  g_assert_true (g_file_set_contents (f->csv, csv->str, -1, NULL));
  return ctl_as (err, "jsmith", "import", "drivers", f->csv, NULL);
}

static void
check_import (Fixture *f, const char *mode, guint k)
{
  g_autofree char *licence = g_strdup_printf ("I-%c-%u-39", g_ascii_toupper (mode[0]), k);
  g_autofree char *out = docket_test_ok ("jsmith", "driver", "show", licence, "--sensitive", NULL);

  g_assert_nonnull (strstr (out, "JM000039A"));
}

static const char * const modes[] = { "write", "sync", "full", NULL };

static void
prepare (Fixture *f)
{
  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", "BASE-1", "--kind", "hackney",
                          "--name", "Bea Base", "--status", "active", NULL));
  /* One case per kind of fault, at a hearing that has happened. */
  docket_test_train ("commissioner", NULL);
  g_free (docket_test_ok ("jsmith", "hearing", "schedule", "--date", "2016-03-01", "--time", "10:00",
                      "--venue", "Town Hall", "--decision-maker", "commissioner", "--capacity", "5", NULL));
  for (guint m = 0; modes[m]; m++)
    {
      g_autofree char *licence = licence_printf ("C-%s", modes[m]);
      g_autofree char *key = g_strdup_printf ("case-%s", modes[m]);
      g_autofree char *path = g_build_filename (f->bed.dir, key, NULL);
      g_autofree char *out = NULL, *id = NULL;
      const char *digits;

      g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", licence, "--kind", "hackney",
                              "--name", "Cal Case", "--status", "active", NULL));
      /* Hearings are numbered from 1 in a new database. */
      out = docket_test_ok ("jsmith", "hearing", "add-case", "1", licence, "--kind", "review",
                            "--grounds", "Complaints from passengers", "--notified", "2016-02-01", NULL);
      digits = strpbrk (out, "0123456789");
      g_assert_nonnull (digits);
      id = g_strndup (digits, strspn (digits, "0123456789"));
      g_assert_true (g_file_set_contents (path, id, -1, NULL));
      g_free (docket_test_ok ("jsmith", "case", "attend", id, "--attendance", "attended", NULL));
    }
}

static void
assert_alive (void)
{
  g_autofree char *out = docket_test_ok ("jsmith", "user", "whoami", NULL);

  g_assert_nonnull (strstr (out, "jsmith"));
}

/* Every fault along @op, in every mode. */
static void
sweep (Fixture *f, const char *name, Operation op, Check check)
{
  for (guint m = 0; modes[m]; m++)
    {
      const char *mode = modes[m];
      guint n;

      for (n = 1; n < 500; n++)
        {
          g_autofree char *before = docket_test_fingerprint (f->bed.state);
          g_autofree char *err = NULL;
          int status;
          gboolean did_fire;

          arm (f, mode, n);
          status = op (f, mode, n, &err);
          did_fire = fired (f);
          disarm (f);

          if (status == 0)
            {
              /* Success: the change is there (a fault may have hit a
               * checkpoint after the commit, which is harmless). */
              check (f, mode, n);
              assert_alive ();
              if (!did_fire)
                break;
              continue;
            }

          /* Failure: an error naming the cause, nothing changed. */
          g_test_message ("%s, %s %u: %s", name, mode, n, err);
          g_assert_true (did_fire);
          g_assert_cmpint (status, ==, 1);
          g_assert_true (g_str_has_prefix (err, "docketctl: "));
          {
            g_autofree char *after = docket_test_fingerprint (f->bed.state);
            g_assert_cmpstr (after, ==, before);
          }
          f->failures++;
          assert_alive ();

          if (g_str_equal (mode, "sync"))
            {
              /* A crash right after a failed fsync: the commit reported
               * as failed must not come back from the WAL. */
              g_autofree char *after = NULL;

              docket_test_daemon_kill (f->daemon);
              start_daemon (f);
              f->restarts++;
              after = docket_test_fingerprint (f->bed.state);
              g_assert_cmpstr (after, ==, before);
            }
        }
      g_assert_cmpuint (n, <, 500);
      g_test_message ("%s, %s: %u faults along the operation", name, mode, n - 1);
    }
}

static void
test_faults (Fixture *f, gconstpointer data)
{
  g_autofree char *before = NULL, *after = NULL, *out = NULL;

  prepare (f);
  sweep (f, "driver add", op_create, check_create);
  sweep (f, "note add", op_note, check_note);
  sweep (f, "case record", op_decide, check_decide);
  sweep (f, "import", op_import, check_import);
  g_test_message ("%u failed operations, %u restarts after a failed fsync", f->failures, f->restarts);
  g_assert_cmpuint (f->failures, >, 0);

  /* A clean restart finds the same data, and the chain verifies. */
  docket_test_daemon_stop (f->daemon);
  before = docket_test_fingerprint (f->bed.state);
  start_daemon (f);
  after = docket_test_fingerprint (f->bed.state);
  g_assert_cmpstr (after, ==, before);
  out = docket_test_ok (NULL, "audit", "verify", NULL);
  g_assert_nonnull (strstr (out, "Audit log verifies"));
  assert_alive ();
}

/* A write on a slow disk (each fsync 3 s) and a read made meanwhile: the
 * read is answered first, while the write is still committing, and the
 * write is then answered and on disk. Before the writer thread, the read
 * waited on the main loop for the whole commit. */
static void
test_read_beside_slow_write (Fixture *f, gconstpointer data)
{
  g_autoptr(GSubprocess) write = NULL;
  g_autofree char *out = NULL, *err = NULL, *wout = NULL;
  g_autoptr(GError) error = NULL;

  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", "PH-SLOW", "--kind", "hackney", "--name",
                          "Sam Slow", NULL));
  arm (f, "slow", 3000);
  write = docket_test_ctl_spawn ("jsmith", "driver", "note", "add", "PH-SLOW", "--kind", "complaint",
                                 "--text", "Refused a short fare", NULL);
  /* The write has reached its commit once the slow fsync has begun. */
  for (guint i = 0; i < 200 && !fired (f); i++)
    g_usleep (50000);
  g_assert_true (fired (f));
  g_assert_cmpint (ctl_as (&err, "jsmith", "driver", "show", "PH-SLOW", NULL), ==, 0);
  /* ...while the write is still committing (GLib reaps it as it ends). */
  g_assert_nonnull (g_subprocess_get_identifier (write));
  disarm (f);
  g_assert_true (g_subprocess_communicate_utf8 (write, NULL, NULL, &wout, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (write));
  g_assert_cmpint (g_subprocess_get_exit_status (write), ==, 0);
  out = docket_test_ok ("jsmith", "driver", "show", "PH-SLOW", "--sensitive", NULL);
  g_assert_nonnull (strstr (out, "Refused a short fare"));
}

/* Writes are made in the order they came, and each is checked again when
 * the writer makes it: a write that came while the revocation of its
 * caller's role was committing (on a slow disk) is refused once the
 * revocation is made, not made with the role the caller no longer holds. */
static void
test_revoke_then_write (Fixture *f, gconstpointer data)
{
  g_autoptr(GSubprocess) revoke = NULL, add = NULL;
  g_autofree char *rout = NULL, *aout = NULL, *aerr = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;

  g_free (docket_test_ok (NULL, "user", "grant", "nobody", "officer", NULL));
  g_free (docket_test_ok ("nobody", "driver", "add", "--licence", "PH-NB1", "--kind", "hackney", "--name",
                          "Nia Before", NULL));
  arm (f, "slow", 3000);
  revoke = docket_test_ctl_spawn (NULL, "user", "revoke", "nobody", "officer", NULL);
  for (guint i = 0; i < 200 && !fired (f); i++)
    g_usleep (50000);
  g_assert_true (fired (f));
  /* Checked as it comes (the role is still held), queued behind the
   * revocation, refused when made. */
  add = docket_test_ctl_spawn ("nobody", "driver", "add", "--licence", "PH-NB2", "--kind", "hackney", "--name",
                               "Nia After", NULL);
  g_usleep (500000);
  disarm (f);
  g_assert_true (g_subprocess_communicate_utf8 (revoke, NULL, NULL, &rout, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (revoke), ==, 0);
  g_assert_true (g_subprocess_communicate_utf8 (add, NULL, NULL, &aout, &aerr, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (add), ==, 1);
  g_assert_nonnull (strstr (aerr, "may not call Drivers.Create"));
  g_assert_cmpint (ctl_as (&err, "jsmith", "driver", "show", "PH-NB2", NULL), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/faults/every-write-and-fsync", Fixture, NULL, setup, test_faults, teardown);
  g_test_add ("/faults/read-beside-slow-write", Fixture, NULL, setup, test_read_beside_slow_write, teardown);
  g_test_add ("/faults/revoke-then-write", Fixture, NULL, setup, test_revoke_then_write, teardown);
  return g_test_run ();
}
