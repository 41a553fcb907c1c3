/* The rules every step of the hearing workflow checks. */
#pragma once

#include "docket-enums.h"
#include "docket-hearings.h"

G_BEGIN_DECLS

/* The longest reasons, advice and justification accepted, in characters. */
#define DOCKET_REASONS_MAX 20000

/* Fails unless the hearing is scheduled (neither cancelled nor locked). */
gboolean docket_hearing_require_open     (const DocketHearingCore *h,
                                          GError                 **error);
/* Fails when the hearing has not happened yet. */
gboolean docket_hearing_require_held     (const DocketHearingCore *h,
                                          GError                 **error);
/* Fails when adding @adding cases would pass the hearing's capacity. */
gboolean docket_hearing_check_capacity   (DocketDb                *db,
                                          const DocketHearingCore *h,
                                          gint64                   adding,
                                          GError                 **error);
/* Fails when @driver is already listed on a hearing (not cancelled) on
 * @date, other than case @except. */
gboolean docket_hearing_check_not_listed (DocketDb                *db,
                                          gint64                   driver,
                                          const char              *date,
                                          gint64                   except,
                                          GError                 **error);
/* Fails unless @user holds @role; @as names them ("Decision-maker"). */
gboolean docket_hearing_require_role     (DocketStore             *store,
                                          const char              *user,
                                          DocketRole               role,
                                          const char              *as,
                                          GError                 **error);
/* Whether the caller is the hearing's decision-maker, @dm. */
gboolean docket_hearing_is_chair         (const DocketCaller      *caller,
                                          const char              *dm);
/* A suspension's end must come after @from; other outcomes take none. */
gboolean docket_hearing_check_until      (int                      outcome,
                                          const char              *until,
                                          const char              *from,
                                          GError                 **error);
/* Loads the case and its hearing, and fails unless the hearing is open and
 * has taken place. */
gboolean docket_case_load_open           (DocketStore             *store,
                                          gint64                   case_id,
                                          DocketCaseCore          *c,
                                          DocketHearingCore       *h,
                                          GError                 **error);
/* The caller takes part in the case: on the panel, present, no prejudicial
 * interest. */
gboolean docket_case_require_participant (DocketDb                *db,
                                          const DocketCaller      *caller,
                                          const DocketCaseCore    *c,
                                          char                   **role_out,
                                          GError                 **error);

G_END_DECLS
