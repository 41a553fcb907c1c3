/* DocketRoomDecisionForm: the hearing room's decision: attendance, outcome, its terms and reasons. */
#include "config.h"

#include <glib/gi18n.h>

#include "docket-labels.h"
#include "docket-room-decision-form.h"
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

static const char * const attendances[] = { "attended", "represented", "did-not-attend", NULL };

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
  docket_room_decision_form_select (self, docket_lookup (record, "attendance"), decided ? outcome : NULL);
}

const char *
docket_room_decision_form_get_attendance (DocketRoomDecisionForm *self)
{
  return attendances[adw_combo_row_get_selected (self->attendance_row)];
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

  docket_builder_add (&b, "outcome", outcome);
  docket_builder_add (&b, "attendance", docket_room_decision_form_get_attendance (self));
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

void
docket_room_decision_form_show_error (DocketRoomDecisionForm *self, const char *message)
{
  gtk_label_set_label (self->decision_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->decision_error), TRUE);
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
  for (guint i = 0; attendance && attendances[i]; i++)
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
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-room-decision-form.ui");
  BIND (decision_group); BIND (attendance_row); BIND (outcome_row); BIND (until_row); BIND (decided_row);
  BIND (immediate_row); BIND (immediate_switch); BIND (safeguarding_row); BIND (safeguarding_switch);
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
  for (guint i = 0; attendances[i]; i++)
    gtk_string_list_append (attendance_labels, docket_label_attendance (attendances[i]));
  adw_combo_row_set_model (self->attendance_row, G_LIST_MODEL (attendance_labels));
}
