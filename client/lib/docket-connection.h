/* DocketConnection: how a client reaches docketd, and the proxies it makes there. */
#pragma once

#include <gio/gio.h>

#include "docket-dbus-generated.h"

G_BEGIN_DECLS

/* Where docketd is and how to talk to it. Only the local buses today; a
 * docketd on another machine (over SSH) would be one more field here and
 * one more branch in docket_connection_open_sync(), and nothing else in
 * docketctl or the app would change. */
typedef struct {
  GBusType         bus_type;     /* G_BUS_TYPE_SESSION or G_BUS_TYPE_SYSTEM */
  /* A user to act as, or NULL. The caller calls ActAs itself (docketd
   * forgets it when it restarts); the connection is a private one, as ActAs
   * holds for a whole connection and other clients in the process keep
   * their own identity. */
  const char      *act_as;
  /* Added to G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START, which every proxy has:
   * a client never starts docketd, it says that docketd is not running. */
  GDBusProxyFlags  proxy_flags;
  int              timeout_ms;   /* each proxy's default call timeout */
} DocketConnectionOptions;

/* The proxies a client holds, one per interface of docketd's object; any
 * may be NULL (not made yet, or not needed). */
typedef struct {
  DocketDBusDrivers     *drivers;
  DocketDBusUsers       *users;
  DocketDBusAudit       *audit;
  DocketDBusHearings    *hearings;
  DocketDBusStatistics  *statistics;
  DocketDBusCompliance  *compliance;
  DocketDBusMaintenance *maintenance;
} DocketProxies;

/* Drops every proxy @proxies holds. */
void docket_proxies_clear (DocketProxies *proxies);

#define DOCKET_TYPE_CONNECTION (docket_connection_get_type ())
G_DECLARE_FINAL_TYPE (DocketConnection, docket_connection, DOCKET, CONNECTION, GObject)

DocketConnection      *docket_connection_open_sync         (const DocketConnectionOptions *options,
                                                            GCancellable                  *cancellable,
                                                            GError                       **error);
GDBusConnection       *docket_connection_get_dbus          (DocketConnection *self);

/* A new proxy for one interface of docketd's object, made with the
 * options' flags and timeout; a round trip only when the flags load the
 * properties. */
DocketDBusDrivers     *docket_connection_new_drivers       (DocketConnection *self,
                                                            GError          **error);
DocketDBusUsers       *docket_connection_new_users         (DocketConnection *self,
                                                            GError          **error);
DocketDBusAudit       *docket_connection_new_audit         (DocketConnection *self,
                                                            GError          **error);
DocketDBusHearings    *docket_connection_new_hearings      (DocketConnection *self,
                                                            GError          **error);
DocketDBusStatistics  *docket_connection_new_statistics    (DocketConnection *self,
                                                            GError          **error);
DocketDBusCompliance  *docket_connection_new_compliance    (DocketConnection *self,
                                                            GError          **error);
DocketDBusMaintenance *docket_connection_new_maintenance   (DocketConnection *self,
                                                            GError          **error);

G_END_DECLS
