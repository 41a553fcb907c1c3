/* Compliance records as stored: each driver's dates, training attended
 * and audit flags. No workflow: the rules are in workflow/. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* The licences held, as an SQL condition on drivers d. */
#define DOCKET_HOLDERS_SQL "d.status IN ('active', 'suspended')"

/* A driver's compliance dates; NULL when not set. */
typedef struct {
  char *deadline;
  char *final;
  char *medical;
  char *suspended;
} DocketComplianceDates;

void      docket_compliance_dates_clear (DocketComplianceDates *d);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DocketComplianceDates, docket_compliance_dates_clear)

typedef struct {
  gint64  id;
  gint64  driver;
  char   *licence;
  char   *rule;
  char   *evidence;
  char   *status;
  gint64  case_id;
} DocketFlagCore;

void      docket_flag_core_clear        (DocketFlagCore *f);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DocketFlagCore, docket_flag_core_clear)


/* Leaves @d empty when the driver has no compliance row. */
gboolean  docket_compliance_dates_load  (DocketDb          *db,
                                         gint64             driver,
                                         DocketComplianceDates *d,
                                         GError           **error);
gboolean  docket_compliance_dates_save  (DocketDb          *db,
                                         gint64             driver,
                                         const DocketComplianceDates *d,
                                         GError           **error);
/* Whether any safeguarding training is recorded for the driver. */
gboolean  docket_compliance_has_training (DocketDb         *db,
                                          gint64             driver,
                                          gboolean          *out,
                                          GError           **error);
/* The first integer column of every row of @sql, bound to @today (?1) and
 * @driver (?2, 0 for all). */
GArray   *docket_compliance_collect_ids (DocketDb          *db,
                                         const char        *sql,
                                         const char        *today,
                                         gint64             driver,
                                         GError           **error);
/* The first column of the one row of @sql (bound to @today as ?1 when
 * given), or -1. */
gint64    docket_compliance_count       (DocketDb          *db,
                                         const char        *sql,
                                         const char        *today,
                                         GError           **error);

/* How each rule reads on a case's grounds and in the client. */
const char *docket_policy_rule_title    (const char        *rule);
/* The audit log's name for a flag: "flag 4". */
char     *docket_flag_object            (gint64             flag);
gboolean  docket_flag_load              (DocketDb          *db,
                                         gint64             id,
                                         DocketFlagCore    *f,
                                         GError           **error);
/* Raises an open flag of @rule with @evidence (encrypted), from audit run
 * @run (0: none). */
gboolean  docket_flag_insert            (DocketStore       *store,
                                         gint64             driver,
                                         const char        *rule,
                                         const char        *evidence,
                                         const char        *today,
                                         gint64             run,
                                         const char        *user,
                                         gint64            *id_out,
                                         GError           **error);
/* Moves a flag to @status, with who and (encrypted) why. */
gboolean  docket_flag_set_status        (DocketStore       *store,
                                         gint64             flag,
                                         const char        *status,
                                         const char        *user,
                                         const char        *reason,
                                         gint64             case_id,
                                         GError           **error);

G_END_DECLS
