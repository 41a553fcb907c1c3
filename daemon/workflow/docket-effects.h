/* What decisions do to a licence and when: the statutory timings, the
 * statement of decision being sent, and the effects applied when due. */
#pragma once

#include "docket-decision-effect.h"
#include "docket-hearings.h"

G_BEGIN_DECLS

/* Inside the write transaction of a new decision version: undoes what the
 * previous version did to the licence when the outcome changed, then sets
 * up the new version's effects and register entry. @before is the case as
 * it was before the version. */
gboolean  docket_effects_decide       (DocketStore                *store,
                                       const char                 *user,
                                       const DocketCaseCore       *before,
                                       const DocketDecisionEffect *effect,
                                       GError                    **error);
/* s61(2)(a): the grounds of a suspension, revocation or refusal are given
 * within this many days of the decision. */
#define DOCKET_NOTICE_DAYS 14

/* How the statement of decision went to the driver: @date the day it was
 * handed over, posted (first class) or emailed; @method "hand", "post" or
 * "email"; @time (HH:MM) for an email. */
typedef struct {
  const char *date;
  const char *method;
  const char *time;
  const char *template_id;    /* which template wrote it, or NULL */
  const char *document_hash;  /* of the PDF given, or NULL */
} DocketNotice;

/* The day a notice sent so is deemed given (served). */
char     *docket_effects_served_date  (const char                *posted,
                                       const char                *method,
                                       const char                *time,
                                       const DocketHolidayAdjust *holidays);
/* Records the statement of decision given: the 21 days (or, with
 * immediate effect, the change itself) run from the day it is served,
 * returned in @served, and the NR3S deadline of 5 working days. Given more
 * than 14 days after the decision, it is recorded with a warning. */
gboolean  docket_effects_give_notice  (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       gint64               case_id,
                                       const DocketNotice  *notice,
                                       char               **served,
                                       GPtrArray           *warnings,
                                       GError             **error);
/* The same, handed over on @date. */
gboolean  docket_effects_notice_sent  (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       gint64               case_id,
                                       const char          *date,
                                       GError             **error);
/* Applies every effect due by today, as the system user, in one
 * transaction; idempotent. Returns the number applied, or -1. */
int       docket_effects_apply_due    (DocketStore         *store,
                                       GError             **error);

/* Inside the write transaction, for appeals: the wire strings of actions
 * ("suspend") as the status they give and as a noun ("suspension"). */
const char *docket_effect_action_status (const char *action);
const char *docket_effect_action_noun   (const char *action);
/* Adds an effect of @action in @state, due on @due; returns its id or -1. */
gint64    docket_effects_insert       (DocketStore          *store,
                                       gint64                case_id,
                                       gint64                driver,
                                       const char           *action,
                                       const char           *state,
                                       const char           *due,
                                       const char           *expires,
                                       GError              **error);
/* Cancels the case's effects still to come and restores the licence's
 * status from before the decision, giving @why. */
gboolean  docket_effects_revert_case  (DocketStore          *store,
                                       const char           *user,
                                       gint64                case_id,
                                       gint64                driver,
                                       const char           *why,
                                       GError              **error);
/* How a suspension or revocation set up by docket_effects_create() takes
 * effect: after the notice and the appeal period; when the notice is
 * given (immediate effect, s61(2B)); or at once from @from (a court's
 * order on appeal). */
typedef enum {
  DOCKET_EFFECT_AFTER_APPEAL_PERIOD,
  DOCKET_EFFECT_ON_NOTICE,
  DOCKET_EFFECT_AT_ONCE,
} DocketEffectTiming;

/* Sets up the effects of @outcome from @from, timed as @timing says. */
gboolean  docket_effects_create       (DocketStore          *store,
                                       const char           *user,
                                       const DocketCaseCore *c,
                                       const char           *outcome,
                                       const char           *from,
                                       const char           *until,
                                       const char           *expires,
                                       DocketEffectTiming    timing,
                                       GError              **error);
/* docket_effects_apply_due() inside the caller's transaction. */
int       docket_effects_apply_due_in_txn (DocketStore      *store,
                                           GError              **error);

G_END_DECLS
