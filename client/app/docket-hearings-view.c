/* DocketHearingsView: Hearings.List for the days to come and the past
 * year, Hearings.Get for the day shown; refreshed by HearingChanged and
 * CaseChanged from any client. */
#include "config.h"

#include <glib/gi18n.h>

#include "docket-hearing-editor.h"
#include "docket-hearings-view.h"
#include "docket-wrap-box.h"
#include "docket-labels.h"
#include "docket-ui.h"
#include "docket-window.h"

struct _DocketHearingsView
{
  AdwBin        parent_instance;

  DocketClient *client;
  GCancellable *cancellable;
  GVariant     *upcoming;
  GVariant     *past;
  GVariant     *hearing;
  gint64        shown;
  guint         reload_source;
  gboolean      reload_hearing;

  AdwLeaflet   *leaflet;
  GtkWidget    *list_pane;
  GtkWidget    *schedule_button;
  GtkListBox   *upcoming_list;
  GtkListBox   *past_list;
  GtkWidget    *notices_group;
  GtkListBox   *notices_list;
  GtkStack     *detail_stack;
  GtkLabel     *title_label;
  GtkLabel     *subtitle_label;
  GtkWidget    *room_button;
  GtkWidget    *add_case_button;
  GtkWidget    *reschedule_button;
  GtkWidget    *cancel_button;
  GtkWidget    *lock_button;
  GtkListBox   *panel_list;
  AdwPreferencesGroup *cases_group;
  GtkListBox   *cases_list;
};

G_DEFINE_FINAL_TYPE (DocketHearingsView, docket_hearings_view, ADW_TYPE_BIN)

static void load_list (DocketHearingsView *self);
static void load_hearing (DocketHearingsView *self);

static char *
hearing_title (GVariant *h)
{
  g_autofree char *date = docket_format_date (docket_lookup (h, "date"));

  return g_strdup_printf ("%s %s", date, docket_lookup (h, "time"));
}

static void
on_hearing_row_activated (AdwActionRow *row, DocketHearingsView *self)
{
  docket_hearings_view_show_hearing (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "id")));
}

static void
fill_list (GtkListBox *list, GVariant *hearings, gboolean newest_first, DocketHearingsView *self)
{
  gsize n = hearings ? g_variant_n_children (hearings) : 0;

  docket_list_box_clear (list);
  for (gsize k = 0; k < n; k++)
    {
      g_autoptr(GVariant) h = g_variant_get_child_value (hearings, newest_first ? n - 1 - k : k);
      g_autofree char *title = hearing_title (h);
      g_autofree char *sub = g_strdup_printf (_("%s · %s · %u of %u listed, %u decided · %s"),
                                              docket_lookup (h, "venue"), docket_label_mode (docket_lookup (h, "mode")),
                                              docket_lookup_uint (h, "listed"), docket_lookup_uint (h, "capacity"),
                                              docket_lookup_uint (h, "decided"),
                                              docket_label_hearing_state (docket_lookup (h, "state")));
      GtkWidget *row = docket_row_add (list, title, sub);
      g_object_set_data (G_OBJECT (row), "id", GSIZE_TO_POINTER (docket_lookup_id (h, "id")));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_signal_connect (row, "activated", G_CALLBACK (on_hearing_row_activated), self);
    }
  if (n == 0)
    docket_row_add (list, _("None"), NULL);
}

typedef struct {
  DocketHearingsView *self;
  gboolean            upcoming;
} ListCall;

static void
list_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autofree ListCall *call = user_data;
  DocketHearingsView *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) hearings = NULL;

  if (!docket_dbus_hearings_call_list_finish (DOCKET_DBUS_HEARINGS (source), &hearings, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;  /* the widget may be gone */
      docket_toast_error (GTK_WIDGET (self), _("Could not list the hearings"), error);
      return;
    }
  if (call->upcoming)
    {
      g_clear_pointer (&self->upcoming, g_variant_unref);
      self->upcoming = g_steal_pointer (&hearings);
      fill_list (self->upcoming_list, self->upcoming, FALSE, self);
    }
  else
    {
      g_clear_pointer (&self->past, g_variant_unref);
      self->past = g_steal_pointer (&hearings);
      fill_list (self->past_list, self->past, TRUE, self);
    }
}

/* The decisions whose statement has not been given (Hearings.ListNotices),
 * overdue ones marked: an officer's queue. */
static void
notices_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketHearingsView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) notices = NULL;
  gsize n;

  if (!docket_dbus_hearings_call_list_notices_finish (DOCKET_DBUS_HEARINGS (source), &notices, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_widget_set_visible (self->notices_group, FALSE);
      return;
    }
  docket_list_box_clear (self->notices_list);
  n = g_variant_n_children (notices);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) e = g_variant_get_child_value (notices, i);
      g_autofree char *decided = docket_format_date (docket_lookup (e, "decided"));
      g_autofree char *due = docket_format_date (docket_lookup (e, "due"));
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, docket_lookup_id (e, "case"));
      /* Translators: case number, licence, outcome, date of the decision */
      g_autofree char *title = g_strdup_printf (_("Case %s · %s · %s on %s"), number,
                                                docket_lookup (e, "licence"),
                                                docket_label_outcome (docket_lookup (e, "outcome")), decided);
      gboolean overdue = FALSE;
      g_autofree char *sub = NULL;
      GtkWidget *row;

      g_variant_lookup (e, "overdue", "b", &overdue);
      sub = overdue ? g_strdup_printf (_("Overdue: due by %s"), due) : g_strdup_printf (_("Give by %s"), due);
      row = docket_row_add (self->notices_list, title, sub);
      if (overdue)
        gtk_widget_add_css_class (row, "error");
    }
  gtk_widget_set_visible (self->notices_group, n > 0);
}

static void
load_list (DocketHearingsView *self)
{
  DocketDBusHearings *hearings = docket_client_get_hearings (self->client);
  g_autofree char *today = docket_today_text ();
  g_autofree char *yesterday = NULL, *year_ago = NULL;
  g_autoptr(GDate) d = g_date_new ();
  char buf[16];

  if (hearings == NULL)
    return;
  g_date_set_parse (d, today);
  g_date_subtract_days (d, 1);
  g_snprintf (buf, sizeof buf, "%04u-%02u-%02u", g_date_get_year (d), g_date_get_month (d), g_date_get_day (d));
  yesterday = g_strdup (buf);
  g_date_subtract_days (d, 365);
  g_snprintf (buf, sizeof buf, "%04u-%02u-%02u", g_date_get_year (d), g_date_get_month (d), g_date_get_day (d));
  year_ago = g_strdup (buf);

  {
    ListCall *call = g_new0 (ListCall, 1);
    g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
    call->self = self;
    call->upcoming = TRUE;
    g_variant_builder_add (&b, "{sv}", "from", g_variant_new_string (today));
    docket_dbus_hearings_call_list (hearings, g_variant_builder_end (&b), self->cancellable, list_cb, call);
  }
  docket_dbus_hearings_call_list_notices (hearings, g_variant_new ("a{sv}", NULL), self->cancellable,
                                          notices_cb, self);
  {
    ListCall *call = g_new0 (ListCall, 1);
    g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
    call->self = self;
    g_variant_builder_add (&b, "{sv}", "from", g_variant_new_string (year_ago));
    g_variant_builder_add (&b, "{sv}", "to", g_variant_new_string (yesterday));
    docket_dbus_hearings_call_list (hearings, g_variant_builder_end (&b), self->cancellable, list_cb, call);
  }
}

static void
on_case_row_activated (AdwActionRow *row, DocketHearingsView *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), DOCKET_TYPE_WINDOW);
  const char *licence = g_object_get_data (G_OBJECT (row), "licence");

  if (window && licence)
    docket_window_show_driver (DOCKET_WINDOW (window), licence);
}

static void
update_actions (DocketHearingsView *self)
{
  const char *state = docket_lookup (self->hearing, "state");
  gboolean open = g_strcmp0 (state, "scheduled") == 0;
  gboolean officer = docket_client_has_role (self->client, DOCKET_ROLE_OFFICER);
  gboolean dm = g_strcmp0 (docket_lookup (self->hearing, "decision-maker"), docket_client_get_user (self->client)) == 0;
  gboolean sits = docket_client_has_any (self->client, DOCKET_ROLE_MASK (OFFICER) | DOCKET_ROLE_MASK (DECISION_MAKER) |
                                                       DOCKET_ROLE_MASK (BOARD_MEMBER));

  gtk_widget_set_visible (self->schedule_button, officer);
  gtk_widget_set_visible (self->add_case_button, officer && open);
  gtk_widget_set_visible (self->reschedule_button, officer && open);
  gtk_widget_set_visible (self->cancel_button, officer && open && docket_lookup_uint (self->hearing, "listed") == 0);
  gtk_widget_set_visible (self->lock_button, (officer || dm) && open);
  gtk_widget_set_visible (self->room_button, sits && g_strcmp0 (state, "cancelled") != 0);
}

static void
fill_hearing (DocketHearingsView *self)
{
  GVariant *h = self->hearing;
  g_autofree char *title = hearing_title (h);
  g_autoptr(GString) sub = g_string_new (NULL);
  g_autoptr(GVariant) panel = g_variant_lookup_value (h, "panel", G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GVariant) cases = g_variant_lookup_value (h, "cases", G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *cases_title = NULL;
  GVariantIter iter;
  GVariant *item;

  gtk_label_set_label (self->title_label, title);
  g_string_append_printf (sub, "%s · %s · %s", docket_lookup (h, "venue"), docket_label_mode (docket_lookup (h, "mode")),
                          docket_label_hearing_state (docket_lookup (h, "state")));
  if (docket_lookup (h, "state-reason"))
    g_string_append_printf (sub, " (%s)", docket_lookup (h, "state-reason"));
  gtk_label_set_label (self->subtitle_label, sub->str);

  docket_list_box_clear (self->panel_list);
  if (panel)
    {
      g_variant_iter_init (&iter, panel);
      while ((item = g_variant_iter_next_value (&iter)))
        {
          g_autoptr(GVariant) m = item;
          gboolean present;
          const char *presence = g_variant_lookup (m, "present", "b", &present)
                                 ? (present ? _("present") : _("absent")) : _("presence not recorded");
          const char *user = docket_lookup (m, "user");
          const char *name = docket_lookup (m, "name") ? docket_lookup (m, "name") : user;
          g_autofree char *s = g_strcmp0 (name, user) != 0
              ? g_strdup_printf ("%s · %s · %s", user, docket_label_role (docket_lookup (m, "role")), presence)
              : g_strdup_printf ("%s · %s", docket_label_role (docket_lookup (m, "role")), presence);
          docket_row_add (self->panel_list, name, s);
        }
    }

  docket_list_box_clear (self->cases_list);
  cases_title = g_strdup_printf (_("Cases (%u of %u)"), docket_lookup_uint (h, "listed"), docket_lookup_uint (h, "capacity"));
  adw_preferences_group_set_title (self->cases_group, cases_title);
  if (cases && g_variant_n_children (cases) > 0)
    {
      g_variant_iter_init (&iter, cases);
      while ((item = g_variant_iter_next_value (&iter)))
        {
          g_autoptr(GVariant) c = item;
          const char *outcome = docket_lookup (c, "outcome");
          g_autofree char *notified = docket_format_date (docket_lookup (c, "notified"));
          g_autofree char *title2 = g_strdup_printf ("%s · %s", docket_lookup (c, "licence"), docket_lookup (c, "name"));
          g_autoptr(GString) s = g_string_new (docket_label_case_kind (docket_lookup (c, "kind")));
          GtkWidget *row;
          if (*notified)
            g_string_append_printf (s, " · %s %s", _("notified"), notified);
          if (docket_lookup (c, "attendance"))
            g_string_append_printf (s, " · %s", docket_label_attendance (docket_lookup (c, "attendance")));
          g_string_append_printf (s, " · %s", docket_label_outcome (g_strcmp0 (outcome, "pending") ? outcome : NULL));
          if (docket_lookup_id (c, "relisted-from"))
            g_string_append (s, _(" · relisted"));
          row = docket_row_add (self->cases_list, title2, s->str);
          g_object_set_data_full (G_OBJECT (row), "licence", g_strdup (docket_lookup (c, "licence")), g_free);
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
          g_signal_connect (row, "activated", G_CALLBACK (on_case_row_activated), self);
        }
    }
  else
    docket_row_add (self->cases_list, _("No cases listed yet"), NULL);
  update_actions (self);
  gtk_stack_set_visible_child_name (self->detail_stack, "hearing");
}

static void
get_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketHearingsView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) hearing = NULL;

  if (!docket_dbus_hearings_call_get_finish (DOCKET_DBUS_HEARINGS (source), &hearing, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;  /* the widget may be gone */
      docket_toast_error (GTK_WIDGET (self), _("Could not load the hearing"), error);
      return;
    }
  g_clear_pointer (&self->hearing, g_variant_unref);
  self->hearing = g_steal_pointer (&hearing);
  fill_hearing (self);
}

static void
load_hearing (DocketHearingsView *self)
{
  DocketDBusHearings *hearings = docket_client_get_hearings (self->client);

  if (hearings && self->shown > 0)
    docket_dbus_hearings_call_get (hearings, self->shown, self->cancellable, get_cb, self);
}

/* Actions ------------------------------------------------------------------------ */

static void
schedule_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingsView *self = DOCKET_HEARINGS_VIEW (widget);

  docket_hearing_editor_schedule (widget, self->client);
}

static void
reschedule_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingsView *self = DOCKET_HEARINGS_VIEW (widget);

  if (self->hearing)
    docket_hearing_editor_reschedule (widget, self->client, self->hearing);
}

static void
add_case_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingsView *self = DOCKET_HEARINGS_VIEW (widget);

  if (self->hearing)
    docket_hearing_editor_add_case (widget, self->client, self->hearing);
}

static void
open_room_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingsView *self = DOCKET_HEARINGS_VIEW (widget);
  GtkWidget *window = gtk_widget_get_ancestor (widget, DOCKET_TYPE_WINDOW);

  if (window && self->shown)
    docket_window_open_room (DOCKET_WINDOW (window), self->shown);
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingsView *self = DOCKET_HEARINGS_VIEW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

typedef struct {
  GtkWidget  *widget;
  const char *done;
} DoneCall;

static void
simple_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autofree DoneCall *call = user_data;
  g_autoptr(GtkWidget) widget = call->widget;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, &error);

  if (reply == NULL)
    docket_toast_error (widget, NULL, error);
  else
    docket_toast (widget, call->done);
}

/* Calls @method with @args and toasts @done or the daemon's refusal. */
static void
call_simple (DocketHearingsView *self, const char *method, GVariant *args, const char *done)
{
  DocketDBusHearings *hearings = docket_client_get_hearings (self->client);
  DoneCall *call;

  if (hearings == NULL)
    return;
  call = g_new0 (DoneCall, 1);
  call->widget = g_object_ref (GTK_WIDGET (self));
  call->done = done;
  g_dbus_proxy_call (G_DBUS_PROXY (hearings), method, args, G_DBUS_CALL_FLAGS_NONE, -1,
                     self->cancellable, simple_cb, call);
}

static void
on_cancel_response (AdwMessageDialog *dialog, const char *response, DocketHearingsView *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  if (g_str_equal (response, "cancel-hearing"))
    call_simple (self, "Cancel", g_variant_new ("(xs)", self->shown, gtk_editable_get_text (entry)),
                 _("Hearing cancelled"));
}

static void
cancel_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingsView *self = DOCKET_HEARINGS_VIEW (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Cancel This Hearing?"),
                                              _("The hearing stays on record as cancelled, with your reason."));
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _("_Keep"),
                                    "cancel-hearing", _("_Cancel Hearing"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-hearing",
                                              ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_cancel_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_lock_response (AdwMessageDialog *dialog, const char *response, DocketHearingsView *self)
{
  if (g_str_equal (response, "lock"))
    call_simple (self, "Lock", g_variant_new ("(x)", self->shown), _("Hearing locked: its decisions are final"));
}

static void
lock_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingsView *self = DOCKET_HEARINGS_VIEW (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Lock This Hearing?"),
                                              _("Its decisions become final: no case can be added, changed or "
                                                "decided again. Statements, appeals and the register can still be "
                                                "recorded."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _("_Not Yet"), "lock", _("_Lock"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "lock", ADW_RESPONSE_SUGGESTED);
  g_signal_connect (dialog, "response", G_CALLBACK (on_lock_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Live updates ------------------------------------------------------------------- */

static gboolean
reload_cb (gpointer data)
{
  DocketHearingsView *self = data;

  self->reload_source = 0;
  load_list (self);
  if (self->reload_hearing)
    load_hearing (self);
  self->reload_hearing = FALSE;
  return G_SOURCE_REMOVE;
}

/* Reloads once a burst of change signals has passed. */
static void
schedule_reload (DocketHearingsView *self, gboolean hearing)
{
  self->reload_hearing |= hearing;
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (DOCKET_REFRESH_DELAY_MS, reload_cb, self);
}

static void
on_hearing_changed (DocketClient *client, gint64 id, DocketHearingsView *self)
{
  schedule_reload (self, id == self->shown);
}

static void
on_case_changed (DocketClient *client, gint64 id, gint64 hearing, DocketHearingsView *self)
{
  if (hearing == self->shown)
    schedule_reload (self, TRUE);
}

static void
on_client_notify (DocketClient *client, GParamSpec *pspec, DocketHearingsView *self)
{
  if (g_str_equal (pspec->name, "connected") || g_str_equal (pspec->name, "roles"))
    {
      load_list (self);
      load_hearing (self);
      update_actions (self);
    }
}

static void
docket_hearings_view_dispose (GObject *object)
{
  DocketHearingsView *self = DOCKET_HEARINGS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->client)
    g_signal_handlers_disconnect_by_data (self->client, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOCKET_TYPE_HEARINGS_VIEW);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (docket_hearings_view_parent_class)->dispose (object);
}

static void
docket_hearings_view_finalize (GObject *object)
{
  DocketHearingsView *self = DOCKET_HEARINGS_VIEW (object);

  g_clear_pointer (&self->upcoming, g_variant_unref);
  g_clear_pointer (&self->past, g_variant_unref);
  g_clear_pointer (&self->hearing, g_variant_unref);
  G_OBJECT_CLASS (docket_hearings_view_parent_class)->finalize (object);
}

static void
docket_hearings_view_class_init (DocketHearingsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = docket_hearings_view_dispose;
  object_class->finalize = docket_hearings_view_finalize;
  g_type_ensure (DOCKET_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-hearings-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DocketHearingsView, list_pane);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingsView, schedule_button);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingsView, upcoming_list);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingsView, notices_group);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingsView, notices_list);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingsView, past_list);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingsView, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingsView, title_label);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingsView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingsView, room_button);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingsView, add_case_button);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingsView, reschedule_button);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingsView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingsView, lock_button);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingsView, panel_list);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingsView, cases_group);
  gtk_widget_class_bind_template_child (widget_class, DocketHearingsView, cases_list);
  gtk_widget_class_install_action (widget_class, "hearings.schedule", NULL, schedule_action);
  gtk_widget_class_install_action (widget_class, "hearings.reschedule", NULL, reschedule_action);
  gtk_widget_class_install_action (widget_class, "hearings.add-case", NULL, add_case_action);
  gtk_widget_class_install_action (widget_class, "hearings.open-room", NULL, open_room_action);
  gtk_widget_class_install_action (widget_class, "hearings.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "hearings.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "hearings.back", NULL, back_action);
}

static void
docket_hearings_view_init (DocketHearingsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The bin's own child is not bound: AdwBin unparents it itself. */
  self->leaflet = ADW_LEAFLET (adw_bin_get_child (ADW_BIN (self)));
  self->cancellable = g_cancellable_new ();
}

void
docket_hearings_view_set_client (DocketHearingsView *self, DocketClient *client)
{
  g_set_object (&self->client, client);
  g_signal_connect (client, "notify", G_CALLBACK (on_client_notify), self);
  g_signal_connect (client, "hearing-changed", G_CALLBACK (on_hearing_changed), self);
  g_signal_connect (client, "case-changed", G_CALLBACK (on_case_changed), self);
  load_list (self);
  update_actions (self);
}

void
docket_hearings_view_reload (DocketHearingsView *self)
{
  load_list (self);
  load_hearing (self);
}

void
docket_hearings_view_show_hearing (DocketHearingsView *self, gint64 hearing)
{
  self->shown = hearing;
  load_hearing (self);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail_stack));
}

GVariant *
docket_hearings_view_get_list (DocketHearingsView *self)
{
  return self->upcoming;
}

GVariant *
docket_hearings_view_get_hearing (DocketHearingsView *self)
{
  return self->hearing;
}

gpointer
docket_hearings_view_get_widget (DocketHearingsView *self, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (self), DOCKET_TYPE_HEARINGS_VIEW, name);
}
