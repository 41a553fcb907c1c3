/* Appeals to the magistrates' court: lodged, heard, decided, and what
 * their result does to the decision's effects and the register. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-validate.h"
#include "docket-appeals.h"
#include "docket-effects.h"
#include "docket-hearings.h"
#include "docket-register.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64
#define fail      docket_error_set

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

/* What a call to Appeal brings; NULL for what it leaves out. */
typedef struct {
  char *lodged;
  char *court;
  char *hearing_date;
  char *result;
  char *result_date;
  char *outcome;
  char *until;
} AppealInput;

static void
appeal_input_clear (AppealInput *in)
{
  g_clear_pointer (&in->lodged, g_free);
  g_clear_pointer (&in->court, g_free);
  g_clear_pointer (&in->hearing_date, g_free);
  g_clear_pointer (&in->result, g_free);
  g_clear_pointer (&in->result_date, g_free);
  g_clear_pointer (&in->outcome, g_free);
  g_clear_pointer (&in->until, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AppealInput, appeal_input_clear)

static gboolean
read_input (GVariant *in, AppealInput *out, GError **error)
{
  static const char * const keys[] = {
    "lodged", "court", "hearing-date", "result", "result-date", "outcome", "until", NULL,
  };
  GVariantIter iter;
  const char *key;

  g_variant_iter_init (&iter, in);
  while (g_variant_iter_next (&iter, "{&sv}", &key, NULL))
    if (!g_strv_contains (keys, key))
      {
        g_autofree char *list = docket_enum_describe (keys);
        return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "unknown appeal field '%s'; use %s", key, list);
      }
  if (!appeal_text (in, "lodged", TRUE, &out->lodged, error) ||
      !appeal_text (in, "court", FALSE, &out->court, error) ||
      !appeal_text (in, "hearing-date", TRUE, &out->hearing_date, error) ||
      !appeal_text (in, "result", FALSE, &out->result, error) ||
      !appeal_text (in, "result-date", TRUE, &out->result_date, error) ||
      !appeal_text (in, "outcome", FALSE, &out->outcome, error) ||
      !appeal_text (in, "until", TRUE, &out->until, error))
    return FALSE;
  if (out->result != NULL && docket_enum_from_string (docket_appeal_result_names, out->result) < 0)
    {
      g_autofree char *list = docket_enum_describe (docket_appeal_result_names);
      return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "result '%s' is not one of %s", out->result, list);
    }
  return TRUE;
}

/* Runs an UPDATE or INSERT of @sql on case @case_id (?1) with @text (?2,
 * NULL when NULL). */
static gboolean
exec_for_case (DocketDb *db, const char *sql, gint64 case_id, const char *text, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  if (text != NULL)
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  return docket_db_step_done (db, stmt, error);
}

/* An appeal in time holds back a suspension or revocation that was not
 * given immediate effect, even one already applied because the appeal was
 * recorded after the period ended. */
static gboolean
hold_back (DocketStore *store, const DocketCaller *caller, const DocketCaseCore *c, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) applied = docket_db_prepare (db,
      "SELECT e.id, e.action FROM effects e JOIN decisions d ON d.case_id = e.case_id "
      "AND d.version = ?2 WHERE e.case_id = ?1 AND e.state = 'applied' AND d.immediate = 0 "
      "AND e.action IN ('suspend', 'revoke')", error);
  int rc;

  if (applied == NULL)
    return FALSE;
  sqlite3_bind_int64 (applied, 1, c->id);
  sqlite3_bind_int (applied, 2, (int) c->version);
  rc = sqlite3_step (applied);
  if (rc == SQLITE_ROW)
    {
      g_autofree char *action = g_strdup (col_text (applied, 1));
      g_clear_pointer (&applied, docket_stmt_release);
      if (!docket_effects_revert_case (store, caller->user, c->id, c->driver,
                                       "appeal lodged in time: the decision waits for it", error) ||
          docket_effects_insert (store, c->id, c->driver, action, "awaiting-appeal", NULL, NULL, error) < 0)
        return FALSE;
      if (g_str_equal (action, "suspend") && c->outcome && g_str_equal (c->outcome, "suspended"))
        {
          g_autoptr(DocketStmt) u = docket_db_prepare (db,
              "SELECT suspend_until FROM decisions WHERE case_id = ? AND version = ?", error);
          if (u == NULL)
            return FALSE;
          sqlite3_bind_int64 (u, 1, c->id);
          sqlite3_bind_int (u, 2, (int) c->version);
          if (sqlite3_step (u) == SQLITE_ROW &&
              docket_effects_insert (store, c->id, c->driver, "reinstate", "scheduled",
                                     col_text (u, 0), NULL, error) < 0)
            return FALSE;
        }
    }
  else if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading effects", error);
  g_clear_pointer (&applied, docket_stmt_release);

  return exec_for_case (db, "UPDATE effects SET state = 'awaiting-appeal', due = NULL "
                        "WHERE case_id = ?1 AND action IN ('suspend', 'revoke') "
                        "AND state IN ('awaiting-notice', 'scheduled') AND NOT EXISTS ("
                        "SELECT 1 FROM decisions d JOIN cases c ON c.id = d.case_id AND c.version = d.version "
                        "WHERE d.case_id = ?1 AND d.immediate = 1)", c->id, NULL, error);
}

/* Lodges the appeal: late after DOCKET_APPEAL_DAYS from the statement,
 * else holding the decision back. */
static gboolean
lodge (DocketStore *store, const DocketCaller *caller, const DocketCaseCore *c,
       DocketAppealCore *a, const char *lodged, GPtrArray *warnings, GString *summary,
       GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *today = docket_today ();
  g_autofree char *now = docket_store_now ();
  g_autofree char *change = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  int days;

  if (lodged == NULL)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "the date the appeal was lodged is required");
  if (strcmp (lodged, c->notice_sent) < 0)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "lodged date %s is before the statement "
                 "of decision was sent on %s", lodged, c->notice_sent);
  if (strcmp (lodged, today) > 0)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "lodged date %s is in the future", lodged);
  days = docket_date_days_between (c->notice_sent, lodged);
  a->late = days > DOCKET_APPEAL_DAYS;
  a->lodged = g_strdup (lodged);
  stmt = docket_db_prepare (db, "INSERT INTO appeals (case_id, lodged, late, created, modified) "
                            "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  sqlite3_bind_text (stmt, 2, lodged, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, a->late ? 1 : 0);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  g_string_append_printf (summary, "appeal lodged %s%s", lodged, a->late ? " (late)" : "");

  if (!a->late && !hold_back (store, caller, c, error))
    return FALSE;
  if (a->late && warnings)
    g_ptr_array_add (warnings, g_strdup_printf (
        "the appeal was lodged %d days after the statement of decision was sent, outside "
        "the %d days: it is recorded as late and does not hold back the decision's effect",
        days, DOCKET_APPEAL_DAYS));
  change = g_strdup_printf ("%s appeal lodged", lodged);
  return docket_register_note (db, c->id, NULL, NULL, change, error);
}

static gboolean
set_court (DocketDb *db, gint64 case_id, const AppealInput *in, const DocketAppealCore *a,
           GString *summary, GError **error)
{
  g_autofree char *now = docket_store_now ();
  g_autoptr(DocketStmt) stmt = NULL;

  if (in->hearing_date != NULL && strcmp (in->hearing_date, a->lodged) < 0)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "court hearing date %s is before the appeal "
                 "was lodged on %s", in->hearing_date, a->lodged);
  if (in->court == NULL && in->hearing_date == NULL)
    return TRUE;
  stmt = docket_db_prepare (db, "UPDATE appeals SET court = COALESCE(?1, court), "
                            "hearing_date = COALESCE(?2, hearing_date), modified = ?3 "
                            "WHERE case_id = ?4", error);
  if (stmt == NULL)
    return FALSE;
  if (in->court)
    sqlite3_bind_text (stmt, 1, in->court, -1, SQLITE_STATIC);
  if (in->hearing_date)
    sqlite3_bind_text (stmt, 2, in->hearing_date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, case_id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  g_string_append_printf (summary, "%scourt %s%s%s", summary->len ? ", " : "",
                          in->court ? in->court : "unchanged", in->hearing_date ? " on " : "",
                          in->hearing_date ? in->hearing_date : "");
  return TRUE;
}

/* The court's result is possible: once, dated between the lodging and
 * today, and a varied decision names an outcome that fits the case. */
static gboolean
check_result (const DocketCaseCore *c, const DocketAppealCore *a, AppealInput *in, GError **error)
{
  g_autofree char *today = docket_today ();
  int kind = docket_enum_from_string (docket_case_kind_names, c->kind);
  int o;

  if (a->result != NULL)
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT ": the appeal was "
                 "already decided (%s)",
                          c->id,
                          a->result);
  if (in->result_date == NULL)
    in->result_date = g_strdup (today);
  if (strcmp (in->result_date, a->lodged) < 0)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "result date %s is before the appeal "
                 "was lodged on %s", in->result_date, a->lodged);
  if (strcmp (in->result_date, today) > 0)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "result date %s is in the future", in->result_date);
  if (!g_str_equal (in->result, "varied"))
    {
      if (in->outcome != NULL || in->until != NULL)
        return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "an outcome is given only when the "
                     "court varied the decision");
      return TRUE;
    }
  if (in->outcome == NULL)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "a varied decision needs the outcome "
                 "the court substituted");
  o = docket_enum_from_string (docket_outcome_names, in->outcome);
  if (o < 0 || o == DOCKET_OUTCOME_DEFERRED || !docket_outcome_needs_decision (o) ||
      !docket_outcome_fits_kind (o, kind))
    {
      g_autofree char *fit = docket_outcomes_for_kind (kind);
      return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "outcome '%s' cannot replace the "
                   "decision on a%s %s; use %s", in->outcome,
                   kind == DOCKET_CASE_KIND_APPLICATION ? "n" : "", c->kind, fit);
    }
  if (o == DOCKET_OUTCOME_SUSPENDED && in->until == NULL)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "a suspension needs its end date (until)");
  if (o == DOCKET_OUTCOME_SUSPENDED && strcmp (in->until, in->result_date) <= 0)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "suspension end %s is not after "
                 "its start %s", in->until, in->result_date);
  if (o != DOCKET_OUTCOME_SUSPENDED && in->until != NULL)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "an end date (until) is given only "
                 "with a suspension");
  return TRUE;
}

/* What the result does: a dismissed or withdrawn appeal lets the decision
 * take effect now, an allowed one overturns it, a varied one replaces it. */
static gboolean
apply_result (DocketStore *store, const DocketCaller *caller, const DocketCaseCore *c,
              const AppealInput *in, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *change = NULL;
  g_autofree char *expires = NULL;
  gboolean on_register;

  if (g_str_equal (in->result, "dismissed") || g_str_equal (in->result, "withdrawn"))
    {
      g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
          "UPDATE effects SET state = 'scheduled', due = ?1 "
          "WHERE case_id = ?2 AND state = 'awaiting-appeal'", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, in->result_date, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, c->id);
      if (!docket_db_step_done (db, stmt, error))
        return FALSE;
      change = g_strdup_printf ("%s appeal %s", in->result_date, in->result);
      return docket_register_note (db, c->id, NULL, NULL, change, error);
    }
  if (g_str_equal (in->result, "allowed"))
    {
      change = g_strdup_printf ("%s appeal allowed: decision overturned", in->result_date);
      return docket_effects_revert_case (store, caller->user, c->id, c->driver, "appeal allowed", error) &&
             docket_register_note (db, c->id, "overturned", NULL, change, error);
    }

  on_register = g_str_equal (in->outcome, "refused") || g_str_equal (in->outcome, "suspended") ||
                g_str_equal (in->outcome, "revoked");
  if (g_str_equal (in->outcome, "granted"))
    expires = docket_date_add_years (in->result_date, 3);
  change = in->until ? g_strdup_printf ("%s appeal varied the decision to %s until %s",
                                        in->result_date, in->outcome, in->until)
                     : g_strdup_printf ("%s appeal varied the decision to %s", in->result_date, in->outcome);
  return docket_effects_revert_case (store, caller->user, c->id, c->driver, "appeal varied the decision", error) &&
         docket_effects_create (store, caller->user, c, in->outcome, in->result_date, in->until, expires,
                                DOCKET_EFFECT_AT_ONCE, error) &&
         docket_register_note (db, c->id, on_register ? "varied" : "overturned",
                               on_register ? in->outcome : NULL, change, error);
}

static gboolean
record_result (DocketStore *store, const DocketCaller *caller, const DocketCaseCore *c,
               const DocketAppealCore *a, AppealInput *in, GString *summary, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *now = docket_store_now ();
  g_autoptr(DocketStmt) stmt = NULL;

  if (!check_result (c, a, in, error))
    return FALSE;
  stmt = docket_db_prepare (db, "UPDATE appeals SET result = ?1, result_date = ?2, "
                            "varied_outcome = ?3, varied_until = ?4, modified = ?5 "
                            "WHERE case_id = ?6", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, in->result, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, in->result_date, -1, SQLITE_STATIC);
  if (in->outcome)
    sqlite3_bind_text (stmt, 3, in->outcome, -1, SQLITE_STATIC);
  if (in->until)
    sqlite3_bind_text (stmt, 4, in->until, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, c->id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, docket_stmt_release);
  if (!apply_result (store, caller, c, in, error))
    return FALSE;
  g_string_append_printf (summary, "%sresult %s on %s", summary->len ? ", " : "", in->result,
                          in->result_date);
  if (in->outcome)
    g_string_append_printf (summary, " to %s%s%s", in->outcome, in->until ? " until " : "",
                            in->until ? in->until : "");
  return TRUE;
}

static gboolean
appeal_in_txn (DocketStore *store, const DocketCaller *caller, gint64 case_id, GVariant *input,
               GPtrArray *warnings, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_auto(DocketAppealCore) a = { 0 };
  g_auto(AppealInput) in = { 0 };
  g_autofree char *obj = g_strdup_printf ("case %" G_GINT64_FORMAT, case_id);
  g_autoptr(GString) summary = g_string_new (NULL);

  if (!read_input (input, &in, error) ||
      !docket_case_load (store, case_id, &c, error) ||
      !docket_appeal_load (db, case_id, &a, error))
    return FALSE;
  if (g_strcmp0 (c.outcome, "refused") != 0 && g_strcmp0 (c.outcome, "suspended") != 0 &&
      g_strcmp0 (c.outcome, "revoked") != 0)
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT " is %s: only a refusal, "
                 "suspension or revocation is appealed",
                          case_id,
                          c.outcome ? c.outcome : "undecided");
  if (c.notice_sent == NULL)
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT ": the statement of "
                 "decision has not been sent (record the date it was sent first)",
                          case_id);

  if (!a.exists)
    {
      if (!lodge (store, caller, &c, &a, in.lodged, warnings, summary, error))
        return FALSE;
    }
  else if (in.lodged != NULL && !g_str_equal (in.lodged, a.lodged))
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT ": the appeal was lodged "
                 "on %s; that date does not change",
                          case_id,
                          a.lodged);

  if (!set_court (db, case_id, &in, &a, summary, error))
    return FALSE;

  if (in.result == NULL)
    {
      if (in.outcome != NULL || in.until != NULL || in.result_date != NULL)
        return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "a result date, outcome or end date "
                     "goes with the appeal's result");
      if (summary->len == 0)
        return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "nothing to record: give the lodged "
                     "date, the court, its hearing date or the result");
    }
  else if (!record_result (store, caller, &c, &a, &in, summary, error))
    return FALSE;

  if (!docket_audit_store_append (store, caller->user, "case.appeal", obj, summary->str, error))
    return FALSE;
  return docket_effects_apply_due_in_txn (store, error) >= 0;
}

gboolean
docket_appeals_update (DocketStore         *store,
                       const DocketCaller  *caller,
                       gint64               case_id,
                       GVariant            *appeal,
                       GPtrArray           *warnings,
                       GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, appeal_in_txn (store, caller, case_id, appeal, warnings, error),
                              error, "Case %" G_GINT64_FORMAT, case_id);
}
