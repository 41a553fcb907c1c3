/* DocketRoomAdviceVotes: a member's advice (sole hearing) or vote (panel) in the hearing room. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DOCKET_TYPE_ROOM_ADVICE_VOTES (docket_room_advice_votes_get_type ())
G_DECLARE_FINAL_TYPE (DocketRoomAdviceVotes, docket_room_advice_votes, DOCKET, ROOM_ADVICE_VOTES, AdwBin)

/* The outcomes one may vote for (wire names, NULL-terminated). */
void        docket_room_advice_votes_set_outcomes (DocketRoomAdviceVotes *self,
                                                   const char * const    *outcomes);
/* Which of the two the caller may give now; hidden when neither. */
void        docket_room_advice_votes_show         (DocketRoomAdviceVotes *self,
                                                   gboolean               advise,
                                                   gboolean               vote);
/* The advice typed; cleared once docketd has it. */
const char *docket_room_advice_votes_get_advice   (DocketRoomAdviceVotes *self);
void        docket_room_advice_votes_clear_advice (DocketRoomAdviceVotes *self);
/* Check what the client can before sending (advice written; an outcome
 * voted for, a suspension's end as a date), marking the field when not. */
gboolean    docket_room_advice_votes_check_advice (DocketRoomAdviceVotes *self);
gboolean    docket_room_advice_votes_check_vote   (DocketRoomAdviceVotes *self);
/* docketd's refusal of the advice or (@vote) the vote, at its field. */
void        docket_room_advice_votes_show_error   (DocketRoomAdviceVotes *self,
                                                   gboolean               vote,
                                                   const char            *message);
/* The outcome voted for (NULL when none) and the date a suspension runs
 * to. */
const char *docket_room_advice_votes_get_vote     (DocketRoomAdviceVotes *self);
const char *docket_room_advice_votes_get_until    (DocketRoomAdviceVotes *self);
gboolean    docket_room_advice_votes_get_immediate (DocketRoomAdviceVotes *self);

G_END_DECLS
