/* org.docket.Docket1.Drivers: the D-Bus side of the driver store. */
#pragma once

#include "docket-bouncer.h"
#include "docket-dbus-generated.h"
#include "docket-store.h"
#include "docket-transfers.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_DRIVERS_SERVICE (docket_drivers_service_get_type ())
G_DECLARE_FINAL_TYPE (DocketDriversService, docket_drivers_service, DOCKET, DRIVERS_SERVICE,
                      DocketDBusDriversSkeleton)

DocketDriversService *docket_drivers_service_new (DocketStore     *store,
                                                  DocketBouncer   *bouncer,
                                                  DocketTransfers *transfers);

G_END_DECLS
