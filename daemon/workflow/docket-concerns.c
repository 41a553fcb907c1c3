/* The category of the offence or concern behind a decision. */
#include "config.h"

#include "docket-audit-store.h"
#include "docket-concerns.h"
#include "docket-crypto.h"
#include "docket-enums.h"

int
docket_concern_derive (DocketStore  *store,
                       gint64        driver,
                       gboolean      safeguarding,
                       GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT id, category FROM convictions WHERE driver_id = ?", error);
  int worst = DOCKET_N_OFFENCE_CATEGORIES;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, driver);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autofree char *what = g_strdup_printf ("Conviction %" G_GINT64_FORMAT, id);
      g_autoptr(DocketSecret) category = docket_store_decrypt_column (store, stmt, 1, "convictions",
                                                                      "category", id, what, error);
      int cat;

      if (category == NULL)
        return -1;
      cat = docket_enum_from_string (docket_offence_category_names, category);
      if (cat >= 0 && cat < worst)
        worst = cat;
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading the record for the concern", error), -1;
  if (worst < DOCKET_N_OFFENCE_CATEGORIES)
    return (int) docket_concern_of_offence ((DocketOffenceCategory) worst);
  if (safeguarding)
    return DOCKET_CONCERN_SAFEGUARDING;
  g_clear_pointer (&stmt, docket_stmt_release);
  stmt = docket_db_prepare (db, "SELECT 1 FROM notes WHERE driver_id = ? AND kind = 'intelligence' LIMIT 1",
                            error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, driver);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return DOCKET_CONCERN_SAFEGUARDING;
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading the record for the concern", error), -1;
  return DOCKET_CONCERN_OTHER;
}

static int
backfill_in_txn (DocketStore *store, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT d.id, c.id, c.driver_id, d.safeguarding, c.version = d.version FROM decisions d "
      "JOIN cases c ON c.id = d.case_id "
      "WHERE d.concern IS NULL AND d.outcome IN ('refused', 'suspended', 'revoked')", error);
  g_autoptr(DocketStmt) set = NULL;
  int n = 0, rc;

  if (stmt == NULL)
    return -1;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int concern = docket_concern_derive (store, sqlite3_column_int64 (stmt, 2),
                                           sqlite3_column_int (stmt, 3), error);

      if (concern < 0)
        return -1;
      set = docket_db_prepare (db, "UPDATE decisions SET concern = ?1 WHERE id = ?2", error);
      if (set == NULL)
        return -1;
      sqlite3_bind_text (set, 1, docket_concern_names[concern], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (set, 2, sqlite3_column_int64 (stmt, 0));
      if (!docket_db_step_done (db, set, error))
        return -1;
      g_clear_pointer (&set, docket_stmt_release);
      if (sqlite3_column_int (stmt, 4))
        {
          set = docket_db_prepare (db, "UPDATE cases SET concern = ?1 WHERE id = ?2", error);
          if (set == NULL)
            return -1;
          sqlite3_bind_text (set, 1, docket_concern_names[concern], -1, SQLITE_STATIC);
          sqlite3_bind_int64 (set, 2, sqlite3_column_int64 (stmt, 1));
          if (!docket_db_step_done (db, set, error))
            return -1;
          g_clear_pointer (&set, docket_stmt_release);
        }
      n++;
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading the record for the concern", error), -1;
  if (n > 0)
    {
      g_autofree char *summary = g_strdup_printf ("%d earlier decision%s given the category of their "
                                                  "concern, worked out from the record", n, n == 1 ? "" : "s");
      if (!docket_audit_store_append (store, "system", "decision.concern", "decisions", summary, error))
        return -1;
    }
  return n;
}

int
docket_concerns_backfill (DocketStore  *store,
                          GError      **error)
{
  int n;

  if (!docket_store_begin_write (store, error))
    return -1;
  n = backfill_in_txn (store, error);
  if (!docket_store_end (store, n >= 0, error))
    return -1;
  return n;
}
