/* DocketHearingRoom: everything at the hearing goes through here. The
 * daemon decides who may do what; the room only hides what the caller's
 * place on the hearing cannot do, and shows the daemon's refusal when it
 * comes. Advice and votes from other members' clients arrive as
 * CaseChanged and are shown at once. The room holds the day and its
 * cases and makes the calls that act at the hearing; the case is shown by
 * child widgets (docket-room-*.c), one for each part. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "docket-enums.h"
#include "docket-hearing-room.h"
#include "docket-labels.h"
#include "docket-room-advice-votes.h"
#include "docket-room-case-header.h"
#include "docket-room-decision-form.h"
#include "docket-room-declarations.h"
#include "docket-room-panel.h"
#include "docket-room-recorded-decision.h"
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
  gint64        opened_case;   /* the case the person opened: read with its secrets */
  GVariant     *record;
  GVariant     *driver;
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
  DocketRoomCaseHeader       *case_header;
  DocketRoomPanel            *panel;
  DocketRoomDeclarations     *declarations;
  DocketRoomAdviceVotes      *advice_votes;
  DocketRoomDecisionForm     *decision_form;
  DocketRoomRecordedDecision *recorded_decision;
};

G_DEFINE_FINAL_TYPE (DocketHearingRoom, docket_hearing_room, ADW_TYPE_BIN)

static void load_hearings (DocketHearingRoom *self);
static void load_hearing (DocketHearingRoom *self);
static void load_case (DocketHearingRoom *self);

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

/* The chosen day, shortened to the room's width; the list shows each in
 * full. */
static void
setup_short_label (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
setup_label (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_label (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  GtkStringObject *s = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (s));
}

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
  GVariant *hearing = NULL;

  if (!docket_dbus_hearings_call_get_finish (DOCKET_DBUS_HEARINGS (source), &hearing, result, &error))
    {
      /* Once cancelled, the widget may be gone. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        docket_toast_error (GTK_WIDGET (self), _("Could not load the hearing"), error);
      return;
    }
  g_clear_pointer (&self->hearing, g_variant_unref);
  self->hearing = hearing;
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
  self->opened_case = self->case_id;
  load_case (self);
  adw_leaflet_set_visible_child (self->leaflet, self->case_pane);
}

/* A click on the case already shown opens it. */
static void
on_case_activated (DocketHearingRoom *self, GtkListBoxRow *row)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "id"));

  if (id == self->case_id && id != self->opened_case)
    {
      self->opened_case = id;
      load_case (self);
    }
  adw_leaflet_set_visible_child (self->leaflet, self->case_pane);
}

/* The case ------------------------------------------------------------------------------ */

/* The outcomes the case's @kind allows, as wire names. */
static GStrv
outcomes_for (const char *kind)
{
  g_autoptr(GStrvBuilder) outcomes = g_strv_builder_new ();
  int k = docket_enum_from_string (docket_case_kind_names, kind);

  for (guint i = 0; docket_outcome_names[i]; i++)
    if (k >= 0 && docket_outcome_fits_kind ((DocketOutcome) i, (DocketCaseKind) k))
      g_strv_builder_add (outcomes, docket_outcome_names[i]);
  return g_strv_builder_end (outcomes);
}

/* Shows the case in each part of the room, each part only to those whose
 * place at the hearing lets them use it. */
static void
fill_case (DocketHearingRoom *self)
{
  GVariant *c = self->record;
  const char *outcome = case_outcome (self);
  gboolean open = hearing_open (self) && docket_lookup (c, "hearing-state") != NULL
                  ? g_strcmp0 (docket_lookup (c, "hearing-state"), "scheduled") == 0 : hearing_open (self);
  /* The officer and the decision-maker record presence and attendance,
   * and declare for any member; on a panel either records the decision. */
  gboolean manages = docket_client_has_role (self->client, DOCKET_ROLE_OFFICER) || is_dm (self);
  gboolean decides = is_panel (self) ? manages : is_dm (self);
  g_autoptr(GVariant) mine = panel_member (c, me (self));
  g_autoptr(GVariant) panel = g_variant_lookup_value (c, "panel", G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GStrv) outcomes = outcomes_for (docket_lookup (c, "kind"));
  gboolean takes_part = mine && docket_lookup_bool (mine, "present") && !docket_lookup_bool (mine, "prejudicial");
  gboolean undecided = open && outcome == NULL;
  guint members;

  gtk_widget_set_visible (self->case_pane, TRUE);
  docket_room_case_header_show (self->case_header, c, self->driver, self->case_id,
                                self->case_id == self->opened_case);
  docket_room_panel_show (self->panel, panel, me (self), manages, open);
  members = docket_room_declarations_show (self->declarations, panel, me (self), manages);
  gtk_widget_set_visible (GTK_WIDGET (self->declarations), undecided && members > 0);
  docket_room_advice_votes_set_outcomes (self->advice_votes, (const char * const *) outcomes);
  docket_room_advice_votes_show (self->advice_votes,
                                 undecided && !is_panel (self) && takes_part &&
                                 g_strcmp0 (docket_lookup (mine, "role"), "board-member") == 0,
                                 undecided && is_panel (self) && takes_part);
  docket_room_decision_form_show (self->decision_form, c, (const char * const *) outcomes, open && decides,
                                  open && manages);
  docket_room_recorded_decision_show (self->recorded_decision, c, self->case_id);
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
  /* Only a case the person opened is read with its secrets (and that
   * reading recorded, once: docketd counts a live refresh of the same case
   * as the same reading); the case the room shows by itself is not. */
  gboolean sensitive = self->case_id == self->opened_case &&
                       docket_client_has_any (self->client, DOCKET_ROLE_MASK (OFFICER) |
                                              DOCKET_ROLE_MASK (DECISION_MAKER) | DOCKET_ROLE_MASK (BOARD_MEMBER));

  if (hearings == NULL || self->case_id <= 0)
    return;
  g_cancellable_cancel (self->case_cancellable);
  g_clear_object (&self->case_cancellable);
  self->case_cancellable = g_cancellable_new ();
  docket_dbus_hearings_call_get_case (hearings, self->case_id, sensitive, self->case_cancellable, case_cb, self);
}

/* Acting at the hearing --------------------------------------------------------------- */

/* The part of the room a call comes from: where its refusal shows. */
typedef enum {
  PART_NONE,
  PART_DECISION,
  PART_DECLARATION,
  PART_ADVICE,
  PART_VOTE,
} Part;

typedef struct {
  DocketHearingRoom *self;
  char              *done;
  Part               part;
  gboolean           statement;   /* a decision that has a statement to give */
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
          g_autofree char *text = docket_ui_error_text (error);
          if (act->part == PART_DECISION)
            docket_room_decision_form_show_error (self->decision_form, text);
          else if (act->part == PART_DECLARATION)
            docket_room_declarations_show_error (self->declarations, text);
          else if (act->part == PART_ADVICE || act->part == PART_VOTE)
            docket_room_advice_votes_show_error (self->advice_votes, act->part == PART_VOTE, text);
          else
            docket_toast (GTK_WIDGET (self), text);
        }
    }
  else
    {
      if (act->part == PART_DECISION)
        docket_room_decision_form_clear (self->decision_form);
      else if (act->part == PART_DECLARATION)
        docket_room_declarations_clear (self->declarations);
      else if (act->part == PART_ADVICE)
        docket_room_advice_votes_clear_advice (self->advice_votes);
      docket_toast (GTK_WIDGET (self), act->done);
      /* The statement of decision, to read over and give to the driver. */
      if (act->statement)
        docket_room_recorded_decision_show_statement (self->recorded_decision);
    }
  g_object_unref (act->self);
  g_free (act->done);
  g_free (act);
}

static void
act (DocketHearingRoom *self, const char *method, GVariant *args, const char *done, Part part)
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
  a->part = part;
  if (part == PART_DECISION && g_variant_is_of_type (args, G_VARIANT_TYPE ("(xa{sv})")))
    {
      g_autoptr(GVariant) d = g_variant_get_child_value (args, 1);
      const char *outcome = NULL;
      g_variant_lookup (d, "outcome", "&s", &outcome);
      a->statement = outcome != NULL && g_strv_contains ((const char * const[]) {
          "granted", "refused", "no-action", "warning", "suspended", "revoked", NULL }, outcome);
    }
  g_dbus_proxy_call (G_DBUS_PROXY (hearings), method, args, G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, act_cb, a);
}

static void
on_presence_changed (DocketRoomPanel *panel, const char *user, gboolean present, DocketHearingRoom *self)
{
  if (self->filling || self->hearing_id <= 0)
    return;
  act (self, "SetPresence", g_variant_new ("(xsb)", self->hearing_id, user, present),
       present ? _("Recorded present") : _("Recorded absent"), PART_NONE);
}

static void
on_present_toggled (DocketHearingRoom *self)
{
  gboolean present = gtk_toggle_button_get_active (self->present_toggle);

  if (self->filling || self->hearing_id <= 0)
    return;
  act (self, "SetPresence", g_variant_new ("(xsb)", self->hearing_id, me (self), present),
       present ? _("Recorded present") : _("Recorded absent"), PART_NONE);
}

static void
attend_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingRoom *self = DOCKET_HEARING_ROOM (widget);
  const char *attendance = docket_room_decision_form_get_attendance (self->decision_form);

  if (!docket_room_decision_form_check_attendance (self->decision_form))
    return;
  act (self, "SetAttendance", g_variant_new ("(xs)", self->case_id, attendance), _("Attendance recorded"),
       PART_DECISION);
}

static void
declare_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingRoom *self = DOCKET_HEARING_ROOM (widget);
  const char *member = docket_room_declarations_get_member (self->declarations);

  if (!docket_room_declarations_check (self->declarations))
    return;
  act (self, "Declare", g_variant_new ("(xssb)", self->case_id, member,
                                       docket_room_declarations_get_interest (self->declarations),
                                       docket_room_declarations_get_prejudicial (self->declarations)),
       _("Declaration recorded"), PART_DECLARATION);
}

static void
advise_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingRoom *self = DOCKET_HEARING_ROOM (widget);

  if (!docket_room_advice_votes_check_advice (self->advice_votes))
    return;
  act (self, "Advise", g_variant_new ("(xs)", self->case_id, docket_room_advice_votes_get_advice (self->advice_votes)),
       _("Advice recorded"), PART_ADVICE);
}

static void
vote_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingRoom *self = DOCKET_HEARING_ROOM (widget);
  const char *vote = docket_room_advice_votes_get_vote (self->advice_votes);
  const char *until = docket_room_advice_votes_get_until (self->advice_votes);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_autofree char *until_iso = NULL;

  if (!docket_room_advice_votes_check_vote (self->advice_votes))
    return;
  until_iso = docket_parse_date (until);
  /* The vote's terms bind the decision: the end of a suspension and
   * immediate effect go with it. */
  g_variant_builder_add (&b, "{sv}", "outcome", g_variant_new_string (vote));
  if (until_iso != NULL)
    g_variant_builder_add (&b, "{sv}", "until", g_variant_new_string (until_iso));
  if (docket_room_advice_votes_get_immediate (self->advice_votes))
    g_variant_builder_add (&b, "{sv}", "immediate", g_variant_new_boolean (TRUE));
  act (self, "VoteTerms", g_variant_new ("(x@a{sv})", self->case_id, g_variant_builder_end (&b)),
       _("Vote recorded"), PART_VOTE);
}

static void
on_confirm_response (AdwMessageDialog *dialog, const char *response, DocketHearingRoom *self)
{
  GVariant *d = g_object_get_data (G_OBJECT (dialog), "decision");

  if (self->confirmation == dialog)
    self->confirmation = NULL;
  if (g_str_equal (response, "record"))
    act (self, "Record", g_variant_new ("(x@a{sv})", self->case_id, d),
         case_outcome (self) ? _("Correction recorded as a new version") : _("Decision recorded"), PART_DECISION);
}

static void
record_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DocketHearingRoom *self = DOCKET_HEARING_ROOM (widget);
  g_autoptr(GVariant) d = g_variant_ref_sink (docket_room_decision_form_get_decision (self->decision_form,
                                                                                       case_outcome (self) != NULL));
  const char *outcome = docket_room_decision_form_get_outcome (self->decision_form);
  g_autofree char *effect = docket_room_decision_form_get_effect (self->decision_form);
  g_autofree char *heading = g_strdup_printf (case_outcome (self) ? _("Correct the Decision to “%s”?")
                                                                  : _("Record “%s” for %s?"),
                                              docket_label_outcome (outcome), docket_lookup (self->record, "name"));
  AdwMessageDialog *dialog;

  /* What the client can check is checked before the confirmation. */
  if (!docket_room_decision_form_check (self->decision_form, case_outcome (self) != NULL))
    return;
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

/* The statement of decision, from the recorded decision's buttons. */

static void
statement_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  docket_room_recorded_decision_show_statement (DOCKET_HEARING_ROOM (widget)->recorded_decision);
}

static void
print_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  docket_room_recorded_decision_print_statement (DOCKET_HEARING_ROOM (widget)->recorded_decision);
}

static void
save_pdf_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  docket_room_recorded_decision_save_statement (DOCKET_HEARING_ROOM (widget)->recorded_decision);
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
  g_type_ensure (DOCKET_TYPE_ROOM_CASE_HEADER);
  g_type_ensure (DOCKET_TYPE_ROOM_PANEL);
  g_type_ensure (DOCKET_TYPE_ROOM_DECLARATIONS);
  g_type_ensure (DOCKET_TYPE_ROOM_ADVICE_VOTES);
  g_type_ensure (DOCKET_TYPE_ROOM_DECISION_FORM);
  g_type_ensure (DOCKET_TYPE_ROOM_RECORDED_DECISION);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-hearing-room.ui");
  BIND (hearing_dropdown); BIND (hearing_label); BIND (present_toggle); BIND (stack); BIND (leaflet);
  BIND (cases_pane); BIND (case_pane); BIND (cases_list); BIND (case_header); BIND (panel); BIND (declarations);
  BIND (advice_votes); BIND (decision_form); BIND (recorded_decision);
  gtk_widget_class_bind_template_callback (widget_class, on_hearing_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_case_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_present_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_presence_changed);
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
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->cases_list, "row-activated", G_CALLBACK (on_case_activated), self);
  {
    GtkListItemFactory *button = gtk_signal_list_item_factory_new ();
    GtkListItemFactory *list = gtk_signal_list_item_factory_new ();

    g_signal_connect (button, "setup", G_CALLBACK (setup_short_label), NULL);
    g_signal_connect (button, "bind", G_CALLBACK (bind_label), NULL);
    g_signal_connect (list, "setup", G_CALLBACK (setup_label), NULL);
    g_signal_connect (list, "bind", G_CALLBACK (bind_label), NULL);
    gtk_drop_down_set_factory (self->hearing_dropdown, button);
    gtk_drop_down_set_list_factory (self->hearing_dropdown, list);
    gtk_widget_set_hexpand (GTK_WIDGET (self->hearing_dropdown), TRUE);
    g_object_unref (button);
    g_object_unref (list);
  }
  self->cancellable = g_cancellable_new ();
  self->case_cancellable = g_cancellable_new ();
  self->hearing_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

void
docket_hearing_room_set_client (DocketHearingRoom *self, DocketClient *client)
{
  g_set_object (&self->client, client);
  docket_room_recorded_decision_set_client (self->recorded_decision, client);
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
  self->opened_case = case_id;
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
  GtkWidget *parts[] = {
    GTK_WIDGET (self), GTK_WIDGET (self->case_header), GTK_WIDGET (self->panel), GTK_WIDGET (self->declarations),
    GTK_WIDGET (self->advice_votes), GTK_WIDGET (self->decision_form), GTK_WIDGET (self->recorded_decision),
  };

  /* The room's own widgets, then those of the part that holds @name. */
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      GObject *widget = gtk_widget_get_template_child (parts[i], G_OBJECT_TYPE (parts[i]), name);
      if (widget)
        return widget;
    }
  return NULL;
}

AdwMessageDialog *
docket_hearing_room_get_confirmation (DocketHearingRoom *self)
{
  return self->confirmation;
}

void
docket_hearing_room_save_statement_to (DocketHearingRoom *self, const char *path)
{
  docket_room_recorded_decision_save_statement_to (self->recorded_decision, path);
}

void
docket_hearing_room_set_decision (DocketHearingRoom *self, const char *attendance, const char *outcome)
{
  docket_room_decision_form_select (self->decision_form, attendance, outcome);
}

GtkWidget *
docket_hearing_room_get_statement_window (DocketHearingRoom *self)
{
  return docket_room_recorded_decision_get_statement_window (self->recorded_decision);
}
