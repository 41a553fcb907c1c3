/* Listing cases on hearings: adding, changing, relisting a deferred case,
 * moving an undecided one, and the driver's attendance. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* Each writer validates its input, makes the change with its audit entry
 * in one transaction, and leaves the database as it was on any error. An
 * error names the hearing or case and the field. @warnings, when given,
 * collects advice that does not stop the change (short notice, a late
 * appeal). */

/* @details: kind, grounds, report, notified (s). */
gint64    docket_listing_add_case     (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       gint64               hearing,
                                       const char          *licence,
                                       GVariant            *details,
                                       GPtrArray           *warnings,
                                       GError             **error);

/* The same inside the caller's write transaction (a flag referred to a
 * hearing lists its case with the flag's change). */
gboolean  docket_listing_add_case_in_txn (DocketStore      *store,
                                          const DocketCaller  *caller,
                                          gint64               hearing,
                                          const char          *licence,
                                          GVariant            *details,
                                          GPtrArray           *warnings,
                                          gint64              *id,
                                          GError             **error);

/* @changes: grounds, report, notified (s); only before a decision. */
gboolean  docket_listing_update_case  (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       gint64               case_id,
                                       GVariant            *changes,
                                       GPtrArray           *warnings,
                                       GError             **error);

/* Lists a deferred case again on a later hearing, linked to the earlier. */
gint64    docket_listing_relist       (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       gint64               case_id,
                                       gint64               hearing,
                                       const char          *notified,
                                       GPtrArray           *warnings,
                                       GError             **error);

/* Moves an undecided case to another scheduled hearing. */
gboolean  docket_listing_move_case    (DocketStore         *store,
                                       const DocketCaller  *caller,
                                       gint64               case_id,
                                       gint64               hearing,
                                       GError             **error);

gboolean  docket_listing_set_attendance (DocketStore       *store,
                                         const DocketCaller  *caller,
                                         gint64               case_id,
                                         const char          *attendance,
                                         GError             **error);

G_END_DECLS
