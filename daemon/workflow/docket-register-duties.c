/* NR3S requests (s.3) and concerns (s.5), with their working-day
 * deadlines. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-error.h"
#include "docket-input.h"
#include "docket-driver-store.h"
#include "docket-register-duties.h"
#include "docket-register-searches.h"
#include "docket-validate.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64

static const char * const duty_kinds[] = { "request", "concern", NULL };

static gboolean
add_in_txn (DocketStore *store, const DocketCaller *caller, GVariant *in, gint64 *id_out, GError **error)
{
  static const char * const keys[] = { "kind", "authority", "subject", "details", "opened", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *authority = NULL, *subject = NULL, *details = NULL, *opened = NULL, *deadline = NULL;
  g_autofree char *today = docket_today (), *now = docket_store_now (), *summary = NULL, *obj = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  int kind;
  gint64 id;

  if (!docket_validate_keys (in, keys, error) ||
      !docket_input_enum (in, "kind", NULL, duty_kinds, &kind, error) ||
      !docket_input_text (in, "authority", NULL, 200, DOCKET_INPUT_NONE, &authority, error) ||
      !docket_input_text (in, "subject", NULL, 300, DOCKET_INPUT_NONE, &subject, error) ||
      !docket_input_text (in, "details", NULL, 4000, DOCKET_INPUT_MULTILINE, &details, error) ||
      !docket_input_date (in, "opened", NULL, DOCKET_INPUT_PAST, &opened, error))
    return FALSE;
  if (kind < 0)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "kind is required: request or concern");
  if (authority == NULL)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "authority is required: the other "
                             "licensing authority");
  if (subject == NULL)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "subject is required: the driver concerned");
  if (opened == NULL)
    opened = g_strdup (today);
  deadline = docket_date_add_working_days (opened, kind == 0 ? DOCKET_NR3S_REQUEST_WORKING_DAYS
                                                             : DOCKET_NR3S_CONCERN_WORKING_DAYS,
                                           &docket_store_get_config (store)->holidays);

  id = docket_store_next_id (store, "nr3s_duties", error);
  if (id < 0)
    return FALSE;
  stmt = docket_db_prepare (db, "INSERT INTO nr3s_duties (id, kind, authority, opened, deadline, created, "
                            "created_by, subject, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, duty_kinds[kind], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, authority, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, opened, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, deadline, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, caller->user, -1, SQLITE_STATIC);
  docket_store_bind_encrypted (store, stmt, 8, "nr3s_duties", "subject", id, subject);
  docket_store_bind_encrypted (store, stmt, 9, "nr3s_duties", "details", id, details);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  obj = g_strdup_printf ("register %s %" G_GINT64_FORMAT, duty_kinds[kind], id);
  summary = g_strdup_printf ("%s %s %s, due %s", kind == 0 ? "request received from" : "concern to pass on to",
                             authority, opened, deadline);
  if (!docket_audit_store_append (store, caller->user, "register.duty", obj, summary, error))
    return FALSE;
  *id_out = id;
  return TRUE;
}

gint64
docket_register_duty_add (DocketStore         *store,
                          const DocketCaller  *caller,
                          GVariant            *duty,
                          GError             **error)
{
  gint64 id = -1;

  if (!docket_store_begin_write (store, error))
    return -1;
  if (!docket_store_finish (store, add_in_txn (store, caller, duty, &id, error), error, "Register duty"))
    return -1;
  return id;
}

static gboolean
close_in_txn (DocketStore *store, const DocketCaller *caller, gint64 id, const char *date, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *today = docket_today (), *obj = NULL, *summary = NULL, *kind = NULL, *opened = NULL;
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, "SELECT kind, opened, closed FROM nr3s_duties WHERE id = ?",
                                                  error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return docket_error_set_named (error, DOCKET_ERROR_NOT_FOUND, "Register duty %" G_GINT64_FORMAT ": no such "
                                   "request or concern", id);
  if (rc != SQLITE_ROW)
    return docket_db_set_error (db, rc, "Reading register duties", error);
  if (col_text (stmt, 2) != NULL)
    return docket_error_set_named (error, DOCKET_ERROR_CONFLICT, "Register duty %" G_GINT64_FORMAT ": already "
                                   "done on %s", id, col_text (stmt, 2));
  kind = g_strdup (col_text (stmt, 0));
  opened = g_strdup (col_text (stmt, 1));
  g_clear_pointer (&stmt, docket_stmt_release);
  if (!docket_validate_date ("date", date, error))
    return FALSE;
  if (strcmp (date, opened) < 0 || strcmp (date, today) > 0)
    return docket_error_set_named (error, DOCKET_ERROR_INVALID_ARGUMENT, "Register duty %" G_GINT64_FORMAT ": "
                                   "date %s is not between %s and today", id, date, opened);
  stmt = docket_db_prepare (db, "UPDATE nr3s_duties SET closed = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  obj = g_strdup_printf ("register %s %" G_GINT64_FORMAT, kind, id);
  summary = g_strdup_printf ("%s %s", g_str_equal (kind, "request") ? "answered" : "passed on", date);
  return docket_audit_store_append (store, caller->user, "register.duty-done", obj, summary, error);
}

gboolean
docket_register_duty_close (DocketStore         *store,
                            const DocketCaller  *caller,
                            gint64               id,
                            const char          *date,
                            GError             **error)
{
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, close_in_txn (store, caller, id, date, error), error,
                              "Register duty %" G_GINT64_FORMAT, id);
}

GVariant *
docket_register_duty_list (DocketStore  *store,
                           GVariant     *query,
                           GError      **error)
{
  static const char * const keys[] = { "kind", "open", "overdue", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) out = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *today = docket_today ();
  g_autoptr(DocketStmt) stmt = NULL;
  gboolean open_only = FALSE, overdue_only = FALSE;
  int kind = -1, rc;

  if (!docket_validate_keys (query, keys, error) ||
      !docket_input_enum (query, "kind", NULL, duty_kinds, &kind, error) ||
      !docket_input_bool (query, "open", &open_only, error) ||
      !docket_input_bool (query, "overdue", &overdue_only, error))
    {
      docket_error_prefix_named (error, "Register duties: ");
      return NULL;
    }
  stmt = docket_db_prepare (db,
      "SELECT id, kind, authority, opened, deadline, closed, subject FROM nr3s_duties "
      "WHERE (?1 IS NULL OR kind = ?1) AND (?2 = 0 OR closed IS NULL) "
      "AND (?3 = 0 OR (closed IS NULL AND deadline < ?4)) "
      "ORDER BY closed IS NOT NULL, deadline, id", error);
  if (stmt == NULL)
    return NULL;
  if (kind >= 0)
    sqlite3_bind_text (stmt, 1, duty_kinds[kind], -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, open_only ? 1 : 0);
  sqlite3_bind_int (stmt, 3, overdue_only ? 1 : 0);
  sqlite3_bind_text (stmt, 4, today, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) d = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      gint64 id = col_int64 (stmt, 0);
      g_autofree char *what = g_strdup_printf ("Register duty %" G_GINT64_FORMAT ": subject", id);
      g_autoptr(DocketSecret) subject = docket_store_decrypt_column (store, stmt, 6, "nr3s_duties", "subject", id,
                                                                     what, error);

      if (subject == NULL)
        return NULL;
      g_variant_builder_add (&d, "{sv}", "id", g_variant_new_int64 (id));
      g_variant_builder_add (&d, "{sv}", "kind", g_variant_new_string (col_text (stmt, 1)));
      g_variant_builder_add (&d, "{sv}", "authority", g_variant_new_string (col_text (stmt, 2)));
      g_variant_builder_add (&d, "{sv}", "subject", g_variant_new_string (subject));
      g_variant_builder_add (&d, "{sv}", "opened", g_variant_new_string (col_text (stmt, 3)));
      g_variant_builder_add (&d, "{sv}", "deadline", g_variant_new_string (col_text (stmt, 4)));
      if (col_text (stmt, 5))
        g_variant_builder_add (&d, "{sv}", "closed", g_variant_new_string (col_text (stmt, 5)));
      g_variant_builder_add (&d, "{sv}", "overdue", g_variant_new_boolean (
          col_text (stmt, 5) == NULL && strcmp (col_text (stmt, 4), today) < 0));
      g_variant_builder_add_value (&out, g_variant_builder_end (&d));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading register duties", error);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_builder_end (&out));
}

static gboolean
search_in_txn (DocketStore *store, const DocketCaller *caller, const char *licence, GVariant *search,
               gint64 *id_out, GError **error)
{
  gint64 driver = docket_driver_store_lookup (store, licence, error);

  if (driver < 0)
    return FALSE;
  *id_out = docket_register_search_add_in_txn (store, caller, driver, licence, search, error);
  return *id_out >= 0;
}

gint64
docket_register_search_add (DocketStore         *store,
                            const DocketCaller  *caller,
                            const char          *licence,
                            GVariant            *search,
                            GError             **error)
{
  gint64 id = -1;

  if (!docket_store_begin_write (store, error))
    return -1;
  if (!docket_store_finish (store, search_in_txn (store, caller, licence, search, &id, error), error,
                            "Licence %s", licence))
    return -1;
  return id;
}

GVariant *
docket_register_search_for_licence (DocketStore  *store,
                                    const char   *licence,
                                    GError      **error)
{
  gint64 driver = docket_driver_store_lookup (store, licence, error);

  if (driver < 0)
    return NULL;
  return docket_register_search_list (store, driver, licence, error);
}
