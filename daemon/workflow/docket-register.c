/* The NR3S register's entries as decisions, notices and appeals change
 * them, and the date each was entered in the national register. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-validate.h"
#include "docket-hearings.h"
#include "docket-register.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64
#define fail      docket_error_set

char *
docket_register_missing_of (sqlite3_stmt *stmt, int first)
{
  static const char * const what[] = {
    "date of birth", "home address", "National Insurance or DVLA driving licence number",
  };
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (what); i++)
    if (sqlite3_column_int (stmt, first + (int) i))
      g_string_append_printf (s, "%s%s", s->len ? ", " : "", what[i]);
  return s->len ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
}

gboolean
docket_register_note (DocketDb *db, gint64 case_id, const char *state, const char *decision,
                      const char *change, GError **error)
{
  g_autofree char *now = docket_store_now ();
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "UPDATE nr3s_entries SET state = COALESCE(?1, state), decision = COALESCE(?2, decision), "
      "changes = CASE WHEN ?3 IS NULL THEN changes WHEN changes = '' THEN ?3 "
      "ELSE changes || '; ' || ?3 END, modified = ?4 WHERE case_id = ?5", error);

  if (stmt == NULL)
    return FALSE;
  if (state)
    sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  if (decision)
    sqlite3_bind_text (stmt, 2, decision, -1, SQLITE_STATIC);
  if (change)
    sqlite3_bind_text (stmt, 3, change, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, case_id);
  return docket_db_step_done (db, stmt, error);
}

gboolean
docket_register_granted (DocketDb *db, gint64 driver, gint64 case_id, const char *date, GError **error)
{
  g_autofree char *now = docket_store_now ();
  g_autofree char *change = g_strdup_printf ("%s licence granted again (case %" G_GINT64_FORMAT ")", date, case_id);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "UPDATE nr3s_entries SET changes = CASE WHEN changes = '' THEN ?1 ELSE changes || '; ' || ?1 END, "
      "modified = ?2 WHERE driver_id = ?3 AND case_id != ?4", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, driver);
  sqlite3_bind_int64 (stmt, 4, case_id);
  return docket_db_step_done (db, stmt, error);
}

gboolean
docket_register_effective (DocketDb *db, gint64 case_id, const char *date, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "UPDATE nr3s_entries SET effective = ?1 WHERE case_id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, case_id);
  return docket_db_step_done (db, stmt, error);
}

/* Creates, updates or withdraws the NR3S entry for the case's decision. */
gboolean
docket_register_sync (DocketStore *store, const DocketCaseCore *c, const DocketDecisionEffect *e,
                      GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *now = docket_store_now ();
  g_autoptr(DocketStmt) stmt = NULL;
  gboolean listed = e->safeguarding &&
      (g_str_equal (e->outcome, "refused") || g_str_equal (e->outcome, "suspended") ||
       g_str_equal (e->outcome, "revoked"));

  if (listed)
    {
      /* 2022 Act s.2(2)(b): kept 11 years beginning with the day the entry
       * is first made; until it is recorded nationally, from today. A
       * later change never moves it. */
      g_autofree char *today = docket_today ();
      g_autofree char *retain = docket_date_add_years (today, DOCKET_NR3S_RETAIN_YEARS);
      g_autofree char *deadline = NULL;
      const char *effective = NULL;

      if (c->notice_sent)
        deadline = docket_date_add_working_days (c->notice_sent, DOCKET_NR3S_WORKING_DAYS,
            &docket_store_get_config (store)->holidays);
      /* A refusal takes effect on the day; a suspension or revocation when
       * its effect is applied (docket_register_effective). */
      if (g_str_equal (e->outcome, "refused"))
        effective = e->decided;
      stmt = docket_db_prepare (db,
          "INSERT INTO nr3s_entries (case_id, driver_id, decision, decided, effective, notified, "
          "deadline, state, retain_until, created, modified) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'current', ?8, ?9, ?9) "
          "ON CONFLICT (case_id) DO UPDATE SET decision = ?3, decided = ?4, effective = ?5, "
          "state = 'current', modified = ?9", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, c->id);
      sqlite3_bind_int64 (stmt, 2, c->driver);
      sqlite3_bind_text (stmt, 3, e->outcome, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, e->decided, -1, SQLITE_STATIC);
      if (effective)
        sqlite3_bind_text (stmt, 5, effective, -1, SQLITE_STATIC);
      if (c->notice_sent)
        sqlite3_bind_text (stmt, 6, c->notice_sent, -1, SQLITE_STATIC);
      if (deadline)
        sqlite3_bind_text (stmt, 7, deadline, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, retain, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, now, -1, SQLITE_STATIC);
      return docket_db_step_done (db, stmt, error);
    }

  /* No longer a register decision: an entry not yet sent goes; one already
   * in the register is marked withdrawn. */
  stmt = docket_db_prepare (db, "DELETE FROM nr3s_entries WHERE case_id = ? AND recorded IS NULL",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  {
    g_autofree char *change = g_strdup_printf ("%s decision corrected: no longer a register entry",
                                               e->decided);
    return docket_register_note (db, c->id, "withdrawn", NULL, change, error);
  }
}

static gboolean
mark_in_txn (DocketStore *store, const DocketCaller *caller, gint64 entry, const char *date,
             GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *today = docket_today ();
  g_autofree char *notified = NULL, *obj = NULL, *summary = NULL, *missing = NULL;
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT r.notified, r.recorded, r.case_id, d.licence, " DOCKET_REGISTER_MISSING_COLUMNS " "
      "FROM nr3s_entries r JOIN drivers d ON d.id = r.driver_id WHERE r.id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return docket_error_set_named (error,
                          DOCKET_ERROR_NOT_FOUND,
                          "Register entry %" G_GINT64_FORMAT ": no such entry",
                          entry);
  if (rc != SQLITE_ROW)
    return docket_db_set_error (db, rc, "Reading the register", error);
  if (col_text (stmt, 1) != NULL)
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Register entry %" G_GINT64_FORMAT " was already "
                 "recorded on %s",
                          entry,
                          col_text (stmt, 1));
  missing = docket_register_missing_of (stmt, 4);
  if (missing != NULL)
    return docket_error_set_named (error, DOCKET_ERROR_CONFLICT,
                                   "Register entry %" G_GINT64_FORMAT ": the record of licence %s lacks %s, which "
                                   "the national register needs; complete it first", entry, col_text (stmt, 3),
                                   missing);
  notified = g_strdup (col_text (stmt, 0));
  obj = g_strdup_printf ("case %" G_GINT64_FORMAT, col_int64 (stmt, 2));
  g_clear_pointer (&stmt, docket_stmt_release);
  if (!docket_validate_date ("recorded date", date, error))
    return FALSE;
  if (notified == NULL)
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Register entry %" G_GINT64_FORMAT ": the driver has "
                 "not been sent the statement of decision yet",
                          entry);
  if (strcmp (date, notified) < 0 || strcmp (date, today) > 0)
    return docket_error_set_named (error,
                          DOCKET_ERROR_INVALID_ARGUMENT,
                          "Register entry %" G_GINT64_FORMAT ": "
                 "recorded date %s is not between the notice of %s and today",
                          entry,
                          date,
                          notified);

  /* The entry is made in the national register today: the 11 years run
   * from that day (2022 Act s.2(2)(b)). */
  stmt = docket_db_prepare (db, "UPDATE nr3s_entries SET recorded = ?1, "
                            "retain_until = date(?1, '+11 years') WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, entry);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  summary = g_strdup_printf ("register entry %" G_GINT64_FORMAT " recorded %s", entry, date);
  return docket_audit_store_append (store, caller->user, "register.record", obj, summary, error);
}

gboolean
docket_register_mark (DocketStore         *store,
                      const DocketCaller  *caller,
                      gint64               entry,
                      const char          *date,
                      GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, mark_in_txn (store, caller, entry, date, error), error,
                              "Register entry %" G_GINT64_FORMAT, entry);
}
