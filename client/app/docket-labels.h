/* Translated labels for the daemon's wire strings, and dates in the
 * locale's format. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each returns a translated label for a wire string, or the string itself
 * when it is not known; NULL gives "". */
const char *docket_label_status     (const char *status);
const char *docket_label_kind       (const char *kind);
const char *docket_label_case_kind  (const char *kind);
const char *docket_label_outcome    (const char *outcome);
/* The offence or concern behind a decision ("sexual" -> "Sexual offences"). */
const char *docket_label_concern    (const char *concern);
/* An annual return figure's label in the user's language
 * ("revoked.sexual" -> "Sexual offences"), or @fallback (docketd's). */
const char *docket_label_annual_figure (const char *figure,
                                        const char *fallback);
/* The heading of a Statistics.Get column ("warnings": "Warnings"), the same
 * in the table and the chart's legend. */
const char *docket_label_statistic  (const char *key);
const char *docket_label_attendance (const char *attendance);
const char *docket_label_mode       (const char *mode);
const char *docket_label_hearing_state (const char *state);
const char *docket_label_role       (const char *role);
const char *docket_label_category   (const char *category);
const char *docket_label_note_kind  (const char *kind);
/* A policy rule of an audit flag, and a flag's status. */
const char *docket_label_rule       (const char *rule);
const char *docket_label_flag_status (const char *status);
const char *docket_label_appeal_result (const char *result);
/* The heading of a group of the annual return's figures ("revoked":
 * "Revocations in the Year"). */
const char *docket_label_annual_group (const char *group);
/* "officer, decision-maker" for a role mask; "no role" when empty. */
char       *docket_label_roles      (guint roles);

/* YYYY-MM-DD as the day, the month's abbreviated name in the locale and a
 * four-digit year ("17 Nov 2026", "17 Tach 2026"): unambiguous in every
 * locale; other text as it is. */
char       *docket_format_date      (const char *date);
/* YYYY-MM as the month's abbreviated name and the year ("Jan 2026"). */
char       *docket_format_month     (const char *month);
/* A date as people type it — ISO (2026-11-17), day first (17/11/2026,
 * 17.11.2026) or with the month by name, in English or the locale's (17
 * Nov 2026) — as YYYY-MM-DD (not checked further: docketd names a date
 * that does not exist); NULL when it is none of these. */
char       *docket_parse_date       (const char *text);
/* What is wrong with @text as a date, in people's words ("13 is not a
 * month", "February 2027 has no day 30"), or NULL when it is one, its
 * YYYY-MM-DD then in @iso (when not NULL). */
char       *docket_check_date       (const char *text,
                                     char      **iso);
/* The same for a month as YYYY-MM. */
char       *docket_check_month      (const char *text);
/* @text with each YYYY-MM-DD in it as docket_format_date() shows it: for
 * docketd's sentences ("revocation takes effect on 2027-03-22"). */
char       *docket_format_dates_in  (const char *text);
/* docket_client_error_text() with its dates shown so. */
char       *docket_ui_error_text    (const GError *error);
/* An ISO 8601 time as "17 Nov 2026, 14:05", in local time. */
char       *docket_format_time      (const char *iso8601);
/* Today as YYYY-MM-DD ($DOCKET_TODAY when set, as docketd does). */
char       *docket_today_text       (void);
/* The legal effect of a decision, for the confirmation before it is
 * recorded: "The licence will be revoked 21 days after ...". */
char       *docket_effect_sentence  (const char *outcome,
                                     const char *until,
                                     gboolean    immediate,
                                     const char *decided);

G_END_DECLS
