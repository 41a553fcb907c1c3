/* What decisions do to a licence and when: the statutory timings, the
 * statement of decision being sent, and the effects applied when due. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-validate.h"
#include "docket-driver-store.h"
#include "docket-effects.h"
#include "docket-register.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64
#define fail      docket_error_set

/* The status an action gives a licence. */
const char *
docket_effect_action_status (const char *action)
{
  static const char * const map[][2] = {
    { "suspend", "suspended" }, { "revoke", "revoked" }, { "reinstate", "active" },
    { "refuse", "refused" }, { "grant", "active" }, { "surrender", "surrendered" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (map[i][0], action))
      return map[i][1];
  g_assert_not_reached ();
}

const char *
docket_effect_action_noun (const char *action)
{
  if (g_str_equal (action, "suspend"))
    return "suspension";
  if (g_str_equal (action, "revoke"))
    return "revocation";
  if (g_str_equal (action, "reinstate"))
    return "end of the suspension";
  if (g_str_equal (action, "refuse"))
    return "refusal";
  if (g_str_equal (action, "grant"))
    return "grant";
  return "surrender";
}

gint64
docket_effects_insert (DocketStore *store, gint64 case_id, gint64 driver, const char *action,
                       const char *state, const char *due, const char *expires, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "INSERT INTO effects (case_id, driver_id, action, state, due, expires) "
      "VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, driver);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, state, -1, SQLITE_STATIC);
  if (due)
    sqlite3_bind_text (stmt, 5, due, -1, SQLITE_STATIC);
  if (expires)
    sqlite3_bind_text (stmt, 6, expires, -1, SQLITE_STATIC);
  if (!docket_db_step_done (db, stmt, error))
    return -1;
  return sqlite3_last_insert_rowid (docket_db_get_handle (db));
}

static gboolean
set_effect_state (DocketDb *db, gint64 effect, const char *state, const char *due,
                  const char *note, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "UPDATE effects SET state = ?1, due = COALESCE(?2, due), "
      "applied = CASE WHEN ?1 = 'applied' THEN COALESCE(?2, due) ELSE applied END, "
      "note = COALESCE(?3, note) WHERE id = ?4", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  if (due)
    sqlite3_bind_text (stmt, 2, due, -1, SQLITE_STATIC);
  if (note)
    sqlite3_bind_text (stmt, 3, note, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, effect);
  return docket_db_step_done (db, stmt, error);
}

/* Changes the licence as @action says, on @date, and marks the effect
 * applied. */
static gboolean
apply_now (DocketStore *store, const char *user, gint64 effect, gint64 case_id, gint64 driver,
           const char *action, const char *date, const char *expires, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *status = docket_driver_store_licence_status (store, driver, error);
  g_autofree char *reason = NULL;
  g_autoptr(DocketStmt) stmt = NULL;

  if (status == NULL)
    return FALSE;
  stmt = docket_db_prepare (db, "UPDATE cases SET status_before = COALESCE(status_before, ?) "
                            "WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, case_id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;

  reason = g_strdup_printf ("case %" G_GINT64_FORMAT ": %s on %s", case_id, docket_effect_action_noun (action), date);
  if (!docket_driver_store_set_status (store, user, driver, docket_effect_action_status (action), expires,
                                       reason, FALSE, error))
    return FALSE;
  if (!set_effect_state (db, effect, "applied", date, NULL, error))
    return FALSE;
  if (g_str_equal (action, "suspend") || g_str_equal (action, "revoke") ||
      g_str_equal (action, "refuse"))
    return docket_register_effective (db, case_id, date, error);
  if (g_str_equal (action, "grant"))
    return docket_register_granted (db, driver, case_id, date, error);
  return TRUE;
}

/* Undoes what the case did to the licence: effects still to come are
 * cancelled; a change already made is reversed while the licence still
 * shows it. */
gboolean
docket_effects_revert_case (DocketStore *store, const char *user, gint64 case_id, gint64 driver,
                            const char *why, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "UPDATE effects SET state = 'cancelled', note = ?1 WHERE case_id = ?2 "
      "AND state IN ('awaiting-notice', 'awaiting-appeal', 'scheduled')", error);
  g_autofree char *action = NULL;
  g_autofree char *status = NULL;
  g_autofree char *before = NULL;
  g_autofree char *licence = NULL;
  g_autofree char *reason = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, why, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, case_id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, docket_stmt_release);

  stmt = docket_db_prepare (db,
      "SELECT e.action, c.status_before, d.status, d.licence FROM effects e "
      "JOIN cases c ON c.id = e.case_id JOIN drivers d ON d.id = e.driver_id "
      "WHERE e.case_id = ? AND e.state = 'applied' ORDER BY e.id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return docket_db_set_error (db, rc, "Reading effects", error);
  action = g_strdup (col_text (stmt, 0));
  before = g_strdup (col_text (stmt, 1));
  status = g_strdup (col_text (stmt, 2));
  licence = g_strdup (col_text (stmt, 3));
  g_clear_pointer (&stmt, docket_stmt_release);

  if (g_str_equal (action, "reinstate"))
    return TRUE;  /* the suspension has run its course */
  if (!g_str_equal (status, docket_effect_action_status (action)))
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Licence %s is now %s, not %s as case %" G_GINT64_FORMAT " left it, so the "
                 "change cannot be undone here; change the licence record by hand",
                          licence,
                          status,
                          docket_effect_action_status (action),
                          case_id);

  reason = g_strdup_printf ("case %" G_GINT64_FORMAT ": %s", case_id, why);
  if (!docket_driver_store_set_status (store, user, driver, before ? before : status, NULL,
                                       reason, TRUE, error))
    return FALSE;
  stmt = docket_db_prepare (db, "UPDATE effects SET state = 'reverted', note = ?1 "
                            "WHERE case_id = ?2 AND state = 'applied'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, why, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, case_id);
  return docket_db_step_done (db, stmt, error);
}

/* Sets up the effects of @outcome taking effect from @from. Suspensions
 * and revocations wait for the notice and the appeal period, or for the
 * notice alone, or apply at once, as @timing says. */
gboolean
docket_effects_create (DocketStore *store, const char *user, const DocketCaseCore *c, const char *outcome,
                       const char *from, const char *until, const char *expires, DocketEffectTiming timing,
                       GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  const char *action = NULL;
  gint64 effect;

  if (g_str_equal (outcome, "granted"))
    action = "grant";
  else if (g_str_equal (outcome, "refused"))
    action = "refuse";
  else if (g_str_equal (outcome, "surrendered"))
    action = "surrender";
  else if (g_str_equal (outcome, "suspended"))
    action = "suspend";
  else if (g_str_equal (outcome, "revoked"))
    action = "revoke";
  if (action == NULL)
    return TRUE;

  if ((!g_str_equal (action, "suspend") && !g_str_equal (action, "revoke")) || timing == DOCKET_EFFECT_AT_ONCE)
    {
      effect = docket_effects_insert (store, c->id, c->driver, action, "scheduled", from, expires, error);
      if (effect < 0 ||
          !apply_now (store, user, effect, c->id, c->driver, action, from, expires, error))
        return FALSE;
    }
  else if (timing == DOCKET_EFFECT_ON_NOTICE)
    {
      /* s61(2B): immediate effect starts when the notice, with the
       * statement that public safety requires it, is given — not on the
       * day of the decision. */
      if (docket_effects_insert (store, c->id, c->driver, action,
                                 c->notice_sent ? "scheduled" : "awaiting-notice",
                                 c->notice_sent, NULL, error) < 0)
        return FALSE;
    }
  else
    {
      g_auto(DocketAppealCore) appeal = { 0 };
      g_autofree char *due = NULL;
      const char *state;

      if (!docket_appeal_load (db, c->id, &appeal, error))
        return FALSE;
      if (docket_appeal_pending (&appeal))
        state = "awaiting-appeal";
      else if (c->notice_sent != NULL)
        {
          state = "scheduled";
          due = docket_date_add_days (c->notice_sent, DOCKET_APPEAL_DAYS);
        }
      else
        state = "awaiting-notice";
      if (docket_effects_insert (store, c->id, c->driver, action, state, due, NULL, error) < 0)
        return FALSE;
    }
  if (g_str_equal (outcome, "suspended") &&
      docket_effects_insert (store, c->id, c->driver, "reinstate", "scheduled", until, NULL, error) < 0)
    return FALSE;
  return TRUE;
}


/* A decision corrected after its statement was given: the statement no
 * longer counts. Effects kept from the earlier version (@same) that were
 * waiting for the appeal period go back to waiting for a statement; the
 * register entry's notice and deadline are cleared and the correction is
 * added to its history. */
static gboolean
withdraw_notice (DocketStore *store, const DocketCaseCore *c, const DocketDecisionEffect *e, gboolean same,
                 GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "UPDATE cases SET notice_sent = NULL, notice_posted = NULL, notice_method = NULL, notice_template = NULL, "
      "notice_hash = NULL WHERE id = ?", error);
  g_autofree char *change = NULL;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, docket_stmt_release);
  if (same)
    {
      stmt = docket_db_prepare (db, "UPDATE effects SET state = 'awaiting-notice', due = NULL "
                                "WHERE case_id = ? AND state = 'scheduled' AND action IN ('suspend', 'revoke')",
                                error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, c->id);
      if (!docket_db_step_done (db, stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, docket_stmt_release);
    }
  stmt = docket_db_prepare (db, "UPDATE nr3s_entries SET notified = NULL, deadline = NULL "
                            "WHERE case_id = ? AND recorded IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  change = g_strdup_printf ("%s decision corrected (version %u: %s); the statement given on %s no longer "
                            "counts and a new one is needed", e->decided, c->version + 1, e->outcome,
                            c->notice_sent);
  return docket_register_note (db, c->id, NULL, NULL, change, error);
}

gboolean
docket_effects_decide (DocketStore                *store,
                       const char                 *user,
                       const DocketCaseCore       *before,
                       const DocketDecisionEffect *e,
                       GError                    **error)
{
  DocketDb *db = docket_store_get_db (store);
  DocketCaseCore fresh;  /* the case as the new version's effects see it */
  gboolean same = FALSE;

  if (before->outcome != NULL)
    {
      /* A correction: the same outcome with the same timing keeps its
       * effects; anything else undoes the earlier version's first. */
      g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
          "SELECT suspend_until, immediate FROM decisions WHERE case_id = ? AND version = ?", error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, before->id);
      sqlite3_bind_int (stmt, 2, (int) before->version);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        return docket_db_set_error (db, rc, "Reading the decision", error);
      same = g_str_equal (before->outcome, e->outcome) &&
             g_strcmp0 (col_text (stmt, 0), e->until) == 0 &&
             (sqlite3_column_int (stmt, 1) != 0) == e->immediate;
      g_clear_pointer (&stmt, docket_stmt_release);
      if (!same)
        {
          g_autofree char *why = g_strdup_printf ("decision corrected from %s to %s",
                                                  before->outcome, e->outcome);
          if (!docket_effects_revert_case (store, user, before->id, before->driver, why, error))
            return FALSE;
        }
    }

  fresh = *before;
  if (before->outcome != NULL && before->notice_sent != NULL)
    {
      /* The statement given was of the earlier version: it no longer
       * starts any clock, and the corrected decision waits for its own. */
      fresh.notice_sent = NULL;
      if (!withdraw_notice (store, before, e, same, error))
        return FALSE;
    }
  if (!same && !docket_effects_create (store, user, &fresh, e->outcome, e->decided, e->until, e->expires,
                                       e->immediate ? DOCKET_EFFECT_ON_NOTICE : DOCKET_EFFECT_AFTER_APPEAL_PERIOD,
                                       error))
    return FALSE;
  if (!docket_register_sync (store, &fresh, e, error))
    return FALSE;
  return docket_effects_apply_due_in_txn (store, error) >= 0;
}

/* The day a notice is deemed given (served): by hand, that day; by
 * first-class post, the second working day after posting; by email (with
 * the driver's consent), that day when sent on a working day before 16:30,
 * else the next working day. */
char *
docket_effects_served_date (const char                *posted,
                            const char                *method,
                            const char                *time,
                            const DocketHolidayAdjust *holidays)
{
  if (g_str_equal (method, "post"))
    return docket_date_add_working_days (posted, 2, holidays);
  if (g_str_equal (method, "email") &&
      (!docket_is_working_day (posted, holidays) || time == NULL || strcmp (time, "16:30") >= 0))
    return docket_date_add_working_days (posted, 1, holidays);
  return g_strdup (posted);
}

static gboolean
check_notice (const DocketCaseCore *c, const DocketNotice *n, const char *today, GError **error)
{
  if (!docket_validate_date ("sent date", n->date, error))
    return FALSE;
  if (!g_str_equal (n->method, "hand") && !g_str_equal (n->method, "post") && !g_str_equal (n->method, "email"))
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "method '%s' is not known; use hand, post or email",
                 n->method);
  if (n->time != NULL && !g_str_equal (n->method, "email"))
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "a time is given only for a notice sent by email");
  if (g_str_equal (n->method, "email") && n->time == NULL)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "a notice sent by email needs the time it was sent "
                 "(HH:MM): after 16:30 it is given the next working day");
  if (n->time != NULL && !docket_validate_time ("time", n->time, error))
    return FALSE;
  if (c->outcome == NULL)
    return docket_error_set_named (error, DOCKET_ERROR_CONFLICT, "Case %" G_GINT64_FORMAT " is not decided yet",
                                   c->id);
  if (g_str_equal (c->outcome, "deferred") || !docket_outcome_needs_decision (
          docket_enum_from_string (docket_outcome_names, c->outcome)))
    return docket_error_set_named (error, DOCKET_ERROR_CONFLICT,
                                   "Case %" G_GINT64_FORMAT " was %s: there is no statement of decision to send",
                                   c->id, c->outcome);
  if (c->notice_sent != NULL)
    return docket_error_set_named (error, DOCKET_ERROR_CONFLICT,
                                   "Case %" G_GINT64_FORMAT ": the statement of decision was already given on %s",
                                   c->id, c->notice_sent);
  if (strcmp (n->date, c->decided) < 0)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "sent date %s is before the decision of %s",
                 n->date, c->decided);
  if (strcmp (n->date, today) > 0)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "sent date %s is in the future", n->date);
  return TRUE;
}

static gboolean
give_notice_in_txn (DocketStore *store, const DocketCaller *caller, gint64 case_id, const DocketNotice *n,
                    char **served_out, GPtrArray *warnings, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  const DocketHolidayAdjust *holidays = &docket_store_get_config (store)->holidays;
  g_auto(DocketCaseCore) c = { 0 };
  g_autofree char *today = docket_today ();
  g_autofree char *served = NULL, *due = NULL, *deadline = NULL, *summary = NULL;
  g_autofree char *obj = g_strdup_printf ("case %" G_GINT64_FORMAT, case_id);
  g_autoptr(DocketStmt) stmt = NULL;
  int late;

  if (!docket_case_load (store, case_id, &c, error) || !check_notice (&c, n, today, error))
    return FALSE;
  served = docket_effects_served_date (n->date, n->method, n->time, holidays);

  /* s61(2)(a): the grounds within 14 days of the decision. Given later,
   * it is recorded, with a warning. */
  late = docket_date_days_between (c.decided, served);
  if (late > DOCKET_NOTICE_DAYS && warnings != NULL &&
      (g_str_equal (c.outcome, "suspended") || g_str_equal (c.outcome, "revoked") ||
       g_str_equal (c.outcome, "refused")))
    g_ptr_array_add (warnings, g_strdup_printf (
        "Case %" G_GINT64_FORMAT ": the statement is given on %s, %d days after the decision of %s; "
        "section 61(2)(a) of the 1976 Act asks for the grounds within %d days",
        case_id, served, late, c.decided, DOCKET_NOTICE_DAYS));

  stmt = docket_db_prepare (db, "UPDATE cases SET notice_sent = ?, notice_posted = ?, notice_method = ?, "
                            "notice_template = ?, notice_hash = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, served, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, n->date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, n->method, -1, SQLITE_STATIC);
  if (n->template_id)
    sqlite3_bind_text (stmt, 4, n->template_id, -1, SQLITE_STATIC);
  if (n->document_hash)
    sqlite3_bind_text (stmt, 5, n->document_hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, case_id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, docket_stmt_release);

  /* s61(2A): at the end of the 21 days beginning with the day the notice
   * is given; s61(2B): with immediate effect, on that day. */
  due = docket_date_add_days (served, DOCKET_APPEAL_DAYS);
  stmt = docket_db_prepare (db, "UPDATE effects SET state = 'scheduled', "
                            "due = CASE WHEN EXISTS (SELECT 1 FROM decisions d JOIN cases c "
                            "ON c.id = d.case_id AND c.version = d.version "
                            "WHERE d.case_id = ?2 AND d.immediate = 1) THEN ?3 ELSE ?1 END "
                            "WHERE case_id = ?2 AND state = 'awaiting-notice'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, due, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, case_id);
  sqlite3_bind_text (stmt, 3, served, -1, SQLITE_STATIC);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, docket_stmt_release);

  deadline = docket_date_add_working_days (served, DOCKET_NR3S_WORKING_DAYS, holidays);
  stmt = docket_db_prepare (db, "UPDATE nr3s_entries SET notified = ?1, deadline = ?2 "
                            "WHERE case_id = ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, served, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, deadline, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, case_id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;

  summary = g_strdup_printf ("statement of decision %s %s, given %s; appeal period ends %s",
                             g_str_equal (n->method, "hand") ? "handed over" :
                             g_str_equal (n->method, "post") ? "posted first class" : "emailed",
                             n->date, served, due);
  if (n->document_hash != NULL)
    {
      g_autofree char *more = g_strdup_printf ("%s; the statement (read to be given) BLAKE2b-256 %s, written from "
                                               "%s", summary, n->document_hash, n->template_id);
      g_free (summary);
      summary = g_steal_pointer (&more);
    }
  if (!docket_audit_store_append (store, caller->user, "case.notice-sent", obj, summary, error))
    return FALSE;
  if (docket_effects_apply_due_in_txn (store, error) < 0)
    return FALSE;
  if (served_out)
    *served_out = g_steal_pointer (&served);
  return TRUE;
}

gboolean
docket_effects_give_notice (DocketStore         *store,
                            const DocketCaller  *caller,
                            gint64               case_id,
                            const DocketNotice  *notice,
                            char               **served,
                            GPtrArray           *warnings,
                            GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, give_notice_in_txn (store, caller, case_id, notice, served, warnings, error),
                              error, "Case %" G_GINT64_FORMAT, case_id);
}

gboolean
docket_effects_notice_sent (DocketStore         *store,
                            const DocketCaller  *caller,
                            gint64               case_id,
                            const char          *date,
                            GError             **error)
{
  DocketNotice n = { date, "hand", NULL };

  return docket_effects_give_notice (store, caller, case_id, &n, NULL, NULL, error);
}

typedef struct {
  gint64  id;
  gint64  case_id;
  gint64  driver;
  char   *action;
  char   *due;
  char   *expires;
} DueEffect;

static void
due_effect_clear (gpointer p)
{
  DueEffect *e = p;
  g_free (e->action);
  g_free (e->due);
  g_free (e->expires);
}

static char *
latest_suspend_state (DocketDb *db, gint64 case_id, gint64 *id, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT id, state FROM effects WHERE case_id = ? AND action = 'suspend' "
      "ORDER BY id DESC LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *id = col_int64 (stmt, 0);
      return g_strdup (col_text (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading effects", error);
      return NULL;
    }
  *id = 0;
  return g_strdup ("none");
}

static gboolean
apply_one (DocketStore *store, const DueEffect *e, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *status = docket_driver_store_licence_status (store, e->driver, error);
  const char *target = docket_effect_action_status (e->action);

  if (status == NULL)
    return FALSE;

  if (g_str_equal (e->action, "reinstate"))
    {
      gint64 suspend_id = 0;
      g_autofree char *state = latest_suspend_state (db, e->case_id, &suspend_id, error);

      if (state == NULL)
        return FALSE;
      if (g_str_equal (state, "applied"))
        {
          if (!g_str_equal (status, "suspended"))
            {
              g_autofree char *note = g_strdup_printf ("the licence was %s when the suspension ended", status);
              return set_effect_state (db, e->id, "cancelled", NULL, note, error);
            }
          return apply_now (store, DOCKET_SYSTEM_USER, e->id, e->case_id, e->driver, e->action,
                            e->due, NULL, error);
        }
      if (g_str_equal (state, "awaiting-notice") || g_str_equal (state, "awaiting-appeal"))
        return TRUE;
      if (g_str_equal (state, "scheduled"))
        {
          g_autofree char *note = g_strdup_printf ("the suspension period ended on %s before it "
                                                   "took effect", e->due);
          g_autofree char *obj = g_strdup_printf ("case %" G_GINT64_FORMAT, e->case_id);
          return set_effect_state (db, suspend_id, "cancelled", NULL, note, error) &&
                 set_effect_state (db, e->id, "cancelled", NULL, note, error) &&
                 docket_audit_store_append (store, DOCKET_SYSTEM_USER, "licence.effect", obj,
                                            note, error);
        }
      return set_effect_state (db, e->id, "cancelled", NULL, "no suspension took effect", error);
    }

  if (!docket_driver_status_change_allowed (docket_enum_from_string (docket_driver_status_names, status),
                                            docket_enum_from_string (docket_driver_status_names, target)))
    {
      g_autofree char *note = g_strdup_printf ("the licence was already %s", status);
      return set_effect_state (db, e->id, "cancelled", NULL, note, error);
    }
  return apply_now (store, DOCKET_SYSTEM_USER, e->id, e->case_id, e->driver, e->action, e->due,
                    e->expires, error);
}

int
docket_effects_apply_due_in_txn (DocketStore *store, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *today = docket_today ();
  g_autoptr(GArray) due = g_array_new (FALSE, TRUE, sizeof (DueEffect));
  g_autoptr(DocketStmt) stmt = NULL;
  int rc, purged;

  g_array_set_clear_func (due, due_effect_clear);
  stmt = docket_db_prepare (db,
      "SELECT id, case_id, driver_id, action, due, expires FROM effects e "
      "WHERE state = 'scheduled' AND due <= ? "
      /* The end of a suspension still waiting for its statement or an
       * appeal waits too: when the statement is sent, the suspension either
       * starts before its end or never does. */
      "AND NOT (action = 'reinstate' AND EXISTS (SELECT 1 FROM effects s WHERE s.case_id = e.case_id "
      "AND s.action = 'suspend' AND s.state IN ('awaiting-notice', 'awaiting-appeal'))) "
      "ORDER BY due, id", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DueEffect e = {
        col_int64 (stmt, 0), col_int64 (stmt, 1),
        col_int64 (stmt, 2), g_strdup (col_text (stmt, 3)),
        g_strdup (col_text (stmt, 4)), g_strdup (col_text (stmt, 5)),
      };
      g_array_append_val (due, e);
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading effects", error);
      return -1;
    }
  g_clear_pointer (&stmt, docket_stmt_release);

  for (guint i = 0; i < due->len; i++)
    {
      /* An earlier effect of the same run may have settled this one. */
      g_autoptr(DocketStmt) still = docket_db_prepare (db, "SELECT state FROM effects WHERE id = ?", error);
      if (still == NULL)
        return -1;
      sqlite3_bind_int64 (still, 1, g_array_index (due, DueEffect, i).id);
      if (sqlite3_step (still) != SQLITE_ROW || !g_str_equal (col_text (still, 0), "scheduled"))
        continue;
      g_clear_pointer (&still, docket_stmt_release);
      if (!apply_one (store, &g_array_index (due, DueEffect, i), error))
        return -1;
    }

  /* Register entries are kept for the 11 years beginning with the day the
   * entry was made: retain_until, that day 11 years on, is the first day
   * an entry goes. */
  stmt = docket_db_prepare (db, "DELETE FROM nr3s_entries WHERE retain_until <= ?", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
  if (!docket_db_step_done (db, stmt, error))
    return -1;
  purged = sqlite3_changes (docket_db_get_handle (db));
  if (purged > 0)
    {
      g_autofree char *summary = g_strdup_printf ("%d register entr%s past %d years removed", purged,
                                                  purged == 1 ? "y" : "ies", DOCKET_NR3S_RETAIN_YEARS);
      if (!docket_audit_store_append (store, DOCKET_SYSTEM_USER, "register.expire", "nr3s", summary, error))
        return -1;
    }
  return (int) due->len;
}

int
docket_effects_apply_due (DocketStore  *store,
                          GError      **error)
{
  int n;

  if (!docket_store_begin_write (store, error))
    return -1;
  n = docket_effects_apply_due_in_txn (store, error);
  if (n < 0)
    {
      docket_store_rollback (store);
      return -1;
    }
  if (!docket_store_commit (store, error))
    {
      docket_store_rollback (store);
      return -1;
    }
  return n;
}
