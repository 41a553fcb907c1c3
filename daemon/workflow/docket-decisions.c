/* Decisions: recorded in versions by the hearing's decision-maker, with
 * their reasons, and handed to the effects. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-input.h"
#include "docket-names.h"
#include "docket-validate.h"
#include "docket-conduct.h"
#include "docket-decisions.h"
#include "docket-concerns.h"
#include "docket-register-searches.h"
#include "docket-driver-store.h"
#include "docket-effects.h"
#include "docket-hearing-rules.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64
#define invalid(error, ...)  docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, __VA_ARGS__)
#define denied(error, ...)   docket_error_set (error, DOCKET_ERROR_ACCESS_DENIED, __VA_ARGS__)
#define conflict(error, ...) docket_error_set (error, DOCKET_ERROR_CONFLICT, __VA_ARGS__)

#define R(role) (1u << DOCKET_ROLE_##role)

/* A decision as the call gives it; NULL or -1 for what it leaves out. */
typedef struct {
  int       outcome;
  int       attendance;
  char     *reasons;
  char     *alternatives;
  char     *until;
  char     *decided;
  char     *expires;
  char     *justification;
  char     *correction;
  gboolean  immediate;
  gboolean  safeguarding;
  int       concern;      /* DocketConcern; -1 until stated or worked out */
  gboolean  concern_stated;
  char     *tally;        /* the panel's votes, in panel mode */
} Decision;

static void
decision_clear (Decision *d)
{
  /* The texts become ciphertexts in the database: no copy is left here. */
  g_clear_pointer (&d->reasons, docket_secret_free);
  g_clear_pointer (&d->alternatives, docket_secret_free);
  g_clear_pointer (&d->until, g_free);
  g_clear_pointer (&d->decided, g_free);
  g_clear_pointer (&d->expires, g_free);
  g_clear_pointer (&d->justification, docket_secret_free);
  g_clear_pointer (&d->correction, docket_secret_free);
  g_clear_pointer (&d->tally, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Decision, decision_clear)

static gboolean
read_decision (GVariant *in, Decision *d, GError **error)
{
  static const char * const keys[] = {
    "outcome", "attendance", "reasons", "alternatives", "until", "decided", "expires",
    "immediate", "justification", "safeguarding", "correction", "concern", NULL,
  };

  if (!docket_validate_keys (in, keys, error) ||
      !docket_input_enum (in, "outcome", NULL, docket_outcome_names, &d->outcome, error) ||
      !docket_input_enum (in, "attendance", NULL, docket_attendance_names, &d->attendance, error) ||
      !docket_input_text (in, "reasons", NULL, DOCKET_REASONS_MAX, DOCKET_INPUT_MULTILINE, &d->reasons, error) ||
      !docket_input_text (in, "alternatives", NULL, DOCKET_REASONS_MAX, DOCKET_INPUT_MULTILINE,
                          &d->alternatives, error) ||
      !docket_input_date (in, "until", NULL, DOCKET_INPUT_NONE, &d->until, error) ||
      !docket_input_date (in, "decided", NULL, DOCKET_INPUT_NONE, &d->decided, error) ||
      !docket_input_date (in, "expires", NULL, DOCKET_INPUT_NONE, &d->expires, error) ||
      !docket_input_bool (in, "immediate", &d->immediate, error) ||
      !docket_input_text (in, "justification", NULL, DOCKET_REASONS_MAX, DOCKET_INPUT_MULTILINE,
                          &d->justification, error) ||
      !docket_input_bool (in, "safeguarding", &d->safeguarding, error) ||
      !docket_input_text (in, "correction", NULL, 2000, DOCKET_INPUT_MULTILINE, &d->correction, error) ||
      !docket_input_enum (in, "concern", NULL, docket_concern_names, &d->concern, error))
    return FALSE;
  d->concern_stated = d->concern >= 0;
  if (d->outcome < 0)
    {
      g_autofree char *list = docket_enum_describe (docket_outcome_names);
      return invalid (error, "outcome is required: %s", list);
    }
  return TRUE;
}

/* What the decision says fits the case and the law: the outcome for the
 * kind of case, its date, reasons, terms and immediate effect. Fills in
 * the decision date (today) and a new licence's expiry (three years). */
static gboolean
check_terms (Decision *d, const DocketCaseCore *c, const DocketHearingCore *h, GError **error)
{
  int kind = docket_enum_from_string (docket_case_kind_names, c->kind);
  int outcome = d->outcome;
  g_autofree char *today = docket_today ();

  if (!docket_outcome_fits_kind (outcome, kind))
    {
      g_autofree char *fit = docket_outcomes_for_kind (kind);
      return invalid (error, "outcome %s does not suit a%s %s; use %s", docket_outcome_names[outcome],
                      kind == DOCKET_CASE_KIND_APPLICATION ? "n" : "", c->kind, fit);
    }
  if (d->decided == NULL)
    d->decided = g_strdup (today);
  if (strcmp (d->decided, h->date) < 0)
    return invalid (error, "decision date %s is before the hearing of %s", d->decided, h->date);
  if (strcmp (d->decided, today) > 0)
    return invalid (error, "decision date %s is in the future", d->decided);
  if (docket_outcome_needs_decision (outcome) && d->reasons == NULL)
    return invalid (error, "reasons are required for a decision to %s: the statement of "
                    "decision must give them", docket_outcome_names[outcome]);
  if (!docket_hearing_check_until (outcome, d->until, d->decided, error))
    return FALSE;
  if (d->immediate && outcome != DOCKET_OUTCOME_SUSPENDED && outcome != DOCKET_OUTCOME_REVOKED)
    return invalid (error, "immediate effect applies only to a suspension or revocation");
  if (d->immediate && d->justification == NULL)
    return invalid (error, "immediate effect in the interests of public safety needs a written "
                    "justification");
  if (!d->immediate && d->justification != NULL)
    return invalid (error, "a justification is given only with immediate effect");
  if (d->safeguarding && outcome != DOCKET_OUTCOME_REFUSED && outcome != DOCKET_OUTCOME_SUSPENDED &&
      outcome != DOCKET_OUTCOME_REVOKED)
    return invalid (error, "only a refusal, suspension or revocation is marked as relying on "
                    "safeguarding or road-safety grounds");
  if (d->concern >= 0 && outcome != DOCKET_OUTCOME_REFUSED && outcome != DOCKET_OUTCOME_SUSPENDED &&
      outcome != DOCKET_OUTCOME_REVOKED)
    return invalid (error, "a concern is given only with a refusal, suspension or revocation");
  if (d->expires != NULL && outcome != DOCKET_OUTCOME_GRANTED)
    return invalid (error, "an expiry date is given only when a licence is granted");
  if (d->expires != NULL && strcmp (d->expires, d->decided) <= 0)
    return invalid (error, "expiry date %s is not after the decision date %s", d->expires, d->decided);
  if (outcome == DOCKET_OUTCOME_GRANTED && d->expires == NULL)
    d->expires = docket_date_add_years (d->decided, 3);
  return TRUE;
}

/* Attendance is recorded independently of the outcome, but must be known;
 * a second recording is a correction, with its reason. */
static gboolean
check_record (DocketDb *db, const Decision *d, const DocketCaseCore *c, GError **error)
{
  if (d->attendance < 0)
    {
      g_autoptr(DocketStmt) a = docket_db_prepare (db, "SELECT attendance FROM cases WHERE id = ?", error);
      if (a == NULL)
        return FALSE;
      sqlite3_bind_int64 (a, 1, c->id);
      if ((sqlite3_step (a) != SQLITE_ROW || col_text (a, 0) == NULL) &&
          d->outcome != DOCKET_OUTCOME_WITHDRAWN)
        return invalid (error, "attendance is not recorded: give attended, represented or "
                        "did-not-attend");
    }
  if (c->version > 0 && d->correction == NULL)
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT " already has a decision (version %u: %s); "
                     "a correction needs a reason (correction)",
                          c->id,
                          c->version,
                          c->outcome);
  if (c->version == 0 && d->correction != NULL)
    return invalid (error, "there is no decision to correct yet");
  if (c->version > 0 && g_strcmp0 (c->outcome, "deferred") == 0)
    {
      /* The relisted case carries the decision now. */
      g_autoptr(DocketStmt) later = docket_db_prepare (db, "SELECT id FROM cases WHERE relisted_from = ?", error);
      int rc;

      if (later == NULL)
        return FALSE;
      sqlite3_bind_int64 (later, 1, c->id);
      rc = sqlite3_step (later);
      if (rc == SQLITE_ROW)
        return docket_error_set_named (error, DOCKET_ERROR_CONFLICT,
                                       "Case %" G_GINT64_FORMAT " was deferred and relisted as case %"
                                       G_GINT64_FORMAT ", which carries the decision; record or correct it there",
                                       c->id, (gint64) sqlite3_column_int64 (later, 0));
      if (rc != SQLITE_DONE)
        return docket_db_set_error (db, rc, "Reading cases", error);
    }
  return TRUE;
}

/* A panel decides by a majority of the members entitled to vote, present
 * in a quorum, for an outcome and its terms; the chair of the case (the
 * vice-chair when the chair declared a prejudicial interest) or an officer
 * records it. Below the quorum the case can only be deferred. */
static gboolean
check_panel (DocketDb *db, const DocketCaller *caller, const DocketCaseCore *c, const DocketHearingCore *h,
             Decision *d, gboolean dm_prejudiced, guint quorum, GError **error)
{
  const char *outcome = docket_outcome_names[d->outcome];
  const char *chair = dm_prejudiced ? h->vice_chair : h->dm;
  g_auto(DocketVoteResult) votes = { 0 };
  gboolean chairs = chair != NULL && g_str_equal (caller->user, chair) &&
                    (caller->roles & (R (DECISION_MAKER) | R (BOARD_MEMBER)));
  int eligible;

  if (!chairs && !(caller->roles & R (OFFICER)))
    {
      if (dm_prejudiced && chair == NULL)
        return docket_error_set_named (error, DOCKET_ERROR_ACCESS_DENIED,
                                       "Case %" G_GINT64_FORMAT ": the chair (%s) declared a prejudicial interest "
                                       "and the panel has no vice-chair, so a licensing officer records the "
                                       "panel's decision, not %s", c->id, h->dm, caller->user);
      return docket_error_set_named (error, DOCKET_ERROR_ACCESS_DENIED,
                                     "Case %" G_GINT64_FORMAT ": the panel's decision is recorded by its %s (%s) "
                                     "or a licensing officer, not %s", c->id, dm_prejudiced ? "vice-chair" : "chair",
                                     chair, caller->user);
    }
  eligible = docket_conduct_count_eligible (db, c, error);
  if (eligible < 0)
    return FALSE;
  if ((guint) eligible < quorum)
    {
      if (d->outcome == DOCKET_OUTCOME_DEFERRED)
        {
          d->tally = g_strdup_printf ("%d entitled to vote, below the quorum of %u", eligible, quorum);
          return TRUE;
        }
      return docket_error_set_named (error, DOCKET_ERROR_CONFLICT,
                                     "Case %" G_GINT64_FORMAT ": %d panel member%s entitled to vote %s present, "
                                     "below the quorum of %u, so the case can only be deferred",
                                     c->id, eligible, eligible == 1 ? "" : "s", eligible == 1 ? "is" : "are",
                                     quorum);
    }
  if (!docket_conduct_count_votes (db, c, chair, &votes, error))
    return FALSE;
  d->tally = g_strdup (votes.tally);
  if (!g_str_equal (votes.outcome, outcome) || g_strcmp0 (votes.until, d->until) != 0 ||
      votes.immediate != d->immediate)
    {
      g_autofree char *asked = docket_vote_terms_text (outcome, d->until, d->immediate);
      g_autofree char *chosen = docket_vote_terms_text (votes.outcome, votes.until, votes.immediate);
      return docket_error_set_named (error, DOCKET_ERROR_CONFLICT,
                                     "Case %" G_GINT64_FORMAT ": the panel voted for %s (%s), not %s",
                                     c->id, chosen, votes.tally, asked);
    }
  return TRUE;
}

/* Who may decide: an officer or the chair records a case closed without a
 * decision; a sole decision-maker without a prejudicial interest decides;
 * a panel's decision is the one its majority voted for (its tally kept). */
static gboolean
check_who (DocketDb *db, const DocketCaller *caller, const DocketCaseCore *c,
           const DocketHearingCore *h, Decision *d, guint quorum, GError **error)
{
  const char *outcome = docket_outcome_names[d->outcome];
  gboolean dm_prejudiced = FALSE;

  if (!docket_case_is_prejudiced (db, c->id, h->dm, &dm_prejudiced, error))
    return FALSE;
  if (!docket_outcome_needs_decision (d->outcome))
    {
      if (!(caller->roles & R (OFFICER)) && !docket_hearing_is_chair (caller, h->dm))
        return docket_error_set_named (error,
                          DOCKET_ERROR_ACCESS_DENIED,
                          "Case %" G_GINT64_FORMAT ": only the hearing's decision-maker (%s) "
                       "or a licensing officer records a %s case, not %s",
                          c->id,
                          h->dm,
                          outcome,
                          caller->user);
      return TRUE;
    }
  if (g_str_equal (h->mode, "sole"))
    {
      if (!docket_hearing_is_chair (caller, h->dm))
        return docket_error_set_named (error,
                          DOCKET_ERROR_ACCESS_DENIED,
                          "Case %" G_GINT64_FORMAT ": only the hearing's decision-maker (%s) "
                       "decides, not %s",
                          c->id,
                          h->dm,
                          caller->user);
      if (dm_prejudiced && d->outcome != DOCKET_OUTCOME_DEFERRED)
        return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT ": the decision-maker declared a "
                         "prejudicial interest, so the case can only be deferred to another "
                         "decision-maker",
                          c->id);
      return TRUE;
    }
  return check_panel (db, caller, c, h, d, dm_prejudiced, quorum, error);
}

/* Writes decision version @version, with its texts encrypted to its row,
 * and the case's summary of it. */
static gboolean
insert_version (DocketStore *store, const DocketCaller *caller, const DocketCaseCore *c,
                const Decision *d, guint version, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *now = docket_store_now ();
  g_autoptr(DocketStmt) stmt = NULL;
  gint64 id = docket_store_next_id (store, "decisions", error);

  if (id < 0)
    return FALSE;
  stmt = docket_db_prepare (db,
      "INSERT INTO decisions (id, case_id, version, outcome, decided, recorded, recorded_by, "
      "suspend_until, expires, immediate, safeguarding, tally, reasons, alternatives, "
      "justification, correction, concern, concern_stated) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, c->id);
  sqlite3_bind_int (stmt, 3, (int) version);
  sqlite3_bind_text (stmt, 4, docket_outcome_names[d->outcome], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, d->decided, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, caller->user, -1, SQLITE_STATIC);
  if (d->until)
    sqlite3_bind_text (stmt, 8, d->until, -1, SQLITE_STATIC);
  if (d->expires)
    sqlite3_bind_text (stmt, 9, d->expires, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 10, d->immediate ? 1 : 0);
  sqlite3_bind_int (stmt, 11, d->safeguarding ? 1 : 0);
  if (d->tally)
    sqlite3_bind_text (stmt, 12, d->tally, -1, SQLITE_STATIC);
  docket_store_bind_encrypted (store, stmt, 13, "decisions", "reasons", id, d->reasons);
  docket_store_bind_encrypted (store, stmt, 14, "decisions", "alternatives", id, d->alternatives);
  docket_store_bind_encrypted (store, stmt, 15, "decisions", "justification", id, d->justification);
  docket_store_bind_encrypted (store, stmt, 16, "decisions", "correction", id, d->correction);
  if (d->concern >= 0)
    sqlite3_bind_text (stmt, 17, docket_concern_names[d->concern], -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 18, d->concern_stated ? 1 : 0);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, docket_stmt_release);

  stmt = docket_db_prepare (db,
      "UPDATE cases SET outcome = ?1, decided = ?2, version = ?3, "
      "attendance = COALESCE(?4, attendance), modified = ?5, concern = ?7 WHERE id = ?6", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, docket_outcome_names[d->outcome], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, d->decided, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, (int) version);
  if (d->attendance >= 0)
    sqlite3_bind_text (stmt, 4, docket_attendance_names[d->attendance], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, c->id);
  if (d->concern >= 0)
    sqlite3_bind_text (stmt, 7, docket_concern_names[d->concern], -1, SQLITE_STATIC);
  return docket_db_step_done (db, stmt, error);
}

/* A decision-maker who decides is present. */
static gboolean
mark_present (DocketDb *db, gint64 hearing, const char *user, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, "UPDATE hearing_members SET present = 1 "
                                                  "WHERE hearing_id = ? AND user = ? AND present IS NULL",
                                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, hearing);
  sqlite3_bind_text (stmt, 2, user, -1, SQLITE_STATIC);
  return docket_db_step_done (db, stmt, error);
}

static char *
summarize (const Decision *d, guint version)
{
  GString *summary = g_string_new (NULL);

  g_string_append_printf (summary, "version %u: %s, decided %s", version,
                          docket_outcome_names[d->outcome], d->decided);
  if (d->until)
    g_string_append_printf (summary, ", until %s", d->until);
  if (d->immediate)
    g_string_append (summary, ", immediate effect");
  if (d->safeguarding)
    g_string_append (summary, ", safeguarding grounds");
  if (d->concern >= 0)
    g_string_append_printf (summary, ", concern %s%s", docket_concern_names[d->concern],
                            d->concern_stated ? "" : " (worked out)");
  if (d->tally)
    g_string_append_printf (summary, ", votes: %s", d->tally);
  if (d->correction)
    g_string_append (summary, " (correction)");
  return g_string_free (summary, FALSE);
}

static gboolean
record_in_txn (DocketStore *store, const DocketCaller *caller, gint64 case_id, GVariant *in,
               guint *version_out, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_auto(DocketHearingCore) h = { 0 };
  g_auto(Decision) d = { 0 };
  g_autofree char *obj = docket_case_object (case_id);
  g_autofree char *case_name = g_strdup_printf ("Case %" G_GINT64_FORMAT, case_id);
  g_autofree char *summary = NULL;
  DocketDecisionEffect effect;
  guint version;

  if (!read_decision (in, &d, error) ||
      !docket_case_load (store, case_id, &c, error) ||
      !docket_hearing_load (db, c.hearing, &h, error) || !docket_hearing_require_open (&h, error) ||
      !docket_hearing_require_held (&h, error) ||
      !check_terms (&d, &c, &h, error) ||
      !check_record (db, &d, &c, error) ||
      !check_who (db, caller, &c, &h, &d, docket_store_get_config (store)->quorum, error) ||
      (d.outcome == DOCKET_OUTCOME_GRANTED && g_strcmp0 (c.outcome, "granted") != 0 &&
       !docket_register_search_require (store, c.driver, c.licence, d.decided, case_name, error)))
    return FALSE;

  if (d.concern < 0 && (d.outcome == DOCKET_OUTCOME_REFUSED || d.outcome == DOCKET_OUTCOME_SUSPENDED ||
                        d.outcome == DOCKET_OUTCOME_REVOKED) &&
      (d.concern = docket_concern_derive (store, c.driver, d.safeguarding, error)) < 0)
    return FALSE;
  version = c.version + 1;
  if (!insert_version (store, caller, &c, &d, version, error))
    return FALSE;
  if (docket_hearing_is_chair (caller, h.dm) && !mark_present (db, c.hearing, caller->user, error))
    return FALSE;
  summary = summarize (&d, version);
  if (!docket_audit_store_append (store, caller->user, "case.decide", obj, summary, error))
    return FALSE;

  effect = (DocketDecisionEffect) {
    .outcome = docket_outcome_names[d.outcome],
    .decided = d.decided,
    .until = d.until,
    .expires = d.expires,
    .immediate = d.immediate,
    .safeguarding = d.safeguarding,
  };
  if (!docket_effects_decide (store, caller->user, &c, &effect, error))
    return FALSE;
  *version_out = version;
  return TRUE;
}

guint
docket_decisions_record (DocketStore         *store,
                         const DocketCaller  *caller,
                         gint64               case_id,
                         GVariant            *decision,
                         GError             **error)
{
  guint version = 0;

  if (!docket_store_begin_write (store, error))
    return 0;
  if (!docket_store_finish (store, record_in_txn (store, caller, case_id, decision, &version, error), error,
                              "Case %" G_GINT64_FORMAT, case_id))
    return 0;
  return version;
}
