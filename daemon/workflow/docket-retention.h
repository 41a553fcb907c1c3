/* The retention schedule: when a driver's record is erased, legal holds
 * that stop it, and the erasure itself (docs/RECORDS.md). */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* The records of licences ended (revoked, refused, surrendered, expired)
 * and not yet erased whose erasure falls due on or before @until
 * (YYYY-MM-DD), soonest first; with @kept also those the schedule would
 * erase but something keeps (a legal hold, an open appeal, a decision's
 * effect still to come). Each row: licence, name, status, ended, due,
 * basis (s: the rule that sets the date), kept (s, when it is kept: why).
 * Returns aa{sv}, floating. */
GVariant *docket_retention_due     (DocketStore        *store,
                                    const char         *until,
                                    gboolean            kept,
                                    GError            **error);

/* Places a legal hold on the record of @licence, for @reason, or lifts
 * it when @place is FALSE (@reason says why). Audited; a hold already
 * placed (or none to lift) is a CONFLICT. */
gboolean  docket_retention_hold    (DocketStore        *store,
                                    const DocketCaller *caller,
                                    const char         *licence,
                                    gboolean            place,
                                    const char         *reason,
                                    GError            **error);

/* Erases every record due today and not kept, each in its own
 * transaction with its audit entry as the system user, then checkpoints
 * the log so that what was erased leaves the file. Does nothing when
 * [retention] erase is false. Returns how many, or -1. */
int       docket_retention_apply   (DocketStore        *store,
                                    GError            **error);

G_END_DECLS
