/* Listing cases on hearings: adding, changing, relisting a deferred case,
 * moving an undecided one, and recording the driver's attendance. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-input.h"
#include "docket-names.h"
#include "docket-validate.h"
#include "docket-driver-store.h"
#include "docket-effects.h"
#include "docket-listing.h"
#include "docket-hearing-rules.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64
#define invalid(error, ...)  docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, __VA_ARGS__)
#define denied(error, ...)   docket_error_set (error, DOCKET_ERROR_ACCESS_DENIED, __VA_ARGS__)
#define conflict(error, ...) docket_error_set (error, DOCKET_ERROR_CONFLICT, __VA_ARGS__)

#define R(role) (1u << DOCKET_ROLE_##role)

#define GROUNDS_MAX  4000

#define REPORT_MAX   20000

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
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Licence %s has status %s: a%s %s is heard for %s",
                          licence,
                          status,
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

/* The notice of the hearing: @in's notified (the day it was handed over,
 * posted or emailed), notified-method (hand, the default; post; email)
 * and notified-time (an email's); @out the day it is deemed given, from
 * which the notice period counts, not after the hearing. */
typedef struct {
  char *posted;
  char *method;
  char *time;
  char *served;
} HearingNotice;

static void
hearing_notice_clear (HearingNotice *n)
{
  g_clear_pointer (&n->posted, g_free);
  g_clear_pointer (&n->method, g_free);
  g_clear_pointer (&n->time, g_free);
  g_clear_pointer (&n->served, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HearingNotice, hearing_notice_clear)

static gboolean
read_notified (DocketStore *store, GVariant *in, const char *hearing_date, HearingNotice *n, GError **error)
{
  static const char * const methods[] = { "hand", "post", "email", NULL };
  g_autofree char *today = docket_today ();
  int method = -1;

  if (!docket_input_date (in, "notified", NULL, DOCKET_INPUT_NONE, &n->posted, error) ||
      !docket_input_enum (in, "notified-method", NULL, methods, &method, error) ||
      !docket_input_text (in, "notified-time", NULL, 5, DOCKET_INPUT_NONE, &n->time, error))
    return FALSE;
  if (n->posted == NULL)
    {
      if (method >= 0 || n->time != NULL)
        return invalid (error, "notified-method and notified-time go with the notified date");
      return TRUE;
    }
  n->method = g_strdup (methods[method < 0 ? 0 : method]);
  if (n->time != NULL && method != 2)
    return invalid (error, "notified-time is given only for a notice sent by email");
  if (method == 2 && n->time == NULL)
    return invalid (error, "a notice sent by email needs notified-time (HH:MM): after 16:30 it is given the "
                    "next working day");
  if (n->time != NULL && !docket_validate_time ("notified-time", n->time, error))
    return FALSE;
  if (strcmp (n->posted, today) > 0)
    return invalid (error, "notified date %s is in the future", n->posted);
  n->served = docket_effects_served_date (n->posted, n->method, n->time,
                                          &docket_store_get_config (store)->holidays);
  if (strcmp (n->served, hearing_date) > 0)
    {
      if (g_str_equal (n->served, n->posted))
        return invalid (error, "notified date %s is after the hearing date %s", n->posted, hearing_date);
      return invalid (error, "the notice sent on %s is given on %s, after the hearing date %s", n->posted,
                      n->served, hearing_date);
    }
  return TRUE;
}

/* A notice handed over on @notified, as relisting records it. */
static gboolean
check_notified (const char *notified, const char *hearing_date, GError **error)
{
  g_autofree char *today = docket_today ();

  if (strcmp (notified, hearing_date) > 0)
    return invalid (error, "notified date %s is after the hearing date %s", notified, hearing_date);
  if (strcmp (notified, today) > 0)
    return invalid (error, "notified date %s is in the future", notified);
  return TRUE;
}

static gboolean
save_notified (DocketDb *db, gint64 case_id, const HearingNotice *n, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, "UPDATE cases SET notified = ?, notified_posted = ?, "
                                                  "notified_method = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, n->served, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, n->posted, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, n->method, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, case_id);
  return docket_db_step_done (db, stmt, error);
}

static gboolean
insert_case (DocketStore *store, const DocketCaller *caller, const DocketHearingCore *h, gint64 driver,
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
docket_listing_add_case_in_txn (DocketStore *store, const DocketCaller *caller, gint64 hearing,
                                const char *licence, GVariant *in, GPtrArray *warnings, gint64 *id_out,
                                GError **error)
{
  static const char * const keys[] = { "kind", "grounds", "report", "notified", "notified-method",
                                       "notified-time", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketHearingCore) h = { 0 };
  g_auto(HearingNotice) notice = { 0 };
  g_autofree char *grounds = NULL, *report = NULL, *status = NULL;
  g_autofree char *summary = NULL, *obj = NULL;
  gint64 driver;
  int kind;

  if (!docket_hearing_load (db, hearing, &h, error) || !docket_hearing_require_open (&h, error))
    return FALSE;
  if (!docket_validate_keys (in, keys, error) ||
      !docket_input_enum (in, "kind", NULL, docket_case_kind_names, &kind, error) ||
      !docket_input_text (in, "grounds", NULL, GROUNDS_MAX, DOCKET_INPUT_MULTILINE, &grounds, error) ||
      !docket_input_text (in, "report", NULL, REPORT_MAX, DOCKET_INPUT_MULTILINE, &report, error))
    return FALSE;
  if (kind < 0)
    {
      g_autofree char *list = docket_enum_describe (docket_case_kind_names);
      return invalid (error, "kind is required: %s", list);
    }
  if (grounds == NULL)
    return invalid (error, "grounds are required");
  if (!read_notified (store, in, h.date, &notice, error))
    return FALSE;

  driver = docket_driver_store_lookup (store, licence, error);
  if (driver < 0)
    return FALSE;
  status = docket_driver_store_licence_status (store, driver, error);
  if (status == NULL ||
      !check_kind_fits_status (kind, status, licence, error) ||
      !docket_hearing_check_capacity (db, &h, 1, error) ||
      !docket_hearing_check_not_listed (db, driver, h.date, 0, error) ||
      !insert_case (store, caller, &h, driver, docket_case_kind_names[kind], grounds, report,
                    NULL, 0, id_out, error) ||
      (notice.served != NULL && !save_notified (db, *id_out, &notice, error)))
    return FALSE;

  notice_warning (store, h.date, notice.served, warnings);
  obj = docket_case_object (*id_out);
  summary = g_strdup_printf ("listed licence %s for %s on hearing %" G_GINT64_FORMAT " of %s",
                             licence, docket_case_kind_names[kind], hearing, h.date);
  return docket_audit_store_append (store, caller->user, "case.list", obj, summary, error);
}

gint64
docket_listing_add_case (DocketStore         *store,
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
  if (!docket_store_finish (store, docket_listing_add_case_in_txn (store, caller, hearing, licence, details, warnings, &id, error), error,
                              "Hearing %" G_GINT64_FORMAT, hearing))
    return 0;
  return id;
}

static gboolean
update_case_in_txn (DocketStore *store, const DocketCaller *caller, gint64 case_id,
                    GVariant *in, GPtrArray *warnings, GError **error)
{
  static const char * const keys[] = { "grounds", "report", "notified", "notified-method", "notified-time", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_auto(HearingNotice) notice = { 0 };
  g_autofree char *grounds = NULL, *report = NULL;
  g_autofree char *now = docket_store_now ();
  g_autofree char *obj = docket_case_object (case_id);
  g_autoptr(GString) what = g_string_new ("changed");
  g_autoptr(DocketStmt) stmt = NULL;
  gboolean report_given;

  if (!docket_case_load (store, case_id, &c, error))
    return FALSE;
  if (!docket_validate_keys (in, keys, error) ||
      !docket_input_text (in, "grounds", NULL, GROUNDS_MAX, DOCKET_INPUT_MULTILINE, &grounds, error) ||
      !docket_input_text (in, "report", NULL, REPORT_MAX, DOCKET_INPUT_MULTILINE, &report, error))
    return FALSE;
  report_given = g_variant_lookup_value (in, "report", NULL) != NULL;
  if (c.outcome != NULL)
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT " is decided (%s): its listing no longer changes",
                          case_id,
                          c.outcome);
  if (g_str_equal (c.hearing_state, "cancelled") || g_str_equal (c.hearing_state, "locked"))
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT ": hearing %" G_GINT64_FORMAT " is %s",
                          case_id,
                          c.hearing,
                          c.hearing_state);
  if (g_variant_lookup_value (in, "grounds", NULL) != NULL && grounds == NULL)
    return invalid (error, "grounds cannot be empty");
  if (!read_notified (store, in, c.hearing_date, &notice, error))
    return FALSE;
  if (grounds == NULL && !report_given && notice.served == NULL)
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
  if (notice.served != NULL)
    {
      if (!save_notified (db, case_id, &notice, error))
        return FALSE;
      g_string_append_printf (what, " notified %s", notice.served);
      if (!g_str_equal (notice.method, "hand"))
        g_string_append_printf (what, " (by %s on %s)", notice.method, notice.posted);
      notice_warning (store, c.hearing_date, notice.served, warnings);
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
docket_listing_update_case (DocketStore         *store,
                            const DocketCaller  *caller,
                            gint64               case_id,
                            GVariant            *changes,
                            GPtrArray           *warnings,
                            GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, update_case_in_txn (store, caller, case_id, changes, warnings, error), error,
                              "Case %" G_GINT64_FORMAT, case_id);
}

static gboolean
relist_in_txn (DocketStore *store, const DocketCaller *caller, gint64 case_id, gint64 hearing,
               const char *notified_in, GPtrArray *warnings, gint64 *id_out, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_auto(DocketHearingCore) h = { 0 };
  g_autoptr(DocketSecret) grounds = NULL, report = NULL;
  g_autofree char *notified = NULL, *status = NULL;
  g_autofree char *obj = NULL, *summary = NULL, *what = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  int rc;

  if (!docket_case_load (store, case_id, &c, error))
    return FALSE;
  if (g_strcmp0 (c.outcome, "deferred") != 0)
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT " is %s: only a deferred case is relisted",
                          case_id,
                          c.outcome ? c.outcome : "undecided");
  if (!docket_hearing_load (db, hearing, &h, error) || !docket_hearing_require_open (&h, error))
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
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT " is already relisted as case %" G_GINT64_FORMAT,
                          case_id,
                          col_int64 (stmt, 0));
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
      !docket_hearing_check_capacity (db, &h, 1, error) ||
      !docket_hearing_check_not_listed (db, c.driver, h.date, 0, error) ||
      !insert_case (store, caller, &h, c.driver, c.kind, grounds, report, notified, case_id,
                    id_out, error))
    return FALSE;

  notice_warning (store, h.date, notified, warnings);
  obj = docket_case_object (*id_out);
  summary = g_strdup_printf ("relisted deferred case %" G_GINT64_FORMAT " (licence %s) on hearing %"
                             G_GINT64_FORMAT " of %s", case_id, c.licence, hearing, h.date);
  return docket_audit_store_append (store, caller->user, "case.relist", obj, summary, error);
}

gint64
docket_listing_relist (DocketStore         *store,
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
  if (!docket_store_finish (store, relist_in_txn (store, caller, case_id, hearing, notified, warnings, &id, error), error,
                              "Case %" G_GINT64_FORMAT, case_id))
    return 0;
  return id;
}

static gboolean
move_in_txn (DocketStore *store, const DocketCaller *caller, gint64 case_id, gint64 hearing,
             GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_auto(DocketHearingCore) h = { 0 };
  g_autofree char *obj = docket_case_object (case_id);
  g_autofree char *summary = NULL;
  g_autofree char *now = docket_store_now ();
  g_autoptr(DocketStmt) stmt = NULL;
  gboolean heard = FALSE;

  if (!docket_case_load (store, case_id, &c, error))
    return FALSE;
  if (c.outcome != NULL)
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT " is decided (%s); relist a deferred case "
                     "instead of moving it",
                          case_id,
                          c.outcome);
  if (g_str_equal (c.hearing_state, "locked"))
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT ": hearing %" G_GINT64_FORMAT " is locked",
                          case_id,
                          c.hearing);
  if (c.hearing == hearing)
    return invalid (error, "the case is already on hearing %" G_GINT64_FORMAT, hearing);
  if (!docket_case_has_records (db, case_id, &heard, error))
    return FALSE;
  if (heard)
    return docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Case %" G_GINT64_FORMAT " was already heard in part (attendance or "
                     "declarations recorded): defer it and relist it instead",
                          case_id);
  if (!docket_hearing_load (db, hearing, &h, error) || !docket_hearing_require_open (&h, error) ||
      !docket_hearing_check_capacity (db, &h, 1, error) ||
      !docket_hearing_check_not_listed (db, c.driver, h.date, case_id, error))
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
docket_listing_move_case (DocketStore         *store,
                          const DocketCaller  *caller,
                          gint64               case_id,
                          gint64               hearing,
                          GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, move_in_txn (store, caller, case_id, hearing, error), error,
                              "Case %" G_GINT64_FORMAT, case_id);
}

static gboolean
attendance_in_txn (DocketStore *store, const DocketCaller *caller, gint64 case_id,
                   const char *attendance, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DocketCaseCore) c = { 0 };
  g_auto(DocketHearingCore) h = { 0 };
  g_autofree char *obj = docket_case_object (case_id);
  g_autofree char *now = docket_store_now ();
  g_autofree char *summary = NULL;
  g_autoptr(DocketStmt) stmt = NULL;

  if (docket_enum_from_string (docket_attendance_names, attendance) < 0)
    {
      g_autofree char *list = docket_enum_describe (docket_attendance_names);
      g_autofree char *shown = g_utf8_make_valid (attendance, -1);
      return invalid (error, "attendance '%s' is not one of %s", shown, list);
    }
  if (!docket_case_load_open (store, case_id, &c, &h, error))
    return FALSE;
  if (!(caller->roles & R (OFFICER)) && !docket_hearing_is_chair (caller, h.dm))
    return docket_error_set_named (error,
                          DOCKET_ERROR_ACCESS_DENIED,
                          "Case %" G_GINT64_FORMAT ": only the hearing's decision-maker (%s) or a "
                   "licensing officer records attendance, not %s",
                          case_id,
                          h.dm,
                          caller->user);

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
docket_listing_set_attendance (DocketStore         *store,
                               const DocketCaller  *caller,
                               gint64               case_id,
                               const char          *attendance,
                               GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, attendance_in_txn (store, caller, case_id, attendance, error), error,
                              "Case %" G_GINT64_FORMAT, case_id);
}
