/* Compliance with the licensing policy: each driver's training deadline
 * and medical date, safeguarding training attended and the suspension that
 * waits for it, DBS checks and the queue of checks due, audit runs and the
 * flags they raise, and the time-driven changes the scheduler makes. */
#pragma once

#include "docket-hearing-store.h"

G_BEGIN_DECLS

/* The reason a licence shows while docketd holds it suspended for want of
 * safeguarding training. */
#define DOCKET_TRAINING_SUSPENSION_REASON "until safeguarding training is completed"

/* Writers: each validates its input, makes its change with its audit entry
 * in one transaction, and changes nothing on error. */

/* @training: date, provider, certificate (s). Reinstates a licence held
 * suspended for want of training. Returns the record's id, or 0. */
gint64    docket_compliance_record_training (DocketStore        *store,
                                             const DocketCaller *caller,
                                             const char         *licence,
                                             GVariant           *training,
                                             GError            **error);
/* @dates: training-deadline, training-final, medical-due (s; "" clears).
 * A deadline without a final date gets the policy's default one. */
gboolean  docket_compliance_set_dates       (DocketStore        *store,
                                             const DocketCaller *caller,
                                             const char         *licence,
                                             GVariant           *dates,
                                             GError            **error);
/* @check: date, kind, result, certificate (s), barred-lists (b). */
gint64    docket_compliance_record_dbs      (DocketStore        *store,
                                             const DocketCaller *caller,
                                             const char         *licence,
                                             GVariant           *check,
                                             GError            **error);
gboolean  docket_compliance_dismiss_flag    (DocketStore        *store,
                                             const DocketCaller *caller,
                                             gint64              flag,
                                             const char         *reason,
                                             GError            **error);
/* Lists a review case on @hearing with the flag as its grounds; @details:
 * reason, notified (s). Returns the case's id, or 0. */
gint64    docket_compliance_refer_flag      (DocketStore        *store,
                                             const DocketCaller *caller,
                                             gint64              flag,
                                             gint64              hearing,
                                             GVariant           *details,
                                             GPtrArray          *warnings,
                                             GError            **error);
/* Evaluates every licence held (active or suspended) against the rules in
 * docketd.conf as of today: raises flags, resolves those that no longer
 * apply, and keeps the run with its figures. Returns the run's id, or 0. */
gint64    docket_compliance_run_audit       (DocketStore        *store,
                                             const char         *user,
                                             gboolean            scheduled,
                                             GError            **error);

/* Readers. */
GVariant *docket_compliance_get_run         (DocketStore        *store,
                                             gint64              run,
                                             GError            **error);
/* @query: limit (u). Newest first. */
GVariant *docket_compliance_list_runs       (DocketStore        *store,
                                             GVariant           *query,
                                             GError            **error);
/* @query: status, rule, licence (s), run (x), offset, limit (u). */
GVariant *docket_compliance_list_flags      (DocketStore        *store,
                                             GVariant           *query,
                                             guint              *total,
                                             GError            **error);
/* The flag with the reason for its status; reading a reason is audited. */
GVariant *docket_compliance_get_flag        (DocketStore        *store,
                                             const DocketCaller *caller,
                                             gint64              flag,
                                             GError            **error);
/* The driver's dates, training, DBS checks (results and certificates with
 * @sensitive, audited), next DBS check due and flags. */
GVariant *docket_compliance_for_driver      (DocketStore        *store,
                                             const DocketCaller *caller,
                                             const char         *licence,
                                             gboolean            sensitive,
                                             GError            **error);
/* @query: state (due, overdue, suspended; default all three), within (u,
 * days ahead for due), offset, limit (u). */
GVariant *docket_compliance_training_due    (DocketStore        *store,
                                             GVariant           *query,
                                             guint              *total,
                                             GError            **error);
/* @query: within (u, days ahead; default 30), overdue (b: only those
 * overdue), offset, limit (u). Soonest first, never checked at the top. */
GVariant *docket_compliance_dbs_due         (DocketStore        *store,
                                             GVariant           *query,
                                             guint              *total,
                                             GError            **error);
/* Audit and training figures, per run or per month; @query: by (run or
 * month), from, to (YYYY-MM). */
GVariant *docket_compliance_figures         (DocketStore        *store,
                                             GVariant           *query,
                                             GError            **error);

/* The scheduler's tasks, each idempotent, done as the system user and
 * returning the number of changes made, or -1. */
int       docket_compliance_expire_licences (DocketStore        *store,
                                             GError            **error);
/* Suspends licences whose training deadline passed without training,
 * reinstates those whose training is now recorded, and refers to the next
 * hearing with room those whose final date passed. */
int       docket_compliance_training_tick   (DocketStore        *store,
                                             GError            **error);
/* Resolves the open and referred flags of licences no longer held
 * (revoked, refused, surrendered or expired since the last run). */
int       docket_compliance_resolve_ended   (DocketStore        *store,
                                             GError            **error);
/* Whether a scheduled audit run is due today (audit-every-days after the
 * last run). */
gboolean  docket_compliance_audit_due       (DocketStore        *store,
                                             gboolean           *due,
                                             GError            **error);

G_END_DECLS
