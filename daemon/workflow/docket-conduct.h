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

gboolean  docket_conduct_advise       (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       gint64               case_id,
                                       const char          *advice,
                                       GError             **error);

gboolean  docket_conduct_vote         (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       gint64               case_id,
                                       const char          *outcome,
                                       const char          *until,
                                       GError             **error);

/* Inside the write transaction: the votes on @c as a tally ("revoked 2,
 * warning 1") and the outcome a majority chose, NULL without one. */
gboolean  docket_conduct_count_votes      (DocketDb            *db,
                                           const DocketCaseCore *c,
                                           char               **majority,
                                           char               **tally,
                                           GError             **error);

G_END_DECLS
