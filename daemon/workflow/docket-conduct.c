/* At the hearing, before the decision: declarations of interest, the
 * board's advice and its votes. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-input.h"
#include "docket-names.h"
#include "docket-validate.h"
#include "docket-conduct.h"
#include "docket-hearing-rules.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64
#define invalid(error, ...)  docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, __VA_ARGS__)
#define denied(error, ...)   docket_error_set (error, DOCKET_ERROR_ACCESS_DENIED, __VA_ARGS__)
#define conflict(error, ...) docket_error_set (error, DOCKET_ERROR_CONFLICT, __VA_ARGS__)

#define R(role) (1u << DOCKET_ROLE_##role)

static gboolean
declare_in_txn (DocketStore *store, const DocketCaller *caller, gint64 case_id, const char *member,
                const char *interest, gboolean prejudicial, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_auto(DocketHearingCore) h = { 0 };
  g_autofree char *role = NULL;
  g_autofree char *obj = docket_case_object (case_id);
  g_autofree char *summary = NULL;
  g_autoptr(DocketStmt) stmt = NULL;

  if (!docket_validate_text ("interest", interest, 2000, TRUE, error))
    return FALSE;
  if (*interest == '\0')
    return invalid (error, "the interest declared is required");
  if (!g_utf8_validate (member, -1, NULL))
    return invalid (error, "member is not valid UTF-8");
  if (!docket_case_load_open (store, case_id, &c, &h, error))
    return FALSE;
  if (c.outcome != NULL)
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT " is decided (%s): declarations are made "
                     "before the decision",
                          case_id,
                          c.outcome);
  if (!docket_hearing_panel_role (db, c.hearing, member, &role, NULL, error))
    return FALSE;
  if (role == NULL)
    return invalid (error, "member %s is not on the panel of hearing %" G_GINT64_FORMAT,
                    member, c.hearing);
  if (!(caller->roles & R (OFFICER)) && !docket_hearing_is_chair (caller, h.dm) &&
      !g_str_equal (caller->user, member))
    return docket_error_set_named (error,
                          DOCKET_ERROR_ACCESS_DENIED,
                          "Case %" G_GINT64_FORMAT ": %s may not declare an interest for %s",
                          case_id,
                          caller->user,
                          member);

  if (!docket_case_ensure_member (db, case_id, member, error))
    return FALSE;
  stmt = docket_db_prepare (db,
      "UPDATE case_members SET interest = ?, prejudicial = ?, dispensation = NULL "
      "WHERE case_id = ? AND user = ?", error);
  if (stmt == NULL)
    return FALSE;
  {
    /* Bound to the member's row through a stable per-member key. */
    docket_store_bind_encrypted (store, stmt, 1, "case_members", member, case_id, interest);
  }
  sqlite3_bind_int (stmt, 2, prejudicial ? 1 : 0);
  sqlite3_bind_int64 (stmt, 3, case_id);
  sqlite3_bind_text (stmt, 4, member, -1, SQLITE_STATIC);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  summary = g_strdup_printf ("%s declared a%s interest%s", member,
                             prejudicial ? " prejudicial" : "n",
                             prejudicial ? " and takes no part" : "");
  return docket_audit_store_append (store, caller->user, "case.declare", obj, summary, error);
}

gboolean
docket_conduct_declare (DocketStore         *store,
                        const DocketCaller  *caller,
                        gint64               case_id,
                        const char          *member,
                        const char          *interest,
                        gboolean             prejudicial,
                        GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, declare_in_txn (store, caller, case_id, member, interest, prejudicial, error), error,
                              "Case %" G_GINT64_FORMAT, case_id);
}

/* A dispensation (Localism Act 2011 s.33) lets a member who declared a
 * prejudicial interest take part: the member counts again, and the
 * dispensation is published with the decision. */
static gboolean
dispense_in_txn (DocketStore *store, const DocketCaller *caller, gint64 case_id, const char *member,
                 const char *dispensation, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_auto(DocketHearingCore) h = { 0 };
  g_autofree char *obj = docket_case_object (case_id), *summary = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  gboolean prejudiced = FALSE;

  g_autofree char *text = g_strstrip (g_strdup (dispensation));

  if (!docket_validate_text ("dispensation", text, 500, FALSE, error))
    return FALSE;
  if (*text == '\0')
    return invalid (error, "the dispensation is required: who granted it, when and for what");
  if (!g_utf8_validate (member, -1, NULL))
    return invalid (error, "member is not valid UTF-8");
  if (!docket_case_load_open (store, case_id, &c, &h, error))
    return FALSE;
  if (c.outcome != NULL)
    return docket_error_set_named (error, DOCKET_ERROR_CONFLICT, "Case %" G_GINT64_FORMAT " is decided (%s): "
                                   "a dispensation is recorded before the decision", case_id, c.outcome);
  if (!docket_case_is_prejudiced (db, case_id, member, &prejudiced, error))
    return FALSE;
  if (!prejudiced)
    return invalid (error, "member %s has declared no prejudicial interest in this case", member);
  stmt = docket_db_prepare (db, "UPDATE case_members SET prejudicial = 0, dispensation = ? "
                            "WHERE case_id = ? AND user = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, case_id);
  sqlite3_bind_text (stmt, 3, member, -1, SQLITE_STATIC);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  summary = g_strdup_printf ("%s takes part under a dispensation: %s", member, text);
  return docket_audit_store_append (store, caller->user, "case.dispense", obj, summary, error);
}

gboolean
docket_conduct_dispense (DocketStore         *store,
                         const DocketCaller  *caller,
                         gint64               case_id,
                         const char          *member,
                         const char          *dispensation,
                         GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, dispense_in_txn (store, caller, case_id, member, dispensation, error), error,
                              "Case %" G_GINT64_FORMAT, case_id);
}

static gboolean
advise_in_txn (DocketStore *store, const DocketCaller *caller, gint64 case_id, const char *advice,
               GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_auto(DocketHearingCore) h = { 0 };
  g_autofree char *role = NULL;
  g_autofree char *obj = docket_case_object (case_id);
  g_autoptr(DocketStmt) stmt = NULL;

  if (!docket_validate_text ("advice", advice, DOCKET_REASONS_MAX, TRUE, error))
    return FALSE;
  if (*advice == '\0')
    return invalid (error, "the advice is required");
  if (!docket_case_load_open (store, case_id, &c, &h, error))
    return FALSE;
  if (!g_str_equal (h.mode, "sole"))
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT ": hearing %" G_GINT64_FORMAT " decides as a "
                     "panel: members vote (case vote) instead of advising",
                          case_id,
                          c.hearing);
  if (c.outcome != NULL)
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT " is decided (%s)",
                          case_id,
                          c.outcome);
  if (!docket_case_require_participant (db, caller, &c, &role, error))
    return FALSE;
  if (!g_str_equal (role, "board-member"))
    return invalid (error, "the decision-maker decides; board members advise");

  if (!docket_case_ensure_member (db, case_id, caller->user, error))
    return FALSE;
  stmt = docket_db_prepare (db,
      "UPDATE case_members SET advice = ? WHERE case_id = ? AND user = ?", error);
  if (stmt == NULL)
    return FALSE;
  {
    g_autofree char *column = g_strdup_printf ("advice:%s", caller->user);
    docket_store_bind_encrypted (store, stmt, 1, "case_members", column, case_id, advice);
  }
  sqlite3_bind_int64 (stmt, 2, case_id);
  sqlite3_bind_text (stmt, 3, caller->user, -1, SQLITE_STATIC);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  return docket_audit_store_append (store, caller->user, "case.advise", obj, "advice recorded", error);
}

gboolean
docket_conduct_advise (DocketStore         *store,
                       const DocketCaller  *caller,
                       gint64               case_id,
                       const char          *advice,
                       GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, advise_in_txn (store, caller, case_id, advice, error), error,
                              "Case %" G_GINT64_FORMAT, case_id);
}

static gboolean
vote_in_txn (DocketStore *store, const DocketCaller *caller, gint64 case_id, const char *outcome_s,
             const char *until, gboolean immediate, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_auto(DocketHearingCore) h = { 0 };
  g_autofree char *obj = docket_case_object (case_id);
  g_autofree char *summary = NULL, *terms = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  int outcome = docket_enum_from_string (docket_outcome_names, outcome_s);

  if (outcome < 0)
    {
      g_autofree char *list = docket_enum_describe (docket_outcome_names);
      g_autofree char *shown = g_utf8_make_valid (outcome_s, -1);
      return invalid (error, "outcome '%s' is not one of %s", shown, list);
    }
  if (until != NULL && *until == '\0')
    until = NULL;
  if (until != NULL && !docket_validate_date ("until", until, error))
    return FALSE;
  if (!docket_case_load_open (store, case_id, &c, &h, error))
    return FALSE;
  if (!g_str_equal (h.mode, "panel"))
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT ": hearing %" G_GINT64_FORMAT " has a sole "
                     "decision-maker: board members advise (case advise) instead of voting",
                          case_id,
                          c.hearing);
  if (c.outcome != NULL)
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT " is decided (%s)",
                          case_id,
                          c.outcome);
  if (!docket_outcome_needs_decision (outcome))
    return invalid (error, "%s needs no vote: it is recorded as it happens", outcome_s);
  if (!docket_outcome_fits_kind (outcome, docket_enum_from_string (docket_case_kind_names, c.kind)))
    {
      g_autofree char *fit = docket_outcomes_for_kind (docket_enum_from_string (docket_case_kind_names, c.kind));
      return invalid (error, "outcome %s does not suit a%s %s; use %s", outcome_s,
                      g_str_equal (c.kind, "application") ? "n" : "", c.kind, fit);
    }
  if (!docket_hearing_check_until (outcome, until, h.date, error))
    return FALSE;
  if (immediate && outcome != DOCKET_OUTCOME_SUSPENDED && outcome != DOCKET_OUTCOME_REVOKED)
    return invalid (error, "immediate effect applies only to a suspension or revocation");
  if (!docket_case_require_participant (db, caller, &c, NULL, error))
    return FALSE;

  if (!docket_case_ensure_member (db, case_id, caller->user, error))
    return FALSE;
  stmt = docket_db_prepare (db,
      "UPDATE case_members SET vote = ?, vote_until = ?, vote_immediate = ? WHERE case_id = ? AND user = ?",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, outcome_s, -1, SQLITE_STATIC);
  if (until)
    sqlite3_bind_text (stmt, 2, until, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, immediate ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, case_id);
  sqlite3_bind_text (stmt, 5, caller->user, -1, SQLITE_STATIC);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  terms = docket_vote_terms_text (outcome_s, until, immediate);
  summary = g_strdup_printf ("%s voted %s", caller->user, terms);
  return docket_audit_store_append (store, caller->user, "case.vote", obj, summary, error);
}

gboolean
docket_conduct_vote (DocketStore         *store,
                     const DocketCaller  *caller,
                     gint64               case_id,
                     const char          *outcome,
                     const char          *until,
                     gboolean             immediate,
                     GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, vote_in_txn (store, caller, case_id, outcome, until, immediate, error), error,
                              "Case %" G_GINT64_FORMAT, case_id);
}

char *
docket_vote_terms_text (const char *outcome, const char *until, gboolean immediate)
{
  return g_strdup_printf ("%s%s%s%s", outcome, until ? " until " : "", until ? until : "",
                          immediate ? " with immediate effect" : "");
}

int
docket_conduct_count_eligible (DocketDb *db, const DocketCaseCore *c, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT COUNT(*) FROM hearing_members m "
      "LEFT JOIN case_members cm ON cm.case_id = ?1 AND cm.user = m.user "
      "WHERE m.hearing_id = ?2 AND m.present = 1 AND COALESCE(cm.prejudicial, 0) = 0", error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, c->id);
  sqlite3_bind_int64 (stmt, 2, c->hearing);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Counting the panel", error);
      return -1;
    }
  return sqlite3_column_int (stmt, 0);
}

void
docket_vote_result_clear (DocketVoteResult *r)
{
  g_clear_pointer (&r->outcome, g_free);
  g_clear_pointer (&r->until, g_free);
  g_clear_pointer (&r->tally, g_free);
}

/* One option a member can vote for: an outcome with its terms. */
typedef struct {
  int       outcome;
  char     *until;
  gboolean  immediate;
  guint     votes;
  char     *label;    /* "suspended until 2016-08-01", "revoked with immediate effect" */
} Option;

static void
option_clear (gpointer p)
{
  Option *o = p;
  g_free (o->until);
  g_free (o->label);
}

static int
option_order (gconstpointer a, gconstpointer b)
{
  const Option *x = a, *y = b;

  if (x->outcome != y->outcome)
    return x->outcome - y->outcome;
  if (g_strcmp0 (x->until, y->until) != 0)
    return g_strcmp0 (x->until, y->until);
  return x->immediate - y->immediate;
}

static Option *
option_for (GArray *options, int outcome, const char *until, gboolean immediate)
{
  Option o = { outcome, g_strdup (until), immediate, 0, NULL };

  for (guint i = 0; i < options->len; i++)
    {
      Option *e = &g_array_index (options, Option, i);
      if (e->outcome == outcome && g_strcmp0 (e->until, until) == 0 && e->immediate == immediate)
        {
          g_free (o.until);
          return e;
        }
    }
  o.label = docket_vote_terms_text (docket_outcome_names[outcome], until, immediate);
  g_array_append_val (options, o);
  return &g_array_index (options, Option, options->len - 1);
}

/* The members entitled to vote on @c (present, without a prejudicial
 * interest) and their votes, as options; the vote of @chair in @chair_vote.
 * Fails when none is present or one has not voted. */
static gboolean
read_votes (DocketDb *db, const DocketCaseCore *c, const char *chair, GArray *options, guint *eligible,
            Option *chair_vote, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT m.user, cm.vote, cm.vote_until, COALESCE(cm.vote_immediate, 0) FROM hearing_members m "
      "LEFT JOIN case_members cm ON cm.case_id = ?1 AND cm.user = m.user "
      "WHERE m.hearing_id = ?2 AND m.present = 1 AND COALESCE(cm.prejudicial, 0) = 0 "
      "ORDER BY m.user", error);
  g_autoptr(GString) missing = g_string_new (NULL);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  sqlite3_bind_int64 (stmt, 2, c->hearing);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Option *o;

      (*eligible)++;
      if (col_text (stmt, 1) == NULL)
        {
          g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", col_text (stmt, 0));
          continue;
        }
      o = option_for (options, docket_enum_from_string (docket_outcome_names, col_text (stmt, 1)),
                      col_text (stmt, 2), sqlite3_column_int (stmt, 3) != 0);
      o->votes++;
      if (g_strcmp0 (chair, col_text (stmt, 0)) == 0)
        *chair_vote = (Option) { o->outcome, g_strdup (o->until), o->immediate, 0, NULL };
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Counting votes", error);
  if (*eligible == 0)
    return docket_error_set_named (error, DOCKET_ERROR_CONFLICT,
                                   "Case %" G_GINT64_FORMAT ": no panel member entitled to vote is "
                                   "recorded as present", c->id);
  if (missing->len > 0)
    return docket_error_set_named (error, DOCKET_ERROR_CONFLICT,
                                   "Case %" G_GINT64_FORMAT ": not every member entitled to vote has "
                                   "voted (waiting for %s)", c->id, missing->str);
  return TRUE;
}

/* Counts the votes of the members entitled to vote. A decision needs a
 * majority of them for one outcome with the same terms: a plurality is
 * not one. An even split between two options is decided by the casting
 * vote of @chair (the chair of the case); anything else leaves the case
 * undecided, for a new vote. */
gboolean
docket_conduct_count_votes (DocketDb *db, const DocketCaseCore *c, const char *chair, DocketVoteResult *out,
                            GError **error)
{
  g_autoptr(GArray) options = g_array_new (FALSE, TRUE, sizeof (Option));
  g_autoptr(GString) text = g_string_new (NULL);
  Option chair_vote = { -1, NULL, FALSE, 0, NULL };
  guint eligible = 0, best = 0, n_best = 0;
  const Option *winner = NULL;
  gboolean ok;

  g_array_set_clear_func (options, option_clear);
  ok = read_votes (db, c, chair, options, &eligible, &chair_vote, error);
  if (!ok)
    {
      g_free (chair_vote.until);
      return FALSE;
    }
  g_array_sort (options, option_order);
  for (guint i = 0; i < options->len; i++)
    {
      const Option *o = &g_array_index (options, Option, i);

      g_string_append_printf (text, "%s%u %s", text->len ? ", " : "", o->votes, o->label);
      if (o->votes > best)
        {
          best = o->votes;
          n_best = 1;
          winner = o;
        }
      else if (o->votes == best)
        n_best++;
    }
  out->eligible = eligible;
  if (best * 2 <= eligible && n_best == 2 && best * 2 == eligible && chair_vote.outcome >= 0)
    {
      /* Two options, evenly split: the chair's casting vote. */
      for (guint i = 0; i < options->len; i++)
        {
          const Option *o = &g_array_index (options, Option, i);
          if (o->outcome == chair_vote.outcome && g_strcmp0 (o->until, chair_vote.until) == 0 &&
              o->immediate == chair_vote.immediate)
            winner = o;
        }
      g_string_append (text, "; the chair's casting vote decided");
    }
  else if (best * 2 <= eligible)
    {
      g_free (chair_vote.until);
      return docket_error_set_named (error, DOCKET_ERROR_CONFLICT,
                                     "Case %" G_GINT64_FORMAT ": no outcome has a majority of the %u members "
                                     "entitled to vote (%s): a plurality is not a majority, so the panel "
                                     "must vote again", c->id, eligible, text->str);
    }
  g_free (chair_vote.until);
  out->outcome = g_strdup (docket_outcome_names[winner->outcome]);
  out->until = g_strdup (winner->until);
  out->immediate = winner->immediate;
  out->tally = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}
