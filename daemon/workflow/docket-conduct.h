/* At the hearing, before the decision: declarations of interest, advice
 * and votes. */
#pragma once

#include "docket-hearings.h"

G_BEGIN_DECLS

/* Each writer validates its input, makes the change with its audit entry
 * in one transaction, and leaves the database as it was on any error. An
 * error names the hearing or case and the field. @warnings, when given,
 * collects advice that does not stop the change (short notice, a late
 * appeal). */

gboolean  docket_conduct_declare      (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       gint64               case_id,
                                       const char          *member,
                                       const char          *interest,
                                       gboolean             prejudicial,
                                       GError             **error);

gboolean  docket_conduct_dispense     (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       gint64               case_id,
                                       const char          *member,
                                       const char          *dispensation,
                                       GError             **error);

gboolean  docket_conduct_advise       (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       gint64               case_id,
                                       const char          *advice,
                                       GError             **error);

/* A member's vote: an outcome and its terms (the end of a suspension,
 * immediate effect), which bind the decision a majority makes. */
gboolean  docket_conduct_vote         (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       gint64               case_id,
                                       const char          *outcome,
                                       const char          *until,
                                       gboolean             immediate,
                                       GError             **error);

/* An outcome with its terms, as votes and refusals show it: "suspended
 * until 2016-08-01", "revoked with immediate effect". */
char     *docket_vote_terms_text          (const char          *outcome,
                                           const char          *until,
                                           gboolean             immediate);

/* What a panel decided: the outcome and terms a majority voted for, the
 * tally ("1 suspended until 2016-08-01, 2 revoked") and how many were
 * entitled to vote. */
typedef struct {
  char     *outcome;
  char     *until;
  gboolean  immediate;
  char     *tally;
  guint     eligible;
} DocketVoteResult;

void      docket_vote_result_clear        (DocketVoteResult *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DocketVoteResult, docket_vote_result_clear)

/* Inside the write transaction: counts the votes on @c; @chair (the
 * chair of the case: the vice-chair when the chair took no part) has the
 * casting vote between two evenly split options. */
gboolean  docket_conduct_count_votes      (DocketDb            *db,
                                           const DocketCaseCore *c,
                                           const char          *chair,
                                           DocketVoteResult    *out,
                                           GError             **error);
/* The members entitled to vote on @c: present, without a prejudicial
 * interest; -1 on error. */
int       docket_conduct_count_eligible   (DocketDb            *db,
                                           const DocketCaseCore *c,
                                           GError             **error);

G_END_DECLS
