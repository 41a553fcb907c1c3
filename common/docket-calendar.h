/* The council's calendar: its local date (Europe/London unless docketd.conf
 * says otherwise) and the bank holidays of England and Wales, computed
 * from the rules in the Banking and Financial Dealings Act 1971 and the
 * proclamations made under it, with the known one-off changes in a table.
 * Working-day deadlines count with it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DOCKET_DEFAULT_TIME_ZONE "Europe/London"

/* The days docketd.conf adds to or takes away from the computed bank
 * holidays (YYYY-MM-DD; a proclamation after this release, a local
 * holiday). Either may be NULL. */
typedef struct {
  const char * const *added;
  const char * const *removed;
} DocketHolidayAdjust;

/* Sets the time zone the council's dates are in, for the whole process
 * (docketd, from [authority] time-zone); FALSE when @id is not a zone
 * this machine knows. */
gboolean   docket_calendar_set_time_zone (const char  *id,
                                          GError     **error);
GTimeZone *docket_calendar_get_time_zone (void);

/* Now, in the council's time zone. For tests and the demo the file named
 * by $DOCKET_CLOCK_FILE (while it exists), else $DOCKET_TODAY, holds the
 * moment instead: a date (YYYY-MM-DD, taken as noon) or an ISO 8601
 * date-time with its offset ("2026-06-30T23:30:00Z"). */
GDateTime *docket_now                    (void);
/* The moment a clock file holds when it holds a date-time (not a date
 * alone), else NULL: timestamps follow such a clock too. */
GDateTime *docket_clock_fixed_moment     (void);
/* Today's date in the council's time zone, YYYY-MM-DD: a decision at
 * 00:30 in British Summer Time belongs to that day, not the one before. */
char      *docket_today                  (void);
/* The council's date of @utc ("2026-06-30T23:30:00Z" -> "2026-07-01"). */
char      *docket_local_date             (GDateTime   *moment);

/* The name of the bank holiday of England and Wales on @date
 * ("Boxing Day (substitute day)"), or NULL when it is none. */
const char *docket_bank_holiday_name     (const GDate *date);
/* TRUE when @date (YYYY-MM-DD) is a bank holiday, with @adjust applied. */
gboolean   docket_is_bank_holiday        (const char                *date,
                                          const DocketHolidayAdjust *adjust);
/* TRUE when @date is a working day: a weekday that is no bank holiday. */
gboolean   docket_is_working_day         (const char                *date,
                                          const DocketHolidayAdjust *adjust);
/* The date @days working days after @date. */
char      *docket_date_add_working_days  (const char                *date,
                                          guint                      days,
                                          const DocketHolidayAdjust *adjust);
/* The bank holidays of @year, "YYYY-MM-DD Name" each, in order. */
GStrv      docket_bank_holidays_of_year  (guint                      year,
                                          const DocketHolidayAdjust *adjust);

G_END_DECLS
