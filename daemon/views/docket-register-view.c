/* The NR3S entries as clients list them, and the export for the national
 * register. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-validate.h"
#include "docket-csv-writer.h"
#include "docket-register-view.h"
#include "docket-register.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64
#define fail      docket_error_set

/* The register ---------------------------------------------------------------- */

#define REGISTER_COLUMNS \
  "r.id, r.case_id, d.licence, d.full_name, r.decision, r.decided, r.effective, r.notified, " \
  "r.deadline, r.recorded, r.state, r.changes, r.retain_until, " DOCKET_REGISTER_MISSING_COLUMNS


static const char * const register_keys[] = {
  NULL, NULL, "licence", "name", "decision", "decided", "effective", "notified", "deadline",
  "recorded", "state", "changes", "retain-until",
};

GVariant *
docket_register_view_list (DocketStore  *store,
                           GVariant     *query,
                           GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *today = docket_today ();
  g_autoptr(DocketStmt) stmt = NULL;
  const char *state = NULL;
  g_autofree char *licence = NULL;
  gboolean overdue_only = FALSE, incomplete_only = FALSE;
  GVariantIter iter;
  const char *key;
  GVariant *value_in;
  int rc;

  g_variant_iter_init (&iter, query);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value_in))
    {
      g_autoptr(GVariant) value = value_in;
      if (g_str_equal (key, "state") && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        {
          static const char * const states[] = { "current", "varied", "overturned", "withdrawn", NULL };
          const char *given = g_variant_get_string (value, NULL);
          int i = docket_enum_from_string (states, given);

          if (i < 0)
            {
              g_autofree char *list_s = docket_enum_describe (states);
              g_autofree char *shown = g_utf8_make_valid (given, -1);
              return docket_error_set_named (error,
                          DOCKET_ERROR_INVALID_ARGUMENT,
                          "Register list: state '%s' is not "
                           "one of %s",
                          shown,
                          list_s), NULL;
            }
          state = states[i];
        }
      else if (g_str_equal (key, "overdue") && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
        overdue_only = g_variant_get_boolean (value);
      else if (g_str_equal (key, "licence") && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        {
          g_free (licence);
          licence = g_variant_dup_string (value, NULL);
        }
      else if (g_str_equal (key, "incomplete") && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
        incomplete_only = g_variant_get_boolean (value);
      else
        return docket_error_set_named (error,
                          DOCKET_ERROR_INVALID_ARGUMENT,
                          "Register list: unknown query key '%s' "
                     "or wrong type %s",
                          key,
                          g_variant_get_type_string (value)), NULL;
    }

  stmt = docket_db_prepare (db,
      "SELECT " REGISTER_COLUMNS " FROM nr3s_entries r JOIN drivers d ON d.id = r.driver_id "
      "WHERE (?1 IS NULL OR r.state = ?1) "
      "AND (?2 = 0 OR (r.recorded IS NULL AND r.deadline IS NOT NULL AND r.deadline < ?3)) "
      "AND (?4 IS NULL OR d.licence = ?4) "
      "ORDER BY r.decided, r.id", error);
  if (stmt == NULL)
    return NULL;
  if (state)
    sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, overdue_only ? 1 : 0);
  sqlite3_bind_text (stmt, 3, today, -1, SQLITE_STATIC);
  if (licence)
    sqlite3_bind_text (stmt, 4, licence, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) e = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      const char *deadline = col_text (stmt, 8);
      g_autofree char *missing = docket_register_missing_of (stmt, 13);

      if (incomplete_only && missing == NULL)
        continue;
      if (missing != NULL)
        g_variant_builder_add (&e, "{sv}", "missing", g_variant_new_string (missing));
      g_variant_builder_add (&e, "{sv}", "id", g_variant_new_int64 (col_int64 (stmt, 0)));
      g_variant_builder_add (&e, "{sv}", "case", g_variant_new_int64 (col_int64 (stmt, 1)));
      for (guint i = 2; i < G_N_ELEMENTS (register_keys); i++)
        if (col_text (stmt, (int) i) && *col_text (stmt, (int) i))
          g_variant_builder_add (&e, "{sv}", register_keys[i],
                                 g_variant_new_string (col_text (stmt, (int) i)));
      g_variant_builder_add (&e, "{sv}", "overdue", g_variant_new_boolean (
          col_text (stmt, 9) == NULL && deadline != NULL && strcmp (deadline, today) < 0));
      g_variant_builder_add_value (&list, g_variant_builder_end (&e));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading the register", error);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_builder_end (&list));
}

/* Fails naming every entry whose driver's record lacks what the register
 * needs. */
static gboolean
check_complete (DocketDb *db, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT r.id, d.licence, " DOCKET_REGISTER_MISSING_COLUMNS " FROM nr3s_entries r JOIN drivers d ON d.id = r.driver_id "
      "ORDER BY r.id", error);
  g_autoptr(GString) lacking = g_string_new (NULL);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *missing = docket_register_missing_of (stmt, 2);
      if (missing != NULL)
        g_string_append_printf (lacking, "%sentry %" G_GINT64_FORMAT " (licence %s): %s",
                                lacking->len ? "; " : "", col_int64 (stmt, 0), col_text (stmt, 1), missing);
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading the register", error);
  if (lacking->len > 0)
    return docket_error_set_named (error, DOCKET_ERROR_CONFLICT,
                                   "Register export: the drivers' records lack what the register needs — %s; "
                                   "complete them first (nr3s list --incomplete)", lacking->str);
  return TRUE;
}

GBytes *
docket_register_view_export (DocketStore         *store,
                             const DocketCaller  *caller,
                             GError             **error)
{
  static const char * const header[] = {
    "entry", "full_name", "date_of_birth", "home_address", "ni_number", "driving_licence_number",
    "authority", "authority_contact", "decision", "decision_date", "effective_date",
    "driver_notified", "record_by", "recorded", "state", "changes", "keep_until", NULL,
  };
  DocketDb *db = docket_store_get_db (store);
  const DocketConfig *config = docket_store_get_config (store);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(DocketStmt) stmt = NULL;
  int rc;

  /* The register needs the authority's name and how to ask it for more,
   * and every entry the driver's identity (2022 Act s.2(4)). */
  if (!config->authority_set)
    return docket_error_set_named (error, DOCKET_ERROR_CONFLICT,
                                   "Register export: docketd.conf has no [authority] name and contact; the "
                                   "national register needs the authority's name and how to ask it for more"),
           NULL;
  if (!check_complete (db, error))
    return NULL;

  /* The export holds identifiers: it is recorded before it is made. */
  if (!docket_store_begin_write (store, error))
    return NULL;
  if (!docket_audit_store_append (store, caller->user, "register.export", "nr3s",
                                  "exported the register entries with personal details", error) ||
      !docket_store_commit (store, error))
    {
      docket_store_rollback (store);
      return NULL;
    }

  for (guint i = 0; header[i]; i++)
    docket_csv_append_field (out, header[i], header[i + 1] == NULL);
  stmt = docket_db_prepare (db,
      "SELECT r.id, d.full_name, d.dob, d.address, d.ni_number, d.dvla_number, r.decision, "
      "r.decided, r.effective, r.notified, r.deadline, r.recorded, r.state, r.changes, "
      "r.retain_until, d.id, d.licence FROM nr3s_entries r JOIN drivers d ON d.id = r.driver_id "
      "ORDER BY r.decided, r.id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      static const char * const secret_cols[] = { "dob", "address", "ni_number", "dvla_number" };
      g_autofree char *entry = g_strdup_printf ("%" G_GINT64_FORMAT, col_int64 (stmt, 0));
      gint64 driver = col_int64 (stmt, 15);

      docket_csv_append_field (out, entry, FALSE);
      docket_csv_append_field (out, col_text (stmt, 1), FALSE);
      for (guint i = 0; i < G_N_ELEMENTS (secret_cols); i++)
        {
          g_autoptr(GError) local = NULL;
          g_autofree char *what = g_strdup_printf ("Licence %s: %s", col_text (stmt, 16), secret_cols[i]);
          g_autoptr(DocketSecret) plain = docket_store_decrypt_column (store, stmt, 2 + (int) i, "drivers",
                                                                secret_cols[i], driver, what, &local);
          if (local != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return NULL;
            }
          docket_csv_append_field (out, plain, FALSE);
        }
      docket_csv_append_field (out, config->authority_name, FALSE);
      docket_csv_append_field (out, config->authority_contact, FALSE);
      for (int col = 6; col <= 14; col++)
        docket_csv_append_field (out, col_text (stmt, col), col == 14);
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading the register", error);
      return NULL;
    }
  return g_string_free_to_bytes (g_steal_pointer (&out));
}
