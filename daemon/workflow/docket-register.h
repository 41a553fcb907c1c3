/* The NR3S register's entries as decisions, notices and appeals change
 * them. */
#pragma once

#include "docket-decision-effect.h"
#include "docket-hearings.h"

G_BEGIN_DECLS

/* Records the date an entry was entered in the national register. */
gboolean  docket_register_mark        (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       gint64               entry,
                                       const char          *date,
                                       GError             **error);

/* Inside the write transaction: sets the entry's @state and @decision
 * (either NULL to keep it) and adds @change to its history. */
gboolean  docket_register_note        (DocketDb            *db,
                                       gint64               case_id,
                                       const char          *state,
                                       const char          *decision,
                                       const char          *change,
                                       GError             **error);
/* The entry's decision took effect on @date. */
gboolean  docket_register_effective   (DocketDb            *db,
                                       gint64               case_id,
                                       const char          *date,
                                       GError             **error);
/* Creates, updates or withdraws the NR3S entry for the case's decision. */
gboolean  docket_register_sync        (DocketStore                *store,
                                       const DocketCaseCore       *c,
                                       const DocketDecisionEffect *e,
                                       GError                    **error);

G_END_DECLS
