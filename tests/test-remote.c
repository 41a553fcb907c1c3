/* Clients on other machines: docketctl -H [USER@]HOST over a real SSH
 * server, the way a council's staff reach the one server from their desks.
 *
 * When the tests run as root: a private sshd on 127.0.0.1 on a free port
 * (its own host key and configuration, key-only login), test users created
 * for the test, a dbus-daemon of the system type with the policy Docket
 * installs, and docketd as its own user. docketctl then speaks to docketd
 * through `ssh -xT USER@127.0.0.1 systemd-stdio-bridge` as three different
 * users and each gets the roles of their own account on the server; a
 * user outside the group of Docket's users is refused by dbus-daemon
 * itself and hears none of docketd's signals.
 * Skipped, with a message, when not root. */
#include "config.h"

#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "docket-names.h"
#include "docket-test-helpers.h"

static const char * const users[] = { "docket-r-officer", "docket-r-admin", "docket-r-none" };

typedef struct {
  char        *dir;
  char        *ssh_command;
  GSubprocess *bus;
  GSubprocess *daemon;
  GSubprocess *sshd;
  gboolean     created[G_N_ELEMENTS (users) + 1];
} Server;

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
run_checked (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);

  g_assert_no_error (error);
  g_subprocess_wait_check (p, NULL, &error);
  g_assert_no_error (error);
}

static GSubprocess *
spawn (const char * const *argv, const char *address)
{
  g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  GSubprocess *p;

  g_subprocess_launcher_set_child_setup (l, die_with_parent, NULL, NULL);
  if (address != NULL)
    g_subprocess_launcher_setenv (l, "DBUS_SYSTEM_BUS_ADDRESS", address, TRUE);
  g_subprocess_launcher_unsetenv (l, "STATE_DIRECTORY");
  g_subprocess_launcher_unsetenv (l, "DOCKET_BUS");
  p = g_subprocess_launcher_spawnv (l, argv, &error);
  g_assert_no_error (error);
  return p;
}

static guint16
free_port (void)
{
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof a;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  g_assert_cmpint (bind (fd, (struct sockaddr *) &a, sizeof a), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &a, &len), ==, 0);
  close (fd);
  return ntohs (a.sin_port);
}

static void
write_file (const char *path, const char *text)
{
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* A user of the server, who logs in with a key and runs commands with sh. */
static void
add_user (Server *s, guint i, const char *name)
{
  g_autofree char *key = g_build_filename (s->dir, "keys", name, NULL);
  const char *keygen[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key, NULL };

  if (getpwnam (name) == NULL)
    {
      const char *add[] = { "useradd", "--system", "--no-create-home", "--home-dir", "/",
                            "--shell", "/bin/sh", name, NULL };
      run_checked (add);
      s->created[i] = TRUE;
    }
  {
    /* A locked account ("!") may not log in even with a key. */
    const char *unlock[] = { "usermod", "-p", "*", name, NULL };
    run_checked (unlock);
  }
  run_checked (keygen);
}

static gboolean
bus_has_docketd (const char *address)
{
  g_autoptr(GDBusConnection) probe = g_dbus_connection_new_for_address_sync (address,
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, NULL);
  g_autoptr(GVariant) r = NULL;
  gboolean up = FALSE;

  if (probe == NULL)
    return FALSE;
  r = g_dbus_connection_call_sync (probe, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                   "org.freedesktop.DBus", "NameHasOwner",
                                   g_variant_new ("(s)", DOCKET_DBUS_NAME), G_VARIANT_TYPE ("(b)"),
                                   G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (r != NULL)
    g_variant_get (r, "(b)", &up);
  return up;
}

/* docketd's own user, as sysusers makes it: the bus policy names it. */
static void
add_daemon_user (Server *s)
{
  const char *daemon_user = g_getenv ("DOCKET_DAEMON_USER");

  if (getpwnam (daemon_user) == NULL)
    {
      const char *add[] = { "useradd", "--system", "--no-create-home", "--shell",
                            "/usr/sbin/nologin", daemon_user, NULL };
      run_checked (add);
      s->created[G_N_ELEMENTS (users)] = TRUE;
    }
}

/* A system bus as Debian's, with Docket's installed policy included. */
static char *
start_bus (Server *s)
{
  g_autofree char *socket = g_build_filename (s->dir, "system_bus_socket", NULL);
  g_autofree char *conf = g_build_filename (s->dir, "bus.conf", NULL);
  g_autofree char *text = g_strdup_printf (
      "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
      "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
      "<busconfig><type>system</type><listen>unix:path=%s</listen><auth>EXTERNAL</auth>\n"
      "<policy context=\"default\"><allow user=\"*\"/><deny own=\"*\"/>"
      "<deny send_type=\"method_call\"/><allow send_type=\"signal\"/>"
      "<allow send_requested_reply=\"true\" send_type=\"method_return\"/>"
      "<allow send_requested_reply=\"true\" send_type=\"error\"/>"
      "<allow receive_type=\"method_call\"/><allow receive_type=\"method_return\"/>"
      "<allow receive_type=\"error\"/><allow receive_type=\"signal\"/>"
      "<allow send_destination=\"org.freedesktop.DBus\" send_interface=\"org.freedesktop.DBus\"/>"
      "<allow send_destination=\"org.freedesktop.DBus\" send_interface=\"org.freedesktop.DBus.Introspectable\"/>"
      "</policy>\n<include>%s</include></busconfig>\n", socket, g_getenv ("DOCKET_BUS_POLICY"));
  const char *argv[] = { "dbus-daemon", "--nofork", "--config-file", conf, NULL };

  write_file (conf, text);
  s->bus = spawn (argv, NULL);
  for (guint i = 0; i < 200 && !g_file_test (socket, G_FILE_TEST_EXISTS); i++)
    g_usleep (25000);
  g_assert_true (g_file_test (socket, G_FILE_TEST_EXISTS));
  return g_strdup_printf ("unix:path=%s", socket);
}

/* docketd as its own user, as systemd would run it. */
static void
start_docketd (Server *s, const char *address)
{
  const char *daemon_user = g_getenv ("DOCKET_DAEMON_USER");
  g_autofree char *state = g_build_filename (s->dir, "state", NULL);
  g_autofree char *conf = g_build_filename (s->dir, "docketd.conf", NULL);
  g_autofree char *uid = NULL, *gid = NULL;
  struct passwd *pw = getpwnam (daemon_user);

  g_assert_cmpint (g_mkdir (state, 0700), ==, 0);
  g_assert_cmpint (chown (state, pw->pw_uid, pw->pw_gid), ==, 0);
  write_file (conf, "[roles]\nofficer=docket-r-officer\nadmin=docket-r-admin\n");
  g_assert_cmpint (g_chmod (conf, 0644), ==, 0);
  uid = g_strdup_printf ("--reuid=%u", (guint) pw->pw_uid);
  gid = g_strdup_printf ("--regid=%u", (guint) pw->pw_gid);
  {
    const char *argv[] = { "setpriv", uid, gid, "--clear-groups", "--", g_getenv ("DOCKETD"),
                           "--state-directory", state, "--config", conf, NULL };
    s->daemon = spawn (argv, address);
  }
  for (guint i = 0; i < 200 && !bus_has_docketd (address); i++)
    g_usleep (25000);
  g_assert_true (bus_has_docketd (address));
}

static void
start_sshd (Server *s, const char *address, guint16 port)
{
  g_autofree char *host_key = g_build_filename (s->dir, "ssh_host_ed25519_key", NULL);
  g_autofree char *conf = g_build_filename (s->dir, "sshd_config", NULL);
  g_autofree char *client_conf = g_build_filename (s->dir, "ssh_config", NULL);
  g_autofree char *bridge = NULL;
  const char *keygen[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", host_key, NULL };
  g_autofree char *text = NULL;

  run_checked (keygen);
  /* systemd-stdio-bridge joins /run/dbus/system_bus_socket, where this
   * test's bus is not: sshd runs it with the test bus's address instead,
   * after checking that the client asked for the bridge as a server's sshd
   * would run it. */
  bridge = g_build_filename (s->dir, "bridge", NULL);
  text = g_strdup_printf ("#!/bin/sh\n"
                          "[ \"$SSH_ORIGINAL_COMMAND\" = systemd-stdio-bridge ] || "
                          "{ echo \"unexpected command: $SSH_ORIGINAL_COMMAND\" >&2; exit 1; }\n"
                          "exec systemd-stdio-bridge --bus-path=%s\n", address);
  write_file (bridge, text);
  g_assert_cmpint (g_chmod (bridge, 0755), ==, 0);
  g_free (text);
  text = g_strdup_printf ("Port %u\nListenAddress 127.0.0.1\nHostKey %s\n"
                          "AuthorizedKeysFile %s/keys/%%u.pub\nAuthenticationMethods publickey\n"
                          "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
                          "StrictModes no\nAllowUsers docket-r-officer docket-r-admin docket-r-none\n"
                          "ForceCommand %s\nPidFile none\nLogLevel ERROR\n",
                          port, host_key, s->dir, bridge);
  write_file (conf, text);
  g_free (text);
  text = g_strdup_printf ("Host *\n  Port %u\n  IdentityFile %s/keys/%%r\n  IdentitiesOnly yes\n"
                          "  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n"
                          "  BatchMode yes\n  LogLevel ERROR\n", port, s->dir);
  write_file (client_conf, text);
  s->ssh_command = g_strdup_printf ("ssh -F %s", client_conf);
  g_mkdir_with_parents ("/run/sshd", 0755);
  {
    const char *argv[] = { "/usr/sbin/sshd", "-D", "-e", "-f", conf, NULL };
    s->sshd = spawn (argv, NULL);
  }
}

/* docketctl as the local root user, reaching docketd as @user on the
 * server; returns its exit status. */
static int
ctl_remote (Server *s, const char *user, char **out, char **err, ...)
{
  g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = g_strdup_printf ("%s@127.0.0.1", user);
  const char *a;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("DOCKETCTL"));
  g_ptr_array_add (argv, (gpointer) "-H");
  g_ptr_array_add (argv, host);
  va_start (ap, err);
  while ((a = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (l, "DOCKET_SSH", s->ssh_command, TRUE);
  g_subprocess_launcher_setenv (l, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (l, "DOCKET_BUS");
  g_subprocess_launcher_unsetenv (l, "DOCKET_AS");
  p = g_subprocess_launcher_spawnv (l, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (p, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  if (g_test_verbose ())
    g_printerr ("docketctl -H %s: %s%s", host, *out, *err);
  return g_subprocess_get_exit_status (p);
}

/* Listens for docketd's signals on the bus as @user for a moment while an
 * officer changes a licence; returns what was heard. */
static char *
listen_as (Server *s, const char *address, const char *user)
{
  struct passwd *pw = getpwnam (user);
  g_autofree char *uid = g_strdup_printf ("--reuid=%u", (guint) pw->pw_uid);
  g_autofree char *gid = g_strdup_printf ("--regid=%u", (guint) pw->pw_gid);
  const char *argv[] = { "setpriv", uid, gid, "--init-groups", "--", "gdbus", "monitor", "--address", address,
                         "--dest", "org.docket.Docket1", NULL };
  g_autoptr(GSubprocess) monitor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL, *heard = NULL;

  monitor = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_usleep (500000);
  g_assert_cmpint (ctl_remote (s, "docket-r-officer", &out, &err, "driver", "update", "PH-70001",
                               "--phone", "01234 567890", NULL), ==, 0);
  g_usleep (500000);
  g_subprocess_send_signal (monitor, SIGTERM);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_subprocess_communicate_utf8 (monitor, NULL, NULL, &out, &err, NULL);
  heard = g_strconcat (out ? out : "", err ? err : "", NULL);
  g_test_message ("gdbus monitor as %s: %s", user, heard);
  return g_steal_pointer (&heard);
}

/* DriverChanged names licences: a member hears it, anyone else not. */
static void
check_signals (Server *s, const char *address)
{
  g_autofree char *member = listen_as (s, address, "docket-r-admin");
  g_autofree char *outsider = listen_as (s, address, "docket-r-none");

  g_assert_nonnull (strstr (member, "DriverChanged"));
  g_assert_nonnull (strstr (member, "PH-70001"));
  g_assert_nonnull (strstr (outsider, "is owned by"));   /* it was listening */
  g_assert_null (strstr (outsider, "DriverChanged"));
  g_assert_null (strstr (outsider, "PH-70001"));
}

/* Until sshd accepts logins. */
static void
wait_for_sshd (Server *s)
{
  g_autofree char *last = NULL;

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *out = NULL, *err = NULL;

      if (ctl_remote (s, "docket-r-officer", &out, &err, "user", "whoami", NULL) == 0)
        return;
      g_free (last);
      last = g_steal_pointer (&err);
      g_usleep (50000);
    }
  g_error ("sshd on 127.0.0.1 never let docketctl in: %s", last);
}

static void
stop (GSubprocess *p)
{
  if (p == NULL)
    return;
  g_subprocess_send_signal (p, SIGTERM);
  g_subprocess_wait (p, NULL, NULL);
  g_object_unref (p);
}

static void
test_ssh (void)
{
  Server s = { 0 };
  g_autofree char *address = NULL;
  g_autofree char *out = NULL, *err = NULL;

  if (getuid () != 0)
    {
      g_test_skip ("not root: the SSH test needs to create users and run sshd and a system bus");
      return;
    }
  if (!g_file_test ("/usr/sbin/sshd", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("no /usr/sbin/sshd (package openssh-server, which make check installs)");
      return;
    }

  s.dir = docket_test_make_dir ("remote");
  g_assert_cmpint (g_chmod (s.dir, 0755), ==, 0);
  {
    g_autofree char *keys = g_build_filename (s.dir, "keys", NULL);
    g_assert_cmpint (g_mkdir (keys, 0755), ==, 0);
  }
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    add_user (&s, i, users[i]);
  add_daemon_user (&s);
  /* Docket's users are in its group; docket-r-none is not. */
  for (guint i = 0; i < 2; i++)
    {
      const char *argv[] = { "usermod", "-aG", g_getenv ("DOCKET_ACCESS_GROUP"), users[i], NULL };
      run_checked (argv);
    }
  address = start_bus (&s);
  start_docketd (&s, address);
  start_sshd (&s, address, free_port ());
  wait_for_sshd (&s);

  /* Each person is who their server account is, with its roles. */
  g_assert_cmpint (ctl_remote (&s, "docket-r-officer", &out, &err, "user", "whoami", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "docket-r-officer"));
  g_assert_nonnull (strstr (out, "officer"));
  g_assert_null (strstr (out, "admin"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* Outside the group, dbus-daemon refuses even WhoAmI, in one line. */
  g_assert_cmpint (ctl_remote (&s, "docket-r-none", &out, &err, "user", "whoami", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "the bus refused the call: only members of the group"));
  g_assert_null (strchr (g_strstrip (err), '\n'));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* An officer writes and reads over SSH; the user without a role is
   * refused by docketd; the admin reaches Maintenance through the
   * installed bus policy. */
  g_assert_cmpint (ctl_remote (&s, "docket-r-officer", &out, &err, "driver", "add", "--licence", "PH-70001",
                               "--kind", "private-hire", "--name", "Remote Driver", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl_remote (&s, "docket-r-officer", &out, &err, "driver", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "PH-70001"));
  g_assert_nonnull (strstr (out, "Remote Driver"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl_remote (&s, "docket-r-none", &out, &err, "driver", "list", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "the bus refused the call"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  check_signals (&s, address);
  g_assert_cmpint (ctl_remote (&s, "docket-r-admin", &out, &err, "key", "status", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Every interface answers through the installed policy: Hearings,
   * Statistics and Compliance too. */
  {
    const char *calls[][3] = { { "hearing", "list", NULL }, { "stats", NULL, NULL }, { "dbs", "due", NULL } };

    for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
      {
        g_assert_cmpint (ctl_remote (&s, "docket-r-officer", &out, &err, calls[i][0], calls[i][1], NULL), ==, 0);
        g_clear_pointer (&out, g_free);
        g_clear_pointer (&err, g_free);
      }
  }

  /* Files cross SSH as transfers: an import, and a backup taken, then
   * restored over what changed since. */
  {
    g_autofree char *csv = g_build_filename (s.dir, "drivers.csv", NULL);
    g_autofree char *backup = g_build_filename (s.dir, "docket.backup", NULL);

    write_file (csv, "licence,kind,name\nPH-70002,hackney,Imported Remotely\nPH-70003,dual,Also Imported\n");
    g_assert_cmpint (ctl_remote (&s, "docket-r-officer", &out, &err, "import", "drivers", csv, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Imported 2 drivers"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (ctl_remote (&s, "docket-r-admin", &out, &err, "backup", backup, NULL), ==, 0);
    g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (ctl_remote (&s, "docket-r-officer", &out, &err, "driver", "add", "--licence", "PH-70004",
                                 "--kind", "dual", "--name", "After The Backup", NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (ctl_remote (&s, "docket-r-admin", &out, &err, "restore", backup, NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (ctl_remote (&s, "docket-r-officer", &out, &err, "driver", "list", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Also Imported"));
    g_assert_null (strstr (out, "After The Backup"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* The audit log names the SSH account that made the change. */
  g_assert_cmpint (ctl_remote (&s, "docket-r-admin", &out, &err, "audit", "log", "--object", "PH-70001", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "docket-r-officer"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The desktop client connects the same way, under Xvfb, and shows who
   * is signed in where. */
  if (g_find_program_in_path ("xvfb-run") != NULL)
    {
      g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                    G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_autofree char *shots = g_build_filename (s.dir, "shots", NULL);
      g_autofree char *png = g_build_filename (shots, "drivers.png", NULL);
      const char *argv[] = { "xvfb-run", "-a", "-s", "-screen 0 1400x900x24", g_getenv ("DOCKET_SCREENSHOT"),
                             "--out", shots, "--view", "drivers", NULL };
      g_autoptr(GSubprocess) p = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (g_mkdir (shots, 0755), ==, 0);
      g_subprocess_launcher_setenv (l, "DOCKET_HOST", "docket-r-officer@127.0.0.1", TRUE);
      g_subprocess_launcher_setenv (l, "DOCKET_SSH", s.ssh_command, TRUE);
      g_subprocess_launcher_setenv (l, "NO_AT_BRIDGE", "1", TRUE);
      g_subprocess_launcher_setenv (l, "GSK_RENDERER", "cairo", TRUE);
      g_subprocess_launcher_unsetenv (l, "DOCKET_BUS");
      p = g_subprocess_launcher_spawnv (l, argv, &error);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (p, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_test_message ("docket --host: %s", out);
      g_assert_nonnull (strstr (out, "connected as docket-r-officer on docket-r-officer@127.0.0.1"));
      g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
      if (g_getenv ("DOCKET_KEEP_SCREENSHOT"))
        {
          g_autofree char *data = NULL;
          gsize len;
          g_assert_true (g_file_get_contents (png, &data, &len, NULL));
          g_assert_true (g_file_set_contents (g_getenv ("DOCKET_KEEP_SCREENSHOT"), data, len, NULL));
        }
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }

  /* A user the server does not know is told, in one line. */
  g_assert_cmpint (ctl_remote (&s, "docket-r-nobody", &out, &err, "user", "whoami", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Cannot reach docketd on docket-r-nobody@127.0.0.1 over SSH"));
  g_assert_null (strchr (g_strstrip (err), '\n'));

  stop (s.sshd);
  stop (s.daemon);
  stop (s.bus);
  for (guint i = 0; i < G_N_ELEMENTS (users) + 1; i++)
    if (s.created[i])
      {
        const char *argv[] = { "userdel", i < G_N_ELEMENTS (users) ? users[i] : g_getenv ("DOCKET_DAEMON_USER"), NULL };
        run_checked (argv);
      }
  docket_test_remove_dir (s.dir);
  g_free (s.dir);
  g_free (s.ssh_command);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/remote/ssh", test_ssh);
  return g_test_run ();
}
