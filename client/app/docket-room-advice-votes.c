/* DocketRoomAdviceVotes: a member's advice (sole hearing) or vote (panel) in the hearing room. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "docket-labels.h"
#include "docket-room-advice-votes.h"
#include "docket-wrap-box.h"
#include "docket-ui.h"

struct _DocketRoomAdviceVotes
{
  AdwBin       parent_instance;

  GStrv        outcomes;     /* wire names shown in vote_outcome */

  GtkWidget   *advice_group;
  GtkEntry    *advice_entry;
  GtkWidget   *vote_group;
  GtkDropDown *vote_outcome;
  GtkEntry    *vote_until;
  GtkCheckButton *vote_immediate;
  GtkLabel    *advice_error;
  GtkLabel    *vote_error;
};

G_DEFINE_FINAL_TYPE (DocketRoomAdviceVotes, docket_room_advice_votes, ADW_TYPE_BIN)

void
docket_room_advice_votes_set_outcomes (DocketRoomAdviceVotes *self, const char * const *outcomes)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_return_if_fail (DOCKET_IS_ROOM_ADVICE_VOTES (self));

  g_strfreev (self->outcomes);
  self->outcomes = g_strdupv ((char **) outcomes);
  for (guint i = 0; outcomes[i]; i++)
    gtk_string_list_append (labels, docket_label_outcome (outcomes[i]));
  gtk_drop_down_set_model (self->vote_outcome, G_LIST_MODEL (labels));
}

void
docket_room_advice_votes_show (DocketRoomAdviceVotes *self, gboolean advise, gboolean vote)
{
  g_return_if_fail (DOCKET_IS_ROOM_ADVICE_VOTES (self));

  gtk_widget_set_visible (self->advice_group, advise);
  gtk_widget_set_visible (self->vote_group, vote);
  /* Hidden as a whole too, so that the room's column leaves no gap. */
  gtk_widget_set_visible (GTK_WIDGET (self), advise || vote);
}

const char *
docket_room_advice_votes_get_advice (DocketRoomAdviceVotes *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->advice_entry));
}

void
docket_room_advice_votes_clear_advice (DocketRoomAdviceVotes *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->advice_entry), "");
}

gboolean
docket_room_advice_votes_check_advice (DocketRoomAdviceVotes *self)
{
  g_autofree char *advice = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->advice_entry))));

  docket_field_set_error (GTK_WIDGET (self->advice_entry), self->advice_error,
                          *advice ? NULL : _("Write your advice first"));
  return *advice != '\0';
}

gboolean
docket_room_advice_votes_check_vote (DocketRoomAdviceVotes *self)
{
  const char *vote = docket_room_advice_votes_get_vote (self);
  g_autofree char *until = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->vote_until))));
  g_autofree char *problem = NULL;

  docket_field_set_error (GTK_WIDGET (self->vote_outcome), self->vote_error, NULL);
  docket_field_set_error (GTK_WIDGET (self->vote_until), self->vote_error, NULL);
  if (vote == NULL)
    docket_field_set_error (GTK_WIDGET (self->vote_outcome), self->vote_error, _("Choose the outcome you vote for"));
  else if (g_str_equal (vote, "suspended") && *until == '\0')
    docket_field_set_error (GTK_WIDGET (self->vote_until), self->vote_error, _("Give the day the suspension ends"));
  else if (*until && (problem = docket_check_date (until, NULL)))
    docket_field_set_error (GTK_WIDGET (self->vote_until), self->vote_error, problem);
  else
    return TRUE;
  return FALSE;
}

void
docket_room_advice_votes_show_error (DocketRoomAdviceVotes *self, gboolean vote, const char *message)
{
  if (!vote)
    docket_field_set_error (GTK_WIDGET (self->advice_entry), self->advice_error, message);
  else
    docket_field_set_error (strstr (message, "until") || strstr (message, "suspension")
                            ? GTK_WIDGET (self->vote_until) : GTK_WIDGET (self->vote_outcome),
                            self->vote_error, message);
}

const char *
docket_room_advice_votes_get_vote (DocketRoomAdviceVotes *self)
{
  guint i = gtk_drop_down_get_selected (self->vote_outcome);

  return self->outcomes && i < g_strv_length (self->outcomes) ? self->outcomes[i] : NULL;
}

const char *
docket_room_advice_votes_get_until (DocketRoomAdviceVotes *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->vote_until));
}

gboolean
docket_room_advice_votes_get_immediate (DocketRoomAdviceVotes *self)
{
  return gtk_check_button_get_active (self->vote_immediate);
}

static void
docket_room_advice_votes_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DOCKET_TYPE_ROOM_ADVICE_VOTES);
  G_OBJECT_CLASS (docket_room_advice_votes_parent_class)->dispose (object);
}

static void
docket_room_advice_votes_finalize (GObject *object)
{
  g_strfreev (DOCKET_ROOM_ADVICE_VOTES (object)->outcomes);
  G_OBJECT_CLASS (docket_room_advice_votes_parent_class)->finalize (object);
}

static void
docket_room_advice_votes_class_init (DocketRoomAdviceVotesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = docket_room_advice_votes_dispose;
  object_class->finalize = docket_room_advice_votes_finalize;
  g_type_ensure (DOCKET_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-room-advice-votes.ui");
  gtk_widget_class_bind_template_child (widget_class, DocketRoomAdviceVotes, advice_group);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomAdviceVotes, advice_entry);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomAdviceVotes, vote_group);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomAdviceVotes, vote_outcome);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomAdviceVotes, vote_until);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomAdviceVotes, vote_immediate);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomAdviceVotes, advice_error);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomAdviceVotes, vote_error);
}

static void
docket_room_advice_votes_init (DocketRoomAdviceVotes *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
