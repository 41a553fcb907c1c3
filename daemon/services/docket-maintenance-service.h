/* org.docket.Docket1.Maintenance: key rotation, backups and restores. */
#pragma once

#include "docket-bouncer.h"
#include "docket-dbus-generated.h"
#include "docket-store.h"
#include "docket-transfers.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_MAINTENANCE_SERVICE (docket_maintenance_service_get_type ())
G_DECLARE_FINAL_TYPE (DocketMaintenanceService, docket_maintenance_service, DOCKET,
                      MAINTENANCE_SERVICE, DocketDBusMaintenanceSkeleton)

DocketMaintenanceService *docket_maintenance_service_new (DocketStore     *store,
                                                          DocketBouncer   *bouncer,
                                                          DocketTransfers *transfers);

G_END_DECLS
