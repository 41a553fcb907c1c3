/* The licensing policy's audit: runs over every licence held, the flags
 * they raise and resolve, dismissing or referring a flag, and the expiry
 * of licences. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-input.h"
#include "docket-names.h"
#include "docket-validate.h"
#include "docket-compliance-records.h"
#include "docket-driver-store.h"
#include "docket-listing.h"
#include "docket-policy.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64

#define REASON_MAX       4000

static gboolean
dismiss_in_txn (DocketStore *store, const DocketCaller *caller, gint64 id, const char *reason_in,
                GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketFlagCore) f = { 0 };
  g_autofree char *reason = g_strstrip (g_strdup (reason_in));
  g_autofree char *obj = docket_flag_object (id), *summary = NULL;

  if (!docket_flag_load (db, id, &f, error))
    return FALSE;
  if (*reason == '\0')
    return docket_error_set_named (error,
                          DOCKET_ERROR_INVALID_ARGUMENT,
                          "Flag %" G_GINT64_FORMAT ": reason is required to dismiss a flag",
                          id);
  if (!docket_validate_text ("reason", reason, REASON_MAX, TRUE, error))
    return FALSE;
  if (g_str_equal (f.status, "referred"))
    {
      g_autoptr(DocketStmt) stmt = docket_db_prepare (db, "SELECT outcome FROM cases WHERE id = ?", error);
      const char *outcome;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, f.case_id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        return docket_db_set_error (db, SQLITE_NOTFOUND, "Reading the flag's case", error);
      outcome = col_text (stmt, 0);
      if (outcome == NULL || g_str_equal (outcome, "deferred"))
        return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Flag %" G_GINT64_FORMAT ": its case %" G_GINT64_FORMAT
                                 " is still to be decided",
                          id,
                          f.case_id);
    }
  else if (!g_str_equal (f.status, "open"))
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Flag %" G_GINT64_FORMAT " is %s: only an open flag can be dismissed",
                          id,
                          f.status);
  if (!docket_flag_set_status (store, id, "dismissed", caller->user, reason, 0, error))
    return FALSE;
  summary = g_strdup_printf ("licence %s, rule %s: dismissed", f.licence, f.rule);
  return docket_audit_store_append (store, caller->user, "flag.dismiss", obj, summary, error);
}

gboolean
docket_policy_dismiss_flag (DocketStore        *store,
                            const DocketCaller *caller,
                            gint64              flag,
                            const char         *reason,
                            GError            **error)
{
  g_autofree char *what = docket_flag_object (flag);

  what[0] = 'F';
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, dismiss_in_txn (store, caller, flag, reason, error), error, "%s", what);
}

gboolean
docket_policy_refer_flag_in_txn (DocketStore *store, const DocketCaller *caller, gint64 id, gint64 hearing,
                                 const char *reason, const char *notified, GPtrArray *warnings, gint64 *case_out,
                                 GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketFlagCore) f = { 0 };
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *grounds = NULL, *obj = docket_flag_object (id), *summary = NULL;
  g_autoptr(GVariant) details = NULL;
  gint64 case_id = 0;

  if (!docket_flag_load (db, id, &f, error))
    return FALSE;
  if (!g_str_equal (f.status, "open"))
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Flag %" G_GINT64_FORMAT " is %s: only an open flag can be referred",
                          id,
                          f.status);
  grounds = g_strdup_printf ("Audit flag %" G_GINT64_FORMAT " (%s): %s", id, docket_policy_rule_title (f.rule), f.evidence);
  g_variant_builder_add (&b, "{sv}", "kind", g_variant_new_string ("review"));
  g_variant_builder_add (&b, "{sv}", "grounds", g_variant_new_string (grounds));
  if (notified != NULL && *notified != '\0')
    g_variant_builder_add (&b, "{sv}", "notified", g_variant_new_string (notified));
  details = g_variant_ref_sink (g_variant_builder_end (&b));
  if (!docket_listing_add_case_in_txn (store, caller, hearing, f.licence, details, warnings,
                                             &case_id, error))
    return FALSE;
  if (!docket_flag_set_status (store, id, "referred", caller->user, reason, case_id, error))
    return FALSE;
  summary = g_strdup_printf ("licence %s, rule %s: referred to hearing %" G_GINT64_FORMAT
                             " as case %" G_GINT64_FORMAT, f.licence, f.rule, hearing, case_id);
  if (!docket_audit_store_append (store, caller->user, "flag.refer", obj, summary, error))
    return FALSE;
  *case_out = case_id;
  return TRUE;
}

gint64
docket_policy_refer_flag (DocketStore        *store,
                          const DocketCaller *caller,
                          gint64              flag,
                          gint64              hearing,
                          GVariant           *details,
                          GPtrArray          *warnings,
                          GError            **error)
{
  static const char * const keys[] = { "reason", "notified", NULL };
  g_autofree char *what = docket_flag_object (flag);
  g_autofree char *reason = NULL, *notified = NULL;
  gint64 case_id = 0;

  what[0] = 'F';
  if (!docket_validate_keys (details, keys, error) ||
      !docket_input_text (details, "reason", "reason", REASON_MAX, DOCKET_INPUT_KEEP_EMPTY, &reason, error) ||
      !docket_input_date (details, "notified", "date the driver was told", DOCKET_INPUT_KEEP_EMPTY | DOCKET_INPUT_PAST, &notified, error))
    {
      docket_error_prefix_named (error, "%s: ", what);
      return 0;
    }
  if (!docket_store_begin_write (store, error))
    return 0;
  if (!docket_store_finish (store, docket_policy_refer_flag_in_txn (store, caller, flag, hearing, reason, notified, warnings,
                                    &case_id, error), error, "%s", what))
    return 0;
  return case_id;
}

int
docket_policy_expire_licences (DocketStore  *store,
                               GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *today = docket_today ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (!docket_store_get_config (store)->expire_licences)
    return 0;
  if (!docket_store_begin_write (store, error))
    return -1;
  {
    g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
        "SELECT d.id, d.expires FROM drivers d WHERE " DOCKET_HOLDERS_SQL " AND d.expires < ?", error);
    if (stmt == NULL)
      goto fail;
    ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = col_int64 (stmt, 0);
        g_array_append_val (ids, id);
        g_ptr_array_add (dates, g_strdup (col_text (stmt, 1)));
      }
    if (rc != SQLITE_DONE)
      {
        docket_db_set_error (db, rc, "Reading licences", error);
        goto fail;
      }
  }
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *reason = g_strdup_printf ("licence expired on %s", (char *) dates->pdata[i]);
      if (!docket_driver_store_set_status (store, DOCKET_SYSTEM_USER, g_array_index (ids, gint64, i),
                                           "expired", NULL, reason, FALSE, error))
        goto fail;
    }
  if (!docket_store_commit (store, error))
    goto fail;
  return (int) ids->len;

fail:
  docket_store_rollback (store);
  return -1;
}


int
docket_policy_resolve_ended (DocketStore  *store,
                             GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *today = docket_today (), *summary = NULL;
  g_autoptr(GArray) ids = NULL;

  if (!docket_store_begin_write (store, error))
    return -1;
  ids = docket_compliance_collect_ids (db,
      "SELECT f.id FROM flags f JOIN drivers d ON d.id = f.driver_id "
      "WHERE f.status IN ('open', 'referred') AND d.status NOT IN ('active', 'suspended') "
      "AND ?1 IS NOT NULL AND ?2 = 0", today, 0, error);
  if (ids == NULL)
    goto fail;
  for (guint i = 0; i < ids->len; i++)
    if (!docket_flag_set_status (store, g_array_index (ids, gint64, i), "resolved", DOCKET_SYSTEM_USER,
                          NULL, 0, error))
      goto fail;
  if (ids->len > 0)
    {
      summary = g_strdup_printf ("%u flags resolved: their licences are no longer held", ids->len);
      if (!docket_audit_store_append (store, DOCKET_SYSTEM_USER, "flag.resolve", "flags", summary, error))
        goto fail;
    }
  if (!docket_store_commit (store, error))
    goto fail;
  return (int) ids->len;

fail:
  docket_store_rollback (store);
  return -1;
}

gboolean
docket_policy_audit_due (DocketStore  *store,
                         gboolean     *due,
                         GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  guint every = docket_store_get_config (store)->audit_every_days;
  g_autofree char *today = docket_today ();
  g_autoptr(DocketStmt) stmt = NULL;
  gint64 held;
  int rc;

  *due = FALSE;
  if (every == 0)
    return TRUE;
  /* Nothing to audit yet: a scheduled run would only add noise. */
  held = docket_compliance_count (db, "SELECT EXISTS (SELECT 1 FROM drivers d WHERE " DOCKET_HOLDERS_SQL ")", NULL, error);
  if (held <= 0)
    return held == 0;
  stmt = docket_db_prepare (db, "SELECT MAX(as_of) FROM audit_runs", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return docket_db_set_error (db, rc, "Reading audit runs", error);
  if (col_text (stmt, 0) == NULL)
    *due = TRUE;
  else
    {
      g_autofree char *next = docket_date_add_days (col_text (stmt, 0), (int) every);
      *due = strcmp (next, today) <= 0;
    }
  return TRUE;
}

/* Audit runs -------------------------------------------------------------- */

typedef struct {
  gint64    driver;
  int       rule;
  char     *evidence;
  gboolean  known;       /* a live flag already shows it */
  gboolean  suppressed;  /* dismissed before with the same evidence */
} Finding;

typedef struct {
  GArray     *list;   /* Finding */
  GHashTable *index;  /* driver * N_RULES + rule -> position + 1 */
} Findings;

static void
finding_clear (gpointer p)
{
  g_free (((Finding *) p)->evidence);
}

static void
findings_init (Findings *f)
{
  f->list = g_array_new (FALSE, TRUE, sizeof (Finding));
  g_array_set_clear_func (f->list, finding_clear);
  f->index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static void
findings_clear (Findings *f)
{
  g_clear_pointer (&f->list, g_array_unref);
  g_clear_pointer (&f->index, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Findings, findings_clear)

static Finding *
findings_lookup (Findings *f, gint64 driver, int rule)
{
  gint64 key = driver * DOCKET_N_POLICY_RULES + rule;
  guint pos = GPOINTER_TO_UINT (g_hash_table_lookup (f->index, &key));

  return pos == 0 ? NULL : &g_array_index (f->list, Finding, pos - 1);
}

/* Takes @evidence. */
static void
findings_add (Findings *f, gint64 driver, int rule, char *evidence)
{
  Finding n = { driver, rule, evidence, FALSE, FALSE };
  gint64 *key = g_new (gint64, 1);

  *key = driver * DOCKET_N_POLICY_RULES + rule;
  g_array_append_val (f->list, n);
  g_hash_table_insert (f->index, key, GUINT_TO_POINTER (f->list->len));
}

static gboolean
rule_on (DocketStore *store, DocketPolicyRule rule)
{
  return (docket_store_get_config (store)->policy_rules & (1u << rule)) != 0;
}

/* Runs @sql (bound to today as ?1) and hands each row to @row. */
typedef void (*RowFunc) (Findings *f, sqlite3_stmt *stmt, const char *today, gpointer data);

static gboolean
each_row (DocketDb *db, const char *sql, const char *today, Findings *f, RowFunc row,
          gpointer data, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row (f, stmt, today, data);
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Auditing licences", error);
  return TRUE;
}

static void
row_training (Findings *f, sqlite3_stmt *stmt, const char *today, gpointer data)
{
  const char *deadline = col_text (stmt, 1), *final = col_text (stmt, 2);
  char *evidence;

  if (final != NULL && strcmp (final, today) < 0)
    evidence = g_strdup_printf ("safeguarding training not completed by its deadline, %s; "
                                "the final date, %s, has passed", deadline, final);
  else if (final != NULL)
    evidence = g_strdup_printf ("safeguarding training not completed by its deadline, %s; "
                                "final date %s", deadline, final);
  else
    evidence = g_strdup_printf ("safeguarding training not completed by its deadline, %s", deadline);
  findings_add (f, col_int64 (stmt, 0), DOCKET_POLICY_RULE_TRAINING, evidence);
}

static void
row_dbs_enhanced (Findings *f, sqlite3_stmt *stmt, const char *today, gpointer data)
{
  findings_add (f, col_int64 (stmt, 0), DOCKET_POLICY_RULE_DBS_ENHANCED,
                g_strdup ("no enhanced DBS check with both barred lists on record"));
}

static void
row_dbs_update (Findings *f, sqlite3_stmt *stmt, const char *today, gpointer data)
{
  guint months = GPOINTER_TO_UINT (data);
  const char *last = col_text (stmt, 1);
  g_autofree char *due = docket_date_add_months (last, (int) months);

  if (strcmp (due, today) < 0)
    findings_add (f, col_int64 (stmt, 0), DOCKET_POLICY_RULE_DBS_UPDATE,
                  g_strdup_printf ("DBS status last checked on %s; the next check was due by %s",
                                   last, due));
}

static void
row_expiry (Findings *f, sqlite3_stmt *stmt, const char *today, gpointer data)
{
  const char *expires = col_text (stmt, 1);

  findings_add (f, col_int64 (stmt, 0), DOCKET_POLICY_RULE_LICENCE_EXPIRY,
                expires ? g_strdup_printf ("licence expired on %s", expires)
                        : g_strdup ("no expiry date recorded"));
}

static void
row_medical (Findings *f, sqlite3_stmt *stmt, const char *today, gpointer data)
{
  findings_add (f, col_int64 (stmt, 0), DOCKET_POLICY_RULE_MEDICAL,
                g_strdup_printf ("medical was due on %s", col_text (stmt, 1)));
}

static void
row_complaints (Findings *f, sqlite3_stmt *stmt, const char *today, gpointer data)
{
  guint months = GPOINTER_TO_UINT (data);

  findings_add (f, col_int64 (stmt, 0), DOCKET_POLICY_RULE_COMPLAINTS,
                g_strdup_printf ("%" G_GINT64_FORMAT " complaints within %u months",
                                 col_int64 (stmt, 1), months));
}

/* The latest DBS result of each licence held, and every conviction, need
 * decrypting; a value that fails authentication stops the run. */
static gboolean
audit_dbs_results (DocketStore *store, const char *today, Findings *f, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT k.id, k.driver_id, k.date, k.result FROM dbs_checks k "
      "JOIN drivers d ON d.id = k.driver_id WHERE " DOCKET_HOLDERS_SQL " AND k.id = "
      "(SELECT k2.id FROM dbs_checks k2 WHERE k2.driver_id = k.driver_id "
      " ORDER BY k2.date DESC, k2.id DESC LIMIT 1)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = col_int64 (stmt, 0);
      g_autofree char *what = g_strdup_printf ("DBS check %" G_GINT64_FORMAT ": result", id);
      g_autoptr(DocketSecret) result = docket_store_decrypt_column (store, stmt, 3, "dbs_checks", "result",
                                                             id, what, error);
      if (result == NULL)
        return FALSE;
      if (!g_str_equal (result, "clear"))
        findings_add (f, col_int64 (stmt, 1), DOCKET_POLICY_RULE_DBS_RESULT,
                      g_strdup_printf ("the DBS check of %s needs review", col_text (stmt, 2)));
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Auditing DBS checks", error);
  return TRUE;
}

static void
count_add (GHashTable *counts, gint64 driver)
{
  gint64 *key = g_new (gint64, 1);
  *key = driver;
  g_hash_table_replace (counts, key,
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, &driver)) + 1));
}

/* The moment @date at @time (HH:MM) in the council's time zone; the end of
 * the day when @time is NULL. */
static GDateTime *
moment_of (const char *date, const char *time)
{
  g_autoptr(GTimeZone) tz = docket_calendar_get_time_zone ();
  int h = 23, m = 59;

  if (time != NULL && strlen (time) == 5)
    {
      h = (int) g_ascii_strtoull (time, NULL, 10);
      m = (int) g_ascii_strtoull (time + 3, NULL, 10);
    }
  return g_date_time_new (tz, (int) g_ascii_strtoull (date, NULL, 10), (int) g_ascii_strtoull (date + 5, NULL, 10),
                          (int) g_ascii_strtoull (date + 8, NULL, 10), h, m, time ? 0 : 59);
}

/* TRUE when more than @hours passed from @from to @to (48 h 01 m is
 * more than 48 hours). */
static gboolean
more_than_hours (GDateTime *from, GDateTime *to, guint hours)
{
  return g_date_time_difference (to, from) > (GTimeSpan) hours * G_TIME_SPAN_HOUR;
}

/* One row of convictions, decrypted: what the rules need. */
typedef struct {
  DocketSecret *date, *kind, *category, *reported, *time, *reported_time;
} Offence;

static void
offence_clear (Offence *o)
{
  g_clear_pointer (&o->date, docket_secret_free);
  g_clear_pointer (&o->kind, docket_secret_free);
  g_clear_pointer (&o->category, docket_secret_free);
  g_clear_pointer (&o->reported, docket_secret_free);
  g_clear_pointer (&o->time, docket_secret_free);
  g_clear_pointer (&o->reported_time, docket_secret_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Offence, offence_clear)

static gboolean
read_offence (DocketStore *store, sqlite3_stmt *stmt, gint64 id, Offence *o, GError **error)
{
  static const char * const cols[] = { "date", "kind", "category", "reported", "time", "reported_time" };
  DocketSecret **out[] = { &o->date, &o->kind, &o->category, &o->reported, &o->time, &o->reported_time };
  g_autofree char *what = g_strdup_printf ("Conviction %" G_GINT64_FORMAT, id);

  for (guint i = 0; i < G_N_ELEMENTS (cols); i++)
    {
      if (sqlite3_column_type (stmt, 2 + (int) i) == SQLITE_NULL)
        continue;
      *out[i] = docket_store_decrypt_column (store, stmt, 2 + (int) i, "convictions", cols[i], id, what, error);
      if (*out[i] == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Self-reporting (Statutory Standards): within 48 hours, counted in hours
 * from the event to the report; an arrest or charge never reported is a
 * breach once 48 hours have passed since the council learned of it (the
 * record's creation). */
typedef enum { REPORT_IN_TIME, REPORT_LATE, REPORT_MISSING } ReportState;

static ReportState
self_report_state (const Offence *o, const char *created, GDateTime *now, guint hours)
{
  g_autoptr(GDateTime) event = moment_of (o->date, o->time);

  if (o->reported != NULL)
    {
      g_autoptr(GDateTime) report = moment_of (o->reported, o->reported_time);
      return more_than_hours (event, report, hours) ? REPORT_LATE : REPORT_IN_TIME;
    }
  if (g_str_equal (o->kind, "arrest") || g_str_equal (o->kind, "charge"))
    {
      g_autoptr(GDateTime) known = g_date_time_new_from_iso8601 (created, NULL);
      if (known != NULL && more_than_hours (known, now, hours))
        return REPORT_MISSING;
    }
  return REPORT_IN_TIME;
}

static gboolean
audit_convictions (DocketStore *store, const char *today, Findings *f, GError **error)
{
  const DocketConfig *config = docket_store_get_config (store);
  DocketDb *db = docket_store_get_db (store);
  gboolean lookback = rule_on (store, DOCKET_POLICY_RULE_CONVICTIONS);
  gboolean self_report = rule_on (store, DOCKET_POLICY_RULE_SELF_REPORT);
  g_autoptr(GHashTable) within = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) late = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) unreported = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GDateTime) now = docket_now ();
  g_autoptr(DocketStmt) stmt = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  if (!lookback && !self_report)
    return TRUE;
  stmt = docket_db_prepare (db,
      "SELECT v.id, v.driver_id, v.date, v.kind, v.category, v.reported, v.time, v.reported_time, v.created "
      "FROM convictions v JOIN drivers d ON d.id = v.driver_id WHERE " DOCKET_HOLDERS_SQL, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = col_int64 (stmt, 0), driver = col_int64 (stmt, 1);
      g_auto(Offence) o = { 0 };

      if (!read_offence (store, stmt, id, &o, error))
        return FALSE;
      if (lookback && (g_str_equal (o.kind, "conviction") || g_str_equal (o.kind, "caution")))
        {
          int cat = docket_enum_from_string (docket_offence_category_names, o.category);
          int years = cat >= 0 ? config->lookback_years[cat] : -1;
          g_autofree char *since = years > 0 ? docket_date_add_years (today, -years) : NULL;

          if (years < 0 || strcmp (o.date, since) >= 0)
            count_add (within, driver);
        }
      if (self_report)
        switch (self_report_state (&o, col_text (stmt, 8), now, config->self_report_hours))
          {
          case REPORT_LATE:
            count_add (late, driver);
            break;
          case REPORT_MISSING:
            count_add (unreported, driver);
            break;
          default:
            break;
          }
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Auditing convictions", error);

  g_hash_table_iter_init (&iter, within);
  while (g_hash_table_iter_next (&iter, &key, &value))
    findings_add (f, *(gint64 *) key, DOCKET_POLICY_RULE_CONVICTIONS,
                  g_strdup_printf ("%u conviction%s or caution%s within the policy's look-back periods",
                                   GPOINTER_TO_UINT (value), GPOINTER_TO_UINT (value) == 1 ? "" : "s",
                                   GPOINTER_TO_UINT (value) == 1 ? "" : "s"));
  g_hash_table_iter_init (&iter, late);
  while (g_hash_table_iter_next (&iter, &key, &value))
    findings_add (f, *(gint64 *) key, DOCKET_POLICY_RULE_SELF_REPORT,
                  g_strdup_printf ("%u offence%s reported more than %u hours after the event",
                                   GPOINTER_TO_UINT (value), GPOINTER_TO_UINT (value) == 1 ? "" : "s",
                                   config->self_report_hours));
  g_hash_table_iter_init (&iter, unreported);
  while (g_hash_table_iter_next (&iter, &key, &value))
    findings_add (f, *(gint64 *) key, DOCKET_POLICY_RULE_SELF_REPORT,
                  g_strdup_printf ("%u arrest%s or charge%s not reported by the driver; known to the council "
                                   "for more than %u hours", GPOINTER_TO_UINT (value),
                                   GPOINTER_TO_UINT (value) == 1 ? "" : "s", GPOINTER_TO_UINT (value) == 1 ? "" : "s",
                                   config->self_report_hours));
  return TRUE;
}

/* Licences with at least the policy's number of complaints within its
 * months; the period and the threshold are bound, so the statement is
 * prepared once. */
static gboolean
audit_complaints (DocketStore *store, const char *today, Findings *f, GError **error)
{
  const DocketConfig *config = docket_store_get_config (store);
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *since = docket_date_add_months (today, -(int) config->complaints_months);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT n.driver_id, COUNT(*) FROM notes n JOIN drivers d ON d.id = n.driver_id "
      "WHERE " DOCKET_HOLDERS_SQL " AND n.kind = 'complaint' AND n.date <= ?1 AND n.date > ?2 "
      "GROUP BY n.driver_id HAVING COUNT(*) >= ?3", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, since, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, config->complaints_threshold);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row_complaints (f, stmt, today, GUINT_TO_POINTER (config->complaints_months));
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Auditing licences", error);
  return TRUE;
}

static gboolean
evaluate (DocketStore *store, const char *today, Findings *f, GError **error)
{
  const DocketConfig *config = docket_store_get_config (store);
  DocketDb *db = docket_store_get_db (store);

  if (rule_on (store, DOCKET_POLICY_RULE_TRAINING) &&
      !each_row (db, "SELECT d.id, c.training_deadline, c.training_final FROM drivers d "
                 "JOIN compliance c ON c.driver_id = d.id WHERE " DOCKET_HOLDERS_SQL
                 " AND c.training_deadline < ?1 "
                 "AND NOT EXISTS (SELECT 1 FROM training t WHERE t.driver_id = d.id)",
                 today, f, row_training, NULL, error))
    return FALSE;
  if (rule_on (store, DOCKET_POLICY_RULE_DBS_ENHANCED) &&
      !each_row (db, "SELECT d.id FROM drivers d WHERE " DOCKET_HOLDERS_SQL " AND ?1 IS NOT NULL "
                 "AND NOT EXISTS (SELECT 1 FROM dbs_checks k WHERE k.driver_id = d.id "
                 "AND k.kind = 'enhanced' AND k.barred_lists = 1)",
                 today, f, row_dbs_enhanced, NULL, error))
    return FALSE;
  if (rule_on (store, DOCKET_POLICY_RULE_DBS_UPDATE) &&
      !each_row (db, "SELECT d.id, MAX(k.date) FROM drivers d JOIN dbs_checks k ON k.driver_id = d.id "
                 "WHERE " DOCKET_HOLDERS_SQL " AND ?1 IS NOT NULL GROUP BY d.id",
                 today, f, row_dbs_update, GUINT_TO_POINTER (config->dbs_update_months), error))
    return FALSE;
  if (rule_on (store, DOCKET_POLICY_RULE_DBS_RESULT) && !audit_dbs_results (store, today, f, error))
    return FALSE;
  if (rule_on (store, DOCKET_POLICY_RULE_LICENCE_EXPIRY) &&
      !each_row (db, "SELECT d.id, d.expires FROM drivers d WHERE " DOCKET_HOLDERS_SQL
                 " AND (d.expires IS NULL OR d.expires < ?1)",
                 today, f, row_expiry, NULL, error))
    return FALSE;
  if (rule_on (store, DOCKET_POLICY_RULE_MEDICAL) &&
      !each_row (db, "SELECT d.id, c.medical_due FROM drivers d JOIN compliance c ON c.driver_id = d.id "
                 "WHERE " DOCKET_HOLDERS_SQL " AND c.medical_due < ?1",
                 today, f, row_medical, NULL, error))
    return FALSE;
  if (rule_on (store, DOCKET_POLICY_RULE_COMPLAINTS) && !audit_complaints (store, today, f, error))
    return FALSE;
  return audit_convictions (store, today, f, error);
}

/* Matches the flags still live against the findings: those that still
 * apply see this run, the others resolve; new findings raise flags, except
 * those dismissed before on the same evidence. */
static gboolean
apply_findings (DocketStore *store, const char *user, const char *today, gint64 run,
                Findings *f, gint64 *raised, gint64 *resolved, gint64 *in_breach, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *now = docket_store_now ();
  g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) breach = g_hash_table_new (g_int64_hash, g_int64_equal);
  int rc;

  {
    g_autoptr(DocketStmt) live = docket_db_prepare (db,
        "SELECT id, driver_id, rule FROM flags WHERE status IN ('open', 'referred')", error);
    g_autoptr(DocketStmt) seen = docket_db_prepare (db,
        "UPDATE flags SET last_run_id = ?, evidence = ?, modified = ? WHERE id = ?", error);
    if (live == NULL || seen == NULL)
      return FALSE;
    /* Updating rows other than the one being read is safe in SQLite. */
    while ((rc = sqlite3_step (live)) == SQLITE_ROW)
      {
        gint64 id = col_int64 (live, 0);
        int rule = docket_enum_from_string (docket_policy_rule_names, col_text (live, 2));
        Finding *n = rule >= 0 ? findings_lookup (f, col_int64 (live, 1), rule) : NULL;

        if (n == NULL)
          {
            g_array_append_val (gone, id);
            continue;
          }
        n->known = TRUE;
        sqlite3_bind_int64 (seen, 1, run);
        sqlite3_bind_text (seen, 2, n->evidence, -1, SQLITE_STATIC);
        sqlite3_bind_text (seen, 3, now, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (seen, 4, id);
        if (sqlite3_step (seen) != SQLITE_DONE)
          return docket_db_set_error (db, sqlite3_errcode (docket_db_get_handle (db)), "Updating a flag", error);
        sqlite3_reset (seen);
      }
    if (rc != SQLITE_DONE)
      return docket_db_set_error (db, rc, "Reading flags", error);
  }
  for (guint i = 0; i < gone->len; i++)
    if (!docket_flag_set_status (store, g_array_index (gone, gint64, i), "resolved", user, NULL, 0, error))
      return FALSE;
  *resolved = gone->len;

  {
    g_autoptr(DocketStmt) dismissed = docket_db_prepare (db,
        "SELECT evidence FROM flags WHERE driver_id = ? AND rule = ? AND status = 'dismissed' "
        "ORDER BY id DESC LIMIT 1", error);
    if (dismissed == NULL)
      return FALSE;
    *raised = 0;
    for (guint i = 0; i < f->list->len; i++)
      {
        Finding *n = &g_array_index (f->list, Finding, i);

        if (!n->known)
          {
            sqlite3_bind_int64 (dismissed, 1, n->driver);
            sqlite3_bind_text (dismissed, 2, docket_policy_rule_names[n->rule], -1, SQLITE_STATIC);
            rc = sqlite3_step (dismissed);
            if (rc == SQLITE_ROW && g_str_equal (col_text (dismissed, 0), n->evidence))
              n->suppressed = TRUE;
            else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
              return docket_db_set_error (db, rc, "Reading flags", error);
            sqlite3_reset (dismissed);
            if (!n->suppressed)
              {
                if (!docket_flag_insert (store, n->driver, docket_policy_rule_names[n->rule], n->evidence,
                                  today, run, user, NULL, error))
                  return FALSE;
                (*raised)++;
              }
          }
        if (!n->suppressed)
          g_hash_table_add (breach, &n->driver);
      }
  }
  *in_breach = g_hash_table_size (breach);
  return TRUE;
}

static gboolean
run_audit_in_txn (DocketStore *store, const char *user, gboolean scheduled, gint64 *run_out,
                  GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *today = docket_today (), *started = docket_store_now ();
  g_autofree char *finished = NULL, *obj = NULL, *summary = NULL;
  g_auto(Findings) f = { 0 };
  g_autoptr(DocketStmt) stmt = NULL;
  gint64 run, audited, raised = 0, resolved = 0, in_breach = 0;
  gint64 trained, overdue, suspended;

  findings_init (&f);
  audited = docket_compliance_count (db, "SELECT COUNT(*) FROM drivers d WHERE " DOCKET_HOLDERS_SQL, NULL, error);
  trained = docket_compliance_count (db, "SELECT COUNT(*) FROM drivers d WHERE " DOCKET_HOLDERS_SQL
                         " AND EXISTS (SELECT 1 FROM training t WHERE t.driver_id = d.id)", NULL, error);
  overdue = docket_compliance_count (db, "SELECT COUNT(*) FROM drivers d JOIN compliance c ON c.driver_id = d.id "
                         "WHERE " DOCKET_HOLDERS_SQL " AND c.training_deadline < ?1 "
                         "AND NOT EXISTS (SELECT 1 FROM training t WHERE t.driver_id = d.id)", today, error);
  suspended = docket_compliance_count (db, "SELECT COUNT(*) FROM drivers d JOIN compliance c ON c.driver_id = d.id "
                           "WHERE d.status = 'suspended' AND c.training_suspended IS NOT NULL", NULL, error);
  if (audited < 0 || trained < 0 || overdue < 0 || suspended < 0 || !evaluate (store, today, &f, error))
    return FALSE;

  run = docket_store_next_id (store, "audit_runs", error);
  if (run < 0)
    return FALSE;
  stmt = docket_db_prepare (db,
      "INSERT INTO audit_runs (id, as_of, started, finished, user, trigger, audited, in_breach, "
      "raised, resolved, trained, training_overdue, training_suspended) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, started, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, started, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, user, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, scheduled ? "scheduled" : "manual", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, audited);
  sqlite3_bind_int64 (stmt, 8, trained);
  sqlite3_bind_int64 (stmt, 9, overdue);
  sqlite3_bind_int64 (stmt, 10, suspended);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, docket_stmt_release);

  if (!apply_findings (store, user, today, run, &f, &raised, &resolved, &in_breach, error))
    return FALSE;

  finished = docket_store_now ();
  stmt = docket_db_prepare (db,
      "UPDATE audit_runs SET finished = ?, in_breach = ?, raised = ?, resolved = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, finished, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, in_breach);
  sqlite3_bind_int64 (stmt, 3, raised);
  sqlite3_bind_int64 (stmt, 4, resolved);
  sqlite3_bind_int64 (stmt, 5, run);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;

  obj = g_strdup_printf ("run %" G_GINT64_FORMAT, run);
  summary = g_strdup_printf ("%s audit as of %s: %" G_GINT64_FORMAT " licences, %" G_GINT64_FORMAT
                             " in breach; %" G_GINT64_FORMAT " flags raised, %" G_GINT64_FORMAT " resolved",
                             scheduled ? "scheduled" : "manual", today, audited, in_breach, raised, resolved);
  if (!docket_audit_store_append (store, user, "audit.run", obj, summary, error))
    return FALSE;
  *run_out = run;
  return TRUE;
}

gint64
docket_policy_run_audit (DocketStore  *store,
                         const char   *user,
                         gboolean      scheduled,
                         GError      **error)
{
  gint64 run = 0;

  if (!docket_store_begin_write (store, error))
    return 0;
  if (!docket_store_finish (store, run_audit_in_txn (store, user, scheduled, &run, error), error, "Audit run"))
    return 0;
  return run;
}

gint64
docket_policy_run_audit_apart (const char   *path,
                               DocketCrypto *crypto,
                               DocketConfig *config,
                               const char   *user,
                               gboolean      scheduled,
                               GError      **error)
{
  g_autoptr(DocketStore) store = docket_store_open (path, crypto, error);
  gint64 run;

  if (store == NULL)
    return 0;
  docket_store_set_config (store, config);
  run = docket_policy_run_audit (store, user, scheduled, error);
  docket_db_checkpoint (docket_store_get_db (store));
  return run;
}
