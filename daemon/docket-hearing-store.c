/* The hearing workflow: hearing days and their panels, the cases listed on
 * them, what happens at the hearing, and the decisions in versions. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-driver-store.h"
#include "docket-effects.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-hearing-store.h"
#include "docket-names.h"
#include "docket-user-store.h"
#include "docket-validate.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64
#define invalid(error, ...)  docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, __VA_ARGS__)
#define denied(error, ...)   docket_error_set (error, DOCKET_ERROR_ACCESS_DENIED, __VA_ARGS__)
#define conflict(error, ...) docket_error_set (error, DOCKET_ERROR_CONFLICT, __VA_ARGS__)

#define R(role) (1u << DOCKET_ROLE_##role)

#define GROUNDS_MAX  4000
#define REPORT_MAX   20000
#define REASONS_MAX  20000
#define BOARD_MAX    20
#define CAPACITY_DEFAULT 7

/* Commits, or rolls back and names the record when the error does not. */
static gboolean
finish (DocketStore *store, gboolean ok, const char *what, gint64 id, GError **error)
{
  if (ok && docket_store_commit (store, error))
    return TRUE;
  docket_store_rollback (store);
  if (error != NULL && *error != NULL &&
      !g_str_has_prefix ((*error)->message, "Hearing ") &&
      !g_str_has_prefix ((*error)->message, "Case ") &&
      !g_str_has_prefix ((*error)->message, "Licence "))
    g_prefix_error (error, "%s %" G_GINT64_FORMAT ": ", what, id);
  return FALSE;
}

/* Input dictionaries ------------------------------------------------------ */

static gboolean
typed (GVariant *dict, const char *key, const GVariantType *type, GVariant **out, GError **error)
{
  g_autoptr(GVariant) v = g_variant_lookup_value (dict, key, NULL);

  *out = NULL;
  if (v == NULL)
    return TRUE;
  if (!g_variant_is_of_type (v, type))
    return invalid (error, "%s must be of type %s, not %s", key, (const char *) type,
                    g_variant_get_type_string (v));
  *out = g_steal_pointer (&v);
  return TRUE;
}

/* A string field, trimmed; NULL when absent or empty. */
static gboolean
opt_text (GVariant *dict, const char *key, guint max, gboolean multiline, char **out, GError **error)
{
  g_autoptr(GVariant) v = NULL;
  g_autofree char *text = NULL;

  *out = NULL;
  if (!typed (dict, key, G_VARIANT_TYPE_STRING, &v, error))
    return FALSE;
  if (v == NULL)
    return TRUE;
  text = g_strstrip (g_variant_dup_string (v, NULL));
  if (!docket_validate_text (key, text, max, multiline, error))
    return FALSE;
  if (*text != '\0')
    *out = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
opt_date (GVariant *dict, const char *key, char **out, GError **error)
{
  if (!opt_text (dict, key, 10, FALSE, out, error))
    return FALSE;
  if (*out != NULL && !docket_validate_date (key, *out, error))
    {
      g_clear_pointer (out, g_free);
      return FALSE;
    }
  return TRUE;
}

static gboolean
opt_enum (GVariant *dict, const char *key, const char * const *names, int *out, GError **error)
{
  g_autofree char *text = NULL;

  *out = -1;
  if (!opt_text (dict, key, 64, FALSE, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  *out = docket_enum_from_string (names, text);
  if (*out < 0)
    {
      g_autofree char *list = docket_enum_describe (names);
      return invalid (error, "%s '%s' is not one of %s", key, text, list);
    }
  return TRUE;
}

static gboolean
opt_bool (GVariant *dict, const char *key, gboolean *out, GError **error)
{
  g_autoptr(GVariant) v = NULL;

  *out = FALSE;
  if (!typed (dict, key, G_VARIANT_TYPE_BOOLEAN, &v, error))
    return FALSE;
  if (v != NULL)
    *out = g_variant_get_boolean (v);
  return TRUE;
}

/* Hearings ---------------------------------------------------------------- */

typedef struct {
  gint64  id;
  char   *date;
  char   *time;
  char   *venue;
  gint64  capacity;
  char   *mode;
  char   *dm;
  char   *state;
} HearingCore;

static void
hearing_core_clear (HearingCore *h)
{
  g_clear_pointer (&h->date, g_free);
  g_clear_pointer (&h->time, g_free);
  g_clear_pointer (&h->venue, g_free);
  g_clear_pointer (&h->mode, g_free);
  g_clear_pointer (&h->dm, g_free);
  g_clear_pointer (&h->state, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HearingCore, hearing_core_clear)

static gboolean
load_hearing (DocketDb *db, gint64 id, HearingCore *h, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT date, time, venue, capacity, mode, decision_maker, state FROM hearings WHERE id = ?",
      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_NOT_FOUND,
                   "Hearing %" G_GINT64_FORMAT ": no such hearing", id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return docket_db_set_error (db, rc, "Reading a hearing", error);
  h->id = id;
  h->date = g_strdup (col_text (stmt, 0));
  h->time = g_strdup (col_text (stmt, 1));
  h->venue = g_strdup (col_text (stmt, 2));
  h->capacity = col_int64 (stmt, 3);
  h->mode = g_strdup (col_text (stmt, 4));
  h->dm = g_strdup (col_text (stmt, 5));
  h->state = g_strdup (col_text (stmt, 6));
  return TRUE;
}

/* Fails unless the hearing is scheduled (neither cancelled nor locked). */
static gboolean
require_open (const HearingCore *h, GError **error)
{
  if (g_str_equal (h->state, "cancelled"))
    return conflict (error, "Hearing %" G_GINT64_FORMAT " of %s was cancelled", h->id, h->date);
  if (g_str_equal (h->state, "locked"))
    return conflict (error, "Hearing %" G_GINT64_FORMAT " of %s is locked: its decisions are final",
                     h->id, h->date);
  return TRUE;
}

/* Fails when the hearing has not happened yet. */
static gboolean
require_held (const HearingCore *h, GError **error)
{
  g_autofree char *today = docket_today ();

  if (strcmp (h->date, today) > 0)
    return conflict (error, "Hearing %" G_GINT64_FORMAT " is on %s, in the future: what happens "
                     "at a hearing is recorded on or after its date", h->id, h->date);
  return TRUE;
}

static gint64
count_cases (DocketDb *db, gint64 hearing, GError **error)
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

static gboolean
check_capacity (DocketDb *db, const HearingCore *h, gint64 adding, GError **error)
{
  gint64 n = count_cases (db, h->id, error);

  if (n < 0)
    return FALSE;
  if (n + adding > h->capacity)
    return conflict (error, "Hearing %" G_GINT64_FORMAT " of %s is full: it lists %" G_GINT64_FORMAT
                     " of %" G_GINT64_FORMAT " cases", h->id, h->date, n, h->capacity);
  return TRUE;
}

/* Fails when @driver is already listed on a hearing (not cancelled) on
 * @date, other than case @except. */
static gboolean
check_not_listed (DocketDb *db, gint64 driver, const char *date, gint64 except, GError **error)
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
    return conflict (error, "Licence %s is already listed on %s (case %" G_GINT64_FORMAT
                     ", hearing %" G_GINT64_FORMAT ")", col_text (stmt, 2), date,
                     col_int64 (stmt, 0), col_int64 (stmt, 1));
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Checking listings", error);
  return TRUE;
}

static gboolean
require_role (DocketStore *store, const char *user, DocketRole role, const char *as, GError **error)
{
  guint roles = 0;

  if (!docket_user_name_validate (user, error))
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

static gboolean
add_member (DocketDb *db, gint64 hearing, const char *user, const char *role, GError **error)
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

static const char * const hearing_keys[] = {
  "date", "time", "venue", "capacity", "mode", "decision-maker", "board", NULL,
};

static gboolean
opt_capacity (GVariant *dict, gint64 *out, GError **error)
{
  g_autoptr(GVariant) v = NULL;

  if (!typed (dict, "capacity", G_VARIANT_TYPE_UINT32, &v, error))
    return FALSE;
  if (v == NULL)
    return TRUE;
  if (g_variant_get_uint32 (v) < 1 || g_variant_get_uint32 (v) > 100)
    return invalid (error, "capacity %u is not a number of cases from 1 to 100",
                    g_variant_get_uint32 (v));
  *out = g_variant_get_uint32 (v);
  return TRUE;
}

static gboolean
schedule_locked (DocketStore *store, const DocketCaller *caller, GVariant *in,
                 gint64 *id_out, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *date = NULL, *time = NULL, *venue = NULL, *dm = NULL;
  g_autofree char *now = docket_store_now ();
  g_autofree char *summary = NULL;
  g_autofree const char **board = NULL;
  g_autoptr(GVariant) board_v = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  gint64 capacity = CAPACITY_DEFAULT, id;
  int mode;

  if (!docket_validate_keys (in, hearing_keys, error) ||
      !opt_date (in, "date", &date, error) ||
      !opt_text (in, "time", 5, FALSE, &time, error) ||
      !opt_text (in, "venue", 200, FALSE, &venue, error) ||
      !opt_text (in, "decision-maker", 64, FALSE, &dm, error) ||
      !opt_enum (in, "mode", docket_hearing_mode_names, &mode, error) ||
      !opt_capacity (in, &capacity, error) ||
      !typed (in, "board", G_VARIANT_TYPE_STRING_ARRAY, &board_v, error))
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
  if (!require_role (store, dm, DOCKET_ROLE_DECISION_MAKER, "decision-maker", error))
    return FALSE;

  board = board_v ? g_variant_get_strv (board_v, NULL) : g_new0 (const char *, 1);
  if (g_strv_length ((char **) board) > BOARD_MAX)
    return invalid (error, "board has %u members; at most %d are allowed",
                    g_strv_length ((char **) board), BOARD_MAX);
  for (guint i = 0; board[i]; i++)
    {
      if (!require_role (store, board[i], DOCKET_ROLE_BOARD_MEMBER, "board member", error))
        return FALSE;
      if (g_str_equal (board[i], dm))
        return invalid (error, "board member %s is also the decision-maker", board[i]);
      for (guint j = 0; j < i; j++)
        if (g_str_equal (board[i], board[j]))
          return invalid (error, "board member %s is named twice", board[i]);
    }
  if (mode == DOCKET_HEARING_MODE_PANEL && g_strv_length ((char **) board) < 2)
    return invalid (error, "a panel needs at least two board members besides the chair");

  id = docket_store_next_id (store, "hearings", error);
  if (id < 0)
    return FALSE;
  stmt = docket_db_prepare (db,
      "INSERT INTO hearings (id, date, time, venue, capacity, mode, decision_maker, state, "
      "created, created_by, modified) VALUES (?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, ?, ?)", error);
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
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  if (!add_member (db, id, dm, "decision-maker", error))
    return FALSE;
  for (guint i = 0; board[i]; i++)
    if (!add_member (db, id, board[i], "board-member", error))
      return FALSE;

  {
    g_autofree char *hid = g_strdup_printf ("hearing %" G_GINT64_FORMAT, id);
    g_autofree char *members = g_strjoinv (", ", (char **) board);
    summary = g_strdup_printf ("scheduled %s %s at %s, %s mode, decision-maker %s, board: %s",
                               date, time, venue, docket_hearing_mode_names[mode], dm,
                               *members ? members : "none");
    if (!docket_audit_store_append (store, caller->user, "hearing.schedule", hid, summary, error))
      return FALSE;
  }
  *id_out = id;
  return TRUE;
}

gint64
docket_hearing_store_schedule (DocketStore         *store,
                               const DocketCaller  *caller,
                               GVariant            *hearing,
                               GError             **error)
{
  gint64 id = 0;

  if (!docket_store_begin_write (store, error))
    return 0;
  if (!finish (store, schedule_locked (store, caller, hearing, &id, error), "New hearing", 0, error))
    {
      if (g_str_has_prefix ((*error)->message, "New hearing 0: "))
        {
          g_autofree char *rest = g_strdup ((*error)->message + strlen ("New hearing 0: "));
          g_free ((*error)->message);
          (*error)->message = g_strdup_printf ("New hearing: %s", rest);
        }
      return 0;
    }
  return id;
}

static char *
hearing_object (gint64 id)
{
  return g_strdup_printf ("hearing %" G_GINT64_FORMAT, id);
}

static gboolean
has_decisions (DocketDb *db, gint64 hearing, gboolean *out, GError **error)
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

static gboolean
reschedule_locked (DocketStore *store, const DocketCaller *caller, gint64 id,
                   GVariant *changes, const char *reason, GError **error)
{
  static const char * const keys[] = { "date", "time", "venue", "capacity", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(HearingCore) h = { 0 };
  g_autofree char *date = NULL, *time = NULL, *venue = NULL;
  g_autofree char *now = docket_store_now ();
  g_autofree char *obj = hearing_object (id);
  g_autoptr(GString) what = g_string_new (NULL);
  g_autoptr(DocketStmt) stmt = NULL;
  gint64 capacity = -1, listed;
  gboolean decided = FALSE;

  if (!load_hearing (db, id, &h, error) || !require_open (&h, error))
    return FALSE;
  if (!docket_validate_keys (changes, keys, error) ||
      !opt_date (changes, "date", &date, error) ||
      !opt_text (changes, "time", 5, FALSE, &time, error) ||
      !opt_text (changes, "venue", 200, FALSE, &venue, error) ||
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
  if (!has_decisions (db, id, &decided, error))
    return FALSE;
  if (decided && (date != NULL || time != NULL))
    return conflict (error, "decisions are recorded for this hearing, so its date and time stay");

  listed = count_cases (db, id, error);
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
        if (!check_not_listed (db, col_int64 (cases, 1), date,
                               col_int64 (cases, 0), error))
          return FALSE;
      if (rc != SQLITE_DONE)
        return docket_db_set_error (db, rc, "Reading cases", error);
    }

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
docket_hearing_store_reschedule (DocketStore         *store,
                                 const DocketCaller  *caller,
                                 gint64               hearing,
                                 GVariant            *changes,
                                 const char          *reason,
                                 GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return finish (store, reschedule_locked (store, caller, hearing, changes, reason, error),
                 "Hearing", hearing, error);
}

static gboolean
set_state_locked (DocketStore *store, const DocketCaller *caller, gint64 id,
                  const char *state, const char *reason, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(HearingCore) h = { 0 };
  g_autofree char *now = docket_store_now ();
  g_autofree char *obj = hearing_object (id);
  g_autofree char *summary = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  gint64 listed;

  if (!load_hearing (db, id, &h, error) || !require_open (&h, error))
    return FALSE;
  listed = count_cases (db, id, error);
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
        return denied (error, "Hearing %" G_GINT64_FORMAT ": only its decision-maker (%s) or a "
                       "licensing officer may lock it, not %s", id, h.dm, caller->user);
      if (!require_held (&h, error))
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
docket_hearing_store_cancel (DocketStore         *store,
                             const DocketCaller  *caller,
                             gint64               hearing,
                             const char          *reason,
                             GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return finish (store, set_state_locked (store, caller, hearing, "cancelled", reason, error),
                 "Hearing", hearing, error);
}

gboolean
docket_hearing_store_lock (DocketStore         *store,
                           const DocketCaller  *caller,
                           gint64               hearing,
                           GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return finish (store, set_state_locked (store, caller, hearing, "locked", NULL, error),
                 "Hearing", hearing, error);
}

/* The member's role on the panel, NULL when not on it; @present -1 when
 * not recorded. */
static gboolean
panel_role (DocketDb *db, gint64 hearing, const char *user, char **role, int *present, GError **error)
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

static gboolean
is_chair (const DocketCaller *caller, const char *dm)
{
  return g_str_equal (caller->user, dm) && (caller->roles & R (DECISION_MAKER));
}

static gboolean
set_presence_locked (DocketStore *store, const DocketCaller *caller, gint64 id,
                     const char *member, gboolean present, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(HearingCore) h = { 0 };
  g_autofree char *role = NULL;
  g_autofree char *obj = hearing_object (id);
  g_autofree char *summary = NULL;
  g_autoptr(DocketStmt) stmt = NULL;

  if (!load_hearing (db, id, &h, error) || !require_open (&h, error) || !require_held (&h, error))
    return FALSE;
  if (!g_utf8_validate (member, -1, NULL) || !panel_role (db, id, member, &role, NULL, error))
    return FALSE;
  if (role == NULL)
    return invalid (error, "member %s is not on this hearing's panel", member);
  if (!(caller->roles & R (OFFICER)) && !is_chair (caller, h.dm) &&
      !g_str_equal (caller->user, member))
    return denied (error, "Hearing %" G_GINT64_FORMAT ": %s may not record the presence of %s",
                   id, caller->user, member);

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
docket_hearing_store_set_presence (DocketStore         *store,
                                   const DocketCaller  *caller,
                                   gint64               hearing,
                                   const char          *member,
                                   gboolean             present,
                                   GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return finish (store, set_presence_locked (store, caller, hearing, member, present, error),
                 "Hearing", hearing, error);
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
docket_hearing_store_load_case (DocketStore     *store,
                                gint64           case_id,
                                DocketCaseCore  *c,
                                GError         **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT c.hearing_id, c.driver_id, d.licence, c.kind, c.outcome, c.decided, c.version, "
      "c.notice_sent, c.status_before, h.date, h.state, h.mode, h.decision_maker "
      "FROM cases c JOIN hearings h ON h.id = c.hearing_id JOIN drivers d ON d.id = c.driver_id "
      "WHERE c.id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_NOT_FOUND,
                   "Case %" G_GINT64_FORMAT ": no such case", case_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return docket_db_set_error (db, rc, "Reading a case", error);
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

static char *
case_object (gint64 id)
{
  return g_strdup_printf ("case %" G_GINT64_FORMAT, id);
}

/* The licence statuses a case of @kind is heard for. */
static gboolean
check_kind_fits_status (DocketCaseKind kind, const char *status, const char *licence, GError **error)
{
  gboolean ok;

  switch (kind)
    {
    case DOCKET_CASE_KIND_APPLICATION:
      ok = g_str_equal (status, "applicant");
      break;
    default:
      ok = g_str_equal (status, "active") || g_str_equal (status, "suspended");
      break;
    }
  if (!ok)
    return conflict (error, "Licence %s has status %s: a%s %s is heard for %s", licence, status,
                     kind == DOCKET_CASE_KIND_APPLICATION ? "n" : "",
                     docket_case_kind_names[kind],
                     kind == DOCKET_CASE_KIND_APPLICATION ? "an applicant"
                                                          : "an active or suspended licence");
  return TRUE;
}

static void
notice_warning (DocketStore *store, const char *hearing_date, const char *notified,
                GPtrArray *warnings)
{
  guint days = docket_store_get_config (store)->notice_days;
  int given;

  if (warnings == NULL)
    return;
  if (notified == NULL)
    {
      g_ptr_array_add (warnings, g_strdup ("the driver has not yet been told of the hearing "
                                           "(record the date with --notified)"));
      return;
    }
  given = docket_date_days_between (notified, hearing_date);
  if (given < (int) days)
    g_ptr_array_add (warnings, g_strdup_printf ("the driver was told of the hearing %d day%s "
                                                "ahead; the notice period is %u days",
                                                given, given == 1 ? "" : "s", days));
}

static gboolean
check_notified (const char *notified, const char *hearing_date, GError **error)
{
  g_autofree char *today = docket_today ();

  if (notified == NULL)
    return TRUE;
  if (strcmp (notified, hearing_date) > 0)
    return invalid (error, "notified date %s is after the hearing date %s", notified, hearing_date);
  if (strcmp (notified, today) > 0)
    return invalid (error, "notified date %s is in the future", notified);
  return TRUE;
}

static gboolean
insert_case (DocketStore *store, const DocketCaller *caller, const HearingCore *h, gint64 driver,
             const char *kind, const char *grounds, const char *report, const char *notified,
             gint64 relisted_from, gint64 *id_out, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *now = docket_store_now ();
  g_autoptr(DocketStmt) stmt = NULL;
  gint64 id = docket_store_next_id (store, "cases", error);

  if (id < 0)
    return FALSE;
  stmt = docket_db_prepare (db,
      "INSERT INTO cases (id, hearing_id, driver_id, kind, relisted_from, notified, created, "
      "created_by, modified, grounds, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, h->id);
  sqlite3_bind_int64 (stmt, 3, driver);
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_STATIC);
  if (relisted_from > 0)
    sqlite3_bind_int64 (stmt, 5, relisted_from);
  if (notified)
    sqlite3_bind_text (stmt, 6, notified, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, caller->user, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, now, -1, SQLITE_STATIC);
  docket_store_bind_encrypted (store, stmt, 10, "cases", "grounds", id, grounds);
  docket_store_bind_encrypted (store, stmt, 11, "cases", "report", id, report);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  *id_out = id;
  return TRUE;
}

gboolean
docket_hearing_store_add_case_locked (DocketStore *store, const DocketCaller *caller, gint64 hearing,
                 const char *licence, GVariant *in, GPtrArray *warnings, gint64 *id_out,
                 GError **error)
{
  static const char * const keys[] = { "kind", "grounds", "report", "notified", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(HearingCore) h = { 0 };
  g_autofree char *grounds = NULL, *report = NULL, *notified = NULL, *status = NULL;
  g_autofree char *summary = NULL, *obj = NULL;
  gint64 driver;
  int kind;

  if (!load_hearing (db, hearing, &h, error) || !require_open (&h, error))
    return FALSE;
  if (!docket_validate_keys (in, keys, error) ||
      !opt_enum (in, "kind", docket_case_kind_names, &kind, error) ||
      !opt_text (in, "grounds", GROUNDS_MAX, TRUE, &grounds, error) ||
      !opt_text (in, "report", REPORT_MAX, TRUE, &report, error) ||
      !opt_date (in, "notified", &notified, error))
    return FALSE;
  if (kind < 0)
    {
      g_autofree char *list = docket_enum_describe (docket_case_kind_names);
      return invalid (error, "kind is required: %s", list);
    }
  if (grounds == NULL)
    return invalid (error, "grounds are required");
  if (!check_notified (notified, h.date, error))
    return FALSE;

  driver = docket_driver_store_lookup (store, licence, error);
  if (driver < 0)
    return FALSE;
  status = docket_driver_store_licence_status (store, driver, error);
  if (status == NULL ||
      !check_kind_fits_status (kind, status, licence, error) ||
      !check_capacity (db, &h, 1, error) ||
      !check_not_listed (db, driver, h.date, 0, error) ||
      !insert_case (store, caller, &h, driver, docket_case_kind_names[kind], grounds, report,
                    notified, 0, id_out, error))
    return FALSE;

  notice_warning (store, h.date, notified, warnings);
  obj = case_object (*id_out);
  summary = g_strdup_printf ("listed licence %s for %s on hearing %" G_GINT64_FORMAT " of %s",
                             licence, docket_case_kind_names[kind], hearing, h.date);
  return docket_audit_store_append (store, caller->user, "case.list", obj, summary, error);
}

gint64
docket_hearing_store_add_case (DocketStore         *store,
                               const DocketCaller  *caller,
                               gint64               hearing,
                               const char          *licence,
                               GVariant            *details,
                               GPtrArray           *warnings,
                               GError             **error)
{
  gint64 id = 0;

  if (!docket_store_begin_write (store, error))
    return 0;
  if (!finish (store, docket_hearing_store_add_case_locked (store, caller, hearing, licence, details, warnings, &id, error),
               "Hearing", hearing, error))
    return 0;
  return id;
}

static gboolean
update_case_locked (DocketStore *store, const DocketCaller *caller, gint64 case_id,
                    GVariant *in, GPtrArray *warnings, GError **error)
{
  static const char * const keys[] = { "grounds", "report", "notified", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_autofree char *grounds = NULL, *report = NULL, *notified = NULL;
  g_autofree char *now = docket_store_now ();
  g_autofree char *obj = case_object (case_id);
  g_autoptr(GString) what = g_string_new ("changed");
  g_autoptr(DocketStmt) stmt = NULL;
  gboolean report_given;

  if (!docket_hearing_store_load_case (store, case_id, &c, error))
    return FALSE;
  if (!docket_validate_keys (in, keys, error) ||
      !opt_text (in, "grounds", GROUNDS_MAX, TRUE, &grounds, error) ||
      !opt_text (in, "report", REPORT_MAX, TRUE, &report, error) ||
      !opt_date (in, "notified", &notified, error))
    return FALSE;
  report_given = g_variant_lookup_value (in, "report", NULL) != NULL;
  if (c.outcome != NULL)
    return conflict (error, "Case %" G_GINT64_FORMAT " is decided (%s): its listing no longer changes",
                     case_id, c.outcome);
  if (g_str_equal (c.hearing_state, "cancelled") || g_str_equal (c.hearing_state, "locked"))
    return conflict (error, "Case %" G_GINT64_FORMAT ": hearing %" G_GINT64_FORMAT " is %s",
                     case_id, c.hearing, c.hearing_state);
  if (g_variant_lookup_value (in, "grounds", NULL) != NULL && grounds == NULL)
    return invalid (error, "grounds cannot be empty");
  if (!check_notified (notified, c.hearing_date, error))
    return FALSE;
  if (grounds == NULL && !report_given && notified == NULL)
    return invalid (error, "nothing to change: give grounds, a report or the notified date");

  if (grounds != NULL)
    {
      stmt = docket_db_prepare (db, "UPDATE cases SET grounds = ? WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      docket_store_bind_encrypted (store, stmt, 1, "cases", "grounds", case_id, grounds);
      sqlite3_bind_int64 (stmt, 2, case_id);
      if (!docket_db_step_done (db, stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, docket_stmt_release);
      g_string_append (what, " grounds");
    }
  if (report_given)
    {
      stmt = docket_db_prepare (db, "UPDATE cases SET report = ? WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      docket_store_bind_encrypted (store, stmt, 1, "cases", "report", case_id, report);
      sqlite3_bind_int64 (stmt, 2, case_id);
      if (!docket_db_step_done (db, stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, docket_stmt_release);
      g_string_append (what, " report");
    }
  if (notified != NULL)
    {
      stmt = docket_db_prepare (db, "UPDATE cases SET notified = ? WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, notified, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, case_id);
      if (!docket_db_step_done (db, stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, docket_stmt_release);
      g_string_append_printf (what, " notified %s", notified);
      notice_warning (store, c.hearing_date, notified, warnings);
    }
  stmt = docket_db_prepare (db, "UPDATE cases SET modified = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, case_id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  return docket_audit_store_append (store, caller->user, "case.update", obj, what->str, error);
}

gboolean
docket_hearing_store_update_case (DocketStore         *store,
                                  const DocketCaller  *caller,
                                  gint64               case_id,
                                  GVariant            *changes,
                                  GPtrArray           *warnings,
                                  GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return finish (store, update_case_locked (store, caller, case_id, changes, warnings, error),
                 "Case", case_id, error);
}

static gboolean
relist_locked (DocketStore *store, const DocketCaller *caller, gint64 case_id, gint64 hearing,
               const char *notified_in, GPtrArray *warnings, gint64 *id_out, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_auto(HearingCore) h = { 0 };
  g_autofree char *grounds = NULL, *report = NULL, *notified = NULL, *status = NULL;
  g_autofree char *obj = NULL, *summary = NULL, *what = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  int rc;

  if (!docket_hearing_store_load_case (store, case_id, &c, error))
    return FALSE;
  if (g_strcmp0 (c.outcome, "deferred") != 0)
    return conflict (error, "Case %" G_GINT64_FORMAT " is %s: only a deferred case is relisted",
                     case_id, c.outcome ? c.outcome : "undecided");
  if (!load_hearing (db, hearing, &h, error) || !require_open (&h, error))
    return FALSE;
  if (strcmp (h.date, c.hearing_date) <= 0)
    return invalid (error, "hearing %" G_GINT64_FORMAT " of %s is not after the hearing of %s "
                    "that deferred the case", hearing, h.date, c.hearing_date);
  if (notified_in != NULL && *notified_in != '\0')
    {
      notified = g_strdup (notified_in);
      if (!docket_validate_date ("notified", notified, error) ||
          !check_notified (notified, h.date, error))
        return FALSE;
    }

  stmt = docket_db_prepare (db, "SELECT id FROM cases WHERE relisted_from = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return conflict (error, "Case %" G_GINT64_FORMAT " is already relisted as case %" G_GINT64_FORMAT,
                     case_id, col_int64 (stmt, 0));
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading cases", error);
  g_clear_pointer (&stmt, docket_stmt_release);

  /* The grounds and report go with the case, encrypted for the new row. */
  stmt = docket_db_prepare (db, "SELECT grounds, report FROM cases WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return docket_db_set_error (db, rc, "Reading a case", error);
  what = g_strdup_printf ("Case %" G_GINT64_FORMAT ": grounds", case_id);
  grounds = docket_store_decrypt_column (store, stmt, 0, "cases", "grounds", case_id, what, error);
  if (grounds == NULL)
    return FALSE;
  g_free (what);
  what = g_strdup_printf ("Case %" G_GINT64_FORMAT ": report", case_id);
  report = docket_store_decrypt_column (store, stmt, 1, "cases", "report", case_id, what, error);
  if (report == NULL && error && *error)
    return FALSE;
  g_clear_pointer (&stmt, docket_stmt_release);

  status = docket_driver_store_licence_status (store, c.driver, error);
  if (status == NULL ||
      !check_kind_fits_status (docket_enum_from_string (docket_case_kind_names, c.kind), status,
                               c.licence, error) ||
      !check_capacity (db, &h, 1, error) ||
      !check_not_listed (db, c.driver, h.date, 0, error) ||
      !insert_case (store, caller, &h, c.driver, c.kind, grounds, report, notified, case_id,
                    id_out, error))
    return FALSE;

  notice_warning (store, h.date, notified, warnings);
  obj = case_object (*id_out);
  summary = g_strdup_printf ("relisted deferred case %" G_GINT64_FORMAT " (licence %s) on hearing %"
                             G_GINT64_FORMAT " of %s", case_id, c.licence, hearing, h.date);
  return docket_audit_store_append (store, caller->user, "case.relist", obj, summary, error);
}

gint64
docket_hearing_store_relist (DocketStore         *store,
                             const DocketCaller  *caller,
                             gint64               case_id,
                             gint64               hearing,
                             const char          *notified,
                             GPtrArray           *warnings,
                             GError             **error)
{
  gint64 id = 0;

  if (!docket_store_begin_write (store, error))
    return 0;
  if (!finish (store, relist_locked (store, caller, case_id, hearing, notified, warnings, &id, error),
               "Case", case_id, error))
    return 0;
  return id;
}

static gboolean
has_case_records (DocketDb *db, gint64 case_id, gboolean *out, GError **error)
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

static gboolean
move_locked (DocketStore *store, const DocketCaller *caller, gint64 case_id, gint64 hearing,
             GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_auto(HearingCore) h = { 0 };
  g_autofree char *obj = case_object (case_id);
  g_autofree char *summary = NULL;
  g_autofree char *now = docket_store_now ();
  g_autoptr(DocketStmt) stmt = NULL;
  gboolean heard = FALSE;

  if (!docket_hearing_store_load_case (store, case_id, &c, error))
    return FALSE;
  if (c.outcome != NULL)
    return conflict (error, "Case %" G_GINT64_FORMAT " is decided (%s); relist a deferred case "
                     "instead of moving it", case_id, c.outcome);
  if (g_str_equal (c.hearing_state, "locked"))
    return conflict (error, "Case %" G_GINT64_FORMAT ": hearing %" G_GINT64_FORMAT " is locked",
                     case_id, c.hearing);
  if (c.hearing == hearing)
    return invalid (error, "the case is already on hearing %" G_GINT64_FORMAT, hearing);
  if (!has_case_records (db, case_id, &heard, error))
    return FALSE;
  if (heard)
    return conflict (error, "Case %" G_GINT64_FORMAT " was already heard in part (attendance or "
                     "declarations recorded): defer it and relist it instead", case_id);
  if (!load_hearing (db, hearing, &h, error) || !require_open (&h, error) ||
      !check_capacity (db, &h, 1, error) ||
      !check_not_listed (db, c.driver, h.date, case_id, error))
    return FALSE;

  stmt = docket_db_prepare (db, "UPDATE cases SET hearing_id = ?, modified = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, hearing);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, case_id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  summary = g_strdup_printf ("moved from hearing %" G_GINT64_FORMAT " of %s to hearing %"
                             G_GINT64_FORMAT " of %s", c.hearing, c.hearing_date, hearing, h.date);
  return docket_audit_store_append (store, caller->user, "case.move", obj, summary, error);
}

gboolean
docket_hearing_store_move_case (DocketStore         *store,
                                const DocketCaller  *caller,
                                gint64               case_id,
                                gint64               hearing,
                                GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return finish (store, move_locked (store, caller, case_id, hearing, error), "Case", case_id, error);
}

/* At the hearing ----------------------------------------------------------- */

/* Loads the case and its hearing, and fails unless the hearing is open and
 * has taken place. */
static gboolean
load_open_case (DocketStore *store, gint64 case_id, DocketCaseCore *c, HearingCore *h,
                GError **error)
{
  return docket_hearing_store_load_case (store, case_id, c, error) &&
         load_hearing (docket_store_get_db (store), c->hearing, h, error) &&
         require_open (h, error) && require_held (h, error);
}

static gboolean
attendance_locked (DocketStore *store, const DocketCaller *caller, gint64 case_id,
                   const char *attendance, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_auto(HearingCore) h = { 0 };
  g_autofree char *obj = case_object (case_id);
  g_autofree char *now = docket_store_now ();
  g_autofree char *summary = NULL;
  g_autoptr(DocketStmt) stmt = NULL;

  if (docket_enum_from_string (docket_attendance_names, attendance) < 0)
    {
      g_autofree char *list = docket_enum_describe (docket_attendance_names);
      g_autofree char *shown = g_utf8_make_valid (attendance, -1);
      return invalid (error, "attendance '%s' is not one of %s", shown, list);
    }
  if (!load_open_case (store, case_id, &c, &h, error))
    return FALSE;
  if (!(caller->roles & R (OFFICER)) && !is_chair (caller, h.dm))
    return denied (error, "Case %" G_GINT64_FORMAT ": only the hearing's decision-maker (%s) or a "
                   "licensing officer records attendance, not %s", case_id, h.dm, caller->user);

  stmt = docket_db_prepare (db, "UPDATE cases SET attendance = ?, modified = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, attendance, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, case_id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  summary = g_strdup_printf ("attendance %s", attendance);
  return docket_audit_store_append (store, caller->user, "case.attendance", obj, summary, error);
}

gboolean
docket_hearing_store_set_attendance (DocketStore         *store,
                                     const DocketCaller  *caller,
                                     gint64               case_id,
                                     const char          *attendance,
                                     GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return finish (store, attendance_locked (store, caller, case_id, attendance, error),
                 "Case", case_id, error);
}

/* Creates the member's row for the case when missing. */
static gboolean
ensure_case_member (DocketDb *db, gint64 case_id, const char *member, GError **error)
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

static gboolean
is_prejudiced (DocketDb *db, gint64 case_id, const char *member, gboolean *out, GError **error)
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

static gboolean
declare_locked (DocketStore *store, const DocketCaller *caller, gint64 case_id, const char *member,
                const char *interest, gboolean prejudicial, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_auto(HearingCore) h = { 0 };
  g_autofree char *role = NULL;
  g_autofree char *obj = case_object (case_id);
  g_autofree char *summary = NULL;
  g_autoptr(DocketStmt) stmt = NULL;

  if (!docket_validate_text ("interest", interest, 2000, TRUE, error))
    return FALSE;
  if (*interest == '\0')
    return invalid (error, "the interest declared is required");
  if (!g_utf8_validate (member, -1, NULL))
    return invalid (error, "member is not valid UTF-8");
  if (!load_open_case (store, case_id, &c, &h, error))
    return FALSE;
  if (c.outcome != NULL)
    return conflict (error, "Case %" G_GINT64_FORMAT " is decided (%s): declarations are made "
                     "before the decision", case_id, c.outcome);
  if (!panel_role (db, c.hearing, member, &role, NULL, error))
    return FALSE;
  if (role == NULL)
    return invalid (error, "member %s is not on the panel of hearing %" G_GINT64_FORMAT,
                    member, c.hearing);
  if (!(caller->roles & R (OFFICER)) && !is_chair (caller, h.dm) &&
      !g_str_equal (caller->user, member))
    return denied (error, "Case %" G_GINT64_FORMAT ": %s may not declare an interest for %s",
                   case_id, caller->user, member);

  if (!ensure_case_member (db, case_id, member, error))
    return FALSE;
  stmt = docket_db_prepare (db,
      "UPDATE case_members SET interest = ?, prejudicial = ? WHERE case_id = ? AND user = ?", error);
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
docket_hearing_store_declare (DocketStore         *store,
                              const DocketCaller  *caller,
                              gint64               case_id,
                              const char          *member,
                              const char          *interest,
                              gboolean             prejudicial,
                              GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return finish (store, declare_locked (store, caller, case_id, member, interest, prejudicial, error),
                 "Case", case_id, error);
}

/* The caller takes part in the case: on the panel, present, no prejudicial
 * interest. */
static gboolean
require_participant (DocketDb *db, const DocketCaller *caller, const DocketCaseCore *c,
                     char **role_out, GError **error)
{
  g_autofree char *role = NULL;
  int present = -1;
  gboolean prejudiced;

  if (!panel_role (db, c->hearing, caller->user, &role, &present, error))
    return FALSE;
  if (role == NULL || !(caller->roles & (R (BOARD_MEMBER) | R (DECISION_MAKER))))
    return denied (error, "Case %" G_GINT64_FORMAT ": %s is not on the panel of hearing %"
                   G_GINT64_FORMAT, c->id, caller->user, c->hearing);
  if (present != 1)
    return conflict (error, "Case %" G_GINT64_FORMAT ": %s is not recorded as present at the "
                     "hearing", c->id, caller->user);
  if (!is_prejudiced (db, c->id, caller->user, &prejudiced, error))
    return FALSE;
  if (prejudiced)
    return conflict (error, "Case %" G_GINT64_FORMAT ": %s declared a prejudicial interest and "
                     "takes no part in this case", c->id, caller->user);
  if (role_out)
    *role_out = g_steal_pointer (&role);
  return TRUE;
}

static gboolean
advise_locked (DocketStore *store, const DocketCaller *caller, gint64 case_id, const char *advice,
               GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_auto(HearingCore) h = { 0 };
  g_autofree char *role = NULL;
  g_autofree char *obj = case_object (case_id);
  g_autoptr(DocketStmt) stmt = NULL;

  if (!docket_validate_text ("advice", advice, REASONS_MAX, TRUE, error))
    return FALSE;
  if (*advice == '\0')
    return invalid (error, "the advice is required");
  if (!load_open_case (store, case_id, &c, &h, error))
    return FALSE;
  if (!g_str_equal (h.mode, "sole"))
    return conflict (error, "Case %" G_GINT64_FORMAT ": hearing %" G_GINT64_FORMAT " decides as a "
                     "panel: members vote (case vote) instead of advising", case_id, c.hearing);
  if (c.outcome != NULL)
    return conflict (error, "Case %" G_GINT64_FORMAT " is decided (%s)", case_id, c.outcome);
  if (!require_participant (db, caller, &c, &role, error))
    return FALSE;
  if (!g_str_equal (role, "board-member"))
    return invalid (error, "the decision-maker decides; board members advise");

  if (!ensure_case_member (db, case_id, caller->user, error))
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
docket_hearing_store_advise (DocketStore         *store,
                             const DocketCaller  *caller,
                             gint64               case_id,
                             const char          *advice,
                             GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return finish (store, advise_locked (store, caller, case_id, advice, error), "Case", case_id, error);
}

static gboolean
check_until (int outcome, const char *until, const char *from, GError **error)
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

static gboolean
vote_locked (DocketStore *store, const DocketCaller *caller, gint64 case_id, const char *outcome_s,
             const char *until, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_auto(HearingCore) h = { 0 };
  g_autofree char *obj = case_object (case_id);
  g_autofree char *summary = NULL;
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
  if (!load_open_case (store, case_id, &c, &h, error))
    return FALSE;
  if (!g_str_equal (h.mode, "panel"))
    return conflict (error, "Case %" G_GINT64_FORMAT ": hearing %" G_GINT64_FORMAT " has a sole "
                     "decision-maker: board members advise (case advise) instead of voting",
                     case_id, c.hearing);
  if (c.outcome != NULL)
    return conflict (error, "Case %" G_GINT64_FORMAT " is decided (%s)", case_id, c.outcome);
  if (!docket_outcome_needs_decision (outcome))
    return invalid (error, "%s needs no vote: it is recorded as it happens", outcome_s);
  if (!docket_outcome_fits_kind (outcome, docket_enum_from_string (docket_case_kind_names, c.kind)))
    {
      g_autofree char *fit = docket_outcomes_for_kind (docket_enum_from_string (docket_case_kind_names, c.kind));
      return invalid (error, "outcome %s does not suit a%s %s; use %s", outcome_s,
                      g_str_equal (c.kind, "application") ? "n" : "", c.kind, fit);
    }
  if (!check_until (outcome, until, h.date, error))
    return FALSE;
  if (!require_participant (db, caller, &c, NULL, error))
    return FALSE;

  if (!ensure_case_member (db, case_id, caller->user, error))
    return FALSE;
  stmt = docket_db_prepare (db,
      "UPDATE case_members SET vote = ?, vote_until = ? WHERE case_id = ? AND user = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, outcome_s, -1, SQLITE_STATIC);
  if (until)
    sqlite3_bind_text (stmt, 2, until, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, case_id);
  sqlite3_bind_text (stmt, 4, caller->user, -1, SQLITE_STATIC);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  summary = g_strdup_printf ("%s voted %s", caller->user, outcome_s);
  return docket_audit_store_append (store, caller->user, "case.vote", obj, summary, error);
}

gboolean
docket_hearing_store_vote (DocketStore         *store,
                           const DocketCaller  *caller,
                           gint64               case_id,
                           const char          *outcome,
                           const char          *until,
                           GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return finish (store, vote_locked (store, caller, case_id, outcome, until, error), "Case", case_id, error);
}

/* Counts the votes of the members entitled to vote: present, without a
 * prejudicial interest. Sets @majority to the winning outcome (the chair's
 * casting vote breaks a tie) and @tally to a description. */
static gboolean
count_votes (DocketDb *db, const DocketCaseCore *c, char **majority, char **tally, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT m.user, m.role, cm.vote FROM hearing_members m "
      "LEFT JOIN case_members cm ON cm.case_id = ?1 AND cm.user = m.user "
      "WHERE m.hearing_id = ?2 AND m.present = 1 AND COALESCE(cm.prejudicial, 0) = 0 "
      "ORDER BY m.user", error);
  guint counts[DOCKET_OUTCOME_WITHDRAWN + 1] = { 0 };
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *chair_vote = NULL;
  guint eligible = 0, best = 0, n_best = 0;
  int winner = -1, rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  sqlite3_bind_int64 (stmt, 2, c->hearing);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *vote = col_text (stmt, 2);

      eligible++;
      if (vote == NULL)
        {
          g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", col_text (stmt, 0));
          continue;
        }
      counts[docket_enum_from_string (docket_outcome_names, vote)]++;
      if (g_str_equal (col_text (stmt, 1), "decision-maker"))
        chair_vote = g_strdup (vote);
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Counting votes", error);
  if (eligible == 0)
    return conflict (error, "Case %" G_GINT64_FORMAT ": no panel member entitled to vote is "
                     "recorded as present", c->id);
  if (missing->len > 0)
    return conflict (error, "Case %" G_GINT64_FORMAT ": not every member entitled to vote has "
                     "voted (waiting for %s)", c->id, missing->str);

  for (guint i = 0; docket_outcome_names[i]; i++)
    {
      if (counts[i] == 0)
        continue;
      g_string_append_printf (text, "%s%u %s", text->len ? ", " : "", counts[i],
                              docket_outcome_names[i]);
      if (counts[i] > best)
        {
          best = counts[i];
          n_best = 1;
          winner = (int) i;
        }
      else if (counts[i] == best)
        n_best++;
    }
  if (n_best > 1)
    {
      int cv = docket_enum_from_string (docket_outcome_names, chair_vote);
      if (cv < 0 || counts[cv] != best)
        return conflict (error, "Case %" G_GINT64_FORMAT ": the votes are tied (%s) and the chair "
                         "has no casting vote between them", c->id, text->str);
      winner = cv;
      g_string_append (text, "; the chair's casting vote decided");
    }
  *majority = g_strdup (docket_outcome_names[winner]);
  *tally = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}

static gboolean
record_locked (DocketStore *store, const DocketCaller *caller, gint64 case_id, GVariant *in,
               guint *version_out, GError **error)
{
  static const char * const keys[] = {
    "outcome", "attendance", "reasons", "alternatives", "until", "decided", "expires",
    "immediate", "justification", "safeguarding", "correction", NULL,
  };
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_auto(HearingCore) h = { 0 };
  g_autofree char *reasons = NULL, *alternatives = NULL, *until = NULL, *decided = NULL;
  g_autofree char *expires = NULL, *justification = NULL, *correction = NULL;
  g_autofree char *today = docket_today ();
  g_autofree char *now = docket_store_now ();
  g_autofree char *tally = NULL, *majority = NULL, *attendance_now = NULL;
  g_autofree char *obj = case_object (case_id);
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(DocketStmt) stmt = NULL;
  gboolean immediate, safeguarding, dm_prejudiced = FALSE;
  int outcome, attendance, kind;
  gint64 decision_id;
  guint version;

  if (!docket_validate_keys (in, keys, error) ||
      !opt_enum (in, "outcome", docket_outcome_names, &outcome, error) ||
      !opt_enum (in, "attendance", docket_attendance_names, &attendance, error) ||
      !opt_text (in, "reasons", REASONS_MAX, TRUE, &reasons, error) ||
      !opt_text (in, "alternatives", REASONS_MAX, TRUE, &alternatives, error) ||
      !opt_date (in, "until", &until, error) ||
      !opt_date (in, "decided", &decided, error) ||
      !opt_date (in, "expires", &expires, error) ||
      !opt_bool (in, "immediate", &immediate, error) ||
      !opt_text (in, "justification", REASONS_MAX, TRUE, &justification, error) ||
      !opt_bool (in, "safeguarding", &safeguarding, error) ||
      !opt_text (in, "correction", 2000, TRUE, &correction, error))
    return FALSE;
  if (outcome < 0)
    {
      g_autofree char *list = docket_enum_describe (docket_outcome_names);
      return invalid (error, "outcome is required: %s", list);
    }
  if (!docket_hearing_store_load_case (store, case_id, &c, error) ||
      !load_hearing (db, c.hearing, &h, error) || !require_open (&h, error) ||
      !require_held (&h, error))
    return FALSE;
  kind = docket_enum_from_string (docket_case_kind_names, c.kind);

  /* What the decision says. */
  if (!docket_outcome_fits_kind (outcome, kind))
    {
      g_autofree char *fit = docket_outcomes_for_kind (kind);
      return invalid (error, "outcome %s does not suit a%s %s; use %s", docket_outcome_names[outcome],
                      kind == DOCKET_CASE_KIND_APPLICATION ? "n" : "", c.kind, fit);
    }
  if (decided == NULL)
    decided = g_strdup (today);
  if (strcmp (decided, h.date) < 0)
    return invalid (error, "decision date %s is before the hearing of %s", decided, h.date);
  if (strcmp (decided, today) > 0)
    return invalid (error, "decision date %s is in the future", decided);
  if (docket_outcome_needs_decision (outcome) && reasons == NULL)
    return invalid (error, "reasons are required for a decision to %s: the statement of "
                    "decision must give them", docket_outcome_names[outcome]);
  if (!check_until (outcome, until, decided, error))
    return FALSE;
  if (immediate && outcome != DOCKET_OUTCOME_SUSPENDED && outcome != DOCKET_OUTCOME_REVOKED)
    return invalid (error, "immediate effect applies only to a suspension or revocation");
  if (immediate && justification == NULL)
    return invalid (error, "immediate effect in the interests of public safety needs a written "
                    "justification");
  if (!immediate && justification != NULL)
    return invalid (error, "a justification is given only with immediate effect");
  if (safeguarding && outcome != DOCKET_OUTCOME_REFUSED && outcome != DOCKET_OUTCOME_SUSPENDED &&
      outcome != DOCKET_OUTCOME_REVOKED)
    return invalid (error, "only a refusal, suspension or revocation is marked as relying on "
                    "safeguarding or road-safety grounds");
  if (expires != NULL && outcome != DOCKET_OUTCOME_GRANTED)
    return invalid (error, "an expiry date is given only when a licence is granted");
  if (expires != NULL && strcmp (expires, decided) <= 0)
    return invalid (error, "expiry date %s is not after the decision date %s", expires, decided);
  if (outcome == DOCKET_OUTCOME_GRANTED && expires == NULL)
    expires = docket_date_add_years (decided, 3);

  /* Attendance is recorded independently of the outcome, but must be known. */
  if (attendance < 0)
    {
      g_autoptr(DocketStmt) a = docket_db_prepare (db, "SELECT attendance FROM cases WHERE id = ?", error);
      if (a == NULL)
        return FALSE;
      sqlite3_bind_int64 (a, 1, case_id);
      if (sqlite3_step (a) == SQLITE_ROW)
        attendance_now = g_strdup (col_text (a, 0));
      if (attendance_now == NULL && outcome != DOCKET_OUTCOME_WITHDRAWN)
        return invalid (error, "attendance is not recorded: give attended, represented or "
                        "did-not-attend");
    }

  /* Versions: a second recording is a correction, with its reason. */
  if (c.version > 0 && correction == NULL)
    return conflict (error, "Case %" G_GINT64_FORMAT " already has a decision (version %u: %s); "
                     "a correction needs a reason (correction)", case_id, c.version, c.outcome);
  if (c.version == 0 && correction != NULL)
    return invalid (error, "there is no decision to correct yet");

  /* Who may decide. */
  if (!is_prejudiced (db, case_id, h.dm, &dm_prejudiced, error))
    return FALSE;
  if (!docket_outcome_needs_decision (outcome))
    {
      if (!(caller->roles & R (OFFICER)) && !is_chair (caller, h.dm))
        return denied (error, "Case %" G_GINT64_FORMAT ": only the hearing's decision-maker (%s) "
                       "or a licensing officer records a %s case, not %s", case_id, h.dm,
                       docket_outcome_names[outcome], caller->user);
    }
  else if (g_str_equal (h.mode, "sole"))
    {
      if (!is_chair (caller, h.dm))
        return denied (error, "Case %" G_GINT64_FORMAT ": only the hearing's decision-maker (%s) "
                       "decides, not %s", case_id, h.dm, caller->user);
      if (dm_prejudiced && outcome != DOCKET_OUTCOME_DEFERRED)
        return conflict (error, "Case %" G_GINT64_FORMAT ": the decision-maker declared a "
                         "prejudicial interest, so the case can only be deferred to another "
                         "decision-maker", case_id);
    }
  else
    {
      if (!is_chair (caller, h.dm) && !(caller->roles & R (OFFICER)))
        return denied (error, "Case %" G_GINT64_FORMAT ": the panel's decision is recorded by "
                       "its chair (%s) or a licensing officer, not %s", case_id, h.dm, caller->user);
      if (!count_votes (db, &c, &majority, &tally, error))
        return FALSE;
      if (!g_str_equal (majority, docket_outcome_names[outcome]))
        return conflict (error, "Case %" G_GINT64_FORMAT ": the panel voted for %s (%s), not %s",
                         case_id, majority, tally, docket_outcome_names[outcome]);
    }

  /* The version. */
  version = c.version + 1;
  decision_id = docket_store_next_id (store, "decisions", error);
  if (decision_id < 0)
    return FALSE;
  stmt = docket_db_prepare (db,
      "INSERT INTO decisions (id, case_id, version, outcome, decided, recorded, recorded_by, "
      "suspend_until, expires, immediate, safeguarding, tally, reasons, alternatives, "
      "justification, correction) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, decision_id);
  sqlite3_bind_int64 (stmt, 2, case_id);
  sqlite3_bind_int (stmt, 3, (int) version);
  sqlite3_bind_text (stmt, 4, docket_outcome_names[outcome], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, decided, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, caller->user, -1, SQLITE_STATIC);
  if (until)
    sqlite3_bind_text (stmt, 8, until, -1, SQLITE_STATIC);
  if (expires)
    sqlite3_bind_text (stmt, 9, expires, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 10, immediate ? 1 : 0);
  sqlite3_bind_int (stmt, 11, safeguarding ? 1 : 0);
  if (tally)
    sqlite3_bind_text (stmt, 12, tally, -1, SQLITE_STATIC);
  docket_store_bind_encrypted (store, stmt, 13, "decisions", "reasons", decision_id, reasons);
  docket_store_bind_encrypted (store, stmt, 14, "decisions", "alternatives", decision_id, alternatives);
  docket_store_bind_encrypted (store, stmt, 15, "decisions", "justification", decision_id, justification);
  docket_store_bind_encrypted (store, stmt, 16, "decisions", "correction", decision_id, correction);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, docket_stmt_release);

  stmt = docket_db_prepare (db,
      "UPDATE cases SET outcome = ?1, decided = ?2, version = ?3, "
      "attendance = COALESCE(?4, attendance), modified = ?5 WHERE id = ?6", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, docket_outcome_names[outcome], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, decided, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, (int) version);
  if (attendance >= 0)
    sqlite3_bind_text (stmt, 4, docket_attendance_names[attendance], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, case_id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, docket_stmt_release);

  /* A sole decision-maker who decides is present. */
  if (is_chair (caller, h.dm))
    {
      stmt = docket_db_prepare (db, "UPDATE hearing_members SET present = 1 "
                                "WHERE hearing_id = ? AND user = ? AND present IS NULL", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, c.hearing);
      sqlite3_bind_text (stmt, 2, caller->user, -1, SQLITE_STATIC);
      if (!docket_db_step_done (db, stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, docket_stmt_release);
    }

  g_string_append_printf (summary, "version %u: %s, decided %s", version,
                          docket_outcome_names[outcome], decided);
  if (until)
    g_string_append_printf (summary, ", until %s", until);
  if (immediate)
    g_string_append (summary, ", immediate effect");
  if (safeguarding)
    g_string_append (summary, ", safeguarding grounds");
  if (tally)
    g_string_append_printf (summary, ", votes: %s", tally);
  if (correction)
    g_string_append (summary, " (correction)");
  if (!docket_audit_store_append (store, caller->user, "case.decide", obj, summary->str, error))
    return FALSE;

  {
    DocketDecisionEffect effect = {
      .outcome = docket_outcome_names[outcome],
      .decided = decided,
      .until = until,
      .expires = expires,
      .immediate = immediate,
      .safeguarding = safeguarding,
    };
    if (!docket_effects_decide (store, caller->user, &c, &effect, error))
      return FALSE;
  }
  *version_out = version;
  return TRUE;
}

guint
docket_hearing_store_record (DocketStore         *store,
                             const DocketCaller  *caller,
                             gint64               case_id,
                             GVariant            *decision,
                             GError             **error)
{
  guint version = 0;

  if (!docket_store_begin_write (store, error))
    return 0;
  if (!finish (store, record_locked (store, caller, case_id, decision, &version, error),
               "Case", case_id, error))
    return 0;
  return version;
}

/* Reading ------------------------------------------------------------------ */

static void
add_str (GVariantBuilder *b, const char *key, const char *value)
{
  if (value != NULL)
    g_variant_builder_add (b, "{sv}", key, g_variant_new_string (value));
}

static void
add_col (GVariantBuilder *b, const char *key, sqlite3_stmt *stmt, int col)
{
  add_str (b, key, col_text (stmt, col));
}

#define CASE_SUMMARY_COLUMNS \
  "c.id, c.hearing_id, d.licence, d.full_name, c.kind, c.notified, c.attendance, c.outcome, " \
  "c.decided, c.version, c.notice_sent, c.relisted_from, h.date, d.status, " \
  "(SELECT r.id FROM cases r WHERE r.relisted_from = c.id), " \
  "(SELECT a.result FROM appeals a WHERE a.case_id = c.id), " \
  "(SELECT a.lodged FROM appeals a WHERE a.case_id = c.id)"

static GVariant *
case_summary (sqlite3_stmt *stmt)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&b, "{sv}", "id", g_variant_new_int64 (col_int64 (stmt, 0)));
  g_variant_builder_add (&b, "{sv}", "hearing", g_variant_new_int64 (col_int64 (stmt, 1)));
  add_col (&b, "licence", stmt, 2);
  add_col (&b, "name", stmt, 3);
  add_col (&b, "kind", stmt, 4);
  add_col (&b, "notified", stmt, 5);
  add_col (&b, "attendance", stmt, 6);
  add_str (&b, "outcome", col_text (stmt, 7) ? col_text (stmt, 7) : "pending");
  add_col (&b, "decided", stmt, 8);
  g_variant_builder_add (&b, "{sv}", "version", g_variant_new_uint32 ((guint32) sqlite3_column_int (stmt, 9)));
  add_col (&b, "notice-sent", stmt, 10);
  if (sqlite3_column_type (stmt, 11) != SQLITE_NULL)
    g_variant_builder_add (&b, "{sv}", "relisted-from", g_variant_new_int64 (col_int64 (stmt, 11)));
  add_col (&b, "hearing-date", stmt, 12);
  add_col (&b, "licence-status", stmt, 13);
  if (sqlite3_column_type (stmt, 14) != SQLITE_NULL)
    g_variant_builder_add (&b, "{sv}", "relisted-as", g_variant_new_int64 (col_int64 (stmt, 14)));
  if (sqlite3_column_type (stmt, 16) != SQLITE_NULL)
    add_str (&b, "appeal", col_text (stmt, 15) ? col_text (stmt, 15) : "lodged");
  return g_variant_builder_end (&b);
}

static gboolean
add_hearing_fields (DocketDb *db, GVariantBuilder *b, sqlite3_stmt *stmt, gboolean with_cases,
                    GError **error)
{
  gint64 id = col_int64 (stmt, 0);
  g_auto(GVariantBuilder) board = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(DocketStmt) members = NULL;
  int rc;

  g_variant_builder_add (b, "{sv}", "id", g_variant_new_int64 (id));
  add_col (b, "date", stmt, 1);
  add_col (b, "time", stmt, 2);
  add_col (b, "venue", stmt, 3);
  g_variant_builder_add (b, "{sv}", "capacity", g_variant_new_uint32 ((guint32) sqlite3_column_int (stmt, 4)));
  add_col (b, "mode", stmt, 5);
  add_col (b, "decision-maker", stmt, 6);
  add_col (b, "state", stmt, 7);
  add_col (b, "state-reason", stmt, 8);
  g_variant_builder_add (b, "{sv}", "listed", g_variant_new_uint32 ((guint32) sqlite3_column_int (stmt, 9)));
  g_variant_builder_add (b, "{sv}", "decided", g_variant_new_uint32 ((guint32) sqlite3_column_int (stmt, 10)));

  members = docket_db_prepare (db, "SELECT user, role, present FROM hearing_members "
                               "WHERE hearing_id = ? ORDER BY role DESC, user", error);
  if (members == NULL)
    return FALSE;
  sqlite3_bind_int64 (members, 1, id);
  while ((rc = sqlite3_step (members)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) m = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      add_col (&m, "user", members, 0);
      add_col (&m, "role", members, 1);
      if (sqlite3_column_type (members, 2) != SQLITE_NULL)
        g_variant_builder_add (&m, "{sv}", "present", g_variant_new_boolean (sqlite3_column_int (members, 2)));
      g_variant_builder_add_value (&board, g_variant_builder_end (&m));
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading the panel", error);
  g_variant_builder_add (b, "{sv}", "panel", g_variant_builder_end (&board));

  if (with_cases)
    {
      g_auto(GVariantBuilder) cases = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
      g_autoptr(DocketStmt) cs = docket_db_prepare (db,
          "SELECT " CASE_SUMMARY_COLUMNS " FROM cases c JOIN drivers d ON d.id = c.driver_id "
          "JOIN hearings h ON h.id = c.hearing_id WHERE c.hearing_id = ? ORDER BY c.id", error);
      if (cs == NULL)
        return FALSE;
      sqlite3_bind_int64 (cs, 1, id);
      while ((rc = sqlite3_step (cs)) == SQLITE_ROW)
        g_variant_builder_add_value (&cases, case_summary (cs));
      if (rc != SQLITE_DONE)
        return docket_db_set_error (db, rc, "Reading cases", error);
      g_variant_builder_add (b, "{sv}", "cases", g_variant_builder_end (&cases));
    }
  return TRUE;
}

#define HEARING_COLUMNS \
  "h.id, h.date, h.time, h.venue, h.capacity, h.mode, h.decision_maker, h.state, h.state_reason, " \
  "(SELECT COUNT(*) FROM cases c WHERE c.hearing_id = h.id), " \
  "(SELECT COUNT(*) FROM cases c WHERE c.hearing_id = h.id AND c.outcome IS NOT NULL)"

GVariant *
docket_hearing_store_get (DocketStore  *store,
                          gint64        hearing,
                          GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT " HEARING_COLUMNS " FROM hearings h WHERE h.id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, hearing);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_NOT_FOUND,
                   "Hearing %" G_GINT64_FORMAT ": no such hearing", hearing);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Reading a hearing", error);
      return NULL;
    }
  if (!add_hearing_fields (db, &b, stmt, TRUE, error))
    return NULL;
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

GVariant *
docket_hearing_store_list (DocketStore  *store,
                           GVariant     *query,
                           GError      **error)
{
  static const char * const keys[] = { "from", "to", "state", "member", "limit", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) out = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *from = NULL, *to = NULL, *member = NULL;
  g_autoptr(GVariant) limit_v = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  guint32 limit = 500;
  int state, rc;

  if (!docket_validate_keys (query, keys, error) ||
      !opt_date (query, "from", &from, error) ||
      !opt_date (query, "to", &to, error) ||
      !opt_enum (query, "state", docket_hearing_state_names, &state, error) ||
      !opt_text (query, "member", 64, FALSE, &member, error) ||
      !typed (query, "limit", G_VARIANT_TYPE_UINT32, &limit_v, error))
    {
      g_prefix_error (error, "Hearing list: ");
      return NULL;
    }
  if (limit_v != NULL)
    limit = CLAMP (g_variant_get_uint32 (limit_v), 1, 5000);

  stmt = docket_db_prepare (db,
      "SELECT " HEARING_COLUMNS " FROM hearings h "
      "WHERE (?1 IS NULL OR h.date >= ?1) AND (?2 IS NULL OR h.date <= ?2) "
      "AND (?3 IS NULL OR h.state = ?3) "
      "AND (?4 IS NULL OR EXISTS (SELECT 1 FROM hearing_members m WHERE m.hearing_id = h.id AND m.user = ?4)) "
      "ORDER BY h.date, h.time, h.id LIMIT ?5", error);
  if (stmt == NULL)
    return NULL;
  if (from)
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  if (to)
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  if (state >= 0)
    sqlite3_bind_text (stmt, 3, docket_hearing_state_names[state], -1, SQLITE_STATIC);
  if (member)
    sqlite3_bind_text (stmt, 4, member, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, (int) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      if (!add_hearing_fields (db, &b, stmt, FALSE, error))
        return NULL;
      g_variant_builder_add_value (&out, g_variant_builder_end (&b));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Listing hearings", error);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_builder_end (&out));
}

static gboolean
add_secret (DocketStore *store, GVariantBuilder *b, const char *key, sqlite3_stmt *stmt, int col,
            const char *table, const char *column, gint64 id, const char *what, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *plain = docket_store_decrypt_column (store, stmt, col, table, column, id, what, &local);

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  add_str (b, key, plain);
  return TRUE;
}

static GVariant *
read_decisions (DocketStore *store, gint64 case_id, gboolean sensitive, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT id, version, outcome, decided, recorded, recorded_by, suspend_until, expires, "
      "immediate, safeguarding, tally, reasons, alternatives, justification, correction "
      "FROM decisions WHERE case_id = ? ORDER BY version", error);
  static const char * const secrets[] = { "reasons", "alternatives", "justification", "correction" };
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) d = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      gint64 id = col_int64 (stmt, 0);

      g_variant_builder_add (&d, "{sv}", "version", g_variant_new_uint32 ((guint32) sqlite3_column_int (stmt, 1)));
      add_col (&d, "outcome", stmt, 2);
      add_col (&d, "decided", stmt, 3);
      add_col (&d, "recorded", stmt, 4);
      add_col (&d, "recorded-by", stmt, 5);
      add_col (&d, "until", stmt, 6);
      add_col (&d, "expires", stmt, 7);
      g_variant_builder_add (&d, "{sv}", "immediate", g_variant_new_boolean (sqlite3_column_int (stmt, 8)));
      g_variant_builder_add (&d, "{sv}", "safeguarding", g_variant_new_boolean (sqlite3_column_int (stmt, 9)));
      add_col (&d, "tally", stmt, 10);
      for (guint i = 0; sensitive && i < G_N_ELEMENTS (secrets); i++)
        {
          g_autofree char *what = g_strdup_printf ("Case %" G_GINT64_FORMAT ": decision version %d %s",
                                                   case_id, sqlite3_column_int (stmt, 1), secrets[i]);
          if (!add_secret (store, &d, secrets[i], stmt, 11 + (int) i, "decisions", secrets[i], id, what, error))
            return NULL;
        }
      g_variant_builder_add_value (&list, g_variant_builder_end (&d));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading decisions", error);
      return NULL;
    }
  return g_variant_builder_end (&list);
}

static GVariant *
read_members (DocketStore *store, gint64 case_id, gint64 hearing, gboolean sensitive, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT m.user, m.role, m.present, cm.prejudicial, cm.vote, cm.vote_until, cm.interest, "
      "cm.advice FROM hearing_members m LEFT JOIN case_members cm "
      "ON cm.case_id = ?1 AND cm.user = m.user WHERE m.hearing_id = ?2 ORDER BY m.role DESC, m.user",
      error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, hearing);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) m = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      const char *user = col_text (stmt, 0);

      add_str (&m, "user", user);
      add_col (&m, "role", stmt, 1);
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        g_variant_builder_add (&m, "{sv}", "present", g_variant_new_boolean (sqlite3_column_int (stmt, 2)));
      g_variant_builder_add (&m, "{sv}", "prejudicial", g_variant_new_boolean (sqlite3_column_int (stmt, 3)));
      g_variant_builder_add (&m, "{sv}", "declared",
                             g_variant_new_boolean (sqlite3_column_type (stmt, 6) != SQLITE_NULL));
      g_variant_builder_add (&m, "{sv}", "advised",
                             g_variant_new_boolean (sqlite3_column_type (stmt, 7) != SQLITE_NULL));
      add_col (&m, "vote", stmt, 4);
      add_col (&m, "vote-until", stmt, 5);
      if (sensitive)
        {
          g_autofree char *what = g_strdup_printf ("Case %" G_GINT64_FORMAT ": %s's declaration", case_id, user);
          g_autofree char *advice_col = g_strdup_printf ("advice:%s", user);
          if (!add_secret (store, &m, "interest", stmt, 6, "case_members", user, case_id, what, error))
            return NULL;
          g_free (what);
          what = g_strdup_printf ("Case %" G_GINT64_FORMAT ": %s's advice", case_id, user);
          if (!add_secret (store, &m, "advice", stmt, 7, "case_members", advice_col, case_id, what, error))
            return NULL;
        }
      g_variant_builder_add_value (&list, g_variant_builder_end (&m));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading the panel", error);
      return NULL;
    }
  return g_variant_builder_end (&list);
}

GVariant *
docket_hearing_store_get_case (DocketStore         *store,
                               const DocketCaller  *caller,
                               gint64               case_id,
                               gboolean             sensitive,
                               GError             **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(DocketStmt) stmt = NULL;
  GVariant *part;
  GVariantIter iter;
  const char *key;
  GVariant *value;
  gint64 hearing;
  int rc;

  if (sensitive)
    {
      g_autofree char *obj = case_object (case_id);
      g_auto(DocketCaseCore) c = { 0 };

      /* The reading is recorded, and durable, before anything is shown. */
      if (!docket_store_begin_write (store, error))
        return NULL;
      if (!docket_hearing_store_load_case (store, case_id, &c, error) ||
          !docket_audit_store_append (store, caller->user, "case.read-sensitive", obj,
                                      "read report, grounds and reasons", error) ||
          !docket_store_commit (store, error))
        {
          docket_store_rollback (store);
          return NULL;
        }
    }

  stmt = docket_db_prepare (db,
      "SELECT " CASE_SUMMARY_COLUMNS ", c.grounds, c.report, h.time, h.venue, h.mode, "
      "h.decision_maker, h.state FROM cases c JOIN drivers d ON d.id = c.driver_id "
      "JOIN hearings h ON h.id = c.hearing_id WHERE c.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_NOT_FOUND,
                   "Case %" G_GINT64_FORMAT ": no such case", case_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Reading a case", error);
      return NULL;
    }
  hearing = col_int64 (stmt, 1);
  part = case_summary (stmt);
  g_variant_iter_init (&iter, part);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_variant_builder_add (&b, "{sv}", key, value);
      g_variant_unref (value);
    }
  g_variant_unref (g_variant_ref_sink (part));
  add_col (&b, "hearing-time", stmt, 19);
  add_col (&b, "venue", stmt, 20);
  add_col (&b, "mode", stmt, 21);
  add_col (&b, "decision-maker", stmt, 22);
  add_col (&b, "hearing-state", stmt, 23);
  if (sensitive)
    {
      g_autofree char *w1 = g_strdup_printf ("Case %" G_GINT64_FORMAT ": grounds", case_id);
      g_autofree char *w2 = g_strdup_printf ("Case %" G_GINT64_FORMAT ": report", case_id);
      if (!add_secret (store, &b, "grounds", stmt, 17, "cases", "grounds", case_id, w1, error) ||
          !add_secret (store, &b, "report", stmt, 18, "cases", "report", case_id, w2, error))
        return NULL;
    }
  g_clear_pointer (&stmt, docket_stmt_release);

  part = read_members (store, case_id, hearing, sensitive, error);
  if (part == NULL)
    return NULL;
  g_variant_builder_add (&b, "{sv}", "panel", part);
  part = read_decisions (store, case_id, sensitive, error);
  if (part == NULL)
    return NULL;
  g_variant_builder_add (&b, "{sv}", "decisions", part);
  part = docket_effects_for_case (store, case_id, error);
  if (part == NULL)
    return NULL;
  g_variant_builder_add (&b, "{sv}", "effects", part);
  part = docket_effects_appeal (store, case_id, error);
  if (part == NULL)
    return NULL;
  g_variant_builder_add (&b, "{sv}", "appeal", part);
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

GVariant *
docket_hearing_store_driver_cases (DocketStore  *store,
                                   gint64        driver,
                                   GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT " CASE_SUMMARY_COLUMNS " FROM cases c JOIN drivers d ON d.id = c.driver_id "
      "JOIN hearings h ON h.id = c.hearing_id WHERE c.driver_id = ? ORDER BY h.date DESC, c.id DESC",
      error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, driver);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_variant_builder_add_value (&list, case_summary (stmt));
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading cases", error);
      return NULL;
    }
  return g_variant_builder_end (&list);
}
