/* DocketDriversView: the register, searched and filtered, and a driver. */
#pragma once

#include <adwaita.h>

#include "docket-client.h"
#include "docket-driver-list.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_DRIVERS_VIEW (docket_drivers_view_get_type ())
G_DECLARE_FINAL_TYPE (DocketDriversView, docket_drivers_view, DOCKET, DRIVERS_VIEW, AdwBin)

void              docket_drivers_view_set_client   (DocketDriversView *self,
                                                    DocketClient      *client);
void              docket_drivers_view_focus_search (DocketDriversView *self);
void              docket_drivers_view_show_driver  (DocketDriversView *self,
                                                    const char        *licence);
void              docket_drivers_view_reload       (DocketDriversView *self);
/* For tests: the model behind the column view, and the widgets a user
 * types into. */
DocketDriverList *docket_drivers_view_get_list     (DocketDriversView *self);
gpointer           docket_drivers_view_get_widget   (DocketDriversView *self,
                                                    const char        *name);

G_END_DECLS
