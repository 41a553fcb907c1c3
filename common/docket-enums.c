/* String forms of the domain enumerations and the licence status rules. */
#include "config.h"

#include "docket-enums.h"

const char * const docket_licence_kind_names[] = {
  "hackney", "private-hire", "dual", NULL,
};

const char * const docket_driver_status_names[] = {
  "applicant", "active", "suspended", "revoked", "refused", "surrendered",
  "expired", NULL,
};

const char * const docket_role_names[] = {
  "officer", "decision-maker", "board-member", "auditor", "admin", NULL,
};

const char * const docket_note_kind_names[] = {
  "intelligence", "complaint", "medical", NULL,
};

const char * const docket_conviction_kind_names[] = {
  "conviction", "caution", "charge", "arrest", NULL,
};

const char * const docket_offence_category_names[] = {
  "crimes-resulting-in-death", "exploitation", "sexual", "violence",
  "weapons", "dishonesty", "drugs", "discrimination", "drink-driving",
  "motoring", "other", NULL,
};

const char * const docket_concern_names[] = {
  "sexual", "violence", "dishonesty", "drugs", "driving", "safeguarding", "other", NULL,
};

DocketConcern
docket_concern_of_offence (DocketOffenceCategory category)
{
  switch (category)
    {
    case DOCKET_OFFENCE_CATEGORY_EXPLOITATION:
    case DOCKET_OFFENCE_CATEGORY_SEXUAL:
      return DOCKET_CONCERN_SEXUAL;
    case DOCKET_OFFENCE_CATEGORY_CRIMES_RESULTING_IN_DEATH:
    case DOCKET_OFFENCE_CATEGORY_VIOLENCE:
    case DOCKET_OFFENCE_CATEGORY_WEAPONS:
      return DOCKET_CONCERN_VIOLENCE;
    case DOCKET_OFFENCE_CATEGORY_DISHONESTY:
      return DOCKET_CONCERN_DISHONESTY;
    case DOCKET_OFFENCE_CATEGORY_DRUGS:
      return DOCKET_CONCERN_DRUGS;
    case DOCKET_OFFENCE_CATEGORY_DRINK_DRIVING:
    case DOCKET_OFFENCE_CATEGORY_MOTORING:
      return DOCKET_CONCERN_DRIVING;
    case DOCKET_OFFENCE_CATEGORY_DISCRIMINATION:
    case DOCKET_OFFENCE_CATEGORY_OTHER:
    case DOCKET_N_OFFENCE_CATEGORIES:
    default:
      return DOCKET_CONCERN_OTHER;
    }
}

const char * const docket_policy_rule_names[] = {
  "training", "dbs-enhanced", "dbs-update", "dbs-result", "licence-expiry",
  "medical", "convictions", "complaints", "self-report", NULL,
};

const char * const docket_flag_status_names[] = {
  "open", "referred", "dismissed", "resolved", NULL,
};

const char * const docket_dbs_kind_names[] = { "enhanced", "update-service", NULL };

const char * const docket_dbs_result_names[] = { "clear", "information", "barred", NULL };

const char * const docket_hearing_mode_names[] = { "sole", "panel", NULL };

const char * const docket_hearing_state_names[] = { "scheduled", "cancelled", "locked", NULL };

const char * const docket_case_kind_names[] = { "application", "renewal", "review", NULL };

const char * const docket_attendance_names[] = {
  "attended", "represented", "did-not-attend", NULL,
};

const char * const docket_outcome_names[] = {
  "deferred", "granted", "refused", "no-action", "warning", "suspended", "revoked",
  "surrendered", "withdrawn", NULL,
};

const char * const docket_appeal_result_names[] = {
  "dismissed", "allowed", "varied", "withdrawn", NULL,
};

gboolean
docket_outcome_fits_kind (DocketOutcome  outcome,
                          DocketCaseKind kind)
{
  switch (outcome)
    {
    case DOCKET_OUTCOME_DEFERRED:
    case DOCKET_OUTCOME_SURRENDERED:
    case DOCKET_OUTCOME_WITHDRAWN:
      return TRUE;
    case DOCKET_OUTCOME_GRANTED:
    case DOCKET_OUTCOME_REFUSED:
      return kind == DOCKET_CASE_KIND_APPLICATION || kind == DOCKET_CASE_KIND_RENEWAL;
    case DOCKET_OUTCOME_NO_ACTION:
    case DOCKET_OUTCOME_WARNING:
    case DOCKET_OUTCOME_SUSPENDED:
    case DOCKET_OUTCOME_REVOKED:
      return kind == DOCKET_CASE_KIND_REVIEW;
    default:
      return FALSE;
    }
}

char *
docket_outcomes_for_kind (DocketCaseKind kind)
{
  const char *fit[DOCKET_OUTCOME_WITHDRAWN + 2] = { NULL };
  guint n = 0;

  for (guint i = 0; docket_outcome_names[i]; i++)
    if (docket_outcome_fits_kind ((DocketOutcome) i, kind))
      fit[n++] = docket_outcome_names[i];
  return docket_enum_describe (fit);
}

gboolean
docket_outcome_needs_decision (DocketOutcome outcome)
{
  return outcome != DOCKET_OUTCOME_SURRENDERED && outcome != DOCKET_OUTCOME_WITHDRAWN;
}

int
docket_enum_from_string (const char * const *names,
                         const char          *str)
{
  if (str == NULL)
    return -1;
  for (int i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], str))
      return i;
  return -1;
}

char *
docket_enum_describe (const char * const *names)
{
  GString *s = g_string_new (NULL);
  guint n = g_strv_length ((char **) names);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (s, i == n - 1 ? " or " : ", ");
      g_string_append (s, names[i]);
    }
  return g_string_free (s, FALSE);
}

/* What a licence may become. Revoked, refused, surrendered and expired
 * licences never return to active directly: that takes a new application
 * (status applicant), which is then granted. */
gboolean
docket_driver_status_change_allowed (DocketDriverStatus from,
                                     DocketDriverStatus to)
{
  if (from == to)
    return TRUE;

  switch (from)
    {
    case DOCKET_DRIVER_STATUS_APPLICANT:
      return to == DOCKET_DRIVER_STATUS_ACTIVE ||
             to == DOCKET_DRIVER_STATUS_REFUSED ||
             to == DOCKET_DRIVER_STATUS_SURRENDERED;
    case DOCKET_DRIVER_STATUS_ACTIVE:
      /* refused: a renewal refused at a hearing */
      return to == DOCKET_DRIVER_STATUS_SUSPENDED ||
             to == DOCKET_DRIVER_STATUS_REFUSED ||
             to == DOCKET_DRIVER_STATUS_REVOKED ||
             to == DOCKET_DRIVER_STATUS_SURRENDERED ||
             to == DOCKET_DRIVER_STATUS_EXPIRED;
    case DOCKET_DRIVER_STATUS_SUSPENDED:
      return to == DOCKET_DRIVER_STATUS_ACTIVE ||
             to == DOCKET_DRIVER_STATUS_REFUSED ||
             to == DOCKET_DRIVER_STATUS_REVOKED ||
             to == DOCKET_DRIVER_STATUS_SURRENDERED ||
             to == DOCKET_DRIVER_STATUS_EXPIRED;
    case DOCKET_DRIVER_STATUS_REVOKED:
    case DOCKET_DRIVER_STATUS_REFUSED:
    case DOCKET_DRIVER_STATUS_SURRENDERED:
    case DOCKET_DRIVER_STATUS_EXPIRED:
      return to == DOCKET_DRIVER_STATUS_APPLICANT;
    default:
      return FALSE;
    }
}
