/* docketd: keeps Docket's driver licence records and serves them on D-Bus. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <glib-unix.h>
#include <sodium.h>

#include "docket-crypto.h"
#include "docket-daemon.h"
#include "docket-enums.h"

typedef struct {
  GMainLoop *loop;
  char      *failure;
} Run;

static gboolean
on_signal (gpointer user_data)
{
  Run *run = user_data;

  g_message ("Stopping on signal");
  g_main_loop_quit (run->loop);
  return G_SOURCE_CONTINUE;
}

static void
on_stopped (DocketDaemon *daemon,
            const char   *message,
            Run          *run)
{
  if (message != NULL && run->failure == NULL)
    run->failure = g_strdup (message);
  g_main_loop_quit (run->loop);
}

static gboolean
parse_roles (const char *list, guint *roles, GError **error)
{
  g_auto(GStrv) names = g_strsplit (list, ",", -1);

  *roles = 0;
  for (guint i = 0; names[i]; i++)
    {
      char *name = g_strstrip (names[i]);
      int r;

      if (*name == '\0')
        continue;
      r = docket_enum_from_string (docket_role_names, name);
      if (r < 0)
        {
          g_autofree char *allowed = docket_enum_describe (docket_role_names);
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--roles: '%s' is not a role; use %s", name, allowed);
          return FALSE;
        }
      *roles |= 1u << r;
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DocketDaemon) daemon = NULL;
  g_autofree char *state_dir = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *roles = NULL;
  gboolean session_bus = FALSE, replace = FALSE, version = FALSE;
  DocketDaemonOptions options = { 0 };
  const char *state_env;
  Run run = { 0 };
  const GOptionEntry entries[] = {
    { "session-bus", 0, 0, G_OPTION_ARG_NONE, &session_bus, "Serve on the session bus", NULL },
    { "state-directory", 0, 0, G_OPTION_ARG_FILENAME, &state_dir,
      "Keep the database and key in DIR (when $STATE_DIRECTORY is not set)", "DIR" },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path, "Read settings from FILE", "FILE" },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace, "Take over the bus name", NULL },
    { "roles", 0, 0, G_OPTION_ARG_STRING, &roles,
      "On the session bus, the roles of the daemon's own user (default: all)", "LIST" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  umask (0077);
  docket_crypto_harden_process ();

  context = g_option_context_new ("- Docket licensing daemon");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("docketd: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (version)
    {
      g_print ("docketd %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  if (sodium_init () < 0)
    {
      g_printerr ("docketd: libsodium could not be initialised\n");
      return EXIT_FAILURE;
    }

  options.session_bus = session_bus;
  options.replace = replace;
  options.session_roles = DOCKET_ROLE_ALL;
  if (roles != NULL)
    {
      if (!session_bus)
        {
          g_printerr ("docketd: --roles applies only with --session-bus\n");
          return EXIT_FAILURE;
        }
      if (!parse_roles (roles, &options.session_roles, &error))
        {
          g_printerr ("docketd: %s\n", error->message);
          return EXIT_FAILURE;
        }
    }

  /* systemd may pass several directories, separated by colons. */
  state_env = g_getenv ("STATE_DIRECTORY");
  if (state_env != NULL && *state_env != '\0')
    {
      g_auto(GStrv) dirs = g_strsplit (state_env, ":", 2);
      options.state_dir = g_strdup (dirs[0]);
    }
  else if (state_dir != NULL)
    options.state_dir = g_strdup (state_dir);
  else
    {
      g_printerr ("docketd: no state directory: set $STATE_DIRECTORY or pass --state-directory\n");
      return EXIT_FAILURE;
    }
  options.config_path = config_path;

  daemon = docket_daemon_new (&options);
  g_free (options.state_dir);

  run.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (daemon, "stopped", G_CALLBACK (on_stopped), &run);
  g_unix_signal_add (SIGTERM, on_signal, &run);
  g_unix_signal_add (SIGINT, on_signal, &run);

  if (!docket_daemon_start (daemon, &error))
    {
      g_printerr ("docketd: %s\n", error->message);
      g_main_loop_unref (run.loop);
      return EXIT_FAILURE;
    }

  g_main_loop_run (run.loop);
  docket_daemon_stop (daemon);
  g_clear_object (&daemon);
  g_main_loop_unref (run.loop);

  if (run.failure != NULL)
    {
      g_printerr ("docketd: %s\n", run.failure);
      g_free (run.failure);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
