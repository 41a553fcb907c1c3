/* DocketHearingRoom: everything at the hearing goes through here. The
 * daemon decides who may do what; the room only hides what the caller's
 * place on the hearing cannot do, and shows the daemon's refusal when it
 * comes. Advice and votes from other members' clients arrive as
 * CaseChanged and are shown at once. */
#include "config.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "docket-enums.h"
#include "docket-hearing-room.h"
#include "docket-labels.h"
#include "docket-ui.h"
#include "docket-window.h"

struct _DocketHearingRoom
{
  AdwBin        parent_instance;

  DocketClient *client;
  GCancellable *cancellable;
  GCancellable *case_cancellable;
  GArray       *hearing_ids;
  gint64        hearing_id;
  GVariant     *hearing;
  gint64        case_id;
  GVariant     *record;
  GVariant     *driver;
  GPtrArray    *outcomes;     /* wire names shown in outcome_row */
  GPtrArray    *members;      /* wire names shown in declare_member */
  AdwMessageDialog *confirmation;
  gboolean      filling;
  guint         reload_source;
  gboolean      reload_list;     /* what the pending reload covers */
  gboolean      reload_day;
  gboolean      reload_case;

  GtkDropDown  *hearing_dropdown;
  GtkLabel     *hearing_label;
  GtkToggleButton *present_toggle;
  GtkStack     *stack;
  AdwLeaflet   *leaflet;
  GtkWidget    *cases_pane;
  GtkWidget    *case_pane;
  GtkListBox   *cases_list;
  GtkLabel     *driver_label;
  GtkLabel     *case_label;
  GtkListBox   *summary_list;
  GtkWidget    *history_group;
  GtkListBox   *history_list;
  GtkListBox   *panel_list;
  GtkWidget    *declare_group;
  GtkDropDown  *declare_member;
  GtkEntry     *declare_entry;
  GtkCheckButton *prejudicial_check;
  GtkWidget    *advice_group;
  GtkEntry     *advice_entry;
  GtkWidget    *vote_group;
  GtkDropDown  *vote_outcome;
  GtkEntry     *vote_until;
  GtkWidget    *decision_group;
  AdwComboRow  *attendance_row;
  AdwComboRow  *outcome_row;
  GtkWidget    *until_row;
  GtkWidget    *decided_row;
  GtkWidget    *immediate_row;
  GtkSwitch    *immediate_switch;
  GtkWidget    *safeguarding_row;
  GtkSwitch    *safeguarding_switch;
  GtkWidget    *texts_box;
  GtkWidget    *reasons_label;
  GtkTextView  *reasons_view;
  GtkTextView  *alternatives_view;
  GtkWidget    *justification_label;
  GtkWidget    *justification_frame;
  GtkTextView  *justification_view;
  GtkEntry     *correction_entry;
  GtkLabel     *decision_error;
  GtkWidget    *attend_button;
  GtkButton    *record_button;
  GtkWidget    *decided_group;
  GtkListBox   *decided_list;
};

G_DEFINE_FINAL_TYPE (DocketHearingRoom, docket_hearing_room, ADW_TYPE_BIN)

static const char * const attendances[] = { "attended", "represented", "did-not-attend", NULL };

static void load_hearings (DocketHearingRoom *self);
static void load_hearing (DocketHearingRoom *self);
static void load_case (DocketHearingRoom *self);
static void on_member_presence (GtkSwitch *presence, GParamSpec *pspec, DocketHearingRoom *self);

/* Who the caller is at this hearing ----------------------------------------------- */

static const char *
me (DocketHearingRoom *self)
{
  return docket_client_get_user (self->client);
}

static GVariant *
panel_member (GVariant *record, const char *user)
{
  g_autoptr(GVariant) panel = record ? g_variant_lookup_value (record, "panel", G_VARIANT_TYPE ("aa{sv}")) : NULL;
  GVariantIter iter;
  GVariant *m;

  if (panel == NULL || user == NULL)
    return NULL;
  g_variant_iter_init (&iter, panel);
  while ((m = g_variant_iter_next_value (&iter)))
    {
      if (g_strcmp0 (docket_lookup (m, "user"), user) == 0)
        return m;
      g_variant_unref (m);
    }
  return NULL;
}

static gboolean
is_dm (DocketHearingRoom *self)
{
  return self->hearing && g_strcmp0 (docket_lookup (self->hearing, "decision-maker"), me (self)) == 0 &&
         docket_client_has_role (self->client, DOCKET_ROLE_DECISION_MAKER);
}

static gboolean
is_panel (DocketHearingRoom *self)
{
  return g_strcmp0 (docket_lookup (self->hearing, "mode"), "panel") == 0;
}

static gboolean
hearing_open (DocketHearingRoom *self)
{
  return g_strcmp0 (docket_lookup (self->hearing, "state"), "scheduled") == 0;
}

static const char *
case_outcome (DocketHearingRoom *self)
{
  const char *o = docket_lookup (self->record, "outcome");
  return g_strcmp0 (o, "pending") == 0 ? NULL : o;
}

/* The hearings to choose from ------------------------------------------------------ */

static void
hearings_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketHearingRoom *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) hearings = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *today = docket_today_text ();
  GVariantIter iter;
  GVariant *item;
  guint select = GTK_INVALID_LIST_POSITION, best = GTK_INVALID_LIST_POSITION;

  if (!docket_dbus_hearings_call_list_finish (DOCKET_DBUS_HEARINGS (source), &hearings, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;  /* the widget may be gone */
      docket_toast_error (GTK_WIDGET (self), _("Could not list the hearings"), error);
      return;
    }
  g_array_set_size (self->hearing_ids, 0);
  g_variant_iter_init (&iter, hearings);
  while ((item = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariant) h = item;
      gint64 id = docket_lookup_id (h, "id");
      g_autofree char *date = docket_format_date (docket_lookup (h, "date"));
      g_autofree char *label = g_strdup_printf ("%s %s · %s", date, docket_lookup (h, "time"), docket_lookup (h, "venue"));

      if (g_strcmp0 (docket_lookup (h, "state"), "cancelled") == 0)
        continue;
      gtk_string_list_append (labels, label);
      g_array_append_val (self->hearing_ids, id);
      if (id == self->hearing_id)
        select = self->hearing_ids->len - 1;
      /* Otherwise the latest open day that has been held, or the next one. */
      if (g_strcmp0 (docket_lookup (h, "state"), "scheduled") == 0 &&
          (strcmp (docket_lookup (h, "date"), today) <= 0 || best == GTK_INVALID_LIST_POSITION))
        best = self->hearing_ids->len - 1;
    }
  self->filling = TRUE;
  gtk_drop_down_set_model (self->hearing_dropdown, G_LIST_MODEL (labels));
  self->filling = FALSE;
  if (select == GTK_INVALID_LIST_POSITION)
    select = best;
  if (select != GTK_INVALID_LIST_POSITION)
    {
      gtk_drop_down_set_selected (self->hearing_dropdown, select);
      self->hearing_id = g_array_index (self->hearing_ids, gint64, select);
      load_hearing (self);
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
load_hearings (DocketHearingRoom *self)
{
  DocketDBusHearings *hearings = docket_client_get_hearings (self->client);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *today = docket_today_text ();
  g_autoptr(GDate) d = g_date_new ();
  char from[16], to[16];

  if (hearings == NULL)
    return;
  g_date_set_parse (d, today);
  g_date_subtract_days (d, 120);
  g_snprintf (from, sizeof from, "%04u-%02u-%02u", g_date_get_year (d), g_date_get_month (d), g_date_get_day (d));
  g_date_add_days (d, 240);
  g_snprintf (to, sizeof to, "%04u-%02u-%02u", g_date_get_year (d), g_date_get_month (d), g_date_get_day (d));
  g_variant_builder_add (&b, "{sv}", "from", g_variant_new_string (from));
  g_variant_builder_add (&b, "{sv}", "to", g_variant_new_string (to));
  docket_dbus_hearings_call_list (hearings, g_variant_builder_end (&b), self->cancellable, hearings_cb, self);
}

static void
on_hearing_selected (DocketHearingRoom *self)
{
  guint i = gtk_drop_down_get_selected (self->hearing_dropdown);

  if (self->filling || i >= self->hearing_ids->len)
    return;
  if (g_array_index (self->hearing_ids, gint64, i) != self->hearing_id)
    {
      self->hearing_id = g_array_index (self->hearing_ids, gint64, i);
      self->case_id = 0;
      load_hearing (self);
    }
}

/* The day ------------------------------------------------------------------------------ */

static void
fill_hearing (DocketHearingRoom *self)
{
  g_autoptr(GVariant) cases = g_variant_lookup_value (self->hearing, "cases", G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GVariant) mine = panel_member (self->hearing, me (self));
  g_autofree char *label = NULL;
  GVariantIter iter;
  GVariant *item;
  GtkListBoxRow *selected = NULL, *first = NULL;
  guint n = 0;
  gboolean present = FALSE;

  label = g_strdup_printf (_("%s · decision-maker %s · %u of %u decided · %s"),
                           docket_label_mode (docket_lookup (self->hearing, "mode")),
                           docket_lookup (self->hearing, "decision-maker"),
                           docket_lookup_uint (self->hearing, "decided"), docket_lookup_uint (self->hearing, "listed"),
                           docket_label_hearing_state (docket_lookup (self->hearing, "state")));
  gtk_label_set_label (self->hearing_label, label);

  self->filling = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->present_toggle), mine != NULL && hearing_open (self));
  if (mine)
    g_variant_lookup (mine, "present", "b", &present);
  gtk_toggle_button_set_active (self->present_toggle, present);

  docket_list_box_clear (self->cases_list);
  if (cases)
    {
      g_variant_iter_init (&iter, cases);
      while ((item = g_variant_iter_next_value (&iter)))
        {
          g_autoptr(GVariant) c = item;
          const char *outcome = docket_lookup (c, "outcome");
          g_autofree char *title = g_strdup_printf ("%u. %s", ++n, docket_lookup (c, "name"));
          g_autofree char *sub = g_strdup_printf ("%s · %s · %s", docket_lookup (c, "licence"),
                                                  docket_label_case_kind (docket_lookup (c, "kind")),
                                                  docket_label_outcome (g_strcmp0 (outcome, "pending") ? outcome : NULL));
          GtkWidget *row = docket_row_add (self->cases_list, title, sub);
          gint64 id = docket_lookup_id (c, "id");
          g_object_set_data (G_OBJECT (row), "id", GSIZE_TO_POINTER (id));
          /* The first case still to decide, else the first. */
          if (first == NULL || (g_strcmp0 (outcome, "pending") == 0 &&
                                g_object_get_data (G_OBJECT (first), "pending") == NULL))
            first = GTK_LIST_BOX_ROW (row);
          if (g_strcmp0 (outcome, "pending") == 0)
            g_object_set_data (G_OBJECT (row), "pending", GINT_TO_POINTER (1));
          if (id == self->case_id)
            selected = GTK_LIST_BOX_ROW (row);
        }
    }
  self->filling = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "room");
  if (selected == NULL)
    selected = first;
  if (selected)
    {
      gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (selected), "id"));
      self->filling = TRUE;
      gtk_list_box_select_row (self->cases_list, selected);
      self->filling = FALSE;
      if (id != self->case_id || self->record == NULL)
        {
          self->case_id = id;
          load_case (self);
        }
    }
  else
    gtk_widget_set_visible (self->case_pane, FALSE);
}

static void
hearing_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketHearingRoom *self = user_data;
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
load_hearing (DocketHearingRoom *self)
{
  DocketDBusHearings *hearings = docket_client_get_hearings (self->client);

  if (hearings && self->hearing_id > 0)
    docket_dbus_hearings_call_get (hearings, self->hearing_id, self->cancellable, hearing_cb, self);
}

static void
on_case_selected (DocketHearingRoom *self, GtkListBoxRow *row)
{
  if (self->filling || row == NULL)
    return;
  self->case_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "id"));
  load_case (self);
  adw_leaflet_set_visible_child (self->leaflet, self->case_pane);
}

/* The case ------------------------------------------------------------------------------ */

static gboolean
outcome_shown (DocketHearingRoom *self, const char *outcome)
{
  guint i = adw_combo_row_get_selected (self->outcome_row);

  return self->outcomes && i < self->outcomes->len && g_strcmp0 (self->outcomes->pdata[i], outcome) == 0;
}

static const char *
selected_outcome (DocketHearingRoom *self)
{
  guint i = adw_combo_row_get_selected (self->outcome_row);

  return self->outcomes && i < self->outcomes->len ? self->outcomes->pdata[i] : NULL;
}

static void
on_outcome_changed (DocketHearingRoom *self)
{
  gboolean suspend = outcome_shown (self, "suspended");
  gboolean timed = suspend || outcome_shown (self, "revoked");
  gboolean immediate = timed && gtk_switch_get_active (self->immediate_switch);
  gboolean no_decision = outcome_shown (self, "surrendered") || outcome_shown (self, "withdrawn");

  gtk_widget_set_visible (self->until_row, suspend);
  gtk_widget_set_visible (self->immediate_row, timed);
  gtk_widget_set_visible (self->justification_label, immediate);
  gtk_widget_set_visible (self->justification_frame, immediate);
  gtk_widget_set_visible (self->safeguarding_row, timed || outcome_shown (self, "refused"));
  gtk_label_set_label (GTK_LABEL (self->reasons_label), no_decision ? _("Reasons (not needed)") : _("Reasons"));
}

static void
set_outcomes (DocketHearingRoom *self, const char *kind)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) vote_labels = gtk_string_list_new (NULL);
  int k = docket_enum_from_string (docket_case_kind_names, kind);

  g_ptr_array_set_size (self->outcomes, 0);
  for (guint i = 0; docket_outcome_names[i]; i++)
    if (k >= 0 && docket_outcome_fits_kind ((DocketOutcome) i, (DocketCaseKind) k))
      {
        g_ptr_array_add (self->outcomes, (gpointer) docket_outcome_names[i]);
        gtk_string_list_append (labels, docket_label_outcome (docket_outcome_names[i]));
        gtk_string_list_append (vote_labels, docket_label_outcome (docket_outcome_names[i]));
      }
  adw_combo_row_set_model (self->outcome_row, G_LIST_MODEL (labels));
  gtk_drop_down_set_model (self->vote_outcome, G_LIST_MODEL (vote_labels));
  on_outcome_changed (self);
}

static void
fill_decided (DocketHearingRoom *self)
{
  g_autoptr(GVariant) decisions = g_variant_lookup_value (self->record, "decisions", G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GVariant) effects = g_variant_lookup_value (self->record, "effects", G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GVariant) appeal = g_variant_lookup_value (self->record, "appeal", G_VARIANT_TYPE_VARDICT);
  gsize n = decisions ? g_variant_n_children (decisions) : 0;
  GVariantIter iter;
  GVariant *item;

  docket_list_box_clear (self->decided_list);
  gtk_widget_set_visible (self->decided_group, n > 0);
  if (n == 0)
    return;
  {
    g_autoptr(GVariant) d = g_variant_get_child_value (decisions, n - 1);
    g_autofree char *decided = docket_format_date (docket_lookup (d, "decided"));
    g_autofree char *recorded = docket_format_time (docket_lookup (d, "recorded"));
    g_autofree char *version = g_strdup_printf (_("Version %u, recorded by %s on %s"), docket_lookup_uint (d, "version"),
                                                docket_lookup (d, "recorded-by"), recorded);
    docket_property_add (self->decided_list, _("Outcome"), docket_label_outcome (docket_lookup (d, "outcome")));
    docket_property_add (self->decided_list, _("Decided"), decided);
    if (docket_lookup (d, "until"))
      {
        g_autofree char *until = docket_format_date (docket_lookup (d, "until"));
        docket_property_add (self->decided_list, _("Suspended until"), until);
      }
    if (docket_lookup_bool (d, "immediate"))
      docket_property_add (self->decided_list, _("Immediate effect"), docket_lookup (d, "justification"));
    if (docket_lookup (d, "reasons"))
      docket_property_add (self->decided_list, _("Reasons"), docket_lookup (d, "reasons"));
    if (docket_lookup (d, "alternatives"))
      docket_property_add (self->decided_list, _("Alternatives"), docket_lookup (d, "alternatives"));
    if (docket_lookup (d, "tally"))
      docket_property_add (self->decided_list, _("Votes"), docket_lookup (d, "tally"));
    if (docket_lookup (d, "correction"))
      docket_property_add (self->decided_list, _("Correction"), docket_lookup (d, "correction"));
    docket_row_add (self->decided_list, version, NULL);
  }
  if (effects)
    {
      g_variant_iter_init (&iter, effects);
      while ((item = g_variant_iter_next_value (&iter)))
        {
          g_autoptr(GVariant) e = item;
          docket_row_add (self->decided_list, docket_lookup (e, "text"), docket_lookup (e, "note"));
        }
    }
  if (appeal && docket_lookup (appeal, "lodged"))
    {
      g_autofree char *lodged = docket_format_date (docket_lookup (appeal, "lodged"));
      g_autofree char *text = g_strdup_printf (_("Appeal lodged on %s%s: %s"), lodged,
                                               docket_lookup_bool (appeal, "late") ? _(" (late)") : "",
                                               docket_label_appeal_result (docket_lookup (appeal, "result")));
      docket_row_add (self->decided_list, text, docket_lookup (appeal, "court"));
    }
}

static void
fill_case (DocketHearingRoom *self)
{
  GVariant *c = self->record;
  const char *outcome = case_outcome (self);
  gboolean open = hearing_open (self) && docket_lookup (c, "hearing-state") != NULL
                  ? g_strcmp0 (docket_lookup (c, "hearing-state"), "scheduled") == 0 : hearing_open (self);
  gboolean officer = docket_client_has_role (self->client, DOCKET_ROLE_OFFICER);
  g_autoptr(GVariant) mine = panel_member (c, me (self));
  g_autoptr(GVariant) panel = g_variant_lookup_value (c, "panel", G_VARIANT_TYPE ("aa{sv}"));
  const char *my_role = mine ? docket_lookup (mine, "role") : NULL;
  gboolean present = FALSE, prejudicial = FALSE;
  gboolean decides = is_panel (self) ? (is_dm (self) || officer) : is_dm (self);
  g_autofree char *case_text = NULL;
  g_autofree char *notified = docket_format_date (docket_lookup (c, "notified"));
  g_autoptr(GVariant) pending = self->driver ? g_variant_lookup_value (self->driver, "pending", G_VARIANT_TYPE ("aa{sv}")) : NULL;
  g_autoptr(GVariant) cases = self->driver ? g_variant_lookup_value (self->driver, "cases", G_VARIANT_TYPE ("aa{sv}")) : NULL;
  g_autoptr(GtkStringList) member_labels = gtk_string_list_new (NULL);
  GVariantIter iter;
  GVariant *item;
  guint history = 0;

  if (mine)
    {
      g_variant_lookup (mine, "present", "b", &present);
      g_variant_lookup (mine, "prejudicial", "b", &prejudicial);
    }

  gtk_widget_set_visible (self->case_pane, TRUE);
  gtk_label_set_label (self->driver_label, docket_lookup (c, "name"));
  case_text = g_strdup_printf ("%s · %s · %s · %s", docket_lookup (c, "licence"),
                               docket_label_status (docket_lookup (c, "licence-status")),
                               docket_label_case_kind (docket_lookup (c, "kind")),
                               docket_label_outcome (outcome));
  gtk_label_set_label (self->case_label, case_text);

  docket_list_box_clear (self->summary_list);
  docket_property_add (self->summary_list, _("Grounds"), docket_lookup (c, "grounds") ? docket_lookup (c, "grounds")
                                                                                     : _("Hidden from your role"));
  docket_property_add (self->summary_list, _("Officer's report"),
                       docket_lookup (c, "report") ? docket_lookup (c, "report") : _("None"));
  docket_property_add (self->summary_list, _("Driver told of the hearing"), *notified ? notified : _("Not recorded"));
  docket_property_add (self->summary_list, _("Attendance"), docket_lookup (c, "attendance")
                       ? docket_label_attendance (docket_lookup (c, "attendance")) : _("Not recorded"));
  if (docket_lookup_id (c, "relisted-from"))
    docket_property_add (self->summary_list, _("Relisted"), _("Deferred from an earlier hearing"));
  if (pending)
    {
      g_variant_iter_init (&iter, pending);
      while ((item = g_variant_iter_next_value (&iter)))
        {
          g_autoptr(GVariant) p = item;
          docket_property_add (self->summary_list, _("Pending"), docket_lookup (p, "text"));
        }
    }

  docket_list_box_clear (self->history_list);
  if (cases)
    {
      g_variant_iter_init (&iter, cases);
      while ((item = g_variant_iter_next_value (&iter)))
        {
          g_autoptr(GVariant) h = item;
          g_autofree char *date = NULL, *title = NULL;
          const char *o = docket_lookup (h, "outcome");
          if (docket_lookup_id (h, "id") == self->case_id)
            continue;
          date = docket_format_date (docket_lookup (h, "hearing-date"));
          title = g_strdup_printf ("%s: %s", date, docket_label_outcome (g_strcmp0 (o, "pending") ? o : NULL));
          docket_row_add (self->history_list, title, docket_label_case_kind (docket_lookup (h, "kind")));
          history++;
        }
    }
  gtk_widget_set_visible (self->history_group, history > 0);

  /* The panel, with what each member declared, advised or voted. */
  docket_list_box_clear (self->panel_list);
  g_ptr_array_set_size (self->members, 0);
  if (panel)
    {
      g_variant_iter_init (&iter, panel);
      while ((item = g_variant_iter_next_value (&iter)))
        {
          g_autoptr(GVariant) m = item;
          g_autoptr(GString) sub = g_string_new (docket_label_role (docket_lookup (m, "role")));
          gboolean p;
          const char *user = docket_lookup (m, "user");
          GtkWidget *row;

          g_string_append_printf (sub, " · %s", g_variant_lookup (m, "present", "b", &p)
                                  ? (p ? _("present") : _("absent")) : _("presence not recorded"));
          if (docket_lookup (m, "interest"))
            g_string_append_printf (sub, "\n%s %s%s", _("Declared:"), docket_lookup (m, "interest"),
                                    docket_lookup_bool (m, "prejudicial") ? _(" (prejudicial: takes no part)") : "");
          else if (docket_lookup_bool (m, "declared"))
            g_string_append_printf (sub, "\n%s", _("Declared an interest"));
          if (docket_lookup (m, "advice"))
            g_string_append_printf (sub, "\n%s %s", _("Advice:"), docket_lookup (m, "advice"));
          else if (docket_lookup_bool (m, "advised"))
            g_string_append_printf (sub, "\n%s", _("Has advised"));
          if (docket_lookup (m, "vote"))
            {
              g_autofree char *until = docket_format_date (docket_lookup (m, "vote-until"));
              g_string_append_printf (sub, "\n%s %s%s%s", _("Vote:"), docket_label_outcome (docket_lookup (m, "vote")),
                                      *until ? _(" until ") : "", until);
            }
          row = docket_row_add (self->panel_list, user, sub->str);
          g_object_set_data_full (G_OBJECT (row), "user", g_strdup (user), g_free);
          if (officer || is_dm (self) || g_strcmp0 (user, me (self)) == 0)
            {
              g_ptr_array_add (self->members, g_strdup (user));
              gtk_string_list_append (member_labels, user);
            }
          if (open && (officer || is_dm (self) || g_strcmp0 (user, me (self)) == 0))
            {
              /* Presence, as the officer or the chair records it. */
              GtkWidget *presence = gtk_switch_new ();
              g_autofree char *label = g_strdup_printf (_("%s is present"), user);
              gtk_widget_set_valign (presence, GTK_ALIGN_CENTER);
              gtk_switch_set_active (GTK_SWITCH (presence), g_variant_lookup (m, "present", "b", &p) && p);
              gtk_accessible_update_property (GTK_ACCESSIBLE (presence), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
              gtk_widget_set_tooltip_text (presence, label);
              g_object_set_data_full (G_OBJECT (presence), "user", g_strdup (user), g_free);
              g_signal_connect (presence, "notify::active", G_CALLBACK (on_member_presence), self);
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), presence);
            }
        }
    }
  gtk_drop_down_set_model (self->declare_member, G_LIST_MODEL (member_labels));
  for (guint i = 0; i < self->members->len; i++)
    if (g_strcmp0 (self->members->pdata[i], me (self)) == 0)
      gtk_drop_down_set_selected (self->declare_member, i);

  gtk_widget_set_visible (self->declare_group, open && outcome == NULL && self->members->len > 0);
  gtk_widget_set_visible (self->advice_group, open && outcome == NULL && !is_panel (self) &&
                          g_strcmp0 (my_role, "board-member") == 0 && present && !prejudicial);
  gtk_widget_set_visible (self->vote_group, open && outcome == NULL && is_panel (self) && mine && present &&
                          !prejudicial);
  gtk_widget_set_visible (self->attend_button, open && (officer || is_dm (self)));
  gtk_widget_set_visible (self->decision_group, open && decides);
  gtk_widget_set_visible (self->texts_box, open && decides);
  gtk_widget_set_visible (GTK_WIDGET (self->correction_entry), outcome != NULL);
  gtk_button_set_label (self->record_button, outcome ? _("_Record Correction…") : _("_Record Decision…"));
  gtk_widget_set_visible (GTK_WIDGET (self->decision_error), FALSE);

  set_outcomes (self, docket_lookup (c, "kind"));
  if (docket_lookup (c, "attendance"))
    for (guint i = 0; attendances[i]; i++)
      if (g_str_equal (attendances[i], docket_lookup (c, "attendance")))
        adw_combo_row_set_selected (self->attendance_row, i);
  if (outcome)
    for (guint i = 0; i < self->outcomes->len; i++)
      if (g_str_equal (self->outcomes->pdata[i], outcome))
        adw_combo_row_set_selected (self->outcome_row, i);

  fill_decided (self);
}

static void
driver_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketHearingRoom *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) driver = NULL;

  if (!docket_dbus_drivers_call_get_finish (DOCKET_DBUS_DRIVERS (source), &driver, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;  /* the widget may be gone */
      docket_toast_error (GTK_WIDGET (self), _("Could not load the driver"), error);
      return;
    }
  g_clear_pointer (&self->driver, g_variant_unref);
  self->driver = g_steal_pointer (&driver);
  if (self->record)
    fill_case (self);
}

static void
case_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DocketHearingRoom *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) record = NULL;
  DocketDBusDrivers *drivers;
  gboolean same;

  if (!docket_dbus_hearings_call_get_case_finish (DOCKET_DBUS_HEARINGS (source), &record, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;  /* the widget may be gone */
      docket_toast_error (GTK_WIDGET (self), _("Could not load the case"), error);
      return;
    }
  drivers = docket_client_get_drivers (self->client);
  same = self->record && g_strcmp0 (docket_lookup (self->record, "licence"), docket_lookup (record, "licence")) == 0;
  g_clear_pointer (&self->record, g_variant_unref);
  self->record = g_steal_pointer (&record);
  if (!same)
    g_clear_pointer (&self->driver, g_variant_unref);
  fill_case (self);
  if (drivers)
    docket_dbus_drivers_call_get (drivers, docket_lookup (self->record, "licence"), FALSE,
                                  self->case_cancellable, driver_cb, self);
}

static void
load_case (DocketHearingRoom *self)
{
  DocketDBusHearings *hearings = docket_client_get_hearings (self->client);
  gboolean sensitive = docket_client_has_any (self->client, DOCKET_ROLE_MASK (OFFICER) |
                                              DOCKET_ROLE_MASK (DECISION_MAKER) | DOCKET_ROLE_MASK (BOARD_MEMBER));

  if (hearings == NULL || self->case_id <= 0)
    return;
  g_cancellable_cancel (self->case_cancellable);
  g_clear_object (&self->case_cancellable);
  self->case_cancellable = g_cancellable_new ();
  docket_dbus_hearings_call_get_case (hearings, self->case_id, sensitive, self->case_cancellable, case_cb, self);
}

/* Acting at the hearing --------------------------------------------------------------- */

typedef struct {
  DocketHearingRoom *self;
  char              *done;
  gboolean           decision;
} Act;

static void
act_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Act *act = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, &error);
  DocketHearingRoom *self = act->self;

  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = docket_client_error_text (error);
          if (act->decision)
            {
              gtk_label_set_label (self->decision_error, text);
              gtk_widget_set_visible (GTK_WIDGET (self->decision_error), TRUE);
            }
          docket_toast (GTK_WIDGET (self), text);
        }
    }
  else
    {
      if (act->decision)
        {
          gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->reasons_view), "", -1);
          gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->alternatives_view), "", -1);
          gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->justification_view), "", -1);
          gtk_editable_set_text (GTK_EDITABLE (self->correction_entry), "");
        }
      docket_toast (GTK_WIDGET (self), act->done);
    }
  g_object_unref (act->self);
  g_free (act->done);
  g_free (act);
}

static void
act (DocketHearingRoom *self, const char *method, GVariant *args, const char *done, gboolean decision)
{
  DocketDBusHearings *hearings = docket_client_get_hearings (self->client);
  Act *a;

  if (hearings == NULL)
    {
      g_variant_unref (g_variant_ref_sink (args));
      return;
    }
  a = g_new0 (Act, 1);
  a->self = g_object_ref (self);
  a->done = g_strdup (done);
  a->decision = decision;
  g_dbus_proxy_call (G_DBUS_PROXY (hearings), method, args, G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, act_cb, a);
}

static void
on_member_presence (GtkSwitch *presence, GParamSpec *pspec, DocketHearingRoom *self)
{
  const char *user = g_object_get_data (G_OBJECT (presence), "user");
  gboolean present = gtk_switch_get_active (presence);

  if (self->filling || self->hearing_id <= 0)
    return;
  act (self, "SetPresence", g_variant_new ("(xsb)", self->hearing_id, user, present),
       present ? _("Recorded present") : _("Recorded absent"), FALSE);
}

static void
on_present_toggled (DocketHearingRoom *self)
{
  gboolean present = gtk_toggle_button_get_active (self->present_toggle);

  if (self->filling || self->hearing_id <= 0)
    return;
  act (self, "SetPresence", g_variant_new ("(xsb)", self->hearing_id, me (self), present),
       present ? _("Recorded present") : _("Recorded absent"), FALSE);
}

static void
attend_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingRoom *self = DOCKET_HEARING_ROOM (widget);

  act (self, "SetAttendance",
       g_variant_new ("(xs)", self->case_id, attendances[adw_combo_row_get_selected (self->attendance_row)]),
       _("Attendance recorded"), TRUE);
}

static void
declare_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingRoom *self = DOCKET_HEARING_ROOM (widget);
  guint i = gtk_drop_down_get_selected (self->declare_member);

  if (i >= self->members->len)
    return;
  act (self, "Declare", g_variant_new ("(xssb)", self->case_id, (const char *) self->members->pdata[i],
                                       gtk_editable_get_text (GTK_EDITABLE (self->declare_entry)),
                                       gtk_check_button_get_active (self->prejudicial_check)),
       _("Declaration recorded"), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->declare_entry), "");
}

static void
advise_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingRoom *self = DOCKET_HEARING_ROOM (widget);

  act (self, "Advise", g_variant_new ("(xs)", self->case_id, gtk_editable_get_text (GTK_EDITABLE (self->advice_entry))),
       _("Advice recorded"), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->advice_entry), "");
}

static void
vote_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingRoom *self = DOCKET_HEARING_ROOM (widget);
  guint i = gtk_drop_down_get_selected (self->vote_outcome);

  if (i >= self->outcomes->len)
    return;
  act (self, "Vote", g_variant_new ("(xss)", self->case_id, (const char *) self->outcomes->pdata[i],
                                    gtk_editable_get_text (GTK_EDITABLE (self->vote_until))),
       _("Vote recorded"), FALSE);
}

static GVariant *
decision (DocketHearingRoom *self)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *reasons = docket_text_view_get (self->reasons_view);
  g_autofree char *alternatives = docket_text_view_get (self->alternatives_view);
  g_autofree char *justification = docket_text_view_get (self->justification_view);
  const char *outcome = selected_outcome (self);
  gboolean timed = g_strcmp0 (outcome, "suspended") == 0 || g_strcmp0 (outcome, "revoked") == 0;

  docket_builder_add (&b, "outcome", outcome);
  docket_builder_add (&b, "attendance", attendances[adw_combo_row_get_selected (self->attendance_row)]);
  docket_builder_add (&b, "reasons", g_strstrip (reasons));
  docket_builder_add (&b, "alternatives", g_strstrip (alternatives));
  if (g_strcmp0 (outcome, "suspended") == 0)
    docket_builder_add (&b, "until", gtk_editable_get_text (GTK_EDITABLE (self->until_row)));
  docket_builder_add (&b, "decided", gtk_editable_get_text (GTK_EDITABLE (self->decided_row)));
  if (timed && gtk_switch_get_active (self->immediate_switch))
    {
      g_variant_builder_add (&b, "{sv}", "immediate", g_variant_new_boolean (TRUE));
      docket_builder_add (&b, "justification", g_strstrip (justification));
    }
  if (gtk_widget_get_visible (self->safeguarding_row) && gtk_switch_get_active (self->safeguarding_switch))
    g_variant_builder_add (&b, "{sv}", "safeguarding", g_variant_new_boolean (TRUE));
  if (case_outcome (self))
    docket_builder_add (&b, "correction", gtk_editable_get_text (GTK_EDITABLE (self->correction_entry)));
  return g_variant_builder_end (&b);
}

static void
on_confirm_response (AdwMessageDialog *dialog, const char *response, DocketHearingRoom *self)
{
  GVariant *d = g_object_get_data (G_OBJECT (dialog), "decision");

  if (self->confirmation == dialog)
    self->confirmation = NULL;
  if (g_str_equal (response, "record"))
    act (self, "Record", g_variant_new ("(x@a{sv})", self->case_id, d),
         case_outcome (self) ? _("Correction recorded as a new version") : _("Decision recorded"), TRUE);
}

static void
record_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingRoom *self = DOCKET_HEARING_ROOM (widget);
  g_autoptr(GVariant) d = g_variant_ref_sink (decision (self));
  const char *outcome = selected_outcome (self);
  const char *decided = gtk_editable_get_text (GTK_EDITABLE (self->decided_row));
  g_autofree char *today = docket_today_text ();
  g_autofree char *effect = docket_effect_sentence (outcome, gtk_editable_get_text (GTK_EDITABLE (self->until_row)),
                                                    gtk_widget_get_visible (self->immediate_row) &&
                                                    gtk_switch_get_active (self->immediate_switch),
                                                    *decided ? decided : today);
  g_autofree char *heading = g_strdup_printf (case_outcome (self) ? _("Correct the Decision to “%s”?")
                                                                  : _("Record “%s” for %s?"),
                                              docket_label_outcome (outcome), docket_lookup (self->record, "name"));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, effect));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Go Back"), "record", _("_Record"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "record",
                                              g_strcmp0 (outcome, "revoked") == 0 || g_strcmp0 (outcome, "suspended") == 0
                                              ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "decision", g_variant_ref (d), (GDestroyNotify) g_variant_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_confirm_response), self);
  self->confirmation = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The statement of decision --------------------------------------------------------- */

typedef enum {
  NOTICE_SHOW,
  NOTICE_SAVE,
  NOTICE_PRINT,
} NoticeUse;

typedef struct {
  DocketHearingRoom *self;
  NoticeUse          use;
  char              *path;
} Notice;

static void
draw_page (GtkPrintOperation *op, GtkPrintContext *context, int page, gpointer user_data)
{
  PangoLayout *layout = user_data;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  int lines_per_page = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (op), "lines-per-page"));
  int first = page * lines_per_page;
  double y = 0;

  for (int i = first; i < first + lines_per_page && i < pango_layout_get_line_count (layout); i++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (layout, i);
      PangoRectangle logical;
      pango_layout_line_get_pixel_extents (line, NULL, &logical);
      cairo_move_to (cr, 0, y - logical.y);
      pango_cairo_show_layout_line (cr, line);
      y += logical.height;
    }
}

static void
begin_print (GtkPrintOperation *op, GtkPrintContext *context, gpointer user_data)
{
  PangoLayout *layout = user_data;
  double width = gtk_print_context_get_width (context), height = gtk_print_context_get_height (context);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 10");
  int line_height, lines_per_page;
  PangoRectangle logical;

  pango_cairo_update_context (gtk_print_context_get_cairo_context (context), pango_layout_get_context (layout));
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_font_description_free (font);
  pango_layout_line_get_pixel_extents (pango_layout_get_line_readonly (layout, 0), NULL, &logical);
  line_height = MAX (1, logical.height);
  lines_per_page = MAX (1, (int) (height / line_height));
  g_object_set_data (G_OBJECT (op), "lines-per-page", GINT_TO_POINTER (lines_per_page));
  gtk_print_operation_set_n_pages (op, (pango_layout_get_line_count (layout) + lines_per_page - 1) / lines_per_page);
}

static void
print_text (DocketHearingRoom *self, const char *text)
{
  g_autoptr(GtkPrintOperation) op = gtk_print_operation_new ();
  PangoContext *context = gtk_widget_create_pango_context (GTK_WIDGET (self));
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(GError) error = NULL;

  pango_layout_set_text (layout, text, -1);
  gtk_print_operation_set_job_name (op, _("Statement of decision"));
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  g_signal_connect (op, "begin-print", G_CALLBACK (begin_print), layout);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page), layout);
  if (gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    docket_toast_error (GTK_WIDGET (self), _("Could not print"), error);
  g_object_unref (layout);
  g_object_unref (context);
}

static void
show_text (DocketHearingRoom *self, const char *text)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_window_set_title (GTK_WINDOW (window), _("Statement of Decision"));
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 760);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 18);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 18);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 18);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

static void
notice_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Notice *n = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) document = NULL;

  if (!docket_dbus_hearings_call_get_notice_finish (DOCKET_DBUS_HEARINGS (source), &document, result, &error))
    docket_toast_error (GTK_WIDGET (n->self), _("Could not make the statement"), error);
  else
    {
      gsize len = 0;
      const char *data = g_variant_get_fixed_array (document, &len, 1);
      g_autofree char *text = g_strndup (data, len);

      if (n->use == NOTICE_SAVE)
        {
          if (!g_file_set_contents_full (n->path, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
            docket_toast_error (GTK_WIDGET (n->self), _("Could not save the statement"), error);
          else
            {
              g_autofree char *msg = g_strdup_printf (_("Saved %s"), n->path);
              docket_toast (GTK_WIDGET (n->self), msg);
            }
        }
      else if (n->use == NOTICE_PRINT)
        print_text (n->self, text);
      else
        show_text (n->self, text);
    }
  g_object_unref (n->self);
  g_free (n->path);
  g_free (n);
}

static void
get_notice (DocketHearingRoom *self, NoticeUse use, const char *path)
{
  DocketDBusHearings *hearings = docket_client_get_hearings (self->client);
  Notice *n;

  if (hearings == NULL || self->case_id <= 0)
    return;
  n = g_new0 (Notice, 1);
  n->self = g_object_ref (self);
  n->use = use;
  n->path = g_strdup (path);
  docket_dbus_hearings_call_get_notice (hearings, self->case_id, use == NOTICE_SAVE ? "pdf" : "text",
                                        self->cancellable, notice_cb, n);
}

void
docket_hearing_room_save_statement_to (DocketHearingRoom *self, const char *path)
{
  get_notice (self, NOTICE_SAVE, path);
}

static void
statement_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  get_notice (DOCKET_HEARING_ROOM (widget), NOTICE_SHOW, NULL);
}

static void
print_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  get_notice (DOCKET_HEARING_ROOM (widget), NOTICE_PRINT, NULL);
}

static void
on_pdf_response (GtkNativeDialog *dialog, int response, DocketHearingRoom *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      if (path)
        get_notice (self, NOTICE_SAVE, path);
    }
  g_object_unref (dialog);
}

static void
save_pdf_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingRoom *self = DOCKET_HEARING_ROOM (widget);
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Save the Statement as PDF"),
                                                              GTK_WINDOW (gtk_widget_get_root (widget)),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  g_autofree char *name = g_strdup_printf ("statement-%s-case-%" G_GINT64_FORMAT ".pdf",
                                           docket_lookup (self->record, "licence"), self->case_id);

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (on_pdf_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
driver_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingRoom *self = DOCKET_HEARING_ROOM (widget);
  GtkWidget *window = gtk_widget_get_ancestor (widget, DOCKET_TYPE_WINDOW);

  if (window && self->record)
    docket_window_show_driver (DOCKET_WINDOW (window), docket_lookup (self->record, "licence"));
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingRoom *self = DOCKET_HEARING_ROOM (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->cases_pane);
}

/* Live --------------------------------------------------------------------------------- */

static gboolean
reload_cb (gpointer data)
{
  DocketHearingRoom *self = data;

  self->reload_source = 0;
  if (self->reload_list)
    load_hearings (self);
  else if (self->reload_day)
    load_hearing (self);
  if (self->reload_case)
    load_case (self);
  self->reload_list = self->reload_day = self->reload_case = FALSE;
  return G_SOURCE_REMOVE;
}

/* Reloads once a burst of change signals has passed. */
static void
schedule_reload (DocketHearingRoom *self, gboolean list, gboolean day, gboolean one_case)
{
  self->reload_list |= list;
  self->reload_day |= day;
  self->reload_case |= one_case;
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (DOCKET_REFRESH_DELAY_MS, reload_cb, self);
}

static void
on_case_changed (DocketClient *client, gint64 id, gint64 hearing, DocketHearingRoom *self)
{
  if (hearing == self->hearing_id)
    schedule_reload (self, FALSE, TRUE, id == self->case_id);
}

static void
on_hearing_changed (DocketClient *client, gint64 id, DocketHearingRoom *self)
{
  if (id == self->hearing_id)
    schedule_reload (self, FALSE, TRUE, TRUE);
  else
    schedule_reload (self, TRUE, FALSE, FALSE);
}

static void
on_client_notify (DocketClient *client, GParamSpec *pspec, DocketHearingRoom *self)
{
  if (g_str_equal (pspec->name, "connected") || g_str_equal (pspec->name, "roles"))
    load_hearings (self);
}

/* GObject ------------------------------------------------------------------------------- */

static void
docket_hearing_room_dispose (GObject *object)
{
  DocketHearingRoom *self = DOCKET_HEARING_ROOM (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->case_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->case_cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->client)
    g_signal_handlers_disconnect_by_data (self->client, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOCKET_TYPE_HEARING_ROOM);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (docket_hearing_room_parent_class)->dispose (object);
}

static void
docket_hearing_room_finalize (GObject *object)
{
  DocketHearingRoom *self = DOCKET_HEARING_ROOM (object);

  g_array_unref (self->hearing_ids);
  g_ptr_array_unref (self->outcomes);
  g_ptr_array_unref (self->members);
  g_clear_pointer (&self->hearing, g_variant_unref);
  g_clear_pointer (&self->record, g_variant_unref);
  g_clear_pointer (&self->driver, g_variant_unref);
  G_OBJECT_CLASS (docket_hearing_room_parent_class)->finalize (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, DocketHearingRoom, name)

static void
docket_hearing_room_class_init (DocketHearingRoomClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = docket_hearing_room_dispose;
  object_class->finalize = docket_hearing_room_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-hearing-room.ui");
  BIND (hearing_dropdown); BIND (hearing_label); BIND (present_toggle); BIND (stack); BIND (leaflet);
  BIND (cases_pane); BIND (case_pane); BIND (cases_list); BIND (driver_label); BIND (case_label);
  BIND (summary_list); BIND (history_group); BIND (history_list); BIND (panel_list); BIND (declare_group);
  BIND (declare_member); BIND (declare_entry); BIND (prejudicial_check); BIND (advice_group); BIND (advice_entry);
  BIND (vote_group); BIND (vote_outcome); BIND (vote_until); BIND (decision_group); BIND (attendance_row);
  BIND (outcome_row); BIND (until_row); BIND (decided_row); BIND (immediate_row); BIND (immediate_switch);
  BIND (safeguarding_row); BIND (safeguarding_switch); BIND (texts_box); BIND (reasons_label); BIND (reasons_view);
  BIND (alternatives_view); BIND (justification_label); BIND (justification_frame); BIND (justification_view);
  BIND (correction_entry); BIND (decision_error); BIND (attend_button); BIND (record_button); BIND (decided_group);
  BIND (decided_list);
  gtk_widget_class_bind_template_callback (widget_class, on_hearing_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_case_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_outcome_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_present_toggled);
  gtk_widget_class_install_action (widget_class, "room.attend", NULL, attend_action);
  gtk_widget_class_install_action (widget_class, "room.declare", NULL, declare_action);
  gtk_widget_class_install_action (widget_class, "room.advise", NULL, advise_action);
  gtk_widget_class_install_action (widget_class, "room.vote", NULL, vote_action);
  gtk_widget_class_install_action (widget_class, "room.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "room.statement", NULL, statement_action);
  gtk_widget_class_install_action (widget_class, "room.save-pdf", NULL, save_pdf_action);
  gtk_widget_class_install_action (widget_class, "room.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "room.driver", NULL, driver_action);
  gtk_widget_class_install_action (widget_class, "room.back", NULL, back_action);
}

static void
docket_hearing_room_init (DocketHearingRoom *self)
{
  g_autoptr(GtkStringList) attendance_labels = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->case_cancellable = g_cancellable_new ();
  self->hearing_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->outcomes = g_ptr_array_new ();
  self->members = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; attendances[i]; i++)
    gtk_string_list_append (attendance_labels, docket_label_attendance (attendances[i]));
  adw_combo_row_set_model (self->attendance_row, G_LIST_MODEL (attendance_labels));
}

void
docket_hearing_room_set_client (DocketHearingRoom *self, DocketClient *client)
{
  g_set_object (&self->client, client);
  g_signal_connect (client, "notify", G_CALLBACK (on_client_notify), self);
  g_signal_connect (client, "case-changed", G_CALLBACK (on_case_changed), self);
  g_signal_connect (client, "hearing-changed", G_CALLBACK (on_hearing_changed), self);
  load_hearings (self);
}

void
docket_hearing_room_reload (DocketHearingRoom *self)
{
  load_hearings (self);
}

void
docket_hearing_room_set_hearing (DocketHearingRoom *self, gint64 hearing)
{
  if (hearing != self->hearing_id)
    {
      self->hearing_id = hearing;
      self->case_id = 0;
      g_clear_pointer (&self->record, g_variant_unref);
    }
  load_hearings (self);
}

void
docket_hearing_room_select_case (DocketHearingRoom *self, gint64 case_id)
{
  self->case_id = case_id;
  load_case (self);
  load_hearing (self);
}

GVariant *
docket_hearing_room_get_hearing (DocketHearingRoom *self)
{
  return self->hearing;
}

GVariant *
docket_hearing_room_get_case (DocketHearingRoom *self)
{
  return self->record;
}

gpointer
docket_hearing_room_get_widget (DocketHearingRoom *self, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (self), DOCKET_TYPE_HEARING_ROOM, name);
}

AdwMessageDialog *
docket_hearing_room_get_confirmation (DocketHearingRoom *self)
{
  return self->confirmation;
}

void
docket_hearing_room_set_decision (DocketHearingRoom *self, const char *attendance, const char *outcome)
{
  for (guint i = 0; attendances[i]; i++)
    if (g_strcmp0 (attendances[i], attendance) == 0)
      adw_combo_row_set_selected (self->attendance_row, i);
  for (guint i = 0; i < self->outcomes->len; i++)
    if (g_strcmp0 (self->outcomes->pdata[i], outcome) == 0)
      adw_combo_row_set_selected (self->outcome_row, i);
}
