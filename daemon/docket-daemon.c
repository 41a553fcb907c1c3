/* The daemon: configuration, key, store, and the bus name it serves. */
#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "docket-audit-service.h"
#include "docket-bouncer.h"
#include "docket-intake.h"
#include "docket-config.h"
#include "docket-crypto.h"
#include "docket-daemon.h"
#include "docket-drivers-service.h"
#include "docket-compliance-service.h"
#include "docket-effects.h"
#include "docket-error.h"
#include "docket-hearings-service.h"
#include "docket-names.h"
#include "docket-maintenance.h"
#include "docket-maintenance-service.h"
#include "docket-scheduler.h"
#include "docket-statistics-service.h"
#include "docket-templates.h"
#include "docket-transfers-service.h"
#include "docket-store.h"
#include "docket-user-store.h"
#include "docket-users-service.h"

struct _DocketDaemon
{
  GObject               parent_instance;
  DocketDaemonOptions   options;
  DocketConfig         *config;
  DocketCrypto         *crypto;
  DocketStore          *store;
  DocketBouncer        *bouncer;
  DocketIntake         *intake;
  GDBusConnection      *connection;
  GPtrArray            *services;   /* GDBusInterfaceSkeleton */
  guint                 owner_id;
  DocketScheduler      *scheduler;
  gboolean              name_acquired;
};

G_DEFINE_FINAL_TYPE (DocketDaemon, docket_daemon, G_TYPE_OBJECT)

/* Seconds between checks for licence changes that have fallen due. */

enum { SIGNAL_STOPPED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
docket_daemon_dispose (GObject *object)
{
  DocketDaemon *self = DOCKET_DAEMON (object);

  docket_daemon_stop (self);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_object (&self->scheduler);
  g_clear_pointer (&self->intake, docket_intake_free);
  g_clear_object (&self->bouncer);
  g_clear_object (&self->connection);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (docket_daemon_parent_class)->dispose (object);
}

static void
docket_daemon_finalize (GObject *object)
{
  DocketDaemon *self = DOCKET_DAEMON (object);

  /* The store's connections use the key: it goes last. */
  g_clear_pointer (&self->crypto, docket_crypto_free);
  g_clear_pointer (&self->config, docket_config_free);
  g_free (self->options.state_dir);
  g_free (self->options.config_path);
  G_OBJECT_CLASS (docket_daemon_parent_class)->finalize (object);
}

static void
docket_daemon_class_init (DocketDaemonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = docket_daemon_dispose;
  object_class->finalize = docket_daemon_finalize;

  signals[SIGNAL_STOPPED] = g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
docket_daemon_init (DocketDaemon *self)
{
  self->services = g_ptr_array_new_with_free_func (g_object_unref);
}

DocketDaemon *
docket_daemon_new (const DocketDaemonOptions *options)
{
  DocketDaemon *self = g_object_new (DOCKET_TYPE_DAEMON, NULL);

  self->options = *options;
  self->options.state_dir = g_strdup (options->state_dir);
  self->options.config_path = g_strdup (options->config_path);
  return self;
}

static void
on_intake_refused (const char *sender,
                   const char *method,
                   const char *reason,
                   guint       count,
                   gpointer    user_data)
{
  DocketDaemon *self = user_data;

  if (self->bouncer != NULL)
    docket_bouncer_note_refused (self->bouncer, sender, method, reason, count);
}

static void
on_bus_acquired (GDBusConnection *connection,
                 const char      *name,
                 gpointer         user_data)
{
  DocketDaemon *self = user_data;
  GDBusInterfaceSkeleton *skeletons[8];
  g_autofree char *dir = g_path_get_dirname (docket_store_get_path (self->store));
  g_autoptr(DocketTransfers) transfers = docket_transfers_new (dir);

  self->connection = g_object_ref (connection);
  self->bouncer = docket_bouncer_new (self->store, connection, self->options.session_bus,
                                      self->options.session_roles);
  /* Bounds on what is taken in, before anything is exported. */
  self->intake = docket_intake_new (connection, on_intake_refused, self);
  skeletons[0] = G_DBUS_INTERFACE_SKELETON (docket_drivers_service_new (self->store, self->bouncer, transfers));
  skeletons[1] = G_DBUS_INTERFACE_SKELETON (docket_users_service_new (self->store, self->bouncer));
  skeletons[2] = G_DBUS_INTERFACE_SKELETON (docket_audit_service_new (self->store, self->bouncer));
  skeletons[3] = G_DBUS_INTERFACE_SKELETON (docket_hearings_service_new (self->store, self->bouncer));
  skeletons[4] = G_DBUS_INTERFACE_SKELETON (docket_statistics_service_new (self->store, self->bouncer));
  skeletons[5] = G_DBUS_INTERFACE_SKELETON (docket_compliance_service_new (self->store, self->bouncer,
                                                                           self->scheduler));
  skeletons[6] = G_DBUS_INTERFACE_SKELETON (docket_maintenance_service_new (self->store, self->bouncer,
                                                                            transfers));
  skeletons[7] = G_DBUS_INTERFACE_SKELETON (docket_transfers_service_new (transfers, self->bouncer));

  for (guint i = 0; i < G_N_ELEMENTS (skeletons); i++)
    {
      g_autoptr(GError) error = NULL;

      g_ptr_array_add (self->services, skeletons[i]);
      if (!g_dbus_interface_skeleton_export (skeletons[i], connection, DOCKET_DBUS_PATH, &error))
        {
          g_autofree char *msg = g_strdup_printf ("Cannot export %s: %s",
              g_dbus_interface_skeleton_get_info (skeletons[i])->name, error->message);
          g_signal_emit (self, signals[SIGNAL_STOPPED], 0, msg);
          return;
        }
    }
}

static void
on_name_acquired (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  DocketDaemon *self = user_data;

  self->name_acquired = TRUE;
  g_message ("Serving %s on the %s bus from %s", name,
             self->options.session_bus ? "session" : "system", self->options.state_dir);
}

static void
on_name_lost (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  DocketDaemon *self = user_data;
  g_autofree char *msg = NULL;

  if (connection == NULL)
    msg = g_strdup ("Cannot connect to the bus");
  else if (!self->name_acquired)
    msg = g_strdup_printf ("Cannot own %s: another docketd runs (use --replace to take over)", name);
  else
    {
      g_message ("Lost %s to another docketd; stopping", name);
      msg = NULL;
    }
  g_signal_emit (self, signals[SIGNAL_STOPPED], 0, msg);
}

gboolean
docket_daemon_start (DocketDaemon  *self,
                     GError       **error)
{
  g_autofree char *db_path = NULL;
  g_autoptr(GError) damage = NULL;
  GBusNameOwnerFlags flags = G_BUS_NAME_OWNER_FLAGS_ALLOW_REPLACEMENT;

  self->config = docket_config_load (self->options.config_path, error);
  if (self->config == NULL)
    return FALSE;
  /* The council's dates, for every "today" docketd reckons. */
  if (!docket_calendar_set_time_zone (self->config->time_zone, error))
    return FALSE;
  /* The council's templates, checked whole now rather than at a hearing. */
  if (!docket_templates_check (self->config, error))
    return FALSE;

  if (g_mkdir_with_parents (self->options.state_dir, 0700) != 0)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED,
                   "Cannot create the state directory %s: %s",
                   self->options.state_dir, g_strerror (errno));
      return FALSE;
    }

  db_path = g_build_filename (self->options.state_dir, DOCKET_DATABASE_FILE, NULL);
  /* A missing key next to an existing database is an error, not a reason
   * to make a new key that could never read the data. */
  self->crypto = docket_crypto_new_from_files (self->options.state_dir,
                                               !g_file_test (db_path, G_FILE_TEST_EXISTS),
                                               error);
  if (self->crypto == NULL)
    return FALSE;

  self->store = docket_store_open (db_path, self->crypto, error);
  if (self->store == NULL)
    return FALSE;
  docket_store_set_config (self->store, self->config);
  if (!docket_store_check (self->store, &damage))
    g_warning ("%s; serving reads only", damage->message);
  else if (!docket_user_store_bootstrap (self->store, self->config->user_roles, error))
    {
      g_prefix_error (error, "Cannot apply the roles in %s: ", self->config->path);
      return FALSE;
    }

  /* A key rotation that a crash interrupted is finished before serving. */
  if (docket_store_get_damage (self->store) == NULL &&
      docket_store_get_meta_uint (self->store, DOCKET_META_KEY_ROTATION, NULL) != 0)
    {
      guint32 version;
      guint64 values;

      if (!docket_maintenance_rotate_key (self->store, "system", &version, &values, error))
        {
          g_prefix_error (error, "Cannot finish the interrupted key rotation: ");
          return FALSE;
        }
    }

  /* Catches up with what fell due while docketd was down, before serving. */
  self->scheduler = docket_scheduler_new (self->store);
  docket_scheduler_start (self->scheduler, DOCKET_SCHEDULER_INTERVAL);

  /* From here every write is the writer's, on a connection of its own:
   * the main loop dispatches and reads. */
  if (!docket_store_start_writer (self->store, error))
    return FALSE;

  if (self->options.replace)
    flags |= G_BUS_NAME_OWNER_FLAGS_REPLACE;
  self->owner_id = g_bus_own_name (self->options.session_bus ? G_BUS_TYPE_SESSION : G_BUS_TYPE_SYSTEM,
                                   DOCKET_DBUS_NAME, flags,
                                   on_bus_acquired, on_name_acquired, on_name_lost,
                                   self, NULL);
  return TRUE;
}

void
docket_daemon_stop (DocketDaemon *self)
{
  /* A worker's import or audit run ends first (an import is cancelled and
   * rolled back): nothing it uses goes while it runs. */
  if (self->store != NULL)
    docket_store_stop_jobs (self->store);
  /* Calls that waited for the job are told that docketd stops. */
  if (self->bouncer != NULL)
    docket_bouncer_stop (self->bouncer);
  if (self->scheduler != NULL)
    docket_scheduler_stop (self->scheduler);
  if (self->owner_id != 0)
    {
      g_bus_unown_name (self->owner_id);
      self->owner_id = 0;
    }
  for (guint i = 0; self->services && i < self->services->len; i++)
    if (g_dbus_interface_skeleton_get_connection (self->services->pdata[i]) != NULL)
      g_dbus_interface_skeleton_unexport (self->services->pdata[i]);
  /* The writes already given are made and answered, then the writer ends,
   * and the answers leave before docketd does. */
  if (self->store != NULL)
    docket_store_stop_writer (self->store);
  if (self->connection != NULL)
    g_dbus_connection_flush_sync (self->connection, NULL, NULL);
}
