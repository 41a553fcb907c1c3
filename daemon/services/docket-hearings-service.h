/* org.docket.Docket1.Hearings: the D-Bus side of the hearing workflow. */
#pragma once

#include "docket-bouncer.h"
#include "docket-dbus-generated.h"
#include "docket-store.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_HEARINGS_SERVICE (docket_hearings_service_get_type ())
G_DECLARE_FINAL_TYPE (DocketHearingsService, docket_hearings_service, DOCKET, HEARINGS_SERVICE,
                      DocketDBusHearingsSkeleton)

DocketHearingsService *docket_hearings_service_new (DocketStore   *store,
                                                    DocketBouncer *bouncer);

G_END_DECLS
