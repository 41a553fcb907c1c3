/* DocketApplication: one DocketClient for all windows, the app-level
 * actions and their accelerators. */
#include "config.h"

#include <glib/gi18n.h>

#include "docket-application.h"
#include "docket-resources.h"
#include "docket-window.h"

struct _DocketApplication
{
  AdwApplication  parent_instance;
  DocketClient   *client;
  char           *host;       /* --host or $DOCKET_HOST: a server over SSH */
};

G_DEFINE_FINAL_TYPE (DocketApplication, docket_application, ADW_TYPE_APPLICATION)

static void
about_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { "The Docket developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Docket"),
                         "application-icon", "org.docket.Docket",
                         "version", PACKAGE_VERSION,
                         "comments", _("Case hearings for taxi and private hire driver licensing"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
quit_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
docket_application_activate (GApplication *app)
{
  DocketApplication *self = DOCKET_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (docket_window_new (self));
  gtk_window_present (window);
}

static void
docket_application_startup (GApplication *app)
{
  DocketApplication *self = DOCKET_APPLICATION (app);
  const char *bus = g_getenv ("DOCKET_BUS");
  static const GActionEntry entries[] = {
    { "about", about_action },
    { "quit", quit_action },
  };
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.view('drivers')", { "<Alt>1", NULL } },
    { "win.view('hearings')", { "<Alt>2", NULL } },
    { "win.view('room')", { "<Alt>3", NULL } },
    { "win.view('flags')", { "<Alt>4", NULL } },
    { "win.view('statistics')", { "<Alt>5", NULL } },
    { "win.view('audit')", { "<Alt>6", NULL } },
    { "win.new-driver", { "<Control>n", NULL } },
    { "win.reload", { "<Control>r", "F5", NULL } },
  };

  G_APPLICATION_CLASS (docket_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  if (self->host == NULL && g_getenv ("DOCKET_HOST") != NULL && *g_getenv ("DOCKET_HOST") != '\0')
    self->host = g_strdup (g_getenv ("DOCKET_HOST"));
  self->client = docket_client_new_for_host (g_strcmp0 (bus, "session") == 0 ? G_BUS_TYPE_SESSION : G_BUS_TYPE_SYSTEM,
                                             self->host, g_getenv ("DOCKET_AS"));
}

/* --host [USER@]HOST reaches docketd on a server over SSH. */
static int
docket_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  DocketApplication *self = DOCKET_APPLICATION (app);
  const char *host = NULL;

  if (g_variant_dict_lookup (options, "host", "&s", &host))
    {
      g_free (self->host);
      self->host = g_strdup (host);
      /* A window on another server is a Docket of its own, beside one
       * already open on this computer. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }
  /* A window acting as another user (DOCKET_AS, on a developer's own bus)
   * is a Docket of its own too: the decision-maker's and a member's side
   * by side. */
  if (g_getenv ("DOCKET_AS") != NULL && *g_getenv ("DOCKET_AS") != '\0')
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
  return -1;
}

static void
docket_application_shutdown (GApplication *app)
{
  DocketApplication *self = DOCKET_APPLICATION (app);

  G_APPLICATION_CLASS (docket_application_parent_class)->shutdown (app);
  g_clear_object (&self->client);
  g_clear_pointer (&self->host, g_free);
}

static void
docket_application_class_init (DocketApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = docket_application_activate;
  app_class->startup = docket_application_startup;
  app_class->shutdown = docket_application_shutdown;
  app_class->handle_local_options = docket_application_handle_local_options;
}

static void
docket_application_init (DocketApplication *self)
{
  const GOptionEntry entries[] = {
    { "host", 'H', 0, G_OPTION_ARG_STRING, NULL,
      N_("Reach Docket on a server over SSH, as your account there"), N_("[USER@]HOST") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  /* Linked from a static library, the resources' constructor may not have
   * run: register them unless they are there. */
  if (!g_resources_get_info ("/org/docket/Docket/docket-window.ui", G_RESOURCE_LOOKUP_FLAGS_NONE,
                             NULL, NULL, NULL))
    g_resources_register (docket_get_resource ());
}

DocketApplication *
docket_application_new (void)
{
  return g_object_new (DOCKET_TYPE_APPLICATION,
                       "application-id", "org.docket.Docket",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/docket/Docket",
                       NULL);
}

DocketClient *
docket_application_get_client (DocketApplication *self)
{
  return self->client;
}
