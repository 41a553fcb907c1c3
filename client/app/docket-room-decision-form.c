/* DocketRoomDecisionForm: the hearing room's decision: attendance, outcome, its terms and reasons. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "docket-enums.h"

#include "docket-labels.h"
#include "docket-room-decision-form.h"
#include "docket-wrap-box.h"
#include "docket-ui.h"

struct _DocketRoomDecisionForm
{
  AdwBin       parent_instance;

  GStrv        outcomes;     /* wire names shown in outcome_row */

  GtkWidget   *decision_group;
  AdwComboRow *attendance_row;
  AdwComboRow *outcome_row;
  GtkWidget   *until_row;
  GtkWidget   *decided_row;
  GtkWidget   *immediate_row;
  GtkSwitch   *immediate_switch;
  GtkWidget   *safeguarding_row;
  GtkSwitch   *safeguarding_switch;
  AdwComboRow *concern_row;
  GtkWidget   *texts_box;
  GtkWidget   *reasons_label;
  GtkTextView *reasons_view;
  GtkTextView *alternatives_view;
  GtkWidget   *justification_label;
  GtkWidget   *justification_frame;
  GtkTextView *justification_view;
  GtkEntry    *correction_entry;
  GtkLabel    *decision_error;
  GtkWidget   *attend_button;
  GtkButton   *record_button;
};

G_DEFINE_FINAL_TYPE (DocketRoomDecisionForm, docket_room_decision_form, ADW_TYPE_BIN)

/* The first, "", is "Not recorded": the form starts from what is recorded. */
static const char * const attendances[] = { "", "attended", "represented", "did-not-attend", NULL };
/* As concern_row lists them; the first, "", lets docketd work it out. */
static const char * const concerns[] = {
  "", "sexual", "violence", "dishonesty", "drugs", "driving", "safeguarding", "other", NULL,
};

static gboolean
outcome_shown (DocketRoomDecisionForm *self, const char *outcome)
{
  return g_strcmp0 (docket_room_decision_form_get_outcome (self), outcome) == 0;
}

/* The terms that go with the outcome chosen: a date for a suspension,
 * immediate effect for a suspension or revocation, and its reasons. */
static void
on_outcome_changed (DocketRoomDecisionForm *self)
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
  gtk_widget_set_visible (GTK_WIDGET (self->concern_row), timed || outcome_shown (self, "refused"));
  gtk_label_set_label (GTK_LABEL (self->reasons_label), no_decision ? _("Reasons (not needed)") : _("Reasons"));
}

static void
set_outcomes (DocketRoomDecisionForm *self, const char * const *outcomes)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_strfreev (self->outcomes);
  self->outcomes = g_strdupv ((char **) outcomes);
  for (guint i = 0; outcomes[i]; i++)
    gtk_string_list_append (labels, docket_label_outcome (outcomes[i]));
  adw_combo_row_set_model (self->outcome_row, G_LIST_MODEL (labels));
  on_outcome_changed (self);
}

void
docket_room_decision_form_show (DocketRoomDecisionForm *self,
                                GVariant               *record,
                                const char * const     *outcomes,
                                gboolean                decides,
                                gboolean                attend)
{
  const char *outcome = docket_lookup (record, "outcome");
  gboolean decided = outcome != NULL && g_strcmp0 (outcome, "pending") != 0;

  g_return_if_fail (DOCKET_IS_ROOM_DECISION_FORM (self));

  gtk_widget_set_visible (self->attend_button, attend);
  gtk_widget_set_visible (self->decision_group, decides);
  gtk_widget_set_visible (self->texts_box, decides);
  /* Hidden as a whole too, so that the room's column leaves no gap. */
  gtk_widget_set_visible (GTK_WIDGET (self), decides);
  gtk_widget_set_visible (GTK_WIDGET (self->correction_entry), decided);
  gtk_button_set_label (self->record_button, decided ? _("_Record Correction…") : _("_Record Decision…"));
  gtk_widget_set_visible (GTK_WIDGET (self->decision_error), FALSE);
  set_outcomes (self, outcomes);
  adw_combo_row_set_selected (self->concern_row, 0);
  docket_room_decision_form_select (self, docket_lookup (record, "attendance"), decided ? outcome : NULL);
}

const char *
docket_room_decision_form_get_attendance (DocketRoomDecisionForm *self)
{
  const char *a = attendances[adw_combo_row_get_selected (self->attendance_row)];

  return *a ? a : NULL;
}

const char *
docket_room_decision_form_get_outcome (DocketRoomDecisionForm *self)
{
  guint i = adw_combo_row_get_selected (self->outcome_row);

  return self->outcomes && i < g_strv_length (self->outcomes) ? self->outcomes[i] : NULL;
}

GVariant *
docket_room_decision_form_get_decision (DocketRoomDecisionForm *self, gboolean correcting)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *reasons = docket_text_view_get (self->reasons_view);
  g_autofree char *alternatives = docket_text_view_get (self->alternatives_view);
  g_autofree char *justification = docket_text_view_get (self->justification_view);
  const char *outcome = docket_room_decision_form_get_outcome (self);
  gboolean timed = g_strcmp0 (outcome, "suspended") == 0 || g_strcmp0 (outcome, "revoked") == 0;
  /* Dates as typed when they are none: docketd names them. */
  g_autofree char *until = docket_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->until_row)));
  g_autofree char *decided = docket_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->decided_row)));

  if (until == NULL)
    until = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->until_row)));
  if (decided == NULL)
    decided = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->decided_row)));
  docket_builder_add (&b, "outcome", outcome);
  docket_builder_add (&b, "attendance", docket_room_decision_form_get_attendance (self));
  docket_builder_add (&b, "reasons", g_strstrip (reasons));
  docket_builder_add (&b, "alternatives", g_strstrip (alternatives));
  if (g_strcmp0 (outcome, "suspended") == 0)
    docket_builder_add (&b, "until", until);
  docket_builder_add (&b, "decided", decided);
  if (timed && gtk_switch_get_active (self->immediate_switch))
    {
      g_variant_builder_add (&b, "{sv}", "immediate", g_variant_new_boolean (TRUE));
      docket_builder_add (&b, "justification", g_strstrip (justification));
    }
  if (gtk_widget_get_visible (self->safeguarding_row) && gtk_switch_get_active (self->safeguarding_switch))
    g_variant_builder_add (&b, "{sv}", "safeguarding", g_variant_new_boolean (TRUE));
  if (gtk_widget_get_visible (GTK_WIDGET (self->concern_row)) &&
      adw_combo_row_get_selected (self->concern_row) < G_N_ELEMENTS (concerns) - 1)
    docket_builder_add (&b, "concern", concerns[adw_combo_row_get_selected (self->concern_row)]);
  if (correcting)
    docket_builder_add (&b, "correction", gtk_editable_get_text (GTK_EDITABLE (self->correction_entry)));
  return g_variant_builder_end (&b);
}

char *
docket_room_decision_form_get_effect (DocketRoomDecisionForm *self)
{
  const char *decided = gtk_editable_get_text (GTK_EDITABLE (self->decided_row));
  g_autofree char *today = docket_today_text ();

  return docket_effect_sentence (docket_room_decision_form_get_outcome (self),
                                 gtk_editable_get_text (GTK_EDITABLE (self->until_row)),
                                 gtk_widget_get_visible (self->immediate_row) &&
                                 gtk_switch_get_active (self->immediate_switch),
                                 *decided ? decided : today);
}

/* Clears every field's mark and the message. */
static void
clear_errors (DocketRoomDecisionForm *self)
{
  GtkWidget *fields[] = {
    GTK_WIDGET (self->attendance_row), GTK_WIDGET (self->outcome_row), self->until_row, self->decided_row,
    GTK_WIDGET (self->reasons_view), GTK_WIDGET (self->justification_view), GTK_WIDGET (self->correction_entry),
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    docket_field_set_error (fields[i], NULL, NULL);
  docket_field_set_error (GTK_WIDGET (self->decision_error), self->decision_error, NULL);
}

static gboolean
fail (DocketRoomDecisionForm *self, GtkWidget *field, const char *message)
{
  docket_field_set_error (field, self->decision_error, message);
  gtk_widget_grab_focus (field);
  return FALSE;
}

static gboolean
check_date (DocketRoomDecisionForm *self, GtkWidget *row, gboolean required, const char *missing)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autofree char *problem = NULL;

  if (*text == '\0')
    return required ? fail (self, row, missing) : TRUE;
  if ((problem = docket_check_date (text, NULL)))
    return fail (self, row, problem);
  return TRUE;
}

gboolean
docket_room_decision_form_check (DocketRoomDecisionForm *self, gboolean correcting)
{
  const char *outcome = docket_room_decision_form_get_outcome (self);
  g_autofree char *reasons = docket_text_view_get (self->reasons_view);
  g_autofree char *justification = docket_text_view_get (self->justification_view);
  gboolean immediate = gtk_widget_get_visible (self->immediate_row) && gtk_switch_get_active (self->immediate_switch);

  clear_errors (self);
  if (outcome == NULL)
    return fail (self, GTK_WIDGET (self->outcome_row), _("Choose the outcome"));
  if (g_str_equal (outcome, "suspended") &&
      !check_date (self, self->until_row, TRUE, _("Give the day the suspension ends")))
    return FALSE;
  if (!check_date (self, self->decided_row, FALSE, NULL))
    return FALSE;
  if (docket_outcome_needs_decision (docket_enum_from_string (docket_outcome_names, outcome)) &&
      *g_strstrip (reasons) == '\0')
    return fail (self, GTK_WIDGET (self->reasons_view),
                 _("Give the reasons for the decision: the statement of decision must state them"));
  if (immediate && *g_strstrip (justification) == '\0')
    return fail (self, GTK_WIDGET (self->justification_view),
                 _("Say why the decision must take effect at once in the interests of public safety"));
  if (correcting && *gtk_editable_get_text (GTK_EDITABLE (self->correction_entry)) == '\0')
    return fail (self, GTK_WIDGET (self->correction_entry), _("Say what the correction puts right"));
  return TRUE;
}

gboolean
docket_room_decision_form_check_attendance (DocketRoomDecisionForm *self)
{
  clear_errors (self);
  if (docket_room_decision_form_get_attendance (self) == NULL)
    return fail (self, GTK_WIDGET (self->attendance_row), _("Choose whether the driver attended"));
  return TRUE;
}

void
docket_room_decision_form_show_error (DocketRoomDecisionForm *self, const char *message)
{
  /* docketd's message names the field it is about. */
  const struct { const char *phrase; GtkWidget *field; } names[] = {
    { "reasons", GTK_WIDGET (self->reasons_view) },
    { "justification", GTK_WIDGET (self->justification_view) },
    { "immediate effect", GTK_WIDGET (self->justification_view) },
    { "correction", GTK_WIDGET (self->correction_entry) },
    { "decision date", self->decided_row },
    { "until", self->until_row },
    { "suspension", self->until_row },
    { "attendance", GTK_WIDGET (self->attendance_row) },
    { "outcome", GTK_WIDGET (self->outcome_row) },
  };

  clear_errors (self);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strstr (message, names[i].phrase) && gtk_widget_get_visible (names[i].field))
      {
        docket_field_set_error (names[i].field, self->decision_error, message);
        return;
      }
  docket_field_set_error (GTK_WIDGET (self->decision_error), self->decision_error, message);
}

void
docket_room_decision_form_clear (DocketRoomDecisionForm *self)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->reasons_view), "", -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->alternatives_view), "", -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->justification_view), "", -1);
  gtk_editable_set_text (GTK_EDITABLE (self->correction_entry), "");
}

void
docket_room_decision_form_select (DocketRoomDecisionForm *self, const char *attendance, const char *outcome)
{
  adw_combo_row_set_selected (self->attendance_row, 0);   /* Not recorded */
  for (guint i = 1; attendance && attendances[i]; i++)
    if (g_str_equal (attendances[i], attendance))
      adw_combo_row_set_selected (self->attendance_row, i);
  for (guint i = 0; outcome && self->outcomes && self->outcomes[i]; i++)
    if (g_str_equal (self->outcomes[i], outcome))
      adw_combo_row_set_selected (self->outcome_row, i);
}

static void
docket_room_decision_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DOCKET_TYPE_ROOM_DECISION_FORM);
  G_OBJECT_CLASS (docket_room_decision_form_parent_class)->dispose (object);
}

static void
docket_room_decision_form_finalize (GObject *object)
{
  g_strfreev (DOCKET_ROOM_DECISION_FORM (object)->outcomes);
  G_OBJECT_CLASS (docket_room_decision_form_parent_class)->finalize (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, DocketRoomDecisionForm, name)

static void
docket_room_decision_form_class_init (DocketRoomDecisionFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = docket_room_decision_form_dispose;
  object_class->finalize = docket_room_decision_form_finalize;
  g_type_ensure (DOCKET_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-room-decision-form.ui");
  BIND (decision_group); BIND (attendance_row); BIND (outcome_row); BIND (until_row); BIND (decided_row);
  BIND (immediate_row); BIND (immediate_switch); BIND (safeguarding_row); BIND (safeguarding_switch);
  BIND (concern_row);
  BIND (texts_box); BIND (reasons_label); BIND (reasons_view); BIND (alternatives_view);
  BIND (justification_label); BIND (justification_frame); BIND (justification_view);
  BIND (correction_entry); BIND (decision_error); BIND (attend_button); BIND (record_button);
  gtk_widget_class_bind_template_callback (widget_class, on_outcome_changed);
}

static void
docket_room_decision_form_init (DocketRoomDecisionForm *self)
{
  g_autoptr(GtkStringList) attendance_labels = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_string_list_append (attendance_labels, _("Not recorded"));
  for (guint i = 1; attendances[i]; i++)
    gtk_string_list_append (attendance_labels, docket_label_attendance (attendances[i]));
  adw_combo_row_set_model (self->attendance_row, G_LIST_MODEL (attendance_labels));
}
