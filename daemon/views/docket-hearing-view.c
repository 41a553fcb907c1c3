/* What clients are shown of hearings and cases: summaries, lists, a case
 * with its panel, declarations, advice, votes and decisions. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-input.h"
#include "docket-names.h"
#include "docket-validate.h"
#include "docket-hearing-view.h"
#include "docket-user-store.h"
#include "docket-hearings.h"
#include "docket-effects.h"
#include "docket-effect-view.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64
#define invalid(error, ...)  docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, __VA_ARGS__)
#define denied(error, ...)   docket_error_set (error, DOCKET_ERROR_ACCESS_DENIED, __VA_ARGS__)
#define conflict(error, ...) docket_error_set (error, DOCKET_ERROR_CONFLICT, __VA_ARGS__)

#define R(role) (1u << DOCKET_ROLE_##role)

/* Reading ------------------------------------------------------------------ */

#define CASE_SUMMARY_COLUMNS \
  "c.id, c.hearing_id, d.licence, d.full_name, c.kind, c.notified, c.attendance, c.outcome, " \
  "c.decided, c.version, c.notice_sent, c.relisted_from, h.date, d.status, " \
  "(SELECT r.id FROM cases r WHERE r.relisted_from = c.id), " \
  "(SELECT CASE WHEN a.crown_lodged IS NOT NULL THEN a.crown_result ELSE a.result END " \
  " FROM appeals a WHERE a.case_id = c.id), " \
  "(SELECT a.lodged FROM appeals a WHERE a.case_id = c.id)"

static GVariant *
case_summary (sqlite3_stmt *stmt)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&b, "{sv}", "id", g_variant_new_int64 (col_int64 (stmt, 0)));
  g_variant_builder_add (&b, "{sv}", "hearing", g_variant_new_int64 (col_int64 (stmt, 1)));
  docket_dict_add_column (&b, "licence", stmt, 2);
  docket_dict_add_column (&b, "name", stmt, 3);
  docket_dict_add_column (&b, "kind", stmt, 4);
  docket_dict_add_column (&b, "notified", stmt, 5);
  docket_dict_add_column (&b, "attendance", stmt, 6);
  docket_dict_add_text (&b, "outcome", col_text (stmt, 7) ? col_text (stmt, 7) : "pending");
  docket_dict_add_column (&b, "decided", stmt, 8);
  g_variant_builder_add (&b, "{sv}", "version", g_variant_new_uint32 ((guint32) sqlite3_column_int (stmt, 9)));
  docket_dict_add_column (&b, "notice-sent", stmt, 10);
  if (sqlite3_column_type (stmt, 11) != SQLITE_NULL)
    g_variant_builder_add (&b, "{sv}", "relisted-from", g_variant_new_int64 (col_int64 (stmt, 11)));
  docket_dict_add_column (&b, "hearing-date", stmt, 12);
  docket_dict_add_column (&b, "licence-status", stmt, 13);
  if (sqlite3_column_type (stmt, 14) != SQLITE_NULL)
    g_variant_builder_add (&b, "{sv}", "relisted-as", g_variant_new_int64 (col_int64 (stmt, 14)));
  if (sqlite3_column_type (stmt, 16) != SQLITE_NULL)
    docket_dict_add_text (&b, "appeal", col_text (stmt, 15) ? col_text (stmt, 15) : "lodged");
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
  docket_dict_add_column (b, "date", stmt, 1);
  docket_dict_add_column (b, "time", stmt, 2);
  docket_dict_add_column (b, "venue", stmt, 3);
  g_variant_builder_add (b, "{sv}", "capacity", g_variant_new_uint32 ((guint32) sqlite3_column_int (stmt, 4)));
  docket_dict_add_column (b, "mode", stmt, 5);
  docket_dict_add_column (b, "decision-maker", stmt, 6);
  docket_dict_add_column (b, "state", stmt, 7);
  docket_dict_add_column (b, "state-reason", stmt, 8);
  g_variant_builder_add (b, "{sv}", "listed", g_variant_new_uint32 ((guint32) sqlite3_column_int (stmt, 9)));
  g_variant_builder_add (b, "{sv}", "decided", g_variant_new_uint32 ((guint32) sqlite3_column_int (stmt, 10)));
  docket_dict_add_column (b, "untrained-reason", stmt, 11);

  members = docket_db_prepare (db, "SELECT m.user, m.role, m.present, m.user = h.vice_chair "
                               "FROM hearing_members m JOIN hearings h ON h.id = m.hearing_id "
                               "WHERE m.hearing_id = ? ORDER BY m.role DESC, m.user", error);
  if (members == NULL)
    return FALSE;
  sqlite3_bind_int64 (members, 1, id);
  while ((rc = sqlite3_step (members)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) m = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      g_autofree char *name = docket_user_store_full_name (col_text (members, 0));
      docket_dict_add_column (&m, "user", members, 0);
      docket_dict_add_text (&m, "name", name);
      docket_dict_add_column (&m, "role", members, 1);
      if (sqlite3_column_type (members, 2) != SQLITE_NULL)
        g_variant_builder_add (&m, "{sv}", "present", g_variant_new_boolean (sqlite3_column_int (members, 2)));
      if (sqlite3_column_int (members, 3))
        g_variant_builder_add (&m, "{sv}", "vice-chair", g_variant_new_boolean (TRUE));
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
  "(SELECT COUNT(*) FROM cases c WHERE c.hearing_id = h.id AND c.outcome IS NOT NULL), h.untrained_reason"

GVariant *
docket_hearing_view_get (DocketStore  *store,
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
      docket_error_set_named (error,
                          DOCKET_ERROR_NOT_FOUND,
                          "Hearing %" G_GINT64_FORMAT ": no such hearing",
                          hearing);
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
docket_hearing_view_list (DocketStore  *store,
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
      !docket_input_date (query, "from", NULL, DOCKET_INPUT_NONE, &from, error) ||
      !docket_input_date (query, "to", NULL, DOCKET_INPUT_NONE, &to, error) ||
      !docket_input_enum (query, "state", NULL, docket_hearing_state_names, &state, error) ||
      !docket_input_text (query, "member", NULL, 64, DOCKET_INPUT_NONE, &member, error) ||
      !docket_input_typed (query, "limit", G_VARIANT_TYPE_UINT32, &limit_v, error))
    {
      docket_error_prefix_named (error, "Hearing list: ");
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
  g_autoptr(DocketSecret) plain = docket_store_decrypt_column (store, stmt, col, table, column, id, what, &local);

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  docket_dict_add_text (b, key, plain);
  return TRUE;
}

static GVariant *
read_decisions (DocketStore *store, gint64 case_id, gboolean sensitive, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT id, version, outcome, decided, recorded, recorded_by, suspend_until, expires, "
      "immediate, safeguarding, tally, reasons, alternatives, justification, correction, "
      "concern, concern_stated FROM decisions WHERE case_id = ? ORDER BY version", error);
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
      docket_dict_add_column (&d, "outcome", stmt, 2);
      docket_dict_add_column (&d, "decided", stmt, 3);
      docket_dict_add_column (&d, "recorded", stmt, 4);
      docket_dict_add_column (&d, "recorded-by", stmt, 5);
      docket_dict_add_column (&d, "until", stmt, 6);
      docket_dict_add_column (&d, "expires", stmt, 7);
      g_variant_builder_add (&d, "{sv}", "immediate", g_variant_new_boolean (sqlite3_column_int (stmt, 8)));
      g_variant_builder_add (&d, "{sv}", "safeguarding", g_variant_new_boolean (sqlite3_column_int (stmt, 9)));
      docket_dict_add_column (&d, "tally", stmt, 10);
      docket_dict_add_column (&d, "concern", stmt, 15);
      g_variant_builder_add (&d, "{sv}", "concern-stated", g_variant_new_boolean (sqlite3_column_int (stmt, 16)));
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
      "cm.advice, cm.dispensation FROM hearing_members m LEFT JOIN case_members cm "
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

      g_autofree char *name = docket_user_store_full_name (user);
      docket_dict_add_text (&m, "user", user);
      docket_dict_add_text (&m, "name", name);
      docket_dict_add_column (&m, "role", stmt, 1);
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        g_variant_builder_add (&m, "{sv}", "present", g_variant_new_boolean (sqlite3_column_int (stmt, 2)));
      g_variant_builder_add (&m, "{sv}", "prejudicial", g_variant_new_boolean (sqlite3_column_int (stmt, 3)));
      g_variant_builder_add (&m, "{sv}", "declared",
                             g_variant_new_boolean (sqlite3_column_type (stmt, 6) != SQLITE_NULL));
      g_variant_builder_add (&m, "{sv}", "advised",
                             g_variant_new_boolean (sqlite3_column_type (stmt, 7) != SQLITE_NULL));
      docket_dict_add_column (&m, "vote", stmt, 4);
      docket_dict_add_column (&m, "vote-until", stmt, 5);
      docket_dict_add_column (&m, "dispensation", stmt, 8);
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
docket_hearing_view_case (DocketStore         *store,
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

  /* Without a caller, the caller's own audit entry covers the reading
   * (a statement rendered to keep its hash as it is given). */
  if (sensitive && caller != NULL)
    {
      g_autofree char *obj = docket_case_object (case_id);
      g_auto(DocketCaseCore) c = { 0 };

      /* The reading is recorded, and durable, before anything is shown. */
      if (!docket_store_begin_write (store, error))
        return NULL;
      if (!docket_case_load (store, case_id, &c, error) ||
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
      "h.decision_maker, h.state, c.notice_method, c.notice_posted, c.notice_template, c.notice_hash, "
      "c.notified_method, c.notified_posted "
      "FROM cases c JOIN drivers d ON d.id = c.driver_id "
      "JOIN hearings h ON h.id = c.hearing_id WHERE c.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      docket_error_set_named (error,
                          DOCKET_ERROR_NOT_FOUND,
                          "Case %" G_GINT64_FORMAT ": no such case",
                          case_id);
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
      /* The whole record carries the appeal itself (below), not the
       * summary's one word. */
      if (!g_str_equal (key, "appeal"))
        g_variant_builder_add (&b, "{sv}", key, value);
      g_variant_unref (value);
    }
  g_variant_unref (g_variant_ref_sink (part));
  docket_dict_add_column (&b, "hearing-time", stmt, 19);
  docket_dict_add_column (&b, "venue", stmt, 20);
  docket_dict_add_column (&b, "mode", stmt, 21);
  docket_dict_add_column (&b, "decision-maker", stmt, 22);
  docket_dict_add_column (&b, "hearing-state", stmt, 23);
  docket_dict_add_column (&b, "notice-method", stmt, 24);
  docket_dict_add_column (&b, "notice-posted", stmt, 25);
  docket_dict_add_column (&b, "notice-template", stmt, 26);
  docket_dict_add_column (&b, "notice-hash", stmt, 27);
  docket_dict_add_column (&b, "notified-method", stmt, 28);
  docket_dict_add_column (&b, "notified-posted", stmt, 29);
  /* Told of the hearing later than the notice period: said on the case,
   * not only when it was listed. */
  if (col_text (stmt, 5) != NULL && col_text (stmt, 12) != NULL)
    {
      guint days = docket_store_get_config (store)->notice_days;
      int given = docket_date_days_between (col_text (stmt, 5), col_text (stmt, 12));
      if (given < (int) days)
        g_variant_builder_add (&b, "{sv}", "notice-short", g_variant_new_take_string (g_strdup_printf (
            "the driver was told of the hearing %d day%s ahead; the notice period is %u days",
            given, given == 1 ? "" : "s", days)));
    }
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
  part = docket_effect_view_for_case (store, case_id, error);
  if (part == NULL)
    return NULL;
  g_variant_builder_add (&b, "{sv}", "effects", part);
  part = docket_effect_view_appeal (store, case_id, error);
  if (part == NULL)
    return NULL;
  g_variant_builder_add (&b, "{sv}", "appeal", part);
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

GVariant *
docket_hearing_view_driver_cases (DocketStore  *store,
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

GVariant *
docket_hearing_view_notices (DocketStore  *store,
                             GVariant     *query,
                             GError      **error)
{
  static const char * const keys[] = { "overdue", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) out = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *today = docket_today ();
  g_autoptr(DocketStmt) stmt = NULL;
  gboolean overdue_only = FALSE;
  int rc;

  if (!docket_validate_keys (query, keys, error) ||
      !docket_input_bool (query, "overdue", &overdue_only, error))
    {
      docket_error_prefix_named (error, "Notice list: ");
      return NULL;
    }
  /* s61(2)(a) counts from the decision: due on its 14th day after. */
  stmt = docket_db_prepare (db,
      "SELECT c.id, d.licence, c.outcome, c.decided, date(c.decided, '+' || ?3 || ' days') AS due "
      "FROM cases c JOIN drivers d ON d.id = c.driver_id "
      "WHERE c.outcome IN ('suspended', 'revoked', 'refused') AND c.notice_sent IS NULL "
      "AND (?1 = 0 OR due < ?2) ORDER BY c.decided, c.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, overdue_only ? 1 : 0);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, DOCKET_NOTICE_DAYS);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) n = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&n, "{sv}", "case", g_variant_new_int64 (sqlite3_column_int64 (stmt, 0)));
      g_variant_builder_add (&n, "{sv}", "licence", g_variant_new_string (docket_col_text (stmt, 1)));
      g_variant_builder_add (&n, "{sv}", "outcome", g_variant_new_string (docket_col_text (stmt, 2)));
      g_variant_builder_add (&n, "{sv}", "decided", g_variant_new_string (docket_col_text (stmt, 3)));
      g_variant_builder_add (&n, "{sv}", "due", g_variant_new_string (docket_col_text (stmt, 4)));
      g_variant_builder_add (&n, "{sv}", "overdue",
                             g_variant_new_boolean (strcmp (docket_col_text (stmt, 4), today) < 0));
      g_variant_builder_add_value (&out, g_variant_builder_end (&n));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading cases", error);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_builder_end (&out));
}
