/* docket-abuse: docketd under a flood from a member of the group docket
 * who holds no role, as ratios to the same officer's calls measured idle
 * in the same run. Run by tools/bench-abuse.sh (make bench-abuse) on a
 * private bus that has the system bus's limits; not a test.
 *
 * The attacker opens --connections connections, acts as a user without
 * roles on each, and keeps --in-flight calls of Drivers.Get going on each,
 * every one carrying a licence string of --size KiB, for --seconds. An
 * officer meanwhile reads one driver again and again on their own
 * connection. Printed: the officer's calls that failed and their latency
 * against idle, docketd's and the bus daemon's peak memory, and how the
 * attacker's calls were answered. The officer's connection sends again
 * the calls the bus refused for a full queue, as docketctl and the client
 * do (client/lib/docket-retry.c), unless --no-retry. */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include "docket-names.h"
#include "docket-retry.h"

static GSubprocess *docketd;
static GDBusConnection *bus;

typedef struct {
  guint       connections;
  guint       in_flight;
  guint       size_kib;
  guint       seconds;
  GVariant   *args;           /* (sb), the big licence */
  gint64      deadline;
  GMainContext *context;
  guint       outstanding;
  guint       sent;
  GHashTable *answers;        /* error name or "ok" -> count */
  GMutex      lock;
  gboolean    done;
} Attack;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
percentile (GArray *ms, guint p)
{
  if (ms->len == 0)
    return 0;
  g_array_sort (ms, cmp_double);
  return g_array_index (ms, double, MIN (ms->len - 1, ms->len * p / 100));
}

static guint64
kib_of (const char *pid, const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *text = NULL;
  const char *line;

  if (pid == NULL || !g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  line = strstr (text, field);
  return line ? g_ascii_strtoull (line + strlen (field), NULL, 10) : 0;
}

/* CPU seconds (user + system) used by @pid so far. */
static double
cpu_of (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) f = NULL;
  const char *end;

  if (pid == NULL || !g_file_get_contents (path, &text, NULL, NULL) || (end = strrchr (text, ')')) == NULL)
    return 0;
  f = g_strsplit (end + 2, " ", 0);
  if (g_strv_length (f) < 13)
    return 0;
  return (g_ascii_strtod (f[11], NULL) + g_ascii_strtod (f[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static GVariant *
officer_get (GError **error)
{
  return g_dbus_connection_call_sync (bus, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH,
                                      DOCKET_DBUS_IFACE_DRIVERS, "Get",
                                      g_variant_new ("(sb)", "BENCH-1", FALSE), NULL,
                                      G_DBUS_CALL_FLAGS_NONE, 10000, NULL, error);
}

static void start_call (Attack *a, GDBusConnection *c);

static void
on_answer (GObject *source, GAsyncResult *res, gpointer data)
{
  Attack *a = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) r = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), res, &error);
  g_autofree char *name = NULL;

  if (error != NULL)
    name = g_dbus_error_get_remote_error (error);
  if (name == NULL)
    name = g_strdup (error ? error->message : "answered");
  g_mutex_lock (&a->lock);
  g_hash_table_insert (a->answers, g_strdup (name),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (a->answers, name)) + 1));
  g_mutex_unlock (&a->lock);
  a->outstanding--;
  if (g_get_monotonic_time () < a->deadline)
    start_call (a, G_DBUS_CONNECTION (source));
}

static void
start_call (Attack *a, GDBusConnection *c)
{
  a->outstanding++;
  a->sent++;
  g_dbus_connection_call (c, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, DOCKET_DBUS_IFACE_DRIVERS, "Get",
                          g_variant_ref (a->args), NULL, G_DBUS_CALL_FLAGS_NONE, 60000, NULL,
                          on_answer, a);
}

static gpointer
attack_thread (gpointer data)
{
  Attack *a = data;
  g_autoptr(GPtrArray) conns = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  g_main_context_push_thread_default (a->context);
  for (guint i = 0; i < a->connections; i++)
    {
      g_autoptr(GError) error = NULL;
      GDBusConnection *c = g_dbus_connection_new_for_address_sync (address,
          G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
          NULL, NULL, &error);
      g_autoptr(GVariant) r = NULL;

      if (c == NULL)
        g_error ("attacker connection %u: %s", i, error->message);
      r = g_dbus_connection_call_sync (c, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, DOCKET_DBUS_IFACE_USERS,
                                       "ActAs", g_variant_new ("(s)", "mallory"), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
      if (r == NULL)
        g_error ("ActAs: %s", error->message);
      g_ptr_array_add (conns, c);
    }
  a->deadline = g_get_monotonic_time () + a->seconds * G_USEC_PER_SEC;
  for (guint i = 0; i < conns->len; i++)
    for (guint j = 0; j < a->in_flight; j++)
      start_call (a, conns->pdata[i]);
  /* Until the deadline, then until every call is answered or timed out. */
  while (a->outstanding > 0)
    g_main_context_iteration (a->context, TRUE);
  for (guint i = 0; i < conns->len; i++)
    g_dbus_connection_close_sync (conns->pdata[i], NULL, NULL);
  g_main_context_pop_thread_default (a->context);
  g_atomic_int_set (&a->done, TRUE);
  return NULL;
}

static void
start_docketd (const char *state)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { g_getenv ("DOCKETD"), "--session-bus", "--state-directory", state, NULL };

  docketd = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 600; i++)
    {
      g_autoptr(GVariant) r = g_dbus_connection_call_sync (bus, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH,
                                                           DOCKET_DBUS_IFACE_USERS, "WhoAmI", NULL, NULL,
                                                           G_DBUS_CALL_FLAGS_NONE, 1000, NULL, NULL);
      if (r != NULL)
        return;
      g_usleep (100000);
    }
  g_error ("docketd did not start");
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- docketd under a flood of large calls");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) idle = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *work = NULL, *state = NULL, *big = NULL;
  const char *pid, *bus_pid = g_getenv ("DOCKET_BUS_PID");
  guint64 idle_kib, peak_rss = 0, bus_peak = 0, bus_idle;
  guint officer_calls = 0, officer_failed = 0;
  GHashTableIter iter;
  gpointer key, value;
  double cpu_docketd, cpu_bus, wall;
  gboolean retry = TRUE;
  Attack a = { .connections = 32, .in_flight = 4, .size_kib = 8192, .seconds = 20 };
  const GOptionEntry entries[] = {
    { "work", 0, 0, G_OPTION_ARG_FILENAME, &work, "Scratch directory", "DIR" },
    { "connections", 0, 0, G_OPTION_ARG_INT, &a.connections, "Attacker's connections (32)", "N" },
    { "in-flight", 0, 0, G_OPTION_ARG_INT, &a.in_flight, "Calls kept going on each (4)", "N" },
    { "size", 0, 0, G_OPTION_ARG_INT, &a.size_kib, "KiB in each call (8192)", "KIB" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &a.seconds, "How long the attack lasts (20)", "S" },
    { "no-retry", 0, G_OPTION_FLAG_REVERSE, G_OPTION_ARG_NONE, &retry,
      "The officer does not send again calls the bus refused", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || work == NULL)
    {
      g_printerr ("Usage: docket-abuse --work DIR [OPTION…] (run by tools/bench-abuse.sh)\n");
      return 2;
    }
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  /* The officer's connection does what docketctl's and the client's do. */
  if (retry)
    docket_retry_install (bus, 10000);
  state = g_build_filename (work, "state", NULL);
  g_mkdir_with_parents (state, 0700);
  start_docketd (state);
  pid = g_subprocess_get_identifier (docketd);
  g_variant_unref (g_dbus_connection_call_sync (bus, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH,
      DOCKET_DBUS_IFACE_DRIVERS, "Create", g_variant_new_parsed (
      "({'licence': <'BENCH-1'>, 'kind': <'hackney'>, 'name': <'Bea Bench'>, 'status': <'active'>, "
      "'ni-number': <'AB123456C'>, 'address': <'1 Bench Road'>},)"), NULL,
      G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error));
  g_assert_no_error (error);

  g_print ("Attack: %u connections × %u calls in flight × %u KiB each, for %u s\n\n",
           a.connections, a.in_flight, a.size_kib, a.seconds);
  for (guint i = 0; i < 1200; i++)
    {
      double t = now_ms ();
      g_autoptr(GVariant) r = officer_get (&error);
      g_assert_no_error (error);
      t = now_ms () - t;
      if (i >= 200)
        g_array_append_val (idle, t);
    }
  idle_kib = kib_of (pid, "VmRSS:");
  bus_idle = kib_of (bus_pid, "VmRSS:");

  big = g_malloc (a.size_kib * 1024 + 1);
  memset (big, 'X', a.size_kib * 1024);
  big[a.size_kib * 1024] = '\0';
  a.args = g_variant_ref_sink (g_variant_new ("(sb)", big, FALSE));
  g_clear_pointer (&big, g_free);
  a.answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  a.context = g_main_context_new ();
  g_mutex_init (&a.lock);
  cpu_docketd = cpu_of (pid);
  cpu_bus = cpu_of (bus_pid);
  wall = now_ms ();
  g_thread_unref (g_thread_new ("attack", attack_thread, &a));

  while (!g_atomic_int_get (&a.done))
    {
      double t = now_ms ();
      g_autoptr(GError) e = NULL;
      g_autoptr(GVariant) r = officer_get (&e);

      t = now_ms () - t;
      officer_calls++;
      if (r == NULL)
        {
          officer_failed++;
          g_hash_table_insert (failures, g_strdup (e->message),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (failures, e->message)) + 1));
        }
      else
        g_array_append_val (busy, t);
      peak_rss = MAX (peak_rss, kib_of (pid, "VmRSS:"));
      bus_peak = MAX (bus_peak, kib_of (bus_pid, "VmRSS:"));
      g_usleep (20000);
    }

  wall = (now_ms () - wall) / 1000.0;
  g_print ("%-44s %8.1f s\n", "attack, until every call was answered", wall);
  g_print ("%-44s %8.0f %%\n", "docketd's CPU use during it", 100 * (cpu_of (pid) - cpu_docketd) / wall);
  if (bus_pid != NULL)
    g_print ("%-44s %8.0f %%\n", "the bus daemon's CPU use during it", 100 * (cpu_of (bus_pid) - cpu_bus) / wall);
  g_print ("%-44s %8.2f ms\n", "officer's Drivers.Get idle, median", percentile (idle, 50));
  g_print ("%-44s %8.2f ms\n", "officer's Drivers.Get idle, p99", percentile (idle, 99));
  g_print ("%-44s %8.2f ms  %7.1f× idle\n", "officer's Drivers.Get under attack, median",
           percentile (busy, 50), percentile (busy, 50) / MAX (percentile (idle, 50), 0.001));
  g_print ("%-44s %8.2f ms  %7.1f× idle\n", "officer's Drivers.Get under attack, p99",
           percentile (busy, 99), percentile (busy, 99) / MAX (percentile (idle, 99), 0.001));
  g_print ("%-44s %8u of %u\n", "officer's calls that failed", officer_failed, officer_calls);
  g_print ("%-44s %8u\n", "officer's calls the bus refused, sent again", docket_retry_get_count (bus));
  g_hash_table_iter_init (&iter, failures);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_print ("    %u× %s\n", GPOINTER_TO_UINT (value), (const char *) key);
  g_print ("%-44s %8.1f MiB  %7.1f× idle (%.1f MiB)\n", "docketd's peak memory (RSS) under attack",
           peak_rss / 1024.0, (double) peak_rss / MAX (idle_kib, 1), idle_kib / 1024.0);
  g_print ("%-44s %8.1f MiB\n", "docketd's high-water mark (VmHWM)", kib_of (pid, "VmHWM:") / 1024.0);
  if (bus_pid != NULL)
    g_print ("%-44s %8.1f MiB  (idle %.1f MiB)\n", "the bus daemon's peak memory (RSS)",
             bus_peak / 1024.0, bus_idle / 1024.0);
  g_print ("attacker's calls: %u sent, answered:\n", a.sent);
  g_hash_table_iter_init (&iter, a.answers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_print ("    %u× %s\n", GPOINTER_TO_UINT (value), (const char *) key);

  {
    g_autoptr(GVariant) r = officer_get (&error);
    g_print ("after the attack, the officer's call %s\n", r ? "succeeds" : error->message);
  }
  g_subprocess_send_signal (docketd, SIGTERM);
  g_subprocess_wait (docketd, NULL, NULL);
  g_print ("docketd %s\n", g_subprocess_get_if_exited (docketd) && g_subprocess_get_exit_status (docketd) == 0
                           ? "exited cleanly" : "did not exit cleanly");
  return 0;
}
