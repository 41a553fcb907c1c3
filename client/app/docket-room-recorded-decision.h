/* DocketRoomRecordedDecision: the decision recorded, its effects and appeal; the statement. */
#pragma once

#include <adwaita.h>

#include "docket-client.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_ROOM_RECORDED_DECISION (docket_room_recorded_decision_get_type ())
G_DECLARE_FINAL_TYPE (DocketRoomRecordedDecision, docket_room_recorded_decision, DOCKET, ROOM_RECORDED_DECISION,
                      AdwBin)

void docket_room_recorded_decision_set_client   (DocketRoomRecordedDecision *self,
                                                 DocketClient               *client);
/* Shows the latest version of the decision on case @record (numbered
 * @case_id), with its effects and any appeal; hidden while undecided. */
void docket_room_recorded_decision_show         (DocketRoomRecordedDecision *self,
                                                 GVariant                   *record,
                                                 gint64                      case_id);
/* The statement of decision from docketd: shown in a window, printed, or
 * saved as PDF (to a file the user chooses, or to @path). */
void docket_room_recorded_decision_show_statement  (DocketRoomRecordedDecision *self);
void docket_room_recorded_decision_print_statement (DocketRoomRecordedDecision *self);
void docket_room_recorded_decision_save_statement  (DocketRoomRecordedDecision *self);
void docket_room_recorded_decision_save_statement_to (DocketRoomRecordedDecision *self,
                                                      const char                 *path);

/* The statement of decision's window while it is open, else NULL. */
GtkWidget *docket_room_recorded_decision_get_statement_window (DocketRoomRecordedDecision *self);

G_END_DECLS
