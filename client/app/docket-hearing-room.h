/* DocketHearingRoom: the screen used at the hearing: the day's cases, the
 * case being heard, the panel, and the decision. */
#pragma once

#include <adwaita.h>

#include "docket-client.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_HEARING_ROOM (docket_hearing_room_get_type ())
G_DECLARE_FINAL_TYPE (DocketHearingRoom, docket_hearing_room, DOCKET, HEARING_ROOM, AdwBin)

void       docket_hearing_room_set_client  (DocketHearingRoom *self,
                                            DocketClient      *client);
void       docket_hearing_room_reload      (DocketHearingRoom *self);
void       docket_hearing_room_set_hearing (DocketHearingRoom *self,
                                            gint64             hearing);
void       docket_hearing_room_select_case (DocketHearingRoom *self,
                                            gint64             case_id);
/* For tests: what is shown, the widgets, the confirmation awaiting an
 * answer (NULL when none). */
GVariant  *docket_hearing_room_get_hearing (DocketHearingRoom *self);
GVariant  *docket_hearing_room_get_case    (DocketHearingRoom *self);
gpointer    docket_hearing_room_get_widget  (DocketHearingRoom *self,
                                            const char        *name);
AdwMessageDialog *docket_hearing_room_get_confirmation (DocketHearingRoom *self);
/* Writes the statement of decision of the case shown as PDF to @path, as
 * Save PDF does after its file chooser. */
void       docket_hearing_room_save_statement_to (DocketHearingRoom *self,
                                                  const char        *path);
/* Chooses @outcome and @attendance in the decision form. */
void       docket_hearing_room_set_decision (DocketHearingRoom *self,
                                             const char        *attendance,
                                             const char        *outcome);

/* The statement of decision's window while it is open, else NULL: it
 * opens after a decision that has one is recorded. */
GtkWidget         *docket_hearing_room_get_statement_window (DocketHearingRoom *self);

G_END_DECLS
