/* DocketConnection: how a client reaches docketd, and the proxies it makes there. */
#pragma once

#include <gio/gio.h>

#include "docket-dbus-generated.h"

G_BEGIN_DECLS

/* Where docketd is and how to talk to it: a local bus, or the system bus of
 * another machine reached over SSH. */
typedef struct {
  GBusType         bus_type;     /* G_BUS_TYPE_SESSION or G_BUS_TYPE_SYSTEM */
  /* "[USER@]HOST": the server's system bus through `ssh -xT [USER@]HOST
   * systemd-stdio-bridge`, as `systemctl -H` does; docketd sees the SSH
   * login account as the caller. NULL or "" for a local bus. $DOCKET_SSH
   * replaces the ssh command (with its options). */
  const char      *host;
  /* A user to act as, or NULL. The caller calls ActAs itself (docketd
   * forgets it when it restarts); the connection is a private one, as ActAs
   * holds for a whole connection and other clients in the process keep
   * their own identity. */
  const char      *act_as;
  /* The proxies' flags. A call to docketd starts it through the bus when
   * it is not running (bus activation, systemd's unit on a server); when it
   * cannot be started the call fails with an error that
   * docket_client_error_is_absent() recognises. */
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
  DocketDBusTransfers   *transfers;
} DocketProxies;

/* Drops every proxy @proxies holds. */
void docket_proxies_clear (DocketProxies *proxies);

#define DOCKET_TYPE_CONNECTION (docket_connection_get_type ())
G_DECLARE_FINAL_TYPE (DocketConnection, docket_connection, DOCKET, CONNECTION, GObject)

DocketConnection      *docket_connection_open_sync         (const DocketConnectionOptions *options,
                                                            GCancellable                  *cancellable,
                                                            GError                       **error);
/* The same on a worker thread, for a program with a main loop to keep:
 * reaching a server over SSH takes a moment. @options is copied. */
void                   docket_connection_open              (const DocketConnectionOptions *options,
                                                            GCancellable                  *cancellable,
                                                            GAsyncReadyCallback            callback,
                                                            gpointer                       user_data);
DocketConnection      *docket_connection_open_finish       (GAsyncResult                  *result,
                                                            GError                       **error);
GDBusConnection       *docket_connection_get_dbus          (DocketConnection *self);
/* The host connected to, or NULL for a local bus. */
const char            *docket_connection_get_host          (DocketConnection *self);

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
DocketDBusTransfers   *docket_connection_new_transfers     (DocketConnection *self,
                                                            GError          **error);

G_END_DECLS
