/* DocketAuditView: the audit log, filtered, and its verification. */
#pragma once

#include <adwaita.h>

#include "docket-client.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_AUDIT_VIEW (docket_audit_view_get_type ())
G_DECLARE_FINAL_TYPE (DocketAuditView, docket_audit_view, DOCKET, AUDIT_VIEW, AdwBin)

void       docket_audit_view_set_client (DocketAuditView *self,
                                         DocketClient    *client);
void       docket_audit_view_reload     (DocketAuditView *self);
/* For tests. */
guint      docket_audit_view_get_count  (DocketAuditView *self);
const char *docket_audit_view_get_verdict (DocketAuditView *self);
gpointer    docket_audit_view_get_widget (DocketAuditView *self,
                                         const char      *name);

G_END_DECLS
