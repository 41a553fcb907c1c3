/* The role matrix, method by method: every method of every interface in
 * the D-Bus contract is called as a user holding each single role and as
 * a user holding none, through the real docketd. A call the rules table
 * (daemon/docket-bouncer.c, shown in docs/SECURITY.md) does not allow
 * must be refused with AccessDenied; one it allows must get past the
 * bouncer (it may still fail on its empty arguments, but not as
 * AccessDenied). A method with no rule fails the test.
 *
 * /roles/matrix: users are distinct names acting through Users.ActAs on
 * the test's own session bus (docketd allows ActAs only there).
 * /roles/unix-users: as root, the same with real, separate Unix users on a
 * bus of the system type, each call made by a process running as that
 * user; skipped, saying so, when not root. */
#include "config.h"

#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "docket-bouncer.h"
#include "docket-dbus-generated.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-names.h"
#include "docket-test-helpers.h"


/* A value of @type with nothing in it: "", 0, false, empty containers. */
static GVariant *
empty_value (const GVariantType *type)
{
  if (g_variant_type_equal (type, G_VARIANT_TYPE_STRING))
    return g_variant_new_string ("");
  if (g_variant_type_equal (type, G_VARIANT_TYPE_INT64))
    return g_variant_new_int64 (1);
  if (g_variant_type_equal (type, G_VARIANT_TYPE_UINT32))
    return g_variant_new_uint32 (0);
  if (g_variant_type_equal (type, G_VARIANT_TYPE_UINT64))
    return g_variant_new_uint64 (1);
  if (g_variant_type_equal (type, G_VARIANT_TYPE_BOOLEAN))
    return g_variant_new_boolean (FALSE);
  if (g_variant_type_is_array (type))
    return g_variant_new_array (g_variant_type_element (type), NULL, 0);
  g_error ("no empty value for type %.*s", (int) g_variant_type_get_string_length (type),
           g_variant_type_peek_string (type));
}

static GVariant *
empty_args (GDBusMethodInfo *m)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_TUPLE);

  for (guint i = 0; m->in_args && m->in_args[i]; i++)
    {
      g_autoptr(GVariantType) t = g_variant_type_new (m->in_args[i]->signature);
      g_variant_builder_add_value (&b, empty_value (t));
    }
  return g_variant_builder_end (&b);
}

static gboolean
takes_fd (GDBusMethodInfo *m)
{
  for (guint i = 0; m->in_args && m->in_args[i]; i++)
    if (strchr (m->in_args[i]->signature, 'h'))
      return TRUE;
  return FALSE;
}

static GDBusConnection *
connect_as (const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  GDBusConnection *c = g_dbus_connection_new_for_address_sync (address,
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, &error);
  g_autoptr(GVariant) reply = NULL;

  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (c, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, DOCKET_DBUS_IFACE_USERS,
                                       "ActAs", g_variant_new ("(s)", user), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  return c;
}

/* Calls every method of every interface docketd exports on @c (read from
 * its introspection data, so that a new interface or method is covered
 * the day it is added) as the caller @c is, who holds role @r (or none
 * when @r is past the last role), and checks each answer against the
 * rules table. Returns the number of interfaces. */
static guint
check_matrix (GDBusConnection *c, int r, guint *calls, guint *refused)
{
  g_autoptr(GDBusNodeInfo) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) xml = g_dbus_connection_call_sync (c, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH,
      "org.freedesktop.DBus.Introspectable", "Introspect", NULL, G_VARIANT_TYPE ("(s)"),
      G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  const char *text, *who = r <= DOCKET_ROLE_ADMIN ? docket_role_names[r] : "no role";
  guint interfaces = 0;

  g_assert_no_error (error);
  g_variant_get (xml, "(&s)", &text);
  node = g_dbus_node_info_new_for_xml (text, &error);
  g_assert_no_error (error);

  for (guint i = 0; node->interfaces[i]; i++)
    {
      GDBusInterfaceInfo *iface = node->interfaces[i];

      if (!g_str_has_prefix (iface->name, "org.docket."))
        continue;
      interfaces++;

      for (guint m = 0; iface->methods[m]; m++)
        {
          GDBusMethodInfo *method = iface->methods[m];
          DocketPermission permission;
          gboolean allowed, denied;
          g_autoptr(GError) e = NULL;
          g_autoptr(GVariant) reply = NULL;

          if (!docket_bouncer_method_permission (iface->name, method->name, &permission))
            g_error ("%s.%s has no rule in the bouncer", iface->name, method->name);
          /* ActAs changes who the connection is; Import, Backup and
           * Restore need a file descriptor: each is covered by tests of
           * its own. */
          if (g_str_equal (method->name, "ActAs") || takes_fd (method))
            continue;
          allowed = permission == DOCKET_PERMISSION_ANYONE ||
                    (r <= DOCKET_ROLE_ADMIN && (docket_permission_roles (permission) & (1u << r)));
          reply = g_dbus_connection_call_sync (c, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, iface->name,
                                               method->name, empty_args (method), NULL,
                                               G_DBUS_CALL_FLAGS_NONE, -1, NULL, &e);
          denied = g_error_matches (e, DOCKET_ERROR, DOCKET_ERROR_ACCESS_DENIED);
          (*calls)++;
          *refused += denied;
          if (allowed && denied)
            g_error ("%s.%s as %s: refused, but the matrix allows it: %s",
                     iface->name, method->name, who, e->message);
          if (!allowed && !denied)
            g_error ("%s.%s as %s: not refused (%s), but the matrix does not allow it",
                     iface->name, method->name, who, e ? e->message : "it succeeded");
        }
    }
  return interfaces;
}

static void
test_matrix (void)
{
  g_autofree char *dir = docket_test_make_dir ("roles");
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  /* officer, decision-maker, board-member, auditor, admin */
  static const char * const users[] = { "daemon", "bin", "sys", "games", "man" };
  DocketTestDaemon *daemon;
  GDBusConnection *as[DOCKET_ROLE_ADMIN + 2];
  guint calls = 0, refused = 0;

  G_STATIC_ASSERT (G_N_ELEMENTS (users) == DOCKET_ROLE_ADMIN + 1);
  for (guint u = 0; u < G_N_ELEMENTS (users); u++)
    if (getpwnam (users[u]) == NULL)
      {
        g_test_skip ("the system accounts daemon, bin, sys, games and man are needed");
        return;
      }

  g_test_dbus_up (bus);
  daemon = docket_test_daemon_start (dir, NULL);

  /* One system account per role, granted by the test (docketd's own user,
   * every role on its session bus), and "nobody" with none: docketd grants
   * roles to users that exist. */
  for (int r = 0; r <= DOCKET_ROLE_ADMIN; r++)
    {
      const char *user = users[r];
      g_autoptr(GError) error = NULL;
      g_autoptr(GDBusConnection) me = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
      g_autoptr(GVariant) reply = g_dbus_connection_call_sync (me, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH,
          DOCKET_DBUS_IFACE_USERS, "Grant", g_variant_new ("(ss)", user, docket_role_names[r]), NULL,
          G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
      g_assert_no_error (error);
      as[r] = connect_as (user);
    }
  as[DOCKET_ROLE_ADMIN + 1] = connect_as ("nobody");

  for (int r = 0; r <= DOCKET_ROLE_ADMIN + 1; r++)
    g_assert_cmpuint (check_matrix (as[r], r, &calls, &refused), ==, 8);
  g_test_message ("8 interfaces, %u calls, %u refused as the matrix says", calls, refused);
  g_assert_cmpuint (refused, >, 0);

  /* Every refusal was counted, per user, for the auditors to see. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) reply = g_dbus_connection_call_sync (as[DOCKET_ROLE_ADMIN], DOCKET_DBUS_NAME,
        DOCKET_DBUS_PATH, DOCKET_DBUS_IFACE_AUDIT, "Refusals", NULL, G_VARIANT_TYPE ("(aa{sv})"),
        G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
    g_autoptr(GVariant) list = NULL;
    guint counted = 0, nobody = 0;

    g_assert_no_error (error);
    list = g_variant_get_child_value (reply, 0);
    for (gsize i = 0; i < g_variant_n_children (list); i++)
      {
        g_autoptr(GVariant) entry = g_variant_get_child_value (list, i);
        const char *user = NULL, *method = NULL, *reason = NULL;
        guint count = 0;

        g_assert_true (g_variant_lookup (entry, "user", "&s", &user));
        g_assert_true (g_variant_lookup (entry, "count", "u", &count));
        g_assert_true (g_variant_lookup (entry, "method", "&s", &method));
        g_assert_true (g_variant_lookup (entry, "reason", "&s", &reason));
        g_assert_nonnull (strstr (reason, user));
        counted += count;
        if (g_str_equal (user, "nobody"))
          nobody = count;
      }
    g_assert_cmpuint (counted, ==, refused);
    g_assert_cmpuint (nobody, >, 0);
    /* Most refused first: the user without a role. */
    {
      g_autoptr(GVariant) first = g_variant_get_child_value (list, 0);
      const char *user = NULL;
      g_variant_lookup (first, "user", "&s", &user);
      g_assert_cmpstr (user, ==, "nobody");
    }
  }

  for (int r = 0; r <= DOCKET_ROLE_ADMIN + 1; r++)
    {
      g_dbus_connection_close_sync (as[r], NULL, NULL);
      g_object_unref (as[r]);
    }
  docket_test_daemon_stop (daemon);
  g_test_dbus_down (bus);
  docket_test_remove_dir (dir);
}

/* The child side of /roles/unix-users: run as a real user by setpriv, it
 * checks the matrix over the test's system-type bus at @address. */
static int
matrix_client (const char *address, int r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) c = g_dbus_connection_new_for_address_sync (address,
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, &error);
  guint calls = 0, refused = 0;

  (void) DOCKET_ERROR;  /* registers the D-Bus error names */
  g_assert_no_error (error);
  g_assert_cmpuint (check_matrix (c, r, &calls, &refused), ==, 8);
  g_print ("uid %u: %u calls, %u refused\n", (guint) getuid (), calls, refused);
  return 0;
}

static const char * const unix_users[] = {
  "docket-t-officer", "docket-t-dm", "docket-t-board", "docket-t-auditor", "docket-t-admin",
  "docket-t-none",
};

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
run_checked (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);

  g_assert_no_error (error);
  g_subprocess_wait_check (p, NULL, &error);
  g_assert_no_error (error);
}

/* The same matrix as real, separate Unix users on a bus of the system
 * type (so docketd identifies callers by their uid, as in production, with
 * no ActAs), when the tests run as root; skipped otherwise. */
static void
test_unix_users (void)
{
  g_autofree char *dir = NULL, *conf = NULL, *bus_conf = NULL, *state = NULL, *socket = NULL;
  g_autofree char *address = NULL, *copy = NULL, *self = NULL;
  g_autoptr(GSubprocess) bus = NULL, daemon = NULL;
  g_autoptr(GError) error = NULL;
  gboolean created[G_N_ELEMENTS (unix_users)] = { FALSE };
  GString *roles = g_string_new ("[roles]\n");
  guint calls = 0;

  if (getuid () != 0)
    {
      g_test_skip ("not root: the matrix as real Unix users needs to create users "
                   "and switch to them (it ran above through ActAs)");
      g_string_free (roles, TRUE);
      return;
    }

  for (guint u = 0; u < G_N_ELEMENTS (unix_users); u++)
    if (getpwnam (unix_users[u]) == NULL)
      {
        const char *argv[] = { "useradd", "--system", "--no-create-home", "--shell",
                               "/usr/sbin/nologin", unix_users[u], NULL };
        run_checked (argv);
        created[u] = TRUE;
      }
  for (int r = 0; r <= DOCKET_ROLE_ADMIN; r++)
    g_string_append_printf (roles, "%s=%s\n", docket_role_names[r], unix_users[r]);

  dir = docket_test_make_dir ("roles-unix");
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  state = g_build_filename (dir, "state", NULL);
  conf = g_build_filename (dir, "docketd.conf", NULL);
  g_assert_true (g_file_set_contents (conf, roles->str, -1, NULL));
  g_string_free (roles, TRUE);
  socket = g_build_filename (dir, "bus", NULL);
  bus_conf = g_build_filename (dir, "bus.conf", NULL);
  {
    g_autofree char *text = g_strdup_printf (
        "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
        "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
        "<busconfig><type>system</type><listen>unix:path=%s</listen><auth>EXTERNAL</auth>"
        "<policy context=\"default\"><allow user=\"*\"/><allow own=\"*\"/>"
        "<allow send_destination=\"*\" eavesdrop=\"true\"/><allow eavesdrop=\"true\"/></policy>"
        "</busconfig>\n", socket);
    g_assert_true (g_file_set_contents (bus_conf, text, -1, NULL));
  }
  {
    g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
    const char *argv[] = { "dbus-daemon", "--nofork", "--config-file", bus_conf, NULL };

    g_subprocess_launcher_set_child_setup (l, die_with_parent, NULL, NULL);
    bus = g_subprocess_launcher_spawnv (l, argv, &error);
    g_assert_no_error (error);
  }
  address = g_strdup_printf ("unix:path=%s", socket);
  for (guint i = 0; i < 100 && !g_file_test (socket, G_FILE_TEST_EXISTS); i++)
    g_usleep (50000);

  /* docketd on that bus, as root, as on a server. */
  {
    g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
    const char *argv[] = { g_getenv ("DOCKETD"), "--state-directory", state, "--config", conf, NULL };
    g_autoptr(GDBusConnection) probe = NULL;
    gboolean up = FALSE;

    g_subprocess_launcher_set_child_setup (l, die_with_parent, NULL, NULL);
    g_subprocess_launcher_setenv (l, "DBUS_SYSTEM_BUS_ADDRESS", address, TRUE);
    g_subprocess_launcher_unsetenv (l, "STATE_DIRECTORY");
    daemon = g_subprocess_launcher_spawnv (l, argv, &error);
    g_assert_no_error (error);
    probe = g_dbus_connection_new_for_address_sync (address,
        G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
        NULL, NULL, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < 200 && !up; i++)
      {
        g_autoptr(GVariant) r = g_dbus_connection_call_sync (probe, "org.freedesktop.DBus", "/org/freedesktop/DBus",
            "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", DOCKET_DBUS_NAME),
            G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
        if (r != NULL)
          g_variant_get (r, "(b)", &up);
        if (!up)
          g_usleep (50000);
      }
    g_assert_true (up);
  }

  /* This binary, where the other users can run it. */
  self = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  copy = g_build_filename (dir, "test-roles", NULL);
  {
    g_autofree char *data = NULL;
    gsize len;
    g_assert_true (g_file_get_contents (self, &data, &len, NULL));
    g_assert_true (g_file_set_contents (copy, data, len, NULL));
    g_assert_cmpint (g_chmod (copy, 0755), ==, 0);
  }

  for (int r = 0; r <= DOCKET_ROLE_ADMIN + 1; r++)
    {
      struct passwd *pw = getpwnam (unix_users[r]);
      g_autofree char *uid = g_strdup_printf ("--reuid=%u", (guint) pw->pw_uid);
      g_autofree char *gid = g_strdup_printf ("--regid=%u", (guint) pw->pw_gid);
      g_autofree char *role = g_strdup_printf ("%d", r);
      g_autofree char *out = NULL, *err = NULL;
      const char *argv[] = { "setpriv", uid, gid, "--clear-groups", "--", copy, "--matrix-client",
                             address, role, NULL };
      g_autoptr(GSubprocess) p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                    G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);

      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (p, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      if (!g_subprocess_get_if_exited (p) || g_subprocess_get_exit_status (p) != 0)
        g_error ("as %s: %s%s", unix_users[r], out ? out : "", err ? err : "");
      g_test_message ("as %s: %s", unix_users[r], g_strstrip (out));
      calls++;
    }
  g_assert_cmpuint (calls, ==, DOCKET_ROLE_ADMIN + 2);

  g_subprocess_send_signal (daemon, SIGTERM);
  g_subprocess_wait (daemon, NULL, NULL);
  g_subprocess_send_signal (bus, SIGTERM);
  g_subprocess_wait (bus, NULL, NULL);
  for (guint u = 0; u < G_N_ELEMENTS (unix_users); u++)
    if (created[u])
      {
        const char *argv[] = { "userdel", unix_users[u], NULL };
        run_checked (argv);
      }
  docket_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  if (argc == 4 && g_str_equal (argv[1], "--matrix-client"))
    return matrix_client (argv[2], atoi (argv[3]));
  g_test_init (&argc, &argv, NULL);
  (void) DOCKET_ERROR;
  g_test_add_func ("/roles/matrix", test_matrix);
  g_test_add_func ("/roles/unix-users", test_unix_users);
  return g_test_run ();
}
