/* Unit tests of common/: validation, enums, the error domain. */
#include "config.h"

#include <glib/gstdio.h>

#include <string.h>

#include "docket-enums.h"
#include "docket-test-helpers.h"
#include "docket-error.h"
#include "docket-input.h"
#include "docket-validate.h"

static void
assert_valid (const char *key, const char *value)
{
  g_autoptr(GError) error = NULL;
  const DocketFieldSpec *spec = docket_field_spec_lookup (docket_driver_fields, key);
  g_autofree char *norm = docket_field_normalize (spec, value);

  g_assert_true (docket_field_validate (spec, norm, &error));
  g_assert_no_error (error);
}

static void
assert_invalid (const char *key, const char *value, const char *fragment)
{
  g_autoptr(GError) error = NULL;
  const DocketFieldSpec *spec = docket_field_spec_lookup (docket_driver_fields, key);
  g_autofree char *norm = docket_field_normalize (spec, value);

  g_assert_false (docket_field_validate (spec, norm, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT);
  if (fragment)
    g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_dates (void)
{
  assert_valid ("expires", "2024-02-29");
  assert_invalid ("expires", "2023-02-29", "expiry date 2023-02-29 is not a valid date");
  assert_invalid ("expires", "2016-02-30", "expiry date 2016-02-30 is not a valid date");
  assert_invalid ("expires", "2016-13-01", "not a valid date");
  assert_invalid ("expires", "2016-1-01", "YYYY-MM-DD");
  assert_invalid ("expires", "16-01-2016", "YYYY-MM-DD");
  assert_invalid ("expires", "2016-01-0x", "YYYY-MM-DD");
  assert_invalid ("expires", "2016/01/01", "YYYY-MM-DD");
  assert_invalid ("expires", "1899-12-31", "not a valid date");
  /* past_only fields refuse the future */
  g_setenv ("DOCKET_TODAY", "2020-06-01", TRUE);
  assert_valid ("dob", "1980-01-01");
  assert_invalid ("dob", "2020-06-02", "date of birth 2020-06-02 is in the future");
  g_unsetenv ("DOCKET_TODAY");
}

static void
test_identifiers (void)
{
  assert_valid ("ni-number", "AB123456C");
  assert_valid ("ni-number", "ab 12 34 56 c");
  assert_invalid ("ni-number", "AB123456E", "National Insurance number");
  assert_invalid ("ni-number", "DA123456A", NULL);   /* D never first */
  assert_invalid ("ni-number", "AO123456A", NULL);   /* O never second */
  assert_invalid ("ni-number", "GB123456A", NULL);   /* never issued */
  assert_invalid ("ni-number", "AB12345C", NULL);
  assert_valid ("dvla-number", "MORGA753116SM9IJ");
  assert_valid ("dvla-number", "mor99 753116 sm9ij");
  assert_invalid ("dvla-number", "MORGA753116SM9I", "16-character");
  assert_invalid ("dvla-number", "MORGA75311XSM9IJ", NULL);
  assert_valid ("licence", "PH-01234");
  assert_valid ("licence", "hc/2016/7");
  assert_invalid ("licence", "-PH", "letters, digits");
  assert_valid ("dbs-certificate", "001234567890");
  assert_invalid ("dbs-certificate", "12345", "12 digits");
  assert_valid ("email", "a.b@example.org");
  assert_invalid ("email", "a.b@example", "email");
  assert_invalid ("email", "@example.org", NULL);
  assert_valid ("phone", "+44 (0)1632 960 001");
  assert_invalid ("phone", "12ab", "phone");
}

static void
test_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_name = g_strnfill (201, 'a');

  assert_valid ("name", "Siân O'Neill-Jones");
  assert_invalid ("name", long_name, "full name is 201 characters long; at most 200");
  assert_invalid ("name", "two\nlines", "control character");
  assert_valid ("address", "1 High Street\nTown");
  g_assert_false (docket_validate_text ("x", "bad \xff utf8", 10, FALSE, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "not valid UTF-8"));
}

static void
test_enums (void)
{
  g_autofree char *d = docket_enum_describe (docket_licence_kind_names);

  g_assert_cmpstr (d, ==, "hackney, private-hire or dual");
  g_assert_cmpint (docket_enum_from_string (docket_role_names, "board-member"), ==, DOCKET_ROLE_BOARD_MEMBER);
  g_assert_cmpint (docket_enum_from_string (docket_role_names, "chair"), ==, -1);
  g_assert_cmpint (docket_enum_from_string (docket_role_names, NULL), ==, -1);
  assert_invalid ("kind", "taxi", "kind 'taxi' is not known; use hackney, private-hire or dual");
  assert_invalid ("status", "banned", "status 'banned' is not known");
}

static void
test_status_changes (void)
{
  g_assert_true (docket_driver_status_change_allowed (DOCKET_DRIVER_STATUS_APPLICANT, DOCKET_DRIVER_STATUS_ACTIVE));
  g_assert_true (docket_driver_status_change_allowed (DOCKET_DRIVER_STATUS_ACTIVE, DOCKET_DRIVER_STATUS_REVOKED));
  g_assert_true (docket_driver_status_change_allowed (DOCKET_DRIVER_STATUS_SUSPENDED, DOCKET_DRIVER_STATUS_ACTIVE));
  g_assert_true (docket_driver_status_change_allowed (DOCKET_DRIVER_STATUS_REVOKED, DOCKET_DRIVER_STATUS_APPLICANT));
  g_assert_false (docket_driver_status_change_allowed (DOCKET_DRIVER_STATUS_REVOKED, DOCKET_DRIVER_STATUS_ACTIVE));
  g_assert_false (docket_driver_status_change_allowed (DOCKET_DRIVER_STATUS_REFUSED, DOCKET_DRIVER_STATUS_ACTIVE));
  g_assert_false (docket_driver_status_change_allowed (DOCKET_DRIVER_STATUS_EXPIRED, DOCKET_DRIVER_STATUS_SUSPENDED));
  g_assert_false (docket_driver_status_change_allowed (DOCKET_DRIVER_STATUS_APPLICANT, DOCKET_DRIVER_STATUS_REVOKED));
}

#define record docket_test_record

static void
test_records (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) ok = record ("licence", "ph-1", "kind", "dual", "name", " Ann ", NULL);
  g_autoptr(GVariant) norm = docket_validate_record (docket_driver_fields, ok, TRUE, &error);
  g_autoptr(GVariant) missing = record ("licence", "PH-1", "kind", "dual", NULL);
  g_autoptr(GVariant) unknown = record ("licence", "PH-1", "colour", "red", NULL);
  g_autoptr(GVariant) empty = record ("name", "  ", NULL);
  g_autoptr(GVariant) clear = record ("badge", "", NULL);
  g_autoptr(GVariant) res = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) wrong_type = NULL;
  g_autoptr(GVariant) twice = NULL;
  const char *v;

  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (norm, "licence", "&s", &v));
  g_assert_cmpstr (v, ==, "PH-1");
  g_assert_true (g_variant_lookup (norm, "name", "&s", &v));
  g_assert_cmpstr (v, ==, "Ann");

  res = docket_validate_record (docket_driver_fields, missing, TRUE, &error);
  g_assert_null (res);
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "full name is required");
  g_clear_error (&error);

  res = docket_validate_record (docket_driver_fields, unknown, FALSE, &error);
  g_assert_null (res);
  g_assert_cmpstr (error->message, ==, "unknown field 'colour'");
  g_clear_error (&error);

  res = docket_validate_record (docket_driver_fields, empty, FALSE, &error);
  g_assert_null (res);
  g_assert_cmpstr (error->message, ==, "full name must not be empty");
  g_clear_error (&error);

  /* An optional field may be cleared with an empty string. */
  res = docket_validate_record (docket_driver_fields, clear, FALSE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&res, g_variant_unref);

  g_variant_builder_add (&b, "{sv}", "name", g_variant_new_int32 (3));
  wrong_type = g_variant_ref_sink (g_variant_builder_end (&b));
  res = docket_validate_record (docket_driver_fields, wrong_type, FALSE, &error);
  g_assert_null (res);
  g_assert_cmpstr (error->message, ==, "full name must be a string, not i");
  g_clear_error (&error);

  twice = g_variant_ref_sink (g_variant_new_parsed ("{'name': <'A'>, 'name': <'B'>}"));
  res = docket_validate_record (docket_driver_fields, twice, FALSE, &error);
  g_assert_null (res);
  g_assert_cmpstr (error->message, ==, "full name is given twice");
}

static void
test_error_domain (void)
{
  g_autoptr(GError) remote = NULL;
  g_autofree char *msg = NULL;

  g_assert_cmpstr (docket_error_to_dbus_name (DOCKET_ERROR_TAMPERED), ==,
                   "org.docket.Docket1.Error.Tampered");
  remote = g_dbus_error_new_for_dbus_error ("org.docket.Docket1.Error.NotFound", "Licence X: no such driver");
  g_assert_error (remote, DOCKET_ERROR, DOCKET_ERROR_NOT_FOUND);
  msg = docket_error_message (remote);
  g_assert_cmpstr (msg, ==, "Licence X: no such driver");
}

/* An error that names its record keeps the mark through a copy and a
 * prefix; one that does not is not marked. */
static void
test_error_names_record (void)
{
  g_autoptr(GError) named = NULL, plain = NULL, copy = NULL;

  g_assert_false (docket_error_set_named (&named, DOCKET_ERROR_CONFLICT, "Case %d: already decided", 4));
  g_assert_error (named, DOCKET_ERROR, DOCKET_ERROR_CONFLICT);
  g_assert_cmpstr (named->message, ==, "Case 4: already decided");
  g_assert_true (docket_error_names_record (named));
  copy = g_error_copy (named);
  g_assert_true (docket_error_names_record (copy));

  docket_error_set (&plain, DOCKET_ERROR_INVALID_ARGUMENT, "Licence text that is not a name");
  g_assert_false (docket_error_names_record (plain));
  docket_error_prefix_named (&plain, "Hearing %d: ", 2);
  g_assert_cmpstr (plain->message, ==, "Hearing 2: Licence text that is not a name");
  g_assert_true (docket_error_names_record (plain));
  g_assert_false (docket_error_names_record (NULL));
  docket_error_prefix_named (NULL, "ignored");
}

/* The readers of a{sv} input: types, trimming, empty values, dates in the
 * past, enumerations and numbers, each refusal naming the field. */
static void
test_input (void)
{
  g_autoptr(GVariant) in = NULL;
  g_autofree char *text = NULL, *empty = NULL, *date = NULL;
  g_autoptr(GError) error = NULL;
  GVariantDict d;
  static const char * const colours[] = { "red", "green", NULL };
  int colour = 0;
  gboolean flag = TRUE;
  guint n = 0;

  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, "name", "s", "  Ann  ");
  g_variant_dict_insert (&d, "blank", "s", "  ");
  g_variant_dict_insert (&d, "when", "s", "2016-02-30");
  g_variant_dict_insert (&d, "later", "s", "2199-01-01");
  g_variant_dict_insert (&d, "colour", "s", "blue");
  g_variant_dict_insert (&d, "count", "u", 7);
  g_variant_dict_insert (&d, "wrong", "i", 1);
  in = g_variant_ref_sink (g_variant_dict_end (&d));

  g_assert_true (docket_input_text (in, "name", NULL, 10, DOCKET_INPUT_NONE, &text, &error));
  g_assert_cmpstr (text, ==, "Ann");
  g_assert_true (docket_input_text (in, "blank", NULL, 10, DOCKET_INPUT_NONE, &empty, &error));
  g_assert_null (empty);
  g_assert_true (docket_input_text (in, "blank", NULL, 10, DOCKET_INPUT_KEEP_EMPTY, &empty, &error));
  g_assert_cmpstr (empty, ==, "");
  g_assert_true (docket_input_text (in, "absent", NULL, 10, DOCKET_INPUT_NONE, &date, &error));
  g_assert_null (date);

  g_assert_false (docket_input_text (in, "name", "full name", 2, DOCKET_INPUT_NONE, &date, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "full name"));
  g_clear_error (&error);
  g_assert_false (docket_input_text (in, "wrong", NULL, 10, DOCKET_INPUT_NONE, &date, &error));
  g_assert_cmpstr (error->message, ==, "wrong must be of type s, not i");
  g_clear_error (&error);

  g_assert_false (docket_input_date (in, "when", "hearing date", DOCKET_INPUT_NONE, &date, &error));
  g_assert_nonnull (strstr (error->message, "hearing date 2016-02-30"));
  g_assert_null (date);
  g_clear_error (&error);
  g_assert_true (docket_input_date (in, "later", NULL, DOCKET_INPUT_NONE, &date, &error));
  g_clear_pointer (&date, g_free);
  g_assert_false (docket_input_date (in, "later", "training date", DOCKET_INPUT_PAST, &date, &error));
  g_assert_nonnull (strstr (error->message, "training date 2199-01-01 is in the future"));
  g_clear_error (&error);

  g_assert_false (docket_input_enum (in, "colour", NULL, colours, &colour, &error));
  g_assert_cmpstr (error->message, ==, "colour 'blue' is not one of red or green");
  g_assert_cmpint (colour, ==, -1);
  g_clear_error (&error);
  g_assert_true (docket_input_enum (in, "absent", NULL, colours, &colour, &error));
  g_assert_cmpint (colour, ==, -1);

  g_assert_true (docket_input_bool (in, "absent", &flag, &error));
  g_assert_false (flag);
  g_assert_true (docket_input_uint (in, "count", 3, 10, &n, &error));
  g_assert_cmpuint (n, ==, 7);
  g_assert_true (docket_input_uint (in, "absent", 3, 10, &n, &error));
  g_assert_cmpuint (n, ==, 3);
  g_assert_false (docket_input_uint (in, "count", 3, 5, &n, &error));
  g_assert_cmpstr (error->message, ==, "count 7 is more than 5");
}

/* Bank holidays of England and Wales, against the gov.uk list. */
static void
test_bank_holidays (void)
{
  static const struct { const char *date; gboolean holiday; } days[] = {
    /* Christmas 2027 falls on a Saturday: Monday and Tuesday instead. */
    { "2027-12-25", FALSE }, { "2027-12-27", TRUE }, { "2027-12-28", TRUE }, { "2027-12-29", FALSE },
    /* Christmas 2022 on a Sunday: Boxing Day Monday, Christmas Tuesday. */
    { "2022-12-26", TRUE }, { "2022-12-27", TRUE },
    /* 2026: Christmas on Friday, Boxing Day's substitute the Monday. */
    { "2026-12-25", TRUE }, { "2026-12-28", TRUE },
    /* New Year 2028 on a Saturday; 2023 on a Sunday. */
    { "2028-01-03", TRUE }, { "2023-01-02", TRUE }, { "2023-01-03", FALSE },
    /* Easter 2027 is 28 March; 2025 was 20 April; 2038 is 25 April. */
    { "2027-03-26", TRUE }, { "2027-03-29", TRUE }, { "2025-04-18", TRUE }, { "2025-04-21", TRUE },
    { "2038-04-23", TRUE }, { "2038-04-26", TRUE },
    /* Early May, late May and August across years. */
    { "2026-05-04", TRUE }, { "2026-05-25", TRUE }, { "2026-08-31", TRUE },
    { "2027-05-03", TRUE }, { "2027-05-31", TRUE }, { "2027-08-30", TRUE },
    { "2028-05-01", TRUE }, { "2028-05-29", TRUE }, { "2028-08-28", TRUE },
    /* One-off changes by proclamation. */
    { "2020-05-04", FALSE }, { "2020-05-08", TRUE },
    { "2022-05-30", FALSE }, { "2022-06-02", TRUE }, { "2022-06-03", TRUE }, { "2022-09-19", TRUE },
    { "2023-05-08", TRUE }, { "2023-05-01", TRUE }, { "2012-06-04", TRUE }, { "2012-06-05", TRUE },
    { "2012-05-28", FALSE }, { "2011-04-29", TRUE }, { "1999-12-31", TRUE },
    /* Ordinary days. */
    { "2026-12-02", FALSE }, { "2027-03-25", FALSE },
  };
  const char *added[] = { "2027-06-04", NULL }, *removed[] = { "2027-12-28", NULL };
  DocketHolidayAdjust adjust = { added, removed };
  g_auto(GStrv) year = docket_bank_holidays_of_year (2027, NULL);
  g_autofree char *d = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    if (docket_is_bank_holiday (days[i].date, NULL) != days[i].holiday)
      g_error ("%s: expected %s", days[i].date, days[i].holiday ? "a bank holiday" : "no bank holiday");

  /* eight a year, named */
  g_assert_cmpuint (g_strv_length (year), ==, 8);
  g_assert_cmpstr (year[0], ==, "2027-01-01 New Year's Day");
  g_assert_cmpstr (year[7], ==, "2027-12-28 Boxing Day (substitute day)");
  g_clear_pointer (&year, g_strfreev);
  year = docket_bank_holidays_of_year (2022, NULL);
  g_assert_cmpuint (g_strv_length (year), ==, 10);

  /* docketd.conf may add and take away days. */
  g_assert_true (docket_is_bank_holiday ("2027-06-04", &adjust));
  g_assert_false (docket_is_bank_holiday ("2027-12-28", &adjust));
  g_assert_true (docket_is_bank_holiday ("2027-12-27", &adjust));

  /* Working days: 5 after Thursday 23 December 2027 skip the weekend,
   * both substitute days and the next weekend... */
  d = docket_date_add_working_days ("2027-12-23", 5, NULL);
  g_assert_cmpstr (d, ==, "2028-01-04");   /* 24, 29, 30, 31 Dec, (3 Jan is New Year's substitute), 4 Jan */
  g_clear_pointer (&d, g_free);
  /* ...and over Easter 2027: Thursday 25 March + 1 is Tuesday 30 March. */
  d = docket_date_add_working_days ("2027-03-25", 1, NULL);
  g_assert_cmpstr (d, ==, "2027-03-30");
  g_clear_pointer (&d, g_free);
  /* 20 working days (an NR3S s.3 request) from Monday 1 May 2028. */
  d = docket_date_add_working_days ("2028-05-01", 20, NULL);
  g_assert_cmpstr (d, ==, "2028-05-30");
  g_assert_true (docket_is_working_day ("2027-12-29", NULL));
  g_assert_false (docket_is_working_day ("2027-12-27", NULL));
  g_assert_false (docket_is_working_day ("2027-12-26", NULL));
}

/* The council's date: Europe/London, not UTC. */
static void
test_council_date (void)
{
  g_autofree char *dir = g_dir_make_tmp ("docket-clock-XXXXXX", NULL);
  g_autofree char *clock = g_build_filename (dir, "clock", NULL);
  g_autofree char *today = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("DOCKET_CLOCK_FILE", clock, TRUE);
  /* 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time. */
  g_assert_true (g_file_set_contents (clock, "2026-06-30T23:30:00Z\n", -1, NULL));
  today = docket_today ();
  g_assert_cmpstr (today, ==, "2026-07-01");
  g_clear_pointer (&today, g_free);
  /* In winter London is on UTC. */
  g_assert_true (g_file_set_contents (clock, "2026-12-31T23:30:00Z", -1, NULL));
  today = docket_today ();
  g_assert_cmpstr (today, ==, "2026-12-31");
  g_clear_pointer (&today, g_free);
  /* A date alone is that date. */
  g_assert_true (g_file_set_contents (clock, "2027-03-28", -1, NULL));
  today = docket_today ();
  g_assert_cmpstr (today, ==, "2027-03-28");
  g_clear_pointer (&today, g_free);
  /* Another zone, when docketd.conf names one. */
  g_assert_true (g_file_set_contents (clock, "2026-06-30T23:30:00Z", -1, NULL));
  g_assert_true (docket_calendar_set_time_zone ("UTC", NULL));
  today = docket_today ();
  g_assert_cmpstr (today, ==, "2026-06-30");
  g_clear_pointer (&today, g_free);
  g_assert_false (docket_calendar_set_time_zone ("Europe/Nowhere", &error));
  g_assert_nonnull (strstr (error->message, "Europe/Nowhere"));
  g_assert_true (docket_calendar_set_time_zone ("Europe/London", NULL));
  g_unsetenv ("DOCKET_CLOCK_FILE");
  g_unlink (clock);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/common/dates", test_dates);
  g_test_add_func ("/common/bank-holidays", test_bank_holidays);
  g_test_add_func ("/common/council-date", test_council_date);
  g_test_add_func ("/common/identifiers", test_identifiers);
  g_test_add_func ("/common/text", test_text);
  g_test_add_func ("/common/enums", test_enums);
  g_test_add_func ("/common/status-changes", test_status_changes);
  g_test_add_func ("/common/records", test_records);
  g_test_add_func ("/common/error-domain", test_error_domain);
  g_test_add_func ("/common/error-names-record", test_error_names_record);
  g_test_add_func ("/common/input", test_input);
  return g_test_run ();
}
