/* Hearing days: scheduling, rescheduling, cancelling and locking them,
 * and who of the panel is present. */
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
gint64    docket_hearing_days_schedule     (DocketStore         *store,
                                            const DocketCaller  *caller,
                                            GVariant            *hearing,
                                            GError             **error);

/* @changes: date, time, venue (s), capacity (u). */
gboolean  docket_hearing_days_reschedule   (DocketStore         *store,
                                            const DocketCaller  *caller,
                                            gint64               hearing,
                                            GVariant            *changes,
                                            const char          *reason,
                                            GError             **error);

gboolean  docket_hearing_days_cancel       (DocketStore         *store,
                                            const DocketCaller  *caller,
                                            gint64               hearing,
                                            const char          *reason,
                                            GError             **error);

gboolean  docket_hearing_days_lock         (DocketStore         *store,
                                            const DocketCaller  *caller,
                                            gint64               hearing,
                                            GError             **error);

gboolean  docket_hearing_days_set_presence (DocketStore         *store,
                                            const DocketCaller  *caller,
                                            gint64               hearing,
                                            const char          *member,
                                            gboolean             present,
                                            GError             **error);

G_END_DECLS
