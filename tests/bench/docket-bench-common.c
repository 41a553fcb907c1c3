/* What docketd's benchmarks share: see docket-bench-common.h. */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixfdlist.h>

#include "docket-names.h"

#include "docket-bench-common.h"

GDBusConnection *bus;
GSubprocess *docketd;
const char *docketd_config;
GVariant *echo_page;

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

Stats
stats_of (GArray *ms)
{
  Stats s = { 0 };

  g_array_sort (ms, cmp_double);
  s.median = g_array_index (ms, double, ms->len / 2);
  s.p99 = g_array_index (ms, double, MIN (ms->len - 1, ms->len * 99 / 100));
  s.max = g_array_index (ms, double, ms->len - 1);
  return s;
}

double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* The echo floor: a service in a thread of this process, on its own
 * connection, answering through the same bus daemon as docketd. */

static void
echo_call (GDBusConnection *c, const char *sender, const char *path, const char *iface,
           const char *method, GVariant *params, GDBusMethodInvocation *invocation, gpointer data)
{
  if (g_str_equal (method, "Page"))
    {
      GVariant *page = g_atomic_pointer_get (&echo_page);
      g_dbus_method_invocation_return_value (invocation, g_variant_new_tuple (&page, 1));
    }
  else
    g_dbus_method_invocation_return_value (invocation, g_variant_ref (params));
}

gpointer
echo_thread (gpointer data)
{
  static const char xml[] =
    "<node><interface name='" ECHO_IFACE "'><method name='Echo'>"
    "<arg type='s' direction='in'/><arg type='b' direction='in'/>"
    "<arg type='s' direction='out'/><arg type='b' direction='out'/>"
    "</method><method name='Page'><arg type='aa{sv}' direction='out'/></method>"
    "</interface></node>";
  static const GDBusInterfaceVTable vtable = { echo_call, NULL, NULL, { 0 } };
  GMainContext *context = g_main_context_new ();
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (xml, NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autofree char *address = NULL;
  GDBusConnection *c;

  g_main_context_push_thread_default (context);
  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  c = g_dbus_connection_new_for_address_sync (address,
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, NULL);
  g_assert_nonnull (c);
  g_dbus_connection_register_object (c, "/", info->interfaces[0], &vtable, NULL, NULL, NULL);
  g_assert_cmpuint (g_bus_own_name_on_connection (c, ECHO_NAME, G_BUS_NAME_OWNER_FLAGS_NONE,
                                                  NULL, NULL, NULL, NULL), >, 0);
  *(GDBusConnection **) data = c;
  g_main_loop_run (loop);
  return NULL;
}

GVariant *
call (const char *dest, const char *path, const char *iface, const char *method, GVariant *args,
      GError **error)
{
  return g_dbus_connection_call_sync (bus, dest, path, iface, method, args, NULL,
                                      G_DBUS_CALL_FLAGS_NONE, 600000, NULL, error);
}

GVariant *
docket (const char *iface, const char *method, GVariant *args)
{
  g_autoptr(GError) error = NULL;
  GVariant *reply = call (DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, iface, method, args, &error);

  if (reply == NULL)
    g_error ("%s.%s: %s", iface, method, error->message);
  return reply;
}

/* Milliseconds per call of @fn over @n runs after @warm. */

Stats
measure (guint warm, guint n, void (*fn) (guint i, gpointer data), gpointer data)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < warm + n; i++)
    {
      double t = now_ms ();
      fn (i, data);
      t = now_ms () - t;
      if (i >= warm)
        g_array_append_val (ms, t);
    }
  return stats_of (ms);
}


gboolean
rm_rf (const char *path)
{
  const char *argv[] = { "rm", "-rf", path, NULL };

  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

void
start_docketd (const char *state)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { g_getenv ("DOCKETD"), "--session-bus", "--state-directory", state,
                         docketd_config ? "--config" : NULL, docketd_config, NULL };
  g_autoptr(GVariant) r = NULL;

  g_subprocess_launcher_unsetenv (launcher, "DOCKET_TODAY");
  docketd = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 600; i++)
    {
      g_autoptr(GError) e = NULL;
      r = call (DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, DOCKET_DBUS_IFACE_USERS, "WhoAmI", NULL, &e);
      if (r != NULL)
        return;
      g_usleep (100000);
    }
  g_error ("docketd did not start");
}

void
stop_docketd (void)
{
  g_subprocess_send_signal (docketd, SIGTERM);
  g_subprocess_wait (docketd, NULL, NULL);
  g_clear_object (&docketd);
}

guint64
docketd_kib (const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (docketd));
  g_autofree char *text = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  line = strstr (text, field);
  return line ? g_ascii_strtoull (line + strlen (field), NULL, 10) : 0;
}


guint
import_file (const char *path)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  g_autoptr(GUnixFDList) fds = g_unix_fd_list_new_from_array (&fd, 1);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;

  reply = g_dbus_connection_call_with_unix_fd_list_sync (bus, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH,
      DOCKET_DBUS_IFACE_DRIVERS, "Import", g_variant_new ("(h)", 0), NULL, G_DBUS_CALL_FLAGS_NONE, 600000,
      fds, NULL, NULL, &error);
  if (reply == NULL)
    g_error ("Import of %s: %s", path, error->message);
  g_variant_get (reply, "(u)", &count);
  return count;
}


/* @cases cases listed in hearings of 50 (each a new driver REC-n), attendance
 * recorded, to decide one by one with do_record. */
gint64 *
prepare_record_cases (guint cases)
{
  g_autofree char *me = NULL;
  g_autoptr(GVariant) who = docket (DOCKET_DBUS_IFACE_USERS, "WhoAmI", NULL);

  g_variant_get_child (who, 0, "s", &me);
  g_variant_unref (docket (DOCKET_DBUS_IFACE_USERS, "Grant", g_variant_new ("(ss)", me, "decision-maker")));
  /* A decision-maker sits only once trained (issue 14). */
  g_variant_unref (docket (DOCKET_DBUS_IFACE_USERS, "RecordTraining", g_variant_new_parsed (
      "(%s, {'completed': <'2000-01-01'>, 'course': <'Licensing hearings: induction'>})", me)));
  gint64 *record_cases = g_new0 (gint64, cases);

  for (guint h = 0; h < cases / 50; h++)
    {
      g_autoptr(GVariant) hr = docket (DOCKET_DBUS_IFACE_HEARINGS, "Schedule", g_variant_new_parsed (
          "({'date': <'2026-06-01'>, 'time': <'10:00'>, 'venue': <'Bench Room'>, 'capacity': <uint32 50>, "
          "'decision-maker': <%s>},)", me));
      gint64 hearing = 0;

      g_variant_get_child (hr, 0, "x", &hearing);
      for (guint c = 0; c < 50; c++)
        {
          guint k = h * 50 + c;
          g_autofree char *licence = g_strdup_printf ("REC-%u", k);
          g_autoptr(GVariant) cr = NULL;

          g_variant_unref (docket (DOCKET_DBUS_IFACE_DRIVERS, "Create", g_variant_new_parsed (
              "({'licence': <%s>, 'kind': <'hackney'>, 'name': <'Rex Record'>, 'status': <'active'>},)",
              licence)));
          cr = docket (DOCKET_DBUS_IFACE_HEARINGS, "AddCase", g_variant_new_parsed (
              "(%x, %s, {'kind': <'review'>, 'grounds': <'Complaints'>, 'notified': <'2026-05-01'>})",
              hearing, licence));
          g_variant_get_child (cr, 0, "x", &record_cases[k]);
          g_variant_unref (docket (DOCKET_DBUS_IFACE_HEARINGS, "SetAttendance",
                                   g_variant_new ("(xs)", record_cases[k], "attended")));
        }
    }
  return record_cases;
}
