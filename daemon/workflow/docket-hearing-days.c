/* Hearing days: scheduling, rescheduling, cancelling and locking them,
 * and who of the panel is present. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-input.h"
#include "docket-names.h"
#include "docket-validate.h"
#include "docket-hearing-days.h"
#include "docket-hearing-rules.h"
#include "docket-user-store.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64
#define invalid(error, ...)  docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, __VA_ARGS__)
#define denied(error, ...)   docket_error_set (error, DOCKET_ERROR_ACCESS_DENIED, __VA_ARGS__)
#define conflict(error, ...) docket_error_set (error, DOCKET_ERROR_CONFLICT, __VA_ARGS__)

#define R(role) (1u << DOCKET_ROLE_##role)

#define BOARD_MAX    20

#define CAPACITY_DEFAULT 7

static const char * const hearing_keys[] = {
  "date", "time", "venue", "capacity", "mode", "decision-maker", "board", "vice-chair", "untrained-reason", NULL,
};

static gboolean
opt_capacity (GVariant *dict, gint64 *out, GError **error)
{
  g_autoptr(GVariant) v = NULL;

  if (!docket_input_typed (dict, "capacity", G_VARIANT_TYPE_UINT32, &v, error))
    return FALSE;
  if (v == NULL)
    return TRUE;
  if (g_variant_get_uint32 (v) < 1 || g_variant_get_uint32 (v) > 100)
    return invalid (error, "capacity %u is not a number of cases from 1 to 100",
                    g_variant_get_uint32 (v));
  *out = g_variant_get_uint32 (v);
  return TRUE;
}

/* Those who sit on @date — the decision-maker @dm and the @board — have
 * completed their licensing-hearing training by then (the Statutory
 * Standards, section 4), or @reason says why they sit untrained.
 * @untrained_out: who does not, "" when all have. */
static gboolean
check_training (DocketStore *store, const char *dm, const char * const *board, const char *date,
                const char *reason, char **untrained_out, GError **error)
{
  g_autoptr(GPtrArray) sitting = g_ptr_array_new ();
  g_autofree char *untrained = NULL;

  g_ptr_array_add (sitting, (gpointer) dm);
  for (guint i = 0; board[i]; i++)
    g_ptr_array_add (sitting, (gpointer) board[i]);
  g_ptr_array_add (sitting, NULL);
  untrained = docket_user_store_untrained (store, (const char * const *) sitting->pdata, date, error);
  if (untrained == NULL)
    return FALSE;
  if (*untrained != '\0' && reason == NULL)
    return conflict (error, "%s: no licensing-hearing training recorded as completed by %s; record it, or "
                     "give the reason to sit untrained (untrained-reason)", untrained, date);
  if (*untrained == '\0' && reason != NULL)
    return invalid (error, "untrained-reason is given only when someone sitting is untrained");
  *untrained_out = g_steal_pointer (&untrained);
  return TRUE;
}

/* A hearing moved to @date: its panel trained by then, unless it was
 * scheduled with the reason some sit untrained. */
static gboolean
check_moved_training (DocketStore *store, gint64 id, const char *date, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *untrained = NULL;
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT m.user, h.untrained_reason FROM hearing_members m JOIN hearings h ON h.id = m.hearing_id "
      "WHERE m.hearing_id = ?", error);
  gboolean excused = FALSE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (members, g_strdup (col_text (stmt, 0)));
      excused = col_text (stmt, 1) != NULL;
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading the panel", error);
  g_ptr_array_add (members, NULL);
  untrained = docket_user_store_untrained (store, (const char * const *) members->pdata, date, error);
  if (untrained == NULL)
    return FALSE;
  if (*untrained != '\0' && !excused)
    return conflict (error, "%s: no licensing-hearing training recorded as completed by %s, the new date",
                     untrained, date);
  return TRUE;
}

static gboolean
schedule_in_txn (DocketStore *store, const DocketCaller *caller, GVariant *in,
                 gint64 *id_out, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *date = NULL, *time = NULL, *venue = NULL, *dm = NULL, *vice = NULL;
  g_autofree char *now = docket_store_now ();
  g_autofree char *summary = NULL, *untrained_reason = NULL, *untrained = NULL;
  g_autofree const char **board = NULL;
  g_autoptr(GVariant) board_v = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  gint64 capacity = CAPACITY_DEFAULT, id;
  int mode;

  if (!docket_validate_keys (in, hearing_keys, error) ||
      !docket_input_date (in, "date", NULL, DOCKET_INPUT_NONE, &date, error) ||
      !docket_input_text (in, "time", NULL, 5, DOCKET_INPUT_NONE, &time, error) ||
      !docket_input_text (in, "venue", NULL, 200, DOCKET_INPUT_NONE, &venue, error) ||
      !docket_input_text (in, "decision-maker", NULL, 64, DOCKET_INPUT_NONE, &dm, error) ||
      !docket_input_enum (in, "mode", NULL, docket_hearing_mode_names, &mode, error) ||
      !opt_capacity (in, &capacity, error) ||
      !docket_input_typed (in, "board", G_VARIANT_TYPE_STRING_ARRAY, &board_v, error) ||
      !docket_input_text (in, "vice-chair", NULL, 64, DOCKET_INPUT_NONE, &vice, error) ||
      !docket_input_text (in, "untrained-reason", NULL, 500, DOCKET_INPUT_NONE, &untrained_reason, error))
    return FALSE;
  if (date == NULL)
    return invalid (error, "date is required");
  if (time == NULL)
    return invalid (error, "time is required");
  if (!docket_validate_time ("time", time, error))
    return FALSE;
  if (venue == NULL)
    return invalid (error, "venue is required");
  if (dm == NULL)
    return invalid (error, "decision-maker is required");
  if (mode < 0)
    mode = DOCKET_HEARING_MODE_SOLE;
  if (!docket_hearing_require_role (store, dm, DOCKET_ROLE_DECISION_MAKER, "decision-maker", error))
    return FALSE;

  board = board_v ? g_variant_get_strv (board_v, NULL) : g_new0 (const char *, 1);
  if (g_strv_length ((char **) board) > BOARD_MAX)
    return invalid (error, "board has %u members; at most %d are allowed",
                    g_strv_length ((char **) board), BOARD_MAX);
  for (guint i = 0; board[i]; i++)
    {
      if (!docket_hearing_require_role (store, board[i], DOCKET_ROLE_BOARD_MEMBER, "board member", error))
        return FALSE;
      if (g_str_equal (board[i], dm))
        return invalid (error, "board member %s is also the decision-maker", board[i]);
      for (guint j = 0; j < i; j++)
        if (g_str_equal (board[i], board[j]))
          return invalid (error, "board member %s is named twice", board[i]);
    }
  if (mode == DOCKET_HEARING_MODE_PANEL && g_strv_length ((char **) board) < 2)
    return invalid (error, "a panel needs at least two board members besides the chair");
  /* The vice-chair chairs a case in which the chair declared a
   * prejudicial interest: a member of the panel's board. */
  if (vice != NULL && mode != DOCKET_HEARING_MODE_PANEL)
    return invalid (error, "vice-chair %s: only a panel has a vice-chair", vice);
  if (vice != NULL && !g_strv_contains (board, vice))
    return invalid (error, "vice-chair %s is not one of the board members", vice);
  if (!check_training (store, dm, board, date, untrained_reason, &untrained, error))
    return FALSE;

  id = docket_store_next_id (store, "hearings", error);
  if (id < 0)
    return FALSE;
  stmt = docket_db_prepare (db,
      "INSERT INTO hearings (id, date, time, venue, capacity, mode, decision_maker, state, "
      "created, created_by, modified, vice_chair, untrained_reason) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, time, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, venue, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, capacity);
  sqlite3_bind_text (stmt, 6, docket_hearing_mode_names[mode], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, dm, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, caller->user, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, now, -1, SQLITE_STATIC);
  if (vice)
    sqlite3_bind_text (stmt, 11, vice, -1, SQLITE_STATIC);
  if (untrained_reason)
    sqlite3_bind_text (stmt, 12, untrained_reason, -1, SQLITE_STATIC);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  if (!docket_hearing_add_member (db, id, dm, "decision-maker", error))
    return FALSE;
  for (guint i = 0; board[i]; i++)
    if (!docket_hearing_add_member (db, id, board[i], "board-member", error))
      return FALSE;

  {
    g_autofree char *hid = g_strdup_printf ("hearing %" G_GINT64_FORMAT, id);
    g_autofree char *members = g_strjoinv (", ", (char **) board);
    summary = g_strdup_printf ("scheduled %s %s at %s, %s mode, decision-maker %s, board: %s%s%s%s%s%s%s",
                               date, time, venue, docket_hearing_mode_names[mode], dm,
                               *members ? members : "none", vice ? ", vice-chair " : "", vice ? vice : "",
                               *untrained ? "; sitting untrained: " : "", untrained,
                               *untrained ? ", because: " : "", untrained_reason ? untrained_reason : "");
    if (!docket_audit_store_append (store, caller->user, "hearing.schedule", hid, summary, error))
      return FALSE;
  }
  *id_out = id;
  return TRUE;
}

gint64
docket_hearing_days_schedule (DocketStore         *store,
                              const DocketCaller  *caller,
                              GVariant            *hearing,
                              GError             **error)
{
  gint64 id = 0;

  if (!docket_store_begin_write (store, error))
    return 0;
  if (!docket_store_finish (store, schedule_in_txn (store, caller, hearing, &id, error), error,
                            "New hearing"))
    return 0;
  return id;
}

static gboolean
reschedule_in_txn (DocketStore *store, const DocketCaller *caller, gint64 id,
                   GVariant *changes, const char *reason, GError **error)
{
  static const char * const keys[] = { "date", "time", "venue", "capacity", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketHearingCore) h = { 0 };
  g_autofree char *date = NULL, *time = NULL, *venue = NULL;
  g_autofree char *now = docket_store_now ();
  g_autofree char *obj = docket_hearing_object (id);
  g_autoptr(GString) what = g_string_new (NULL);
  g_autoptr(DocketStmt) stmt = NULL;
  gint64 capacity = -1, listed;
  gboolean decided = FALSE;

  if (!docket_hearing_load (db, id, &h, error) || !docket_hearing_require_open (&h, error))
    return FALSE;
  if (!docket_validate_keys (changes, keys, error) ||
      !docket_input_date (changes, "date", NULL, DOCKET_INPUT_NONE, &date, error) ||
      !docket_input_text (changes, "time", NULL, 5, DOCKET_INPUT_NONE, &time, error) ||
      !docket_input_text (changes, "venue", NULL, 200, DOCKET_INPUT_NONE, &venue, error) ||
      !opt_capacity (changes, &capacity, error))
    return FALSE;
  if (time != NULL && !docket_validate_time ("time", time, error))
    return FALSE;
  if (reason == NULL || *reason == '\0')
    return invalid (error, "a reason for rescheduling is required");
  if (!docket_validate_text ("reason", reason, 500, FALSE, error))
    return FALSE;
  if (date == NULL && time == NULL && venue == NULL && capacity < 0)
    return invalid (error, "nothing to change: give a date, time, venue or capacity");
  if (!docket_hearing_has_decisions (db, id, &decided, error))
    return FALSE;
  if (decided && (date != NULL || time != NULL))
    return conflict (error, "decisions are recorded for this hearing, so its date and time stay");

  listed = docket_hearing_count_cases (db, id, error);
  if (listed < 0)
    return FALSE;
  if (capacity >= 0 && capacity < listed)
    return conflict (error, "capacity %" G_GINT64_FORMAT " is less than the %" G_GINT64_FORMAT
                     " cases listed", capacity, listed);

  if (date != NULL && !g_str_equal (date, h.date))
    {
      g_autoptr(DocketStmt) cases = docket_db_prepare (db,
          "SELECT id, driver_id FROM cases WHERE hearing_id = ?", error);
      int rc;

      if (cases == NULL)
        return FALSE;
      sqlite3_bind_int64 (cases, 1, id);
      while ((rc = sqlite3_step (cases)) == SQLITE_ROW)
        if (!docket_hearing_check_not_listed (db, col_int64 (cases, 1), date,
                               col_int64 (cases, 0), error))
          return FALSE;
      if (rc != SQLITE_DONE)
        return docket_db_set_error (db, rc, "Reading cases", error);
    }
  if (date != NULL && !g_str_equal (date, h.date) && !check_moved_training (store, id, date, error))
    return FALSE;

  stmt = docket_db_prepare (db,
      "UPDATE hearings SET date = COALESCE(?1, date), time = COALESCE(?2, time), "
      "venue = COALESCE(?3, venue), capacity = COALESCE(?4, capacity), state_reason = ?5, "
      "modified = ?6 WHERE id = ?7", error);
  if (stmt == NULL)
    return FALSE;
  if (date)
    sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  if (time)
    sqlite3_bind_text (stmt, 2, time, -1, SQLITE_STATIC);
  if (venue)
    sqlite3_bind_text (stmt, 3, venue, -1, SQLITE_STATIC);
  if (capacity >= 0)
    sqlite3_bind_int64 (stmt, 4, capacity);
  sqlite3_bind_text (stmt, 5, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;

  if (date)
    g_string_append_printf (what, "date %s to %s, ", h.date, date);
  if (time)
    g_string_append_printf (what, "time %s to %s, ", h.time, time);
  if (venue)
    g_string_append_printf (what, "venue to %s, ", venue);
  if (capacity >= 0)
    g_string_append_printf (what, "capacity %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT ", ",
                            h.capacity, capacity);
  g_string_append_printf (what, "because: %s", reason);
  return docket_audit_store_append (store, caller->user, "hearing.reschedule", obj, what->str, error);
}

gboolean
docket_hearing_days_reschedule (DocketStore         *store,
                                const DocketCaller  *caller,
                                gint64               hearing,
                                GVariant            *changes,
                                const char          *reason,
                                GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, reschedule_in_txn (store, caller, hearing, changes, reason, error), error,
                              "Hearing %" G_GINT64_FORMAT, hearing);
}

static gboolean
set_state_in_txn (DocketStore *store, const DocketCaller *caller, gint64 id,
                  const char *state, const char *reason, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketHearingCore) h = { 0 };
  g_autofree char *now = docket_store_now ();
  g_autofree char *obj = docket_hearing_object (id);
  g_autofree char *summary = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  gint64 listed;

  if (!docket_hearing_load (db, id, &h, error) || !docket_hearing_require_open (&h, error))
    return FALSE;
  listed = docket_hearing_count_cases (db, id, error);
  if (listed < 0)
    return FALSE;

  if (g_str_equal (state, "cancelled"))
    {
      if (reason == NULL || *reason == '\0')
        return invalid (error, "a reason for cancelling is required");
      if (!docket_validate_text ("reason", reason, 500, FALSE, error))
        return FALSE;
      if (listed > 0)
        return conflict (error, "it lists %" G_GINT64_FORMAT " case%s: move them to another "
                         "hearing (docketctl case move) before cancelling", listed,
                         listed == 1 ? "" : "s");
      summary = g_strdup_printf ("cancelled: %s", reason);
    }
  else
    {
      g_autoptr(DocketStmt) pending = NULL;
      int rc;

      if (!(caller->roles & R (OFFICER)) &&
          !(g_str_equal (caller->user, h.dm) && (caller->roles & R (DECISION_MAKER))))
        return docket_error_set_named (error,
                          DOCKET_ERROR_ACCESS_DENIED,
                          "Hearing %" G_GINT64_FORMAT ": only its decision-maker (%s) or a "
                       "licensing officer may lock it, not %s",
                          id,
                          h.dm,
                          caller->user);
      if (!docket_hearing_require_held (&h, error))
        return FALSE;
      if (listed == 0)
        return conflict (error, "it lists no cases; cancel it instead");
      pending = docket_db_prepare (db,
          "SELECT COUNT(*), MIN(id) FROM cases WHERE hearing_id = ? AND outcome IS NULL", error);
      if (pending == NULL)
        return FALSE;
      sqlite3_bind_int64 (pending, 1, id);
      rc = sqlite3_step (pending);
      if (rc != SQLITE_ROW)
        return docket_db_set_error (db, rc, "Reading cases", error);
      if (col_int64 (pending, 0) > 0)
        return conflict (error, "%" G_GINT64_FORMAT " case%s undecided (case %" G_GINT64_FORMAT
                         " first): every case needs an outcome before the hearing is locked",
                         col_int64 (pending, 0),
                         col_int64 (pending, 0) == 1 ? " is" : "s are",
                         col_int64 (pending, 1));
      summary = g_strdup_printf ("locked with %" G_GINT64_FORMAT " decided case%s", listed,
                                 listed == 1 ? "" : "s");
    }

  stmt = docket_db_prepare (db,
      "UPDATE hearings SET state = ?1, state_reason = ?2, modified = ?3 WHERE id = ?4", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  if (reason)
    sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  return docket_audit_store_append (store, caller->user,
                                    g_str_equal (state, "cancelled") ? "hearing.cancel" : "hearing.lock",
                                    obj, summary, error);
}

gboolean
docket_hearing_days_cancel (DocketStore         *store,
                            const DocketCaller  *caller,
                            gint64               hearing,
                            const char          *reason,
                            GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, set_state_in_txn (store, caller, hearing, "cancelled", reason, error),
                              error, "Hearing %" G_GINT64_FORMAT, hearing);
}

gboolean
docket_hearing_days_lock (DocketStore         *store,
                          const DocketCaller  *caller,
                          gint64               hearing,
                          GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, set_state_in_txn (store, caller, hearing, "locked", NULL, error),
                              error, "Hearing %" G_GINT64_FORMAT, hearing);
}

static gboolean
set_presence_in_txn (DocketStore *store, const DocketCaller *caller, gint64 id,
                     const char *member, gboolean present, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketHearingCore) h = { 0 };
  g_autofree char *role = NULL;
  g_autofree char *obj = docket_hearing_object (id);
  g_autofree char *summary = NULL;
  g_autoptr(DocketStmt) stmt = NULL;

  if (!docket_hearing_load (db, id, &h, error) || !docket_hearing_require_open (&h, error) || !docket_hearing_require_held (&h, error))
    return FALSE;
  if (!g_utf8_validate (member, -1, NULL) || !docket_hearing_panel_role (db, id, member, &role, NULL, error))
    return FALSE;
  if (role == NULL)
    return invalid (error, "member %s is not on this hearing's panel", member);
  if (!(caller->roles & R (OFFICER)) && !docket_hearing_is_chair (caller, h.dm) &&
      !g_str_equal (caller->user, member))
    return docket_error_set_named (error,
                          DOCKET_ERROR_ACCESS_DENIED,
                          "Hearing %" G_GINT64_FORMAT ": %s may not record the presence of %s",
                          id,
                          caller->user,
                          member);

  stmt = docket_db_prepare (db,
      "UPDATE hearing_members SET present = ?1 WHERE hearing_id = ?2 AND user = ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, present ? 1 : 0);
  sqlite3_bind_int64 (stmt, 2, id);
  sqlite3_bind_text (stmt, 3, member, -1, SQLITE_STATIC);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  summary = g_strdup_printf ("%s %s", member, present ? "present" : "absent");
  return docket_audit_store_append (store, caller->user, "hearing.presence", obj, summary, error);
}

gboolean
docket_hearing_days_set_presence (DocketStore         *store,
                                  const DocketCaller  *caller,
                                  gint64               hearing,
                                  const char          *member,
                                  gboolean             present,
                                  GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, set_presence_in_txn (store, caller, hearing, member, present, error), error,
                              "Hearing %" G_GINT64_FORMAT, hearing);
}
