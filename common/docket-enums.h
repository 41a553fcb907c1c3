/* Enumerations of the licensing domain and their string forms on the wire. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  DOCKET_LICENCE_KIND_HACKNEY,
  DOCKET_LICENCE_KIND_PRIVATE_HIRE,
  DOCKET_LICENCE_KIND_DUAL,
} DocketLicenceKind;

typedef enum {
  DOCKET_DRIVER_STATUS_APPLICANT,
  DOCKET_DRIVER_STATUS_ACTIVE,
  DOCKET_DRIVER_STATUS_SUSPENDED,
  DOCKET_DRIVER_STATUS_REVOKED,
  DOCKET_DRIVER_STATUS_REFUSED,
  DOCKET_DRIVER_STATUS_SURRENDERED,
  DOCKET_DRIVER_STATUS_EXPIRED,
} DocketDriverStatus;

typedef enum {
  DOCKET_ROLE_OFFICER,
  DOCKET_ROLE_DECISION_MAKER,
  DOCKET_ROLE_BOARD_MEMBER,
  DOCKET_ROLE_AUDITOR,
  DOCKET_ROLE_ADMIN,
} DocketRole;

#define DOCKET_ROLE_ALL ((1u << (DOCKET_ROLE_ADMIN + 1)) - 1)

typedef enum {
  DOCKET_NOTE_KIND_INTELLIGENCE,
  DOCKET_NOTE_KIND_COMPLAINT,
  DOCKET_NOTE_KIND_MEDICAL,
} DocketNoteKind;

typedef enum {
  DOCKET_CONVICTION_KIND_CONVICTION,
  DOCKET_CONVICTION_KIND_CAUTION,
  DOCKET_CONVICTION_KIND_CHARGE,
  DOCKET_CONVICTION_KIND_ARREST,
} DocketConvictionKind;

/* Offence categories of the licensing policy (after the Institute of
 * Licensing guidance), which set how long a conviction weighs. */
typedef enum {
  DOCKET_OFFENCE_CATEGORY_CRIMES_RESULTING_IN_DEATH,
  DOCKET_OFFENCE_CATEGORY_EXPLOITATION,
  DOCKET_OFFENCE_CATEGORY_SEXUAL,
  DOCKET_OFFENCE_CATEGORY_VIOLENCE,
  DOCKET_OFFENCE_CATEGORY_WEAPONS,
  DOCKET_OFFENCE_CATEGORY_DISHONESTY,
  DOCKET_OFFENCE_CATEGORY_DRUGS,
  DOCKET_OFFENCE_CATEGORY_DISCRIMINATION,
  DOCKET_OFFENCE_CATEGORY_DRINK_DRIVING,
  DOCKET_OFFENCE_CATEGORY_MOTORING,
  DOCKET_OFFENCE_CATEGORY_OTHER,
  DOCKET_N_OFFENCE_CATEGORIES
} DocketOffenceCategory;

/* The category of the offence or concern behind a refusal, suspension or
 * revocation, as the annual return and Freedom of Information requests
 * ask for it. */
typedef enum {
  DOCKET_CONCERN_SEXUAL,
  DOCKET_CONCERN_VIOLENCE,
  DOCKET_CONCERN_DISHONESTY,
  DOCKET_CONCERN_DRUGS,
  DOCKET_CONCERN_DRIVING,
  DOCKET_CONCERN_SAFEGUARDING,   /* safeguarding intelligence, no conviction */
  DOCKET_CONCERN_OTHER,
  DOCKET_N_CONCERNS
} DocketConcern;

/* The concern an offence category falls under. */
DocketConcern docket_concern_of_offence (DocketOffenceCategory category);

/* The rules of the licensing policy an audit run checks. */
typedef enum {
  DOCKET_POLICY_RULE_TRAINING,        /* safeguarding training done by its deadline */
  DOCKET_POLICY_RULE_DBS_ENHANCED,    /* an enhanced DBS check with both barred lists */
  DOCKET_POLICY_RULE_DBS_UPDATE,      /* the Update Service checked often enough */
  DOCKET_POLICY_RULE_DBS_RESULT,      /* the latest DBS result is clear */
  DOCKET_POLICY_RULE_LICENCE_EXPIRY,  /* a licence held has a date and has not passed it */
  DOCKET_POLICY_RULE_MEDICAL,         /* the medical is not overdue */
  DOCKET_POLICY_RULE_CONVICTIONS,     /* no conviction within its category's look-back */
  DOCKET_POLICY_RULE_COMPLAINTS,      /* fewer complaints than the threshold */
  DOCKET_POLICY_RULE_SELF_REPORT,     /* offences reported within 48 hours */
  DOCKET_N_POLICY_RULES
} DocketPolicyRule;

typedef enum {
  DOCKET_FLAG_STATUS_OPEN,
  DOCKET_FLAG_STATUS_REFERRED,
  DOCKET_FLAG_STATUS_DISMISSED,
  DOCKET_FLAG_STATUS_RESOLVED,
} DocketFlagStatus;

typedef enum {
  DOCKET_DBS_KIND_ENHANCED,
  DOCKET_DBS_KIND_UPDATE_SERVICE,
} DocketDbsKind;

typedef enum {
  DOCKET_DBS_RESULT_CLEAR,
  DOCKET_DBS_RESULT_INFORMATION,
  DOCKET_DBS_RESULT_BARRED,
} DocketDbsResult;

typedef enum {
  DOCKET_HEARING_MODE_SOLE,
  DOCKET_HEARING_MODE_PANEL,
} DocketHearingMode;

typedef enum {
  DOCKET_HEARING_STATE_SCHEDULED,
  DOCKET_HEARING_STATE_CANCELLED,
  DOCKET_HEARING_STATE_LOCKED,
} DocketHearingState;

typedef enum {
  DOCKET_CASE_KIND_APPLICATION,
  DOCKET_CASE_KIND_RENEWAL,
  DOCKET_CASE_KIND_REVIEW,
} DocketCaseKind;

typedef enum {
  DOCKET_ATTENDANCE_ATTENDED,
  DOCKET_ATTENDANCE_REPRESENTED,
  DOCKET_ATTENDANCE_DID_NOT_ATTEND,
} DocketAttendance;

typedef enum {
  DOCKET_OUTCOME_DEFERRED,
  DOCKET_OUTCOME_GRANTED,
  DOCKET_OUTCOME_REFUSED,
  DOCKET_OUTCOME_NO_ACTION,
  DOCKET_OUTCOME_WARNING,
  DOCKET_OUTCOME_SUSPENDED,
  DOCKET_OUTCOME_REVOKED,
  DOCKET_OUTCOME_SURRENDERED,
  DOCKET_OUTCOME_WITHDRAWN,
} DocketOutcome;

typedef enum {
  DOCKET_APPEAL_RESULT_DISMISSED,
  DOCKET_APPEAL_RESULT_ALLOWED,
  DOCKET_APPEAL_RESULT_VARIED,
  DOCKET_APPEAL_RESULT_WITHDRAWN,
} DocketAppealResult;

/* Each table ends with NULL; an enum value is its index. */
extern const char * const docket_licence_kind_names[];
extern const char * const docket_driver_status_names[];
extern const char * const docket_role_names[];
extern const char * const docket_note_kind_names[];
extern const char * const docket_conviction_kind_names[];
extern const char * const docket_offence_category_names[];
extern const char * const docket_concern_names[];
extern const char * const docket_policy_rule_names[];
extern const char * const docket_flag_status_names[];
extern const char * const docket_dbs_kind_names[];
extern const char * const docket_dbs_result_names[];
extern const char * const docket_hearing_mode_names[];
extern const char * const docket_hearing_state_names[];
extern const char * const docket_case_kind_names[];
extern const char * const docket_attendance_names[];
extern const char * const docket_outcome_names[];
extern const char * const docket_appeal_result_names[];

/* Returns the index of @str in @names, or -1. */
int          docket_enum_from_string  (const char * const *names,
                                       const char          *str);
/* "a, b or c" for error messages; free with g_free(). */
char        *docket_enum_describe     (const char * const *names);

gboolean     docket_driver_status_change_allowed (DocketDriverStatus from,
                                                  DocketDriverStatus to);

/* Whether @outcome can end a case of @kind: granted and refused for
 * applications and renewals; no action, warning, suspension and revocation
 * for reviews; deferred, surrendered and withdrawn for any. */
gboolean     docket_outcome_fits_kind (DocketOutcome  outcome,
                                       DocketCaseKind kind);
/* "granted or refused" (the outcomes for @kind, for error messages); free
 * with g_free(). */
char        *docket_outcomes_for_kind (DocketCaseKind kind);
/* Outcomes that need no decision: surrendered and withdrawn. */
gboolean     docket_outcome_needs_decision (DocketOutcome outcome);

G_END_DECLS
