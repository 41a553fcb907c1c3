/* Helpers for tests: temporary directories, the real docketd on the test
 * bus, docketctl runs. */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include <signal.h>
#include <sys/prctl.h>

#include <string.h>

#include <glib/gstdio.h>

#include "docket-names.h"
#include "docket-test-helpers.h"

char *
docket_test_make_dir (const char *prefix)
{
  g_autofree char *tmpl = g_strdup_printf ("docket-%s-XXXXXX", prefix);
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

void
docket_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;
  dir = g_dir_open (path, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        docket_test_remove_dir (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static const char *
binary (const char *var)
{
  const char *path = g_getenv (var);

  if (path == NULL)
    g_error ("$%s must name the built binary", var);
  return path;
}

/* A child dies with the test: a failed assertion must not leave a daemon
 * holding the test's output open until the harness times out. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocessLauncher *
make_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  g_subprocess_launcher_unsetenv (launcher, "STATE_DIRECTORY");
  g_subprocess_launcher_unsetenv (launcher, "CREDENTIALS_DIRECTORY");
  g_subprocess_launcher_unsetenv (launcher, "CONFIGURATION_DIRECTORY");
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-criticals", TRUE);
  g_subprocess_launcher_setenv (launcher, "DOCKET_BUS", "session", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  return launcher;
}

static GPtrArray *
daemon_argv (const char *state_dir, const char * const *extra_args)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  const char *wrapper = g_getenv ("DOCKET_DAEMON_WRAPPER");

  /* make check-valgrind runs docketd under valgrind this way. */
  if (wrapper != NULL && *wrapper != '\0')
    {
      g_auto(GStrv) words = g_strsplit (wrapper, " ", -1);
      for (guint i = 0; words[i]; i++)
        if (*words[i])
          g_ptr_array_add (argv, g_strdup (words[i]));
    }
  g_ptr_array_add (argv, g_strdup (binary ("DOCKETD")));
  g_ptr_array_add (argv, g_strdup ("--session-bus"));
  g_ptr_array_add (argv, g_strdup ("--state-directory"));
  g_ptr_array_add (argv, g_strdup (state_dir));
  for (guint i = 0; extra_args && extra_args[i]; i++)
    g_ptr_array_add (argv, g_strdup (extra_args[i]));
  g_ptr_array_add (argv, NULL);
  return argv;
}

static void
on_name_appeared (GDBusConnection *c, const char *name, const char *owner, gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
on_name_vanished (GDBusConnection *c, const char *name, gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* The wait may end long after start-up returned, so its flag is shared
 * by reference rather than living on the stack. */
static void
on_exited (GObject *source, GAsyncResult *result, gpointer data)
{
  gboolean *exited = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *exited = TRUE;
  g_rc_box_release (exited);
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
docket_test_bed_up (DocketTestBed *bed, const char *prefix, const char *conf_text)
{
  bed->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bed->bus);
  bed->dir = docket_test_make_dir (prefix);
  bed->state = g_build_filename (bed->dir, "state", NULL);
  bed->conf = g_build_filename (bed->dir, "docketd.conf", NULL);
  if (conf_text != NULL)
    g_assert_true (g_file_set_contents (bed->conf, conf_text, -1, NULL));
}

void
docket_test_bed_down (DocketTestBed *bed)
{
  g_test_dbus_down (bed->bus);
  g_clear_object (&bed->bus);
  docket_test_remove_dir (bed->dir);
  g_clear_pointer (&bed->dir, g_free);
  g_clear_pointer (&bed->state, g_free);
  g_clear_pointer (&bed->conf, g_free);
}

DocketTestDaemon *
docket_test_daemon_start (const char         *state_dir,
                          const char * const *extra_args)
{
  g_autoptr(GSubprocessLauncher) launcher = make_launcher (G_SUBPROCESS_FLAGS_NONE);
  const char *log = g_getenv ("DOCKET_TEST_DAEMON_LOG");
  g_autoptr(GPtrArray) argv = daemon_argv (state_dir, extra_args);
  g_autoptr(GError) error = NULL;
  DocketTestDaemon *d = g_new0 (DocketTestDaemon, 1);
  gboolean appeared = FALSE, timed_out = FALSE;
  gboolean *exited = g_rc_box_new0 (gboolean);
  guint watch, timeout;

  /* Watch before spawning so the appearance cannot be missed; a name that
   * is owned already (a daemon still stopping) is waited out. */
  watch = g_bus_watch_name (G_BUS_TYPE_SESSION, DOCKET_DBUS_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                            on_name_appeared, NULL, &appeared, NULL);
  d->state_dir = g_strdup (state_dir);
  /* Under make check-asan a preloaded library (tests/faultvfs.c) comes
   * before ASan's runtime, which ASan refuses unless told. */
  if (g_getenv ("LD_PRELOAD") != NULL && g_getenv ("ASAN_OPTIONS") != NULL)
    {
      g_autofree char *opts = g_strdup_printf ("%s:verify_asan_link_order=0", g_getenv ("ASAN_OPTIONS"));
      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", opts, TRUE);
    }
  /* Tests that read docketd's log (for a canary, say) name a file. */
  if (log != NULL && *log != '\0')
    {
      /* GLib writes debug messages to stdout, the rest to stderr. */
      g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDERR_MERGE);
      g_subprocess_launcher_set_stdout_file_path (launcher, log);
      /* A log to read should say everything docketd says. */
      g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
    }
  d->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (d->process, NULL, on_exited, g_rc_box_acquire (exited));
  timeout = g_timeout_add_seconds (60, on_timeout, &timed_out);

  while (!appeared && !*exited && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_bus_unwatch_name (watch);
  if (!timed_out)
    g_source_remove (timeout);
  if (*exited)
    {
      if (g_subprocess_get_if_signaled (d->process))
        g_error ("docketd was killed by signal %d during start-up",
                 g_subprocess_get_term_sig (d->process));
      g_error ("docketd exited during start-up with status %d",
               g_subprocess_get_exit_status (d->process));
    }
  if (timed_out)
    g_error ("docketd did not appear on the bus within 60 s");
  g_rc_box_release (exited);
  return d;
}

void
docket_test_daemon_kill (DocketTestDaemon *d)
{
  gboolean vanished = FALSE;
  guint watch;

  watch = g_bus_watch_name (G_BUS_TYPE_SESSION, DOCKET_DBUS_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                            NULL, on_name_vanished, &vanished, NULL);
  g_subprocess_send_signal (d->process, SIGKILL);
  g_subprocess_wait (d->process, NULL, NULL);
  g_assert_true (g_subprocess_get_if_signaled (d->process));
  while (!vanished)
    g_main_context_iteration (NULL, TRUE);
  g_bus_unwatch_name (watch);
  g_object_unref (d->process);
  g_free (d->state_dir);
  g_free (d);
}

void
docket_test_daemon_stop (DocketTestDaemon *d)
{
  g_autoptr(GError) error = NULL;
  gboolean vanished = FALSE;
  guint watch;

  if (d == NULL)
    return;
  watch = g_bus_watch_name (G_BUS_TYPE_SESSION, DOCKET_DBUS_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                            NULL, on_name_vanished, &vanished, NULL);
  g_subprocess_send_signal (d->process, SIGTERM);
  g_subprocess_wait (d->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (d->process));
  g_assert_cmpint (g_subprocess_get_exit_status (d->process), ==, 0);
  /* The bus may report the name's loss after the process ended. */
  while (!vanished)
    g_main_context_iteration (NULL, TRUE);
  g_bus_unwatch_name (watch);
  g_object_unref (d->process);
  g_free (d->state_dir);
  g_free (d);
}

int
docket_test_daemon_run (const char         *state_dir,
                        const char * const *extra_args,
                        char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher = make_launcher (G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                                           G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GPtrArray) argv = daemon_argv (state_dir, extra_args);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
}

int
docket_test_ctlv (char              **out,
                  char              **err,
                  const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = make_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                           G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *o = NULL, *e = NULL;

  g_ptr_array_add (argv, (gpointer) binary ("DOCKETCTL"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &o, &e, &error);
  g_assert_no_error (error);
  if (g_test_verbose ())
    g_printerr ("docketctl %s ...: %s%s", args[0], o ? o : "", e ? e : "");
  if (out)
    {
      g_free (*out);
      *out = g_steal_pointer (&o);
    }
  if (err)
    {
      g_free (*err);
      *err = g_steal_pointer (&e);
    }
  return g_subprocess_get_exit_status (proc);
}

int
docket_test_ctl (char       **out,
                 char       **err,
                 const char  *first_arg,
                 ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return docket_test_ctlv (out, err, (const char * const *) args->pdata);
}

gboolean
docket_test_file_contains (const char *path,
                           const char *needle)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return FALSE;
  return memmem (data, len, needle, strlen (needle)) != NULL;
}

GVariant *
docket_test_record (const char *first_key,
                    ...)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  va_list ap;

  va_start (ap, first_key);
  for (const char *k = first_key; k; k = va_arg (ap, const char *))
    g_variant_builder_add (&b, "{sv}", k, g_variant_new_string (va_arg (ap, const char *)));
  va_end (ap);
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

GSubprocess *
docket_test_ctl_spawn (const char *as, ...)
{
  g_autoptr(GSubprocessLauncher) launcher = make_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                           G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;
  const char *a;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) binary ("DOCKETCTL"));
  if (as != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--as");
      g_ptr_array_add (argv, (gpointer) as);
    }
  va_start (ap, as);
  while ((a = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return proc;
}

int
docket_test_ctl_as_valist (char **out, char **err, const char *as, va_list ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *a;

  if (as != NULL)
    {
      g_ptr_array_add (args, (gpointer) "--as");
      g_ptr_array_add (args, (gpointer) as);
    }
  while ((a = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) a);
  g_ptr_array_add (args, NULL);
  return docket_test_ctlv (out, err, (const char * const *) args->pdata);
}

char *
docket_test_ok (const char *as, ...)
{
  char *out = NULL;
  g_autofree char *err = NULL;
  va_list ap;
  int rc;

  va_start (ap, as);
  rc = docket_test_ctl_as_valist (&out, &err, as, ap);
  va_end (ap);
  if (rc != 0)
    g_error ("docketctl failed (%d): %s", rc, err);
  return out;
}

void
docket_test_train (const char *first_user, ...)
{
  va_list ap;

  va_start (ap, first_user);
  for (const char *user = first_user; user != NULL; user = va_arg (ap, const char *))
    g_free (docket_test_ok ("jsmith", "user", "train", user, "--completed", "2000-01-01", "--course",
                            "Licensing hearings: induction", NULL));
  va_end (ap);
}

char *
docket_test_ok_warned (const char *as, ...)
{
  g_autofree char *out = NULL;
  char *err = NULL;
  va_list ap;
  int rc;

  va_start (ap, as);
  rc = docket_test_ctl_as_valist (&out, &err, as, ap);
  va_end (ap);
  if (rc != 0)
    g_error ("docketctl failed (%d): %s", rc, err);
  return err;
}

char *
docket_test_refused (const char *as, ...)
{
  g_autofree char *out = NULL;
  char *err = NULL;
  va_list ap;
  int rc;

  va_start (ap, as);
  rc = docket_test_ctl_as_valist (&out, &err, as, ap);
  va_end (ap);
  if (rc != 1)
    g_error ("docketctl should have failed with 1, got %d: %s%s", rc, out, err);
  g_assert_nonnull (strstr (err, "docketctl: "));
  g_assert_null (strchr (strchr (err, '\n') + 1, '\n'));  /* one line */
  return err;
}

char *
docket_test_fingerprint (const char *state_dir)
{
  g_autofree char *path = g_build_filename (state_dir, "docket.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;
  GString *s = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                       "ORDER BY name", -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", sqlite3_column_text (tables, 0));
      sqlite3_stmt *stmt = NULL;

      g_string_append_printf (s, "[%s]", sqlite3_column_text (tables, 0));
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const guint8 *b = sqlite3_column_blob (stmt, c);
              for (int i = 0; i < sqlite3_column_bytes (stmt, c); i++)
                g_string_append_printf (s, "%02x", b[i]);
              g_string_append_c (s, '|');
            }
          g_string_append_c (s, '\n');
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);
  return g_string_free (s, FALSE);
}
