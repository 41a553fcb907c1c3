/* org.docket.Docket1.Compliance: the D-Bus side of the policy audit,
 * training and DBS checks. */
#include "config.h"

#include "docket-compliance-view.h"
#include "docket-policy.h"
#include "docket-training.h"
#include "docket-error.h"
#include "docket-compliance-service.h"
#include "docket-names.h"

struct _DocketComplianceService
{
  DocketDBusComplianceSkeleton parent_instance;
  DocketStore     *store;
  DocketBouncer   *bouncer;
  DocketScheduler *scheduler;
  gulong           changed_id;
};

G_DEFINE_FINAL_TYPE (DocketComplianceService, docket_compliance_service,
                     DOCKET_DBUS_TYPE_COMPLIANCE_SKELETON)

static void
docket_compliance_service_dispose (GObject *object)
{
  DocketComplianceService *self = DOCKET_COMPLIANCE_SERVICE (object);

  if (self->scheduler != NULL)
    g_clear_signal_handler (&self->changed_id, self->scheduler);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->store);
  g_clear_object (&self->bouncer);
  G_OBJECT_CLASS (docket_compliance_service_parent_class)->dispose (object);
}

static void
docket_compliance_service_class_init (DocketComplianceServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = docket_compliance_service_dispose;
}

static void
docket_compliance_service_init (DocketComplianceService *self)
{
}


static void
changed (DocketComplianceService *self, const char *licence)
{
  docket_dbus_compliance_emit_compliance_changed (DOCKET_DBUS_COMPLIANCE (self), licence);
}

/* An audit run reads every licence and writes its flags in one
 * transaction: seconds at 200,000 drivers. It runs on a worker thread with
 * a connection of its own, as Import does, so that reads are answered
 * meanwhile (writes wait for its transaction, as for any other). */
typedef struct {
  char                 *path;
  char                 *user;
  DocketCrypto         *crypto;   /* the worker's own copy */
  DocketConfig         *config;   /* a reference */
} AuditJob;

static void
audit_job_free (AuditJob *job)
{
  g_free (job->path);
  g_free (job->user);
  docket_crypto_free (job->crypto);
  docket_config_free (job->config);
  g_free (job);
}

static void
audit_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AuditJob *job = task_data;
  GError *error = NULL;
  gint64 run;

  docket_store_wait_writes (DOCKET_COMPLIANCE_SERVICE (source)->store);
  run = docket_policy_run_audit_apart (job->path, job->crypto, job->config, job->user, FALSE, &error);

  if (run == 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, run);
}

static void
audit_done (GObject *source, GAsyncResult *result, gpointer data)
{
  DocketComplianceService *self = DOCKET_COMPLIANCE_SERVICE (source);
  GDBusMethodInvocation *invocation = data;
  GError *error = NULL;
  GVariant *run;
  gint64 id = g_task_propagate_int (G_TASK (result), &error);

  docket_store_release (self->store);
  if (error != NULL)
    {
      docket_bouncer_fail (invocation, error);
      return;
    }
  run = docket_compliance_view_get_run (self->store, id, &error);
  if (run == NULL)
    {
      docket_bouncer_fail (invocation, error);
      return;
    }
  docket_dbus_compliance_complete_run_audit (DOCKET_DBUS_COMPLIANCE (self), invocation, run);
  changed (self, "");
}

static gboolean
handle_run_audit (DocketDBusCompliance *object, GDBusMethodInvocation *invocation,
                  DocketComplianceService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  DocketCrypto *crypto;
  AuditJob *job;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (docket_store_get_damage (self->store) != NULL)
    return docket_bouncer_fail (invocation,
        g_error_new (DOCKET_ERROR, DOCKET_ERROR_DAMAGED,
                     "The database is damaged and docketd serves no writes: %s",
                     docket_store_get_damage (self->store)));
  crypto = docket_crypto_copy (docket_store_get_crypto (self->store), &error);
  if (crypto == NULL || docket_store_claim (self->store, "an audit run", &error) == NULL)
    {
      docket_crypto_free (crypto);
      return docket_bouncer_fail (invocation, error);
    }
  job = g_new0 (AuditJob, 1);
  job->path = g_strdup (docket_store_get_path (self->store));
  job->user = g_strdup (c.caller.user);
  job->crypto = crypto;
  job->config = docket_config_ref ((DocketConfig *) docket_store_get_config (self->store));
  task = g_task_new (self, NULL, audit_done, invocation);
  g_task_set_task_data (task, job, (GDestroyNotify) audit_job_free);
  g_task_run_in_thread (task, audit_thread);
  return TRUE;
}

static gboolean
handle_list_runs (DocketDBusCompliance *object, GDBusMethodInvocation *invocation,
                  GVariant *query, DocketComplianceService *self)
{
  GError *error = NULL;
  GVariant *runs = docket_compliance_view_list_runs (self->store, query, &error);

  if (runs == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_compliance_complete_list_runs (object, invocation, runs);
  return TRUE;
}

static gboolean
handle_list_flags (DocketDBusCompliance *object, GDBusMethodInvocation *invocation,
                   GVariant *query, DocketComplianceService *self)
{
  GError *error = NULL;
  guint total = 0;
  GVariant *flags = docket_compliance_view_list_flags (self->store, query, &total, &error);

  if (flags == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_compliance_complete_list_flags (object, invocation, flags, total);
  return TRUE;
}

static gboolean
handle_get_flag (DocketDBusCompliance *object, GDBusMethodInvocation *invocation,
                 gint64 id, DocketComplianceService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;
  GVariant *flag;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  flag = docket_compliance_view_get_flag (self->store, &c.caller, id, &error);
  if (flag == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_compliance_complete_get_flag (object, invocation, flag);
  return TRUE;
}

static gboolean
handle_dismiss_flag (DocketDBusCompliance *object, GDBusMethodInvocation *invocation,
                     gint64 id, const char *reason, DocketComplianceService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_policy_dismiss_flag (self->store, &c.caller, id, reason, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_compliance_complete_dismiss_flag (object, invocation);
  changed (self, "");
  return TRUE;
}

static gboolean
handle_refer_flag (DocketDBusCompliance *object, GDBusMethodInvocation *invocation,
                   gint64 id, gint64 hearing, GVariant *details, DocketComplianceService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;
  gint64 case_id;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  case_id = docket_policy_refer_flag (self->store, &c.caller, id, hearing, details, warnings, &error);
  if (case_id == 0)
    return docket_bouncer_fail (invocation, error);
  g_ptr_array_add (warnings, NULL);
  docket_dbus_compliance_complete_refer_flag (object, invocation, case_id,
                                              (const char * const *) warnings->pdata);
  changed (self, "");
  return TRUE;
}

static gboolean
handle_get_driver (DocketDBusCompliance *object, GDBusMethodInvocation *invocation,
                   const char *licence, gboolean sensitive, DocketComplianceService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;
  GVariant *record;

  if (sensitive &&
      !docket_bouncer_check (self->bouncer, invocation, DOCKET_PERMISSION_READ_SENSITIVE, &error))
    return docket_bouncer_fail (invocation, error);
  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  record = docket_compliance_view_for_driver (self->store, &c.caller, licence, sensitive, &error);
  if (record == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_compliance_complete_get_driver (object, invocation, record);
  return TRUE;
}

static gboolean
handle_set_dates (DocketDBusCompliance *object, GDBusMethodInvocation *invocation,
                  const char *licence, GVariant *dates, DocketComplianceService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (!docket_training_set_dates (self->store, &c.caller, licence, dates, &error))
    return docket_bouncer_fail (invocation, error);
  docket_dbus_compliance_complete_set_dates (object, invocation);
  changed (self, licence);
  return TRUE;
}

static gboolean
handle_record_training (DocketDBusCompliance *object, GDBusMethodInvocation *invocation,
                        const char *licence, GVariant *training, DocketComplianceService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;
  gint64 id;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  id = docket_training_record (self->store, &c.caller, licence, training, &error);
  if (id == 0)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_compliance_complete_record_training (object, invocation, id);
  changed (self, licence);
  return TRUE;
}

static gboolean
handle_training_due (DocketDBusCompliance *object, GDBusMethodInvocation *invocation,
                     GVariant *query, DocketComplianceService *self)
{
  GError *error = NULL;
  guint total = 0;
  GVariant *rows = docket_compliance_view_training_due (self->store, query, &total, &error);

  if (rows == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_compliance_complete_training_due (object, invocation, rows, total);
  return TRUE;
}

static gboolean
handle_record_dbs_check (DocketDBusCompliance *object, GDBusMethodInvocation *invocation,
                         const char *licence, GVariant *check, DocketComplianceService *self)
{
  g_auto(DocketBouncerCaller) c = { 0 };
  GError *error = NULL;
  gint64 id;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  id = docket_training_record_dbs (self->store, &c.caller, licence, check, &error);
  if (id == 0)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_compliance_complete_record_dbs_check (object, invocation, id);
  changed (self, licence);
  return TRUE;
}

static gboolean
handle_dbs_due (DocketDBusCompliance *object, GDBusMethodInvocation *invocation,
                GVariant *query, DocketComplianceService *self)
{
  GError *error = NULL;
  guint total = 0;
  GVariant *rows = docket_compliance_view_dbs_due (self->store, query, &total, &error);

  if (rows == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_compliance_complete_dbs_due (object, invocation, rows, total);
  return TRUE;
}

static void
run_scheduler_done (GObject *source, GAsyncResult *result, gpointer data)
{
  GDBusMethodInvocation *invocation = data;
  g_autoptr(GVariant) report = docket_scheduler_run_finish (DOCKET_SCHEDULER (source), result);
  DocketComplianceService *self = g_object_get_data (G_OBJECT (invocation), "docket-service");

  docket_dbus_compliance_complete_run_scheduler (DOCKET_DBUS_COMPLIANCE (self), invocation, report);
}

/* The run's audit goes to a worker; the reply waits for it, the main loop
 * does not. */
static gboolean
handle_run_scheduler (DocketDBusCompliance *object, GDBusMethodInvocation *invocation,
                      DocketComplianceService *self)
{
  g_object_set_data_full (G_OBJECT (invocation), "docket-service", g_object_ref (self), g_object_unref);
  docket_scheduler_run_async (self->scheduler, run_scheduler_done, invocation);
  return TRUE;
}

static void
on_scheduler_changed (DocketScheduler *scheduler, DocketComplianceService *self)
{
  changed (self, "");
}

DocketComplianceService *
docket_compliance_service_new (DocketStore     *store,
                               DocketBouncer   *bouncer,
                               DocketScheduler *scheduler)
{
  DocketComplianceService *self = g_object_new (DOCKET_TYPE_COMPLIANCE_SERVICE, NULL);

  self->store = g_object_ref (store);
  self->bouncer = g_object_ref (bouncer);
  self->scheduler = g_object_ref (scheduler);
  self->changed_id = g_signal_connect (scheduler, "changed", G_CALLBACK (on_scheduler_changed), self);
  docket_dbus_compliance_set_version (DOCKET_DBUS_COMPLIANCE (self), DOCKET_API_VERSION);
  /* The guard first: it must run before every handler. */
  docket_bouncer_protect (bouncer, G_DBUS_INTERFACE_SKELETON (self));
  g_signal_connect (self, "handle-run-audit", G_CALLBACK (handle_run_audit), self);
  g_signal_connect (self, "handle-list-runs", G_CALLBACK (handle_list_runs), self);
  g_signal_connect (self, "handle-list-flags", G_CALLBACK (handle_list_flags), self);
  g_signal_connect (self, "handle-get-flag", G_CALLBACK (handle_get_flag), self);
  g_signal_connect (self, "handle-dismiss-flag", G_CALLBACK (handle_dismiss_flag), self);
  g_signal_connect (self, "handle-refer-flag", G_CALLBACK (handle_refer_flag), self);
  g_signal_connect (self, "handle-get-driver", G_CALLBACK (handle_get_driver), self);
  g_signal_connect (self, "handle-set-dates", G_CALLBACK (handle_set_dates), self);
  g_signal_connect (self, "handle-record-training", G_CALLBACK (handle_record_training), self);
  g_signal_connect (self, "handle-training-due", G_CALLBACK (handle_training_due), self);
  g_signal_connect (self, "handle-record-dbs-check", G_CALLBACK (handle_record_dbs_check), self);
  g_signal_connect (self, "handle-dbs-due", G_CALLBACK (handle_dbs_due), self);
  g_signal_connect (self, "handle-run-scheduler", G_CALLBACK (handle_run_scheduler), self);
  return self;
}
