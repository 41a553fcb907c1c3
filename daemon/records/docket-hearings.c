/* Hearings and cases as stored: loading them, their panel, members and
 * counts. No workflow: the rules are in workflow/. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-input.h"
#include "docket-names.h"
#include "docket-validate.h"
#include "docket-hearings.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64
#define invalid(error, ...)  docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, __VA_ARGS__)
#define denied(error, ...)   docket_error_set (error, DOCKET_ERROR_ACCESS_DENIED, __VA_ARGS__)
#define conflict(error, ...) docket_error_set (error, DOCKET_ERROR_CONFLICT, __VA_ARGS__)

#define R(role) (1u << DOCKET_ROLE_##role)

/* Hearings ---------------------------------------------------------------- */

void
docket_hearing_core_clear (DocketHearingCore *h)
{
  g_clear_pointer (&h->date, g_free);
  g_clear_pointer (&h->time, g_free);
  g_clear_pointer (&h->venue, g_free);
  g_clear_pointer (&h->mode, g_free);
  g_clear_pointer (&h->dm, g_free);
  g_clear_pointer (&h->state, g_free);
  g_clear_pointer (&h->vice_chair, g_free);
}

gboolean
docket_hearing_load (DocketDb *db, gint64 id, DocketHearingCore *h, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_get_row (db,
      "SELECT date, time, venue, capacity, mode, decision_maker, state, vice_chair FROM hearings WHERE id = ?",
      id, "hearing", error);

  if (stmt == NULL)
    return FALSE;
  h->id = id;
  h->date = g_strdup (col_text (stmt, 0));
  h->time = g_strdup (col_text (stmt, 1));
  h->venue = g_strdup (col_text (stmt, 2));
  h->capacity = col_int64 (stmt, 3);
  h->mode = g_strdup (col_text (stmt, 4));
  h->dm = g_strdup (col_text (stmt, 5));
  h->state = g_strdup (col_text (stmt, 6));
  h->vice_chair = g_strdup (col_text (stmt, 7));
  return TRUE;
}

gint64
docket_hearing_count_cases (DocketDb *db, gint64 hearing, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT COUNT(*) FROM cases WHERE hearing_id = ?", error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, hearing);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Counting cases", error);
      return -1;
    }
  return col_int64 (stmt, 0);
}

gboolean
docket_hearing_add_member (DocketDb *db, gint64 hearing, const char *user, const char *role, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "INSERT INTO hearing_members (hearing_id, user, role) VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, hearing);
  sqlite3_bind_text (stmt, 2, user, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, role, -1, SQLITE_STATIC);
  return docket_db_step_done (db, stmt, error);
}

char *
docket_hearing_object (gint64 id)
{
  return g_strdup_printf ("hearing %" G_GINT64_FORMAT, id);
}

gboolean
docket_hearing_has_decisions (DocketDb *db, gint64 hearing, gboolean *out, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT EXISTS (SELECT 1 FROM cases WHERE hearing_id = ? AND version > 0)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, hearing);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return docket_db_set_error (db, rc, "Reading decisions", error);
  *out = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

/* The member's role on the panel, NULL when not on it; @present -1 when
 * not recorded. */
gboolean
docket_hearing_panel_role (DocketDb *db, gint64 hearing, const char *user, char **role, int *present, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT role, present FROM hearing_members WHERE hearing_id = ? AND user = ?", error);
  int rc;

  *role = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, hearing);
  sqlite3_bind_text (stmt, 2, user, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *role = g_strdup (col_text (stmt, 0));
      if (present)
        *present = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 1);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading the panel", error);
  return TRUE;
}

/* Cases ------------------------------------------------------------------- */

void
docket_case_core_clear (DocketCaseCore *c)
{
  g_clear_pointer (&c->licence, g_free);
  g_clear_pointer (&c->kind, g_free);
  g_clear_pointer (&c->outcome, g_free);
  g_clear_pointer (&c->decided, g_free);
  g_clear_pointer (&c->notice_sent, g_free);
  g_clear_pointer (&c->status_before, g_free);
  g_clear_pointer (&c->hearing_date, g_free);
  g_clear_pointer (&c->hearing_state, g_free);
  g_clear_pointer (&c->hearing_mode, g_free);
  g_clear_pointer (&c->decision_maker, g_free);
}

gboolean
docket_case_load (DocketStore     *store,
                  gint64           case_id,
                  DocketCaseCore  *c,
                  GError         **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = docket_db_get_row (db,
      "SELECT c.hearing_id, c.driver_id, d.licence, c.kind, c.outcome, c.decided, c.version, "
      "c.notice_sent, c.status_before, h.date, h.state, h.mode, h.decision_maker "
      "FROM cases c JOIN hearings h ON h.id = c.hearing_id JOIN drivers d ON d.id = c.driver_id "
      "WHERE c.id = ?", case_id, "case", error);

  if (stmt == NULL)
    return FALSE;
  c->id = case_id;
  c->hearing = col_int64 (stmt, 0);
  c->driver = col_int64 (stmt, 1);
  c->licence = g_strdup (col_text (stmt, 2));
  c->kind = g_strdup (col_text (stmt, 3));
  c->outcome = g_strdup (col_text (stmt, 4));
  c->decided = g_strdup (col_text (stmt, 5));
  c->version = (guint) sqlite3_column_int (stmt, 6);
  c->notice_sent = g_strdup (col_text (stmt, 7));
  c->status_before = g_strdup (col_text (stmt, 8));
  c->hearing_date = g_strdup (col_text (stmt, 9));
  c->hearing_state = g_strdup (col_text (stmt, 10));
  c->hearing_mode = g_strdup (col_text (stmt, 11));
  c->decision_maker = g_strdup (col_text (stmt, 12));
  return TRUE;
}

char *
docket_case_object (gint64 id)
{
  return g_strdup_printf ("case %" G_GINT64_FORMAT, id);
}

gboolean
docket_case_has_records (DocketDb *db, gint64 case_id, gboolean *out, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT EXISTS (SELECT 1 FROM case_members WHERE case_id = ?1) "
      "OR EXISTS (SELECT 1 FROM cases WHERE id = ?1 AND attendance IS NOT NULL)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return docket_db_set_error (db, rc, "Reading a case", error);
  *out = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

/* Creates the member's row for the case when missing. */
gboolean
docket_case_ensure_member (DocketDb *db, gint64 case_id, const char *member, GError **error)
{
  g_autofree char *now = docket_store_now ();
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "INSERT INTO case_members (case_id, user, modified) VALUES (?, ?, ?) "
      "ON CONFLICT (case_id, user) DO UPDATE SET modified = excluded.modified", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_text (stmt, 2, member, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  return docket_db_step_done (db, stmt, error);
}

gboolean
docket_case_is_prejudiced (DocketDb *db, gint64 case_id, const char *member, gboolean *out, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT prejudicial FROM case_members WHERE case_id = ? AND user = ?", error);
  int rc;

  *out = FALSE;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_text (stmt, 2, member, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int (stmt, 0) != 0;
  else if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading declarations", error);
  return TRUE;
}

void
docket_appeal_core_clear (DocketAppealCore *a)
{
  g_clear_pointer (&a->lodged, g_free);
  g_clear_pointer (&a->result, g_free);
  g_clear_pointer (&a->result_date, g_free);
  g_clear_pointer (&a->crown_lodged, g_free);
  g_clear_pointer (&a->crown_result, g_free);
}


gboolean
docket_appeal_pending (const DocketAppealCore *a)
{
  if (!a->exists)
    return FALSE;
  if (!a->late && a->result == NULL)
    return TRUE;
  return a->crown_lodged != NULL && !a->late && !a->crown_late && a->crown_result == NULL;
}

gboolean
docket_appeal_load (DocketDb *db, gint64 case_id, DocketAppealCore *a, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT lodged, result, late, result_date, crown_lodged, crown_result, crown_late "
      "FROM appeals WHERE case_id = ?", error);
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
      a->result_date = g_strdup (col_text (stmt, 3));
      a->crown_lodged = g_strdup (col_text (stmt, 4));
      a->crown_result = g_strdup (col_text (stmt, 5));
      a->crown_late = sqlite3_column_int (stmt, 6) != 0;
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading the appeal", error);
  return TRUE;
}
