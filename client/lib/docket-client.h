/* DocketClient: the GTK client's one link to docketd. */
#pragma once

#include <gio/gio.h>

#include "docket-client-error.h"
#include "docket-dbus-generated.h"
#include "docket-enums.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_CLIENT (docket_client_get_type ())
G_DECLARE_FINAL_TYPE (DocketClient, docket_client, DOCKET, CLIENT, GObject)

DocketClient         *docket_client_new            (GBusType      bus_type,
                                                    const char   *act_as);
/* Reaches docketd on @host ("[USER@]HOST") over SSH, or on the local
 * @bus_type when @host is NULL; opening the SSH connection does not block. */
DocketClient         *docket_client_new_for_host   (GBusType      bus_type,
                                                    const char   *host,
                                                    const char   *act_as);
/* Connects to docketd on @host over SSH instead, or on the local bus when
 * @host is NULL or "": as when docketd goes and comes back, the views
 * reload for the new connection. */
void                  docket_client_set_host       (DocketClient *self,
                                                    const char   *host);
/* The server connected to, or NULL on a local bus. */
const char           *docket_client_get_host       (DocketClient *self);
gboolean              docket_client_get_connected  (DocketClient *self);
const char           *docket_client_get_user       (DocketClient *self);
guint                 docket_client_get_roles      (DocketClient *self);
gboolean              docket_client_has_role       (DocketClient *self,
                                                    DocketRole    role);
/* TRUE when the caller holds any of @roles (a mask of 1 << DocketRole). */
gboolean              docket_client_has_any        (DocketClient *self,
                                                    guint         roles);
/* Why there is no connection, when something went wrong; NULL otherwise. */
const char           *docket_client_get_problem    (DocketClient *self);
/* The proxies, NULL while docketd is not there. */
DocketDBusDrivers    *docket_client_get_drivers    (DocketClient *self);
DocketDBusUsers      *docket_client_get_users      (DocketClient *self);
DocketDBusAudit      *docket_client_get_audit      (DocketClient *self);
DocketDBusHearings   *docket_client_get_hearings   (DocketClient *self);
DocketDBusStatistics *docket_client_get_statistics (DocketClient *self);
DocketDBusCompliance *docket_client_get_compliance (DocketClient *self);

#define DOCKET_ROLE_MASK(r) (1u << (DOCKET_ROLE_##r))

/* How long views wait after a change signal before reloading, so that a
 * burst of changes (an import, a day of decisions) costs one reload. */
#define DOCKET_REFRESH_DELAY_MS 150

G_END_DECLS
