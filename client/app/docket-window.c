/* DocketWindow: shows the views while docketd is there, a status page
 * while it is not, and hides what the user's roles do not allow. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "docket-audit-view.h"
#include "docket-flags-view.h"
#include "docket-drivers-view.h"
#include "docket-hearing-room.h"
#include "docket-hearings-view.h"
#include "docket-labels.h"
#include "docket-stats-view.h"
#include "docket-connect-dialog.h"
#include "docket-publication-window.h"
#include "docket-retention-window.h"
#include "docket-window.h"

struct _DocketWindow
{
  AdwApplicationWindow  parent_instance;

  DocketClient         *client;

  AdwToastOverlay      *toasts;
  AdwViewSwitcherTitle *switcher_title;
  GtkStack             *main_stack;
  AdwStatusPage        *offline_page;
  AdwViewStack         *views;
  AdwViewStackPage     *room_page;
  AdwViewStackPage     *audit_page;
  AdwViewStackPage     *flags_page;
  GtkLabel             *user_label;
  DocketDriversView    *drivers_view;
  DocketHearingsView   *hearings_view;
  DocketHearingRoom    *room;
  DocketStatsView      *stats_view;
  DocketAuditView      *audit_view;
  DocketFlagsView      *flags_view;
  gboolean              narrow;
  guint                 narrow_idle;
};

G_DEFINE_FINAL_TYPE (DocketWindow, docket_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_connection (DocketWindow *self)
{
  gboolean connected = docket_client_get_connected (self->client);
  const char *problem = docket_client_get_problem (self->client);
  guint roles = docket_client_get_roles (self->client);

  gtk_stack_set_visible_child_name (self->main_stack, connected ? "views" : "offline");
  adw_status_page_set_description (self->offline_page, problem ? problem
      : _("The Docket service is not running. This window reconnects by itself as soon as it starts."));
  if (connected)
    {
      g_autofree char *joined = docket_label_roles (roles);
      const char *host = docket_client_get_host (self->client);
      const char *user = docket_client_get_user (self->client);
      const char *at = host ? strrchr (host, '@') : NULL;
      g_autofree char *tip = host
          ? g_strdup_printf (_("Signed in as %s on %s: %s"), user, at ? at + 1 : host, joined)
          : g_strdup_printf (_("Signed in as %s: %s"), user, joined);
      g_autofree char *where = host ? g_strdup_printf (_("%s on %s"), user, at ? at + 1 : host) : g_strdup (user);

      gtk_label_set_label (self->user_label, where);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->user_label), tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->user_label), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
    }
  else
    gtk_label_set_label (self->user_label, "");
  adw_view_stack_page_set_visible (self->audit_page,
                                   connected && (roles & (DOCKET_ROLE_MASK (AUDITOR) | DOCKET_ROLE_MASK (ADMIN))));
  adw_view_stack_page_set_visible (self->flags_page,
                                   connected && (roles & (DOCKET_ROLE_MASK (OFFICER) | DOCKET_ROLE_MASK (DECISION_MAKER) |
                                                          DOCKET_ROLE_MASK (AUDITOR))));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.retention",
                                 connected && (roles & (DOCKET_ROLE_MASK (OFFICER) | DOCKET_ROLE_MASK (AUDITOR))));
  adw_view_stack_page_set_visible (self->room_page,
                                   connected && (roles & (DOCKET_ROLE_MASK (OFFICER) | DOCKET_ROLE_MASK (DECISION_MAKER) |
                                                          DOCKET_ROLE_MASK (BOARD_MEMBER))));
}

static void
on_client_notify (DocketClient *client, GParamSpec *pspec, DocketWindow *self)
{
  update_connection (self);
}

static void
view_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  docket_window_show_view (DOCKET_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
search_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketWindow *self = DOCKET_WINDOW (widget);

  docket_window_show_view (self, "drivers");
  docket_drivers_view_focus_search (self->drivers_view);
}

static void
new_driver_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketWindow *self = DOCKET_WINDOW (widget);

  docket_window_show_view (self, "drivers");
  gtk_widget_activate_action (GTK_WIDGET (self->drivers_view), "drivers.new", NULL);
}

/* Connect to Server…: another server over SSH, or this computer. */
static void
connect_action (GtkWidget *widget, const char *action, GVariant *param)
{
  DocketWindow *self = DOCKET_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (docket_connect_dialog_new (GTK_WINDOW (self), self->client)));
}

static void
publication_action (GtkWidget *widget, const char *action, GVariant *param)
{
  DocketWindow *self = DOCKET_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (docket_publication_window_new (GTK_WINDOW (self), self->client)));
}

/* Retention Schedule…: what the schedule erases next (officers, auditors). */
static void
retention_action (GtkWidget *widget, const char *action, GVariant *param)
{
  DocketWindow *self = DOCKET_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (docket_retention_window_new (GTK_WINDOW (self), self->client)));
}

static void
reload_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketWindow *self = DOCKET_WINDOW (widget);

  docket_drivers_view_reload (self->drivers_view);
  docket_hearings_view_reload (self->hearings_view);
  docket_hearing_room_reload (self->room);
  docket_stats_view_reload (self->stats_view);
  docket_audit_view_reload (self->audit_view);
  docket_flags_view_reload (self->flags_view);
}

/* In a phone-sized window the view switcher at the bottom has about 60 px
 * a view: the long titles give way to short ones rather than be cut. */
static gboolean
apply_narrow (gpointer data)
{
  DocketWindow *self = data;

  self->narrow_idle = 0;
  adw_view_stack_page_set_title (self->room_page, self->narrow ? C_("short", "Room") : _("Hearing Room"));
  adw_view_stack_page_set_title (self->audit_page, self->narrow ? C_("short", "Audit") : _("Audit Log"));
  return G_SOURCE_REMOVE;
}

static void
docket_window_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  DocketWindow *self = DOCKET_WINDOW (widget);

  GTK_WIDGET_CLASS (docket_window_parent_class)->size_allocate (widget, width, height, baseline);
  if ((width < 560) != self->narrow)
    {
      self->narrow = width < 560;
      if (!self->narrow_idle)
        self->narrow_idle = g_idle_add (apply_narrow, self);
    }
}

static void
docket_window_dispose (GObject *object)
{
  DocketWindow *self = DOCKET_WINDOW (object);

  if (self->client)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_handle_id (&self->narrow_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOCKET_TYPE_WINDOW);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (docket_window_parent_class)->dispose (object);
}

static void
docket_window_class_init (DocketWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = docket_window_dispose;
  widget_class->size_allocate = docket_window_size_allocate;

  g_type_ensure (DOCKET_TYPE_DRIVERS_VIEW);
  g_type_ensure (DOCKET_TYPE_HEARINGS_VIEW);
  g_type_ensure (DOCKET_TYPE_HEARING_ROOM);
  g_type_ensure (DOCKET_TYPE_STATS_VIEW);
  g_type_ensure (DOCKET_TYPE_AUDIT_VIEW);
  g_type_ensure (DOCKET_TYPE_FLAGS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DocketWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, DocketWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, DocketWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DocketWindow, offline_page);
  gtk_widget_class_bind_template_child (widget_class, DocketWindow, views);
  gtk_widget_class_bind_template_child (widget_class, DocketWindow, room_page);
  gtk_widget_class_bind_template_child (widget_class, DocketWindow, audit_page);
  gtk_widget_class_bind_template_child (widget_class, DocketWindow, flags_page);
  gtk_widget_class_bind_template_child (widget_class, DocketWindow, user_label);
  gtk_widget_class_bind_template_child (widget_class, DocketWindow, drivers_view);
  gtk_widget_class_bind_template_child (widget_class, DocketWindow, hearings_view);
  gtk_widget_class_bind_template_child (widget_class, DocketWindow, room);
  gtk_widget_class_bind_template_child (widget_class, DocketWindow, stats_view);
  gtk_widget_class_bind_template_child (widget_class, DocketWindow, audit_view);
  gtk_widget_class_bind_template_child (widget_class, DocketWindow, flags_view);

  gtk_widget_class_install_action (widget_class, "win.view", "s", view_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.new-driver", NULL, new_driver_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "win.publication", NULL, publication_action);
  gtk_widget_class_install_action (widget_class, "win.retention", NULL, retention_action);
}

static void
docket_window_init (DocketWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

DocketWindow *
docket_window_new (DocketApplication *app)
{
  return docket_window_new_for_client (app, docket_application_get_client (app));
}

DocketWindow *
docket_window_new_for_client (DocketApplication *app, DocketClient *client)
{
  DocketWindow *self = g_object_new (DOCKET_TYPE_WINDOW, "application", app, NULL);

  self->client = g_object_ref (client);
  g_signal_connect (self->client, "notify", G_CALLBACK (on_client_notify), self);
  docket_drivers_view_set_client (self->drivers_view, self->client);
  docket_hearings_view_set_client (self->hearings_view, self->client);
  docket_hearing_room_set_client (self->room, self->client);
  docket_stats_view_set_client (self->stats_view, self->client);
  docket_audit_view_set_client (self->audit_view, self->client);
  docket_flags_view_set_client (self->flags_view, self->client);
  update_connection (self);
  return self;
}

DocketClient *
docket_window_get_client (DocketWindow *self)
{
  return self->client;
}

void
docket_window_show_view (DocketWindow *self, const char *name)
{
  adw_view_stack_set_visible_child_name (self->views, name);
}

void
docket_window_show_driver (DocketWindow *self, const char *licence)
{
  docket_window_show_view (self, "drivers");
  docket_drivers_view_show_driver (self->drivers_view, licence);
}

void
docket_window_show_hearing (DocketWindow *self, gint64 hearing)
{
  docket_window_show_view (self, "hearings");
  docket_hearings_view_show_hearing (self->hearings_view, hearing);
}

void
docket_window_open_room (DocketWindow *self, gint64 hearing)
{
  docket_window_show_view (self, "room");
  docket_hearing_room_set_hearing (self->room, hearing);
}

void
docket_toast (GtkWidget *widget, const char *text)
{
  GtkWidget *window = gtk_widget_get_ancestor (widget, DOCKET_TYPE_WINDOW);
  g_autofree char *shown = docket_format_dates_in (text);
  AdwToast *toast;

  if (window == NULL)
    {
      g_message ("%s", shown);
      return;
    }
  /* libadwaita 1.2 reads a toast's title as markup: an ampersand or a <
   * in docketd's message is text. */
  {
    g_autofree char *escaped = g_markup_escape_text (shown, -1);
    toast = adw_toast_new (escaped);
  }
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (DOCKET_WINDOW (window)->toasts, toast);
}

void
docket_toast_error (GtkWidget *widget, const char *doing, const GError *error)
{
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  message = docket_ui_error_text (error);
  text = doing ? g_strdup_printf ("%s: %s", doing, message) : g_strdup (message);
  docket_toast (widget, text);
}

DocketClient *
docket_widget_get_client (GtkWidget *widget)
{
  GtkWidget *window = gtk_widget_get_ancestor (widget, DOCKET_TYPE_WINDOW);

  return window ? DOCKET_WINDOW (window)->client : NULL;
}

GtkWidget *
docket_window_get_view (DocketWindow *self, const char *name)
{
  return adw_view_stack_get_child_by_name (self->views, name);
}

const char *
docket_window_get_state (DocketWindow *self)
{
  return gtk_stack_get_visible_child_name (self->main_stack);
}
