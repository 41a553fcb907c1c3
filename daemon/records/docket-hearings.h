/* Hearings and cases as stored: loading them, their panel, members and
 * counts. No workflow: the rules are in workflow/. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64  id;
  char   *date;
  char   *time;
  char   *venue;
  gint64  capacity;
  char   *mode;
  char   *dm;
  char   *state;
  char   *vice_chair;   /* panel mode: chairs a case the chair may not; or NULL */
} DocketHearingCore;

void      docket_hearing_core_clear     (DocketHearingCore *h);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DocketHearingCore, docket_hearing_core_clear)

/* NOT_FOUND naming the hearing when there is none. */
gboolean  docket_hearing_load           (DocketDb          *db,
                                         gint64             id,
                                         DocketHearingCore *h,
                                         GError           **error);
/* The number of cases listed, or -1. */
gint64    docket_hearing_count_cases    (DocketDb          *db,
                                         gint64             hearing,
                                         GError           **error);
gboolean  docket_hearing_add_member     (DocketDb          *db,
                                         gint64             hearing,
                                         const char        *user,
                                         const char        *role,
                                         GError           **error);
gboolean  docket_hearing_has_decisions  (DocketDb          *db,
                                         gint64             hearing,
                                         gboolean          *out,
                                         GError           **error);
/* The member's role on the panel, NULL when not on it; @present -1 when
 * not recorded. */
gboolean  docket_hearing_panel_role     (DocketDb          *db,
                                         gint64             hearing,
                                         const char        *user,
                                         char             **role,
                                         int               *present,
                                         GError           **error);
/* The audit log's names for the records: "hearing 4", "case 7". */
char     *docket_hearing_object         (gint64             id);
char     *docket_case_object            (gint64             id);

/* A case as stored, with its hearing's date, state, mode and
 * decision-maker. */
typedef struct {
  gint64  id;
  gint64  hearing;
  gint64  driver;
  char   *licence;
  char   *kind;
  char   *outcome;       /* NULL while pending */
  char   *decided;
  guint   version;
  char   *notice_sent;
  char   *status_before;
  char   *hearing_date;
  char   *hearing_state;
  char   *hearing_mode;
  char   *decision_maker;
} DocketCaseCore;

void      docket_case_core_clear            (DocketCaseCore      *core);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DocketCaseCore, docket_case_core_clear)

gboolean  docket_case_load    (DocketStore         *store,
                               gint64               case_id,
                               DocketCaseCore      *core,
                               GError             **error);

/* NOT_FOUND naming the case when there is none. */
gboolean  docket_case_load              (DocketStore       *store,
                                         gint64             case_id,
                                         DocketCaseCore    *core,
                                         GError           **error);
/* Whether anything was recorded at the hearing for the case (members'
 * declarations, advice, votes, attendance). */
gboolean  docket_case_has_records       (DocketDb          *db,
                                         gint64             case_id,
                                         gboolean          *out,
                                         GError           **error);
/* Creates the member's row for the case when missing. */
gboolean  docket_case_ensure_member     (DocketDb          *db,
                                         gint64             case_id,
                                         const char        *member,
                                         GError           **error);
gboolean  docket_case_is_prejudiced     (DocketDb          *db,
                                         gint64             case_id,
                                         const char        *member,
                                         gboolean          *out,
                                         GError           **error);

/* A case's appeal as stored; @exists FALSE when there is none. The
 * crown_ fields are the appeal onward to the Crown Court, NULL until it is
 * lodged. */
typedef struct {
  char    *lodged;
  char    *result;
  char    *result_date;
  char    *crown_lodged;
  char    *crown_result;
  gboolean late;
  gboolean crown_late;
  gboolean exists;
} DocketAppealCore;

void      docket_appeal_core_clear      (DocketAppealCore  *a);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DocketAppealCore, docket_appeal_core_clear)

/* TRUE while an appeal lodged in time (to the magistrates, or onward to
 * the Crown Court) waits for its result. */
gboolean  docket_appeal_pending         (const DocketAppealCore *a);
gboolean  docket_appeal_load            (DocketDb          *db,
                                         gint64             case_id,
                                         DocketAppealCore  *a,
                                         GError           **error);

G_END_DECLS
