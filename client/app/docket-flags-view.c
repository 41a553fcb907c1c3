/* DocketFlagsView: Compliance.ListFlags by status, open ones first, with
 * the latest audit run's figures; an officer dismisses a flag with a
 * reason or refers it to one of the hearings to come, and can run an audit
 * at once. Reloads when docketd says compliance changed. */
#include "config.h"

#include <glib/gi18n.h>

#include "docket-flags-view.h"
#include "docket-wrap-box.h"
#include "docket-labels.h"
#include "docket-ui.h"
#include "docket-validate.h"
#include "docket-window.h"

#define FLAGS_PAGE 200

static const char * const statuses[] = { "open", "referred", "dismissed", "resolved", "", NULL };

struct _DocketFlagsView
{
  AdwBin        parent_instance;

  DocketClient *client;
  GCancellable *cancellable;   /* reads: replaced by each reload */
  GCancellable *actions;       /* writes: cancelled only when the view goes */
  guint         count;
  char         *figures;
  guint         reload_source;
  GVariant     *hearings;     /* the scheduled hearings to come, for Refer */

  GtkDropDown  *status_dropdown;
  GtkWidget    *run_button;
  GtkLabel     *figures_label;
  GtkListBox   *flags;
};

G_DEFINE_FINAL_TYPE (DocketFlagsView, docket_flags_view, ADW_TYPE_BIN)

static void fetch (DocketFlagsView *self);

static gboolean
is_officer (DocketFlagsView *self)
{
  return docket_client_has_any (self->client, DOCKET_ROLE_MASK (OFFICER));
}

static gboolean
allowed (DocketFlagsView *self)
{
  return docket_client_has_any (self->client, DOCKET_ROLE_MASK (OFFICER) | DOCKET_ROLE_MASK (DECISION_MAKER) |
                                              DOCKET_ROLE_MASK (AUDITOR));
}

/* Dismiss ------------------------------------------------------------------ */

static void
dismiss_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(DocketFlagsView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!docket_dbus_compliance_call_dismiss_flag_finish (DOCKET_DBUS_COMPLIANCE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        docket_toast_error (GTK_WIDGET (self), _("Could not dismiss the flag"), error);
      return;
    }
  docket_toast (GTK_WIDGET (self), _("Flag dismissed"));
  fetch (self);
}

void
docket_flags_view_dismiss (DocketFlagsView *self, gint64 id, const char *reason)
{
  DocketDBusCompliance *compliance = docket_client_get_compliance (self->client);

  if (compliance != NULL)
    docket_dbus_compliance_call_dismiss_flag (compliance, id, reason, self->actions, dismiss_cb,
                                              g_object_ref (self));
}

static void
on_dismiss_response (AdwMessageDialog *dialog, const char *response, DocketFlagsView *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "flag"));

  if (g_str_equal (response, "dismiss"))
    docket_flags_view_dismiss (self, id, gtk_editable_get_text (entry));
}

static void
on_reason_changed (GtkEditable *entry, AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  adw_message_dialog_set_response_enabled (dialog, "dismiss", *text != '\0');
}

static void
present_dismiss (DocketFlagsView *self, gint64 id, const char *what)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), _("Dismiss This Flag?"), what));
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Why the flag needs no action"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason for dismissing"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "dismiss", _("_Dismiss"), NULL);
  adw_message_dialog_set_response_enabled (dialog, "dismiss", FALSE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "flag", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect (entry, "changed", G_CALLBACK (on_reason_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_dismiss_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Refer -------------------------------------------------------------------- */

static void
refer_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(DocketFlagsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) warnings = NULL;
  gint64 case_id = 0;

  if (!docket_dbus_compliance_call_refer_flag_finish (DOCKET_DBUS_COMPLIANCE (source), &case_id, &warnings,
                                                      result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        docket_toast_error (GTK_WIDGET (self), _("Could not refer the flag"), error);
      return;
    }
  docket_toast (GTK_WIDGET (self), warnings && warnings[0] ? warnings[0] : _("Flag referred: the case is listed"));
  fetch (self);
}

void
docket_flags_view_refer (DocketFlagsView *self, gint64 id, gint64 hearing)
{
  DocketDBusCompliance *compliance = docket_client_get_compliance (self->client);

  if (compliance != NULL)
    docket_dbus_compliance_call_refer_flag (compliance, id, hearing,
                                            g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0),
                                            self->actions, refer_cb, g_object_ref (self));
}

static void
on_refer_response (AdwMessageDialog *dialog, const char *response, DocketFlagsView *self)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "flag"));
  guint pos = gtk_drop_down_get_selected (dropdown);
  g_autoptr(GVariant) h = NULL;

  if (!g_str_equal (response, "refer") || self->hearings == NULL ||
      pos >= g_variant_n_children (self->hearings))
    return;
  h = g_variant_get_child_value (self->hearings, pos);
  docket_flags_view_refer (self, id, docket_lookup_id (h, "id"));
}

static void
present_refer (DocketFlagsView *self, gint64 id, const char *what)
{
  AdwMessageDialog *dialog;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *dropdown;
  gsize n = self->hearings ? g_variant_n_children (self->hearings) : 0;

  if (n == 0)
    {
      docket_toast (GTK_WIDGET (self), _("No hearing to come has room: schedule one first"));
      return;
    }
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) h = g_variant_get_child_value (self->hearings, i);
      g_autofree char *date = docket_format_date (docket_lookup (h, "date"));
      g_ptr_array_add (labels, g_strdup_printf (_("%s at %s, %s"), date, docket_lookup (h, "time"),
                                                docket_lookup (h, "venue")));
    }
  g_ptr_array_add (labels, NULL);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), _("Refer to a Hearing?"), what));
  dropdown = gtk_drop_down_new (docket_string_model ((const char * const *) labels->pdata), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Hearing"), -1);
  adw_message_dialog_set_extra_child (dialog, dropdown);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "refer", _("_Refer"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "refer", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "refer");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "flag", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_refer_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
hearings_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketFlagsView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;

  if (!docket_dbus_hearings_call_list_finish (DOCKET_DBUS_HEARINGS (source), &list, result, &error))
    return;  /* cancelled, or refused: Refer says there is none */
  g_clear_pointer (&self->hearings, g_variant_unref);
  self->hearings = g_steal_pointer (&list);
}

/* The list ----------------------------------------------------------------- */

static void
on_row_button (GtkButton *button, DocketFlagsView *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "flag"));
  const char *what = g_object_get_data (G_OBJECT (button), "what");

  if (g_str_equal (gtk_widget_get_name (GTK_WIDGET (button)), "refer"))
    present_refer (self, id, what);
  else
    present_dismiss (self, id, what);
}

static GtkWidget *
row_button (DocketFlagsView *self, const char *name, const char *label, gint64 id, const char *what)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "flag", GSIZE_TO_POINTER ((gsize) id));
  g_object_set_data_full (G_OBJECT (button), "what", g_strdup (what), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_row_button), self, 0);
  return button;
}

static void
list_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketFlagsView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) flags = NULL;
  GVariantIter iter;
  GVariant *item;
  guint total = 0;

  if (!docket_dbus_compliance_call_list_flags_finish (DOCKET_DBUS_COMPLIANCE (source), &flags, &total,
                                                      result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;  /* the widget may be gone */
      docket_toast_error (GTK_WIDGET (self), _("Could not read the audit flags"), error);
      return;
    }
  docket_list_box_clear (self->flags);
  self->count = 0;
  g_variant_iter_init (&iter, flags);
  while ((item = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariant) fl = item;
      gint64 id = docket_lookup_id (fl, "id");
      const char *status = docket_lookup (fl, "status");
      g_autofree char *title = g_strdup_printf ("%s · %s — %s", docket_lookup (fl, "licence"),
                                                docket_lookup (fl, "name"),
                                                docket_label_rule (docket_lookup (fl, "rule")));
      g_autofree char *raised = docket_format_date (docket_lookup (fl, "raised"));
      g_autofree char *evidence = docket_format_dates_in (docket_lookup (fl, "evidence"));
      g_autofree char *sub = NULL;
      GtkWidget *row;

      if (docket_lookup_id (fl, "case") > 0)
        {
          g_autofree char *heard = docket_format_date (docket_lookup (fl, "hearing-date"));
          const char *outcome = docket_lookup (fl, "case-outcome");
          sub = g_strdup_printf (_("%s\nRaised %s · %s · case at the hearing of %s%s%s"),
                                 evidence, raised, docket_label_flag_status (status),
                                 heard, outcome ? ": " : "", outcome ? docket_label_outcome (outcome) : "");
        }
      else
        sub = g_strdup_printf (_("%s\nRaised %s · %s"), evidence, raised,
                               docket_label_flag_status (status));
      row = docket_row_add (self->flags, title, sub);
      if (is_officer (self) && g_strcmp0 (status, "open") == 0)
        {
          g_autofree char *what = g_strdup_printf ("%s: %s", title, evidence);
          /* Side by side, or one above the other in a narrow window. */
          GtkWidget *actions = docket_wrap_box_new ();
          gtk_widget_set_valign (actions, GTK_ALIGN_CENTER);
          gtk_widget_set_parent (row_button (self, "refer", _("_Refer…"), id, what), actions);
          gtk_widget_set_parent (row_button (self, "dismiss", _("_Dismiss…"), id, what), actions);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), actions);
        }
      self->count++;
    }
  if (self->count == 0)
    docket_row_add (self->flags, _("No flags"), _("Every licence shown meets the policy"));
  else if (total > self->count)
    {
      g_autofree char *more = g_strdup_printf (_("%u more not shown"), total - self->count);
      docket_row_add (self->flags, more, _("Choose a status or a rule above to see fewer at a time"));
    }
}

static void
runs_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketFlagsView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) runs = NULL;
  g_autoptr(GVariant) run = NULL;
  double adherence = 0;
  gint64 audited = 0, breach = 0, referred = 0;

  if (!docket_dbus_compliance_call_list_runs_finish (DOCKET_DBUS_COMPLIANCE (source), &runs, result, &error))
    return;  /* cancelled, or not allowed: the line stays empty */
  g_free (self->figures);
  if (g_variant_n_children (runs) == 0)
    self->figures = g_strdup (_("No audit has run yet."));
  else
    {
      g_autofree char *as_of = NULL;
      run = g_variant_get_child_value (runs, 0);
      g_variant_lookup (run, "audited", "x", &audited);
      g_variant_lookup (run, "in-breach", "x", &breach);
      g_variant_lookup (run, "referred", "x", &referred);
      g_variant_lookup (run, "adherence-percent", "d", &adherence);
      as_of = docket_format_date (docket_lookup (run, "as-of"));
      g_autofree char *n_audited = g_strdup_printf ("%" G_GINT64_FORMAT, audited);
      g_autofree char *n_breach = g_strdup_printf ("%" G_GINT64_FORMAT, breach);
      g_autofree char *n_referred = g_strdup_printf ("%" G_GINT64_FORMAT, referred);
      g_autofree char *pct = g_strdup_printf ("%.1f", adherence);
      self->figures = g_strdup_printf (_("Latest audit, %s: %s licences audited, %s in breach, %s referred; "
                                         "%s%% adhere to the policy."),
                                       as_of, n_audited, n_breach, n_referred, pct);
    }
  gtk_label_set_label (self->figures_label, self->figures);
}

static void
fetch (DocketFlagsView *self)
{
  DocketDBusCompliance *compliance = docket_client_get_compliance (self->client);
  DocketDBusHearings *hearings = docket_client_get_hearings (self->client);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  guint pos = gtk_drop_down_get_selected (self->status_dropdown);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (self->run_button, self->client && is_officer (self));
  if (compliance == NULL || !allowed (self))
    return;
  g_variant_builder_add (&b, "{sv}", "limit", g_variant_new_uint32 (FLAGS_PAGE));
  if (pos < G_N_ELEMENTS (statuses) - 1 && *statuses[pos] != '\0')
    g_variant_builder_add (&b, "{sv}", "status", g_variant_new_string (statuses[pos]));
  docket_dbus_compliance_call_list_flags (compliance, g_variant_builder_end (&b), self->cancellable,
                                          list_cb, self);
  docket_dbus_compliance_call_list_runs (compliance, g_variant_new_parsed ("{'limit': <@u 1>}"),
                                         self->cancellable, runs_cb, self);
  if (hearings != NULL && is_officer (self))
    {
      g_autofree char *today = docket_today ();
      g_autofree char *from = docket_date_add_days (today, 1);
      docket_dbus_hearings_call_list (hearings,
                                      g_variant_new_parsed ("{'from': <%s>, 'state': <'scheduled'>}", from),
                                      self->cancellable, hearings_cb, self);
    }
}

static void
on_status_changed (DocketFlagsView *self)
{
  if (self->client)
    fetch (self);
}

static void
run_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(DocketFlagsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) run = NULL;

  gtk_widget_set_sensitive (self->run_button, TRUE);
  if (!docket_dbus_compliance_call_run_audit_finish (DOCKET_DBUS_COMPLIANCE (source), &run, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        docket_toast_error (GTK_WIDGET (self), _("Could not run the audit"), error);
      return;
    }
  docket_toast (GTK_WIDGET (self), _("Audit done"));
  fetch (self);
}

static void
run_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketFlagsView *self = DOCKET_FLAGS_VIEW (widget);
  DocketDBusCompliance *compliance = docket_client_get_compliance (self->client);

  if (compliance == NULL)
    return;
  gtk_widget_set_sensitive (self->run_button, FALSE);
  docket_dbus_compliance_call_run_audit (compliance, self->actions, run_cb, g_object_ref (self));
}

static gboolean
reload_cb (gpointer data)
{
  DocketFlagsView *self = data;

  self->reload_source = 0;
  fetch (self);
  return G_SOURCE_REMOVE;
}

static void
on_compliance_changed (DocketClient *client, const char *licence, DocketFlagsView *self)
{
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (DOCKET_REFRESH_DELAY_MS, reload_cb, self);
}

static void
on_client_notify (DocketClient *client, GParamSpec *pspec, DocketFlagsView *self)
{
  if (g_str_equal (pspec->name, "connected") || g_str_equal (pspec->name, "roles"))
    fetch (self);
}

static void
docket_flags_view_dispose (GObject *object)
{
  DocketFlagsView *self = DOCKET_FLAGS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->actions);
  g_clear_object (&self->actions);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->client)
    g_signal_handlers_disconnect_by_data (self->client, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOCKET_TYPE_FLAGS_VIEW);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (docket_flags_view_parent_class)->dispose (object);
}

static void
docket_flags_view_finalize (GObject *object)
{
  DocketFlagsView *self = DOCKET_FLAGS_VIEW (object);

  g_free (self->figures);
  g_clear_pointer (&self->hearings, g_variant_unref);
  G_OBJECT_CLASS (docket_flags_view_parent_class)->finalize (object);
}

static void
docket_flags_view_class_init (DocketFlagsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = docket_flags_view_dispose;
  object_class->finalize = docket_flags_view_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-flags-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DocketFlagsView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DocketFlagsView, run_button);
  gtk_widget_class_bind_template_child (widget_class, DocketFlagsView, figures_label);
  gtk_widget_class_bind_template_child (widget_class, DocketFlagsView, flags);
  gtk_widget_class_bind_template_callback (widget_class, on_status_changed);
  gtk_widget_class_install_action (widget_class, "flags.run-audit", NULL, run_action);
}

static void
docket_flags_view_init (DocketFlagsView *self)
{
  const char *labels[] = {
    _("Open"), _("Referred to a hearing"), _("Dismissed"), _("Resolved"), _("All flags"), NULL,
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->actions = g_cancellable_new ();
  gtk_drop_down_set_model (self->status_dropdown, docket_string_model (labels));
}

void
docket_flags_view_set_client (DocketFlagsView *self, DocketClient *client)
{
  g_set_object (&self->client, client);
  g_signal_connect (client, "notify", G_CALLBACK (on_client_notify), self);
  g_signal_connect (client, "compliance-changed", G_CALLBACK (on_compliance_changed), self);
  fetch (self);
}

void
docket_flags_view_reload (DocketFlagsView *self)
{
  fetch (self);
}

guint
docket_flags_view_get_count (DocketFlagsView *self)
{
  return self->count;
}

const char *
docket_flags_view_get_figures (DocketFlagsView *self)
{
  return self->figures;
}

gpointer
docket_flags_view_get_widget (DocketFlagsView *self, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (self), DOCKET_TYPE_FLAGS_VIEW, name);
}
