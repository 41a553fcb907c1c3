/* The hearing workflow: hearing days and their panels, the cases listed on
 * them, what happens at the hearing, and the decisions in versions. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS


/* Each writer validates its input, makes the change with its audit entry
 * in one transaction, and leaves the database as it was on any error. An
 * error names the hearing or case and the field. @warnings, when given,
 * collects advice that does not stop the change (short notice, a late
 * appeal). */

/* @hearing: date, time, venue (s), capacity (u), mode, decision-maker (s),
 * board (as). */
gint64    docket_hearing_store_schedule     (DocketStore         *store,
                                             const DocketCaller  *caller,
                                             GVariant            *hearing,
                                             GError             **error);
/* @changes: date, time, venue (s), capacity (u). */
gboolean  docket_hearing_store_reschedule   (DocketStore         *store,
                                             const DocketCaller  *caller,
                                             gint64               hearing,
                                             GVariant            *changes,
                                             const char          *reason,
                                             GError             **error);
gboolean  docket_hearing_store_cancel       (DocketStore         *store,
                                             const DocketCaller  *caller,
                                             gint64               hearing,
                                             const char          *reason,
                                             GError             **error);
gboolean  docket_hearing_store_lock         (DocketStore         *store,
                                             const DocketCaller  *caller,
                                             gint64               hearing,
                                             GError             **error);
gboolean  docket_hearing_store_set_presence (DocketStore         *store,
                                             const DocketCaller  *caller,
                                             gint64               hearing,
                                             const char          *member,
                                             gboolean             present,
                                             GError             **error);
/* @details: kind, grounds, report, notified (s). */
gint64    docket_hearing_store_add_case     (DocketStore         *store,
                                             const DocketCaller  *caller,
                                             gint64               hearing,
                                             const char          *licence,
                                             GVariant            *details,
                                             GPtrArray           *warnings,
                                             GError             **error);
/* The same inside the caller's write transaction (a flag referred to a
 * hearing lists its case with the flag's change). */
gboolean  docket_hearing_store_add_case_locked (DocketStore      *store,
                                             const DocketCaller  *caller,
                                             gint64               hearing,
                                             const char          *licence,
                                             GVariant            *details,
                                             GPtrArray           *warnings,
                                             gint64              *id,
                                             GError             **error);
/* @changes: grounds, report, notified (s); only before a decision. */
gboolean  docket_hearing_store_update_case  (DocketStore         *store,
                                             const DocketCaller  *caller,
                                             gint64               case_id,
                                             GVariant            *changes,
                                             GPtrArray           *warnings,
                                             GError             **error);
/* Lists a deferred case again on a later hearing, linked to the earlier. */
gint64    docket_hearing_store_relist       (DocketStore         *store,
                                             const DocketCaller  *caller,
                                             gint64               case_id,
                                             gint64               hearing,
                                             const char          *notified,
                                             GPtrArray           *warnings,
                                             GError             **error);
/* Moves an undecided case to another scheduled hearing. */
gboolean  docket_hearing_store_move_case    (DocketStore         *store,
                                             const DocketCaller  *caller,
                                             gint64               case_id,
                                             gint64               hearing,
                                             GError             **error);
gboolean  docket_hearing_store_set_attendance (DocketStore       *store,
                                             const DocketCaller  *caller,
                                             gint64               case_id,
                                             const char          *attendance,
                                             GError             **error);
gboolean  docket_hearing_store_declare      (DocketStore         *store,
                                             const DocketCaller  *caller,
                                             gint64               case_id,
                                             const char          *member,
                                             const char          *interest,
                                             gboolean             prejudicial,
                                             GError             **error);
gboolean  docket_hearing_store_advise       (DocketStore         *store,
                                             const DocketCaller  *caller,
                                             gint64               case_id,
                                             const char          *advice,
                                             GError             **error);
gboolean  docket_hearing_store_vote         (DocketStore         *store,
                                             const DocketCaller  *caller,
                                             gint64               case_id,
                                             const char          *outcome,
                                             const char          *until,
                                             GError             **error);
/* @decision: outcome, attendance, reasons, alternatives, until, decided,
 * expires, justification, correction (s); immediate, safeguarding (b).
 * Returns the new version number, or 0. */
guint     docket_hearing_store_record       (DocketStore         *store,
                                             const DocketCaller  *caller,
                                             gint64               case_id,
                                             GVariant            *decision,
                                             GError             **error);

/* Reading. Hearing and case summaries hold no sensitive value; with
 * @sensitive the case's report, grounds, reasons, advice and declarations
 * are decrypted, and the reading is recorded in the audit log first. */
GVariant *docket_hearing_store_get          (DocketStore         *store,
                                             gint64               hearing,
                                             GError             **error);
/* @query: from, to (YYYY-MM-DD), state (s), member (s), limit (u). */
GVariant *docket_hearing_store_list         (DocketStore         *store,
                                             GVariant            *query,
                                             GError             **error);
GVariant *docket_hearing_store_get_case     (DocketStore         *store,
                                             const DocketCaller  *caller,
                                             gint64               case_id,
                                             gboolean             sensitive,
                                             GError             **error);
/* The cases of a driver, newest first, with their pending effects. */
GVariant *docket_hearing_store_driver_cases (DocketStore         *store,
                                             gint64               driver,
                                             GError             **error);

/* For the other parts of the workflow (docket-effects.c, docket-notice.c). */
typedef struct {
  gint64  id;
  gint64  hearing;
  gint64  driver;
  char   *licence;
  char   *kind;
  char   *outcome;       /* NULL while pending */
  char   *decided;
  guint   version;
  char   *notice_sent;
  char   *status_before;
  char   *hearing_date;
  char   *hearing_state;
  char   *hearing_mode;
  char   *decision_maker;
} DocketCaseCore;

void      docket_case_core_clear            (DocketCaseCore      *core);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DocketCaseCore, docket_case_core_clear)

gboolean  docket_hearing_store_load_case    (DocketStore         *store,
                                             gint64               case_id,
                                             DocketCaseCore      *core,
                                             GError             **error);

G_END_DECLS
