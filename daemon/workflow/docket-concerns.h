/* The category of the offence or concern behind a refusal, suspension or
 * revocation (DocketConcern), kept in clear with the decision so that the
 * annual return can count it after the convictions behind it are erased. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* The concern docketd works out for a decision that does not state one,
 * from the driver's record as it stands: the most serious category of
 * the driver's convictions, cautions, charges and arrests; with none,
 * safeguarding when the decision relied on safeguarding grounds or an
 * intelligence note is held, else other. -1 on error. Call inside the
 * decision's transaction. */
int   docket_concern_derive   (DocketStore  *store,
                               gint64        driver,
                               gboolean      safeguarding,
                               GError      **error);

/* Fills in the concern of refusals, suspensions and revocations recorded
 * before schema 009 (worked out as above), as the system user, in one
 * transaction with one audit entry. Returns how many, or -1. */
int   docket_concerns_backfill (DocketStore  *store,
                                GError      **error);

G_END_DECLS
