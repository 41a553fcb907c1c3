/* The rules every step of the hearing workflow checks: the hearing open
 * and held, its capacity, one listing a day, roles and participation. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-input.h"
#include "docket-names.h"
#include "docket-validate.h"
#include "docket-hearing-rules.h"
#include "docket-user-store.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64
#define invalid(error, ...)  docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, __VA_ARGS__)
#define denied(error, ...)   docket_error_set (error, DOCKET_ERROR_ACCESS_DENIED, __VA_ARGS__)
#define conflict(error, ...) docket_error_set (error, DOCKET_ERROR_CONFLICT, __VA_ARGS__)

#define R(role) (1u << DOCKET_ROLE_##role)

/* Fails unless the hearing is scheduled (neither cancelled nor locked). */
gboolean
docket_hearing_require_open (const DocketHearingCore *h, GError **error)
{
  if (g_str_equal (h->state, "cancelled"))
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Hearing %" G_GINT64_FORMAT " of %s was cancelled",
                          h->id,
                          h->date);
  if (g_str_equal (h->state, "locked"))
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Hearing %" G_GINT64_FORMAT " of %s is locked: its decisions are final",
                          h->id,
                          h->date);
  return TRUE;
}

/* Fails when the hearing has not happened yet. */
gboolean
docket_hearing_require_held (const DocketHearingCore *h, GError **error)
{
  g_autofree char *today = docket_today ();

  if (strcmp (h->date, today) > 0)
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Hearing %" G_GINT64_FORMAT " is on %s, in the future: what happens "
                     "at a hearing is recorded on or after its date",
                          h->id,
                          h->date);
  return TRUE;
}

gboolean
docket_hearing_check_capacity (DocketDb *db, const DocketHearingCore *h, gint64 adding, GError **error)
{
  gint64 n = docket_hearing_count_cases (db, h->id, error);

  if (n < 0)
    return FALSE;
  if (n + adding > h->capacity)
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Hearing %" G_GINT64_FORMAT " of %s is full: it lists %" G_GINT64_FORMAT
                     " of %" G_GINT64_FORMAT " cases",
                          h->id,
                          h->date,
                          n,
                          h->capacity);
  return TRUE;
}

/* Fails when @driver is already listed on a hearing (not cancelled) on
 * @date, other than case @except. */
gboolean
docket_hearing_check_not_listed (DocketDb *db, gint64 driver, const char *date, gint64 except, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT c.id, h.id, d.licence FROM cases c JOIN hearings h ON h.id = c.hearing_id "
      "JOIN drivers d ON d.id = c.driver_id "
      "WHERE c.driver_id = ?1 AND h.date = ?2 AND h.state != 'cancelled' AND c.id != ?3", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, driver);
  sqlite3_bind_text (stmt, 2, date, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, except);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Licence %s is already listed on %s (case %" G_GINT64_FORMAT
                     ", hearing %" G_GINT64_FORMAT ")",
                          col_text (stmt, 2),
                          date,
                          col_int64 (stmt, 0),
                          col_int64 (stmt, 1));
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Checking listings", error);
  return TRUE;
}

gboolean
docket_hearing_require_role (DocketStore *store, const char *user, DocketRole role, const char *as, GError **error)
{
  guint roles = 0;

  if (!docket_validate_user_name (user, error))
    {
      g_prefix_error (error, "%s: ", as);
      return FALSE;
    }
  if (!docket_user_store_roles (store, user, &roles, error))
    return FALSE;
  if ((roles & (1u << role)) == 0)
    return invalid (error, "%s %s does not hold the %s role (grant it with docketctl user grant)",
                    as, user, docket_role_names[role]);
  return TRUE;
}

gboolean
docket_hearing_is_chair (const DocketCaller *caller, const char *dm)
{
  return g_str_equal (caller->user, dm) && (caller->roles & R (DECISION_MAKER));
}

/* At the hearing ----------------------------------------------------------- */

/* Loads the case and its hearing, and fails unless the hearing is open and
 * has taken place. */
gboolean
docket_case_load_open (DocketStore *store, gint64 case_id, DocketCaseCore *c, DocketHearingCore *h,
                       GError **error)
{
  return docket_case_load (store, case_id, c, error) &&
         docket_hearing_load (docket_store_get_db (store), c->hearing, h, error) &&
         docket_hearing_require_open (h, error) && docket_hearing_require_held (h, error);
}

/* The caller takes part in the case: on the panel, present, no prejudicial
 * interest. */
gboolean
docket_case_require_participant (DocketDb *db, const DocketCaller *caller, const DocketCaseCore *c,
                                 char **role_out, GError **error)
{
  g_autofree char *role = NULL;
  int present = -1;
  gboolean prejudiced;

  if (!docket_hearing_panel_role (db, c->hearing, caller->user, &role, &present, error))
    return FALSE;
  if (role == NULL || !(caller->roles & (R (BOARD_MEMBER) | R (DECISION_MAKER))))
    return docket_error_set_named (error,
                          DOCKET_ERROR_ACCESS_DENIED,
                          "Case %" G_GINT64_FORMAT ": %s is not on the panel of hearing %"
                   G_GINT64_FORMAT,
                          c->id,
                          caller->user,
                          c->hearing);
  if (present != 1)
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT ": %s is not recorded as present at the "
                     "hearing",
                          c->id,
                          caller->user);
  if (!docket_case_is_prejudiced (db, c->id, caller->user, &prejudiced, error))
    return FALSE;
  if (prejudiced)
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT ": %s declared a prejudicial interest and "
                     "takes no part in this case",
                          c->id,
                          caller->user);
  if (role_out)
    *role_out = g_steal_pointer (&role);
  return TRUE;
}

gboolean
docket_hearing_check_until (int outcome, const char *until, const char *from, GError **error)
{
  if (outcome == DOCKET_OUTCOME_SUSPENDED)
    {
      if (until == NULL)
        return invalid (error, "a suspension needs its end date (until)");
      if (strcmp (until, from) <= 0)
        return invalid (error, "suspension end %s is not after its start %s", until, from);
    }
  else if (until != NULL)
    return invalid (error, "an end date (until) is given only with a suspension");
  return TRUE;
}
