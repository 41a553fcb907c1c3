/* Safeguarding training and DBS checks: recording them, the dates they
 * are due, and the suspension, reinstatement and referral that follow a
 * missed deadline. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-input.h"
#include "docket-names.h"
#include "docket-validate.h"
#include "docket-compliance-records.h"
#include "docket-driver-store.h"
#include "docket-listing.h"
#include "docket-policy.h"
#include "docket-training.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64

#define PROVIDER_MAX     200

#define CERTIFICATE_MAX  64

/* Training -------------------------------------------------------------- */

static int training_tick_as (DocketStore *store, const char *user, gint64 only, GError **error);

static gboolean
record_training_in_txn (DocketStore *store, const DocketCaller *caller, const char *licence,
                        GVariant *in, gint64 *id_out, GError **error)
{
  static const char * const keys[] = { "date", "provider", "certificate", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *date = NULL, *provider = NULL, *certificate = NULL;
  g_autofree char *now = docket_store_now (), *summary = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  gint64 driver, id;

  if (!docket_validate_keys (in, keys, error) ||
      !docket_input_date (in, "date", "training date", DOCKET_INPUT_KEEP_EMPTY | DOCKET_INPUT_PAST, &date, error) ||
      !docket_input_text (in, "provider", "provider", PROVIDER_MAX, DOCKET_INPUT_KEEP_EMPTY, &provider, error) ||
      !docket_input_text (in, "certificate", "certificate reference", CERTIFICATE_MAX, DOCKET_INPUT_KEEP_EMPTY, &certificate, error))
    return FALSE;
  if (date == NULL || *date == '\0')
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "training date is required");
  if (provider == NULL || *provider == '\0')
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "provider is required");

  driver = docket_driver_store_lookup (store, licence, error);
  if (driver < 0)
    return FALSE;
  id = docket_store_next_id (store, "training", error);
  if (id < 0)
    return FALSE;
  stmt = docket_db_prepare (db,
      "INSERT INTO training (id, driver_id, date, provider, certificate, created, created_by) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, driver);
  sqlite3_bind_text (stmt, 3, date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, provider, -1, SQLITE_STATIC);
  docket_db_bind_text_or_null (stmt, 5, certificate);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, caller->user, -1, SQLITE_STATIC);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;

  summary = g_strdup_printf ("safeguarding training of %s recorded (%s)", date, provider);
  if (!docket_audit_store_append (store, caller->user, "training.record", licence, summary, error))
    return FALSE;
  /* Reinstates a licence held for want of training, and resolves the flag. */
  if (training_tick_as (store, caller->user, driver, error) < 0)
    return FALSE;
  *id_out = id;
  return TRUE;
}

gint64
docket_training_record (DocketStore        *store,
                        const DocketCaller *caller,
                        const char         *licence,
                        GVariant           *training,
                        GError            **error)
{
  g_autofree char *what = g_strdup_printf ("Licence %s: training", licence);
  gint64 id = 0;

  if (!docket_store_begin_write (store, error))
    return 0;
  if (!docket_store_finish (store, record_training_in_txn (store, caller, licence, training, &id, error), error, "%s", what))
    return 0;
  return id;
}

static gboolean
set_dates_in_txn (DocketStore *store, const DocketCaller *caller, const char *licence,
                  GVariant *in, GError **error)
{
  static const char * const keys[] = { "training-deadline", "training-final", "medical-due", NULL };
  const DocketConfig *config = docket_store_get_config (store);
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *deadline = NULL, *final = NULL, *medical = NULL, *summary = NULL;
  g_auto(DocketComplianceDates) d = { 0 };
  g_autoptr(GString) what = g_string_new (NULL);
  gint64 driver;

  if (!docket_validate_keys (in, keys, error) ||
      !docket_input_date (in, "training-deadline", "training deadline", DOCKET_INPUT_KEEP_EMPTY, &deadline, error) ||
      !docket_input_date (in, "training-final", "final date for training", DOCKET_INPUT_KEEP_EMPTY, &final, error) ||
      !docket_input_date (in, "medical-due", "medical due date", DOCKET_INPUT_KEEP_EMPTY, &medical, error))
    return FALSE;
  if (g_variant_n_children (in) == 0)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT,
                             "no dates given; use training-deadline, training-final or medical-due");

  driver = docket_driver_store_lookup (store, licence, error);
  if (driver < 0 || !docket_compliance_dates_load (db, driver, &d, error))
    return FALSE;

  if (deadline != NULL)
    {
      g_free (d.deadline);
      d.deadline = g_strdup (*deadline ? deadline : NULL);
      g_string_append_printf (what, "training deadline %s; ", *deadline ? deadline : "cleared");
      /* A new deadline brings the default final date unless one is given. */
      if (final == NULL)
        {
          g_free (d.final);
          d.final = *deadline ? docket_date_add_days (deadline, (int) config->training_final_days) : NULL;
        }
    }
  if (final != NULL)
    {
      g_free (d.final);
      d.final = g_strdup (*final ? final : NULL);
    }
  if (d.final != NULL)
    g_string_append_printf (what, "final date %s; ", d.final);
  if (medical != NULL)
    {
      g_free (d.medical);
      d.medical = g_strdup (*medical ? medical : NULL);
      g_string_append_printf (what, "medical due %s; ", *medical ? medical : "cleared");
    }
  if (d.final != NULL && d.deadline == NULL)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT,
                             "final date for training %s needs a training deadline", d.final);
  if (d.final != NULL && strcmp (d.final, d.deadline) < 0)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT,
                             "final date for training %s is before the training deadline %s",
                             d.final, d.deadline);
  if (!docket_compliance_dates_save (db, driver, &d, error))
    return FALSE;
  g_string_truncate (what, what->len >= 2 ? what->len - 2 : 0);
  if (!docket_audit_store_append (store, caller->user, "compliance.dates", licence, what->str, error))
    return FALSE;
  /* A deadline already passed suspends at once; one moved later lifts it. */
  return training_tick_as (store, caller->user, driver, error) >= 0;
}

gboolean
docket_training_set_dates (DocketStore        *store,
                           const DocketCaller *caller,
                           const char         *licence,
                           GVariant           *dates,
                           GError            **error)
{
  g_autofree char *what = g_strdup_printf ("Licence %s", licence);

  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, set_dates_in_txn (store, caller, licence, dates, error), error, "%s", what);
}

/* DBS checks ------------------------------------------------------------ */

static gboolean
record_dbs_in_txn (DocketStore *store, const DocketCaller *caller, const char *licence,
                   GVariant *in, gint64 *id_out, GError **error)
{
  static const char * const keys[] = { "date", "kind", "result", "certificate", "barred-lists", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *date = NULL, *certificate = NULL, *summary = NULL;
  g_autofree char *now = docket_store_now ();
  g_autoptr(GVariant) barred_v = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  gboolean barred = FALSE;
  int kind, result;
  gint64 driver, id;

  if (!docket_validate_keys (in, keys, error) ||
      !docket_input_date (in, "date", "DBS check date", DOCKET_INPUT_KEEP_EMPTY | DOCKET_INPUT_PAST, &date, error) ||
      !docket_input_enum (in, "kind", "DBS check kind", docket_dbs_kind_names, &kind, error) ||
      !docket_input_enum (in, "result", "DBS result", docket_dbs_result_names, &result, error) ||
      !docket_input_text (in, "certificate", "DBS certificate number", CERTIFICATE_MAX, DOCKET_INPUT_KEEP_EMPTY, &certificate, error))
    return FALSE;
  barred_v = g_variant_lookup_value (in, "barred-lists", NULL);
  if (barred_v != NULL && !g_variant_is_of_type (barred_v, G_VARIANT_TYPE_BOOLEAN))
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "barred-lists must be a boolean");
  barred = barred_v != NULL && g_variant_get_boolean (barred_v);
  if (date == NULL || *date == '\0')
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "DBS check date is required");
  if (kind < 0)
    {
      g_autofree char *list = docket_enum_describe (docket_dbs_kind_names);
      return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "DBS check kind is required: %s", list);
    }
  if (result < 0)
    {
      g_autofree char *list = docket_enum_describe (docket_dbs_result_names);
      return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "DBS result is required: %s", list);
    }
  if (certificate != NULL && *certificate != '\0')
    {
      const DocketFieldSpec *spec = docket_field_spec_lookup (docket_driver_fields, "dbs-certificate");
      g_autofree char *norm = docket_field_normalize (spec, certificate);
      if (!docket_field_validate (spec, norm, error))
        return FALSE;
      g_free (certificate);
      certificate = g_steal_pointer (&norm);
    }

  driver = docket_driver_store_lookup (store, licence, error);
  if (driver < 0)
    return FALSE;
  id = docket_store_next_id (store, "dbs_checks", error);
  if (id < 0)
    return FALSE;
  stmt = docket_db_prepare (db,
      "INSERT INTO dbs_checks (id, driver_id, date, kind, barred_lists, created, created_by, "
      "result, certificate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, driver);
  sqlite3_bind_text (stmt, 3, date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, docket_dbs_kind_names[kind], -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, barred ? 1 : 0);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, caller->user, -1, SQLITE_STATIC);
  docket_store_bind_encrypted (store, stmt, 8, "dbs_checks", "result", id, docket_dbs_result_names[result]);
  docket_store_bind_encrypted (store, stmt, 9, "dbs_checks", "certificate", id, certificate);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  /* The result is DBS detail: the audit entry names the check only. */
  summary = g_strdup_printf ("%s DBS check of %s recorded%s", docket_dbs_kind_names[kind], date,
                             barred ? ", with both barred lists" : "");
  if (!docket_audit_store_append (store, caller->user, "dbs.record", licence, summary, error))
    return FALSE;
  *id_out = id;
  return TRUE;
}

gint64
docket_training_record_dbs (DocketStore        *store,
                            const DocketCaller *caller,
                            const char         *licence,
                            GVariant           *check,
                            GError            **error)
{
  g_autofree char *what = g_strdup_printf ("Licence %s: DBS check", licence);
  gint64 id = 0;

  if (!docket_store_begin_write (store, error))
    return 0;
  if (!docket_store_finish (store, record_dbs_in_txn (store, caller, licence, check, &id, error), error, "%s", what))
    return 0;
  return id;
}

/* Starts (@date given) or lifts (@date NULL; @how: training or status) the
 * hold on a licence for want of training, with its history. */
static gboolean
set_training_suspended (DocketDb *db, gint64 driver, const char *date, const char *how,
                        GError **error)
{
  g_autofree char *now = docket_store_now (), *today = docket_today ();
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "UPDATE compliance SET training_suspended = ?, modified = ? WHERE driver_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  docket_db_bind_text_or_null (stmt, 1, date);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, driver);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, docket_stmt_release);
  if (date != NULL)
    {
      stmt = docket_db_prepare (db, "INSERT INTO training_holds (driver_id, suspended) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, driver);
      sqlite3_bind_text (stmt, 2, date, -1, SQLITE_STATIC);
    }
  else
    {
      stmt = docket_db_prepare (db, "UPDATE training_holds SET lifted = ?, lifted_by = ? "
                                "WHERE driver_id = ? AND lifted IS NULL", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, how, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, driver);
    }
  return docket_db_step_done (db, stmt, error);
}

/* The next scheduled hearing, far enough ahead for the notice period, with
 * room for a case and the driver not already on it; 0 when none. */
static gint64
next_hearing (DocketStore *store, gint64 driver, const char *today, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *from = docket_date_add_days (today, (int) docket_store_get_config (store)->notice_days);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT h.id FROM hearings h WHERE h.state = 'scheduled' AND h.date > ?1 AND h.date >= ?2 "
      "AND (SELECT COUNT(*) FROM cases c WHERE c.hearing_id = h.id) < h.capacity "
      "AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.hearing_id = h.id AND c.driver_id = ?3) "
      "ORDER BY h.date, h.time, h.id LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, from, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, driver);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return col_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    return 0;
  docket_db_set_error (db, rc, "Finding a hearing", error);
  return -1;
}

static gint64
live_flag (DocketDb *db, gint64 driver, const char *rule, char **status, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT id, status FROM flags WHERE driver_id = ? AND rule = ? "
      "AND status IN ('open', 'referred')", error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, driver);
  sqlite3_bind_text (stmt, 2, rule, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *status = g_strdup (col_text (stmt, 1));
      return col_int64 (stmt, 0);
    }
  if (rc == SQLITE_DONE)
    return 0;
  docket_db_set_error (db, rc, "Reading flags", error);
  return -1;
}

/* Refers a training flag whose final date passed to the next hearing with
 * room. A listing that cannot be made (the hearing filled meanwhile) is
 * undone alone and tried again at the next tick. */
static int
refer_training (DocketStore *store, const char *user, gint64 driver, const char *final,
                const char *today, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  DocketCaller system = { user, 1u << DOCKET_ROLE_OFFICER };
  g_autofree char *status = NULL, *evidence = NULL;
  g_autoptr(GError) local = NULL;
  gint64 flag, hearing, case_id = 0;

  flag = live_flag (db, driver, "training", &status, error);
  if (flag < 0)
    return -1;
  if (flag == 0)
    {
      evidence = g_strdup_printf ("the final date for safeguarding training, %s, passed without it", final);
      if (!docket_flag_insert (store, driver, "training", evidence, today, 0, user, &flag, error))
        return -1;
      status = g_strdup ("open");
    }
  if (!g_str_equal (status, "open"))
    return 0;
  hearing = next_hearing (store, driver, today, error);
  if (hearing <= 0)
    return (int) hearing;
  if (!docket_db_exec (db, "SAVEPOINT refer_training", error))
    return -1;
  if (!docket_policy_refer_flag_in_txn (store, &system, flag, hearing,
                     "the final date for safeguarding training passed", NULL, NULL, &case_id, &local))
    {
      g_message ("Cannot refer flag %" G_GINT64_FORMAT " to hearing %" G_GINT64_FORMAT ": %s",
                 flag, hearing, local->message);
      if (!docket_db_exec (db, "ROLLBACK TO refer_training", error))
        return -1;
    }
  if (!docket_db_exec (db, "RELEASE refer_training", error))
    return -1;
  return case_id > 0 ? 1 : 0;
}

static int
training_tick_as (DocketStore *store, const char *user, gint64 only, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *today = docket_today ();
  g_autoptr(GArray) ids = NULL;
  int changes = 0;

  /* Training now recorded: reinstate; a licence no longer suspended (a
   * hearing revoked it, say): forget the hold. */
  ids = docket_compliance_collect_ids (db,
      "SELECT c.driver_id FROM compliance c JOIN drivers d ON d.id = c.driver_id "
      "WHERE c.training_suspended IS NOT NULL AND ?1 IS NOT NULL AND (?2 = 0 OR c.driver_id = ?2) "
      "AND (d.status <> 'suspended' OR EXISTS (SELECT 1 FROM training t WHERE t.driver_id = d.id))",
      today, only, error);
  if (ids == NULL)
    return -1;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 driver = g_array_index (ids, gint64, i);
      g_autofree char *status = docket_driver_store_licence_status (store, driver, error);
      gboolean trained = FALSE;

      if (status == NULL || !docket_compliance_has_training (db, driver, &trained, error))
        return -1;
      if (trained && g_str_equal (status, "suspended"))
        {
          if (!docket_driver_store_set_status (store, user, driver, "active", NULL,
                                               "safeguarding training completed", FALSE, error))
            return -1;
          changes++;
        }
      if (!set_training_suspended (db, driver, NULL, trained ? "training" : "status", error))
        return -1;
    }
  g_clear_pointer (&ids, g_array_unref);

  /* The deadline passed without training: suspend. */
  ids = docket_compliance_collect_ids (db,
      "SELECT d.id FROM drivers d JOIN compliance c ON c.driver_id = d.id "
      "WHERE d.status = 'active' AND c.training_deadline < ?1 AND c.training_suspended IS NULL "
      "AND (?2 = 0 OR d.id = ?2) "
      "AND NOT EXISTS (SELECT 1 FROM training t WHERE t.driver_id = d.id)",
      today, only, error);
  if (ids == NULL)
    return -1;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 driver = g_array_index (ids, gint64, i);

      if (!docket_driver_store_set_status (store, user, driver, "suspended", NULL,
                                           DOCKET_TRAINING_SUSPENSION_REASON, FALSE, error) ||
          !set_training_suspended (db, driver, today, NULL, error))
        return -1;
      changes++;
    }
  g_clear_pointer (&ids, g_array_unref);

  /* Training done: its open flag no longer applies. */
  ids = docket_compliance_collect_ids (db,
      "SELECT f.id FROM flags f WHERE f.rule = 'training' AND f.status = 'open' "
      "AND ?1 IS NOT NULL AND (?2 = 0 OR f.driver_id = ?2) "
      "AND EXISTS (SELECT 1 FROM training t WHERE t.driver_id = f.driver_id)",
      today, only, error);
  if (ids == NULL)
    return -1;
  for (guint i = 0; i < ids->len; i++)
    if (!docket_flag_set_status (store, g_array_index (ids, gint64, i), "resolved", user, NULL, 0, error))
      return -1;
  g_clear_pointer (&ids, g_array_unref);

  /* The final date passed without training: refer for a hearing. */
  {
    g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
        "SELECT d.id, c.training_final FROM drivers d JOIN compliance c ON c.driver_id = d.id "
        "WHERE " DOCKET_HOLDERS_SQL " AND c.training_final < ?1 AND (?2 = 0 OR d.id = ?2) "
        "AND NOT EXISTS (SELECT 1 FROM training t WHERE t.driver_id = d.id)", error);
    g_autoptr(GPtrArray) finals = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GArray) drivers = g_array_new (FALSE, FALSE, sizeof (gint64));
    int rc;

    if (stmt == NULL)
      return -1;
    sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, only);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = col_int64 (stmt, 0);
        g_array_append_val (drivers, id);
        g_ptr_array_add (finals, g_strdup (col_text (stmt, 1)));
      }
    if (rc != SQLITE_DONE)
      {
        docket_db_set_error (db, rc, "Reading compliance", error);
        return -1;
      }
    g_clear_pointer (&stmt, docket_stmt_release);
    for (guint i = 0; i < drivers->len; i++)
      {
        int n = refer_training (store, user, g_array_index (drivers, gint64, i),
                                finals->pdata[i], today, error);
        if (n < 0)
          return -1;
        changes += n;
      }
  }
  return changes;
}

static int
training_tick_in_txn (DocketStore *store, gint64 only_driver, GError **error)
{
  return training_tick_as (store, DOCKET_SYSTEM_USER, only_driver, error);
}

int
docket_training_tick (DocketStore  *store,
                      GError      **error)
{
  int n;

  if (!docket_store_begin_write (store, error))
    return -1;
  n = training_tick_in_txn (store, 0, error);
  if (!docket_store_end (store, n >= 0, error))
    return -1;
  return n;
}

/* The date the next DBS check falls due: the policy's months after the
 * latest check; NULL when there has been none. */
char *
docket_training_dbs_due_date (DocketStore *store, const char *last)
{
  if (last == NULL)
    return NULL;
  return docket_date_add_months (last, (int) docket_store_get_config (store)->dbs_update_months);
}
