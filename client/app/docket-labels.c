/* Labels: the one place wire strings become words on the screen. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "docket-enums.h"
#include "docket-client-error.h"
#include "docket-labels.h"
#include "docket-validate.h"

typedef struct {
  const char *wire;
  const char *label;
} Label;

static const char *
lookup (const Label *table, const char *wire)
{
  if (wire == NULL)
    return "";
  for (guint i = 0; table[i].wire; i++)
    if (g_str_equal (table[i].wire, wire))
      return _(table[i].label);
  return wire;
}

const char *
docket_label_status (const char *status)
{
  static const Label t[] = {
    { "applicant", N_("Applicant") }, { "active", N_("Active") }, { "suspended", N_("Suspended") },
    { "revoked", N_("Revoked") }, { "refused", N_("Refused") }, { "surrendered", N_("Surrendered") },
    { "expired", N_("Expired") }, { NULL },
  };
  return lookup (t, status);
}

const char *
docket_label_kind (const char *kind)
{
  static const Label t[] = {
    { "hackney", N_("Hackney carriage") }, { "private-hire", N_("Private hire") },
    { "dual", N_("Dual") }, { NULL },
  };
  return lookup (t, kind);
}

const char *
docket_label_case_kind (const char *kind)
{
  static const Label t[] = {
    { "application", N_("Application") }, { "renewal", N_("Renewal") }, { "review", N_("Review") }, { NULL },
  };
  return lookup (t, kind);
}

const char *
docket_label_outcome (const char *outcome)
{
  static const Label t[] = {
    { "deferred", N_("Deferred") }, { "granted", N_("Granted") }, { "refused", N_("Refused") },
    { "no-action", N_("No action") }, { "warning", N_("Warning") }, { "suspended", N_("Suspended") },
    { "revoked", N_("Revoked") }, { "surrendered", N_("Surrendered") }, { "withdrawn", N_("Withdrawn") },
    { NULL },
  };
  if (outcome == NULL)
    return _("Pending");
  return lookup (t, outcome);
}

const char *
docket_label_concern (const char *concern)
{
  static const Label t[] = {
    { "sexual", N_("Sexual offences") }, { "violence", N_("Violence (including weapons)") },
    { "dishonesty", N_("Dishonesty") }, { "drugs", N_("Drugs") }, { "driving", N_("Driving and motoring") },
    { "safeguarding", N_("Safeguarding intelligence") }, { "other", N_("Other") },
    { NULL },
  };
  return lookup (t, concern);
}

const char *
docket_label_statistic (const char *key)
{
  static const Label t[] = {
    { "listed", N_("Listed") }, { "did_not_attend", N_("Did not attend") }, { "deferred", N_("Deferred") },
    { "granted", N_("Granted") }, { "refused", N_("Refused") }, { "no_action", N_("No action") },
    { "suspended", N_("Suspended") }, { "revoked", N_("Revoked") }, { "warnings", N_("Warnings") },
    { "surrendered", N_("Surrendered") }, { "withdrawn", N_("Withdrawn") }, { "pending", N_("Pending") },
    { NULL },
  };
  return lookup (t, key);
}

const char *
docket_label_attendance (const char *attendance)
{
  static const Label t[] = {
    { "attended", N_("Attended") }, { "represented", N_("Represented") },
    { "did-not-attend", N_("Did not attend") }, { NULL },
  };
  return lookup (t, attendance);
}

const char *
docket_label_mode (const char *mode)
{
  static const Label t[] = {
    { "sole", N_("Sole decision-maker") }, { "panel", N_("Panel vote") }, { NULL },
  };
  return lookup (t, mode);
}

const char *
docket_label_hearing_state (const char *state)
{
  static const Label t[] = {
    { "scheduled", N_("Scheduled") }, { "cancelled", N_("Cancelled") }, { "locked", N_("Locked") }, { NULL },
  };
  return lookup (t, state);
}

const char *
docket_label_role (const char *role)
{
  static const Label t[] = {
    { "officer", N_("Licensing officer") }, { "decision-maker", N_("Decision-maker") },
    { "board-member", N_("Board member") }, { "auditor", N_("Auditor") }, { "admin", N_("Administrator") },
    { NULL },
  };
  return lookup (t, role);
}

const char *
docket_label_category (const char *category)
{
  static const Label t[] = {
    { "crimes-resulting-in-death", N_("Crimes resulting in death") }, { "exploitation", N_("Exploitation") },
    { "sexual", N_("Sexual offences") }, { "violence", N_("Violence") }, { "weapons", N_("Weapons") },
    { "dishonesty", N_("Dishonesty") }, { "drugs", N_("Drugs") }, { "discrimination", N_("Discrimination") },
    { "drink-driving", N_("Drink or drug driving") }, { "motoring", N_("Motoring") }, { "other", N_("Other") },
    { NULL },
  };
  return lookup (t, category);
}

const char *
docket_label_note_kind (const char *kind)
{
  static const Label t[] = {
    { "intelligence", N_("Intelligence") }, { "complaint", N_("Complaint") }, { "medical", N_("Medical") },
    { NULL },
  };
  return lookup (t, kind);
}

const char *
docket_label_rule (const char *rule)
{
  static const Label t[] = {
    { "training", N_("Safeguarding training") },
    { "dbs-enhanced", N_("Enhanced DBS check") },
    { "dbs-update", N_("DBS Update Service check") },
    { "dbs-result", N_("DBS result to review") },
    { "licence-expiry", N_("Licence expiry") },
    { "medical", N_("Medical overdue") },
    { "convictions", N_("Convictions") },
    { "complaints", N_("Complaints") },
    { "self-report", N_("Late self-report") },
    { NULL },
  };
  return lookup (t, rule);
}

const char *
docket_label_flag_status (const char *status)
{
  static const Label t[] = {
    { "open", N_("Open") }, { "referred", N_("Referred to a hearing") },
    { "dismissed", N_("Dismissed") }, { "resolved", N_("Resolved") }, { NULL },
  };
  return lookup (t, status);
}

const char *
docket_label_appeal_result (const char *result)
{
  static const Label t[] = {
    { "dismissed", N_("Dismissed") }, { "allowed", N_("Allowed") }, { "varied", N_("Varied") },
    { "withdrawn", N_("Withdrawn") }, { NULL },
  };
  if (result == NULL)
    return _("Awaiting the court");
  return lookup (t, result);
}

const char *
docket_label_annual_group (const char *group)
{
  static const Label t[] = {
    { "drivers", N_("Licensed Drivers on 1 April") }, { "applications", N_("Applications in the Year") },
    { "suspended", N_("Suspensions in the Year") }, { "revoked", N_("Revocations in the Year") },
    { "refused", N_("Refusals at a Hearing in the Year") },
    { "adverse", N_("Granted While Adverse Information Was Known") },
    { "nr3s", N_("The National Register (NR3S)") }, { "dbs", N_("The DBS Update Service on 1 April") },
    { NULL },
  };
  return lookup (t, group);
}

const char *
docket_label_annual_figure (const char *figure, const char *fallback)
{
  static const Label t[] = {
    { "drivers.hackney", N_("Hackney carriage drivers") }, { "drivers.private-hire", N_("Private hire drivers") },
    { "drivers.dual", N_("Dual (both) drivers") }, { "drivers.total", N_("All licensed drivers") },
    { "applications.received", N_("Applications received") },
    { "applications.granted", N_("Applications granted") }, { "applications.refused", N_("Applications refused") },
    { "suspended.training", N_("Until safeguarding training is done (by docketd)") },
    { "suspended.total", N_("All suspensions") }, { "revoked.total", N_("All revocations") },
    { "refused.total", N_("All refusals decided at a hearing") },
    { "adverse.granted", N_("New licences granted while adverse information was known") },
    { "adverse.renewed", N_("Renewals decided at a hearing, granted while adverse information was known") },
    { "nr3s.entries", N_("Entries made in the national register (NR3S)") },
    { "nr3s.searches", N_("Searches of the national register before a grant or renewal") },
    { "dbs.update-service", N_("Licensed drivers checked on the DBS Update Service within the policy's months") },
    { NULL },
  };
  const char *dot = figure ? strchr (figure, '.') : NULL;

  if (figure == NULL)
    return fallback;
  for (guint i = 0; t[i].wire; i++)
    if (g_str_equal (t[i].wire, figure))
      return _(t[i].label);
  /* suspended.sexual, revoked.violence, ...: the concern. */
  if (dot != NULL && docket_enum_from_string (docket_concern_names, dot + 1) >= 0)
    return docket_label_concern (dot + 1);
  return fallback;
}

char *
docket_label_roles (guint roles)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; docket_role_names[i]; i++)
    if (roles & (1u << i))
      {
        if (s->len)
          g_string_append (s, ", ");
        g_string_append (s, docket_label_role (docket_role_names[i]));
      }
  if (s->len == 0)
    g_string_append (s, _("no role"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
docket_format_date (const char *date)
{
  int y, m, d;
  g_autoptr(GDateTime) dt = NULL;

  if (date == NULL || *date == '\0')
    return g_strdup ("");
  if (sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3 || strlen (date) != 10)
    return g_strdup (date);
  dt = g_date_time_new_local (y, m, d, 12, 0, 0);
  if (dt == NULL)
    return g_strdup (date);
  /* Unambiguous in every locale: the day, the month by name and a
   * four-digit year ("17 Nov 2026"), never 11/17/26. */
  return g_date_time_format (dt, "%-d %b %Y");
}

char *
docket_format_month (const char *month)
{
  int y, m;
  g_autoptr(GDateTime) dt = NULL;

  if (month == NULL || strlen (month) != 7 || sscanf (month, "%4d-%2d", &y, &m) != 2
      || !(dt = g_date_time_new_local (y, m, 1, 12, 0, 0)))
    return g_strdup (month ? month : "");
  return g_date_time_format (dt, "%b %Y");
}

/* The month named by @word (English or the locale's, full or short), 1 to
 * 12, or 0. */
static int
month_named (const char *word)
{
  static const char * const english[] = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
  };
  g_autofree char *w = g_utf8_casefold (word, -1);

  if (g_utf8_strlen (w, -1) < 3)
    return 0;
  for (int m = 1; m <= 12; m++)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_utc (2000, m, 1, 0, 0, 0);
      g_autofree char *full_l = g_date_time_format (dt, "%B");
      g_autofree char *abbr_l = g_date_time_format (dt, "%b");
      g_autofree char *full = g_utf8_casefold (full_l, -1);
      g_autofree char *abbr = g_utf8_casefold (abbr_l, -1);

      if (g_str_has_prefix (english[m - 1], w) || g_str_equal (w, full) || g_str_equal (w, abbr) ||
          (g_str_has_prefix (full, w)))
        return m;
    }
  return 0;
}

char *
docket_parse_date (const char *text)
{
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));
  g_auto(GStrv) parts = NULL;
  int y = 0, m = 0, d = 0;
  char sep[2] = { 0 };

  if (*t == '\0')
    return NULL;
  /* ISO 8601, as docketd takes it. */
  if (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", t, 0, 0))
    return g_strdup (t);
  /* Day first, as in the UK: 17/11/2026, 17.11.2026, 17-11-2026. */
  if (sscanf (t, "%d%1[/.-]%d%*[/.-]%d", &d, sep, &m, &y) == 4 && y >= 1000)
    return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
  /* 17 Nov 2026, 17 November 2026. */
  parts = g_strsplit_set (t, " ,", -1);
  {
    g_autoptr(GPtrArray) words = g_ptr_array_new ();
    for (guint i = 0; parts[i]; i++)
      if (*parts[i] != '\0')
        g_ptr_array_add (words, parts[i]);
    if (words->len == 3)
      {
        char *end = NULL;
        d = (int) g_ascii_strtoll (words->pdata[0], &end, 10);
        if (end == NULL || *end != '\0')
          return NULL;
        m = month_named (words->pdata[1]);
        y = (int) g_ascii_strtoll (words->pdata[2], &end, 10);
        if (m > 0 && end != NULL && *end == '\0' && y >= 1000)
          return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
      }
  }
  return NULL;
}

char *
docket_check_date (const char *text, char **iso)
{
  g_autofree char *parsed = docket_parse_date (text);
  int y = 0, m = 0, d = 0;

  if (parsed == NULL || sscanf (parsed, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return g_strdup_printf (_("“%s” is not a date: give it as 17 Nov 2026, 17/11/2026 or 2026-11-17"),
                            text ? text : "");
  if (m < 1 || m > 12)
    return g_strdup_printf (_("%d is not a month"), m);
  if (d < 1 || !g_date_valid_dmy (d, m, y))
    {
      g_autoptr(GDateTime) first = g_date_time_new_local (y, m, 1, 12, 0, 0);
      g_autofree char *month = first ? g_date_time_format (first, "%B %Y") : g_strdup_printf ("%04d-%02d", y, m);
      return g_strdup_printf (_("%s has no day %d"), month, d);
    }
  if (iso)
    *iso = g_steal_pointer (&parsed);
  return NULL;
}

char *
docket_check_month (const char *text)
{
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));
  int y = 0, m = 0;
  char end = 0;

  if (sscanf (t, "%4d-%2d%c", &y, &m, &end) != 2 || strlen (t) != 7)
    return g_strdup_printf (_("“%s” is not a month: give it as 2026-11"), t);
  if (m < 1 || m > 12)
    return g_strdup_printf (_("%d is not a month"), m);
  return NULL;
}

char *
docket_format_dates_in (const char *text)
{
  static GRegex *iso_date;
  GMatchInfo *match = NULL;
  GString *out;
  gint last = 0;

  if (text == NULL)
    return NULL;
  if (g_once_init_enter (&iso_date))
    g_once_init_leave (&iso_date, g_regex_new ("\\b[0-9]{4}-[0-9]{2}-[0-9]{2}\\b", G_REGEX_OPTIMIZE, 0, NULL));
  out = g_string_new (NULL);
  g_regex_match (iso_date, text, 0, &match);
  while (g_match_info_matches (match))
    {
      gint start, end;
      g_autofree char *iso = g_match_info_fetch (match, 0);
      g_autofree char *shown = docket_format_date (iso);

      g_match_info_fetch_pos (match, 0, &start, &end);
      g_string_append_len (out, text + last, start - last);
      g_string_append (out, shown);
      last = end;
      g_match_info_next (match, NULL);
    }
  g_match_info_free (match);
  g_string_append (out, text + last);
  return g_string_free (out, FALSE);
}

char *
docket_ui_error_text (const GError *error)
{
  g_autofree char *text = docket_client_error_text (error);
  return docket_format_dates_in (text);
}

char *
docket_format_time (const char *iso8601)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso8601 == NULL)
    return g_strdup ("");
  utc = g_date_time_new_from_iso8601 (iso8601, NULL);
  if (utc == NULL)
    return g_strdup (iso8601);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%-d %b %Y, %H:%M");
}

char *
docket_today_text (void)
{
  return docket_today ();
}

char *
docket_effect_sentence (const char *outcome, const char *until, gboolean immediate, const char *decided)
{
  g_autofree char *until_s = docket_format_date (until);
  g_autofree char *decided_s = docket_format_date (decided);

  if (g_strcmp0 (outcome, "revoked") == 0)
    return immediate
      ? g_strdup_printf (_("The licence will be revoked immediately, on %s, in the interests of public safety. "
                           "The driver may appeal to the magistrates' court within 21 days; the revocation "
                           "stays in force meanwhile."), decided_s)
      : g_strdup (_("The licence will be revoked 21 days after the statement of decision is sent to the "
                    "driver, or when an appeal lodged in that time is decided."));
  if (g_strcmp0 (outcome, "suspended") == 0)
    return immediate
      ? g_strdup_printf (_("The licence will be suspended immediately, on %s, in the interests of public "
                           "safety, until %s."), decided_s, until_s)
      : g_strdup_printf (_("The licence will be suspended 21 days after the statement of decision is sent to "
                           "the driver (or when an appeal lodged in that time is decided), until %s."), until_s);
  if (g_strcmp0 (outcome, "granted") == 0)
    return g_strdup (_("The licence will be active at once, for three years."));
  if (g_strcmp0 (outcome, "refused") == 0)
    return g_strdup (_("The application will be refused at once. The driver may appeal to the magistrates' "
                       "court within 21 days of the statement of decision."));
  if (g_strcmp0 (outcome, "surrendered") == 0)
    return g_strdup (_("The licence will be recorded as surrendered at once."));
  if (g_strcmp0 (outcome, "deferred") == 0)
    return g_strdup (_("The case will be deferred and can be listed again on a later hearing."));
  if (g_strcmp0 (outcome, "withdrawn") == 0)
    return g_strdup (_("The council's case will be recorded as withdrawn; the licence does not change."));
  if (g_strcmp0 (outcome, "warning") == 0)
    return g_strdup (_("A formal warning will be recorded; the licence does not change."));
  return g_strdup (_("No action will be taken; the licence does not change."));
}
