/* DocketHearingEditor: the forms to schedule or reschedule a hearing day
 * and to list a case on it. */
#pragma once

#include <adwaita.h>

#include "docket-client.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_HEARING_EDITOR (docket_hearing_editor_get_type ())
G_DECLARE_FINAL_TYPE (DocketHearingEditor, docket_hearing_editor, DOCKET, HEARING_EDITOR, AdwWindow)

DocketHearingEditor *docket_hearing_editor_schedule   (GtkWidget    *parent,
                                                       DocketClient *client);
DocketHearingEditor *docket_hearing_editor_reschedule (GtkWidget    *parent,
                                                       DocketClient *client,
                                                       GVariant     *hearing);
DocketHearingEditor *docket_hearing_editor_add_case   (GtkWidget    *parent,
                                                       DocketClient *client,
                                                       GVariant     *hearing);

/* For tests. */
void        docket_hearing_editor_set_field  (DocketHearingEditor *self,
                                              const char          *key,
                                              const char          *value);
/* Searches drivers as the search row does, and picks @licence when found. */
void        docket_hearing_editor_pick_driver (DocketHearingEditor *self,
                                               const char          *search,
                                               const char          *licence);
const char *docket_hearing_editor_get_picked (DocketHearingEditor *self);
const char *docket_hearing_editor_get_error  (DocketHearingEditor *self);
void        docket_hearing_editor_save       (DocketHearingEditor *self);

/* Whether the people who may sit have arrived (the Choose buttons list
 * them). */
gboolean             docket_hearing_editor_has_people   (DocketHearingEditor *self);
/* Chooses for @key (decision-maker, board) the first person whose name or
 * user name holds @search, as a person does with the Choose button. */
void                 docket_hearing_editor_choose_person (DocketHearingEditor *self,
                                                          const char          *key,
                                                          const char          *search);

G_END_DECLS
