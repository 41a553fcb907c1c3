/* The one scheduler: every time-driven change docketd makes by itself. */
#include "config.h"

#include "docket-policy.h"
#include "docket-training.h"
#include "docket-effects.h"
#include "docket-concerns.h"
#include "docket-retention.h"
#include "docket-scheduler.h"
#include "docket-validate.h"
#include "docket-crypto.h"
#include "docket-config.h"

struct _DocketScheduler
{
  GObject      parent_instance;
  DocketStore *store;
  guint        timer;
};

G_DEFINE_FINAL_TYPE (DocketScheduler, docket_scheduler, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
docket_scheduler_dispose (GObject *object)
{
  DocketScheduler *self = DOCKET_SCHEDULER (object);

  docket_scheduler_stop (self);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (docket_scheduler_parent_class)->dispose (object);
}

static void
docket_scheduler_class_init (DocketSchedulerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = docket_scheduler_dispose;
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
docket_scheduler_init (DocketScheduler *self)
{
}

DocketScheduler *
docket_scheduler_new (DocketStore *store)
{
  DocketScheduler *self = g_object_new (DOCKET_TYPE_SCHEDULER, NULL);

  self->store = g_object_ref (store);
  return self;
}

/* Adds @n to the report under @key, or notes the task's error. */
static void
report_task (GVariantBuilder *b, GPtrArray *errors, const char *task, const char *key,
             int n, GError *error)
{
  if (n < 0)
    {
      g_warning ("Scheduler: %s: %s", task, error ? error->message : "failed");
      g_ptr_array_add (errors, g_strdup_printf ("%s: %s", task, error ? error->message : "failed"));
    }
  else if (n > 0)
    g_message ("Scheduler: %s: %d change%s", task, n, n == 1 ? "" : "s");
  g_variant_builder_add (b, "{sv}", key, g_variant_new_int32 (n));
}

/* What one run has found so far. */
typedef struct {
  GVariantBuilder b;
  GPtrArray      *errors;
  char           *today;
  gboolean        changed;
  /* the audit run's own connection, on a worker */
  char           *path;
  DocketCrypto   *crypto;
  DocketConfig   *config;
} Run;

static void
run_free (Run *r)
{
  g_variant_builder_clear (&r->b);
  g_ptr_array_unref (r->errors);
  g_free (r->today);
  g_free (r->path);
  docket_crypto_free (r->crypto);
  if (r->config)
    docket_config_free (r->config);
  g_free (r);
}

static Run *
run_new (void)
{
  Run *r = g_new0 (Run, 1);

  g_variant_builder_init (&r->b, G_VARIANT_TYPE_VARDICT);
  r->errors = g_ptr_array_new_with_free_func (g_free);
  r->today = docket_today ();
  g_variant_builder_add (&r->b, "{sv}", "today", g_variant_new_string (r->today));
  return r;
}

/* The report, with its errors; "changed" emitted when anything changed. */
static GVariant *
run_end (DocketScheduler *self, Run *r)
{
  g_variant_builder_add (&r->b, "{sv}", "errors",
                         g_variant_new_strv ((const char * const *) r->errors->pdata, r->errors->len));
  if (r->changed)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return g_variant_ref_sink (g_variant_builder_end (&r->b));
}

/* FALSE when the run stops before its tasks: a long job holds the write
 * lock for its one transaction, and the tasks, each idempotent, wait for
 * the next tick rather than for it. */
static gboolean
run_may_start (DocketScheduler *self, Run *r)
{
  if (docket_store_get_job (self->store) == NULL)
    return TRUE;
  g_message ("Scheduler: postponed while docketd is busy with %s", docket_store_get_job (self->store));
  g_variant_builder_add (&r->b, "{sv}", "postponed", g_variant_new_string (docket_store_get_job (self->store)));
  return FALSE;
}

/* The quick tasks, each its own short transaction. FALSE when the run
 * stops here (the database is damaged). */
static gboolean
run_quick_tasks (DocketScheduler *self, Run *r)
{
  int n;

  if (docket_store_get_damage (self->store) != NULL)
    {
      g_ptr_array_add (r->errors, g_strdup (docket_store_get_damage (self->store)));
      return FALSE;
    }
  {
    g_autoptr(GError) error = NULL;
    n = docket_effects_apply_due (self->store, &error);
    report_task (&r->b, r->errors, "decision effects", "effects", n, error);
    r->changed |= n > 0;
  }
  {
    g_autoptr(GError) error = NULL;
    n = docket_policy_expire_licences (self->store, &error);
    report_task (&r->b, r->errors, "licence expiry", "expired", n, error);
    r->changed |= n > 0;
  }
  {
    g_autoptr(GError) error = NULL;
    n = docket_policy_resolve_ended (self->store, &error);
    report_task (&r->b, r->errors, "flags of licences ended", "flags-resolved", n, error);
    r->changed |= n > 0;
  }
  {
    g_autoptr(GError) error = NULL;
    n = docket_training_tick (self->store, &error);
    report_task (&r->b, r->errors, "safeguarding training", "training", n, error);
    r->changed |= n > 0;
  }
  {
    g_autoptr(GError) error = NULL;
    n = docket_concerns_backfill (self->store, &error);
    report_task (&r->b, r->errors, "concerns of earlier decisions", "concerns", n, error);
  }
  {
    g_autoptr(GError) error = NULL;
    n = docket_retention_apply (self->store, &error);
    report_task (&r->b, r->errors, "retention schedule", "erased", n, error);
    r->changed |= n > 0;
  }
  return TRUE;
}

/* Whether an audit run is due; FALSE (reported) when that cannot be told. */
static gboolean
run_audit_due (DocketScheduler *self, Run *r)
{
  g_autoptr(GError) error = NULL;
  gboolean due = FALSE;

  if (!docket_policy_audit_due (self->store, &due, &error))
    {
      report_task (&r->b, r->errors, "audit run", "audit", -1, error);
      return FALSE;
    }
  return due;
}

static void
run_audit_result (Run *r, gint64 run, GError *error)
{
  if (run == 0)
    report_task (&r->b, r->errors, "audit run", "audit", -1, error);
  else
    {
      g_message ("Scheduler: audit run %" G_GINT64_FORMAT " as of %s", run, r->today);
      r->changed = TRUE;
    }
  g_variant_builder_add (&r->b, "{sv}", "audit-run", g_variant_new_int64 (run));
}

GVariant *
docket_scheduler_run (DocketScheduler *self)
{
  Run *r = run_new ();
  GVariant *report;

  if (!run_may_start (self, r) || !run_quick_tasks (self, r) || !run_audit_due (self, r))
    g_variant_builder_add (&r->b, "{sv}", "audit-run", g_variant_new_int64 (0));
  else
    {
      g_autoptr(GError) error = NULL;
      gint64 run = docket_policy_run_audit (self->store, DOCKET_SYSTEM_USER, TRUE, &error);
      run_audit_result (r, run, error);
    }
  report = run_end (self, r);
  run_free (r);
  return report;
}

/* The audit run on a worker with its own connection: the main loop goes on
 * answering reads, and writes wait their turn in the bouncer. */
static void
audit_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Run *r = task_data;
  GError *error = NULL;
  gint64 run;

  docket_store_wait_writes (DOCKET_SCHEDULER (source)->store);
  run = docket_policy_run_audit_apart (r->path, r->crypto, r->config, DOCKET_SYSTEM_USER, TRUE, &error);

  if (run == 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, run);
}

/* Ends @outer (taken) with its run's report. */
static void
return_report (DocketScheduler *self, GTask *outer)
{
  g_task_return_pointer (outer, run_end (self, g_task_get_task_data (outer)), (GDestroyNotify) g_variant_unref);
  g_object_unref (outer);
}

static void
audit_done (GObject *source, GAsyncResult *result, gpointer data)
{
  DocketScheduler *self = DOCKET_SCHEDULER (source);
  GTask *outer = data;
  Run *r = g_task_get_task_data (outer);
  g_autoptr(GError) error = NULL;
  gint64 run = g_task_propagate_int (G_TASK (result), &error);

  docket_store_release (self->store);
  run_audit_result (r, run, error);
  return_report (self, outer);
}

/* The quick tasks and whether the audit is due, on the writer. */
static void
quick_tasks_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Run *r = task_data;

  g_task_return_boolean (task, run_quick_tasks (source, r) && run_audit_due (source, r));
}

/* Back on the main thread: the audit run on a worker, if it is due. */
static void
quick_tasks_done (GObject *source, GAsyncResult *result, gpointer data)
{
  DocketScheduler *self = DOCKET_SCHEDULER (source);
  GTask *outer = data;
  Run *r = g_task_get_task_data (outer);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    {
      g_variant_builder_add (&r->b, "{sv}", "audit-run", g_variant_new_int64 (0));
      return_report (self, outer);
      return;
    }
  r->crypto = docket_crypto_copy (docket_store_get_crypto (self->store), &error);
  if (r->crypto == NULL || docket_store_claim (self->store, "the scheduled audit run", &error) == NULL)
    {
      run_audit_result (r, 0, error);
      return_report (self, outer);
      return;
    }
  r->path = g_strdup (docket_store_get_path (self->store));
  r->config = docket_config_ref ((DocketConfig *) docket_store_get_config (self->store));
  {
    g_autoptr(GTask) inner = g_task_new (self, NULL, audit_done, outer);
    g_task_set_task_data (inner, r, NULL);
    g_task_run_in_thread (inner, audit_thread);
  }
}

void
docket_scheduler_run_async (DocketScheduler    *self,
                            GAsyncReadyCallback callback,
                            gpointer            data)
{
  GTask *outer = g_task_new (self, NULL, callback, data);
  Run *r = run_new ();

  g_task_set_task_data (outer, r, (GDestroyNotify) run_free);
  if (!run_may_start (self, r))
    {
      g_variant_builder_add (&r->b, "{sv}", "audit-run", g_variant_new_int64 (0));
      return_report (self, outer);
      return;
    }
  {
    g_autoptr(GTask) quick = g_task_new (self, NULL, quick_tasks_done, outer);

    g_task_set_task_data (quick, r, NULL);
    docket_store_write_task (self->store, quick, quick_tasks_thread);
  }
}

GVariant *
docket_scheduler_run_finish (DocketScheduler *self, GAsyncResult *result)
{
  return g_task_propagate_pointer (G_TASK (result), NULL);
}

static void
on_timer_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GVariant) report = docket_scheduler_run_finish (DOCKET_SCHEDULER (source), result);
}

static gboolean
on_timer (gpointer user_data)
{
  docket_scheduler_run_async (user_data, on_timer_done, NULL);
  return G_SOURCE_CONTINUE;
}

void
docket_scheduler_start (DocketScheduler *self,
                        guint            interval)
{
  g_autoptr(GVariant) report = docket_scheduler_run (self);

  docket_scheduler_stop (self);
  self->timer = g_timeout_add_seconds (interval, on_timer, self);
}

void
docket_scheduler_stop (DocketScheduler *self)
{
  g_clear_handle_id (&self->timer, g_source_remove);
}
