/* org.docket.Docket1.Maintenance: key rotation, backups and restores. */
#include "config.h"

#include <gio/gunixfdlist.h>
#include <unistd.h>

#include "docket-error.h"
#include "docket-maintenance.h"
#include "docket-maintenance-service.h"
#include "docket-names.h"

struct _DocketMaintenanceService
{
  DocketDBusMaintenanceSkeleton parent_instance;
  DocketStore     *store;
  DocketBouncer   *bouncer;
  DocketTransfers *transfers;
};

G_DEFINE_FINAL_TYPE (DocketMaintenanceService, docket_maintenance_service,
                     DOCKET_DBUS_TYPE_MAINTENANCE_SKELETON)

static void
docket_maintenance_service_dispose (GObject *object)
{
  DocketMaintenanceService *self = DOCKET_MAINTENANCE_SERVICE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->bouncer);
  g_clear_object (&self->transfers);
  G_OBJECT_CLASS (docket_maintenance_service_parent_class)->dispose (object);
}

static void
docket_maintenance_service_class_init (DocketMaintenanceServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = docket_maintenance_service_dispose;
}

static void
docket_maintenance_service_init (DocketMaintenanceService *self)
{
}

static gboolean
handle_key_status (DocketDBusMaintenance *object, GDBusMethodInvocation *invocation,
                   DocketMaintenanceService *self)
{
  GError *error = NULL;
  guint32 version, target;

  version = docket_store_get_meta_uint (self->store, DOCKET_META_KEY_VERSION, &error);
  if (error == NULL)
    target = docket_store_get_meta_uint (self->store, DOCKET_META_KEY_ROTATION, &error);
  if (error != NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_maintenance_complete_key_status (object, invocation, MAX (version, 1), target);
  return TRUE;
}

static gboolean
handle_rotate_key (DocketDBusMaintenance *object, GDBusMethodInvocation *invocation,
                   DocketMaintenanceService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;
  guint32 version = 0;
  guint64 values = 0;

  gboolean ok;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (docket_store_claim (self->store, "a key rotation", &error) == NULL)
    return docket_bouncer_fail (invocation, error);
  /* Rare, and on the main thread: the writes given before it end first. */
  docket_store_wait_writes (self->store);
  ok = docket_maintenance_rotate_key (self->store, c.caller.user, &version, &values, &error);
  docket_store_release (self->store);
  if (!ok)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_maintenance_complete_rotate_key (object, invocation, version, values);
  return TRUE;
}

/* The file descriptor a Backup or Restore call passed, or -1 with the
 * call answered. */
static int
take_fd (GDBusMethodInvocation *invocation, GUnixFDList *fd_list, GVariant *handle,
         const char *method)
{
  g_autoptr(GError) local = NULL;
  int fd;

  if (fd_list == NULL)
    {
      g_dbus_method_invocation_return_error (invocation, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                                             "%s: no file descriptor was passed", method);
      return -1;
    }
  fd = g_unix_fd_list_get (fd_list, g_variant_get_handle (handle), &local);
  if (fd < 0)
    g_dbus_method_invocation_return_error (invocation, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                                           "%s: bad file descriptor: %s", method, local->message);
  return fd;
}

static gboolean
handle_backup (DocketDBusMaintenance *object, GDBusMethodInvocation *invocation,
               GUnixFDList *fd_list, GVariant *file, DocketMaintenanceService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;
  GVariant *summary = NULL;
  gboolean ok;
  int fd;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  fd = take_fd (invocation, fd_list, file, "Backup");
  if (fd < 0)
    return TRUE;
  ok = docket_maintenance_backup (self->store, c.caller.user, fd, &summary, &error);
  close (fd);
  if (!ok)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_maintenance_complete_backup (object, invocation, NULL, summary);
  g_variant_unref (summary);
  return TRUE;
}

/* Restores from @fd (closed here) as @user; the summary, or NULL. */
static GVariant *
restore_from (DocketMaintenanceService *self, const char *user, int fd, GError **error)
{
  g_autoptr(GError) reload = NULL;
  GVariant *summary = NULL;
  gboolean ok;

  if (docket_store_claim (self->store, "a restore", error) == NULL)
    {
      close (fd);
      return NULL;
    }
  docket_store_wait_writes (self->store);
  ok = docket_maintenance_restore (self->store, user, fd, &summary, error);
  docket_store_release (self->store);
  close (fd);
  if (!ok)
    return NULL;
  /* The restored database has its own users and roles. */
  if (!docket_bouncer_reload_roles (self->bouncer, &reload))
    g_warning ("After the restore, the roles could not be reloaded: %s", reload->message);
  return summary;
}

static gboolean
handle_restore (DocketDBusMaintenance *object, GDBusMethodInvocation *invocation,
                GUnixFDList *fd_list, GVariant *file, DocketMaintenanceService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;
  g_autoptr(GVariant) summary = NULL;
  int fd;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  fd = take_fd (invocation, fd_list, file, "Restore");
  if (fd < 0)
    return TRUE;
  summary = restore_from (self, c.caller.user, fd, &error);
  if (summary == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_maintenance_complete_restore (object, invocation, NULL, summary);
  return TRUE;
}

static gboolean
handle_restore_transfer (DocketDBusMaintenance *object, GDBusMethodInvocation *invocation,
                         guint64 transfer, DocketMaintenanceService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;
  g_autoptr(GVariant) summary = NULL;
  int fd;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  fd = docket_transfers_take (self->transfers, g_dbus_method_invocation_get_sender (invocation),
                              transfer, "restore", &error);
  if (fd < 0)
    return docket_bouncer_fail (invocation, error);
  summary = restore_from (self, c.caller.user, fd, &error);
  if (summary == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_maintenance_complete_restore_transfer (object, invocation, summary);
  return TRUE;
}

/* A backup into a download of the caller's, read with Transfers.Read. */
static gboolean
handle_backup_transfer (DocketDBusMaintenance *object, GDBusMethodInvocation *invocation,
                        DocketMaintenanceService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;
  g_autoptr(GVariant) summary = NULL;
  guint64 id, size = 0;
  int fd;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  /* Room for the download first: no backup is made (and audited) to be
   * thrown away. */
  if (!docket_transfers_check_room (self->transfers, g_dbus_method_invocation_get_sender (invocation), &error))
    return docket_bouncer_fail (invocation, error);
  fd = docket_transfers_new_file (self->transfers, &error);
  if (fd < 0)
    return docket_bouncer_fail (invocation, error);
  if (!docket_maintenance_backup (self->store, c.caller.user, fd, &summary, &error))
    {
      close (fd);
      return docket_bouncer_fail (invocation, error);
    }
  id = docket_transfers_add_download (self->transfers, g_dbus_method_invocation_get_connection (invocation),
                                      g_dbus_method_invocation_get_sender (invocation), fd, &size, &error);
  if (id == 0)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_maintenance_complete_backup_transfer (object, invocation, id, size, summary);
  return TRUE;
}

DocketMaintenanceService *
docket_maintenance_service_new (DocketStore     *store,
                                DocketBouncer   *bouncer,
                                DocketTransfers *transfers)
{
  DocketMaintenanceService *self = g_object_new (DOCKET_TYPE_MAINTENANCE_SERVICE, NULL);

  self->store = g_object_ref (store);
  self->bouncer = g_object_ref (bouncer);
  self->transfers = g_object_ref (transfers);
  docket_dbus_maintenance_set_version (DOCKET_DBUS_MAINTENANCE (self), DOCKET_API_VERSION);
  /* The guard first: it must run before every handler. */
  docket_bouncer_protect (bouncer, G_DBUS_INTERFACE_SKELETON (self));
  g_signal_connect (self, "handle-key-status", G_CALLBACK (handle_key_status), self);
  g_signal_connect (self, "handle-rotate-key", G_CALLBACK (handle_rotate_key), self);
  g_signal_connect (self, "handle-backup", G_CALLBACK (handle_backup), self);
  g_signal_connect (self, "handle-restore", G_CALLBACK (handle_restore), self);
  g_signal_connect (self, "handle-backup-transfer", G_CALLBACK (handle_backup_transfer), self);
  g_signal_connect (self, "handle-restore-transfer", G_CALLBACK (handle_restore_transfer), self);
  return self;
}
