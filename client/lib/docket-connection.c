/* DocketConnection: how a client reaches docketd, and the proxies it makes there. */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "docket-connection.h"
#include "docket-error.h"
#include "docket-names.h"
#include "docket-retry.h"

struct _DocketConnection
{
  GObject          parent_instance;

  GDBusConnection *connection;
  char            *host;                 /* NULL for a local bus */
  GSubprocess     *ssh;                  /* the transport to @host */
  struct SshLog   *ssh_log;              /* what ssh says on its stderr */
  gboolean         private_connection;   /* ours to close */
  GDBusProxyFlags  proxy_flags;
  int              timeout_ms;
};

G_DEFINE_FINAL_TYPE (DocketConnection, docket_connection, G_TYPE_OBJECT)

/* ssh's standard error, read by a thread of its own so that ssh never
 * blocks on it (ssh -v writes a lot), keeping the last part to say why a
 * connection failed. Shared with that thread, which drops its reference
 * at the pipe's end. */
typedef struct SshLog {
  gatomicrefcount  ref;
  GMutex           lock;
  GCond            done_cond;
  GString         *tail;
  gboolean         done;
} SshLog;

static void
ssh_log_unref (SshLog *log)
{
  if (!g_atomic_ref_count_dec (&log->ref))
    return;
  g_string_free (log->tail, TRUE);
  g_mutex_clear (&log->lock);
  g_cond_clear (&log->done_cond);
  g_free (log);
}

static gpointer
drain_stderr (gpointer data)
{
  GInputStream *in = data;
  SshLog *log = g_object_get_data (G_OBJECT (in), "docket-ssh-log");
  char buf[1024];
  gssize n;

  while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL)) > 0)
    {
      g_mutex_lock (&log->lock);
      g_string_append_len (log->tail, buf, n);
      if (log->tail->len > 4096)
        g_string_erase (log->tail, 0, (gssize) log->tail->len - 4096);
      g_mutex_unlock (&log->lock);
    }
  g_mutex_lock (&log->lock);
  log->done = TRUE;
  g_cond_broadcast (&log->done_cond);
  g_mutex_unlock (&log->lock);
  g_object_unref (in);
  return NULL;
}

/* Ends ssh: SIGTERM lets it take down what it started (a ProxyCommand, a
 * control master's session). */
static void
stop_ssh (GSubprocess *ssh)
{
  g_subprocess_send_signal (ssh, SIGTERM);
  g_subprocess_wait (ssh, NULL, NULL);
}

static void
docket_connection_dispose (GObject *object)
{
  DocketConnection *self = DOCKET_CONNECTION (object);

  /* ssh first: a server that stalled must not hold the close (and the
   * window) waiting on a full pipe. */
  if (self->ssh != NULL)
    stop_ssh (self->ssh);
  g_clear_object (&self->ssh);
  g_clear_pointer (&self->ssh_log, ssh_log_unref);
  if (self->connection && self->private_connection)
    g_dbus_connection_close (self->connection, NULL, NULL, NULL);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->host, g_free);
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

/* The last line ssh wrote on its standard error, to say why it failed. */
static char *
ssh_complaint (DocketConnection *self)
{
  gint64 until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  stop_ssh (self->ssh);
  /* A child of ssh may keep the pipe open: wait a moment, no more. */
  g_mutex_lock (&self->ssh_log->lock);
  while (!self->ssh_log->done)
    if (!g_cond_wait_until (&self->ssh_log->done_cond, &self->ssh_log->lock, until))
      break;
  text = g_utf8_make_valid (self->ssh_log->tail->str, (gssize) self->ssh_log->tail->len);
  g_mutex_unlock (&self->ssh_log->lock);
  lines = g_strsplit (g_strstrip (text), "\n", -1);
  for (int i = (int) g_strv_length (lines) - 1; i >= 0; i--)
    if (*g_strstrip (lines[i]) != '\0')
      return g_strdup (lines[i]);
  return NULL;
}

/* The server's system bus over SSH: a GDBusConnection on the pipes of
 * `ssh -xT HOST systemd-stdio-bridge`, which joins that bus as the SSH
 * login account. */
static gboolean
open_ssh (DocketConnection *self, const char *host, GCancellable *cancellable, GError **error)
{
  const char *command = g_getenv ("DOCKET_SSH");
  g_auto(GStrv) ssh_argv = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) local = NULL;

  if (*host == '-' || strpbrk (host, " \t\n") != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "'%s' is not a host: give [USER@]HOST", host);
      return FALSE;
    }
  if (!g_shell_parse_argv (command && *command ? command : "ssh", NULL, &ssh_argv, error))
    {
      g_prefix_error (error, "$DOCKET_SSH: ");
      return FALSE;
    }
  for (guint i = 0; ssh_argv[i]; i++)
    g_ptr_array_add (argv, ssh_argv[i]);
  g_ptr_array_add (argv, (gpointer) "-xT");
  g_ptr_array_add (argv, (gpointer) "--");
  g_ptr_array_add (argv, (gpointer) host);
  g_ptr_array_add (argv, (gpointer) "systemd-stdio-bridge");
  g_ptr_array_add (argv, NULL);

  self->ssh = g_subprocess_newv ((const char * const *) argv->pdata,
                                 G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                 G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (self->ssh == NULL)
    {
      g_prefix_error (error, "Cannot run %s: ", ssh_argv[0]);
      return FALSE;
    }
  {
    GInputStream *err = g_object_ref (g_subprocess_get_stderr_pipe (self->ssh));
    g_autoptr(GThread) drainer = NULL;

    self->ssh_log = g_new0 (SshLog, 1);
    g_atomic_ref_count_init (&self->ssh_log->ref);
    g_atomic_ref_count_inc (&self->ssh_log->ref);   /* the thread's */
    g_mutex_init (&self->ssh_log->lock);
    g_cond_init (&self->ssh_log->done_cond);
    self->ssh_log->tail = g_string_new (NULL);
    g_object_set_data_full (G_OBJECT (err), "docket-ssh-log", self->ssh_log, (GDestroyNotify) ssh_log_unref);
    drainer = g_thread_new ("docket-ssh-stderr", drain_stderr, err);
  }
  stream = g_simple_io_stream_new (g_subprocess_get_stdout_pipe (self->ssh),
                                   g_subprocess_get_stdin_pipe (self->ssh));
  self->connection = g_dbus_connection_new_sync (stream, NULL,
                                                 G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                 G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                 NULL, cancellable, &local);
  if (self->connection == NULL)
    {
      g_autofree char *why = ssh_complaint (self);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "Cannot reach docketd on %s over SSH: %s",
                   host, why ? why : local->message);
      return FALSE;
    }
  self->host = g_strdup (host);
  self->private_connection = TRUE;
  return TRUE;
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
  self->proxy_flags = options->proxy_flags;
  self->timeout_ms = options->timeout_ms;
  if (options->host != NULL && *options->host != '\0')
    {
      if (!open_ssh (self, options->host, cancellable, error))
        return NULL;
    }
  else
    {
      self->private_connection = options->act_as != NULL && *options->act_as != '\0';
      if (self->private_connection)
        self->connection = open_private (options->bus_type, cancellable, error);
      else
        self->connection = g_bus_get_sync (options->bus_type, cancellable, error);
      if (self->connection == NULL)
        return NULL;
    }
  /* A call the bus refused for a full queue is sent again, not failed. */
  docket_retry_install (self->connection, self->timeout_ms);
  return g_steal_pointer (&self);
}

typedef struct {
  DocketConnectionOptions options;
  char                   *host;
  char                   *act_as;
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_free (job->host);
  g_free (job->act_as);
  g_free (job);
}

static void
open_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  OpenJob *job = data;
  GError *error = NULL;
  DocketConnection *connection = docket_connection_open_sync (&job->options, cancellable, &error);

  if (connection == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, connection, g_object_unref);
}

void
docket_connection_open (const DocketConnectionOptions *options,
                        GCancellable                  *cancellable,
                        GAsyncReadyCallback            callback,
                        gpointer                       user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  OpenJob *job = g_new0 (OpenJob, 1);

  job->options = *options;
  job->host = g_strdup (options->host);
  job->act_as = g_strdup (options->act_as);
  job->options.host = job->host;
  job->options.act_as = job->act_as;
  g_task_set_source_tag (task, docket_connection_open);
  g_task_set_task_data (task, job, (GDestroyNotify) open_job_free);
  g_task_run_in_thread (task, open_thread);
}

DocketConnection *
docket_connection_open_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GDBusConnection *
docket_connection_get_dbus (DocketConnection *self)
{
  g_return_val_if_fail (DOCKET_IS_CONNECTION (self), NULL);
  return self->connection;
}

const char *
docket_connection_get_host (DocketConnection *self)
{
  g_return_val_if_fail (DOCKET_IS_CONNECTION (self), NULL);
  return self->host;
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

DocketDBusTransfers *
docket_connection_new_transfers (DocketConnection *self, GError **error)
{
  return new_proxy (self, DOCKET_DBUS_TYPE_TRANSFERS_PROXY, docket_dbus_transfers_interface_info (), error);
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
  g_clear_object (&proxies->transfers);
}
