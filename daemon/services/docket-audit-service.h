/* org.docket.Docket1.Audit: reading and verifying the audit log. */
#pragma once

#include "docket-bouncer.h"
#include "docket-dbus-generated.h"
#include "docket-store.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_AUDIT_SERVICE (docket_audit_service_get_type ())
G_DECLARE_FINAL_TYPE (DocketAuditService, docket_audit_service, DOCKET, AUDIT_SERVICE,
                      DocketDBusAuditSkeleton)

DocketAuditService *docket_audit_service_new (DocketStore   *store,
                                              DocketBouncer *bouncer);

G_END_DECLS
