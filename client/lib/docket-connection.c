/* DocketConnection: how a client reaches docketd, and the proxies it makes there. */
#include "config.h"

#include "docket-connection.h"
#include "docket-error.h"
#include "docket-names.h"

struct _DocketConnection
{
  GObject          parent_instance;

  GDBusConnection *connection;
  gboolean         private_connection;   /* ours to close */
  GDBusProxyFlags  proxy_flags;
  int              timeout_ms;
};

G_DEFINE_FINAL_TYPE (DocketConnection, docket_connection, G_TYPE_OBJECT)

static void
docket_connection_dispose (GObject *object)
{
  DocketConnection *self = DOCKET_CONNECTION (object);

  if (self->connection && self->private_connection)
    g_dbus_connection_close (self->connection, NULL, NULL, NULL);
  g_clear_object (&self->connection);
  G_OBJECT_CLASS (docket_connection_parent_class)->dispose (object);
}

static void
docket_connection_class_init (DocketConnectionClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = docket_connection_dispose;
}

static void
docket_connection_init (DocketConnection *self)
{
}

/* A connection of our own to the bus: what ActAs needs. */
static GDBusConnection *
open_private (GBusType bus_type, GCancellable *cancellable, GError **error)
{
  g_autofree char *address = g_dbus_address_get_for_bus_sync (bus_type, cancellable, error);

  if (address == NULL)
    return NULL;
  return g_dbus_connection_new_for_address_sync (address,
                                                 G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                 G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                 NULL, cancellable, error);
}

DocketConnection *
docket_connection_open_sync (const DocketConnectionOptions *options,
                             GCancellable                  *cancellable,
                             GError                       **error)
{
  g_autoptr(DocketConnection) self = NULL;

  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (DOCKET_TYPE_CONNECTION, NULL);
  /* Maps the daemon's error names to DocketError codes before any reply
   * can arrive. */
  (void) DOCKET_ERROR;
  self->proxy_flags = options->proxy_flags | G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START;
  self->timeout_ms = options->timeout_ms;
  self->private_connection = options->act_as != NULL && *options->act_as != '\0';
  if (self->private_connection)
    self->connection = open_private (options->bus_type, cancellable, error);
  else
    self->connection = g_bus_get_sync (options->bus_type, cancellable, error);
  if (self->connection == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

GDBusConnection *
docket_connection_get_dbus (DocketConnection *self)
{
  g_return_val_if_fail (DOCKET_IS_CONNECTION (self), NULL);
  return self->connection;
}

/* What each generated docket_dbus_*_proxy_new_sync() does, with our name,
 * path, flags and timeout. */
static gpointer
new_proxy (DocketConnection *self, GType type, GDBusInterfaceInfo *info, GError **error)
{
  GDBusProxy *proxy;

  g_return_val_if_fail (DOCKET_IS_CONNECTION (self), NULL);
  proxy = g_initable_new (type, NULL, error,
                          "g-flags", self->proxy_flags,
                          "g-name", DOCKET_DBUS_NAME,
                          "g-connection", self->connection,
                          "g-object-path", DOCKET_DBUS_PATH,
                          "g-interface-name", info->name,
                          NULL);
  if (proxy != NULL)
    g_dbus_proxy_set_default_timeout (proxy, self->timeout_ms);
  return proxy;
}

DocketDBusDrivers *
docket_connection_new_drivers (DocketConnection *self, GError **error)
{
  return new_proxy (self, DOCKET_DBUS_TYPE_DRIVERS_PROXY, docket_dbus_drivers_interface_info (), error);
}

DocketDBusUsers *
docket_connection_new_users (DocketConnection *self, GError **error)
{
  return new_proxy (self, DOCKET_DBUS_TYPE_USERS_PROXY, docket_dbus_users_interface_info (), error);
}

DocketDBusAudit *
docket_connection_new_audit (DocketConnection *self, GError **error)
{
  return new_proxy (self, DOCKET_DBUS_TYPE_AUDIT_PROXY, docket_dbus_audit_interface_info (), error);
}

DocketDBusHearings *
docket_connection_new_hearings (DocketConnection *self, GError **error)
{
  return new_proxy (self, DOCKET_DBUS_TYPE_HEARINGS_PROXY, docket_dbus_hearings_interface_info (), error);
}

DocketDBusStatistics *
docket_connection_new_statistics (DocketConnection *self, GError **error)
{
  return new_proxy (self, DOCKET_DBUS_TYPE_STATISTICS_PROXY, docket_dbus_statistics_interface_info (), error);
}

DocketDBusCompliance *
docket_connection_new_compliance (DocketConnection *self, GError **error)
{
  return new_proxy (self, DOCKET_DBUS_TYPE_COMPLIANCE_PROXY, docket_dbus_compliance_interface_info (), error);
}

DocketDBusMaintenance *
docket_connection_new_maintenance (DocketConnection *self, GError **error)
{
  return new_proxy (self, DOCKET_DBUS_TYPE_MAINTENANCE_PROXY, docket_dbus_maintenance_interface_info (), error);
}

void
docket_proxies_clear (DocketProxies *proxies)
{
  g_clear_object (&proxies->drivers);
  g_clear_object (&proxies->users);
  g_clear_object (&proxies->audit);
  g_clear_object (&proxies->hearings);
  g_clear_object (&proxies->statistics);
  g_clear_object (&proxies->compliance);
  g_clear_object (&proxies->maintenance);
}
