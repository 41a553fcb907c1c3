/* docketd.conf: settings read at start-up; a setting that makes no sense
 * stops the daemon with its name. */
#pragma once

#include <glib.h>

#include "docket-calendar.h"
#include "docket-enums.h"

G_BEGIN_DECLS

typedef struct {
  char       *path;        /* the file read, or NULL when there was none */
  GHashTable *user_roles;  /* user name -> GUINT_TO_POINTER (role mask) */
  /* [hearings] */
  guint       notice_days;    /* a driver told of a hearing later than this is warned about */
  guint       quorum;         /* panel members entitled to vote needed to decide */
  GStrv       bank_holidays;      /* YYYY-MM-DD, added to England and Wales's */
  GStrv       not_bank_holidays;  /* YYYY-MM-DD, taken away from them */
  DocketHolidayAdjust holidays;   /* the two above, for docket-calendar.h */
  /* [authority] */
  char       *authority_name;
  char       *authority_contact;
  char       *time_zone;          /* the council's dates; Europe/London */
  gboolean    authority_set;      /* both name and contact given */
  char       *templates;          /* the council's templates folder, or NULL */
  /* [policy]: the rules audit runs check, and their settings */
  guint       policy_rules;           /* mask of 1 << DocketPolicyRule */
  guint       training_final_days;    /* default final date after the deadline */
  guint       dbs_update_months;      /* Update Service checked at least this often */
  guint       complaints_threshold;   /* this many complaints in complaints_months flags */
  guint       complaints_months;
  guint       self_report_hours;
  int         lookback_years[DOCKET_N_OFFENCE_CATEGORIES]; /* -1: for ever */
  guint       audit_every_days;       /* scheduled audit runs; 0: on demand only */
  gboolean    expire_licences;        /* the scheduler expires licences past their date */
  /* [retention] (docs/RECORDS.md) */
  guint       retention_years;            /* kept this long after a licence ends or is refused */
  guint       retention_safeguarding_years; /* and this long after a decision on safeguarding grounds */
  gboolean    retention_erase;            /* the scheduler erases what falls due */
} DocketConfig;

#define DOCKET_DEFAULT_NOTICE_DAYS 14
#define DOCKET_DEFAULT_QUORUM 3
#define DOCKET_DEFAULT_TRAINING_FINAL_DAYS 90
#define DOCKET_DEFAULT_DBS_UPDATE_MONTHS 6
#define DOCKET_DEFAULT_COMPLAINTS_THRESHOLD 3
#define DOCKET_DEFAULT_COMPLAINTS_MONTHS 12
#define DOCKET_DEFAULT_SELF_REPORT_HOURS 48
#define DOCKET_DEFAULT_AUDIT_EVERY_DAYS 30
#define DOCKET_DEFAULT_RETENTION_YEARS 6
#define DOCKET_MIN_RETENTION_SAFEGUARDING_YEARS 11

/* Reads @path, or when NULL the first of $CONFIGURATION_DIRECTORY/docketd.conf
 * and SYSCONFDIR/docket/docketd.conf that exists; no file means defaults. */
DocketConfig *docket_config_load (const char   *path,
                                  GError      **error);
DocketConfig *docket_config_new_defaults (void);
/* The settings are shared by reference (a worker keeps its own); free
 * drops one. They do not change once loaded. */
DocketConfig *docket_config_ref  (DocketConfig *self);
void          docket_config_free (DocketConfig *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DocketConfig, docket_config_free)

G_END_DECLS
