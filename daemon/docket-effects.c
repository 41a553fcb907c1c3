/* What decisions do to a licence and when: the statutory timings, the
 * statement of decision being sent, appeals, and the NR3S entries. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-driver-store.h"
#include "docket-csv-import.h"
#include "docket-effects.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-validate.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64
#define fail      docket_error_set

static gboolean
finish (DocketStore *store, gboolean ok, gint64 case_id, GError **error)
{
  if (ok && docket_store_commit (store, error))
    return TRUE;
  docket_store_rollback (store);
  if (error != NULL && *error != NULL &&
      !g_str_has_prefix ((*error)->message, "Case ") &&
      !g_str_has_prefix ((*error)->message, "Licence ") &&
      !g_str_has_prefix ((*error)->message, "Register "))
    g_prefix_error (error, "Case %" G_GINT64_FORMAT ": ", case_id);
  return FALSE;
}

/* The status an action gives a licence. */
static const char *
action_status (const char *action)
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

static const char *
action_noun (const char *action)
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

static gint64
insert_effect (DocketStore *store, gint64 case_id, gint64 driver, const char *action,
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

static gboolean
nr3s_note (DocketDb *db, gint64 case_id, const char *state, const char *decision,
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

static gboolean
nr3s_effective (DocketDb *db, gint64 case_id, const char *date, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "UPDATE nr3s_entries SET effective = ?1 WHERE case_id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, case_id);
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

  reason = g_strdup_printf ("case %" G_GINT64_FORMAT ": %s on %s", case_id, action_noun (action), date);
  if (!docket_driver_store_set_status (store, user, driver, action_status (action), expires,
                                       reason, FALSE, error))
    return FALSE;
  if (!set_effect_state (db, effect, "applied", date, NULL, error))
    return FALSE;
  if (g_str_equal (action, "suspend") || g_str_equal (action, "revoke") ||
      g_str_equal (action, "refuse"))
    return nr3s_effective (db, case_id, date, error);
  return TRUE;
}

/* Undoes what the case did to the licence: effects still to come are
 * cancelled; a change already made is reversed while the licence still
 * shows it. */
static gboolean
revert_case (DocketStore *store, const char *user, gint64 case_id, gint64 driver,
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
  if (!g_str_equal (status, action_status (action)))
    return fail (error, DOCKET_ERROR_CONFLICT,
                 "Licence %s is now %s, not %s as case %" G_GINT64_FORMAT " left it, so the "
                 "change cannot be undone here; change the licence record by hand",
                 licence, status, action_status (action), case_id);

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

typedef struct {
  char    *lodged;
  char    *result;
  gboolean late;
  gboolean exists;
} AppealCore;

static void
appeal_core_clear (AppealCore *a)
{
  g_clear_pointer (&a->lodged, g_free);
  g_clear_pointer (&a->result, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AppealCore, appeal_core_clear)

static gboolean
load_appeal (DocketDb *db, gint64 case_id, AppealCore *a, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT lodged, result, late FROM appeals WHERE case_id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      a->exists = TRUE;
      a->lodged = g_strdup (col_text (stmt, 0));
      a->result = g_strdup (col_text (stmt, 1));
      a->late = sqlite3_column_int (stmt, 2) != 0;
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading the appeal", error);
  return TRUE;
}

/* Sets up the effects of @outcome taking effect from @from. Suspensions
 * and revocations wait for the notice and the appeal period unless
 * @at_once. */
static gboolean
create_effects (DocketStore *store, const char *user, const DocketCaseCore *c, const char *outcome,
                const char *from, const char *until, const char *expires, gboolean at_once,
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

  if (at_once || (!g_str_equal (action, "suspend") && !g_str_equal (action, "revoke")))
    {
      effect = insert_effect (store, c->id, c->driver, action, "scheduled", from, expires, error);
      if (effect < 0 ||
          !apply_now (store, user, effect, c->id, c->driver, action, from, expires, error))
        return FALSE;
    }
  else
    {
      g_auto(AppealCore) appeal = { 0 };
      g_autofree char *due = NULL;
      const char *state;

      if (!load_appeal (db, c->id, &appeal, error))
        return FALSE;
      if (appeal.exists && !appeal.late && appeal.result == NULL)
        state = "awaiting-appeal";
      else if (c->notice_sent != NULL)
        {
          state = "scheduled";
          due = docket_date_add_days (c->notice_sent, DOCKET_APPEAL_DAYS);
        }
      else
        state = "awaiting-notice";
      if (insert_effect (store, c->id, c->driver, action, state, due, NULL, error) < 0)
        return FALSE;
    }
  if (g_str_equal (outcome, "suspended") &&
      insert_effect (store, c->id, c->driver, "reinstate", "scheduled", until, NULL, error) < 0)
    return FALSE;
  return TRUE;
}

/* Creates, updates or withdraws the NR3S entry for the case's decision. */
static gboolean
sync_register (DocketStore *store, const DocketCaseCore *c, const DocketDecisionEffect *e,
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
      g_autofree char *retain = docket_date_add_years (e->decided, DOCKET_NR3S_RETAIN_YEARS);
      g_autofree char *deadline = NULL;
      const char *effective = NULL;

      if (c->notice_sent)
        deadline = docket_date_add_working_days (c->notice_sent, DOCKET_NR3S_WORKING_DAYS,
            (const char * const *) docket_store_get_config (store)->bank_holidays);
      if (g_str_equal (e->outcome, "refused") || e->immediate)
        effective = e->decided;
      stmt = docket_db_prepare (db,
          "INSERT INTO nr3s_entries (case_id, driver_id, decision, decided, effective, notified, "
          "deadline, state, retain_until, created, modified) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'current', ?8, ?9, ?9) "
          "ON CONFLICT (case_id) DO UPDATE SET decision = ?3, decided = ?4, effective = ?5, "
          "state = 'current', retain_until = ?8, modified = ?9", error);
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
    return nr3s_note (db, c->id, "withdrawn", NULL, change, error);
  }
}

static int apply_due_locked (DocketStore *store, GError **error);

gboolean
docket_effects_decide (DocketStore                *store,
                       const char                 *user,
                       const DocketCaseCore       *before,
                       const DocketDecisionEffect *e,
                       GError                    **error)
{
  DocketDb *db = docket_store_get_db (store);
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
          if (!revert_case (store, user, before->id, before->driver, why, error))
            return FALSE;
        }
    }

  if (!same && !create_effects (store, user, before, e->outcome, e->decided, e->until, e->expires,
                                e->immediate, error))
    return FALSE;
  if (!sync_register (store, before, e, error))
    return FALSE;
  return apply_due_locked (store, error) >= 0;
}

static gboolean
notice_sent_locked (DocketStore *store, const DocketCaller *caller, gint64 case_id,
                    const char *date, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_autofree char *today = docket_today ();
  g_autofree char *due = NULL, *deadline = NULL, *summary = NULL;
  g_autofree char *obj = g_strdup_printf ("case %" G_GINT64_FORMAT, case_id);
  g_autoptr(DocketStmt) stmt = NULL;

  if (!docket_validate_date ("sent date", date, error))
    return FALSE;
  if (!docket_hearing_store_load_case (store, case_id, &c, error))
    return FALSE;
  if (c.outcome == NULL)
    return fail (error, DOCKET_ERROR_CONFLICT, "Case %" G_GINT64_FORMAT " is not decided yet", case_id);
  if (g_str_equal (c.outcome, "deferred") || !docket_outcome_needs_decision (
          docket_enum_from_string (docket_outcome_names, c.outcome)))
    return fail (error, DOCKET_ERROR_CONFLICT, "Case %" G_GINT64_FORMAT " was %s: there is no "
                 "statement of decision to send", case_id, c.outcome);
  if (c.notice_sent != NULL)
    return fail (error, DOCKET_ERROR_CONFLICT, "Case %" G_GINT64_FORMAT ": the statement of "
                 "decision was already sent on %s", case_id, c.notice_sent);
  if (strcmp (date, c.decided) < 0)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "sent date %s is before the decision of %s",
                 date, c.decided);
  if (strcmp (date, today) > 0)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "sent date %s is in the future", date);

  stmt = docket_db_prepare (db, "UPDATE cases SET notice_sent = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, case_id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, docket_stmt_release);

  due = docket_date_add_days (date, DOCKET_APPEAL_DAYS);
  stmt = docket_db_prepare (db, "UPDATE effects SET state = 'scheduled', due = ?1 "
                            "WHERE case_id = ?2 AND state = 'awaiting-notice'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, due, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, case_id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, docket_stmt_release);

  deadline = docket_date_add_working_days (date, DOCKET_NR3S_WORKING_DAYS,
      (const char * const *) docket_store_get_config (store)->bank_holidays);
  stmt = docket_db_prepare (db, "UPDATE nr3s_entries SET notified = ?1, deadline = ?2 "
                            "WHERE case_id = ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, deadline, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, case_id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;

  summary = g_strdup_printf ("statement of decision sent %s; appeal period ends %s", date, due);
  if (!docket_audit_store_append (store, caller->user, "case.notice-sent", obj, summary, error))
    return FALSE;
  return apply_due_locked (store, error) >= 0;
}

gboolean
docket_effects_notice_sent (DocketStore         *store,
                            const DocketCaller  *caller,
                            gint64               case_id,
                            const char          *date,
                            GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return finish (store, notice_sent_locked (store, caller, case_id, date, error), case_id, error);
}

static gboolean
appeal_text (GVariant *in, const char *key, gboolean date, char **out, GError **error)
{
  g_autoptr(GVariant) v = g_variant_lookup_value (in, key, NULL);

  *out = NULL;
  if (v == NULL)
    return TRUE;
  if (!g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "%s must be a string", key);
  *out = g_strstrip (g_variant_dup_string (v, NULL));
  if (**out == '\0')
    {
      g_clear_pointer (out, g_free);
      return TRUE;
    }
  if (date && !docket_validate_date (key, *out, error))
    return FALSE;
  if (!date && !docket_validate_text (key, *out, 200, FALSE, error))
    return FALSE;
  return TRUE;
}

static gboolean
appeal_locked (DocketStore *store, const DocketCaller *caller, gint64 case_id, GVariant *in,
               GPtrArray *warnings, GError **error)
{
  static const char * const keys[] = {
    "lodged", "court", "hearing-date", "result", "result-date", "outcome", "until", NULL,
  };
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_auto(AppealCore) a = { 0 };
  g_autofree char *lodged = NULL, *court = NULL, *hearing_date = NULL, *result = NULL;
  g_autofree char *result_date = NULL, *outcome = NULL, *until = NULL;
  g_autofree char *today = docket_today ();
  g_autofree char *now = docket_store_now ();
  g_autofree char *obj = g_strdup_printf ("case %" G_GINT64_FORMAT, case_id);
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(DocketStmt) stmt = NULL;
  GVariantIter iter;
  const char *key;

  g_variant_iter_init (&iter, in);
  while (g_variant_iter_next (&iter, "{&sv}", &key, NULL))
    if (!g_strv_contains (keys, key))
      {
        g_autofree char *list = docket_enum_describe (keys);
        return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "unknown appeal field '%s'; use %s", key, list);
      }
  if (!appeal_text (in, "lodged", TRUE, &lodged, error) ||
      !appeal_text (in, "court", FALSE, &court, error) ||
      !appeal_text (in, "hearing-date", TRUE, &hearing_date, error) ||
      !appeal_text (in, "result", FALSE, &result, error) ||
      !appeal_text (in, "result-date", TRUE, &result_date, error) ||
      !appeal_text (in, "outcome", FALSE, &outcome, error) ||
      !appeal_text (in, "until", TRUE, &until, error))
    return FALSE;
  if (result != NULL && docket_enum_from_string (docket_appeal_result_names, result) < 0)
    {
      g_autofree char *list = docket_enum_describe (docket_appeal_result_names);
      return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "result '%s' is not one of %s", result, list);
    }

  if (!docket_hearing_store_load_case (store, case_id, &c, error) ||
      !load_appeal (db, case_id, &a, error))
    return FALSE;
  if (g_strcmp0 (c.outcome, "refused") != 0 && g_strcmp0 (c.outcome, "suspended") != 0 &&
      g_strcmp0 (c.outcome, "revoked") != 0)
    return fail (error, DOCKET_ERROR_CONFLICT, "Case %" G_GINT64_FORMAT " is %s: only a refusal, "
                 "suspension or revocation is appealed", case_id, c.outcome ? c.outcome : "undecided");
  if (c.notice_sent == NULL)
    return fail (error, DOCKET_ERROR_CONFLICT, "Case %" G_GINT64_FORMAT ": the statement of "
                 "decision has not been sent (record the date it was sent first)", case_id);

  if (!a.exists)
    {
      int days;

      if (lodged == NULL)
        return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "the date the appeal was lodged is required");
      if (strcmp (lodged, c.notice_sent) < 0)
        return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "lodged date %s is before the statement "
                     "of decision was sent on %s", lodged, c.notice_sent);
      if (strcmp (lodged, today) > 0)
        return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "lodged date %s is in the future", lodged);
      days = docket_date_days_between (c.notice_sent, lodged);
      a.late = days > DOCKET_APPEAL_DAYS;
      a.lodged = g_strdup (lodged);
      stmt = docket_db_prepare (db, "INSERT INTO appeals (case_id, lodged, late, created, modified) "
                                "VALUES (?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, case_id);
      sqlite3_bind_text (stmt, 2, lodged, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, a.late ? 1 : 0);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
      if (!docket_db_step_done (db, stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, docket_stmt_release);
      g_string_append_printf (summary, "appeal lodged %s%s", lodged, a.late ? " (late)" : "");

      if (a.late)
        {
          if (warnings)
            g_ptr_array_add (warnings, g_strdup_printf (
                "the appeal was lodged %d days after the statement of decision was sent, outside "
                "the %d days: it is recorded as late and does not hold back the decision's effect",
                days, DOCKET_APPEAL_DAYS));
        }
      else
        {
          /* An appeal in time holds back a suspension or revocation that
           * was not given immediate effect, even one already applied
           * because the appeal was recorded after the period ended. */
          g_autoptr(DocketStmt) applied = docket_db_prepare (db,
              "SELECT e.id, e.action FROM effects e JOIN decisions d ON d.case_id = e.case_id "
              "AND d.version = ?2 WHERE e.case_id = ?1 AND e.state = 'applied' AND d.immediate = 0 "
              "AND e.action IN ('suspend', 'revoke')", error);
          int rc;

          if (applied == NULL)
            return FALSE;
          sqlite3_bind_int64 (applied, 1, case_id);
          sqlite3_bind_int (applied, 2, (int) c.version);
          rc = sqlite3_step (applied);
          if (rc == SQLITE_ROW)
            {
              g_autofree char *action = g_strdup (col_text (applied, 1));
              g_clear_pointer (&applied, docket_stmt_release);
              if (!revert_case (store, caller->user, case_id, c.driver,
                                "appeal lodged in time: the decision waits for it", error) ||
                  insert_effect (store, case_id, c.driver, action, "awaiting-appeal", NULL, NULL, error) < 0)
                return FALSE;
              if (g_str_equal (action, "suspend") && c.outcome && g_str_equal (c.outcome, "suspended"))
                {
                  g_autoptr(DocketStmt) u = docket_db_prepare (db,
                      "SELECT suspend_until FROM decisions WHERE case_id = ? AND version = ?", error);
                  if (u == NULL)
                    return FALSE;
                  sqlite3_bind_int64 (u, 1, case_id);
                  sqlite3_bind_int (u, 2, (int) c.version);
                  if (sqlite3_step (u) == SQLITE_ROW &&
                      insert_effect (store, case_id, c.driver, "reinstate", "scheduled",
                                     col_text (u, 0), NULL, error) < 0)
                    return FALSE;
                }
            }
          else if (rc != SQLITE_DONE)
            return docket_db_set_error (db, rc, "Reading effects", error);
          g_clear_pointer (&applied, docket_stmt_release);

          stmt = docket_db_prepare (db, "UPDATE effects SET state = 'awaiting-appeal', due = NULL "
                                    "WHERE case_id = ? AND action IN ('suspend', 'revoke') "
                                    "AND state IN ('awaiting-notice', 'scheduled')", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, case_id);
          if (!docket_db_step_done (db, stmt, error))
            return FALSE;
          g_clear_pointer (&stmt, docket_stmt_release);
        }
      {
        g_autofree char *change = g_strdup_printf ("%s appeal lodged", lodged);
        if (!nr3s_note (db, case_id, NULL, NULL, change, error))
          return FALSE;
      }
    }
  else if (lodged != NULL && !g_str_equal (lodged, a.lodged))
    return fail (error, DOCKET_ERROR_CONFLICT, "Case %" G_GINT64_FORMAT ": the appeal was lodged "
                 "on %s; that date does not change", case_id, a.lodged);

  if (hearing_date != NULL && strcmp (hearing_date, a.lodged) < 0)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "court hearing date %s is before the appeal "
                 "was lodged on %s", hearing_date, a.lodged);
  if (court != NULL || hearing_date != NULL)
    {
      stmt = docket_db_prepare (db, "UPDATE appeals SET court = COALESCE(?1, court), "
                                "hearing_date = COALESCE(?2, hearing_date), modified = ?3 "
                                "WHERE case_id = ?4", error);
      if (stmt == NULL)
        return FALSE;
      if (court)
        sqlite3_bind_text (stmt, 1, court, -1, SQLITE_STATIC);
      if (hearing_date)
        sqlite3_bind_text (stmt, 2, hearing_date, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, case_id);
      if (!docket_db_step_done (db, stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, docket_stmt_release);
      g_string_append_printf (summary, "%scourt %s%s%s", summary->len ? ", " : "",
                              court ? court : "unchanged", hearing_date ? " on " : "",
                              hearing_date ? hearing_date : "");
    }

  if (result == NULL)
    {
      if (outcome != NULL || until != NULL || result_date != NULL)
        return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "a result date, outcome or end date "
                     "goes with the appeal's result");
      if (summary->len == 0)
        return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "nothing to record: give the lodged "
                     "date, the court, its hearing date or the result");
    }
  else
    {
      int kind = docket_enum_from_string (docket_case_kind_names, c.kind);
      g_autofree char *change = NULL;

      if (a.result != NULL)
        return fail (error, DOCKET_ERROR_CONFLICT, "Case %" G_GINT64_FORMAT ": the appeal was "
                     "already decided (%s)", case_id, a.result);
      if (result_date == NULL)
        result_date = g_strdup (today);
      if (strcmp (result_date, a.lodged) < 0)
        return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "result date %s is before the appeal "
                     "was lodged on %s", result_date, a.lodged);
      if (strcmp (result_date, today) > 0)
        return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "result date %s is in the future", result_date);
      if (g_str_equal (result, "varied"))
        {
          int o = docket_enum_from_string (docket_outcome_names, outcome);
          if (outcome == NULL)
            return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "a varied decision needs the outcome "
                         "the court substituted");
          if (o < 0 || o == DOCKET_OUTCOME_DEFERRED || !docket_outcome_needs_decision (o) ||
              !docket_outcome_fits_kind (o, kind))
            {
              g_autofree char *fit = docket_outcomes_for_kind (kind);
              return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "outcome '%s' cannot replace the "
                           "decision on a%s %s; use %s", outcome,
                           kind == DOCKET_CASE_KIND_APPLICATION ? "n" : "", c.kind, fit);
            }
          if (o == DOCKET_OUTCOME_SUSPENDED && until == NULL)
            return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "a suspension needs its end date (until)");
          if (o == DOCKET_OUTCOME_SUSPENDED && strcmp (until, result_date) <= 0)
            return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "suspension end %s is not after "
                         "its start %s", until, result_date);
          if (o != DOCKET_OUTCOME_SUSPENDED && until != NULL)
            return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "an end date (until) is given only "
                         "with a suspension");
        }
      else if (outcome != NULL || until != NULL)
        return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "an outcome is given only when the "
                     "court varied the decision");

      stmt = docket_db_prepare (db, "UPDATE appeals SET result = ?1, result_date = ?2, "
                                "varied_outcome = ?3, varied_until = ?4, modified = ?5 "
                                "WHERE case_id = ?6", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, result, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, result_date, -1, SQLITE_STATIC);
      if (outcome)
        sqlite3_bind_text (stmt, 3, outcome, -1, SQLITE_STATIC);
      if (until)
        sqlite3_bind_text (stmt, 4, until, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, case_id);
      if (!docket_db_step_done (db, stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, docket_stmt_release);

      if (g_str_equal (result, "dismissed") || g_str_equal (result, "withdrawn"))
        {
          /* The decision stands and takes effect now. */
          stmt = docket_db_prepare (db, "UPDATE effects SET state = 'scheduled', due = ?1 "
                                    "WHERE case_id = ?2 AND state = 'awaiting-appeal'", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, result_date, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 2, case_id);
          if (!docket_db_step_done (db, stmt, error))
            return FALSE;
          change = g_strdup_printf ("%s appeal %s", result_date, result);
          if (!nr3s_note (db, case_id, NULL, NULL, change, error))
            return FALSE;
        }
      else if (g_str_equal (result, "allowed"))
        {
          change = g_strdup_printf ("%s appeal allowed: decision overturned", result_date);
          if (!revert_case (store, caller->user, case_id, c.driver, "appeal allowed", error) ||
              !nr3s_note (db, case_id, "overturned", NULL, change, error))
            return FALSE;
        }
      else
        {
          gboolean on_register = g_str_equal (outcome, "refused") || g_str_equal (outcome, "suspended") ||
                                 g_str_equal (outcome, "revoked");
          g_autofree char *expires = g_str_equal (outcome, "granted")
              ? docket_date_add_years (result_date, 3) : NULL;

          change = until ? g_strdup_printf ("%s appeal varied the decision to %s until %s",
                                            result_date, outcome, until)
                         : g_strdup_printf ("%s appeal varied the decision to %s", result_date, outcome);
          if (!revert_case (store, caller->user, case_id, c.driver, "appeal varied the decision", error) ||
              !create_effects (store, caller->user, &c, outcome, result_date, until, expires, TRUE, error) ||
              !nr3s_note (db, case_id, on_register ? "varied" : "overturned",
                          on_register ? outcome : NULL, change, error))
            return FALSE;
        }
      g_string_append_printf (summary, "%sresult %s on %s", summary->len ? ", " : "", result, result_date);
      if (outcome)
        g_string_append_printf (summary, " to %s%s%s", outcome, until ? " until " : "", until ? until : "");
    }

  if (!docket_audit_store_append (store, caller->user, "case.appeal", obj, summary->str, error))
    return FALSE;
  return apply_due_locked (store, error) >= 0;
}

gboolean
docket_effects_appeal_update (DocketStore         *store,
                              const DocketCaller  *caller,
                              gint64               case_id,
                              GVariant            *appeal,
                              GPtrArray           *warnings,
                              GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return finish (store, appeal_locked (store, caller, case_id, appeal, warnings, error), case_id, error);
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
  const char *target = action_status (e->action);

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

static int
apply_due_locked (DocketStore *store, GError **error)
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

  /* Register entries are kept for 11 years from the decision. */
  stmt = docket_db_prepare (db, "DELETE FROM nr3s_entries WHERE retain_until < ?", error);
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
  n = apply_due_locked (store, error);
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

/* Reading -------------------------------------------------------------------- */

static char *
effect_sentence (const char *action, const char *state, const char *due, const char *notice_sent,
                 const char *lodged, gboolean appeal_decided)
{
  const char *noun = action_noun (action);

  if (g_str_equal (action, "reinstate"))
    return g_strdup_printf ("suspension ends on %s", due);
  if (g_str_equal (state, "awaiting-notice"))
    return g_strdup_printf ("%s takes effect %d days after the statement of decision is sent, "
                            "unless appealed", noun, DOCKET_APPEAL_DAYS);
  if (g_str_equal (state, "awaiting-appeal"))
    return g_strdup_printf ("%s waits for the appeal lodged on %s", noun, lodged ? lodged : "?");
  if (g_str_equal (state, "scheduled"))
    {
      g_autofree char *window_end = notice_sent ? docket_date_add_days (notice_sent, DOCKET_APPEAL_DAYS) : NULL;
      gboolean open = lodged == NULL && !appeal_decided && g_strcmp0 (window_end, due) == 0;
      return g_strdup_printf ("%s takes effect on %s%s", noun, due, open ? " unless appealed" : "");
    }
  if (g_str_equal (state, "applied"))
    return g_strdup_printf ("%s took effect on %s", noun, due);
  return g_strdup_printf ("%s %s", noun, state);
}

static GVariant *
read_effects (DocketStore *store, const char *where, gint64 id, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *sql = g_strdup_printf (
      "SELECT e.id, e.case_id, e.action, e.state, e.due, e.note, c.notice_sent, a.lodged, "
      "a.result, d.licence FROM effects e JOIN cases c ON c.id = e.case_id "
      "JOIN drivers d ON d.id = e.driver_id "
      "LEFT JOIN appeals a ON a.case_id = e.case_id AND a.late = 0 WHERE %s ORDER BY e.id", where);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) e = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      g_autofree char *text = effect_sentence (col_text (stmt, 2), col_text (stmt, 3),
                                               col_text (stmt, 4), col_text (stmt, 6),
                                               col_text (stmt, 8) ? NULL : col_text (stmt, 7),
                                               col_text (stmt, 8) != NULL);

      g_variant_builder_add (&e, "{sv}", "case", g_variant_new_int64 (col_int64 (stmt, 1)));
      g_variant_builder_add (&e, "{sv}", "licence", g_variant_new_string (col_text (stmt, 9)));
      g_variant_builder_add (&e, "{sv}", "action", g_variant_new_string (col_text (stmt, 2)));
      g_variant_builder_add (&e, "{sv}", "state", g_variant_new_string (col_text (stmt, 3)));
      if (col_text (stmt, 4))
        g_variant_builder_add (&e, "{sv}", "due", g_variant_new_string (col_text (stmt, 4)));
      if (col_text (stmt, 5))
        g_variant_builder_add (&e, "{sv}", "note", g_variant_new_string (col_text (stmt, 5)));
      g_variant_builder_add (&e, "{sv}", "text", g_variant_new_string (text));
      g_variant_builder_add_value (&list, g_variant_builder_end (&e));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading effects", error);
      return NULL;
    }
  return g_variant_builder_end (&list);
}

GVariant *
docket_effects_for_case (DocketStore  *store,
                         gint64        case_id,
                         GError      **error)
{
  return read_effects (store, "e.case_id = ?1", case_id, error);
}

GVariant *
docket_effects_for_driver (DocketStore  *store,
                           gint64        driver,
                           GError      **error)
{
  return read_effects (store, "e.driver_id = ?1 AND e.state IN "
                       "('awaiting-notice', 'awaiting-appeal', 'scheduled')", driver, error);
}

GVariant *
docket_effects_appeal (DocketStore  *store,
                       gint64        case_id,
                       GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT lodged, late, court, hearing_date, result, result_date, varied_outcome, varied_until "
      "FROM appeals WHERE case_id = ?", error);
  static const char * const keys[] = {
    "lodged", NULL, "court", "hearing-date", "result", "result-date", "outcome", "until",
  };
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        if (keys[i] && col_text (stmt, (int) i))
          g_variant_builder_add (&b, "{sv}", keys[i], g_variant_new_string (col_text (stmt, (int) i)));
      g_variant_builder_add (&b, "{sv}", "late", g_variant_new_boolean (sqlite3_column_int (stmt, 1)));
    }
  else if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading the appeal", error);
      return NULL;
    }
  return g_variant_builder_end (&b);
}

/* The register ---------------------------------------------------------------- */

#define REGISTER_COLUMNS \
  "r.id, r.case_id, d.licence, d.full_name, r.decision, r.decided, r.effective, r.notified, " \
  "r.deadline, r.recorded, r.state, r.changes, r.retain_until"

static const char * const register_keys[] = {
  NULL, NULL, "licence", "name", "decision", "decided", "effective", "notified", "deadline",
  "recorded", "state", "changes", "retain-until",
};

GVariant *
docket_register_list (DocketStore  *store,
                      GVariant     *query,
                      GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *today = docket_today ();
  g_autoptr(DocketStmt) stmt = NULL;
  const char *state = NULL;
  gboolean overdue_only = FALSE;
  GVariantIter iter;
  const char *key;
  GVariant *value_in;
  int rc;

  g_variant_iter_init (&iter, query);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value_in))
    {
      g_autoptr(GVariant) value = value_in;
      if (g_str_equal (key, "state") && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        {
          static const char * const states[] = { "current", "varied", "overturned", "withdrawn", NULL };
          state = g_intern_string (g_variant_get_string (value, NULL));
          if (!g_strv_contains (states, state))
            {
              g_autofree char *list_s = docket_enum_describe (states);
              return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "Register list: state '%s' is not "
                           "one of %s", state, list_s), NULL;
            }
        }
      else if (g_str_equal (key, "overdue") && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
        overdue_only = g_variant_get_boolean (value);
      else
        return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "Register list: unknown query key '%s' "
                     "or wrong type %s", key, g_variant_get_type_string (value)), NULL;
    }

  stmt = docket_db_prepare (db,
      "SELECT " REGISTER_COLUMNS " FROM nr3s_entries r JOIN drivers d ON d.id = r.driver_id "
      "WHERE (?1 IS NULL OR r.state = ?1) "
      "AND (?2 = 0 OR (r.recorded IS NULL AND r.deadline IS NOT NULL AND r.deadline < ?3)) "
      "ORDER BY r.decided, r.id", error);
  if (stmt == NULL)
    return NULL;
  if (state)
    sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, overdue_only ? 1 : 0);
  sqlite3_bind_text (stmt, 3, today, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) e = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      const char *deadline = col_text (stmt, 8);

      g_variant_builder_add (&e, "{sv}", "id", g_variant_new_int64 (col_int64 (stmt, 0)));
      g_variant_builder_add (&e, "{sv}", "case", g_variant_new_int64 (col_int64 (stmt, 1)));
      for (guint i = 2; i < G_N_ELEMENTS (register_keys); i++)
        if (col_text (stmt, (int) i) && *col_text (stmt, (int) i))
          g_variant_builder_add (&e, "{sv}", register_keys[i],
                                 g_variant_new_string (col_text (stmt, (int) i)));
      g_variant_builder_add (&e, "{sv}", "overdue", g_variant_new_boolean (
          col_text (stmt, 9) == NULL && deadline != NULL && strcmp (deadline, today) < 0));
      g_variant_builder_add_value (&list, g_variant_builder_end (&e));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading the register", error);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_builder_end (&list));
}

GBytes *
docket_register_export (DocketStore         *store,
                        const DocketCaller  *caller,
                        GError             **error)
{
  static const char * const header[] = {
    "entry", "full_name", "date_of_birth", "home_address", "ni_number", "driving_licence_number",
    "authority", "authority_contact", "decision", "decision_date", "effective_date",
    "driver_notified", "record_by", "recorded", "state", "changes", "keep_until", NULL,
  };
  DocketDb *db = docket_store_get_db (store);
  const DocketConfig *config = docket_store_get_config (store);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(DocketStmt) stmt = NULL;
  int rc;

  /* The export holds identifiers: it is recorded before it is made. */
  if (!docket_store_begin_write (store, error))
    return NULL;
  if (!docket_audit_store_append (store, caller->user, "register.export", "nr3s",
                                  "exported the register entries with personal details", error) ||
      !docket_store_commit (store, error))
    {
      docket_store_rollback (store);
      return NULL;
    }

  for (guint i = 0; header[i]; i++)
    docket_csv_append_field (out, header[i], header[i + 1] == NULL);
  stmt = docket_db_prepare (db,
      "SELECT r.id, d.full_name, d.dob, d.address, d.ni_number, d.dvla_number, r.decision, "
      "r.decided, r.effective, r.notified, r.deadline, r.recorded, r.state, r.changes, "
      "r.retain_until, d.id, d.licence FROM nr3s_entries r JOIN drivers d ON d.id = r.driver_id "
      "ORDER BY r.decided, r.id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      static const char * const secret_cols[] = { "dob", "address", "ni_number", "dvla_number" };
      g_autofree char *entry = g_strdup_printf ("%" G_GINT64_FORMAT, col_int64 (stmt, 0));
      gint64 driver = col_int64 (stmt, 15);

      docket_csv_append_field (out, entry, FALSE);
      docket_csv_append_field (out, col_text (stmt, 1), FALSE);
      for (guint i = 0; i < G_N_ELEMENTS (secret_cols); i++)
        {
          g_autoptr(GError) local = NULL;
          g_autofree char *what = g_strdup_printf ("Licence %s: %s", col_text (stmt, 16), secret_cols[i]);
          g_autofree char *plain = docket_store_decrypt_column (store, stmt, 2 + (int) i, "drivers",
                                                                secret_cols[i], driver, what, &local);
          if (local != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return NULL;
            }
          docket_csv_append_field (out, plain, FALSE);
        }
      docket_csv_append_field (out, config->authority_name, FALSE);
      docket_csv_append_field (out, config->authority_contact, FALSE);
      for (int col = 6; col <= 14; col++)
        docket_csv_append_field (out, col_text (stmt, col), col == 14);
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading the register", error);
      return NULL;
    }
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
mark_locked (DocketStore *store, const DocketCaller *caller, gint64 entry, const char *date,
             GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *today = docket_today ();
  g_autofree char *notified = NULL, *obj = NULL, *summary = NULL;
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT notified, recorded, case_id FROM nr3s_entries WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return fail (error, DOCKET_ERROR_NOT_FOUND, "Register entry %" G_GINT64_FORMAT ": no such entry", entry);
  if (rc != SQLITE_ROW)
    return docket_db_set_error (db, rc, "Reading the register", error);
  if (col_text (stmt, 1) != NULL)
    return fail (error, DOCKET_ERROR_CONFLICT, "Register entry %" G_GINT64_FORMAT " was already "
                 "recorded on %s", entry, col_text (stmt, 1));
  notified = g_strdup (col_text (stmt, 0));
  obj = g_strdup_printf ("case %" G_GINT64_FORMAT, col_int64 (stmt, 2));
  g_clear_pointer (&stmt, docket_stmt_release);
  if (!docket_validate_date ("recorded date", date, error))
    return FALSE;
  if (notified == NULL)
    return fail (error, DOCKET_ERROR_CONFLICT, "Register entry %" G_GINT64_FORMAT ": the driver has "
                 "not been sent the statement of decision yet", entry);
  if (strcmp (date, notified) < 0 || strcmp (date, today) > 0)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "Register entry %" G_GINT64_FORMAT ": "
                 "recorded date %s is not between the notice of %s and today", entry, date, notified);

  stmt = docket_db_prepare (db, "UPDATE nr3s_entries SET recorded = ? WHERE id = ?", error);
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
  if (mark_locked (store, caller, entry, date, error) && docket_store_commit (store, error))
    return TRUE;
  docket_store_rollback (store);
  if (error && *error && !g_str_has_prefix ((*error)->message, "Register "))
    g_prefix_error (error, "Register entry %" G_GINT64_FORMAT ": ", entry);
  return FALSE;
}
