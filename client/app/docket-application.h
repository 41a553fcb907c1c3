/* DocketApplication: the desktop client's AdwApplication. */
#pragma once

#include <adwaita.h>

#include "docket-client.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_APPLICATION (docket_application_get_type ())
G_DECLARE_FINAL_TYPE (DocketApplication, docket_application, DOCKET, APPLICATION, AdwApplication)

DocketApplication *docket_application_new        (void);
DocketClient      *docket_application_get_client (DocketApplication *self);

G_END_DECLS
