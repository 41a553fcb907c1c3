/* Compliance records as stored: each driver's dates, training attended
 * and audit flags. No workflow: the rules are in workflow/. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-input.h"
#include "docket-names.h"
#include "docket-validate.h"
#include "docket-compliance-records.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64

char *
docket_flag_object (gint64 flag)
{
  return g_strdup_printf ("flag %" G_GINT64_FORMAT, flag);
}

/* Per-driver dates ------------------------------------------------------- */

void
docket_compliance_dates_clear (DocketComplianceDates *d)
{
  g_clear_pointer (&d->deadline, g_free);
  g_clear_pointer (&d->final, g_free);
  g_clear_pointer (&d->medical, g_free);
  g_clear_pointer (&d->suspended, g_free);
}

gboolean
docket_compliance_dates_load (DocketDb *db, gint64 driver, DocketComplianceDates *d, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT training_deadline, training_final, medical_due, training_suspended "
      "FROM compliance WHERE driver_id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, driver);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      d->deadline = g_strdup (col_text (stmt, 0));
      d->final = g_strdup (col_text (stmt, 1));
      d->medical = g_strdup (col_text (stmt, 2));
      d->suspended = g_strdup (col_text (stmt, 3));
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    return TRUE;
  return docket_db_set_error (db, rc, "Reading compliance dates", error);
}

gboolean
docket_compliance_dates_save (DocketDb *db, gint64 driver, const DocketComplianceDates *d, GError **error)
{
  g_autofree char *now = docket_store_now ();
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "INSERT INTO compliance (driver_id, training_deadline, training_final, medical_due, "
      "training_suspended, modified) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
      "ON CONFLICT (driver_id) DO UPDATE SET training_deadline = ?2, training_final = ?3, "
      "medical_due = ?4, training_suspended = ?5, modified = ?6", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, driver);
  docket_db_bind_text_or_null (stmt, 2, d->deadline);
  docket_db_bind_text_or_null (stmt, 3, d->final);
  docket_db_bind_text_or_null (stmt, 4, d->medical);
  docket_db_bind_text_or_null (stmt, 5, d->suspended);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  return docket_db_step_done (db, stmt, error);
}

gboolean
docket_compliance_has_training (DocketDb *db, gint64 driver, gboolean *out, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT EXISTS (SELECT 1 FROM training WHERE driver_id = ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, driver);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return docket_db_set_error (db, rc, "Reading training", error);
  *out = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

/* Flags ----------------------------------------------------------------- */

/* How each rule reads on a case's grounds and in the client. */
const char *
docket_policy_rule_title (const char *rule)
{
  static const struct { const char *rule, *title; } titles[] = {
    { "training", "safeguarding training" },
    { "dbs-enhanced", "enhanced DBS check" },
    { "dbs-update", "DBS Update Service check" },
    { "dbs-result", "DBS result" },
    { "licence-expiry", "licence expiry" },
    { "medical", "medical" },
    { "convictions", "convictions" },
    { "complaints", "complaints" },
    { "self-report", "self-reporting" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (titles[i].rule, rule))
      return titles[i].title;
  return rule;
}

void
docket_flag_core_clear (DocketFlagCore *f)
{
  g_clear_pointer (&f->licence, g_free);
  g_clear_pointer (&f->rule, g_free);
  g_clear_pointer (&f->evidence, g_free);
  g_clear_pointer (&f->status, g_free);
}

gboolean
docket_flag_load (DocketDb *db, gint64 id, DocketFlagCore *f, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_get_row (db,
      "SELECT f.driver_id, d.licence, f.rule, f.evidence, f.status, f.case_id "
      "FROM flags f JOIN drivers d ON d.id = f.driver_id WHERE f.id = ?",
      id, "flag", error);

  if (stmt == NULL)
    return FALSE;
  f->id = id;
  f->driver = col_int64 (stmt, 0);
  f->licence = g_strdup (col_text (stmt, 1));
  f->rule = g_strdup (col_text (stmt, 2));
  f->evidence = g_strdup (col_text (stmt, 3));
  f->status = g_strdup (col_text (stmt, 4));
  f->case_id = col_int64 (stmt, 5);
  return TRUE;
}

gboolean
docket_flag_insert (DocketStore *store, gint64 driver, const char *rule, const char *evidence,
                    const char *today, gint64 run, const char *user, gint64 *id_out, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *now = docket_store_now ();
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "INSERT INTO flags (driver_id, rule, evidence, raised, run_id, last_run_id, status, "
      "status_date, status_by, modified) VALUES (?1, ?2, ?3, ?4, ?5, ?5, 'open', ?4, ?6, ?7)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, driver);
  sqlite3_bind_text (stmt, 2, rule, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, evidence, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, today, -1, SQLITE_STATIC);
  if (run > 0)
    sqlite3_bind_int64 (stmt, 5, run);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_text (stmt, 6, user, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  if (id_out != NULL)
    *id_out = sqlite3_last_insert_rowid (docket_db_get_handle (db));
  return TRUE;
}

/* Moves a flag to @status, with who and (encrypted) why. */
gboolean
docket_flag_set_status (DocketStore *store, gint64 flag, const char *status, const char *user,
                        const char *reason, gint64 case_id, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *now = docket_store_now (), *today = docket_today ();
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "UPDATE flags SET status = ?1, status_date = ?2, status_by = ?3, modified = ?4, "
      "reason = COALESCE(?5, reason), case_id = COALESCE(?6, case_id), "
      "referred = CASE WHEN ?6 IS NULL THEN referred ELSE ?2 END WHERE id = ?7", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, user, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  docket_store_bind_encrypted (store, stmt, 5, "flags", "reason", flag, reason);
  if (case_id > 0)
    sqlite3_bind_int64 (stmt, 6, case_id);
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_int64 (stmt, 7, flag);
  return docket_db_step_done (db, stmt, error);
}

/* The scheduler's tasks --------------------------------------------------- */

/* Collects the first integer column of every row of @sql, bound to @today
 * and @driver (0: all). */
GArray *
docket_compliance_collect_ids (DocketDb *db, const char *sql, const char *today, gint64 driver, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, sql, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, driver);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = col_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading compliance", error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

gint64
docket_compliance_count (DocketDb *db, const char *sql, const char *today, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  if (today != NULL)
    sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Counting", error);
      return -1;
    }
  return col_int64 (stmt, 0);
}
