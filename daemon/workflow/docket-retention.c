/* The retention schedule: when a driver's record is erased, and the
 * erasure, which leaves an anonymous stub for the statistics. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-calendar.h"
#include "docket-config.h"
#include "docket-error.h"
#include "docket-retention.h"
#include "docket-validate.h"

/* What grounds (cases.grounds, which may not be empty) say once erased. */
#define ERASED_TEXT "[erased under the retention schedule]"
/* Records erased in one transaction, and in one run of the scheduler. */
#define ERASE_PER_BATCH 100
#define ERASE_PER_RUN   2000
/* The day the schedule last ran to the end (meta), so that it runs once a
 * day. */
#define META_RETENTION_DAY "retention-day"

/* One record of a licence ended, with the dates that keep it. */
typedef struct {
  gint64  id;
  char   *licence;
  char   *name;
  char   *status;
  char   *ended;
  char   *due;
  char   *basis;
  char   *kept;    /* NULL when nothing keeps it past its date */
} Record;

static void
record_free (Record *r)
{
  g_free (r->licence);
  g_free (r->name);
  g_free (r->status);
  g_free (r->ended);
  g_free (r->due);
  g_free (r->basis);
  g_free (r->kept);
  g_free (r);
}

/* The records of licences ended on or before @ended_by, not yet erased.
 * Columns: id, licence, name, status, the last change of status (UTC),
 * the last decision on safeguarding grounds, the last register entry's
 * retain_until, an open appeal, an open case or effect, the hold. */
static const char records_sql[] =
  "SELECT d.id, d.licence, d.full_name, d.status, h.last, "
  "  (SELECT max (x.decided) FROM cases c JOIN decisions x ON x.case_id = c.id "
  "   WHERE c.driver_id = d.id AND x.safeguarding = 1), "
  "  (SELECT max (n.retain_until) FROM nr3s_entries n WHERE n.driver_id = d.id), "
  "  EXISTS (SELECT 1 FROM cases c JOIN appeals a ON a.case_id = c.id WHERE c.driver_id = d.id "
  "          AND (a.result IS NULL OR (a.crown_lodged IS NOT NULL AND a.crown_result IS NULL))), "
  "  EXISTS (SELECT 1 FROM cases c WHERE c.driver_id = d.id AND (c.outcome IS NULL OR "
  "          (c.outcome = 'deferred' AND NOT EXISTS (SELECT 1 FROM cases r WHERE r.relisted_from = c.id)))) "
  "  OR EXISTS (SELECT 1 FROM effects e WHERE e.driver_id = d.id "
  "             AND e.state IN ('awaiting-notice', 'awaiting-appeal', 'scheduled')), "
  "  d.hold_reason, d.hold_by, d.hold_placed "
  "FROM drivers d "
  "JOIN (SELECT driver_id, max (time) AS last FROM status_history GROUP BY driver_id) h "
  "  ON h.driver_id = d.id "
  "WHERE d.status IN ('revoked', 'refused', 'surrendered', 'expired') AND d.erased IS NULL "
  "  AND h.last < ?1 "
  "ORDER BY d.id";

/* The council's date of a stored UTC time. */
static char *
local_date_of (const char *utc)
{
  g_autoptr(GDateTime) t = utc ? g_date_time_new_from_iso8601 (utc, NULL) : NULL;

  return t ? docket_local_date (t) : g_strndup (utc ? utc : "", 10);
}

static Record *
record_from_row (sqlite3_stmt *stmt, const DocketConfig *config)
{
  Record *r = g_new0 (Record, 1);
  const char *sg = docket_col_text (stmt, 5), *nr3s = docket_col_text (stmt, 6);

  r->id = sqlite3_column_int64 (stmt, 0);
  r->licence = g_strdup (docket_col_text (stmt, 1));
  r->name = g_strdup (docket_col_text (stmt, 2));
  r->status = g_strdup (docket_col_text (stmt, 3));
  r->ended = local_date_of (docket_col_text (stmt, 4));
  r->due = docket_date_add_years (r->ended, (int) config->retention_years);
  r->basis = g_strdup_printf ("%u years from the end (%s %s)", config->retention_years, r->status, r->ended);
  if (sg != NULL)
    {
      g_autofree char *until = docket_date_add_years (sg, (int) config->retention_safeguarding_years);
      if (strcmp (until, r->due) > 0)
        {
          g_free (r->due);
          g_free (r->basis);
          r->due = g_steal_pointer (&until);
          r->basis = g_strdup_printf ("%u years from a decision on safeguarding grounds (%s)",
                                      config->retention_safeguarding_years, sg);
        }
    }
  if (nr3s != NULL && strcmp (nr3s, r->due) > 0)
    {
      g_free (r->due);
      g_free (r->basis);
      r->due = g_strdup (nr3s);
      r->basis = g_strdup ("the national register keeps its entry until then (11 years from the day it was made)");
    }
  if (docket_col_text (stmt, 9) != NULL)
    r->kept = g_strdup_printf ("legal hold placed on %s by %s: %s", docket_col_text (stmt, 11),
                               docket_col_text (stmt, 10), docket_col_text (stmt, 9));
  else if (sqlite3_column_int (stmt, 7))
    r->kept = g_strdup ("an appeal is open");
  else if (sqlite3_column_int (stmt, 8))
    r->kept = g_strdup ("a case or a decision's effect is still open");
  return r;
}

/* Every record whose date falls on or before @until, soonest first. */
static GPtrArray *
load_due (DocketStore *store, const char *until, GError **error)
{
  const DocketConfig *config = docket_store_get_config (store);
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, records_sql, error);
  /* No record is due sooner than its years after the end: a day's margin
   * for the council's time zone. */
  g_autofree char *back = docket_date_add_years (until, -(int) config->retention_years);
  g_autofree char *ended_by = docket_date_add_days (back, 1);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, ended_by, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Record *r = record_from_row (stmt, config);

      if (strcmp (r->due, until) <= 0)
        g_ptr_array_add (out, r);
      else
        record_free (r);
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading the retention schedule", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static int
by_due (gconstpointer a, gconstpointer b)
{
  const Record *x = *(Record * const *) a, *y = *(Record * const *) b;
  int c = strcmp (x->due, y->due);

  return c != 0 ? c : strcmp (x->licence, y->licence);
}

GVariant *
docket_retention_due (DocketStore  *store,
                      const char   *until,
                      gboolean      kept,
                      GError      **error)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(GPtrArray) due = NULL;

  if (!docket_validate_date ("until", until, error))
    return NULL;
  due = load_due (store, until, error);
  if (due == NULL)
    return NULL;
  g_ptr_array_sort (due, by_due);
  for (guint i = 0; i < due->len; i++)
    {
      Record *r = g_ptr_array_index (due, i);
      g_auto(GVariantBuilder) row = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

      if (r->kept != NULL && !kept)
        continue;
      docket_dict_add_text (&row, "licence", r->licence);
      docket_dict_add_text (&row, "name", r->name);
      docket_dict_add_text (&row, "status", r->status);
      docket_dict_add_text (&row, "ended", r->ended);
      docket_dict_add_text (&row, "due", r->due);
      docket_dict_add_text (&row, "basis", r->basis);
      docket_dict_add_text (&row, "kept", r->kept);
      g_variant_builder_add_value (&b, g_variant_builder_end (&row));
    }
  return g_variant_builder_end (&b);
}

static gboolean
hold_in_txn (DocketStore *store, const DocketCaller *caller, const char *licence, gboolean place,
             const char *reason, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT id, hold_reason, erased FROM drivers WHERE licence = ?", error);
  g_autofree char *today = docket_today ();
  g_autofree char *summary = NULL;
  gint64 id;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, licence, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      docket_error_set_named (error, DOCKET_ERROR_NOT_FOUND, "Licence %s: no such driver", licence);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return docket_db_set_error (db, rc, "Reading a driver", error);
  id = sqlite3_column_int64 (stmt, 0);
  if (docket_col_text (stmt, 2) != NULL)
    {
      docket_error_set_named (error, DOCKET_ERROR_CONFLICT, "Licence %s: the record was erased on %s; "
                              "there is nothing left to hold", licence, docket_col_text (stmt, 2));
      return FALSE;
    }
  if (place && docket_col_text (stmt, 1) != NULL)
    {
      docket_error_set_named (error, DOCKET_ERROR_CONFLICT, "Licence %s: a legal hold is already placed (%s)",
                              licence, docket_col_text (stmt, 1));
      return FALSE;
    }
  if (!place && docket_col_text (stmt, 1) == NULL)
    {
      docket_error_set_named (error, DOCKET_ERROR_CONFLICT, "Licence %s: no legal hold is placed", licence);
      return FALSE;
    }
  g_clear_pointer (&stmt, docket_stmt_release);
  stmt = docket_db_prepare (db, "UPDATE drivers SET hold_reason = ?1, hold_by = ?2, hold_placed = ?3 "
                            "WHERE id = ?4", error);
  if (stmt == NULL)
    return FALSE;
  if (place)
    {
      sqlite3_bind_text (stmt, 1, reason, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, caller->user, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, today, -1, SQLITE_STATIC);
    }
  sqlite3_bind_int64 (stmt, 4, id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  summary = g_strdup_printf ("%s: %s", place ? "legal hold placed" : "legal hold lifted", reason);
  return docket_audit_store_append (store, caller->user, place ? "driver.hold" : "driver.release",
                                    licence, summary, error);
}

gboolean
docket_retention_hold (DocketStore        *store,
                       const DocketCaller *caller,
                       const char         *licence,
                       gboolean            place,
                       const char         *reason,
                       GError            **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (reason ? reason : ""));

  if (!docket_validate_text ("licence", licence, 64, FALSE, error))
    return FALSE;
  if (*trimmed == '\0')
    {
      docket_error_set_named (error, DOCKET_ERROR_INVALID_ARGUMENT, "Licence %s: reason: %s", licence,
                              place ? "a legal hold needs its reason (the claim, the request or the "
                                      "inquiry that needs the record kept)"
                                    : "lifting a legal hold needs its reason");
      return FALSE;
    }
  if (!docket_validate_text ("reason", reason, 500, FALSE, error))
    {
      g_prefix_error (error, "Licence %s: ", licence);
      return FALSE;
    }
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, hold_in_txn (store, caller, licence, place, reason, error), error,
                              "Licence %s", licence);
}

/* Runs @sql with ?1 bound to @id. */
static gboolean
exec_for (DocketDb *db, const char *sql, gint64 id, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return docket_db_step_done (db, stmt, error);
}

/* Each row's @column (of @table, rows of @driver), which may not be empty,
 * becomes the erased marker, sealed to its row as before; @cleared, a
 * column set NULL with it. */
static gboolean
erase_required (DocketStore *store, const char *table, const char *column, const char *cleared, gint64 driver,
                guint *rows, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *select = g_strdup_printf ("SELECT id FROM %s WHERE driver_id = ?", table);
  g_autofree char *update = g_strdup_printf ("UPDATE %s SET %s = ?1, %s = NULL WHERE id = ?2", table, column,
                                             cleared);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, select, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, driver);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading the rows to erase", error);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(DocketStmt) set = docket_db_prepare (db, update, error);
      if (set == NULL)
        return FALSE;
      docket_store_bind_encrypted (store, set, 1, table, column, id, ERASED_TEXT);
      sqlite3_bind_int64 (set, 2, id);
      if (!docket_db_step_done (db, set, error))
        return FALSE;
    }
  *rows = ids->len;
  return TRUE;
}

/* The erasure of one record: every ciphertext about the driver deleted
 * or emptied, the name and badge gone; the licence number, kind, status
 * history, cases' outcomes and dates, the register entries' dates and the
 * first day adverse information was known stay, for the statistics. */
static gboolean
erase_in_txn (DocketStore *store, const Record *r, const char *today, gboolean *erased, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *now = docket_store_now ();
  g_autofree char *summary = NULL;
  int convictions, notes;
  guint cases = 0, checks = 0;
  static const char * const steps[] = {
    "UPDATE drivers SET adverse_since = (SELECT min (x) FROM ("
    "  SELECT adverse_since AS x FROM drivers WHERE id = ?1 "
    "  UNION ALL SELECT substr (created, 1, 10) FROM convictions WHERE driver_id = ?1 "
    "  UNION ALL SELECT date FROM notes WHERE driver_id = ?1 AND kind IN ('intelligence', 'complaint'))) "
    "WHERE id = ?1",
    "UPDATE case_members SET interest = NULL, advice = NULL "
    "WHERE case_id IN (SELECT id FROM cases WHERE driver_id = ?1)",
    "UPDATE decisions SET reasons = NULL, alternatives = NULL, justification = NULL, correction = NULL "
    "WHERE case_id IN (SELECT id FROM cases WHERE driver_id = ?1)",
    "UPDATE flags SET reason = NULL, evidence = '" ERASED_TEXT "' WHERE driver_id = ?1",
    "UPDATE nr3s_searches SET authority = NULL, details = NULL WHERE driver_id = ?1",
    "UPDATE status_history SET reason = '" ERASED_TEXT "' WHERE driver_id = ?1",
    "UPDATE training SET certificate = NULL WHERE driver_id = ?1",
  };

  /* Not erased already, and no hold placed since the list was read (the
   * list and the erasures run as one task on the writer, so nothing else
   * changes between them). */
  {
    g_autoptr(DocketStmt) stmt = docket_db_prepare (db, "SELECT erased, hold_reason FROM drivers WHERE id = ?",
                                                    error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, r->id);
    if (sqlite3_step (stmt) != SQLITE_ROW || docket_col_text (stmt, 0) != NULL || docket_col_text (stmt, 1) != NULL)
      return TRUE;
  }
  *erased = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (!exec_for (db, steps[i], r->id, error))
      return FALSE;
  if (!exec_for (db, "DELETE FROM convictions WHERE driver_id = ?1", r->id, error))
    return FALSE;
  convictions = sqlite3_changes (docket_db_get_handle (db));
  if (!exec_for (db, "DELETE FROM notes WHERE driver_id = ?1", r->id, error))
    return FALSE;
  notes = sqlite3_changes (docket_db_get_handle (db));
  /* The DBS checks keep their dates and kinds (the annual return counts
   * them); their results and certificates go. */
  if (!erase_required (store, "cases", "grounds", "report", r->id, &cases, error) ||
      !erase_required (store, "dbs_checks", "result", "certificate", r->id, &checks, error))
    return FALSE;
  {
    g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
        "UPDATE drivers SET full_name = 'Erased record', badge = NULL, dob = NULL, address = NULL, "
        "phone = NULL, email = NULL, ni_number = NULL, dvla_number = NULL, dbs_certificate = NULL, "
        "dbs_disclosure = NULL, ni_bidx = NULL, dvla_bidx = NULL, erased = ?1, modified = ?2 WHERE id = ?3",
        error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, r->id);
    if (!docket_db_step_done (db, stmt, error))
      return FALSE;
  }
  summary = g_strdup_printf ("erased under the retention schedule: %s on %s, due %s (%s); %d conviction%s, "
                             "%d note%s, the results of %u DBS check%s and the texts of %u case%s", r->status,
                             r->ended, r->due, r->basis, convictions, convictions == 1 ? "" : "s", notes,
                             notes == 1 ? "" : "s", checks, checks == 1 ? "" : "s", cases, cases == 1 ? "" : "s");
  return docket_audit_store_append (store, DOCKET_SYSTEM_USER, "driver.erase", r->licence, summary, error);
}

/* The s.3 requests and s.5 concerns closed longer ago than the schedule
 * keeps records: deleted with their ciphertexts. */
static int
erase_old_duties (DocketStore *store, const char *today, GError **error)
{
  const DocketConfig *config = docket_store_get_config (store);
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *before = docket_date_add_years (today, -(int) config->retention_years);
  g_autoptr(DocketStmt) stmt = NULL;
  int n;

  if (!docket_store_begin_write (store, error))
    return -1;
  stmt = docket_db_prepare (db, "DELETE FROM nr3s_duties WHERE closed IS NOT NULL AND closed < ?", error);
  if (stmt == NULL)
    return docket_store_end (store, FALSE, error), -1;
  sqlite3_bind_text (stmt, 1, before, -1, SQLITE_STATIC);
  if (!docket_db_step_done (db, stmt, error))
    return docket_store_end (store, FALSE, error), -1;
  n = sqlite3_changes (docket_db_get_handle (db));
  if (n > 0)
    {
      g_autofree char *summary = g_strdup_printf ("%d register request%s and concern%s closed before %s erased",
                                                  n, n == 1 ? "" : "s", n == 1 ? "" : "s", before);
      if (!docket_audit_store_append (store, DOCKET_SYSTEM_USER, "register.erase", "nr3s", summary, error))
        return docket_store_end (store, FALSE, error), -1;
    }
  if (!docket_store_end (store, TRUE, error))
    return -1;
  return n;
}

int
docket_retention_apply (DocketStore  *store,
                        GError      **error)
{
  const DocketConfig *config = docket_store_get_config (store);
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *today = docket_today ();
  g_autoptr(GBytes) last = NULL;
  g_autoptr(GPtrArray) due = NULL;
  gboolean ok = TRUE, finished = TRUE;
  int n = 0, duties;

  if (!config->retention_erase)
    return 0;
  last = docket_db_get_meta (db, META_RETENTION_DAY, NULL);
  if (last != NULL && g_bytes_get_size (last) == strlen (today) &&
      memcmp (g_bytes_get_data (last, NULL), today, strlen (today)) == 0)
    return 0;
  due = load_due (store, today, error);
  if (due == NULL)
    return -1;
  /* A batch of records a transaction (one fsync, each record its own
   * audit entry), and a bounded number a run: a council's first run may
   * find years of ended licences, and the scheduler's next runs (every 10
   * minutes) go on where this one stopped. */
  for (guint i = 0; i < due->len && ok && n < ERASE_PER_RUN; )
    {
      guint in_batch = 0;
      gboolean batch_ok;

      if (!docket_store_begin_write (store, error))
        {
          ok = FALSE;
          break;
        }
      batch_ok = TRUE;
      for (; i < due->len && batch_ok && in_batch < ERASE_PER_BATCH; i++)
        {
          Record *r = g_ptr_array_index (due, i);
          gboolean erased = FALSE;

          if (r->kept != NULL)
            continue;
          batch_ok = erase_in_txn (store, r, today, &erased, error);
          if (!batch_ok)
            g_prefix_error (error, "Licence %s: ", r->licence);
          in_batch += erased ? 1 : 0;
        }
      ok = docket_store_end (store, batch_ok, error) && batch_ok;
      n += ok ? (int) in_batch : 0;
      finished = i >= due->len;
    }
  duties = ok ? erase_old_duties (store, today, error) : 0;
  ok = ok && duties >= 0;
  /* The names leave the full-text index's old segments too, and what was
   * erased the log, even when a later erasure failed. */
  if (n > 0 && !docket_db_exec (db, "INSERT INTO drivers_fts (drivers_fts) VALUES ('optimize')",
                                ok ? error : NULL))
    ok = FALSE;
  if (!ok)
    {
      if (n > 0)
        docket_db_checkpoint_now (db);
      return -1;
    }
  if (finished)
    {
      g_autoptr(GBytes) day = g_bytes_new (today, strlen (today));
      if (!docket_store_begin_write (store, error) ||
          !docket_store_end (store, docket_db_set_meta (db, META_RETENTION_DAY, day, error), error))
        return -1;
    }
  if (n + duties > 0)
    docket_db_checkpoint_now (db);
  return n + duties;
}
