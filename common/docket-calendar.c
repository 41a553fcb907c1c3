/* The council's calendar: local dates and the bank holidays of England and
 * Wales. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "docket-calendar.h"
#include "docket-error.h"

static GMutex zone_lock;
static GTimeZone *zone;

gboolean
docket_calendar_set_time_zone (const char  *id,
                               GError     **error)
{
  GTimeZone *tz = g_time_zone_new_identifier (id);

  if (tz == NULL)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "time-zone '%s' is not a time zone this machine knows (is tzdata installed?)", id);
      return FALSE;
    }
  g_mutex_lock (&zone_lock);
  g_clear_pointer (&zone, g_time_zone_unref);
  zone = tz;
  g_mutex_unlock (&zone_lock);
  return TRUE;
}

GTimeZone *
docket_calendar_get_time_zone (void)
{
  GTimeZone *tz;

  g_mutex_lock (&zone_lock);
  if (zone == NULL)
    {
      zone = g_time_zone_new_identifier (DOCKET_DEFAULT_TIME_ZONE);
      /* Without tzdata: UTC, which is London's time for half the year. */
      if (zone == NULL)
        zone = g_time_zone_new_utc ();
    }
  tz = g_time_zone_ref (zone);
  g_mutex_unlock (&zone_lock);
  return tz;
}

/* The moment a clock file or $DOCKET_TODAY holds, or NULL. */
static GDateTime *
fixed_moment (const char *text, GTimeZone *tz)
{
  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-')
    {
      guint64 y = g_ascii_strtoull (text, NULL, 10), m = g_ascii_strtoull (text + 5, NULL, 10),
              d = g_ascii_strtoull (text + 8, NULL, 10);
      if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
        return NULL;
      return g_date_time_new (tz, (int) y, (int) m, (int) d, 12, 0, 0);
    }
  return g_date_time_new_from_iso8601 (text, tz);
}

/* The text of the clock file $DOCKET_CLOCK_FILE names, trimmed, while it
 * exists; else NULL. */
static char *
clock_text (void)
{
  const char *clock = g_getenv ("DOCKET_CLOCK_FILE");
  char *text = NULL;

  if (clock == NULL || *clock == '\0' || !g_file_get_contents (clock, &text, NULL, NULL))
    return NULL;
  return g_strstrip (text);
}

GDateTime *
docket_clock_fixed_moment (void)
{
  g_autoptr(GTimeZone) tz = docket_calendar_get_time_zone ();
  g_autofree char *text = clock_text ();

  if (text == NULL || strlen (text) <= 10)
    return NULL;
  return g_date_time_new_from_iso8601 (text, tz);
}

GDateTime *
docket_now (void)
{
  g_autoptr(GTimeZone) tz = docket_calendar_get_time_zone ();
  g_autofree char *text = clock_text ();
  const char *fixed = g_getenv ("DOCKET_TODAY");
  GDateTime *moment = NULL;

  /* A clock a test or the demo moves while docketd runs: the moment in
   * the file, while the file exists and holds one. */
  if (text != NULL)
    moment = fixed_moment (text, tz);
  if (moment == NULL && fixed != NULL && *fixed != '\0')
    moment = fixed_moment (fixed, tz);
  if (moment == NULL)
    return g_date_time_new_now (tz);
  {
    GDateTime *local = g_date_time_to_timezone (moment, tz);
    g_date_time_unref (moment);
    return local;
  }
}

char *
docket_local_date (GDateTime *moment)
{
  g_autoptr(GTimeZone) tz = docket_calendar_get_time_zone ();
  g_autoptr(GDateTime) local = g_date_time_to_timezone (moment, tz);

  return g_date_time_format (local, "%Y-%m-%d");
}

char *
docket_today (void)
{
  g_autoptr(GDateTime) now = docket_now ();

  return docket_local_date (now);
}

/* ---- Bank holidays ------------------------------------------------------ */

typedef struct {
  guint       julian;
  const char *name;
} Holiday;

/* Changes by proclamation: a day moved, or one added. */
typedef struct {
  guint16     year;
  guint8      month, day;
  guint8      moved_month, moved_day;   /* the usual day it replaces, or 0 */
  const char *name;
} OneOff;

static const OneOff one_offs[] = {
  { 1977, 6, 7, 0, 0, "Silver Jubilee of Elizabeth II" },
  { 1981, 7, 29, 0, 0, "Wedding of Prince Charles and Lady Diana Spencer" },
  { 1995, 5, 8, 5, 1, "Early May bank holiday (VE Day)" },
  { 1999, 12, 31, 0, 0, "Millennium celebrations" },
  { 2002, 6, 4, 5, 27, "Spring bank holiday" },
  { 2002, 6, 3, 0, 0, "Golden Jubilee of Elizabeth II" },
  { 2011, 4, 29, 0, 0, "Wedding of Prince William and Catherine Middleton" },
  { 2012, 6, 4, 5, 28, "Spring bank holiday" },
  { 2012, 6, 5, 0, 0, "Diamond Jubilee of Elizabeth II" },
  { 2020, 5, 8, 5, 4, "Early May bank holiday (VE Day)" },
  { 2022, 6, 2, 5, 30, "Spring bank holiday" },
  { 2022, 6, 3, 0, 0, "Platinum Jubilee of Elizabeth II" },
  { 2022, 9, 19, 0, 0, "State Funeral of Queen Elizabeth II" },
  { 2023, 5, 8, 0, 0, "Coronation of King Charles III" },
};

static guint
julian (guint year, guint month, guint day)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return g_date_get_julian (&d);
}

static GDateWeekday
weekday (guint j)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, j);
  return g_date_get_weekday (&d);
}

/* Easter Sunday by the Gregorian computus (the "anonymous" algorithm). */
static guint
easter (guint y)
{
  guint a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25;
  guint g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
  guint l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
  guint month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;

  return julian (y, month, day);
}

static guint
first_monday (guint year, guint month)
{
  guint j = julian (year, month, 1);

  while (weekday (j) != G_DATE_MONDAY)
    j++;
  return j;
}

static guint
last_monday (guint year, guint month)
{
  guint j = julian (year, month, g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year));

  while (weekday (j) != G_DATE_MONDAY)
    j--;
  return j;
}

static void
add (GArray *days, guint year, guint j, const char *name)
{
  Holiday h = { j, name };

  /* A usual day a proclamation moved is replaced by the moved one. */
  for (guint i = 0; i < G_N_ELEMENTS (one_offs); i++)
    if (one_offs[i].year == year && one_offs[i].moved_month != 0 &&
        julian (year, one_offs[i].moved_month, one_offs[i].moved_day) == j)
      return;
  g_array_append_val (days, h);
}

static int
by_day (gconstpointer a, gconstpointer b)
{
  const Holiday *x = a, *y = b;
  return (x->julian > y->julian) - (x->julian < y->julian);
}

/* The bank holidays of England and Wales in @year, in order. */
static GArray *
holidays_of (guint year)
{
  GArray *days = g_array_new (FALSE, FALSE, sizeof (Holiday));
  guint ny = julian (year, 1, 1), xmas = julian (year, 12, 25), e = easter (year);

  /* New Year's Day, or the Monday after when it falls at a weekend. */
  if (weekday (ny) == G_DATE_SATURDAY)
    add (days, year, ny + 2, "New Year's Day (substitute day)");
  else if (weekday (ny) == G_DATE_SUNDAY)
    add (days, year, ny + 1, "New Year's Day (substitute day)");
  else
    add (days, year, ny, "New Year's Day");
  add (days, year, e - 2, "Good Friday");
  add (days, year, e + 1, "Easter Monday");
  if (year >= 1978)
    add (days, year, first_monday (year, 5), "Early May bank holiday");
  add (days, year, last_monday (year, 5), "Spring bank holiday");
  add (days, year, last_monday (year, 8), "Summer bank holiday");
  /* Christmas and Boxing Day, each moved to the next weekday free. */
  switch (weekday (xmas))
    {
    case G_DATE_SATURDAY:
      add (days, year, xmas + 2, "Christmas Day (substitute day)");
      add (days, year, xmas + 3, "Boxing Day (substitute day)");
      break;
    case G_DATE_SUNDAY:
      add (days, year, xmas + 1, "Boxing Day");
      add (days, year, xmas + 2, "Christmas Day (substitute day)");
      break;
    case G_DATE_FRIDAY:
      add (days, year, xmas, "Christmas Day");
      add (days, year, xmas + 3, "Boxing Day (substitute day)");
      break;
    default:
      add (days, year, xmas, "Christmas Day");
      add (days, year, xmas + 1, "Boxing Day");
      break;
    }
  for (guint i = 0; i < G_N_ELEMENTS (one_offs); i++)
    if (one_offs[i].year == year)
      {
        Holiday h = { julian (year, one_offs[i].month, one_offs[i].day), one_offs[i].name };
        g_array_append_val (days, h);
      }
  g_array_sort (days, by_day);
  return days;
}

const char *
docket_bank_holiday_name (const GDate *date)
{
  g_autoptr(GArray) days = holidays_of (g_date_get_year (date));
  guint j = g_date_get_julian (date);

  for (guint i = 0; i < days->len; i++)
    if (g_array_index (days, Holiday, i).julian == j)
      return g_array_index (days, Holiday, i).name;
  return NULL;
}

static gboolean
parse (const char *text, GDate *d)
{
  g_date_clear (d, 1);
  if (text == NULL || strlen (text) != 10)
    return FALSE;
  g_date_set_dmy (d, (GDateDay) g_ascii_strtoull (text + 8, NULL, 10),
                  (GDateMonth) g_ascii_strtoull (text + 5, NULL, 10),
                  (GDateYear) g_ascii_strtoull (text, NULL, 10));
  return g_date_valid (d);
}

static char *
format (const GDate *d)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (d), g_date_get_month (d), g_date_get_day (d));
}

gboolean
docket_is_bank_holiday (const char                *date,
                        const DocketHolidayAdjust *adjust)
{
  GDate d;

  if (adjust && adjust->removed && g_strv_contains (adjust->removed, date))
    return FALSE;
  if (adjust && adjust->added && g_strv_contains (adjust->added, date))
    return TRUE;
  return parse (date, &d) && docket_bank_holiday_name (&d) != NULL;
}

gboolean
docket_is_working_day (const char                *date,
                       const DocketHolidayAdjust *adjust)
{
  GDate d;
  GDateWeekday wd;

  if (!parse (date, &d))
    return FALSE;
  wd = g_date_get_weekday (&d);
  return wd != G_DATE_SATURDAY && wd != G_DATE_SUNDAY && !docket_is_bank_holiday (date, adjust);
}

char *
docket_date_add_working_days (const char                *date,
                              guint                      days,
                              const DocketHolidayAdjust *adjust)
{
  GDate d;
  gboolean parsed = parse (date, &d);

  g_return_val_if_fail (parsed, NULL);
  while (days > 0)
    {
      g_autofree char *text = NULL;

      g_date_add_days (&d, 1);
      text = format (&d);
      if (docket_is_working_day (text, adjust))
        days--;
    }
  return format (&d);
}

static int
by_text (const void *a, const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

GStrv
docket_bank_holidays_of_year (guint                      year,
                              const DocketHolidayAdjust *adjust)
{
  g_autoptr(GArray) days = holidays_of (year);
  GPtrArray *b = g_ptr_array_new ();
  g_autofree char *prefix = g_strdup_printf ("%04u-", year);

  for (guint i = 0; i < days->len; i++)
    {
      GDate d;
      g_autofree char *text = NULL;

      g_date_clear (&d, 1);
      g_date_set_julian (&d, g_array_index (days, Holiday, i).julian);
      text = format (&d);
      if (adjust && adjust->removed && g_strv_contains (adjust->removed, text))
        continue;
      g_ptr_array_add (b, g_strdup_printf ("%s %s", text, g_array_index (days, Holiday, i).name));
    }
  for (guint i = 0; adjust && adjust->added && adjust->added[i]; i++)
    if (g_str_has_prefix (adjust->added[i], prefix))
      g_ptr_array_add (b, g_strdup_printf ("%s %s", adjust->added[i], "bank holiday (docketd.conf)"));
  g_ptr_array_sort (b, by_text);
  g_ptr_array_add (b, NULL);
  return (GStrv) g_ptr_array_free (b, FALSE);
}
