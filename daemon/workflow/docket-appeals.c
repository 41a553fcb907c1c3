/* Appeals to the magistrates' court (1976 Act s.77) and onward to the
 * Crown Court (Public Health Act 1936 s.301, applied by s.77(1)): lodged,
 * heard, decided, and what each result does to the decision's effects and
 * the register. */
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

/* Criminal Procedure Rules r.34.2: an appeal to the Crown Court is lodged
 * within 21 days of the magistrates' court's decision. */
#define CROWN_APPEAL_DAYS 21

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
  gboolean crown;
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
    "stage", "lodged", "court", "hearing-date", "result", "result-date", "outcome", "until", NULL,
  };
  static const char * const stages[] = { "magistrates", "crown", NULL };
  g_autofree char *stage = NULL;
  GVariantIter iter;
  const char *key;

  g_variant_iter_init (&iter, in);
  while (g_variant_iter_next (&iter, "{&sv}", &key, NULL))
    if (!g_strv_contains (keys, key))
      {
        g_autofree char *list = docket_enum_describe (keys);
        return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "unknown appeal field '%s'; use %s", key, list);
      }
  if (!appeal_text (in, "stage", FALSE, &stage, error))
    return FALSE;
  if (stage != NULL && !g_strv_contains (stages, stage))
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "stage '%s' is not magistrates or crown", stage);
  out->crown = g_strcmp0 (stage, "crown") == 0;
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
hold_back (DocketStore *store, const DocketCaller *caller, const DocketCaseCore *c, const char *why,
           GError **error)
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
      if (!docket_effects_revert_case (store, caller->user, c->id, c->driver, why, error) ||
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

  if (!a->late && !hold_back (store, caller, c, "appeal lodged in time: the decision waits for it", error))
    return FALSE;
  if (a->late && warnings)
    g_ptr_array_add (warnings, g_strdup_printf (
        "the appeal was lodged %d days after the statement of decision was sent, outside "
        "the %d days: it is recorded as late and does not hold back the decision's effect",
        days, DOCKET_APPEAL_DAYS));
  change = g_strdup_printf ("%s appeal lodged", lodged);
  return docket_register_note (db, c->id, NULL, NULL, change, error);
}

/* Lodges the appeal to the Crown Court against the magistrates' result:
 * late after CROWN_APPEAL_DAYS from it; in time, a decision the
 * magistrates upheld is held back again until the Crown Court decides
 * (s.77(2): not until the appeal is determined or abandoned). */
static gboolean
crown_lodge (DocketStore *store, const DocketCaller *caller, const DocketCaseCore *c,
             DocketAppealCore *a, const char *lodged, GPtrArray *warnings, GString *summary,
             GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *today = docket_today (), *now = docket_store_now (), *change = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  int days;

  if (!a->exists || a->result == NULL)
    return docket_error_set_named (error, DOCKET_ERROR_CONFLICT, "Case %" G_GINT64_FORMAT ": the magistrates' "
                                   "court has not decided an appeal; an appeal to the Crown Court follows "
                                   "its result", c->id);
  if (g_str_equal (a->result, "withdrawn"))
    return docket_error_set_named (error, DOCKET_ERROR_CONFLICT, "Case %" G_GINT64_FORMAT ": the appeal to "
                                   "the magistrates' court was withdrawn; there is no result to appeal", c->id);
  if (lodged == NULL)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "the date the appeal to the Crown Court was lodged "
                 "is required");
  if (strcmp (lodged, a->result_date) < 0)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "lodged date %s is before the magistrates' court's "
                 "result on %s", lodged, a->result_date);
  if (strcmp (lodged, today) > 0)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "lodged date %s is in the future", lodged);
  days = docket_date_days_between (a->result_date, lodged);
  a->crown_late = days > CROWN_APPEAL_DAYS;
  a->crown_lodged = g_strdup (lodged);
  stmt = docket_db_prepare (db, "UPDATE appeals SET crown_lodged = ?, crown_late = ?, modified = ? "
                            "WHERE case_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, lodged, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, a->crown_late ? 1 : 0);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, c->id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  g_string_append_printf (summary, "Crown Court appeal lodged %s%s", lodged, a->crown_late ? " (late)" : "");
  /* A late appeal to the magistrates never held the decision back; its
   * onward appeal does not either. */
  if (!a->crown_late && !a->late && g_str_equal (a->result, "dismissed") &&
      !hold_back (store, caller, c, "appeal to the Crown Court lodged in time: the decision waits for it", error))
    return FALSE;
  if (a->crown_late && warnings)
    g_ptr_array_add (warnings, g_strdup_printf (
        "the appeal to the Crown Court was lodged %d days after the magistrates' court's result, outside "
        "the %d days: it is recorded as late and does not hold back the decision's effect",
        days, CROWN_APPEAL_DAYS));
  change = g_strdup_printf ("%s appeal to the Crown Court lodged", lodged);
  return docket_register_note (db, c->id, NULL, NULL, change, error);
}

static gboolean
set_court (DocketDb *db, gint64 case_id, const AppealInput *in, const DocketAppealCore *a,
           GString *summary, GError **error)
{
  const char *p = in->crown ? "crown_" : "";
  const char *lodged = in->crown ? a->crown_lodged : a->lodged;
  g_autofree char *now = docket_store_now ();
  g_autofree char *sql = NULL;
  g_autoptr(DocketStmt) stmt = NULL;

  if (in->hearing_date != NULL && strcmp (in->hearing_date, lodged) < 0)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "court hearing date %s is before the appeal "
                 "was lodged on %s", in->hearing_date, lodged);
  if (in->court == NULL && in->hearing_date == NULL)
    return TRUE;
  sql = g_strdup_printf ("UPDATE appeals SET %1$scourt = COALESCE(?1, %1$scourt), "
                         "%1$shearing_date = COALESCE(?2, %1$shearing_date), modified = ?3 "
                         "WHERE case_id = ?4", p);
  stmt = docket_db_prepare (db, sql, error);
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
  g_string_append_printf (summary, "%s%scourt %s%s%s", summary->len ? ", " : "", in->crown ? "Crown " : "",
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
  const char *result = in->crown ? a->crown_result : a->result;
  const char *lodged = in->crown ? a->crown_lodged : a->lodged;
  int o;

  if (result != NULL)
    return docket_error_set_named (error, DOCKET_ERROR_CONFLICT, "Case %" G_GINT64_FORMAT ": the %s was "
                                   "already decided (%s)", c->id,
                                   in->crown ? "appeal to the Crown Court" : "appeal", result);
  if (in->result_date == NULL)
    in->result_date = g_strdup (today);
  if (strcmp (in->result_date, lodged) < 0)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "result date %s is before the appeal "
                 "was lodged on %s", in->result_date, lodged);
  if (strcmp (in->result_date, today) > 0)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "result date %s is in the future", in->result_date);
  if (in->crown && g_str_equal (in->result, "allowed") && g_str_equal (a->result, "varied"))
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "the magistrates' court varied the decision: "
                 "give the order the Crown Court made instead (result varied, with its outcome)");
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

/* The decision held back by an appeal takes effect on @date. */
static gboolean
release_held (DocketDb *db, gint64 case_id, const char *date, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "UPDATE effects SET state = 'scheduled', due = ?1 "
      "WHERE case_id = ?2 AND state = 'awaiting-appeal'", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, case_id);
  return docket_db_step_done (db, stmt, error);
}

/* The court's order replaces the decision from the day of its result. */
static gboolean
substitute (DocketStore *store, const DocketCaller *caller, const DocketCaseCore *c,
            const AppealInput *in, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  const char *court = in->crown ? "the Crown Court" : "appeal";
  g_autofree char *change = NULL, *expires = NULL;
  gboolean on_register = g_str_equal (in->outcome, "refused") || g_str_equal (in->outcome, "suspended") ||
                         g_str_equal (in->outcome, "revoked");

  if (g_str_equal (in->outcome, "granted"))
    expires = docket_date_add_years (in->result_date, 3);
  change = in->until ? g_strdup_printf ("%s %s varied the decision to %s until %s",
                                        in->result_date, court, in->outcome, in->until)
                     : g_strdup_printf ("%s %s varied the decision to %s", in->result_date, court, in->outcome);
  return docket_effects_revert_case (store, caller->user, c->id, c->driver, "appeal varied the decision", error) &&
         docket_effects_create (store, caller->user, c, in->outcome, in->result_date, in->until, expires,
                                DOCKET_EFFECT_AT_ONCE, error) &&
         docket_register_note (db, c->id, on_register ? "varied" : "overturned",
                               on_register ? in->outcome : NULL, change, error);
}

/* What the result does: a dismissed or withdrawn appeal lets the decision
 * take effect now, an allowed one overturns it, a varied one replaces it. */
static gboolean
apply_result (DocketStore *store, const DocketCaller *caller, const DocketCaseCore *c,
              const AppealInput *in, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *change = NULL;

  if (g_str_equal (in->result, "dismissed") || g_str_equal (in->result, "withdrawn"))
    {
      change = g_strdup_printf ("%s appeal %s", in->result_date, in->result);
      return release_held (db, c->id, in->result_date, error) &&
             docket_register_note (db, c->id, NULL, NULL, change, error);
    }
  if (g_str_equal (in->result, "allowed"))
    {
      change = g_strdup_printf ("%s appeal allowed: decision overturned", in->result_date);
      return docket_effects_revert_case (store, caller->user, c->id, c->driver, "appeal allowed", error) &&
             docket_register_note (db, c->id, "overturned", NULL, change, error);
    }
  return substitute (store, caller, c, in, error);
}

/* The council's decision again, from the day the Crown Court restored it
 * on the council's appeal; a suspension keeps its end date. */
static gboolean
restore_decision (DocketStore *store, const DocketCaller *caller, const DocketCaseCore *c,
                  const AppealInput *in, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *until = NULL, *change = NULL;
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT suspend_until FROM decisions WHERE case_id = ? AND version = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  sqlite3_bind_int (stmt, 2, (int) c->version);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    until = g_strdup (col_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading the decision", error);
  g_clear_pointer (&stmt, docket_stmt_release);
  if (until != NULL && strcmp (until, in->result_date) <= 0)
    return fail (error, DOCKET_ERROR_INVALID_ARGUMENT, "the suspension the council decided ended on %s: "
                 "give the order the Crown Court made instead (result varied, with its outcome)", until);
  change = g_strdup_printf ("%s the Crown Court restored the decision (%s)", in->result_date, c->outcome);
  return docket_effects_revert_case (store, caller->user, c->id, c->driver, "the Crown Court restored the "
                                     "decision", error) &&
         docket_effects_create (store, caller->user, c, c->outcome, in->result_date, until, NULL,
                                DOCKET_EFFECT_AT_ONCE, error) &&
         docket_register_note (db, c->id, "current", c->outcome, change, error);
}

/* The Crown Court's result, on the magistrates' result @a->result: one
 * dismissed or withdrawn leaves that result standing (a decision held back
 * since takes effect now); one allowed reverses it (the decision
 * overturned, or the council's decision restored); one varied replaces
 * the decision. */
static gboolean
apply_crown_result (DocketStore *store, const DocketCaller *caller, const DocketCaseCore *c,
                    const DocketAppealCore *a, const AppealInput *in, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *change = NULL;

  if (g_str_equal (in->result, "dismissed") || g_str_equal (in->result, "withdrawn"))
    {
      change = g_strdup_printf ("%s Crown Court appeal %s: the magistrates' court's result (%s) stands",
                                in->result_date, in->result, a->result);
      return (!g_str_equal (a->result, "dismissed") || release_held (db, c->id, in->result_date, error)) &&
             docket_register_note (db, c->id, NULL, NULL, change, error);
    }
  if (g_str_equal (in->result, "allowed") && g_str_equal (a->result, "allowed"))
    return restore_decision (store, caller, c, in, error);
  if (g_str_equal (in->result, "allowed"))
    {
      change = g_strdup_printf ("%s the Crown Court allowed the appeal: decision overturned", in->result_date);
      return docket_effects_revert_case (store, caller->user, c->id, c->driver, "Crown Court appeal allowed",
                                         error) &&
             docket_register_note (db, c->id, "overturned", NULL, change, error);
    }
  return substitute (store, caller, c, in, error);
}

static gboolean
record_result (DocketStore *store, const DocketCaller *caller, const DocketCaseCore *c,
               const DocketAppealCore *a, AppealInput *in, GString *summary, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *now = docket_store_now ();
  g_autoptr(DocketStmt) stmt = NULL;

  g_autofree char *sql = NULL;

  if (!check_result (c, a, in, error))
    return FALSE;
  sql = g_strdup_printf ("UPDATE appeals SET %1$sresult = ?1, %1$sresult_date = ?2, "
                         "%1$svaried_outcome = ?3, %1$svaried_until = ?4, modified = ?5 "
                         "WHERE case_id = ?6", in->crown ? "crown_" : "");
  stmt = docket_db_prepare (db, sql, error);
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
  if (in->crown ? !apply_crown_result (store, caller, c, a, in, error)
                : !apply_result (store, caller, c, in, error))
    return FALSE;
  g_string_append_printf (summary, "%s%sresult %s on %s", summary->len ? ", " : "",
                          in->crown ? "Crown Court " : "", in->result, in->result_date);
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

  if (in.crown)
    {
      if (a.crown_lodged == NULL)
        {
          if (!crown_lodge (store, caller, &c, &a, in.lodged, warnings, summary, error))
            return FALSE;
        }
      else if (in.lodged != NULL && !g_str_equal (in.lodged, a.crown_lodged))
        return docket_error_set_named (error, DOCKET_ERROR_CONFLICT, "Case %" G_GINT64_FORMAT ": the appeal to "
                                       "the Crown Court was lodged on %s; that date does not change",
                                       case_id, a.crown_lodged);
    }
  else if (!a.exists)
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
