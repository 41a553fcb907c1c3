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
  "conviction", "caution", NULL,
};

const char * const docket_offence_category_names[] = {
  "crimes-resulting-in-death", "exploitation", "sexual", "violence",
  "weapons", "dishonesty", "drugs", "discrimination", "drink-driving",
  "motoring", "other", NULL,
};

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
      return to == DOCKET_DRIVER_STATUS_SUSPENDED ||
             to == DOCKET_DRIVER_STATUS_REVOKED ||
             to == DOCKET_DRIVER_STATUS_SURRENDERED ||
             to == DOCKET_DRIVER_STATUS_EXPIRED;
    case DOCKET_DRIVER_STATUS_SUSPENDED:
      return to == DOCKET_DRIVER_STATUS_ACTIVE ||
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
