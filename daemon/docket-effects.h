/* What decisions do to a licence and when: the statutory timings, the
 * statement of decision being sent, appeals, and the national register
 * (NR3S) entries that follow. */
#pragma once

#include "docket-hearing-store.h"

G_BEGIN_DECLS

/* The days after the statement of decision is sent within which the
 * driver may appeal; a suspension or revocation waits for them. */
#define DOCKET_APPEAL_DAYS 21
/* Working days within which an NR3S entry is recorded. */
#define DOCKET_NR3S_WORKING_DAYS 5
/* Years an NR3S entry is kept. */
#define DOCKET_NR3S_RETAIN_YEARS 11
/* The user the audit log shows for changes the daemon makes by itself. */
#define DOCKET_SYSTEM_USER "system"

typedef struct {
  const char *outcome;
  const char *decided;
  const char *until;
  const char *expires;
  gboolean    immediate;
  gboolean    safeguarding;
} DocketDecisionEffect;

/* Inside the write transaction of a new decision version: undoes what the
 * previous version did to the licence when the outcome changed, then sets
 * up the new version's effects and register entry. @before is the case as
 * it was before the version. */
gboolean  docket_effects_decide       (DocketStore                *store,
                                       const char                 *user,
                                       const DocketCaseCore       *before,
                                       const DocketDecisionEffect *effect,
                                       GError                    **error);
/* Records the date the statement of decision was sent: the 21 days run
 * from it, and the NR3S deadline of 5 working days. */
gboolean  docket_effects_notice_sent  (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       gint64               case_id,
                                       const char          *date,
                                       GError             **error);
/* @appeal: lodged, court, hearing-date, result, result-date, outcome,
 * until (s). The first call lodges the appeal; later calls add the court's
 * hearing and its result. */
gboolean  docket_effects_appeal_update (DocketStore        *store,
                                       const DocketCaller  *caller,
                                       gint64               case_id,
                                       GVariant            *appeal,
                                       GPtrArray           *warnings,
                                       GError             **error);
/* Applies every effect due by today, as the system user, in one
 * transaction; idempotent. Returns the number applied, or -1. */
int       docket_effects_apply_due    (DocketStore         *store,
                                       GError             **error);

GVariant *docket_effects_for_case     (DocketStore         *store,
                                       gint64               case_id,
                                       GError             **error);
/* The effects still to come for a driver, each with a sentence such as
 * "revocation takes effect on 2016-04-12 unless appealed". */
GVariant *docket_effects_for_driver   (DocketStore         *store,
                                       gint64               driver,
                                       GError             **error);
/* The case's appeal as a{sv}, empty when there is none. */
GVariant *docket_effects_appeal       (DocketStore         *store,
                                       gint64               case_id,
                                       GError             **error);

/* The NR3S entries; @query: state (s), overdue (b). */
GVariant *docket_register_list        (DocketStore         *store,
                                       GVariant            *query,
                                       GError             **error);
/* The entries as CSV with the driver's details, for the national
 * register; the reading is audited first. */
GBytes   *docket_register_export      (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       GError             **error);
/* Records the date an entry was entered in the national register. */
gboolean  docket_register_mark        (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       gint64               entry,
                                       const char          *date,
                                       GError             **error);

G_END_DECLS
