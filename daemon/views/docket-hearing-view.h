/* What clients are shown of hearings and cases. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* Hearing and case summaries hold no sensitive value; with @sensitive the
 * case's report, grounds, reasons, advice and declarations are decrypted,
 * and the reading is recorded in the audit log first. */

/* Reading. Hearing and case summaries hold no sensitive value; with
 * @sensitive the case's report, grounds, reasons, advice and declarations
 * are decrypted, and the reading is recorded in the audit log first. */
GVariant *docket_hearing_view_get          (DocketStore         *store,
                                            gint64               hearing,
                                            GError             **error);

/* @query: from, to (YYYY-MM-DD), state (s), member (s), limit (u). */
GVariant *docket_hearing_view_list         (DocketStore         *store,
                                            GVariant            *query,
                                            GError             **error);

/* A case as clients read it; with @sensitive its secrets too, the reading
 * recorded in the audit log as @caller first (not when @caller is NULL:
 * the caller's own entry records it). */
GVariant *docket_hearing_view_case     (DocketStore         *store,
                                        const DocketCaller  *caller,
                                        gint64               case_id,
                                        gboolean             sensitive,
                                        GError             **error);

/* Decided suspensions, revocations and refusals whose statement has not
 * been given, oldest first: case, licence, outcome, decided, due (14 days
 * after the decision, s61(2)(a)), overdue (b). @query: overdue (b). */
GVariant *docket_hearing_view_notices      (DocketStore         *store,
                                            GVariant            *query,
                                            GError             **error);

/* The cases of a driver, newest first, with their pending effects. */
GVariant *docket_hearing_view_driver_cases (DocketStore         *store,
                                            gint64               driver,
                                            GError             **error);

G_END_DECLS
