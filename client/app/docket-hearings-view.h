/* DocketHearingsView: hearing days, upcoming and past, and one day's
 * panel and cases. */
#pragma once

#include <adwaita.h>

#include "docket-client.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_HEARINGS_VIEW (docket_hearings_view_get_type ())
G_DECLARE_FINAL_TYPE (DocketHearingsView, docket_hearings_view, DOCKET, HEARINGS_VIEW, AdwBin)

void       docket_hearings_view_set_client   (DocketHearingsView *self,
                                              DocketClient       *client);
void       docket_hearings_view_reload       (DocketHearingsView *self);
void       docket_hearings_view_show_hearing (DocketHearingsView *self,
                                              gint64              hearing);
/* For tests: the hearings listed (aa{sv}) and the one shown (a{sv}). */
GVariant  *docket_hearings_view_get_list     (DocketHearingsView *self);
GVariant  *docket_hearings_view_get_hearing  (DocketHearingsView *self);
gpointer    docket_hearings_view_get_widget   (DocketHearingsView *self,
                                              const char         *name);

G_END_DECLS
