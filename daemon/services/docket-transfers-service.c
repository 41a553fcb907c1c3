/* org.docket.Docket1.Transfers: uploads and downloads in bounded parts. */
#include "config.h"

#include "docket-enums.h"
#include "docket-error.h"
#include "docket-names.h"
#include "docket-transfers-service.h"

#define R(role) (1u << DOCKET_ROLE_##role)

struct _DocketTransfersService
{
  DocketDBusTransfersSkeleton parent_instance;

  DocketTransfers *transfers;
  DocketBouncer   *bouncer;
};

G_DEFINE_FINAL_TYPE (DocketTransfersService, docket_transfers_service,
                     DOCKET_DBUS_TYPE_TRANSFERS_SKELETON)

static void
docket_transfers_service_dispose (GObject *object)
{
  DocketTransfersService *self = DOCKET_TRANSFERS_SERVICE (object);

  g_clear_object (&self->transfers);
  g_clear_object (&self->bouncer);
  G_OBJECT_CLASS (docket_transfers_service_parent_class)->dispose (object);
}

static void
docket_transfers_service_class_init (DocketTransfersServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = docket_transfers_service_dispose;
}

static void
docket_transfers_service_init (DocketTransfersService *self)
{
}

static gboolean
handle_upload (DocketDBusTransfers *object, GDBusMethodInvocation *invocation, const char *purpose,
               guint64 size, DocketTransfersService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;
  guint64 id;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  /* An upload is made for what its caller may do with it. */
  if ((g_str_equal (purpose, "import") && !(c.caller.roles & R (OFFICER))) ||
      (g_str_equal (purpose, "restore") && !(c.caller.roles & R (ADMIN))))
    return docket_bouncer_fail (invocation, g_error_new (DOCKET_ERROR, DOCKET_ERROR_ACCESS_DENIED,
        "%s may not upload a file for %s", c.caller.user, purpose));
  id = docket_transfers_upload (self->transfers, g_dbus_method_invocation_get_connection (invocation),
                                g_dbus_method_invocation_get_sender (invocation), purpose, size, &error);
  if (id == 0)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_transfers_complete_upload (object, invocation, id);
  return TRUE;
}

static gboolean
handle_write (DocketDBusTransfers *object, GDBusMethodInvocation *invocation, guint64 id,
              GVariant *data, DocketTransfersService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;
  gsize len = 0;
  const guint8 *bytes;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  bytes = g_variant_get_fixed_array (data, &len, 1);
  if (!docket_transfers_write (self->transfers, g_dbus_method_invocation_get_sender (invocation), id,
                               bytes, len, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_transfers_complete_write (object, invocation);
  return TRUE;
}

static gboolean
handle_read (DocketDBusTransfers *object, GDBusMethodInvocation *invocation, guint64 id,
             guint64 offset, guint length, DocketTransfersService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  bytes = docket_transfers_read (self->transfers, g_dbus_method_invocation_get_sender (invocation), id,
                                 offset, length, &error);
  if (bytes == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_transfers_complete_read (object, invocation,
                                       g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, bytes, TRUE));
  return TRUE;
}

static gboolean
handle_close (DocketDBusTransfers *object, GDBusMethodInvocation *invocation, guint64 id,
              DocketTransfersService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_transfers_close (self->transfers, g_dbus_method_invocation_get_sender (invocation), id, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_transfers_complete_close (object, invocation);
  return TRUE;
}

DocketTransfersService *
docket_transfers_service_new (DocketTransfers *transfers,
                              DocketBouncer   *bouncer)
{
  DocketTransfersService *self = g_object_new (DOCKET_TYPE_TRANSFERS_SERVICE, NULL);

  self->transfers = g_object_ref (transfers);
  self->bouncer = g_object_ref (bouncer);
  docket_dbus_transfers_set_version (DOCKET_DBUS_TRANSFERS (self), DOCKET_API_VERSION);
  /* The guard first: it must run before every handler. */
  docket_bouncer_protect (bouncer, G_DBUS_INTERFACE_SKELETON (self));
  g_signal_connect (self, "handle-upload", G_CALLBACK (handle_upload), self);
  g_signal_connect (self, "handle-write", G_CALLBACK (handle_write), self);
  g_signal_connect (self, "handle-read", G_CALLBACK (handle_read), self);
  g_signal_connect (self, "handle-close", G_CALLBACK (handle_close), self);
  return self;
}
