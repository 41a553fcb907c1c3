/* docketd.conf: settings read at start-up. */
#include "config.h"

#include <string.h>

#include "docket-config.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-validate.h"

static void
config_clear (DocketConfig *self)
{
  g_free (self->path);
  g_clear_pointer (&self->user_roles, g_hash_table_unref);
  g_strfreev (self->bank_holidays);
  g_strfreev (self->not_bank_holidays);
  g_free (self->time_zone);
  g_free (self->authority_name);
  g_free (self->authority_contact);
  g_free (self->templates);
}

DocketConfig *
docket_config_ref (DocketConfig *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
docket_config_free (DocketConfig *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full (self, (GDestroyNotify) config_clear);
}

static gboolean
load_roles (DocketConfig *self, GKeyFile *kf, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (kf, "roles", NULL, NULL);

  for (guint i = 0; keys && keys[i]; i++)
    {
      int role = docket_enum_from_string (docket_role_names, keys[i]);
      g_auto(GStrv) users = NULL;

      if (role < 0)
        {
          g_autofree char *allowed = docket_enum_describe (docket_role_names);
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s: [roles] %s: not a role; use %s", self->path, keys[i], allowed);
          return FALSE;
        }
      users = g_key_file_get_string_list (kf, "roles", keys[i], NULL, error);
      if (users == NULL)
        return FALSE;
      for (guint j = 0; users[j]; j++)
        {
          char *user = g_strstrip (users[j]);
          guint mask;

          if (*user == '\0')
            continue;
          if (!docket_validate_user_name (user, error))
            {
              g_prefix_error (error, "%s: [roles] %s: ", self->path, keys[i]);
              return FALSE;
            }
          mask = GPOINTER_TO_UINT (g_hash_table_lookup (self->user_roles, user));
          g_hash_table_insert (self->user_roles, g_strdup (user),
                               GUINT_TO_POINTER (mask | (1u << role)));
        }
    }
  return TRUE;
}

static gboolean
load_hearings (DocketConfig *self, GKeyFile *kf, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (kf, "hearings", NULL, NULL);

  for (guint i = 0; keys && keys[i]; i++)
    {
      if (g_str_equal (keys[i], "notice-days"))
        {
          g_autoptr(GError) local = NULL;
          int days = g_key_file_get_integer (kf, "hearings", keys[i], &local);

          if (local != NULL || days < 0 || days > 365)
            {
              g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                           "%s: [hearings] notice-days: give a number of days from 0 to 365",
                           self->path);
              return FALSE;
            }
          self->notice_days = (guint) days;
        }
      else if (g_str_equal (keys[i], "quorum"))
        {
          g_autoptr(GError) local = NULL;
          int n = g_key_file_get_integer (kf, "hearings", keys[i], &local);

          if (local != NULL || n < 2 || n > 21)
            {
              g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                           "%s: [hearings] quorum: give a number of panel members from 2 to 21",
                           self->path);
              return FALSE;
            }
          self->quorum = (guint) n;
        }
      else if (g_str_equal (keys[i], "bank-holidays") || g_str_equal (keys[i], "not-bank-holidays"))
        {
          GStrv *days = g_str_equal (keys[i], "bank-holidays") ? &self->bank_holidays
                                                               : &self->not_bank_holidays;
          g_strfreev (*days);
          *days = g_key_file_get_string_list (kf, "hearings", keys[i], NULL, error);
          if (*days == NULL)
            return FALSE;
          for (guint j = 0; (*days)[j]; j++)
            {
              g_strstrip ((*days)[j]);
              if (!docket_validate_date (keys[i], (*days)[j], error))
                {
                  g_prefix_error (error, "%s: [hearings] ", self->path);
                  return FALSE;
                }
            }
        }
      else
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s: [hearings] %s: unknown setting; use notice-days, quorum, bank-holidays or not-bank-holidays",
                       self->path, keys[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
load_authority (DocketConfig *self, GKeyFile *kf, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (kf, "authority", NULL, NULL);
  gboolean name_set = FALSE, contact_set = FALSE;

  for (guint i = 0; keys && keys[i]; i++)
    {
      g_autofree char *value = g_key_file_get_string (kf, "authority", keys[i], error);

      if (value == NULL)
        return FALSE;
      g_strstrip (value);
      if (!docket_validate_text (keys[i], value, 300, TRUE, error))
        {
          g_prefix_error (error, "%s: [authority] ", self->path);
          return FALSE;
        }
      if (g_str_equal (keys[i], "name"))
        { g_free (self->authority_name); self->authority_name = g_steal_pointer (&value); name_set = TRUE; }
      else if (g_str_equal (keys[i], "time-zone"))
        {
          g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (value);
          if (tz == NULL)
            {
              g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                           "%s: [authority] time-zone: '%s' is not a time zone this machine knows "
                           "(such as Europe/London)", self->path, value);
              return FALSE;
            }
          g_free (self->time_zone);
          self->time_zone = g_steal_pointer (&value);
        }
      else if (g_str_equal (keys[i], "contact"))
        { g_free (self->authority_contact); self->authority_contact = g_steal_pointer (&value); contact_set = TRUE; }
      else if (g_str_equal (keys[i], "templates"))
        {
          if (!g_path_is_absolute (value) || !g_file_test (value, G_FILE_TEST_IS_DIR))
            {
              g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                           "%s: [authority] templates: '%s' is not a folder (give its absolute path)",
                           self->path, value);
              return FALSE;
            }
          g_free (self->templates);
          self->templates = g_steal_pointer (&value);
        }
      else
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s: [authority] %s: unknown setting; use name, contact, time-zone or templates",
                       self->path, keys[i]);
          return FALSE;
        }
    }
  self->authority_set = name_set && contact_set;
  return TRUE;
}

/* Look-back periods after the Institute of Licensing's guidance: the
 * most serious categories weigh for ever. */
static const int default_lookback[DOCKET_N_OFFENCE_CATEGORIES] = {
  [DOCKET_OFFENCE_CATEGORY_CRIMES_RESULTING_IN_DEATH] = -1,
  [DOCKET_OFFENCE_CATEGORY_EXPLOITATION] = -1,
  [DOCKET_OFFENCE_CATEGORY_SEXUAL] = -1,
  [DOCKET_OFFENCE_CATEGORY_VIOLENCE] = 10,
  [DOCKET_OFFENCE_CATEGORY_WEAPONS] = 7,
  [DOCKET_OFFENCE_CATEGORY_DISHONESTY] = 7,
  [DOCKET_OFFENCE_CATEGORY_DRUGS] = 7,
  [DOCKET_OFFENCE_CATEGORY_DISCRIMINATION] = 7,
  [DOCKET_OFFENCE_CATEGORY_DRINK_DRIVING] = 7,
  [DOCKET_OFFENCE_CATEGORY_MOTORING] = 5,
  [DOCKET_OFFENCE_CATEGORY_OTHER] = 3,
};

static gboolean
section_number (DocketConfig *self, GKeyFile *kf, const char *section, const char *key, int min, int max,
                const char *unit, guint *out, GError **error)
{
  g_autofree char *raw = g_key_file_get_string (kf, section, key, NULL);
  char *end = NULL;
  gint64 v;

  if (raw != NULL)
    g_strstrip (raw);
  v = raw && *raw ? g_ascii_strtoll (raw, &end, 10) : -1;
  if (raw == NULL || *raw == '\0' || *end != '\0' || v < min || v > max)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "%s: [%s] %s: give a number of %s from %d to %d",
                   self->path, section, key, unit, min, max);
      return FALSE;
    }
  *out = (guint) v;
  return TRUE;
}

static gboolean
policy_number (DocketConfig *self, GKeyFile *kf, const char *key, int min, int max,
               const char *unit, guint *out, GError **error)
{
  return section_number (self, kf, "policy", key, min, max, unit, out, error);
}

/* [retention]: how long records are kept once a licence ends. */
static gboolean
load_retention (DocketConfig *self, GKeyFile *kf, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (kf, "retention", NULL, NULL);

  for (guint i = 0; keys && keys[i]; i++)
    {
      const char *key = keys[i];

      if (g_str_equal (key, "years-after-end"))
        {
          if (!section_number (self, kf, "retention", key, 1, 100, "years", &self->retention_years, error))
            return FALSE;
        }
      else if (g_str_equal (key, "safeguarding-years"))
        {
          /* The national register keeps an entry 11 years: a decision on
           * safeguarding grounds is kept at least as long. */
          if (!section_number (self, kf, "retention", key, DOCKET_MIN_RETENTION_SAFEGUARDING_YEARS, 100,
                               "years (at least 11, as the national register keeps its entries)",
                               &self->retention_safeguarding_years, error))
            return FALSE;
        }
      else if (g_str_equal (key, "erase"))
        {
          g_autoptr(GError) local = NULL;
          self->retention_erase = g_key_file_get_boolean (kf, "retention", key, &local);
          if (local != NULL)
            {
              g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                           "%s: [retention] erase: give true or false", self->path);
              return FALSE;
            }
        }
      else
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s: [retention] %s: unknown setting; use years-after-end, "
                       "safeguarding-years or erase", self->path, key);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
load_policy (DocketConfig *self, GKeyFile *kf, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (kf, "policy", NULL, NULL);

  for (guint i = 0; keys && keys[i]; i++)
    {
      const char *key = keys[i];

      if (g_str_equal (key, "rules"))
        {
          g_auto(GStrv) rules = g_key_file_get_string_list (kf, "policy", key, NULL, error);
          if (rules == NULL)
            return FALSE;
          self->policy_rules = 0;
          for (guint j = 0; rules[j]; j++)
            {
              int rule = docket_enum_from_string (docket_policy_rule_names, g_strstrip (rules[j]));
              if (*rules[j] == '\0')
                continue;
              if (rule < 0)
                {
                  g_autofree char *allowed = docket_enum_describe (docket_policy_rule_names);
                  g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                               "%s: [policy] rules: %s is not a rule; use %s",
                               self->path, rules[j], allowed);
                  return FALSE;
                }
              self->policy_rules |= 1u << rule;
            }
        }
      else if (g_str_equal (key, "training-final-days"))
        {
          if (!policy_number (self, kf, key, 0, 3650, "days", &self->training_final_days, error))
            return FALSE;
        }
      else if (g_str_equal (key, "dbs-update-months"))
        {
          /* The statutory standards ask for a check at least every 6 months. */
          if (!policy_number (self, kf, key, 1, 6, "months (the statutory standards ask for "
                              "a check at least every 6)", &self->dbs_update_months, error))
            return FALSE;
        }
      else if (g_str_equal (key, "complaints-threshold"))
        {
          if (!policy_number (self, kf, key, 1, 1000, "complaints", &self->complaints_threshold, error))
            return FALSE;
        }
      else if (g_str_equal (key, "complaints-months"))
        {
          if (!policy_number (self, kf, key, 1, 120, "months", &self->complaints_months, error))
            return FALSE;
        }
      else if (g_str_equal (key, "self-report-hours"))
        {
          if (!policy_number (self, kf, key, 24, 720, "hours", &self->self_report_hours, error))
            return FALSE;
        }
      else if (g_str_equal (key, "audit-every-days"))
        {
          if (!policy_number (self, kf, key, 0, 366, "days (0: on demand only)",
                              &self->audit_every_days, error))
            return FALSE;
        }
      else if (g_str_equal (key, "expire-licences"))
        {
          g_autoptr(GError) local = NULL;
          self->expire_licences = g_key_file_get_boolean (kf, "policy", key, &local);
          if (local != NULL)
            {
              g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                           "%s: [policy] expire-licences: give true or false", self->path);
              return FALSE;
            }
        }
      else if (g_str_has_prefix (key, "lookback-") &&
               docket_enum_from_string (docket_offence_category_names,
                                        key + strlen ("lookback-")) >= 0)
        {
          int cat = docket_enum_from_string (docket_offence_category_names, key + strlen ("lookback-"));
          g_autofree char *raw = g_key_file_get_string (kf, "policy", key, NULL);
          guint years;

          if (raw != NULL && g_str_equal (g_strstrip (raw), "forever"))
            self->lookback_years[cat] = -1;
          else if (!policy_number (self, kf, key, 1, 100, "years (or forever)", &years, error))
            return FALSE;
          else
            self->lookback_years[cat] = (int) years;
        }
      else
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s: [policy] %s: unknown setting; use rules, training-final-days, "
                       "dbs-update-months, complaints-threshold, complaints-months, "
                       "self-report-hours, audit-every-days, expire-licences or "
                       "lookback-CATEGORY", self->path, key);
          return FALSE;
        }
    }
  return TRUE;
}

DocketConfig *
docket_config_new_defaults (void)
{
  DocketConfig *self = g_atomic_rc_box_new0 (DocketConfig);

  self->user_roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->notice_days = DOCKET_DEFAULT_NOTICE_DAYS;
  self->quorum = DOCKET_DEFAULT_QUORUM;
  self->bank_holidays = g_new0 (char *, 1);
  self->not_bank_holidays = g_new0 (char *, 1);
  self->holidays.added = (const char * const *) self->bank_holidays;
  self->holidays.removed = (const char * const *) self->not_bank_holidays;
  self->time_zone = g_strdup (DOCKET_DEFAULT_TIME_ZONE);
  self->authority_name = g_strdup ("The Licensing Authority");
  self->authority_contact = g_strdup ("Write to the Licensing Service");
  self->policy_rules = (1u << DOCKET_N_POLICY_RULES) - 1;
  self->training_final_days = DOCKET_DEFAULT_TRAINING_FINAL_DAYS;
  self->dbs_update_months = DOCKET_DEFAULT_DBS_UPDATE_MONTHS;
  self->complaints_threshold = DOCKET_DEFAULT_COMPLAINTS_THRESHOLD;
  self->complaints_months = DOCKET_DEFAULT_COMPLAINTS_MONTHS;
  self->self_report_hours = DOCKET_DEFAULT_SELF_REPORT_HOURS;
  self->audit_every_days = DOCKET_DEFAULT_AUDIT_EVERY_DAYS;
  self->expire_licences = TRUE;
  self->retention_years = DOCKET_DEFAULT_RETENTION_YEARS;
  self->retention_safeguarding_years = DOCKET_MIN_RETENTION_SAFEGUARDING_YEARS;
  self->retention_erase = TRUE;
  memcpy (self->lookback_years, default_lookback, sizeof default_lookback);
  return self;
}

DocketConfig *
docket_config_load (const char  *path,
                    GError     **error)
{
  g_autoptr(DocketConfig) self = docket_config_new_defaults ();
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_auto(GStrv) groups = NULL;

  if (path == NULL)
    {
      const char *confdir = g_getenv ("CONFIGURATION_DIRECTORY");
      g_autofree char *a = confdir ? g_build_filename (confdir, "docketd.conf", NULL) : NULL;
      g_autofree char *b = g_build_filename (SYSCONFDIR, "docket", "docketd.conf", NULL);

      if (a && g_file_test (a, G_FILE_TEST_EXISTS))
        self->path = g_steal_pointer (&a);
      else if (g_file_test (b, G_FILE_TEST_EXISTS))
        self->path = g_steal_pointer (&b);
      else
        return g_steal_pointer (&self);  /* defaults */
    }
  else
    self->path = g_strdup (path);

  if (!g_key_file_load_from_file (kf, self->path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", self->path);
      return NULL;
    }

  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i]; i++)
    {
      if (g_str_equal (groups[i], "roles"))
        {
          if (!load_roles (self, kf, error))
            return NULL;
        }
      else if (g_str_equal (groups[i], "hearings"))
        {
          if (!load_hearings (self, kf, error))
            return NULL;
        }
      else if (g_str_equal (groups[i], "policy"))
        {
          if (!load_policy (self, kf, error))
            return NULL;
        }
      else if (g_str_equal (groups[i], "retention"))
        {
          if (!load_retention (self, kf, error))
            return NULL;
        }
      else if (g_str_equal (groups[i], "authority"))
        {
          if (!load_authority (self, kf, error))
            return NULL;
        }
      else
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s: unknown section [%s]", self->path, groups[i]);
          return NULL;
        }
    }
  self->holidays.added = (const char * const *) self->bank_holidays;
  self->holidays.removed = (const char * const *) self->not_bank_holidays;
  return g_steal_pointer (&self);
}
