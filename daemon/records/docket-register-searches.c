/* Searches of the national register (NR3S) before a grant or a renewal:
 * the 2022 Act s.3(1) requires one, so a grant without a recent search is
 * refused. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-error.h"
#include "docket-input.h"
#include "docket-register-searches.h"
#include "docket-validate.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64

static const char * const search_results[] = { "no-match", "match", NULL };

gint64
docket_register_search_add_in_txn (DocketStore         *store,
                                   const DocketCaller  *caller,
                                   gint64               driver,
                                   const char          *licence,
                                   GVariant            *search,
                                   GError             **error)
{
  static const char * const keys[] = { "searched", "result", "authority", "details", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *searched = NULL, *authority = NULL, *details = NULL, *obj = NULL, *summary = NULL;
  g_autofree char *now = docket_store_now ();
  g_autoptr(DocketStmt) stmt = NULL;
  int result;
  gint64 id;

  if (!docket_validate_keys (search, keys, error) ||
      !docket_input_date (search, "searched", NULL, DOCKET_INPUT_PAST, &searched, error) ||
      !docket_input_enum (search, "result", NULL, search_results, &result, error) ||
      !docket_input_text (search, "authority", NULL, 200, DOCKET_INPUT_NONE, &authority, error) ||
      !docket_input_text (search, "details", NULL, 4000, DOCKET_INPUT_MULTILINE, &details, error))
    return -1;
  if (result < 0)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "result is required: no-match or match"), -1;
  if (result == 1 && authority == NULL)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "authority is required with a match: "
                             "the authority whose entry matched"), -1;
  if (result == 0 && authority != NULL)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "authority is given only with a match"), -1;
  if (searched == NULL)
    searched = docket_today ();

  id = docket_store_next_id (store, "nr3s_searches", error);
  if (id < 0)
    return -1;
  stmt = docket_db_prepare (db, "INSERT INTO nr3s_searches (id, driver_id, searched, result, created, "
                            "created_by, authority, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, driver);
  sqlite3_bind_text (stmt, 3, searched, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, search_results[result], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, caller->user, -1, SQLITE_STATIC);
  docket_store_bind_encrypted (store, stmt, 7, "nr3s_searches", "authority", id, authority);
  docket_store_bind_encrypted (store, stmt, 8, "nr3s_searches", "details", id, details);
  if (!docket_db_step_done (db, stmt, error))
    return -1;
  /* The audit log names the licence and the result, not the authority. */
  obj = g_strdup_printf ("licence %s", licence);
  summary = g_strdup_printf ("national register searched %s: %s", searched,
                             result == 0 ? "no match" : "a match");
  if (!docket_audit_store_append (store, caller->user, "register.search", obj, summary, error))
    return -1;
  return id;
}

GVariant *
docket_register_search_list (DocketStore  *store,
                             gint64        driver,
                             const char   *licence,
                             GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) out = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT id, searched, result, created_by, authority, details FROM nr3s_searches "
      "WHERE driver_id = ? ORDER BY searched DESC, id DESC", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, driver);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) d = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      gint64 id = col_int64 (stmt, 0);
      g_autofree char *w1 = g_strdup_printf ("Licence %s: register search %" G_GINT64_FORMAT ", authority",
                                             licence, id);
      g_autofree char *w2 = g_strdup_printf ("Licence %s: register search %" G_GINT64_FORMAT ", details",
                                             licence, id);
      g_autoptr(GError) local = NULL;
      g_autoptr(DocketSecret) authority = docket_store_decrypt_column (store, stmt, 4, "nr3s_searches",
                                                                       "authority", id, w1, &local);
      g_autoptr(DocketSecret) details = local ? NULL : docket_store_decrypt_column (store, stmt, 5,
                                                                       "nr3s_searches", "details", id, w2, &local);

      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      g_variant_builder_add (&d, "{sv}", "id", g_variant_new_int64 (id));
      g_variant_builder_add (&d, "{sv}", "licence", g_variant_new_string (licence));
      g_variant_builder_add (&d, "{sv}", "searched", g_variant_new_string (col_text (stmt, 1)));
      g_variant_builder_add (&d, "{sv}", "result", g_variant_new_string (col_text (stmt, 2)));
      g_variant_builder_add (&d, "{sv}", "by", g_variant_new_string (col_text (stmt, 3)));
      if (authority)
        g_variant_builder_add (&d, "{sv}", "authority", g_variant_new_string (authority));
      if (details)
        g_variant_builder_add (&d, "{sv}", "details", g_variant_new_string (details));
      g_variant_builder_add_value (&out, g_variant_builder_end (&d));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading register searches", error);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_builder_end (&out));
}

gboolean
docket_register_search_require (DocketStore  *store,
                                gint64        driver,
                                const char   *licence,
                                const char   *on,
                                const char   *what,
                                GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *from = docket_date_add_days (on, -DOCKET_NR3S_SEARCH_DAYS);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT 1 FROM nr3s_searches WHERE driver_id = ? AND searched BETWEEN ? AND ? LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, driver);
  sqlite3_bind_text (stmt, 2, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, on, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading register searches", error);
  return docket_error_set_named (error, DOCKET_ERROR_CONFLICT, "%s: no search of the national register (NR3S) "
                                 "for licence %s is recorded in the %d days up to %s; a grant or renewal needs "
                                 "one (2022 Act s.3): record the search first", what, licence,
                                 DOCKET_NR3S_SEARCH_DAYS, on);
}
