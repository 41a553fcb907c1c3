/* Safeguarding training and DBS checks: recording them, the dates they
 * are due, and what follows a missed deadline. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* The reason a licence shows while docketd holds it suspended for want of
 * safeguarding training. */
#define DOCKET_TRAINING_SUSPENSION_REASON "until safeguarding training is completed"

/* Writers: each validates its input, makes its change with its audit entry
 * in one transaction, and changes nothing on error. */

/* @training: date, provider, certificate (s). Reinstates a licence held
 * suspended for want of training. Returns the record's id, or 0. */
gint64    docket_training_record (DocketStore        *store,
                                  const DocketCaller *caller,
                                  const char         *licence,
                                  GVariant           *training,
                                  GError            **error);

/* @dates: training-deadline, training-final, medical-due (s; "" clears).
 * A deadline without a final date gets the policy's default one. */
gboolean  docket_training_set_dates       (DocketStore        *store,
                                           const DocketCaller *caller,
                                           const char         *licence,
                                           GVariant           *dates,
                                           GError            **error);

/* @check: date, kind, result, certificate (s), barred-lists (b). */
gint64    docket_training_record_dbs      (DocketStore        *store,
                                           const DocketCaller *caller,
                                           const char         *licence,
                                           GVariant           *check,
                                           GError            **error);

/* Suspends licences whose training deadline passed without training,
 * reinstates those whose training is now recorded, and refers to the next
 * hearing with room those whose final date passed. */
int       docket_training_tick   (DocketStore        *store,
                                  GError            **error);

/* The date the next DBS check is due after one made on @last (the
 * policy's interval), NULL without one. */
char     *docket_training_dbs_due_date      (DocketStore        *store,
                                             const char         *last);

G_END_DECLS
