/* Decisions: recorded in versions by the hearing's decision-maker. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* Each writer validates its input, makes the change with its audit entry
 * in one transaction, and leaves the database as it was on any error. An
 * error names the hearing or case and the field. @warnings, when given,
 * collects advice that does not stop the change (short notice, a late
 * appeal). */

/* @decision: outcome, attendance, reasons, alternatives, until, decided,
 * expires, justification, correction (s); immediate, safeguarding (b).
 * Returns the new version number, or 0. */
guint     docket_decisions_record       (DocketStore         *store,
                                         const DocketCaller  *caller,
                                         gint64               case_id,
                                         GVariant            *decision,
                                         GError             **error);

G_END_DECLS
