/* DocketDriverPage: reads a driver with Drivers.Get (without the sensitive
 * fields), and again with them only when the user presses Reveal, which
 * docketd records in the audit log. A change to the driver reloads the
 * page and hides the sensitive details again, so a reading is never made
 * without the user asking for it. Officers also export the record for a
 * subject access request (PDF or JSON) and place or lift a legal hold; a
 * record the retention schedule erased says so and offers no changes. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "docket-driver-editor.h"
#include "docket-driver-page.h"
#include "docket-wrap-box.h"
#include "docket-labels.h"
#include "docket-ui.h"
#include "docket-window.h"

struct _DocketDriverPage
{
  AdwBin        parent_instance;

  DocketClient *client;
  GCancellable *cancellable;
  char         *licence;
  GVariant     *record;
  gboolean      revealed;
  guint         reload_source;

  GtkStack     *stack;
  GtkLabel     *name_label;
  GtkLabel     *subtitle_label;
  GtkLabel     *status_badge;
  GtkWidget    *officer_actions;
  GtkWidget    *hold_button;
  GtkWidget    *notices_list;
  GtkWidget    *erased_row;
  GtkWidget    *hold_row;
  GtkWidget    *lift_hold_button;
  GCancellable *actions;       /* hold, release: not cancelled by a reload */
  GtkWidget    *pending_group;
  GtkListBox   *pending_list;
  GtkListBox   *licence_list;
  AdwPreferencesGroup *sensitive_group;
  GtkButton    *reveal_button;
  GtkListBox   *sensitive_list;
  GtkWidget    *convictions_group;
  GtkListBox   *convictions_list;
  GtkWidget    *notes_group;
  GtkListBox   *notes_list;
  GtkWidget    *hearings_group;
  GtkListBox   *hearings_list;
  GtkWidget    *compliance_group;
  GtkListBox   *compliance_list;
  GtkWidget    *flags_group;
  GtkWidget    *compliance_actions;
  GtkListBox   *flags_list;
  GVariant     *compliance;
  GtkListBox   *history_list;
};

G_DEFINE_FINAL_TYPE (DocketDriverPage, docket_driver_page, ADW_TYPE_BIN)

static void load (DocketDriverPage *self, gboolean sensitive);
static void load_compliance (DocketDriverPage *self);

static gboolean
may_read_sensitive (DocketDriverPage *self)
{
  return docket_client_has_any (self->client, DOCKET_ROLE_MASK (OFFICER) | DOCKET_ROLE_MASK (DECISION_MAKER) |
                                              DOCKET_ROLE_MASK (BOARD_MEMBER));
}

static void
fill_sensitive (DocketDriverPage *self)
{
  static const struct { const char *key; const char *label; } fields[] = {
    { "dob", N_("Date of birth") }, { "address", N_("Address") }, { "phone", N_("Phone") },
    { "email", N_("Email") }, { "ni-number", N_("National Insurance number") },
    { "dvla-number", N_("Driving licence number") }, { "dbs-certificate", N_("DBS certificate") },
    { "dbs-disclosure", N_("DBS disclosure") },
  };
  g_autoptr(GVariant) convictions = NULL;
  g_autoptr(GVariant) notes = NULL;
  GVariantIter iter;
  GVariant *item;

  docket_list_box_clear (self->sensitive_list);
  docket_list_box_clear (self->convictions_list);
  docket_list_box_clear (self->notes_list);
  gtk_widget_set_visible (self->convictions_group, self->revealed);
  gtk_widget_set_visible (self->notes_group, self->revealed);

  if (!may_read_sensitive (self))
    {
      adw_preferences_group_set_description (self->sensitive_group,
          _("Your role does not allow reading the sensitive details."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->reveal_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->sensitive_list), FALSE);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->reveal_button), !self->revealed);
  gtk_widget_set_visible (GTK_WIDGET (self->sensitive_list), self->revealed);
  if (!self->revealed)
    {
      adw_preferences_group_set_description (self->sensitive_group,
          _("Hidden. Revealing them is recorded in the audit log under your name."));
      return;
    }
  adw_preferences_group_set_description (self->sensitive_group,
      _("Revealed. This reading is recorded in the audit log under your name."));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *value = docket_lookup (self->record, fields[i].key);
      g_autofree char *shown = g_str_equal (fields[i].key, "dob") ? docket_format_date (value) : g_strdup (value);
      docket_property_add (self->sensitive_list, _(fields[i].label), value ? shown : _("Not recorded"));
    }

  convictions = g_variant_lookup_value (self->record, "convictions", G_VARIANT_TYPE ("aa{sv}"));
  if (convictions && g_variant_n_children (convictions) > 0)
    {
      g_variant_iter_init (&iter, convictions);
      while ((item = g_variant_iter_next_value (&iter)))
        {
          g_autoptr(GVariant) c = item;
          g_autofree char *date = docket_format_date (docket_lookup (c, "date"));
          g_autofree char *sub = g_strdup_printf ("%s · %s%s%s", date, docket_label_category (docket_lookup (c, "category")),
                                                  docket_lookup (c, "sentence") ? " · " : "",
                                                  docket_lookup (c, "sentence") ? docket_lookup (c, "sentence") : "");
          g_autofree char *title = g_strcmp0 (docket_lookup (c, "kind"), "caution") == 0
              ? g_strdup_printf (_("%s (caution)"), docket_lookup (c, "offence"))
              : g_strdup (docket_lookup (c, "offence"));
          docket_row_add (self->convictions_list, title, sub);
        }
    }
  else
    docket_row_add (self->convictions_list, _("None recorded"), NULL);

  notes = g_variant_lookup_value (self->record, "notes", G_VARIANT_TYPE ("aa{sv}"));
  if (notes && g_variant_n_children (notes) > 0)
    {
      g_variant_iter_init (&iter, notes);
      while ((item = g_variant_iter_next_value (&iter)))
        {
          g_autoptr(GVariant) n = item;
          g_autofree char *date = docket_format_date (docket_lookup (n, "date"));
          g_autofree char *sub = g_strdup_printf ("%s · %s · %s", docket_label_note_kind (docket_lookup (n, "kind")),
                                                  date, docket_lookup (n, "author") ? docket_lookup (n, "author") : "");
          docket_row_add (self->notes_list, docket_lookup (n, "text"), sub);
        }
    }
  else
    docket_row_add (self->notes_list, _("None recorded"), NULL);
}

static gboolean
is_erased (DocketDriverPage *self)
{
  return self->record != NULL && docket_lookup (self->record, "erased") != NULL;
}

/* The record erased, or kept by a legal hold, said first; an erased
 * record has nothing left to edit, reveal or export. */
static void
fill_notices (DocketDriverPage *self)
{
  const char *hold = docket_lookup (self->record, "hold-reason");
  gboolean officer = docket_client_has_role (self->client, DOCKET_ROLE_OFFICER);
  gboolean erased = is_erased (self);

  if (erased)
    {
      g_autofree char *date = docket_format_date (docket_lookup (self->record, "erased"));
      g_autofree char *title = g_strdup_printf (_("Erased under the retention schedule on %s; only anonymous "
                                                  "statistics remain."), date);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->erased_row), title);
    }
  if (hold != NULL)
    {
      g_autofree char *placed = docket_format_date (docket_lookup (self->record, "hold-placed"));
      g_autofree char *text = g_strdup_printf (_("Placed on %s by %s: %s. The retention schedule keeps the "
                                                 "record until the hold is lifted."),
                                               placed, docket_lookup (self->record, "hold-by"), hold);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->hold_row), text);
    }
  gtk_widget_set_visible (self->erased_row, erased);
  gtk_widget_set_visible (self->hold_row, hold != NULL && !erased);
  gtk_widget_set_visible (self->lift_hold_button, officer);
  gtk_widget_set_visible (self->notices_list, erased || hold != NULL);
  gtk_widget_set_visible (self->officer_actions, officer && !erased);
  gtk_widget_set_visible (self->hold_button, hold == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->sensitive_group), !erased);
  gtk_widget_set_visible (self->compliance_actions, officer && !erased);
}

static void
on_case_row_activated (AdwActionRow *row, DocketDriverPage *self)
{
  gint64 hearing = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "hearing"));
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), DOCKET_TYPE_WINDOW);

  if (window && hearing)
    docket_window_show_hearing (DOCKET_WINDOW (window), hearing);
}

static void
fill (DocketDriverPage *self)
{
  const char *status = docket_lookup (self->record, "status");
  g_autofree char *subtitle = NULL;
  g_autoptr(GVariant) pending = NULL, cases = NULL, history = NULL;
  GVariantIter iter;
  GVariant *item;
  g_autofree char *issued = docket_format_date (docket_lookup (self->record, "issued"));
  g_autofree char *expires = docket_format_date (docket_lookup (self->record, "expires"));
  g_autofree char *created = docket_format_time (docket_lookup (self->record, "created"));
  g_autofree char *modified = docket_format_time (docket_lookup (self->record, "modified"));

  gtk_label_set_label (self->name_label, docket_lookup (self->record, "name"));
  subtitle = g_strdup_printf ("%s · %s", docket_lookup (self->record, "licence"),
                              docket_label_kind (docket_lookup (self->record, "kind")));
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_label_set_label (self->status_badge, docket_label_status (status));
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_badge), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_badge), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_badge), "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_badge),
                            g_strcmp0 (status, "active") == 0 ? "success"
                            : g_strcmp0 (status, "suspended") == 0 || g_strcmp0 (status, "applicant") == 0 ? "warning"
                            : "error");
  fill_notices (self);

  docket_list_box_clear (self->pending_list);
  pending = g_variant_lookup_value (self->record, "pending", G_VARIANT_TYPE ("aa{sv}"));
  gtk_widget_set_visible (self->pending_group, pending && g_variant_n_children (pending) > 0);
  if (pending)
    {
      g_variant_iter_init (&iter, pending);
      while ((item = g_variant_iter_next_value (&iter)))
        {
          g_autoptr(GVariant) p = item;
          g_autofree char *text = docket_format_dates_in (docket_lookup (p, "text"));
          GtkWidget *row;
          if (text && *text)
            *text = g_ascii_toupper (*text);
          row = docket_row_add (self->pending_list, text, NULL);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("alarm-symbolic"));
        }
    }

  docket_list_box_clear (self->licence_list);
  docket_property_add (self->licence_list, _("Status"), docket_label_status (status));
  docket_property_add (self->licence_list, _("Badge"), docket_lookup (self->record, "badge") ? docket_lookup (self->record, "badge") : _("None"));
  docket_property_add (self->licence_list, _("Issued"), *issued ? issued : _("Not issued"));
  docket_property_add (self->licence_list, _("Expires"), *expires ? expires : _("Not issued"));
  docket_property_add (self->licence_list, _("Record created"), created);
  docket_property_add (self->licence_list, _("Last changed"), modified);

  fill_sensitive (self);

  docket_list_box_clear (self->hearings_list);
  cases = g_variant_lookup_value (self->record, "cases", G_VARIANT_TYPE ("aa{sv}"));
  gtk_widget_set_visible (self->hearings_group, cases && g_variant_n_children (cases) > 0);
  if (cases)
    {
      g_variant_iter_init (&iter, cases);
      while ((item = g_variant_iter_next_value (&iter)))
        {
          g_autoptr(GVariant) c = item;
          const char *outcome = docket_lookup (c, "outcome");
          g_autofree char *date = docket_format_date (docket_lookup (c, "hearing-date"));
          g_autofree char *title = g_strdup_printf ("%s: %s", date,
                                                    docket_label_outcome (g_strcmp0 (outcome, "pending") ? outcome : NULL));
          g_autoptr(GString) sub = g_string_new (docket_label_case_kind (docket_lookup (c, "kind")));
          GtkWidget *row;
          if (docket_lookup (c, "attendance"))
            g_string_append_printf (sub, " · %s", docket_label_attendance (docket_lookup (c, "attendance")));
          if (docket_lookup (c, "appeal"))
            g_string_append_printf (sub, " · %s %s", _("appeal:"),
                                    g_strcmp0 (docket_lookup (c, "appeal"), "lodged") == 0
                                    ? _("lodged") : docket_label_appeal_result (docket_lookup (c, "appeal")));
          row = docket_row_add (self->hearings_list, title, sub->str);
          g_object_set_data (G_OBJECT (row), "hearing", GSIZE_TO_POINTER (docket_lookup_id (c, "hearing")));
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
          g_signal_connect (row, "activated", G_CALLBACK (on_case_row_activated), self);
        }
    }

  docket_list_box_clear (self->history_list);
  history = g_variant_lookup_value (self->record, "history", G_VARIANT_TYPE ("aa{sv}"));
  if (history)
    {
      /* Newest first. */
      for (gsize i = g_variant_n_children (history); i > 0; i--)
        {
          g_autoptr(GVariant) h = g_variant_get_child_value (history, i - 1);
          g_autofree char *when = docket_format_time (docket_lookup (h, "time"));
          g_autofree char *title = docket_lookup (h, "from")
              ? g_strdup_printf ("%s → %s", docket_label_status (docket_lookup (h, "from")),
                                 docket_label_status (docket_lookup (h, "to")))
              : g_strdup (docket_label_status (docket_lookup (h, "to")));
          g_autofree char *sub = g_strdup_printf ("%s · %s · %s", when, docket_lookup (h, "user"),
                                                  docket_lookup (h, "reason") ? docket_lookup (h, "reason") : "");
          docket_row_add (self->history_list, title, sub);
        }
    }
  gtk_stack_set_visible_child_name (self->stack, "driver");
}

typedef struct {
  DocketDriverPage *self;   /* not a reference: the call is cancelled in dispose */
  gboolean          sensitive;
} GetCall;

static void
get_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autofree GetCall *call = user_data;
  DocketDriverPage *self = call->self;
  gboolean sensitive = call->sensitive;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) record = NULL;

  if (!docket_dbus_drivers_call_get_finish (DOCKET_DBUS_DRIVERS (source), &record, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        docket_toast_error (GTK_WIDGET (self), sensitive ? _("Could not reveal the details")
                                                         : _("Could not load the driver"), error);
      return;
    }
  g_clear_pointer (&self->record, g_variant_unref);
  self->record = g_steal_pointer (&record);
  self->revealed = sensitive;
  fill (self);
  load_compliance (self);
}

/* Training, DBS checks and flags, from Compliance.GetDriver (without the
 * DBS results, which are read only with the other sensitive details). */
static void
fill_compliance (DocketDriverPage *self)
{
  GVariant *c = self->compliance;
  g_autoptr(GVariant) list = NULL;
  const char *deadline, *final, *held, *due;
  g_autofree char *deadline_s = NULL, *final_s = NULL, *held_s = NULL, *due_s = NULL;
  GVariantIter iter;
  GVariant *item;
  guint nflags = 0;

  docket_list_box_clear (self->compliance_list);
  docket_list_box_clear (self->flags_list);
  gtk_widget_set_visible (self->compliance_group, c != NULL);
  gtk_widget_set_visible (self->flags_group, FALSE);
  if (c == NULL)
    return;
  gtk_widget_set_visible (self->compliance_actions,
                          docket_client_has_role (self->client, DOCKET_ROLE_OFFICER) && !is_erased (self));
  deadline = deadline_s = docket_format_date (docket_lookup (c, "training-deadline"));
  final = final_s = docket_format_date (docket_lookup (c, "training-final"));
  held = held_s = docket_format_date (docket_lookup (c, "training-suspended"));
  due = due_s = docket_format_date (docket_lookup (c, "dbs-due"));
  /* docket_format_date gives "" for none. */
  if (*deadline == '\0') deadline = NULL;
  if (*final == '\0') final = NULL;
  if (*held == '\0') held = NULL;
  if (*due == '\0') due = NULL;
  if (held != NULL)
    {
      GtkWidget *row = docket_property_add (self->compliance_list, _("Suspended pending training"),
                                            held);
      gtk_widget_add_css_class (row, "warning");
    }
  docket_property_add (self->compliance_list, _("Training deadline"),
                       deadline ? deadline : _("None set"));
  if (final != NULL)
    docket_property_add (self->compliance_list, _("Final date for training"), final);
  list = g_variant_lookup_value (c, "training", G_VARIANT_TYPE ("aa{sv}"));
  g_variant_iter_init (&iter, list);
  while ((item = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariant) t = item;
      g_autofree char *on = docket_format_date (docket_lookup (t, "date"));
      g_autofree char *title = g_strdup_printf (_("Safeguarding training on %s"), on);
      g_autofree char *sub = docket_lookup (t, "certificate")
          ? g_strdup_printf ("%s · %s", docket_lookup (t, "provider"), docket_lookup (t, "certificate"))
          : g_strdup (docket_lookup (t, "provider"));
      docket_row_add (self->compliance_list, title, sub);
    }
  if (g_variant_n_children (list) == 0)
    docket_row_add (self->compliance_list, _("No safeguarding training recorded"), NULL);
  g_clear_pointer (&list, g_variant_unref);

  list = g_variant_lookup_value (c, "dbs-checks", G_VARIANT_TYPE ("aa{sv}"));
  g_variant_iter_init (&iter, list);
  while ((item = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariant) k = item;
      gboolean enhanced = g_strcmp0 (docket_lookup (k, "kind"), "enhanced") == 0;
      g_autofree char *on = docket_format_date (docket_lookup (k, "date"));
      g_autofree char *title = g_strdup_printf (enhanced ? _("Enhanced DBS check on %s")
                                                         : _("DBS Update Service check on %s"), on);
      docket_row_add (self->compliance_list, title,
                      docket_lookup_bool (k, "barred-lists") ? _("Both barred lists checked") : NULL);
    }
  {
    g_autofree char *when = due ? g_strdup (due) : g_strdup (_("Now: no check recorded"));
    GtkWidget *row = docket_property_add (self->compliance_list, _("Next DBS check due"), when);
    if (docket_lookup_bool (c, "dbs-overdue"))
      gtk_widget_add_css_class (row, "error");
  }

  g_clear_pointer (&list, g_variant_unref);
  list = g_variant_lookup_value (c, "flags", G_VARIANT_TYPE ("aa{sv}"));
  g_variant_iter_init (&iter, list);
  while ((item = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariant) fl = item;
      g_autofree char *title = g_strdup_printf ("%s: %s", docket_label_rule (docket_lookup (fl, "rule")),
                                                docket_label_flag_status (docket_lookup (fl, "status")));
      g_autofree char *sub = g_strdup_printf (_("%s · raised %s"), docket_lookup (fl, "evidence"),
                                              docket_lookup (fl, "raised"));
      docket_row_add (self->flags_list, title, sub);
      nflags++;
    }
  gtk_widget_set_visible (self->flags_group, nflags > 0);
}

static void
compliance_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketDriverPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) record = NULL;

  if (!docket_dbus_compliance_call_get_driver_finish (DOCKET_DBUS_COMPLIANCE (source), &record, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;  /* the widget may be gone */
      docket_toast_error (GTK_WIDGET (self), _("Could not load the training and DBS checks"), error);
      return;
    }
  g_clear_pointer (&self->compliance, g_variant_unref);
  self->compliance = g_steal_pointer (&record);
  fill_compliance (self);
}

static void
load (DocketDriverPage *self, gboolean sensitive)
{
  DocketDBusDrivers *drivers = docket_client_get_drivers (self->client);

  if (drivers == NULL || self->licence == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  {
    GetCall *call = g_new0 (GetCall, 1);
    call->self = self;
    call->sensitive = sensitive;
    docket_dbus_drivers_call_get (drivers, self->licence, sensitive, self->cancellable, get_cb, call);
  }
}

/* Once the record is read: an erased record has no compliance left to
 * ask for (docketd refuses it). */
static void
load_compliance (DocketDriverPage *self)
{
  DocketDBusCompliance *compliance = docket_client_get_compliance (self->client);

  if (is_erased (self))
    {
      g_clear_pointer (&self->compliance, g_variant_unref);
      fill_compliance (self);
      return;
    }
  if (compliance != NULL)
    docket_dbus_compliance_call_get_driver (compliance, self->licence, FALSE, self->cancellable,
                                            compliance_cb, self);
}

static void
reveal_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  load (DOCKET_DRIVER_PAGE (widget), TRUE);
}

typedef struct {
  DocketDriverPage *self;
  char             *path;
} SubjectAccess;

static void
subject_access_free (SubjectAccess *sa)
{
  g_object_unref (sa->self);
  g_free (sa->path);
  g_free (sa);
}

static void
subject_access_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SubjectAccess *sa = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) export = NULL;

  if (!docket_dbus_drivers_call_subject_access_finish (DOCKET_DBUS_DRIVERS (source), &export, result, &error))
    docket_toast_error (GTK_WIDGET (sa->self), _("Could not make the subject access export"), error);
  else
    {
      g_autoptr(JsonNode) node = json_gvariant_serialize (export);
      g_autofree char *text = json_to_string (node, TRUE);
      guint32 withheld = 0;

      g_variant_lookup (export, "withheld", "u", &withheld);
      if (!g_file_set_contents_full (sa->path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
        docket_toast_error (GTK_WIDGET (sa->self), _("Could not save the subject access export"), error);
      else
        {
          g_autofree char *done = g_strdup_printf (
              g_dngettext (GETTEXT_PACKAGE, "Saved %s; %u mention of a third party withheld",
                           "Saved %s; %u mentions of third parties withheld", withheld), sa->path, withheld);
          docket_toast (GTK_WIDGET (sa->self), done);
        }
    }
  subject_access_free (sa);
}

static void
subject_access_document_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SubjectAccess *sa = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) document = NULL;

  if (!docket_dbus_drivers_call_subject_access_document_finish (DOCKET_DBUS_DRIVERS (source), &document, result,
                                                                &error))
    docket_toast_error (GTK_WIDGET (sa->self), _("Could not make the subject access export"), error);
  else
    {
      gsize len = 0;
      const char *data = g_variant_get_fixed_array (document, &len, 1);

      if (!g_file_set_contents_full (sa->path, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
        docket_toast_error (GTK_WIDGET (sa->self), _("Could not save the subject access export"), error);
      else
        {
          g_autofree char *done = g_strdup_printf (_("Saved %s"), sa->path);
          docket_toast (GTK_WIDGET (sa->self), done);
        }
    }
  subject_access_free (sa);
}

static gboolean
is_pdf_name (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".pdf");
}

void
docket_driver_page_export_to (DocketDriverPage *self, const char *purpose, const char *path)
{
  DocketDBusDrivers *drivers = docket_client_get_drivers (self->client);
  SubjectAccess *sa;

  if (drivers == NULL || self->licence == NULL)
    return;
  sa = g_new0 (SubjectAccess, 1);
  sa->self = g_object_ref (self);
  sa->path = g_strdup (path);
  if (is_pdf_name (path))
    docket_dbus_drivers_call_subject_access_document (drivers, self->licence, purpose, "pdf", NULL,
                                                      subject_access_document_cb, sa);
  else
    docket_dbus_drivers_call_subject_access (drivers, self->licence, purpose, NULL, subject_access_cb, sa);
}

static void
on_export_file (GtkNativeDialog *dialog, int response, DocketDriverPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
      g_autofree char *base = path ? g_path_get_basename (path) : NULL;

      /* A name without an extension takes the kind of file chosen. */
      if (base != NULL && strchr (base, '.') == NULL)
        {
          gboolean json = filter != NULL && g_object_get_data (G_OBJECT (filter), "json") != NULL;
          char *named = g_strconcat (path, json ? ".json" : ".pdf", NULL);
          g_free (path);
          path = named;
        }
      if (path != NULL)
        docket_driver_page_export_to (self, g_object_get_data (G_OBJECT (dialog), "purpose"), path);
    }
  g_object_unref (dialog);
}

static void
add_filter (GtkFileChooser *chooser, const char *name, const char *pattern, gboolean json)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  if (json)
    g_object_set_data (G_OBJECT (filter), "json", GINT_TO_POINTER (TRUE));
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
on_export_purpose (AdwMessageDialog *dialog, const char *response, DocketDriverPage *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (!g_str_equal (response, "export") || self->licence == NULL)
    return;
  /* The PDF is what is sent to the driver; a name ending in .json saves
   * the JSON instead. */
  name = g_strdup_printf ("%s-subject-access.pdf", self->licence);
  chooser = gtk_file_chooser_native_new (_("Save the Subject Access Export"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  add_filter (GTK_FILE_CHOOSER (chooser), _("PDF, to send to the driver (*.pdf)"), "*.pdf", FALSE);
  add_filter (GTK_FILE_CHOOSER (chooser), _("JSON, for another system (*.json)"), "*.json", TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "purpose", g_strdup (gtk_editable_get_text (entry)), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_file), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The one text field of a dialog's extra child: its response stays off
 * until the text is more than spaces. */
static void
on_dialog_text_changed (GtkEditable *entry, AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  const char *response = g_object_get_data (G_OBJECT (entry), "response");

  adw_message_dialog_set_response_enabled (dialog, response, *text != '\0');
}

/* A dialog asking for one line of text, its @response off until given. */
static AdwMessageDialog *
text_dialog (GtkWidget *widget, const char *heading, const char *body, const char *placeholder,
             const char *field, const char *response, const char *label)
{
  GtkWidget *entry = gtk_entry_new ();
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_WINDOW (gtk_widget_get_root (widget)), heading, body));

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, field, -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_enabled (dialog, response, FALSE);
  adw_message_dialog_set_default_response (dialog, response);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (entry), "response", g_strdup (response), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (on_dialog_text_changed), dialog);
  return dialog;
}

/* Asks what request the export answers (recorded with it), then where to
 * save it. */
static void
subject_access_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketDriverPage *self = DOCKET_DRIVER_PAGE (widget);
  AdwMessageDialog *dialog;

  if (self->licence == NULL)
    return;
  dialog = text_dialog (widget, _("Subject Access Export"),
      _("Everything held about this driver, to answer their subject access request: a PDF to send them, or "
        "JSON for another system. Names marked [[like this]] in notes are withheld. The export is recorded in "
        "the audit log with the request it answers."),
      _("The request, e.g. “Letter of 30 November, ref SAR-118”"), _("The request it answers"),
      "export", _("_Export…"));
  adw_message_dialog_set_response_appearance (dialog, "export", ADW_RESPONSE_SUGGESTED);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_purpose), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Legal holds ---------------------------------------------------------------- */

typedef struct {
  DocketDriverPage *self;
  gboolean          place;
} HoldCall;

static void
hold_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autofree HoldCall *call = user_data;
  g_autoptr(DocketDriverPage) self = call->self;
  g_autoptr(GError) error = NULL;
  gboolean ok = call->place
      ? docket_dbus_drivers_call_hold_finish (DOCKET_DBUS_DRIVERS (source), result, &error)
      : docket_dbus_drivers_call_release_hold_finish (DOCKET_DBUS_DRIVERS (source), result, &error);

  if (!ok)
    {
      docket_toast_error (GTK_WIDGET (self), call->place ? _("Could not place the legal hold")
                                                         : _("Could not lift the legal hold"), error);
      return;
    }
  docket_toast (GTK_WIDGET (self), call->place ? _("Legal hold placed") : _("Legal hold lifted"));
  load (self, FALSE);
}

void
docket_driver_page_set_hold (DocketDriverPage *self, gboolean place, const char *reason)
{
  DocketDBusDrivers *drivers = docket_client_get_drivers (self->client);
  HoldCall *call;

  if (drivers == NULL || self->licence == NULL)
    return;
  call = g_new0 (HoldCall, 1);
  call->self = g_object_ref (self);
  call->place = place;
  if (place)
    docket_dbus_drivers_call_hold (drivers, self->licence, reason, self->actions, hold_cb, call);
  else
    docket_dbus_drivers_call_release_hold (drivers, self->licence, reason, self->actions, hold_cb, call);
}

static void
on_hold_response (AdwMessageDialog *dialog, const char *response, DocketDriverPage *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  if (g_str_equal (response, "hold") || g_str_equal (response, "release"))
    docket_driver_page_set_hold (self, g_str_equal (response, "hold"), gtk_editable_get_text (entry));
}

/* Asks why, then places the hold (driver.hold) or lifts it
 * (driver.release-hold); docketd records the reason in the audit log. */
static void
hold_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketDriverPage *self = DOCKET_DRIVER_PAGE (widget);
  gboolean place = g_str_equal (action_name, "driver.hold");
  AdwMessageDialog *dialog;

  if (self->licence == NULL)
    return;
  if (place)
    dialog = text_dialog (widget, _("Place a Legal Hold?"),
        _("The retention schedule will keep this record, whatever its dates, until the hold is lifted. Say what "
          "it is kept for: the claim, request or inquiry. The reason is recorded in the audit log."),
        _("e.g. “County court claim, ref CC-118”"), _("What the record is kept for"), "hold", _("_Place Hold"));
  else
    dialog = text_dialog (widget, _("Lift the Legal Hold?"),
        _("The retention schedule will erase this record when its dates say so, perhaps at once. Say why the "
          "hold is no longer needed. The reason is recorded in the audit log."),
        _("e.g. “Claim settled on 30 November”"), _("Why the hold is lifted"), "release", _("_Lift Hold"));
  adw_message_dialog_set_response_appearance (dialog, place ? "hold" : "release",
                                              place ? ADW_RESPONSE_SUGGESTED : ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_hold_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketDriverPage *self = DOCKET_DRIVER_PAGE (widget);

  if (self->record)
    docket_driver_editor_present (widget, self->client, self->record);
}

static void
add_conviction_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketDriverPage *self = DOCKET_DRIVER_PAGE (widget);

  if (self->licence)
    docket_conviction_editor_present (widget, self->client, self->licence);
}

static void
add_note_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketDriverPage *self = DOCKET_DRIVER_PAGE (widget);

  if (self->licence)
    docket_note_editor_present (widget, self->client, self->licence);
}

static void
record_training_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketDriverPage *self = DOCKET_DRIVER_PAGE (widget);

  if (self->licence)
    docket_training_editor_present (widget, self->client, self->licence);
}

static void
record_dbs_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketDriverPage *self = DOCKET_DRIVER_PAGE (widget);

  if (self->licence)
    docket_dbs_editor_present (widget, self->client, self->licence);
}

static gboolean
reload_cb (gpointer data)
{
  DocketDriverPage *self = data;

  self->reload_source = 0;
  load (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
schedule_reload (DocketDriverPage *self)
{
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (DOCKET_REFRESH_DELAY_MS, reload_cb, self);
}

static void
on_driver_changed (DocketClient *client, const char *licence, DocketDriverPage *self)
{
  if (self->licence && (*licence == '\0' || g_str_equal (licence, self->licence)))
    schedule_reload (self);
}

static void
on_compliance_changed (DocketClient *client, const char *licence, DocketDriverPage *self)
{
  if (self->licence && !self->revealed && (*licence == '\0' || g_str_equal (licence, self->licence)))
    schedule_reload (self);
}

static void
on_hearing_event (DocketClient *client, gint64 a, gint64 b, DocketDriverPage *self)
{
  /* A decision may have changed the licence's pending effects. */
  if (self->licence && !self->revealed)
    schedule_reload (self);
}

static void
docket_driver_page_dispose (GObject *object)
{
  DocketDriverPage *self = DOCKET_DRIVER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->actions);
  g_clear_object (&self->actions);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->client)
    g_signal_handlers_disconnect_by_data (self->client, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOCKET_TYPE_DRIVER_PAGE);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (docket_driver_page_parent_class)->dispose (object);
}

static void
docket_driver_page_finalize (GObject *object)
{
  DocketDriverPage *self = DOCKET_DRIVER_PAGE (object);

  g_free (self->licence);
  g_clear_pointer (&self->record, g_variant_unref);
  g_clear_pointer (&self->compliance, g_variant_unref);
  G_OBJECT_CLASS (docket_driver_page_parent_class)->finalize (object);
}

static void
docket_driver_page_class_init (DocketDriverPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = docket_driver_page_dispose;
  object_class->finalize = docket_driver_page_finalize;

  g_type_ensure (DOCKET_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-driver-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, status_badge);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, officer_actions);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, hold_button);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, notices_list);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, erased_row);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, hold_row);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, lift_hold_button);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, pending_group);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, pending_list);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, licence_list);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, sensitive_group);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, sensitive_list);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, convictions_group);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, convictions_list);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, notes_group);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, notes_list);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, hearings_group);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, hearings_list);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, history_list);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, compliance_group);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, compliance_list);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, flags_group);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, flags_list);
  gtk_widget_class_bind_template_child (widget_class, DocketDriverPage, compliance_actions);

  gtk_widget_class_install_action (widget_class, "driver.reveal", NULL, reveal_action);
  gtk_widget_class_install_action (widget_class, "driver.subject-access", NULL, subject_access_action);
  gtk_widget_class_install_action (widget_class, "driver.hold", NULL, hold_action);
  gtk_widget_class_install_action (widget_class, "driver.release-hold", NULL, hold_action);
  gtk_widget_class_install_action (widget_class, "driver.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "driver.add-conviction", NULL, add_conviction_action);
  gtk_widget_class_install_action (widget_class, "driver.add-note", NULL, add_note_action);
  gtk_widget_class_install_action (widget_class, "driver.record-training", NULL, record_training_action);
  gtk_widget_class_install_action (widget_class, "driver.record-dbs", NULL, record_dbs_action);
}

static void
docket_driver_page_init (DocketDriverPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->actions = g_cancellable_new ();
  /* The bin's own child is not bound: AdwBin unparents it itself. */
  self->stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));
}

void
docket_driver_page_set_client (DocketDriverPage *self, DocketClient *client)
{
  g_set_object (&self->client, client);
  g_signal_connect (client, "driver-changed", G_CALLBACK (on_driver_changed), self);
  g_signal_connect (client, "case-changed", G_CALLBACK (on_hearing_event), self);
  g_signal_connect (client, "compliance-changed", G_CALLBACK (on_compliance_changed), self);
}

void
docket_driver_page_show (DocketDriverPage *self, const char *licence)
{
  if (g_strcmp0 (self->licence, licence) != 0)
    {
      g_free (self->licence);
      self->licence = g_strdup (licence);
      g_clear_pointer (&self->record, g_variant_unref);
      g_clear_pointer (&self->compliance, g_variant_unref);
      self->revealed = FALSE;
      fill_compliance (self);
    }
  load (self, FALSE);
}

void
docket_driver_page_reload (DocketDriverPage *self)
{
  load (self, FALSE);
}

const char *
docket_driver_page_get_licence (DocketDriverPage *self)
{
  return self->licence;
}

GVariant *
docket_driver_page_get_record (DocketDriverPage *self)
{
  return self->record;
}

gboolean
docket_driver_page_get_revealed (DocketDriverPage *self)
{
  return self->revealed;
}

gpointer
docket_driver_page_get_widget (DocketDriverPage *self, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (self), DOCKET_TYPE_DRIVER_PAGE, name);
}
