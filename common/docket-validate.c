/* Field rules for driver records, convictions and notes. */
#include "config.h"

#include <string.h>

#include "docket-enums.h"
#include "docket-error.h"
#include "docket-validate.h"

const DocketFieldSpec docket_driver_fields[] = {
  { "licence",         "licence number",     DOCKET_FIELD_LICENCE,  32,   TRUE,  FALSE, FALSE, NULL },
  { "kind",            "kind",               DOCKET_FIELD_ENUM,     0,    TRUE,  FALSE, FALSE, docket_licence_kind_names },
  { "name",            "full name",          DOCKET_FIELD_LINE,     200,  TRUE,  FALSE, FALSE, NULL },
  { "status",          "status",             DOCKET_FIELD_ENUM,     0,    FALSE, FALSE, FALSE, docket_driver_status_names },
  { "badge",           "badge number",       DOCKET_FIELD_BADGE,    16,   FALSE, FALSE, FALSE, NULL },
  { "issued",          "issue date",         DOCKET_FIELD_DATE,     0,    FALSE, FALSE, TRUE,  NULL },
  { "expires",         "expiry date",        DOCKET_FIELD_DATE,     0,    FALSE, FALSE, FALSE, NULL },
  { "dob",             "date of birth",      DOCKET_FIELD_DATE,     0,    FALSE, TRUE,  TRUE,  NULL },
  { "address",         "home address",       DOCKET_FIELD_TEXT,     500,  FALSE, TRUE,  FALSE, NULL },
  { "phone",           "phone",              DOCKET_FIELD_PHONE,    32,   FALSE, TRUE,  FALSE, NULL },
  { "email",           "email",              DOCKET_FIELD_EMAIL,    254,  FALSE, TRUE,  FALSE, NULL },
  { "ni-number",       "National Insurance number", DOCKET_FIELD_NI_NUMBER, 9, FALSE, TRUE, FALSE, NULL },
  { "dvla-number",     "DVLA driving licence number", DOCKET_FIELD_DVLA_NUMBER, 16, FALSE, TRUE, FALSE, NULL },
  { "dbs-certificate", "DBS certificate number", DOCKET_FIELD_DBS_CERTIFICATE, 12, FALSE, TRUE, FALSE, NULL },
  { "dbs-disclosure",  "DBS disclosure details", DOCKET_FIELD_TEXT,  4000, FALSE, TRUE,  FALSE, NULL },
  { NULL }
};

const DocketFieldSpec docket_conviction_fields[] = {
  { "date",     "date",     DOCKET_FIELD_DATE, 0,   TRUE,  TRUE, TRUE,  NULL },
  { "kind",     "kind",     DOCKET_FIELD_ENUM, 0,   FALSE, TRUE, FALSE, docket_conviction_kind_names },
  { "offence",  "offence",  DOCKET_FIELD_LINE, 500, TRUE,  TRUE, FALSE, NULL },
  { "category", "category", DOCKET_FIELD_ENUM, 0,   TRUE,  TRUE, FALSE, docket_offence_category_names },
  { "sentence", "sentence", DOCKET_FIELD_LINE, 500, FALSE, TRUE, FALSE, NULL },
  { "reported", "date reported", DOCKET_FIELD_DATE, 0, FALSE, TRUE, TRUE, NULL },
  /* The times of day (optional: the end of the day when absent), for the
   * 48 hours of self-reporting. */
  { "time", "time", DOCKET_FIELD_TIME, 5, FALSE, TRUE, FALSE, NULL },
  { "reported-time", "time reported", DOCKET_FIELD_TIME, 5, FALSE, TRUE, FALSE, NULL },
  { NULL }
};

const DocketFieldSpec docket_note_fields[] = {
  { "kind", "kind", DOCKET_FIELD_ENUM, 0,    TRUE,  FALSE, FALSE, docket_note_kind_names },
  { "date", "date", DOCKET_FIELD_DATE, 0,    FALSE, FALSE, TRUE,  NULL },
  { "text", "text", DOCKET_FIELD_TEXT, 4000, TRUE,  TRUE,  FALSE, NULL },
  { NULL }
};

const DocketFieldSpec *
docket_field_spec_lookup (const DocketFieldSpec *specs,
                          const char            *key)
{
  for (const DocketFieldSpec *s = specs; s->key != NULL; s++)
    if (g_str_equal (s->key, key))
      return s;
  return NULL;
}

static void
parse_date (const char *date, GDate *out)
{
  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) g_ascii_strtoull (date + 8, NULL, 10),
                  (GDateMonth) g_ascii_strtoull (date + 5, NULL, 10),
                  (GDateYear) g_ascii_strtoull (date, NULL, 10));
}

static char *
format_date (const GDate *d)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (d), g_date_get_month (d),
                          g_date_get_day (d));
}

char *
docket_date_add_days (const char *date, int days)
{
  GDate d;

  parse_date (date, &d);
  if (days >= 0)
    g_date_add_days (&d, (guint) days);
  else
    g_date_subtract_days (&d, (guint) -days);
  return format_date (&d);
}

char *
docket_date_add_years (const char *date, int years)
{
  GDate d;

  parse_date (date, &d);
  if (years >= 0)
    g_date_add_years (&d, (guint) years);
  else
    g_date_subtract_years (&d, (guint) -years);
  return format_date (&d);
}

gboolean
docket_validate_keys (GVariant           *dict,
                      const char * const *allowed,
                      GError            **error)
{
  GVariantIter iter;
  const char *key;

  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_next (&iter, "{&sv}", &key, NULL))
    if (!g_strv_contains (allowed, key))
      {
        g_autofree char *list = docket_enum_describe (allowed);
        g_autofree char *shown = g_utf8_make_valid (key, -1);
        g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                     "unknown field '%s'; use %s", shown, list);
        return FALSE;
      }
  return TRUE;
}

char *
docket_date_add_months (const char *date, int months)
{
  GDate d;

  parse_date (date, &d);
  if (months >= 0)
    g_date_add_months (&d, (guint) months);
  else
    g_date_subtract_months (&d, (guint) -months);
  return format_date (&d);
}

int
docket_date_days_between (const char *from, const char *to)
{
  GDate a, b;

  parse_date (from, &a);
  parse_date (to, &b);
  return g_date_days_between (&a, &b);
}

gboolean
docket_validate_time (const char  *label,
                      const char  *value,
                      GError     **error)
{
  if (strlen (value) == 5 && g_ascii_isdigit (value[0]) && g_ascii_isdigit (value[1]) &&
      value[2] == ':' && g_ascii_isdigit (value[3]) && g_ascii_isdigit (value[4]) &&
      g_ascii_strtoull (value, NULL, 10) < 24 && g_ascii_strtoull (value + 3, NULL, 10) < 60)
    return TRUE;
  {
    g_autofree char *shown = g_utf8_make_valid (value, -1);
    g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                 "%s '%s' is not a time of the form HH:MM (24-hour)", label, shown);
  }
  return FALSE;
}

static gboolean
is_identifier (DocketFieldType type)
{
  return type == DOCKET_FIELD_LICENCE || type == DOCKET_FIELD_BADGE ||
         type == DOCKET_FIELD_NI_NUMBER || type == DOCKET_FIELD_DVLA_NUMBER ||
         type == DOCKET_FIELD_DBS_CERTIFICATE;
}

char *
docket_field_normalize (const DocketFieldSpec *spec,
                        const char            *value)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value));

  if (!is_identifier (spec->type))
    return g_steal_pointer (&trimmed);

  /* Identifiers are compared exactly, so take out the spaces people type
   * ("AB 12 34 56 C") and fold the case; non-ASCII bytes are left for the
   * validator to refuse. */
  {
    GString *s = g_string_sized_new (strlen (trimmed));
    for (const char *p = trimmed; *p != '\0'; p++)
      if (*p != ' ')
        g_string_append_c (s, g_ascii_toupper (*p));
    return g_string_free (s, FALSE);
  }
}

static gboolean
all_chars (const char *value, const char *allowed)
{
  for (const char *p = value; *p != '\0'; p++)
    if (strchr (allowed, *p) == NULL)
      return FALSE;
  return TRUE;
}

#define UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define DIGITS "0123456789"

gboolean
docket_validate_date (const char  *label,
                      const char  *value,
                      GError     **error)
{
  static const int digit_positions[] = { 0, 1, 2, 3, 5, 6, 8, 9 };
  guint y, m, d;

  for (gsize i = 0; i < G_N_ELEMENTS (digit_positions); i++)
    if (strlen (value) != 10 || !g_ascii_isdigit (value[digit_positions[i]]))
      goto malformed;
  if (value[4] != '-' || value[7] != '-')
    goto malformed;

  y = (guint) g_ascii_strtoull (value, NULL, 10);
  m = (guint) g_ascii_strtoull (value + 5, NULL, 10);
  d = (guint) g_ascii_strtoull (value + 8, NULL, 10);
  if (y < 1900 || y > 2200 || !g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "%s %s is not a valid date", label, value);
      return FALSE;
    }
  return TRUE;

malformed:
  {
    g_autofree char *shown = g_utf8_make_valid (value, -1);
    g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                 "%s '%s' is not a date of the form YYYY-MM-DD", label, shown);
    return FALSE;
  }
}

gboolean
docket_validate_text (const char  *label,
                      const char  *value,
                      guint        max_chars,
                      gboolean     multiline,
                      GError     **error)
{
  glong n;

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "%s is not valid UTF-8", label);
      return FALSE;
    }
  n = g_utf8_strlen (value, -1);
  if (max_chars > 0 && n > (glong) max_chars)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "%s is %ld characters long; at most %u are allowed",
                   label, n, max_chars);
      return FALSE;
    }
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if ((c == '\n' || c == '\r' || c == '\t') && multiline)
        continue;
      if (g_unichar_iscntrl (c))
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s contains a control character (U+%04X)", label, c);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
validate_ni_number (const char *v)
{
  /* HMRC's rules: two prefix letters (not D, F, I, Q, U, V; the second not
   * O either), six digits, a suffix A-D; some prefixes are never issued. */
  static const char * const bad_prefixes[] = { "BG", "GB", "NK", "KN", "TN", "NT", "ZZ", NULL };

  if (strlen (v) != 9)
    return FALSE;
  if (strchr ("DFIQUV", v[0]) || strchr ("DFIQUVO", v[1]) ||
      !g_ascii_isupper (v[0]) || !g_ascii_isupper (v[1]))
    return FALSE;
  for (int i = 2; i < 8; i++)
    if (!g_ascii_isdigit (v[i]))
      return FALSE;
  if (v[8] < 'A' || v[8] > 'D')
    return FALSE;
  for (int i = 0; bad_prefixes[i] != NULL; i++)
    if (strncmp (v, bad_prefixes[i], 2) == 0)
      return FALSE;
  return TRUE;
}

static gboolean
validate_dvla_number (const char *v)
{
  /* Surname (padded with 9), six digits coding the date of birth,
   * initials (padded with 9), a digit, two check characters. */
  if (strlen (v) != 16)
    return FALSE;
  for (int i = 0; i < 16; i++)
    {
      char c = v[i];
      gboolean ok;
      if (i < 5 || i == 11 || i == 12)
        ok = g_ascii_isupper (c) || c == '9';
      else if (i < 11 || i == 13)
        ok = g_ascii_isdigit (c);
      else
        ok = g_ascii_isupper (c) || g_ascii_isdigit (c);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
validate_email (const char *v)
{
  const char *at = strchr (v, '@');

  if (at == NULL || at == v || strchr (at + 1, '@') != NULL)
    return FALSE;
  if (strchr (v, ' ') != NULL)
    return FALSE;
  return strchr (at + 1, '.') != NULL && at[1] != '.' && v[strlen (v) - 1] != '.';
}

static gboolean
validate_phone (const char *v)
{
  guint digits = 0;

  if (!all_chars (v, DIGITS "+ ()-"))
    return FALSE;
  for (const char *p = v; *p; p++)
    if (g_ascii_isdigit (*p))
      digits++;
  return digits >= 6 && digits <= 15;
}

gboolean
docket_field_validate (const DocketFieldSpec *spec,
                       const char            *value,
                       GError               **error)
{
  if (!docket_validate_text (spec->label, value, spec->max_chars,
                             spec->type == DOCKET_FIELD_TEXT, error))
    return FALSE;

  switch (spec->type)
    {
    case DOCKET_FIELD_LINE:
    case DOCKET_FIELD_TEXT:
      return TRUE;

    case DOCKET_FIELD_TIME:
      return docket_validate_time (spec->label, value, error);

    case DOCKET_FIELD_DATE:
      if (!docket_validate_date (spec->label, value, error))
        return FALSE;
      if (spec->past_only)
        {
          g_autofree char *today = docket_today ();
          if (strcmp (value, today) > 0)
            {
              g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                           "%s %s is in the future", spec->label, value);
              return FALSE;
            }
        }
      return TRUE;

    case DOCKET_FIELD_ENUM:
      if (docket_enum_from_string (spec->enum_names, value) < 0)
        {
          g_autofree char *allowed = docket_enum_describe (spec->enum_names);
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s '%s' is not known; use %s", spec->label, value, allowed);
          return FALSE;
        }
      return TRUE;

    case DOCKET_FIELD_LICENCE:
    case DOCKET_FIELD_BADGE:
      if (!g_ascii_isalnum (value[0]) || !all_chars (value, UPPER DIGITS "-/"))
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s '%s' may hold only letters, digits, '-' and '/', "
                       "starting with a letter or digit", spec->label, value);
          return FALSE;
        }
      return TRUE;

    case DOCKET_FIELD_NI_NUMBER:
      if (!validate_ni_number (value))
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s is not of the form AB123456C", spec->label);
          return FALSE;
        }
      return TRUE;

    case DOCKET_FIELD_DVLA_NUMBER:
      if (!validate_dvla_number (value))
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s is not a 16-character DVLA licence number", spec->label);
          return FALSE;
        }
      return TRUE;

    case DOCKET_FIELD_DBS_CERTIFICATE:
      if (strlen (value) != 12 || !all_chars (value, DIGITS))
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s must be 12 digits", spec->label);
          return FALSE;
        }
      return TRUE;

    case DOCKET_FIELD_EMAIL:
      if (!validate_email (value))
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s is not an email address", spec->label);
          return FALSE;
        }
      return TRUE;

    case DOCKET_FIELD_PHONE:
      if (!validate_phone (value))
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s is not a phone number (6 to 15 digits, with + ( ) - and spaces)",
                       spec->label);
          return FALSE;
        }
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

GVariant *
docket_validate_record (const DocketFieldSpec *specs,
                        GVariant              *record,
                        gboolean               creating,
                        GError               **error)
{
  g_auto(GVariantBuilder) out = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GVariantIter iter;
  const char *key;
  GVariant *value_in;

  if (record == NULL || !g_variant_is_of_type (record, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error_literal (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                           "record must be a dictionary of type a{sv}");
      return NULL;
    }

  g_variant_iter_init (&iter, record);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value_in))
    {
      g_autoptr(GVariant) value = value_in;
      const DocketFieldSpec *spec = docket_field_spec_lookup (specs, key);
      g_autofree char *norm = NULL;

      if (spec == NULL)
        {
          g_autofree char *shown = g_utf8_make_valid (key, -1);
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "unknown field '%s'", shown);
          return NULL;
        }
      if (!g_hash_table_add (seen, (gpointer) spec->key))
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s is given twice", spec->label);
          return NULL;
        }
      if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s must be a string, not %s", spec->label,
                       g_variant_get_type_string (value));
          return NULL;
        }
      norm = docket_field_normalize (spec, g_variant_get_string (value, NULL));
      if (*norm == '\0')
        {
          if (spec->required)
            {
              g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                           "%s must not be empty", spec->label);
              return NULL;
            }
        }
      else if (!docket_field_validate (spec, norm, error))
        {
          return NULL;
        }
      g_variant_builder_add (&out, "{sv}", key, g_variant_new_string (norm));
    }

  if (creating)
    {
      for (const DocketFieldSpec *s = specs; s->key != NULL; s++)
        if (s->required && !g_variant_lookup (record, s->key, "&s", NULL))
          {
            g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                         "%s is required", s->label);
            return NULL;
          }
    }

  return g_variant_ref_sink (g_variant_builder_end (&out));
}

gboolean
docket_validate_user_name (const char  *user,
                           GError     **error)
{
  gsize len = user ? strlen (user) : 0;
  g_autofree char *shown = user ? g_utf8_make_valid (user, -1) : g_strdup ("");

  if (len == 0 || len > 32 || !(g_ascii_islower (user[0]) || user[0] == '_'))
    goto bad;
  for (gsize i = 1; i < len; i++)
    if (!(g_ascii_islower (user[i]) || g_ascii_isdigit (user[i]) ||
          user[i] == '_' || user[i] == '-' || (user[i] == '$' && i == len - 1)))
      goto bad;
  return TRUE;

bad:
  g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
               "User '%s': not a valid Unix user name", shown);
  return FALSE;
}
