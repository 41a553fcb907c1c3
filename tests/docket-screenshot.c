/* docket-screenshot: renders the client's views with the data of the
 * docketd on the session bus to PNG files, as a user sees them. Used by
 * tools/screenshots.sh for docs/screenshots/. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "docket-application.h"
#include "docket-audit-view.h"
#include "docket-drivers-view.h"
#include "docket-driver-page.h"
#include "docket-hearing-room.h"
#include "docket-hearings-view.h"
#include "docket-stats-view.h"
#include "docket-labels.h"
#include "docket-publication-window.h"
#include "docket-window.h"

static char *out_dir;
static char **views;
static char *driver;
static gint64 hearing;
static int width = 1400, height = 900;

static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
}

static void
save (GtkWidget *window, const char *name)
{
  int w = gtk_widget_get_width (window), h = gtk_widget_get_height (window);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_strdup_printf ("%s/%s.png", out_dir, name);

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (!gdk_texture_save_to_png (texture, path))
    g_printerr ("docket-screenshot: cannot write %s\n", path);
  else
    g_print ("%s\n", path);
}

/* Names the innermost widgets wider at their minimum than the width asked
 * for: what stops the window from narrowing. */
static gboolean
report_wide (GtkWidget *w, int limit, int depth)
{
  int min = 0;
  gboolean child_wide = FALSE;

  if (!gtk_widget_get_visible (w))
    return FALSE;
  gtk_widget_measure (w, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min <= limit)
    return FALSE;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    child_wide |= report_wide (c, limit, depth + 1);
  if (!child_wide)
    {
      g_autoptr(GString) path = g_string_new (NULL);
      for (GtkWidget *p = w; p; p = gtk_widget_get_parent (p))
        {
          const char *name = gtk_widget_get_name (p);
          if (!g_str_equal (name, G_OBJECT_TYPE_NAME (p)) || GTK_IS_ROOT (p) || G_OBJECT_TYPE_NAME (p)[0] == 'D')
            g_string_prepend (path, name), g_string_prepend (path, "/");
        }
      static GHashTable *seen;
      g_autofree char *line = NULL;
      if (GTK_IS_LABEL (w))
        g_string_append_printf (path, " \"%.60s\"", gtk_label_get_text (GTK_LABEL (w)));
      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        {
          int cmin = 0;
          gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, &cmin, NULL, NULL, NULL);
          g_string_append_printf (path, " %s%s%s=%d", G_OBJECT_TYPE_NAME (c),
                                  GTK_IS_LABEL (c) || GTK_IS_BUTTON (c) ? ":" : "",
                                  GTK_IS_LABEL (c) ? gtk_label_get_text (GTK_LABEL (c))
                                  : GTK_IS_BUTTON (c) && gtk_button_get_label (GTK_BUTTON (c)) ? gtk_button_get_label (GTK_BUTTON (c)) : "",
                                  cmin);
        }
      line = g_strdup_printf ("  %d px: %s %s\n", min, G_OBJECT_TYPE_NAME (w), path->str);
      if (!seen)
        seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      if (g_hash_table_add (seen, g_strdup (line)))
        g_printerr ("%s", line);
    }
  return TRUE;
}

static GtkWidget *
find (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find (c, type);
      if (found)
        return found;
    }
  return NULL;
}

static void
activate (GApplication *app)
{
  DocketWindow *window = docket_window_new (DOCKET_APPLICATION (app));
  DocketClient *client = docket_window_get_client (window);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  for (int i = 0; i < 500 && !docket_client_get_connected (client); i++)
    settle (20);
  if (docket_client_get_connected (client))
    g_print ("connected as %s%s%s\n", docket_client_get_user (client),
             docket_client_get_host (client) ? " on " : "",
             docket_client_get_host (client) ? docket_client_get_host (client) : "");
  else
    g_print ("not connected: %s\n", docket_client_get_problem (client));
  settle (1500);
  if (width < 600)
    report_wide (GTK_WIDGET (window), width, 0);

  for (char **v = views; v && *v; v++)
    {
      if (g_str_equal (*v, "publication"))
        {
          g_autofree char *today = docket_today_text ();
          DocketPublicationWindow *pub = docket_publication_window_new (GTK_WINDOW (window), client);
          gtk_window_set_default_size (GTK_WINDOW (pub), MIN (width, 760), MIN (height, 860));
          gtk_window_present (GTK_WINDOW (pub));
          docket_publication_window_show (pub, "2000-01-01", today);
          settle (2500);
          save (GTK_WIDGET (pub), *v);
          if (width < 600)
            report_wide (GTK_WIDGET (pub), width, 0);
          gtk_window_destroy (GTK_WINDOW (pub));
          continue;
        }
      if (g_str_equal (*v, "annual"))
        {
          /* The statistics view's annual return page. */
          docket_window_show_view (window, "statistics");
          g_object_set (docket_stats_view_get_widget (DOCKET_STATS_VIEW (docket_window_get_view (window, "statistics")),
                                                      "pages"), "visible-child-name", "annual", NULL);
        }
      else if (!g_str_equal (*v, "driver"))
        docket_window_show_view (window, *v);
      if (g_str_equal (*v, "driver") && driver)
        {
          docket_window_show_driver (window, driver);
          settle (800);
          gtk_widget_activate_action (find (GTK_WIDGET (window), DOCKET_TYPE_DRIVER_PAGE), "driver.reveal", NULL);
        }
      else if (g_str_equal (*v, "hearings") && hearing)
        docket_window_show_hearing (window, hearing);
      else if (g_str_equal (*v, "room") && hearing)
        docket_window_open_room (window, hearing);
      else if (g_str_equal (*v, "audit"))
        {
          settle (500);
          gtk_widget_activate_action (find (GTK_WIDGET (window), DOCKET_TYPE_AUDIT_VIEW), "audit.verify", NULL);
        }
      settle (2500);
      save (GTK_WIDGET (window), *v);
      if (width < 600)
        report_wide (GTK_WIDGET (window), width, 0);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (app);
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- render the views to PNG");
  g_autoptr(GError) error = NULL;
  g_autoptr(DocketApplication) app = NULL;
  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_dir, "Folder for the PNG files", "DIR" },
    { "view", 0, 0, G_OPTION_ARG_STRING_ARRAY, &views, "drivers, driver, hearings, room, statistics, annual, audit or publication", "VIEW" },
    { "driver", 0, 0, G_OPTION_ARG_STRING, &driver, "The licence the driver view shows", "LICENCE" },
    { "hearing", 0, 0, G_OPTION_ARG_INT64, &hearing, "The hearing the hearings view and room show", "ID" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Window width (default 1400)", "PX" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Window height (default 900)", "PX" },
    { NULL }
  };

  /* As docket itself: the locale, and the build's catalogues when
   * $DOCKET_LOCALEDIR names them (LANGUAGE=cy for Welsh). */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DOCKET_LOCALEDIR") && *g_getenv ("DOCKET_LOCALEDIR")
                                   ? g_getenv ("DOCKET_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || out_dir == NULL)
    {
      g_printerr ("docket-screenshot: %s\n", error ? error->message : "give --out DIR");
      return 2;
    }
  app = docket_application_new ();
  /* Unique as Docket itself is, unless acting as another user
   * ($DOCKET_AS): tools/check-demo.sh relies on it for make demo-panel. */
  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
