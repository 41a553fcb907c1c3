/* org.docket.Docket1.Users: roles of Unix users. */
#pragma once

#include "docket-bouncer.h"
#include "docket-dbus-generated.h"
#include "docket-store.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_USERS_SERVICE (docket_users_service_get_type ())
G_DECLARE_FINAL_TYPE (DocketUsersService, docket_users_service, DOCKET, USERS_SERVICE,
                      DocketDBusUsersSkeleton)

DocketUsersService *docket_users_service_new (DocketStore   *store,
                                              DocketBouncer *bouncer);

G_END_DECLS
