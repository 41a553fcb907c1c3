/* What clients are shown of compliance. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* Readers. */
GVariant *docket_compliance_view_get_run         (DocketStore        *store,
                                                  gint64              run,
                                                  GError            **error);

/* @query: limit (u). Newest first. */
GVariant *docket_compliance_view_list_runs       (DocketStore        *store,
                                                  GVariant           *query,
                                                  GError            **error);

/* @query: status, rule, licence (s), run (x), offset, limit (u). */
GVariant *docket_compliance_view_list_flags      (DocketStore        *store,
                                                  GVariant           *query,
                                                  guint              *total,
                                                  GError            **error);

/* The flag with the reason for its status; reading a reason is audited. */
GVariant *docket_compliance_view_get_flag        (DocketStore        *store,
                                                  const DocketCaller *caller,
                                                  gint64              flag,
                                                  GError            **error);

/* The driver's dates, training, DBS checks (results and certificates with
 * @sensitive, audited as @caller; without a caller, the caller's own audit
 * entry covers the reading), next DBS check due and flags. */
GVariant *docket_compliance_view_for_driver      (DocketStore        *store,
                                                  const DocketCaller *caller,
                                                  const char         *licence,
                                                  gboolean            sensitive,
                                                  GError            **error);

/* @query: state (due, overdue, suspended; default all three), within (u,
 * days ahead for due), offset, limit (u). */
GVariant *docket_compliance_view_training_due    (DocketStore        *store,
                                                  GVariant           *query,
                                                  guint              *total,
                                                  GError            **error);

/* @query: within (u, days ahead; default 30), overdue (b: only those
 * overdue), offset, limit (u). Soonest first, never checked at the top. */
GVariant *docket_compliance_view_dbs_due         (DocketStore        *store,
                                                  GVariant           *query,
                                                  guint              *total,
                                                  GError            **error);

/* Audit and training figures, per run or per month; @query: by (run or
 * month), from, to (YYYY-MM). */
GVariant *docket_compliance_view_figures         (DocketStore        *store,
                                                  GVariant           *query,
                                                  GError            **error);

G_END_DECLS
