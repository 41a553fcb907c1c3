/* The one scheduler: every time-driven change docketd makes by itself. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_SCHEDULER (docket_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (DocketScheduler, docket_scheduler, DOCKET, SCHEDULER, GObject)

/* Seconds between runs while docketd is up. */
#define DOCKET_SCHEDULER_INTERVAL (10 * 60)

DocketScheduler *docket_scheduler_new   (DocketStore      *store);
/* Runs the tasks in order, each in its own transaction, as the system
 * user: decision effects that fell due, licences past their expiry,
 * training suspensions, reinstatements and referrals, the concern of
 * decisions recorded before schema 009, the retention schedule's erasures
 * (once a day), and a scheduled audit run when one is due. The clock is docket_today() ($DOCKET_TODAY in
 * tests), so a run after docketd was down catches up. A task that fails
 * is logged and the others still run. Returns a{sv}: today (s), effects,
 * expired, training, concerns, erased (i, -1 when the task failed), audit-run (x, 0 when
 * none), errors (as). Emits "changed" when anything changed. */
GVariant        *docket_scheduler_run   (DocketScheduler  *self);
/* The same, but the audit run goes to a worker with its own connection
 * (under the store's job claim, as Compliance.RunAudit), so that the main
 * loop goes on serving while it runs; the report comes to @callback.
 * The timer and Compliance.RunScheduler run this way; the run at start-up
 * catches up before docketd serves, with docket_scheduler_run(). */
void             docket_scheduler_run_async  (DocketScheduler    *self,
                                              GAsyncReadyCallback callback,
                                              gpointer            data);
GVariant        *docket_scheduler_run_finish (DocketScheduler    *self,
                                              GAsyncResult       *result);
/* Runs at once and then every @interval seconds. */
void             docket_scheduler_start (DocketScheduler  *self,
                                         guint             interval);
void             docket_scheduler_stop  (DocketScheduler  *self);

G_END_DECLS
