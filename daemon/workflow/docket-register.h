/* The NR3S register's entries as decisions, notices and appeals change
 * them. */
#pragma once

#include "docket-decision-effect.h"
#include "docket-hearings.h"

G_BEGIN_DECLS

/* What an entry needs from the driver's record (2022 Act s.2(4)), as
 * columns of drivers d that are NULL-tests: the encrypted values need not
 * be read to know they are there. */
#define DOCKET_REGISTER_MISSING_COLUMNS \
  "d.dob IS NULL, d.address IS NULL, (d.ni_number IS NULL AND d.dvla_number IS NULL)"
/* "date of birth, home address": what the three DOCKET_REGISTER_MISSING_
 * COLUMNS from @first say the record lacks, or NULL. */
char     *docket_register_missing_of  (sqlite3_stmt        *stmt,
                                       int                  first);

/* Records the date an entry was entered in the national register; an
 * entry whose driver's record is incomplete is refused. */
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
/* A licence granted to @driver again by case @case_id on @date: a change
 * to each of the driver's earlier entries (2022 Act s.2). */
gboolean  docket_register_granted     (DocketDb            *db,
                                       gint64               driver,
                                       gint64               case_id,
                                       const char          *date,
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
