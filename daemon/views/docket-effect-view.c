/* What clients are shown of a decision's effects and its appeal. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-validate.h"
#include "docket-effect-view.h"
#include "docket-effects.h"
#include "docket-hearings.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64
#define fail      docket_error_set

/* Reading -------------------------------------------------------------------- */

static char *
effect_sentence (const char *action, const char *state, const char *due, const char *notice_sent,
                 const char *lodged, gboolean appeal_decided, gboolean immediate)
{
  const char *noun = docket_effect_action_noun (action);

  if (g_str_equal (action, "reinstate"))
    return g_strdup_printf ("suspension ends on %s", due);
  /* s61(2B): with immediate effect, on the day the notice is given. */
  if (g_str_equal (state, "awaiting-notice") && immediate)
    return g_strdup_printf ("%s takes effect when the statement is given (immediate effect in the "
                            "interests of public safety)", noun);
  if (g_str_equal (state, "awaiting-notice"))
    return g_strdup_printf ("%s takes effect %d days after the statement of decision is sent, "
                            "unless appealed", noun, DOCKET_APPEAL_DAYS);
  if (g_str_equal (state, "awaiting-appeal"))
    return g_strdup_printf ("%s waits for the appeal lodged on %s", noun, lodged ? lodged : "?");
  if (g_str_equal (state, "awaiting-crown-appeal"))
    return g_strdup_printf ("%s waits for the appeal to the Crown Court lodged on %s", noun, lodged ? lodged : "?");
  if (g_str_equal (state, "scheduled"))
    {
      g_autofree char *window_end = notice_sent ? docket_date_add_days (notice_sent, DOCKET_APPEAL_DAYS) : NULL;
      gboolean open = lodged == NULL && !appeal_decided && g_strcmp0 (window_end, due) == 0;
      return g_strdup_printf ("%s takes effect on %s%s", noun, due, open ? " unless appealed" : "");
    }
  if (g_str_equal (state, "applied"))
    return g_strdup_printf ("%s took effect on %s", noun, due);
  return g_strdup_printf ("%s %s", noun, state);
}

static GVariant *
read_effects (DocketStore *store, const char *where, gint64 id, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *sql = g_strdup_printf (
      "SELECT e.id, e.case_id, e.action, e.state, e.due, e.note, c.notice_sent, "
      "CASE WHEN a.crown_lodged IS NOT NULL AND a.crown_late = 0 THEN a.crown_lodged ELSE a.lodged END, "
      "CASE WHEN a.crown_lodged IS NOT NULL AND a.crown_late = 0 THEN a.crown_result ELSE a.result END, "
      "d.licence, dec.immediate, a.crown_lodged IS NOT NULL AND a.crown_late = 0 "
      "FROM effects e JOIN cases c ON c.id = e.case_id "
      "JOIN drivers d ON d.id = e.driver_id "
      "LEFT JOIN decisions dec ON dec.case_id = c.id AND dec.version = c.version "
      "LEFT JOIN appeals a ON a.case_id = e.case_id AND a.late = 0 WHERE %s ORDER BY e.id", where);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) e = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      gboolean crown = sqlite3_column_int (stmt, 11) != 0;
      const char *state = col_text (stmt, 3);
      g_autofree char *text = effect_sentence (col_text (stmt, 2),
                                               crown && g_str_equal (state, "awaiting-appeal")
                                                 ? "awaiting-crown-appeal" : state,
                                               col_text (stmt, 4), col_text (stmt, 6),
                                               col_text (stmt, 8) ? NULL : col_text (stmt, 7),
                                               col_text (stmt, 8) != NULL,
                                               sqlite3_column_int (stmt, 10) != 0);

      g_variant_builder_add (&e, "{sv}", "case", g_variant_new_int64 (col_int64 (stmt, 1)));
      g_variant_builder_add (&e, "{sv}", "licence", g_variant_new_string (col_text (stmt, 9)));
      g_variant_builder_add (&e, "{sv}", "action", g_variant_new_string (col_text (stmt, 2)));
      g_variant_builder_add (&e, "{sv}", "state", g_variant_new_string (col_text (stmt, 3)));
      if (col_text (stmt, 4))
        g_variant_builder_add (&e, "{sv}", "due", g_variant_new_string (col_text (stmt, 4)));
      if (col_text (stmt, 5))
        g_variant_builder_add (&e, "{sv}", "note", g_variant_new_string (col_text (stmt, 5)));
      g_variant_builder_add (&e, "{sv}", "text", g_variant_new_string (text));
      g_variant_builder_add_value (&list, g_variant_builder_end (&e));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading effects", error);
      return NULL;
    }
  return g_variant_builder_end (&list);
}

GVariant *
docket_effect_view_for_case (DocketStore  *store,
                             gint64        case_id,
                             GError      **error)
{
  return read_effects (store, "e.case_id = ?1", case_id, error);
}

GVariant *
docket_effect_view_for_driver (DocketStore  *store,
                               gint64        driver,
                               GError      **error)
{
  return read_effects (store, "e.driver_id = ?1 AND e.state IN "
                       "('awaiting-notice', 'awaiting-appeal', 'scheduled')", driver, error);
}

GVariant *
docket_effect_view_appeal (DocketStore  *store,
                           gint64        case_id,
                           GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT lodged, late, court, hearing_date, result, result_date, varied_outcome, varied_until, "
      "crown_lodged, crown_late, crown_court, crown_hearing_date, crown_result, crown_result_date, "
      "crown_varied_outcome, crown_varied_until FROM appeals WHERE case_id = ?", error);
  static const char * const keys[] = {
    "lodged", NULL, "court", "hearing-date", "result", "result-date", "outcome", "until",
    "crown-lodged", NULL, "crown-court", "crown-hearing-date", "crown-result", "crown-result-date",
    "crown-outcome", "crown-until",
  };
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        if (keys[i] && col_text (stmt, (int) i))
          g_variant_builder_add (&b, "{sv}", keys[i], g_variant_new_string (col_text (stmt, (int) i)));
      g_variant_builder_add (&b, "{sv}", "late", g_variant_new_boolean (sqlite3_column_int (stmt, 1)));
      if (col_text (stmt, 8))
        g_variant_builder_add (&b, "{sv}", "crown-late", g_variant_new_boolean (sqlite3_column_int (stmt, 9)));
    }
  else if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading the appeal", error);
      return NULL;
    }
  return g_variant_builder_end (&b);
}
