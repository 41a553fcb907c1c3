/* org.docket.Docket1.Compliance: audit runs and flags, training, DBS. */
#pragma once

#include "docket-bouncer.h"
#include "docket-dbus-generated.h"
#include "docket-scheduler.h"
#include "docket-store.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_COMPLIANCE_SERVICE (docket_compliance_service_get_type ())
G_DECLARE_FINAL_TYPE (DocketComplianceService, docket_compliance_service, DOCKET, COMPLIANCE_SERVICE,
                      DocketDBusComplianceSkeleton)

DocketComplianceService *docket_compliance_service_new (DocketStore     *store,
                                                        DocketBouncer   *bouncer,
                                                        DocketScheduler *scheduler);

G_END_DECLS
