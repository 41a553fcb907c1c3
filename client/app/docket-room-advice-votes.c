/* DocketRoomAdviceVotes: a member's advice (sole hearing) or vote (panel) in the hearing room. */
#include "config.h"

#include "docket-labels.h"
#include "docket-room-advice-votes.h"

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

char *
docket_room_advice_votes_take_advice (DocketRoomAdviceVotes *self)
{
  char *advice = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->advice_entry)));

  gtk_editable_set_text (GTK_EDITABLE (self->advice_entry), "");
  return advice;
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
  gtk_widget_class_set_template_from_resource (widget_class, "/org/docket/Docket/docket-room-advice-votes.ui");
  gtk_widget_class_bind_template_child (widget_class, DocketRoomAdviceVotes, advice_group);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomAdviceVotes, advice_entry);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomAdviceVotes, vote_group);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomAdviceVotes, vote_outcome);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomAdviceVotes, vote_until);
  gtk_widget_class_bind_template_child (widget_class, DocketRoomAdviceVotes, vote_immediate);
}

static void
docket_room_advice_votes_init (DocketRoomAdviceVotes *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
