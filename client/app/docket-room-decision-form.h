/* DocketRoomDecisionForm: the hearing room's decision: attendance, outcome, its terms and reasons. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DOCKET_TYPE_ROOM_DECISION_FORM (docket_room_decision_form_get_type ())
G_DECLARE_FINAL_TYPE (DocketRoomDecisionForm, docket_room_decision_form, DOCKET, ROOM_DECISION_FORM, AdwBin)

/* Fills the form for the case @record with the @outcomes its kind allows
 * (wire names, NULL-terminated), chosen as recorded when it is decided.
 * Shown only when the caller @decides; Record Attendance only when they
 * may @attend. */
void        docket_room_decision_form_show           (DocketRoomDecisionForm *self,
                                                      GVariant               *record,
                                                      const char * const     *outcomes,
                                                      gboolean                decides,
                                                      gboolean                attend);
/* What is chosen (wire names; the outcome NULL when none). */
const char *docket_room_decision_form_get_attendance (DocketRoomDecisionForm *self);
const char *docket_room_decision_form_get_outcome    (DocketRoomDecisionForm *self);
/* The a{sv} Hearings.Record takes; with the reason for a correction when
 * @correcting a recorded decision. Floating. */
GVariant   *docket_room_decision_form_get_decision   (DocketRoomDecisionForm *self,
                                                      gboolean                correcting);
/* The legal effect of what is chosen, for the confirmation. */
char       *docket_room_decision_form_get_effect     (DocketRoomDecisionForm *self);
/* Checks what the client can before any confirmation (an outcome, its
 * reasons, the dates, a justification of immediate effect, what a correction
 * is for); marks the first field wrong with a message in people's words
 * and returns FALSE. */
gboolean    docket_room_decision_form_check          (DocketRoomDecisionForm *self,
                                                      gboolean                correcting);
/* The same before Record Attendance: an attendance is chosen. */
gboolean    docket_room_decision_form_check_attendance (DocketRoomDecisionForm *self);
/* docketd's refusal, shown at the field it names. */
void        docket_room_decision_form_show_error     (DocketRoomDecisionForm *self,
                                                      const char             *message);
/* Empties the texts once a decision is recorded. */
void        docket_room_decision_form_clear          (DocketRoomDecisionForm *self);
/* Chooses @attendance and @outcome, as a user does. */
void        docket_room_decision_form_select         (DocketRoomDecisionForm *self,
                                                      const char             *attendance,
                                                      const char             *outcome);

G_END_DECLS
