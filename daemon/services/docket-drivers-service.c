/* org.docket.Docket1.Drivers: the D-Bus side of the driver store. */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "docket-csv-import.h"
#include "docket-driver-record.h"
#include "docket-driver-store.h"
#include "docket-subject-access.h"
#include "docket-retention.h"
#include "docket-input.h"
#include "docket-validate.h"
#include "docket-calendar.h"
#include "docket-drivers-service.h"
#include "docket-error.h"
#include "docket-names.h"

/* An import file larger than this is refused before it is parsed. */
/* The largest CSV imported: it is read whole, then parsed (about 400,000
 * drivers; the largest authority has about 120,000). */
#define IMPORT_MAX_BYTES (128u * 1024 * 1024)

struct _DocketDriversService
{
  DocketDBusDriversSkeleton parent_instance;
  DocketStore     *store;
  DocketBouncer   *bouncer;
  DocketTransfers *transfers;
};

G_DEFINE_FINAL_TYPE (DocketDriversService, docket_drivers_service,
                     DOCKET_DBUS_TYPE_DRIVERS_SKELETON)

static void
docket_drivers_service_dispose (GObject *object)
{
  DocketDriversService *self = DOCKET_DRIVERS_SERVICE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->bouncer);
  g_clear_object (&self->transfers);
  G_OBJECT_CLASS (docket_drivers_service_parent_class)->dispose (object);
}

static void
docket_drivers_service_class_init (DocketDriversServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = docket_drivers_service_dispose;
}

static void
docket_drivers_service_init (DocketDriversService *self)
{
}

/* The caller's name for the audit log; on failure the call is answered. */
static char *
caller_name (DocketDriversService  *self,
             GDBusMethodInvocation *invocation)
{
  g_autoptr(GError) error = NULL;
  char *user = NULL;
  guint roles;

  if (!docket_bouncer_get_caller (self->bouncer, invocation, &user, &roles, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return NULL;
    }
  return user;
}

static gboolean
handle_create (DocketDBusDrivers     *object,
               GDBusMethodInvocation *invocation,
               GVariant              *record,
               DocketDriversService  *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = caller_name (self, invocation);
  g_autofree char *licence = NULL;

  if (user == NULL)
    return TRUE;
  licence = docket_driver_store_create (self->store, user, record, &error);
  if (licence == NULL)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return TRUE;
    }
  docket_dbus_drivers_complete_create (object, invocation, licence);
  docket_dbus_drivers_emit_driver_changed (object, licence);
  return TRUE;
}

static gboolean
handle_update (DocketDBusDrivers     *object,
               GDBusMethodInvocation *invocation,
               const char            *licence,
               GVariant              *changes,
               const char            *reason,
               DocketDriversService  *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = caller_name (self, invocation);

  if (user == NULL)
    return TRUE;
  if (!docket_driver_store_update (self->store, user, licence, changes, reason, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return TRUE;
    }
  docket_dbus_drivers_complete_update (object, invocation);
  docket_dbus_drivers_emit_driver_changed (object, licence);
  return TRUE;
}

static gboolean
handle_get (DocketDBusDrivers     *object,
            GDBusMethodInvocation *invocation,
            const char            *licence,
            gboolean               sensitive,
            DocketDriversService  *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) record = NULL;
  g_autofree char *user = NULL;

  if (sensitive &&
      !docket_bouncer_check (self->bouncer, invocation, DOCKET_PERMISSION_READ_SENSITIVE, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return TRUE;
    }
  user = caller_name (self, invocation);
  if (user == NULL)
    return TRUE;
  record = docket_driver_record_get (self->store, user, licence, sensitive, &error);
  if (record == NULL)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return TRUE;
    }
  docket_dbus_drivers_complete_get (object, invocation, record);
  return TRUE;
}

static gboolean
handle_list (DocketDBusDrivers     *object,
             GDBusMethodInvocation *invocation,
             GVariant              *query,
             DocketDriversService  *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  guint32 total = 0;

  list = docket_driver_store_list (self->store, query, &total, &error);
  if (list == NULL)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return TRUE;
    }
  docket_dbus_drivers_complete_list (object, invocation, list, total);
  return TRUE;
}

static gboolean
handle_search (DocketDBusDrivers     *object,
               GDBusMethodInvocation *invocation,
               const char            *text,
               guint                  limit,
               DocketDriversService  *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;

  list = docket_driver_store_search (self->store, text, limit, &error);
  if (list == NULL)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return TRUE;
    }
  docket_dbus_drivers_complete_search (object, invocation, list);
  return TRUE;
}

static gboolean
handle_find_by_identifier (DocketDBusDrivers     *object,
                           GDBusMethodInvocation *invocation,
                           const char            *field,
                           const char            *value,
                           DocketDriversService  *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autofree char *user = caller_name (self, invocation);

  if (user == NULL)
    return TRUE;
  list = docket_driver_store_find_identifier (self->store, user, field, value, &error);
  if (list == NULL)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return TRUE;
    }
  docket_dbus_drivers_complete_find_by_identifier (object, invocation, list);
  return TRUE;
}

static gboolean
handle_add_conviction (DocketDBusDrivers     *object,
                       GDBusMethodInvocation *invocation,
                       const char            *licence,
                       GVariant              *conviction,
                       DocketDriversService  *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = caller_name (self, invocation);
  gint64 id;

  if (user == NULL)
    return TRUE;
  id = docket_driver_store_add_conviction (self->store, user, licence, conviction, &error);
  if (id < 0)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return TRUE;
    }
  docket_dbus_drivers_complete_add_conviction (object, invocation, id);
  docket_dbus_drivers_emit_driver_changed (object, licence);
  return TRUE;
}

static gboolean
handle_add_note (DocketDBusDrivers     *object,
                 GDBusMethodInvocation *invocation,
                 const char            *licence,
                 GVariant              *note,
                 DocketDriversService  *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = caller_name (self, invocation);
  gint64 id;

  if (user == NULL)
    return TRUE;
  id = docket_driver_store_add_note (self->store, user, licence, note, &error);
  if (id < 0)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return TRUE;
    }
  docket_dbus_drivers_complete_add_note (object, invocation, id);
  docket_dbus_drivers_emit_driver_changed (object, licence);
  return TRUE;
}

static gboolean
handle_subject_access (DocketDBusDrivers     *object,
                       GDBusMethodInvocation *invocation,
                       const char            *licence,
                       const char            *purpose,
                       DocketDriversService  *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  g_autoptr(GVariant) export = NULL;
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  export = docket_subject_access_export (self->store, &c.caller, licence, purpose, &error);
  if (export == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_drivers_complete_subject_access (object, invocation, export);
  return TRUE;
}

static gboolean
handle_subject_access_document (DocketDBusDrivers     *object,
                                GDBusMethodInvocation *invocation,
                                const char            *licence,
                                const char            *purpose,
                                const char            *format,
                                DocketDriversService  *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  g_autoptr(GBytes) doc = NULL;
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  doc = docket_subject_access_document (self->store, &c.caller, licence, purpose, format, &error);
  if (doc == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_drivers_complete_subject_access_document (object, invocation,
      g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, doc, TRUE));
  return TRUE;
}

static gboolean
handle_retention_due (DocketDBusDrivers     *object,
                      GDBusMethodInvocation *invocation,
                      GVariant              *query,
                      DocketDriversService  *self)
{
  static const char * const keys[] = { "until", "kept", NULL };
  g_auto(DocketBouncerCaller) c = { 0 };
  g_autofree char *until = NULL, *today = docket_today ();
  gboolean kept = FALSE;
  GVariant *records;
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_validate_keys (query, keys, &error) ||
      !docket_input_date (query, "until", NULL, DOCKET_INPUT_NONE, &until, &error) ||
      !docket_input_bool (query, "kept", &kept, &error))
    return docket_bouncer_fail (invocation, error);
  if (until == NULL)
    until = docket_date_add_months (today, 1);
  records = docket_retention_due (self->store, until, kept, &error);
  if (records == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_drivers_complete_retention_due (object, invocation, records);
  return TRUE;
}

static gboolean
hold (DocketDriversService *self, GDBusMethodInvocation *invocation, const char *licence,
      gboolean place, const char *reason)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_retention_hold (self->store, &c.caller, licence, place, reason, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_drivers_emit_driver_changed (DOCKET_DBUS_DRIVERS (self), licence);
  g_dbus_method_invocation_return_value (invocation, NULL);
  return TRUE;
}

static gboolean
handle_hold (DocketDBusDrivers *object, GDBusMethodInvocation *invocation, const char *licence,
             const char *reason, DocketDriversService *self)
{
  return hold (self, invocation, licence, TRUE, reason);
}

static gboolean
handle_release_hold (DocketDBusDrivers *object, GDBusMethodInvocation *invocation, const char *licence,
                     const char *reason, DocketDriversService *self)
{
  return hold (self, invocation, licence, FALSE, reason);
}

/* Import runs in a worker thread on its own database connection, so the
 * main loop keeps answering while a large file is parsed and written. */
typedef struct {
  int           fd;
  char         *user;
  char         *path;
  DocketCrypto *crypto;        /* the worker's own copy */
  GCancellable *cancellable;   /* cancelled when docketd stops */
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  if (job->fd >= 0)
    close (job->fd);
  g_free (job->user);
  g_free (job->path);
  docket_crypto_free (job->crypto);
  g_clear_object (&job->cancellable);
  g_free (job);
}

/* The file, a piece at a time, up to IMPORT_MAX_BYTES in all. */
typedef struct {
  int   fd;
  gsize total;
} ImportRead;

static gssize
read_piece (gpointer data, void *buf, gsize len, GError **error)
{
  ImportRead *in = data;
  ssize_t n;

  do
    n = read (in->fd, buf, len);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED, "Import: cannot read the file: %s", g_strerror (errno));
      return -1;
    }
  in->total += (gsize) n;
  if (in->total > IMPORT_MAX_BYTES)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Import: the file is larger than %u MiB", IMPORT_MAX_BYTES >> 20);
      return -1;
    }
  return n;
}

/* Reads, parses, validates, encrypts and inserts row by row inside the
 * one transaction: memory stays the same whatever the file's size. */
static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DocketStore) store = NULL;
  ImportRead in = { job->fd, 0 };
  g_autoptr(DocketCsvReader) reader = docket_csv_reader_new (read_piece, &in);
  guint count;

  docket_store_wait_writes (DOCKET_DRIVERS_SERVICE (source)->store);
  store = docket_store_open (job->path, job->crypto, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  count = docket_driver_store_import (store, job->user, docket_csv_reader_next, reader, job->cancellable,
                                      &error);
  docket_db_checkpoint (docket_store_get_db (store));
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, count);
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GDBusMethodInvocation *invocation = user_data;
  DocketDBusDrivers *object = DOCKET_DBUS_DRIVERS (source);
  g_autoptr(GError) error = NULL;
  gssize count = g_task_propagate_int (G_TASK (result), &error);

  docket_store_release (DOCKET_DRIVERS_SERVICE (source)->store);
  if (error != NULL)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return;
    }
  if (g_str_equal (g_dbus_method_invocation_get_method_name (invocation), "ImportTransfer"))
    docket_dbus_drivers_complete_import_transfer (object, invocation, (guint) count);
  else
    docket_dbus_drivers_complete_import (object, invocation, NULL, (guint) count);
  /* An empty licence tells clients that many records changed. */
  if (count > 0)
    docket_dbus_drivers_emit_driver_changed (object, "");
}

/* Refuses a write to a damaged database, as every writer does. */
static gboolean
refuse_if_damaged (DocketDriversService *self, GDBusMethodInvocation *invocation)
{
  if (docket_store_get_damage (self->store) == NULL)
    return FALSE;
  g_dbus_method_invocation_return_error (invocation, DOCKET_ERROR, DOCKET_ERROR_DAMAGED,
                                         "The database is damaged and docketd serves no writes: %s",
                                         docket_store_get_damage (self->store));
  return TRUE;
}

/* Hands the CSV in @fd (taken) to the import worker, which answers
 * @invocation when done. */
static void
start_import (DocketDriversService *self, GDBusMethodInvocation *invocation, char *user, int fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  DocketCrypto *crypto;
  GCancellable *cancellable;
  ImportJob *job;

  crypto = docket_crypto_copy (docket_store_get_crypto (self->store), &error);
  cancellable = crypto ? docket_store_claim (self->store, "an import", &error) : NULL;
  if (cancellable == NULL)
    {
      close (fd);
      g_free (user);
      docket_crypto_free (crypto);
      g_dbus_method_invocation_return_gerror (invocation, error);
      return;
    }
  job = g_new0 (ImportJob, 1);
  job->fd = fd;
  job->user = user;
  job->path = g_strdup (docket_store_get_path (self->store));
  job->crypto = crypto;
  job->cancellable = g_object_ref (cancellable);

  task = g_task_new (self, NULL, import_done, invocation);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

static gboolean
handle_import (DocketDBusDrivers     *object,
               GDBusMethodInvocation *invocation,
               GUnixFDList           *fd_list,
               GVariant              *csv,
               DocketDriversService  *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = caller_name (self, invocation);
  int fd;

  if (user == NULL || refuse_if_damaged (self, invocation))
    return TRUE;
  if (fd_list == NULL)
    {
      g_dbus_method_invocation_return_error (invocation, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                                             "Import: no file descriptor was passed");
      return TRUE;
    }
  fd = g_unix_fd_list_get (fd_list, g_variant_get_handle (csv), &error);
  if (fd < 0)
    {
      g_dbus_method_invocation_return_error (invocation, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                                             "Import: bad file descriptor: %s", error->message);
      return TRUE;
    }
  start_import (self, invocation, g_steal_pointer (&user), fd);
  return TRUE;
}

/* The same from an upload of the caller's (Transfers.Upload "import"). */
static gboolean
handle_import_transfer (DocketDBusDrivers     *object,
                        GDBusMethodInvocation *invocation,
                        guint64                transfer,
                        DocketDriversService  *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = caller_name (self, invocation);
  int fd;

  if (user == NULL || refuse_if_damaged (self, invocation))
    return TRUE;
  fd = docket_transfers_take (self->transfers, g_dbus_method_invocation_get_sender (invocation),
                              transfer, "import", &error);
  if (fd < 0)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return TRUE;
    }
  start_import (self, invocation, g_steal_pointer (&user), fd);
  return TRUE;
}

DocketDriversService *
docket_drivers_service_new (DocketStore     *store,
                            DocketBouncer   *bouncer,
                            DocketTransfers *transfers)
{
  DocketDriversService *self = g_object_new (DOCKET_TYPE_DRIVERS_SERVICE, NULL);

  self->store = g_object_ref (store);
  self->bouncer = g_object_ref (bouncer);
  self->transfers = g_object_ref (transfers);
  docket_dbus_drivers_set_version (DOCKET_DBUS_DRIVERS (self), DOCKET_API_VERSION);

  /* The guard first: it must run before every handler. */
  docket_bouncer_protect (bouncer, G_DBUS_INTERFACE_SKELETON (self));
  g_signal_connect (self, "handle-create", G_CALLBACK (handle_create), self);
  g_signal_connect (self, "handle-update", G_CALLBACK (handle_update), self);
  g_signal_connect (self, "handle-get", G_CALLBACK (handle_get), self);
  g_signal_connect (self, "handle-list", G_CALLBACK (handle_list), self);
  g_signal_connect (self, "handle-search", G_CALLBACK (handle_search), self);
  g_signal_connect (self, "handle-find-by-identifier", G_CALLBACK (handle_find_by_identifier), self);
  g_signal_connect (self, "handle-add-conviction", G_CALLBACK (handle_add_conviction), self);
  g_signal_connect (self, "handle-add-note", G_CALLBACK (handle_add_note), self);
  g_signal_connect (self, "handle-subject-access", G_CALLBACK (handle_subject_access), self);
  g_signal_connect (self, "handle-subject-access-document", G_CALLBACK (handle_subject_access_document), self);
  g_signal_connect (self, "handle-retention-due", G_CALLBACK (handle_retention_due), self);
  g_signal_connect (self, "handle-hold", G_CALLBACK (handle_hold), self);
  g_signal_connect (self, "handle-release-hold", G_CALLBACK (handle_release_hold), self);
  g_signal_connect (self, "handle-import", G_CALLBACK (handle_import), self);
  g_signal_connect (self, "handle-import-transfer", G_CALLBACK (handle_import_transfer), self);
  return self;
}
