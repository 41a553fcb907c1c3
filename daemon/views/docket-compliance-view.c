/* What clients are shown of compliance: audit runs and their figures,
 * flags, a driver's dates, training and DBS checks, the queues of training
 * and checks due, and the figures per month. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-input.h"
#include "docket-names.h"
#include "docket-validate.h"
#include "docket-compliance-records.h"
#include "docket-compliance-view.h"
#include "docket-driver-store.h"
#include "docket-training.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64

/* Reading ----------------------------------------------------------------- */

static double
percent (gint64 part, gint64 whole)
{
  return whole > 0 ? (double) part * 100.0 / (double) whole : 0.0;
}

static gint64
count_for_run (DocketDb *db, const char *sql, gint64 run, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, run);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Counting referrals", error);
      return -1;
    }
  return col_int64 (stmt, 0);
}

#define RUN_COLUMNS "id, as_of, started, finished, user, trigger, audited, in_breach, raised, " \
                    "resolved, trained, training_overdue, training_suspended"

/* A run's row with its figures; the referrals and their outcomes are
 * counted now, since they happen after the run. */
static GVariant *
run_variant (DocketDb *db, sqlite3_stmt *stmt, GError **error)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  gint64 run = col_int64 (stmt, 0), audited = col_int64 (stmt, 6), breach = col_int64 (stmt, 7);
  gint64 referred, decided, revoked;

  referred = count_for_run (db,
      "SELECT COUNT(DISTINCT driver_id) FROM flags WHERE run_id = ? AND case_id IS NOT NULL", run, error);
  /* A referral ends with the first outcome other than deferred among the
   * driver's cases from the referral on (a deferred case is relisted). */
  decided = count_for_run (db,
      "SELECT COUNT(DISTINCT f.driver_id) FROM flags f JOIN cases c "
      "ON c.driver_id = f.driver_id AND c.id >= f.case_id "
      "WHERE f.run_id = ? AND f.case_id IS NOT NULL AND c.outcome IS NOT NULL "
      "AND c.outcome <> 'deferred'", run, error);
  revoked = count_for_run (db,
      "SELECT COUNT(DISTINCT f.driver_id) FROM flags f JOIN cases c "
      "ON c.driver_id = f.driver_id AND c.id >= f.case_id "
      "WHERE f.run_id = ? AND f.case_id IS NOT NULL AND c.outcome = 'revoked'", run, error);
  if (referred < 0 || decided < 0 || revoked < 0)
    return NULL;

  g_variant_builder_add (&b, "{sv}", "id", g_variant_new_int64 (run));
  docket_dict_add_column (&b, "as-of", stmt, 1);
  docket_dict_add_column (&b, "started", stmt, 2);
  docket_dict_add_column (&b, "finished", stmt, 3);
  docket_dict_add_column (&b, "user", stmt, 4);
  docket_dict_add_column (&b, "trigger", stmt, 5);
  g_variant_builder_add (&b, "{sv}", "audited", g_variant_new_int64 (audited));
  g_variant_builder_add (&b, "{sv}", "meeting", g_variant_new_int64 (audited - breach));
  g_variant_builder_add (&b, "{sv}", "in-breach", g_variant_new_int64 (breach));
  g_variant_builder_add (&b, "{sv}", "adherence-percent",
                         g_variant_new_double (audited > 0 ? percent (audited - breach, audited) : 100.0));
  g_variant_builder_add (&b, "{sv}", "breach-percent", g_variant_new_double (percent (breach, audited)));
  g_variant_builder_add (&b, "{sv}", "raised", g_variant_new_int64 (col_int64 (stmt, 8)));
  g_variant_builder_add (&b, "{sv}", "resolved", g_variant_new_int64 (col_int64 (stmt, 9)));
  g_variant_builder_add (&b, "{sv}", "referred", g_variant_new_int64 (referred));
  g_variant_builder_add (&b, "{sv}", "referred-percent", g_variant_new_double (percent (referred, breach)));
  g_variant_builder_add (&b, "{sv}", "decided", g_variant_new_int64 (decided));
  g_variant_builder_add (&b, "{sv}", "revoked", g_variant_new_int64 (revoked));
  g_variant_builder_add (&b, "{sv}", "revoked-percent", g_variant_new_double (percent (revoked, referred)));
  g_variant_builder_add (&b, "{sv}", "trained", g_variant_new_int64 (col_int64 (stmt, 10)));
  g_variant_builder_add (&b, "{sv}", "training-overdue", g_variant_new_int64 (col_int64 (stmt, 11)));
  g_variant_builder_add (&b, "{sv}", "training-suspended", g_variant_new_int64 (col_int64 (stmt, 12)));
  return g_variant_builder_end (&b);
}

GVariant *
docket_compliance_view_get_run (DocketStore  *store,
                                gint64        run,
                                GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT " RUN_COLUMNS " FROM audit_runs WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      docket_error_set (error, DOCKET_ERROR_NOT_FOUND, "Audit run %" G_GINT64_FORMAT ": no such run", run);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Reading an audit run", error);
      return NULL;
    }
  return run_variant (db, stmt, error);
}

GVariant *
docket_compliance_view_list_runs (DocketStore  *store,
                                  GVariant     *query,
                                  GError      **error)
{
  static const char * const keys[] = { "limit", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(DocketStmt) stmt = NULL;
  guint limit;
  int rc;

  if (!docket_validate_keys (query, keys, error) ||
      !docket_input_uint (query, "limit", DOCKET_PAGE_DEFAULT, DOCKET_PAGE_MAX, &limit, error))
    return NULL;
  stmt = docket_db_prepare (db, "SELECT " RUN_COLUMNS " FROM audit_runs ORDER BY id DESC LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, (int) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GVariant *row = run_variant (db, stmt, error);
      if (row == NULL)
        return NULL;
      g_variant_builder_add_value (&list, row);
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading audit runs", error);
      return NULL;
    }
  return g_variant_builder_end (&list);
}

#define FLAG_COLUMNS "f.id, d.licence, d.full_name, d.status, f.rule, f.evidence, f.raised, " \
                     "f.status, f.status_date, f.status_by, f.case_id, f.referred, f.run_id, " \
                     "c.outcome, h.date, f.last_run_id"

#define FLAG_FROM    "FROM flags f JOIN drivers d ON d.id = f.driver_id " \
                     "LEFT JOIN cases c ON c.id = f.case_id LEFT JOIN hearings h ON h.id = c.hearing_id "

static GVariant *
flag_variant (sqlite3_stmt *stmt, GVariantBuilder *extra)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&b, "{sv}", "id", g_variant_new_int64 (col_int64 (stmt, 0)));
  docket_dict_add_column (&b, "licence", stmt, 1);
  docket_dict_add_column (&b, "name", stmt, 2);
  docket_dict_add_column (&b, "driver-status", stmt, 3);
  docket_dict_add_column (&b, "rule", stmt, 4);
  docket_dict_add_column (&b, "evidence", stmt, 5);
  docket_dict_add_column (&b, "raised", stmt, 6);
  docket_dict_add_column (&b, "status", stmt, 7);
  docket_dict_add_column (&b, "status-date", stmt, 8);
  docket_dict_add_column (&b, "status-by", stmt, 9);
  if (sqlite3_column_type (stmt, 10) != SQLITE_NULL)
    g_variant_builder_add (&b, "{sv}", "case", g_variant_new_int64 (col_int64 (stmt, 10)));
  docket_dict_add_column (&b, "referred", stmt, 11);
  if (sqlite3_column_type (stmt, 12) != SQLITE_NULL)
    g_variant_builder_add (&b, "{sv}", "run", g_variant_new_int64 (col_int64 (stmt, 12)));
  docket_dict_add_column (&b, "case-outcome", stmt, 13);
  docket_dict_add_column (&b, "hearing-date", stmt, 14);
  if (sqlite3_column_type (stmt, 15) != SQLITE_NULL)
    g_variant_builder_add (&b, "{sv}", "last-run", g_variant_new_int64 (col_int64 (stmt, 15)));
  if (extra != NULL)
    {
      g_autoptr(GVariant) more = g_variant_ref_sink (g_variant_builder_end (extra));
      GVariantIter iter;
      const char *key;
      GVariant *value;

      g_variant_iter_init (&iter, more);
      while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
        {
          g_variant_builder_add (&b, "{sv}", key, value);
          g_variant_unref (value);
        }
    }
  return g_variant_builder_end (&b);
}

GVariant *
docket_compliance_view_list_flags (DocketStore  *store,
                                   GVariant     *query,
                                   guint        *total,
                                   GError      **error)
{
  static const char * const keys[] = { "status", "rule", "licence", "run", "offset", "limit", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *licence = NULL, *sql = NULL, *count_sql = NULL;
  g_autoptr(GVariant) run_v = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  g_autoptr(DocketStmt) count = NULL;
  g_autoptr(GString) where = g_string_new ("WHERE 1 ");
  gint64 run = 0;
  guint offset, limit;
  int status, rule, rc;

  if (!docket_validate_keys (query, keys, error) ||
      !docket_input_enum (query, "status", "status", docket_flag_status_names, &status, error) ||
      !docket_input_enum (query, "rule", "rule", docket_policy_rule_names, &rule, error) ||
      !docket_input_text (query, "licence", "licence", 32, DOCKET_INPUT_KEEP_EMPTY, &licence, error) ||
      !docket_input_uint (query, "offset", 0, G_MAXINT32, &offset, error) ||
      !docket_input_uint (query, "limit", DOCKET_PAGE_DEFAULT, DOCKET_PAGE_MAX, &limit, error))
    return NULL;
  run_v = g_variant_lookup_value (query, "run", NULL);
  if (run_v != NULL && !g_variant_is_of_type (run_v, G_VARIANT_TYPE_INT64))
    {
      docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "run must be a number (x)");
      return NULL;
    }
  if (run_v != NULL)
    run = g_variant_get_int64 (run_v);
  if (licence != NULL)
    {
      char *up = g_ascii_strup (licence, -1);
      g_free (licence);
      licence = up;
    }

  /* One status: newest first along flags_status_idx; all: open ones first. */
  /* Only the filters given, so that SQLite can use the indexes. */
  if (status >= 0)
    g_string_append (where, "AND f.status = ?1 ");
  if (rule >= 0)
    g_string_append (where, "AND f.rule = ?2 ");
  if (licence != NULL)
    g_string_append (where, "AND d.licence = ?3 ");
  if (run_v != NULL)
    g_string_append (where, "AND (f.run_id = ?4 OR f.last_run_id = ?4) ");
  sql = g_strconcat ("SELECT " FLAG_COLUMNS " " FLAG_FROM, where->str,
                     status >= 0 ? "ORDER BY f.status, f.raised DESC, f.id DESC "
                                 : "ORDER BY f.status = 'open' DESC, f.raised DESC, f.id DESC ",
                     "LIMIT ?5 OFFSET ?6", NULL);
  count_sql = g_strconcat ("SELECT COUNT(*) FROM flags f ",
                           licence != NULL ? "JOIN drivers d ON d.id = f.driver_id " : "", where->str, NULL);
  stmt = docket_db_prepare (db, sql, error);
  count = stmt ? docket_db_prepare (db, count_sql, error) : NULL;
  if (stmt == NULL || count == NULL)
    return NULL;
  for (int i = 0; i < 2; i++)
    {
      sqlite3_stmt *s = i == 0 ? stmt : count;
      if (status >= 0)
        sqlite3_bind_text (s, 1, docket_flag_status_names[status], -1, SQLITE_STATIC);
      if (rule >= 0)
        sqlite3_bind_text (s, 2, docket_policy_rule_names[rule], -1, SQLITE_STATIC);
      if (licence != NULL)
        sqlite3_bind_text (s, 3, licence, -1, SQLITE_STATIC);
      if (run_v != NULL)
        sqlite3_bind_int64 (s, 4, run);
    }
  sqlite3_bind_int (stmt, 5, (int) limit);
  sqlite3_bind_int64 (stmt, 6, offset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_variant_builder_add_value (&list, flag_variant (stmt, NULL));
  if (rc != SQLITE_DONE || (rc = sqlite3_step (count)) != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Reading flags", error);
      return NULL;
    }
  *total = (guint) col_int64 (count, 0);
  return g_variant_builder_end (&list);
}

GVariant *
docket_compliance_view_get_flag (DocketStore        *store,
                                 const DocketCaller *caller,
                                 gint64              flag,
                                 GError            **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = NULL;
  g_auto(GVariantBuilder) extra = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *obj = docket_flag_object (flag), *what = NULL;
  g_autoptr(DocketSecret) reason = NULL;
  gboolean has_reason;
  int rc;

  stmt = docket_db_prepare (db, "SELECT reason IS NOT NULL FROM flags WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, flag);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      docket_error_set_named (error,
                          DOCKET_ERROR_NOT_FOUND,
                          "Flag %" G_GINT64_FORMAT ": no such flag",
                          flag);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Reading a flag", error);
      return NULL;
    }
  has_reason = sqlite3_column_int (stmt, 0) != 0;
  g_clear_pointer (&stmt, docket_stmt_release);

  /* The reason may name what the officer weighed: its reading is recorded
   * before it is decrypted. */
  if (has_reason)
    {
      if (!docket_store_begin_write (store, error))
        return NULL;
      if (!docket_store_end (store, docket_audit_store_append (store, caller->user, "flag.read", obj,
                                                     "read the reason for its status", error), error))
        return NULL;
    }

  stmt = docket_db_prepare (db, "SELECT " FLAG_COLUMNS ", f.reason " FLAG_FROM "WHERE f.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, flag);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db, rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc, "Reading a flag", error);
      return NULL;
    }
  what = g_strdup_printf ("Flag %" G_GINT64_FORMAT ": reason", flag);
  if (has_reason)
    {
      reason = docket_store_decrypt_column (store, stmt, 16, "flags", "reason", flag, what, error);
      if (reason == NULL)
        return NULL;
      g_variant_builder_add (&extra, "{sv}", "reason", g_variant_new_string (reason));
    }
  g_variant_builder_add (&extra, "{sv}", "rule-title", g_variant_new_string (docket_policy_rule_title (col_text (stmt, 4))));
  return flag_variant (stmt, &extra);
}

GVariant *
docket_compliance_view_for_driver (DocketStore        *store,
                                   const DocketCaller *caller,
                                   const char         *licence,
                                   gboolean            sensitive,
                                   GError            **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_auto(GVariantBuilder) training = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantBuilder) checks = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantBuilder) flags = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *today = docket_today (), *last = NULL, *due = NULL, *status = NULL;
  g_auto(DocketComplianceDates) d = { 0 };
  g_autoptr(DocketStmt) stmt = NULL;
  gint64 driver;
  int rc;

  driver = docket_driver_store_find (store, licence, error);
  if (driver < 0)
    return NULL;
  if (sensitive && caller != NULL)
    {
      if (!docket_store_begin_write (store, error))
        return NULL;
      if (!docket_store_end (store, docket_audit_store_append (store, caller->user, "dbs.read", licence,
                                                     "read DBS results and certificates", error), error))
        return NULL;
    }
  status = docket_driver_store_licence_status (store, driver, error);
  if (status == NULL || !docket_compliance_dates_load (db, driver, &d, error))
    return NULL;
  docket_dict_add_text (&b, "licence", licence);
  docket_dict_add_text (&b, "status", status);
  docket_dict_add_text (&b, "training-deadline", d.deadline);
  docket_dict_add_text (&b, "training-final", d.final);
  docket_dict_add_text (&b, "medical-due", d.medical);
  docket_dict_add_text (&b, "training-suspended", d.suspended);

  stmt = docket_db_prepare (db, "SELECT id, date, provider, certificate, created_by FROM training "
                            "WHERE driver_id = ? ORDER BY date, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, driver);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) e = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&e, "{sv}", "id", g_variant_new_int64 (col_int64 (stmt, 0)));
      docket_dict_add_column (&e, "date", stmt, 1);
      docket_dict_add_column (&e, "provider", stmt, 2);
      docket_dict_add_column (&e, "certificate", stmt, 3);
      docket_dict_add_column (&e, "recorded-by", stmt, 4);
      g_variant_builder_add_value (&training, g_variant_builder_end (&e));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading training", error);
      return NULL;
    }
  g_clear_pointer (&stmt, docket_stmt_release);
  g_variant_builder_add (&b, "{sv}", "training", g_variant_builder_end (&training));

  stmt = docket_db_prepare (db, "SELECT id, date, kind, barred_lists, created_by, result, certificate "
                            "FROM dbs_checks WHERE driver_id = ? ORDER BY date, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, driver);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) e = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      gint64 id = col_int64 (stmt, 0);

      g_variant_builder_add (&e, "{sv}", "id", g_variant_new_int64 (id));
      docket_dict_add_column (&e, "date", stmt, 1);
      docket_dict_add_column (&e, "kind", stmt, 2);
      g_variant_builder_add (&e, "{sv}", "barred-lists", g_variant_new_boolean (sqlite3_column_int (stmt, 3)));
      docket_dict_add_column (&e, "recorded-by", stmt, 4);
      g_free (last);
      last = g_strdup (col_text (stmt, 1));
      if (sensitive)
        {
          g_autofree char *what = g_strdup_printf ("Licence %s: DBS check %" G_GINT64_FORMAT, licence, id);
          g_autoptr(DocketSecret) result = docket_store_decrypt_column (store, stmt, 5, "dbs_checks", "result",
                                                                 id, what, error);
          g_autoptr(DocketSecret) cert = NULL;
          if (result == NULL)
            return NULL;
          docket_dict_add_text (&e, "result", result);
          if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
            {
              cert = docket_store_decrypt_column (store, stmt, 6, "dbs_checks", "certificate", id, what, error);
              if (cert == NULL)
                return NULL;
              docket_dict_add_text (&e, "certificate", cert);
            }
        }
      g_variant_builder_add_value (&checks, g_variant_builder_end (&e));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading DBS checks", error);
      return NULL;
    }
  g_clear_pointer (&stmt, docket_stmt_release);
  g_variant_builder_add (&b, "{sv}", "dbs-checks", g_variant_builder_end (&checks));
  due = docket_training_dbs_due_date (store, last);
  docket_dict_add_text (&b, "dbs-last-check", last);
  docket_dict_add_text (&b, "dbs-due", due);
  g_variant_builder_add (&b, "{sv}", "dbs-overdue",
                         g_variant_new_boolean (due == NULL || strcmp (due, today) < 0));

  stmt = docket_db_prepare (db, "SELECT " FLAG_COLUMNS " " FLAG_FROM
                            "WHERE f.driver_id = ? ORDER BY f.id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, driver);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_variant_builder_add_value (&flags, flag_variant (stmt, NULL));
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading flags", error);
      return NULL;
    }
  g_variant_builder_add (&b, "{sv}", "flags", g_variant_builder_end (&flags));
  return g_variant_builder_end (&b);
}

GVariant *
docket_compliance_view_training_due (DocketStore  *store,
                                     GVariant     *query,
                                     guint        *total,
                                     GError      **error)
{
  static const char * const keys[] = { "state", "within", "offset", "limit", NULL };
  static const char * const states[] = { "due", "overdue", "suspended", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *today = docket_today (), *horizon = NULL, *sql = NULL, *count_sql = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  g_autoptr(DocketStmt) count = NULL;
  /* state: suspended (held for training), overdue (deadline passed, not
   * held: a hearing suspended it, or the tick has yet to run), due
   * (deadline within the horizon). */
  const char *state_sql =
      "CASE WHEN c.training_suspended IS NOT NULL THEN 'suspended' "
      "WHEN c.training_deadline < ?1 THEN 'overdue' ELSE 'due' END";
  const char *from =
      "FROM drivers d JOIN compliance c ON c.driver_id = d.id "
      "WHERE " DOCKET_HOLDERS_SQL " AND c.training_deadline IS NOT NULL AND c.training_deadline <= ?2 "
      "AND NOT EXISTS (SELECT 1 FROM training t WHERE t.driver_id = d.id) ";
  guint within, offset, limit;
  int state, rc;

  if (!docket_validate_keys (query, keys, error) ||
      !docket_input_enum (query, "state", "state", states, &state, error) ||
      !docket_input_uint (query, "within", 30, 3650, &within, error) ||
      !docket_input_uint (query, "offset", 0, G_MAXINT32, &offset, error) ||
      !docket_input_uint (query, "limit", DOCKET_PAGE_DEFAULT, DOCKET_PAGE_MAX, &limit, error))
    return NULL;
  horizon = docket_date_add_days (today, (int) within);
  sql = g_strdup_printf ("SELECT d.licence, d.full_name, d.status, c.training_deadline, c.training_final, "
                         "c.training_suspended, %s AS state %s AND (?3 IS NULL OR %s = ?3) "
                         "ORDER BY c.training_deadline, d.licence LIMIT ?4 OFFSET ?5",
                         state_sql, from, state_sql);
  count_sql = g_strdup_printf ("SELECT COUNT(*) %s AND (?3 IS NULL OR %s = ?3)", from, state_sql);
  stmt = docket_db_prepare (db, sql, error);
  count = stmt ? docket_db_prepare (db, count_sql, error) : NULL;
  if (stmt == NULL || count == NULL)
    return NULL;
  for (int i = 0; i < 2; i++)
    {
      sqlite3_stmt *s = i == 0 ? stmt : count;
      sqlite3_bind_text (s, 1, today, -1, SQLITE_STATIC);
      sqlite3_bind_text (s, 2, horizon, -1, SQLITE_STATIC);
      if (state >= 0)
        sqlite3_bind_text (s, 3, states[state], -1, SQLITE_STATIC);
    }
  sqlite3_bind_int (stmt, 4, (int) limit);
  sqlite3_bind_int64 (stmt, 5, offset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) e = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      docket_dict_add_column (&e, "licence", stmt, 0);
      docket_dict_add_column (&e, "name", stmt, 1);
      docket_dict_add_column (&e, "status", stmt, 2);
      docket_dict_add_column (&e, "training-deadline", stmt, 3);
      docket_dict_add_column (&e, "training-final", stmt, 4);
      docket_dict_add_column (&e, "training-suspended", stmt, 5);
      docket_dict_add_column (&e, "state", stmt, 6);
      g_variant_builder_add_value (&list, g_variant_builder_end (&e));
    }
  if (rc != SQLITE_DONE || (rc = sqlite3_step (count)) != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Reading training due", error);
      return NULL;
    }
  *total = (guint) col_int64 (count, 0);
  return g_variant_builder_end (&list);
}

typedef struct {
  char *licence;
  char *name;
  char *status;
  char *last;
  char *due;
} DbsDue;

static void
dbs_due_free (gpointer p)
{
  DbsDue *e = p;
  g_free (e->licence);
  g_free (e->name);
  g_free (e->status);
  g_free (e->last);
  g_free (e->due);
  g_free (e);
}

static int
dbs_due_cmp (gconstpointer a, gconstpointer b)
{
  const DbsDue *x = *(DbsDue **) a, *y = *(DbsDue **) b;

  if ((x->due == NULL) != (y->due == NULL))
    return x->due == NULL ? -1 : 1;
  if (x->due != NULL && strcmp (x->due, y->due) != 0)
    return strcmp (x->due, y->due);
  return strcmp (x->licence, y->licence);
}

GVariant *
docket_compliance_view_dbs_due (DocketStore  *store,
                                GVariant     *query,
                                guint        *total,
                                GError      **error)
{
  static const char * const keys[] = { "within", "overdue", "offset", "limit", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *today = docket_today (), *horizon = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (dbs_due_free);
  g_autoptr(DocketStmt) stmt = NULL;
  g_autoptr(GVariant) overdue_v = NULL;
  gboolean overdue_only = FALSE;
  guint within, offset, limit;
  int rc;

  if (!docket_validate_keys (query, keys, error) ||
      !docket_input_uint (query, "within", 30, 3650, &within, error) ||
      !docket_input_uint (query, "offset", 0, G_MAXINT32, &offset, error) ||
      !docket_input_uint (query, "limit", DOCKET_PAGE_DEFAULT, DOCKET_PAGE_MAX, &limit, error))
    return NULL;
  overdue_v = g_variant_lookup_value (query, "overdue", NULL);
  if (overdue_v != NULL && !g_variant_is_of_type (overdue_v, G_VARIANT_TYPE_BOOLEAN))
    {
      docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "overdue must be a boolean");
      return NULL;
    }
  overdue_only = overdue_v != NULL && g_variant_get_boolean (overdue_v);
  horizon = docket_date_add_days (today, (int) within);

  /* Due dates count calendar months (docket_date_add_months), so they are
   * worked out here rather than in SQL. */
  stmt = docket_db_prepare (db,
      "SELECT d.licence, d.full_name, d.status, MAX(k.date) FROM drivers d "
      "LEFT JOIN dbs_checks k ON k.driver_id = d.id WHERE " DOCKET_HOLDERS_SQL " GROUP BY d.id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *due = docket_training_dbs_due_date (store, col_text (stmt, 3));
      DbsDue *e;

      if (due != NULL && strcmp (due, overdue_only ? today : horizon) > 0)
        continue;
      if (overdue_only && due != NULL && strcmp (due, today) >= 0)
        continue;
      e = g_new0 (DbsDue, 1);
      e->licence = g_strdup (col_text (stmt, 0));
      e->name = g_strdup (col_text (stmt, 1));
      e->status = g_strdup (col_text (stmt, 2));
      e->last = g_strdup (col_text (stmt, 3));
      e->due = g_steal_pointer (&due);
      g_ptr_array_add (rows, e);
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading DBS checks due", error);
      return NULL;
    }
  g_ptr_array_sort (rows, dbs_due_cmp);
  for (guint i = offset; i < rows->len && i < (guint64) offset + limit; i++)
    {
      DbsDue *e = rows->pdata[i];
      g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

      docket_dict_add_text (&b, "licence", e->licence);
      docket_dict_add_text (&b, "name", e->name);
      docket_dict_add_text (&b, "status", e->status);
      docket_dict_add_text (&b, "last-check", e->last);
      docket_dict_add_text (&b, "due", e->due);
      g_variant_builder_add (&b, "{sv}", "overdue",
                             g_variant_new_boolean (e->due == NULL || strcmp (e->due, today) < 0));
      g_variant_builder_add_value (&list, g_variant_builder_end (&b));
    }
  *total = rows->len;
  return g_variant_builder_end (&list);
}

/* Figures ----------------------------------------------------------------- */

static gboolean
parse_month (const char *label, const char *value, GDate *out, GError **error)
{
  g_autofree char *day = g_strconcat (value, "-01", NULL);

  if (strlen (value) != 7 || !docket_validate_date (label, day, NULL))
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT,
                             "%s %s is not a month; use YYYY-MM", label, value);
  g_date_clear (out, 1);
  g_date_set_dmy (out, 1, (GDateMonth) g_ascii_strtoull (value + 5, NULL, 10),
                  (GDateYear) g_ascii_strtoull (value, NULL, 10));
  return TRUE;
}

static gint64
count_month (DocketDb *db, const char *sql, const char *first, const char *last, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, last, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Counting", error);
      return -1;
    }
  return col_int64 (stmt, 0);
}

/* Per month: training attended, holds begun and lifted, licences held
 * suspended for training and those overdue at the month's end, flags
 * raised and referred; and the figures of the month's last audit run. */
static GVariant *
month_row (DocketStore *store, const GDate *month, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  static const struct { const char *key, *sql; } counts[] = {
    { "training-attended", "SELECT COUNT(*) FROM training WHERE date BETWEEN ?1 AND ?2" },
    { "training-suspensions", "SELECT COUNT(*) FROM training_holds WHERE suspended BETWEEN ?1 AND ?2" },
    { "training-reinstated", "SELECT COUNT(*) FROM training_holds WHERE lifted BETWEEN ?1 AND ?2 "
                             "AND lifted_by = 'training'" },
    { "training-suspended", "SELECT COUNT(*) FROM training_holds WHERE suspended <= ?2 "
                            "AND (lifted IS NULL OR lifted > ?2) AND ?1 IS NOT NULL" },
    { "training-overdue", "SELECT COUNT(*) FROM compliance c WHERE c.training_deadline < ?2 "
                          "AND ?1 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM training t "
                          "WHERE t.driver_id = c.driver_id AND t.date <= ?2)" },
    { "flags-raised", "SELECT COUNT(*) FROM flags WHERE raised BETWEEN ?1 AND ?2" },
    { "flags-referred", "SELECT COUNT(*) FROM flags WHERE referred BETWEEN ?1 AND ?2" },
  };
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  GDate end = *month;
  char first[11], last[11], label[8];
  g_autoptr(DocketStmt) stmt = NULL;
  int rc;

  g_date_add_months (&end, 1);
  g_date_subtract_days (&end, 1);
  g_date_strftime (first, sizeof first, "%Y-%m-%d", month);
  g_date_strftime (last, sizeof last, "%Y-%m-%d", &end);
  g_date_strftime (label, sizeof label, "%Y-%m", month);
  g_variant_builder_add (&b, "{sv}", "month", g_variant_new_string (label));
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      gint64 n = count_month (db, counts[i].sql, first, last, error);
      if (n < 0)
        return NULL;
      g_variant_builder_add (&b, "{sv}", counts[i].key, g_variant_new_int64 (n));
    }

  stmt = docket_db_prepare (db, "SELECT " RUN_COLUMNS " FROM audit_runs WHERE as_of BETWEEN ? AND ? "
                            "ORDER BY as_of DESC, id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, last, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      static const char * const keep[] = {
        "id", "as-of", "audited", "in-breach", "breach-percent", "adherence-percent",
        "referred", "referred-percent", "revoked", "revoked-percent", NULL,
      };
      g_autoptr(GVariant) run = run_variant (db, stmt, error);
      GVariantIter iter;
      const char *key;
      GVariant *value;

      if (run == NULL)
        return NULL;
      g_variant_iter_init (&iter, run);
      while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
        {
          if (g_strv_contains (keep, key))
            {
              g_autofree char *k = g_str_equal (key, "id") ? g_strdup ("run") : g_strdup (key);
              g_variant_builder_add (&b, "{sv}", k, value);
            }
          g_variant_unref (value);
        }
    }
  else if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading audit runs", error);
      return NULL;
    }
  return g_variant_builder_end (&b);
}

GVariant *
docket_compliance_view_figures (DocketStore  *store,
                                GVariant     *query,
                                GError      **error)
{
  static const char * const keys[] = { "by", "from", "to", NULL };
  static const char * const bys[] = { "month", "run", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *from_s = NULL, *to_s = NULL, *today = docket_today ();
  GDate from, to;
  int by;

  if (!docket_validate_keys (query, keys, error) ||
      !docket_input_enum (query, "by", "by", bys, &by, error) ||
      !docket_input_text (query, "from", "from", 7, DOCKET_INPUT_KEEP_EMPTY, &from_s, error) ||
      !docket_input_text (query, "to", "to", 7, DOCKET_INPUT_KEEP_EMPTY, &to_s, error))
    return NULL;
  if (to_s == NULL || *to_s == '\0')
    {
      g_free (to_s);
      to_s = g_strndup (today, 7);
    }
  if (!parse_month ("to", to_s, &to, error))
    return NULL;
  if (from_s == NULL || *from_s == '\0')
    {
      from = to;
      g_date_subtract_months (&from, 11);
    }
  else if (!parse_month ("from", from_s, &from, error))
    return NULL;
  if (g_date_compare (&from, &to) > 0)
    {
      docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "from %s is after to %s", from_s, to_s);
      return NULL;
    }
  if (g_date_get_julian (&to) - g_date_get_julian (&from) > 366 * 20)
    {
      docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "ask for at most 20 years at a time");
      return NULL;
    }

  if (by == 1)
    {
      GDate end = to;
      char first[11], last[11];
      g_autoptr(DocketStmt) stmt = NULL;
      int rc;

      g_date_add_months (&end, 1);
      g_date_subtract_days (&end, 1);
      g_date_strftime (first, sizeof first, "%Y-%m-%d", &from);
      g_date_strftime (last, sizeof last, "%Y-%m-%d", &end);
      stmt = docket_db_prepare (db, "SELECT " RUN_COLUMNS " FROM audit_runs WHERE as_of BETWEEN ? AND ? "
                                "ORDER BY as_of, id", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, first, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, last, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          GVariant *row = run_variant (db, stmt, error);
          if (row == NULL)
            return NULL;
          g_variant_builder_add_value (&list, row);
        }
      if (rc != SQLITE_DONE)
        {
          docket_db_set_error (db, rc, "Reading audit runs", error);
          return NULL;
        }
      return g_variant_builder_end (&list);
    }

  for (GDate m = from; g_date_compare (&m, &to) <= 0; g_date_add_months (&m, 1))
    {
      GVariant *row = month_row (store, &m, error);
      if (row == NULL)
        return NULL;
      g_variant_builder_add_value (&list, row);
    }
  return g_variant_builder_end (&list);
}
