/* The one scheduler: every time-driven change docketd makes by itself. */
#include "config.h"

#include "docket-policy.h"
#include "docket-training.h"
#include "docket-effects.h"
#include "docket-scheduler.h"
#include "docket-validate.h"

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

GVariant *
docket_scheduler_run (DocketScheduler *self)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *today = docket_today ();
  gboolean changed = FALSE, due = FALSE;
  gint64 run = 0;
  int n;

  g_variant_builder_add (&b, "{sv}", "today", g_variant_new_string (today));
  /* A long job holds the write lock for its one transaction: the tasks,
   * each idempotent, wait for the next tick rather than for it. */
  if (docket_store_get_job (self->store) != NULL)
    {
      g_message ("Scheduler: postponed while docketd is busy with %s", docket_store_get_job (self->store));
      g_variant_builder_add (&b, "{sv}", "postponed", g_variant_new_string (docket_store_get_job (self->store)));
      g_variant_builder_add (&b, "{sv}", "errors", g_variant_new_strv (NULL, 0));
      return g_variant_builder_end (&b);
    }
  if (docket_store_get_damage (self->store) != NULL)
    {
      g_ptr_array_add (errors, g_strdup (docket_store_get_damage (self->store)));
      g_variant_builder_add (&b, "{sv}", "errors",
                             g_variant_new_strv ((const char * const *) errors->pdata, errors->len));
      return g_variant_builder_end (&b);
    }

  {
    g_autoptr(GError) error = NULL;
    n = docket_effects_apply_due (self->store, &error);
    report_task (&b, errors, "decision effects", "effects", n, error);
    changed |= n > 0;
  }
  {
    g_autoptr(GError) error = NULL;
    n = docket_policy_expire_licences (self->store, &error);
    report_task (&b, errors, "licence expiry", "expired", n, error);
    changed |= n > 0;
  }
  {
    g_autoptr(GError) error = NULL;
    n = docket_policy_resolve_ended (self->store, &error);
    report_task (&b, errors, "flags of licences ended", "flags-resolved", n, error);
    changed |= n > 0;
  }
  {
    g_autoptr(GError) error = NULL;
    n = docket_training_tick (self->store, &error);
    report_task (&b, errors, "safeguarding training", "training", n, error);
    changed |= n > 0;
  }
  {
    g_autoptr(GError) error = NULL;
    if (!docket_policy_audit_due (self->store, &due, &error))
      report_task (&b, errors, "audit run", "audit", -1, error);
    else if (due)
      {
        run = docket_policy_run_audit (self->store, DOCKET_SYSTEM_USER, TRUE, &error);
        if (run == 0)
          report_task (&b, errors, "audit run", "audit", -1, error);
        else
          {
            g_message ("Scheduler: audit run %" G_GINT64_FORMAT " as of %s", run, today);
            changed = TRUE;
          }
      }
    g_variant_builder_add (&b, "{sv}", "audit-run", g_variant_new_int64 (run));
  }
  g_variant_builder_add (&b, "{sv}", "errors",
                         g_variant_new_strv ((const char * const *) errors->pdata, errors->len));
  if (changed)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return g_variant_builder_end (&b);
}

static gboolean
on_timer (gpointer user_data)
{
  g_autoptr(GVariant) report = docket_scheduler_run (user_data);
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
