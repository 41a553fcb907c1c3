/* Compliance with the licensing policy: dates, training, DBS checks, audit
 * runs and flags, and the scheduler's tasks that keep them true. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-compliance.h"
#include "docket-driver-store.h"
#include "docket-effects.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-names.h"
#include "docket-validate.h"

#define col_text  docket_col_text
#define col_int64 docket_col_int64

#define PROVIDER_MAX     200
#define CERTIFICATE_MAX  64
#define REASON_MAX       4000
#define HOLDERS          "d.status IN ('active', 'suspended')"

/* Commits, or rolls back and names the record when the error does not. */
static gboolean
finish (DocketStore *store, gboolean ok, const char *what, GError **error)
{
  if (ok && docket_store_commit (store, error))
    return TRUE;
  docket_store_rollback (store);
  if (what != NULL && error != NULL && *error != NULL &&
      !g_str_has_prefix ((*error)->message, "Licence ") &&
      !g_str_has_prefix ((*error)->message, "Flag ") &&
      !g_str_has_prefix ((*error)->message, "Hearing ") &&
      !g_str_has_prefix ((*error)->message, "Case "))
    g_prefix_error (error, "%s: ", what);
  return FALSE;
}

/* Input dictionaries ------------------------------------------------------ */

/* A string field: absent leaves @out NULL; present must be a valid string
 * (trimmed). */
static gboolean
opt_string (GVariant *dict, const char *key, const char *label, guint max, char **out,
            GError **error)
{
  g_autoptr(GVariant) v = g_variant_lookup_value (dict, key, NULL);

  *out = NULL;
  if (v == NULL)
    return TRUE;
  if (!g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "%s must be a string", label);
  *out = g_strstrip (g_variant_dup_string (v, NULL));
  if (!docket_validate_text (label, *out, max, FALSE, error))
    {
      g_clear_pointer (out, g_free);
      return FALSE;
    }
  return TRUE;
}

static gboolean
opt_date (GVariant *dict, const char *key, const char *label, gboolean past_only,
          char **out, GError **error)
{
  g_autofree char *today = NULL;

  if (!opt_string (dict, key, label, 10, out, error))
    return FALSE;
  if (*out == NULL || **out == '\0')
    return TRUE;
  if (!docket_validate_date (label, *out, error))
    goto fail;
  today = docket_today ();
  if (past_only && strcmp (*out, today) > 0)
    {
      docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT,
                        "%s %s is in the future (today is %s)", label, *out, today);
      goto fail;
    }
  return TRUE;

fail:
  g_clear_pointer (out, g_free);
  return FALSE;
}

static gboolean
opt_enum (GVariant *dict, const char *key, const char *label, const char * const *names,
          int *out, GError **error)
{
  g_autofree char *s = NULL;

  *out = -1;
  if (!opt_string (dict, key, label, 64, &s, error))
    return FALSE;
  if (s == NULL)
    return TRUE;
  *out = docket_enum_from_string (names, s);
  if (*out < 0)
    {
      g_autofree char *list = docket_enum_describe (names);
      return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT,
                               "%s %s is not known; use %s", label, s, list);
    }
  return TRUE;
}

static gboolean
bind_opt_text (sqlite3_stmt *stmt, int param, const char *value)
{
  if (value != NULL && *value != '\0')
    sqlite3_bind_text (stmt, param, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, param);
  return TRUE;
}

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

static char *
flag_object (gint64 flag)
{
  return g_strdup_printf ("flag %" G_GINT64_FORMAT, flag);
}

/* Per-driver dates ------------------------------------------------------- */

typedef struct {
  char *deadline;
  char *final;
  char *medical;
  char *suspended;
} Dates;

static void
dates_clear (Dates *d)
{
  g_clear_pointer (&d->deadline, g_free);
  g_clear_pointer (&d->final, g_free);
  g_clear_pointer (&d->medical, g_free);
  g_clear_pointer (&d->suspended, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Dates, dates_clear)

static gboolean
load_dates (DocketDb *db, gint64 driver, Dates *d, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT training_deadline, training_final, medical_due, training_suspended "
      "FROM compliance WHERE driver_id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, driver);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      d->deadline = g_strdup (col_text (stmt, 0));
      d->final = g_strdup (col_text (stmt, 1));
      d->medical = g_strdup (col_text (stmt, 2));
      d->suspended = g_strdup (col_text (stmt, 3));
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    return TRUE;
  return docket_db_set_error (db, rc, "Reading compliance dates", error);
}

static gboolean
save_dates (DocketDb *db, gint64 driver, const Dates *d, GError **error)
{
  g_autofree char *now = docket_store_now ();
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "INSERT INTO compliance (driver_id, training_deadline, training_final, medical_due, "
      "training_suspended, modified) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
      "ON CONFLICT (driver_id) DO UPDATE SET training_deadline = ?2, training_final = ?3, "
      "medical_due = ?4, training_suspended = ?5, modified = ?6", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, driver);
  bind_opt_text (stmt, 2, d->deadline);
  bind_opt_text (stmt, 3, d->final);
  bind_opt_text (stmt, 4, d->medical);
  bind_opt_text (stmt, 5, d->suspended);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  return docket_db_step_done (db, stmt, error);
}

static gboolean
has_training (DocketDb *db, gint64 driver, gboolean *out, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT EXISTS (SELECT 1 FROM training WHERE driver_id = ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, driver);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return docket_db_set_error (db, rc, "Reading training", error);
  *out = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

/* Training -------------------------------------------------------------- */

static int training_tick_as (DocketStore *store, const char *user, gint64 only, GError **error);

static gboolean
record_training_locked (DocketStore *store, const DocketCaller *caller, const char *licence,
                        GVariant *in, gint64 *id_out, GError **error)
{
  static const char * const keys[] = { "date", "provider", "certificate", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *date = NULL, *provider = NULL, *certificate = NULL;
  g_autofree char *now = docket_store_now (), *summary = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  gint64 driver, id;

  if (!docket_validate_keys (in, keys, error) ||
      !opt_date (in, "date", "training date", TRUE, &date, error) ||
      !opt_string (in, "provider", "provider", PROVIDER_MAX, &provider, error) ||
      !opt_string (in, "certificate", "certificate reference", CERTIFICATE_MAX, &certificate, error))
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
  bind_opt_text (stmt, 5, certificate);
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
docket_compliance_record_training (DocketStore        *store,
                                   const DocketCaller *caller,
                                   const char         *licence,
                                   GVariant           *training,
                                   GError            **error)
{
  g_autofree char *what = g_strdup_printf ("Licence %s: training", licence);
  gint64 id = 0;

  if (!docket_store_begin_write (store, error))
    return 0;
  if (!finish (store, record_training_locked (store, caller, licence, training, &id, error),
               what, error))
    return 0;
  return id;
}

static gboolean
set_dates_locked (DocketStore *store, const DocketCaller *caller, const char *licence,
                  GVariant *in, GError **error)
{
  static const char * const keys[] = { "training-deadline", "training-final", "medical-due", NULL };
  const DocketConfig *config = docket_store_get_config (store);
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *deadline = NULL, *final = NULL, *medical = NULL, *summary = NULL;
  g_auto(Dates) d = { 0 };
  g_autoptr(GString) what = g_string_new (NULL);
  gint64 driver;

  if (!docket_validate_keys (in, keys, error) ||
      !opt_date (in, "training-deadline", "training deadline", FALSE, &deadline, error) ||
      !opt_date (in, "training-final", "final date for training", FALSE, &final, error) ||
      !opt_date (in, "medical-due", "medical due date", FALSE, &medical, error))
    return FALSE;
  if (g_variant_n_children (in) == 0)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT,
                             "no dates given; use training-deadline, training-final or medical-due");

  driver = docket_driver_store_lookup (store, licence, error);
  if (driver < 0 || !load_dates (db, driver, &d, error))
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
  if (!save_dates (db, driver, &d, error))
    return FALSE;
  g_string_truncate (what, what->len >= 2 ? what->len - 2 : 0);
  if (!docket_audit_store_append (store, caller->user, "compliance.dates", licence, what->str, error))
    return FALSE;
  /* A deadline already passed suspends at once; one moved later lifts it. */
  return training_tick_as (store, caller->user, driver, error) >= 0;
}

gboolean
docket_compliance_set_dates (DocketStore        *store,
                             const DocketCaller *caller,
                             const char         *licence,
                             GVariant           *dates,
                             GError            **error)
{
  g_autofree char *what = g_strdup_printf ("Licence %s", licence);

  if (!docket_store_begin_write (store, error))
    return FALSE;
  return finish (store, set_dates_locked (store, caller, licence, dates, error), what, error);
}

/* DBS checks ------------------------------------------------------------ */

static gboolean
record_dbs_locked (DocketStore *store, const DocketCaller *caller, const char *licence,
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
      !opt_date (in, "date", "DBS check date", TRUE, &date, error) ||
      !opt_enum (in, "kind", "DBS check kind", docket_dbs_kind_names, &kind, error) ||
      !opt_enum (in, "result", "DBS result", docket_dbs_result_names, &result, error) ||
      !opt_string (in, "certificate", "DBS certificate number", CERTIFICATE_MAX, &certificate, error))
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
docket_compliance_record_dbs (DocketStore        *store,
                              const DocketCaller *caller,
                              const char         *licence,
                              GVariant           *check,
                              GError            **error)
{
  g_autofree char *what = g_strdup_printf ("Licence %s: DBS check", licence);
  gint64 id = 0;

  if (!docket_store_begin_write (store, error))
    return 0;
  if (!finish (store, record_dbs_locked (store, caller, licence, check, &id, error), what, error))
    return 0;
  return id;
}

/* Flags ----------------------------------------------------------------- */

/* How each rule reads on a case's grounds and in the client. */
static const char *
rule_title (const char *rule)
{
  static const struct { const char *rule, *title; } titles[] = {
    { "training", "safeguarding training" },
    { "dbs-enhanced", "enhanced DBS check" },
    { "dbs-update", "DBS Update Service check" },
    { "dbs-result", "DBS result" },
    { "licence-expiry", "licence expiry" },
    { "medical", "medical" },
    { "convictions", "convictions" },
    { "complaints", "complaints" },
    { "self-report", "self-reporting" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (titles[i].rule, rule))
      return titles[i].title;
  return rule;
}

typedef struct {
  gint64  id;
  gint64  driver;
  char   *licence;
  char   *rule;
  char   *evidence;
  char   *status;
  gint64  case_id;
} FlagCore;

static void
flag_core_clear (FlagCore *f)
{
  g_clear_pointer (&f->licence, g_free);
  g_clear_pointer (&f->rule, g_free);
  g_clear_pointer (&f->evidence, g_free);
  g_clear_pointer (&f->status, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FlagCore, flag_core_clear)

static gboolean
load_flag (DocketDb *db, gint64 id, FlagCore *f, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT f.driver_id, d.licence, f.rule, f.evidence, f.status, f.case_id "
      "FROM flags f JOIN drivers d ON d.id = f.driver_id WHERE f.id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return docket_error_set (error, DOCKET_ERROR_NOT_FOUND, "Flag %" G_GINT64_FORMAT ": no such flag", id);
  if (rc != SQLITE_ROW)
    return docket_db_set_error (db, rc, "Reading a flag", error);
  f->id = id;
  f->driver = col_int64 (stmt, 0);
  f->licence = g_strdup (col_text (stmt, 1));
  f->rule = g_strdup (col_text (stmt, 2));
  f->evidence = g_strdup (col_text (stmt, 3));
  f->status = g_strdup (col_text (stmt, 4));
  f->case_id = col_int64 (stmt, 5);
  return TRUE;
}

static gboolean
insert_flag (DocketStore *store, gint64 driver, const char *rule, const char *evidence,
             const char *today, gint64 run, const char *user, gint64 *id_out, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *now = docket_store_now ();
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "INSERT INTO flags (driver_id, rule, evidence, raised, run_id, last_run_id, status, "
      "status_date, status_by, modified) VALUES (?1, ?2, ?3, ?4, ?5, ?5, 'open', ?4, ?6, ?7)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, driver);
  sqlite3_bind_text (stmt, 2, rule, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, evidence, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, today, -1, SQLITE_STATIC);
  if (run > 0)
    sqlite3_bind_int64 (stmt, 5, run);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_text (stmt, 6, user, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  if (id_out != NULL)
    *id_out = sqlite3_last_insert_rowid (docket_db_get_handle (db));
  return TRUE;
}

/* Moves a flag to @status, with who and (encrypted) why. */
static gboolean
set_flag_status (DocketStore *store, gint64 flag, const char *status, const char *user,
                 const char *reason, gint64 case_id, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *now = docket_store_now (), *today = docket_today ();
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "UPDATE flags SET status = ?1, status_date = ?2, status_by = ?3, modified = ?4, "
      "reason = COALESCE(?5, reason), case_id = COALESCE(?6, case_id), "
      "referred = CASE WHEN ?6 IS NULL THEN referred ELSE ?2 END WHERE id = ?7", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, user, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  docket_store_bind_encrypted (store, stmt, 5, "flags", "reason", flag, reason);
  if (case_id > 0)
    sqlite3_bind_int64 (stmt, 6, case_id);
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_int64 (stmt, 7, flag);
  return docket_db_step_done (db, stmt, error);
}

static gboolean
dismiss_locked (DocketStore *store, const DocketCaller *caller, gint64 id, const char *reason_in,
                GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(FlagCore) f = { 0 };
  g_autofree char *reason = g_strstrip (g_strdup (reason_in));
  g_autofree char *obj = flag_object (id), *summary = NULL;

  if (!load_flag (db, id, &f, error))
    return FALSE;
  if (*reason == '\0')
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT,
                             "Flag %" G_GINT64_FORMAT ": reason is required to dismiss a flag", id);
  if (!docket_validate_text ("reason", reason, REASON_MAX, TRUE, error))
    return FALSE;
  if (g_str_equal (f.status, "referred"))
    {
      g_autoptr(DocketStmt) stmt = docket_db_prepare (db, "SELECT outcome FROM cases WHERE id = ?", error);
      const char *outcome;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, f.case_id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        return docket_db_set_error (db, SQLITE_NOTFOUND, "Reading the flag's case", error);
      outcome = col_text (stmt, 0);
      if (outcome == NULL || g_str_equal (outcome, "deferred"))
        return docket_error_set (error, DOCKET_ERROR_CONFLICT,
                                 "Flag %" G_GINT64_FORMAT ": its case %" G_GINT64_FORMAT
                                 " is still to be decided", id, f.case_id);
    }
  else if (!g_str_equal (f.status, "open"))
    return docket_error_set (error, DOCKET_ERROR_CONFLICT,
                             "Flag %" G_GINT64_FORMAT " is %s: only an open flag can be dismissed",
                             id, f.status);
  if (!set_flag_status (store, id, "dismissed", caller->user, reason, 0, error))
    return FALSE;
  summary = g_strdup_printf ("licence %s, rule %s: dismissed", f.licence, f.rule);
  return docket_audit_store_append (store, caller->user, "flag.dismiss", obj, summary, error);
}

gboolean
docket_compliance_dismiss_flag (DocketStore        *store,
                                const DocketCaller *caller,
                                gint64              flag,
                                const char         *reason,
                                GError            **error)
{
  g_autofree char *what = flag_object (flag);

  what[0] = 'F';
  if (!docket_store_begin_write (store, error))
    return FALSE;
  return finish (store, dismiss_locked (store, caller, flag, reason, error), what, error);
}

static gboolean
refer_locked (DocketStore *store, const DocketCaller *caller, gint64 id, gint64 hearing,
              const char *reason, const char *notified, GPtrArray *warnings, gint64 *case_out,
              GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(FlagCore) f = { 0 };
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *grounds = NULL, *obj = flag_object (id), *summary = NULL;
  g_autoptr(GVariant) details = NULL;
  gint64 case_id = 0;

  if (!load_flag (db, id, &f, error))
    return FALSE;
  if (!g_str_equal (f.status, "open"))
    return docket_error_set (error, DOCKET_ERROR_CONFLICT,
                             "Flag %" G_GINT64_FORMAT " is %s: only an open flag can be referred",
                             id, f.status);
  grounds = g_strdup_printf ("Audit flag %" G_GINT64_FORMAT " (%s): %s", id, rule_title (f.rule), f.evidence);
  g_variant_builder_add (&b, "{sv}", "kind", g_variant_new_string ("review"));
  g_variant_builder_add (&b, "{sv}", "grounds", g_variant_new_string (grounds));
  if (notified != NULL && *notified != '\0')
    g_variant_builder_add (&b, "{sv}", "notified", g_variant_new_string (notified));
  details = g_variant_ref_sink (g_variant_builder_end (&b));
  if (!docket_hearing_store_add_case_locked (store, caller, hearing, f.licence, details, warnings,
                                             &case_id, error))
    return FALSE;
  if (!set_flag_status (store, id, "referred", caller->user, reason, case_id, error))
    return FALSE;
  summary = g_strdup_printf ("licence %s, rule %s: referred to hearing %" G_GINT64_FORMAT
                             " as case %" G_GINT64_FORMAT, f.licence, f.rule, hearing, case_id);
  if (!docket_audit_store_append (store, caller->user, "flag.refer", obj, summary, error))
    return FALSE;
  *case_out = case_id;
  return TRUE;
}

gint64
docket_compliance_refer_flag (DocketStore        *store,
                              const DocketCaller *caller,
                              gint64              flag,
                              gint64              hearing,
                              GVariant           *details,
                              GPtrArray          *warnings,
                              GError            **error)
{
  static const char * const keys[] = { "reason", "notified", NULL };
  g_autofree char *what = flag_object (flag);
  g_autofree char *reason = NULL, *notified = NULL;
  gint64 case_id = 0;

  what[0] = 'F';
  if (!docket_validate_keys (details, keys, error) ||
      !opt_string (details, "reason", "reason", REASON_MAX, &reason, error) ||
      !opt_date (details, "notified", "date the driver was told", TRUE, &notified, error))
    {
      g_prefix_error (error, "%s: ", what);
      return 0;
    }
  if (!docket_store_begin_write (store, error))
    return 0;
  if (!finish (store, refer_locked (store, caller, flag, hearing, reason, notified, warnings,
                                    &case_id, error), what, error))
    return 0;
  return case_id;
}

/* The scheduler's tasks --------------------------------------------------- */

/* Collects the first integer column of every row of @sql, bound to @today
 * and @driver (0: all). */
static GArray *
collect_ids (DocketDb *db, const char *sql, const char *today, gint64 driver, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, sql, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, driver);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = col_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading compliance", error);
      return NULL;
    }
  return g_steal_pointer (&ids);
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
  bind_opt_text (stmt, 1, date);
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
      if (!insert_flag (store, driver, "training", evidence, today, 0, user, &flag, error))
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
  if (!refer_locked (store, &system, flag, hearing,
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
  ids = collect_ids (db,
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

      if (status == NULL || !has_training (db, driver, &trained, error))
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
  ids = collect_ids (db,
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
  ids = collect_ids (db,
      "SELECT f.id FROM flags f WHERE f.rule = 'training' AND f.status = 'open' "
      "AND ?1 IS NOT NULL AND (?2 = 0 OR f.driver_id = ?2) "
      "AND EXISTS (SELECT 1 FROM training t WHERE t.driver_id = f.driver_id)",
      today, only, error);
  if (ids == NULL)
    return -1;
  for (guint i = 0; i < ids->len; i++)
    if (!set_flag_status (store, g_array_index (ids, gint64, i), "resolved", user, NULL, 0, error))
      return -1;
  g_clear_pointer (&ids, g_array_unref);

  /* The final date passed without training: refer for a hearing. */
  {
    g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
        "SELECT d.id, c.training_final FROM drivers d JOIN compliance c ON c.driver_id = d.id "
        "WHERE " HOLDERS " AND c.training_final < ?1 AND (?2 = 0 OR d.id = ?2) "
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
training_tick_locked (DocketStore *store, gint64 only_driver, GError **error)
{
  return training_tick_as (store, DOCKET_SYSTEM_USER, only_driver, error);
}

int
docket_compliance_training_tick (DocketStore  *store,
                                 GError      **error)
{
  int n;

  if (!docket_store_begin_write (store, error))
    return -1;
  n = training_tick_locked (store, 0, error);
  if (!finish (store, n >= 0, NULL, error))
    return -1;
  return n;
}

int
docket_compliance_expire_licences (DocketStore  *store,
                                   GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *today = docket_today ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (!docket_store_get_config (store)->expire_licences)
    return 0;
  if (!docket_store_begin_write (store, error))
    return -1;
  {
    g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
        "SELECT d.id, d.expires FROM drivers d WHERE " HOLDERS " AND d.expires < ?", error);
    if (stmt == NULL)
      goto fail;
    ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = col_int64 (stmt, 0);
        g_array_append_val (ids, id);
        g_ptr_array_add (dates, g_strdup (col_text (stmt, 1)));
      }
    if (rc != SQLITE_DONE)
      {
        docket_db_set_error (db, rc, "Reading licences", error);
        goto fail;
      }
  }
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *reason = g_strdup_printf ("licence expired on %s", (char *) dates->pdata[i]);
      if (!docket_driver_store_set_status (store, DOCKET_SYSTEM_USER, g_array_index (ids, gint64, i),
                                           "expired", NULL, reason, FALSE, error))
        goto fail;
    }
  if (!docket_store_commit (store, error))
    goto fail;
  return (int) ids->len;

fail:
  docket_store_rollback (store);
  return -1;
}

static gint64 count_query (DocketDb *db, const char *sql, const char *today, GError **error);

int
docket_compliance_resolve_ended (DocketStore  *store,
                                 GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *today = docket_today (), *summary = NULL;
  g_autoptr(GArray) ids = NULL;

  if (!docket_store_begin_write (store, error))
    return -1;
  ids = collect_ids (db,
      "SELECT f.id FROM flags f JOIN drivers d ON d.id = f.driver_id "
      "WHERE f.status IN ('open', 'referred') AND d.status NOT IN ('active', 'suspended') "
      "AND ?1 IS NOT NULL AND ?2 = 0", today, 0, error);
  if (ids == NULL)
    goto fail;
  for (guint i = 0; i < ids->len; i++)
    if (!set_flag_status (store, g_array_index (ids, gint64, i), "resolved", DOCKET_SYSTEM_USER,
                          NULL, 0, error))
      goto fail;
  if (ids->len > 0)
    {
      summary = g_strdup_printf ("%u flags resolved: their licences are no longer held", ids->len);
      if (!docket_audit_store_append (store, DOCKET_SYSTEM_USER, "flag.resolve", "flags", summary, error))
        goto fail;
    }
  if (!docket_store_commit (store, error))
    goto fail;
  return (int) ids->len;

fail:
  docket_store_rollback (store);
  return -1;
}

gboolean
docket_compliance_audit_due (DocketStore  *store,
                             gboolean     *due,
                             GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  guint every = docket_store_get_config (store)->audit_every_days;
  g_autofree char *today = docket_today ();
  g_autoptr(DocketStmt) stmt = NULL;
  gint64 held;
  int rc;

  *due = FALSE;
  if (every == 0)
    return TRUE;
  /* Nothing to audit yet: a scheduled run would only add noise. */
  held = count_query (db, "SELECT EXISTS (SELECT 1 FROM drivers d WHERE " HOLDERS ")", NULL, error);
  if (held <= 0)
    return held == 0;
  stmt = docket_db_prepare (db, "SELECT MAX(as_of) FROM audit_runs", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return docket_db_set_error (db, rc, "Reading audit runs", error);
  if (col_text (stmt, 0) == NULL)
    *due = TRUE;
  else
    {
      g_autofree char *next = docket_date_add_days (col_text (stmt, 0), (int) every);
      *due = strcmp (next, today) <= 0;
    }
  return TRUE;
}

/* Audit runs -------------------------------------------------------------- */

typedef struct {
  gint64    driver;
  int       rule;
  char     *evidence;
  gboolean  known;       /* a live flag already shows it */
  gboolean  suppressed;  /* dismissed before with the same evidence */
} Finding;

typedef struct {
  GArray     *list;   /* Finding */
  GHashTable *index;  /* driver * N_RULES + rule -> position + 1 */
} Findings;

static void
finding_clear (gpointer p)
{
  g_free (((Finding *) p)->evidence);
}

static void
findings_init (Findings *f)
{
  f->list = g_array_new (FALSE, TRUE, sizeof (Finding));
  g_array_set_clear_func (f->list, finding_clear);
  f->index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static void
findings_clear (Findings *f)
{
  g_clear_pointer (&f->list, g_array_unref);
  g_clear_pointer (&f->index, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Findings, findings_clear)

static Finding *
findings_lookup (Findings *f, gint64 driver, int rule)
{
  gint64 key = driver * DOCKET_N_POLICY_RULES + rule;
  guint pos = GPOINTER_TO_UINT (g_hash_table_lookup (f->index, &key));

  return pos == 0 ? NULL : &g_array_index (f->list, Finding, pos - 1);
}

/* Takes @evidence. */
static void
findings_add (Findings *f, gint64 driver, int rule, char *evidence)
{
  Finding n = { driver, rule, evidence, FALSE, FALSE };
  gint64 *key = g_new (gint64, 1);

  *key = driver * DOCKET_N_POLICY_RULES + rule;
  g_array_append_val (f->list, n);
  g_hash_table_insert (f->index, key, GUINT_TO_POINTER (f->list->len));
}

static gboolean
rule_on (DocketStore *store, DocketPolicyRule rule)
{
  return (docket_store_get_config (store)->policy_rules & (1u << rule)) != 0;
}

/* Runs @sql (bound to today as ?1) and hands each row to @row. */
typedef void (*RowFunc) (Findings *f, sqlite3_stmt *stmt, const char *today, gpointer data);

static gboolean
each_row (DocketDb *db, const char *sql, const char *today, Findings *f, RowFunc row,
          gpointer data, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row (f, stmt, today, data);
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Auditing licences", error);
  return TRUE;
}

static void
row_training (Findings *f, sqlite3_stmt *stmt, const char *today, gpointer data)
{
  const char *deadline = col_text (stmt, 1), *final = col_text (stmt, 2);
  char *evidence;

  if (final != NULL && strcmp (final, today) < 0)
    evidence = g_strdup_printf ("safeguarding training not completed by its deadline, %s; "
                                "the final date, %s, has passed", deadline, final);
  else if (final != NULL)
    evidence = g_strdup_printf ("safeguarding training not completed by its deadline, %s; "
                                "final date %s", deadline, final);
  else
    evidence = g_strdup_printf ("safeguarding training not completed by its deadline, %s", deadline);
  findings_add (f, col_int64 (stmt, 0), DOCKET_POLICY_RULE_TRAINING, evidence);
}

static void
row_dbs_enhanced (Findings *f, sqlite3_stmt *stmt, const char *today, gpointer data)
{
  findings_add (f, col_int64 (stmt, 0), DOCKET_POLICY_RULE_DBS_ENHANCED,
                g_strdup ("no enhanced DBS check with both barred lists on record"));
}

static void
row_dbs_update (Findings *f, sqlite3_stmt *stmt, const char *today, gpointer data)
{
  guint months = GPOINTER_TO_UINT (data);
  const char *last = col_text (stmt, 1);
  g_autofree char *due = docket_date_add_months (last, (int) months);

  if (strcmp (due, today) < 0)
    findings_add (f, col_int64 (stmt, 0), DOCKET_POLICY_RULE_DBS_UPDATE,
                  g_strdup_printf ("DBS status last checked on %s; the next check was due by %s",
                                   last, due));
}

static void
row_expiry (Findings *f, sqlite3_stmt *stmt, const char *today, gpointer data)
{
  const char *expires = col_text (stmt, 1);

  findings_add (f, col_int64 (stmt, 0), DOCKET_POLICY_RULE_LICENCE_EXPIRY,
                expires ? g_strdup_printf ("licence expired on %s", expires)
                        : g_strdup ("no expiry date recorded"));
}

static void
row_medical (Findings *f, sqlite3_stmt *stmt, const char *today, gpointer data)
{
  findings_add (f, col_int64 (stmt, 0), DOCKET_POLICY_RULE_MEDICAL,
                g_strdup_printf ("medical was due on %s", col_text (stmt, 1)));
}

static void
row_complaints (Findings *f, sqlite3_stmt *stmt, const char *today, gpointer data)
{
  guint months = GPOINTER_TO_UINT (data);

  findings_add (f, col_int64 (stmt, 0), DOCKET_POLICY_RULE_COMPLAINTS,
                g_strdup_printf ("%" G_GINT64_FORMAT " complaints within %u months",
                                 col_int64 (stmt, 1), months));
}

/* The latest DBS result of each licence held, and every conviction, need
 * decrypting; a value that fails authentication stops the run. */
static gboolean
audit_dbs_results (DocketStore *store, const char *today, Findings *f, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT k.id, k.driver_id, k.date, k.result FROM dbs_checks k "
      "JOIN drivers d ON d.id = k.driver_id WHERE " HOLDERS " AND k.id = "
      "(SELECT k2.id FROM dbs_checks k2 WHERE k2.driver_id = k.driver_id "
      " ORDER BY k2.date DESC, k2.id DESC LIMIT 1)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = col_int64 (stmt, 0);
      g_autofree char *what = g_strdup_printf ("DBS check %" G_GINT64_FORMAT ": result", id);
      g_autofree char *result = docket_store_decrypt_column (store, stmt, 3, "dbs_checks", "result",
                                                             id, what, error);
      if (result == NULL)
        return FALSE;
      if (!g_str_equal (result, "clear"))
        findings_add (f, col_int64 (stmt, 1), DOCKET_POLICY_RULE_DBS_RESULT,
                      g_strdup_printf ("the DBS check of %s needs review", col_text (stmt, 2)));
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Auditing DBS checks", error);
  return TRUE;
}

static void
count_add (GHashTable *counts, gint64 driver)
{
  gint64 *key = g_new (gint64, 1);
  *key = driver;
  g_hash_table_replace (counts, key,
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, &driver)) + 1));
}

static gboolean
audit_convictions (DocketStore *store, const char *today, Findings *f, GError **error)
{
  const DocketConfig *config = docket_store_get_config (store);
  DocketDb *db = docket_store_get_db (store);
  gboolean lookback = rule_on (store, DOCKET_POLICY_RULE_CONVICTIONS);
  gboolean self_report = rule_on (store, DOCKET_POLICY_RULE_SELF_REPORT);
  guint late_days = (config->self_report_hours + 23) / 24;
  g_autoptr(GHashTable) within = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) late = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(DocketStmt) stmt = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  if (!lookback && !self_report)
    return TRUE;
  stmt = docket_db_prepare (db,
      "SELECT v.id, v.driver_id, v.date, v.kind, v.category, v.reported FROM convictions v "
      "JOIN drivers d ON d.id = v.driver_id WHERE " HOLDERS, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = col_int64 (stmt, 0), driver = col_int64 (stmt, 1);
      g_autofree char *what = g_strdup_printf ("Conviction %" G_GINT64_FORMAT, id);
      g_autofree char *date = NULL, *kind = NULL, *category = NULL, *reported = NULL;

      date = docket_store_decrypt_column (store, stmt, 2, "convictions", "date", id, what, error);
      if (date == NULL)
        return FALSE;
      kind = docket_store_decrypt_column (store, stmt, 3, "convictions", "kind", id, what, error);
      if (kind == NULL)
        return FALSE;
      category = docket_store_decrypt_column (store, stmt, 4, "convictions", "category", id, what, error);
      if (category == NULL)
        return FALSE;
      if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
        {
          reported = docket_store_decrypt_column (store, stmt, 5, "convictions", "reported", id, what, error);
          if (reported == NULL)
            return FALSE;
        }

      if (lookback && (g_str_equal (kind, "conviction") || g_str_equal (kind, "caution")))
        {
          int cat = docket_enum_from_string (docket_offence_category_names, category);
          int years = cat >= 0 ? config->lookback_years[cat] : -1;
          g_autofree char *since = years > 0 ? docket_date_add_years (today, -years) : NULL;

          if (years < 0 || strcmp (date, since) >= 0)
            count_add (within, driver);
        }
      if (self_report && reported != NULL &&
          docket_date_days_between (date, reported) > (int) late_days)
        count_add (late, driver);
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Auditing convictions", error);

  g_hash_table_iter_init (&iter, within);
  while (g_hash_table_iter_next (&iter, &key, &value))
    findings_add (f, *(gint64 *) key, DOCKET_POLICY_RULE_CONVICTIONS,
                  g_strdup_printf ("%u conviction%s or caution%s within the policy's look-back periods",
                                   GPOINTER_TO_UINT (value), GPOINTER_TO_UINT (value) == 1 ? "" : "s",
                                   GPOINTER_TO_UINT (value) == 1 ? "" : "s"));
  g_hash_table_iter_init (&iter, late);
  while (g_hash_table_iter_next (&iter, &key, &value))
    findings_add (f, *(gint64 *) key, DOCKET_POLICY_RULE_SELF_REPORT,
                  g_strdup_printf ("%u offence%s reported more than %u hours after the event",
                                   GPOINTER_TO_UINT (value), GPOINTER_TO_UINT (value) == 1 ? "" : "s",
                                   config->self_report_hours));
  return TRUE;
}

static gboolean
evaluate (DocketStore *store, const char *today, Findings *f, GError **error)
{
  const DocketConfig *config = docket_store_get_config (store);
  DocketDb *db = docket_store_get_db (store);

  if (rule_on (store, DOCKET_POLICY_RULE_TRAINING) &&
      !each_row (db, "SELECT d.id, c.training_deadline, c.training_final FROM drivers d "
                 "JOIN compliance c ON c.driver_id = d.id WHERE " HOLDERS
                 " AND c.training_deadline < ?1 "
                 "AND NOT EXISTS (SELECT 1 FROM training t WHERE t.driver_id = d.id)",
                 today, f, row_training, NULL, error))
    return FALSE;
  if (rule_on (store, DOCKET_POLICY_RULE_DBS_ENHANCED) &&
      !each_row (db, "SELECT d.id FROM drivers d WHERE " HOLDERS " AND ?1 IS NOT NULL "
                 "AND NOT EXISTS (SELECT 1 FROM dbs_checks k WHERE k.driver_id = d.id "
                 "AND k.kind = 'enhanced' AND k.barred_lists = 1)",
                 today, f, row_dbs_enhanced, NULL, error))
    return FALSE;
  if (rule_on (store, DOCKET_POLICY_RULE_DBS_UPDATE) &&
      !each_row (db, "SELECT d.id, MAX(k.date) FROM drivers d JOIN dbs_checks k ON k.driver_id = d.id "
                 "WHERE " HOLDERS " AND ?1 IS NOT NULL GROUP BY d.id",
                 today, f, row_dbs_update, GUINT_TO_POINTER (config->dbs_update_months), error))
    return FALSE;
  if (rule_on (store, DOCKET_POLICY_RULE_DBS_RESULT) && !audit_dbs_results (store, today, f, error))
    return FALSE;
  if (rule_on (store, DOCKET_POLICY_RULE_LICENCE_EXPIRY) &&
      !each_row (db, "SELECT d.id, d.expires FROM drivers d WHERE " HOLDERS
                 " AND (d.expires IS NULL OR d.expires < ?1)",
                 today, f, row_expiry, NULL, error))
    return FALSE;
  if (rule_on (store, DOCKET_POLICY_RULE_MEDICAL) &&
      !each_row (db, "SELECT d.id, c.medical_due FROM drivers d JOIN compliance c ON c.driver_id = d.id "
                 "WHERE " HOLDERS " AND c.medical_due < ?1",
                 today, f, row_medical, NULL, error))
    return FALSE;
  if (rule_on (store, DOCKET_POLICY_RULE_COMPLAINTS))
    {
      g_autofree char *since = docket_date_add_months (today, -(int) config->complaints_months);
      g_autofree char *sql = g_strdup_printf (
          "SELECT n.driver_id, COUNT(*) FROM notes n JOIN drivers d ON d.id = n.driver_id "
          "WHERE " HOLDERS " AND n.kind = 'complaint' AND n.date <= ?1 AND n.date > '%s' "
          "GROUP BY n.driver_id HAVING COUNT(*) >= %u", since, config->complaints_threshold);
      if (!each_row (db, sql, today, f, row_complaints, GUINT_TO_POINTER (config->complaints_months), error))
        return FALSE;
    }
  return audit_convictions (store, today, f, error);
}

static gint64
count_query (DocketDb *db, const char *sql, const char *today, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  if (today != NULL)
    sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Counting", error);
      return -1;
    }
  return col_int64 (stmt, 0);
}

/* Matches the flags still live against the findings: those that still
 * apply see this run, the others resolve; new findings raise flags, except
 * those dismissed before on the same evidence. */
static gboolean
apply_findings (DocketStore *store, const char *user, const char *today, gint64 run,
                Findings *f, gint64 *raised, gint64 *resolved, gint64 *in_breach, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *now = docket_store_now ();
  g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) breach = g_hash_table_new (g_int64_hash, g_int64_equal);
  int rc;

  {
    g_autoptr(DocketStmt) live = docket_db_prepare (db,
        "SELECT id, driver_id, rule FROM flags WHERE status IN ('open', 'referred')", error);
    g_autoptr(DocketStmt) seen = docket_db_prepare (db,
        "UPDATE flags SET last_run_id = ?, evidence = ?, modified = ? WHERE id = ?", error);
    if (live == NULL || seen == NULL)
      return FALSE;
    /* Updating rows other than the one being read is safe in SQLite. */
    while ((rc = sqlite3_step (live)) == SQLITE_ROW)
      {
        gint64 id = col_int64 (live, 0);
        int rule = docket_enum_from_string (docket_policy_rule_names, col_text (live, 2));
        Finding *n = rule >= 0 ? findings_lookup (f, col_int64 (live, 1), rule) : NULL;

        if (n == NULL)
          {
            g_array_append_val (gone, id);
            continue;
          }
        n->known = TRUE;
        sqlite3_bind_int64 (seen, 1, run);
        sqlite3_bind_text (seen, 2, n->evidence, -1, SQLITE_STATIC);
        sqlite3_bind_text (seen, 3, now, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (seen, 4, id);
        if (sqlite3_step (seen) != SQLITE_DONE)
          return docket_db_set_error (db, sqlite3_errcode (docket_db_get_handle (db)), "Updating a flag", error);
        sqlite3_reset (seen);
      }
    if (rc != SQLITE_DONE)
      return docket_db_set_error (db, rc, "Reading flags", error);
  }
  for (guint i = 0; i < gone->len; i++)
    if (!set_flag_status (store, g_array_index (gone, gint64, i), "resolved", user, NULL, 0, error))
      return FALSE;
  *resolved = gone->len;

  {
    g_autoptr(DocketStmt) dismissed = docket_db_prepare (db,
        "SELECT evidence FROM flags WHERE driver_id = ? AND rule = ? AND status = 'dismissed' "
        "ORDER BY id DESC LIMIT 1", error);
    if (dismissed == NULL)
      return FALSE;
    *raised = 0;
    for (guint i = 0; i < f->list->len; i++)
      {
        Finding *n = &g_array_index (f->list, Finding, i);

        if (!n->known)
          {
            sqlite3_bind_int64 (dismissed, 1, n->driver);
            sqlite3_bind_text (dismissed, 2, docket_policy_rule_names[n->rule], -1, SQLITE_STATIC);
            rc = sqlite3_step (dismissed);
            if (rc == SQLITE_ROW && g_str_equal (col_text (dismissed, 0), n->evidence))
              n->suppressed = TRUE;
            else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
              return docket_db_set_error (db, rc, "Reading flags", error);
            sqlite3_reset (dismissed);
            if (!n->suppressed)
              {
                if (!insert_flag (store, n->driver, docket_policy_rule_names[n->rule], n->evidence,
                                  today, run, user, NULL, error))
                  return FALSE;
                (*raised)++;
              }
          }
        if (!n->suppressed)
          g_hash_table_add (breach, &n->driver);
      }
  }
  *in_breach = g_hash_table_size (breach);
  return TRUE;
}

static gboolean
run_audit_locked (DocketStore *store, const char *user, gboolean scheduled, gint64 *run_out,
                  GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *today = docket_today (), *started = docket_store_now ();
  g_autofree char *finished = NULL, *obj = NULL, *summary = NULL;
  g_auto(Findings) f = { 0 };
  g_autoptr(DocketStmt) stmt = NULL;
  gint64 run, audited, raised = 0, resolved = 0, in_breach = 0;
  gint64 trained, overdue, suspended;

  findings_init (&f);
  audited = count_query (db, "SELECT COUNT(*) FROM drivers d WHERE " HOLDERS, NULL, error);
  trained = count_query (db, "SELECT COUNT(*) FROM drivers d WHERE " HOLDERS
                         " AND EXISTS (SELECT 1 FROM training t WHERE t.driver_id = d.id)", NULL, error);
  overdue = count_query (db, "SELECT COUNT(*) FROM drivers d JOIN compliance c ON c.driver_id = d.id "
                         "WHERE " HOLDERS " AND c.training_deadline < ?1 "
                         "AND NOT EXISTS (SELECT 1 FROM training t WHERE t.driver_id = d.id)", today, error);
  suspended = count_query (db, "SELECT COUNT(*) FROM drivers d JOIN compliance c ON c.driver_id = d.id "
                           "WHERE d.status = 'suspended' AND c.training_suspended IS NOT NULL", NULL, error);
  if (audited < 0 || trained < 0 || overdue < 0 || suspended < 0 || !evaluate (store, today, &f, error))
    return FALSE;

  run = docket_store_next_id (store, "audit_runs", error);
  if (run < 0)
    return FALSE;
  stmt = docket_db_prepare (db,
      "INSERT INTO audit_runs (id, as_of, started, finished, user, trigger, audited, in_breach, "
      "raised, resolved, trained, training_overdue, training_suspended) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, started, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, started, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, user, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, scheduled ? "scheduled" : "manual", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, audited);
  sqlite3_bind_int64 (stmt, 8, trained);
  sqlite3_bind_int64 (stmt, 9, overdue);
  sqlite3_bind_int64 (stmt, 10, suspended);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, docket_stmt_release);

  if (!apply_findings (store, user, today, run, &f, &raised, &resolved, &in_breach, error))
    return FALSE;

  finished = docket_store_now ();
  stmt = docket_db_prepare (db,
      "UPDATE audit_runs SET finished = ?, in_breach = ?, raised = ?, resolved = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, finished, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, in_breach);
  sqlite3_bind_int64 (stmt, 3, raised);
  sqlite3_bind_int64 (stmt, 4, resolved);
  sqlite3_bind_int64 (stmt, 5, run);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;

  obj = g_strdup_printf ("run %" G_GINT64_FORMAT, run);
  summary = g_strdup_printf ("%s audit as of %s: %" G_GINT64_FORMAT " licences, %" G_GINT64_FORMAT
                             " in breach; %" G_GINT64_FORMAT " flags raised, %" G_GINT64_FORMAT " resolved",
                             scheduled ? "scheduled" : "manual", today, audited, in_breach, raised, resolved);
  if (!docket_audit_store_append (store, user, "audit.run", obj, summary, error))
    return FALSE;
  *run_out = run;
  return TRUE;
}

gint64
docket_compliance_run_audit (DocketStore  *store,
                             const char   *user,
                             gboolean      scheduled,
                             GError      **error)
{
  gint64 run = 0;

  if (!docket_store_begin_write (store, error))
    return 0;
  if (!finish (store, run_audit_locked (store, user, scheduled, &run, error), "Audit run", error))
    return 0;
  return run;
}

/* Reading ----------------------------------------------------------------- */

static double
percent (gint64 part, gint64 whole)
{
  return whole > 0 ? (double) part * 100.0 / (double) whole : 0.0;
}

static gint64
count_for_run (DocketDb *db, const char *sql, gint64 run, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, run);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Counting referrals", error);
      return -1;
    }
  return col_int64 (stmt, 0);
}

#define RUN_COLUMNS "id, as_of, started, finished, user, trigger, audited, in_breach, raised, " \
                    "resolved, trained, training_overdue, training_suspended"

/* A run's row with its figures; the referrals and their outcomes are
 * counted now, since they happen after the run. */
static GVariant *
run_variant (DocketDb *db, sqlite3_stmt *stmt, GError **error)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  gint64 run = col_int64 (stmt, 0), audited = col_int64 (stmt, 6), breach = col_int64 (stmt, 7);
  gint64 referred, decided, revoked;

  referred = count_for_run (db,
      "SELECT COUNT(DISTINCT driver_id) FROM flags WHERE run_id = ? AND case_id IS NOT NULL", run, error);
  /* A referral ends with the first outcome other than deferred among the
   * driver's cases from the referral on (a deferred case is relisted). */
  decided = count_for_run (db,
      "SELECT COUNT(DISTINCT f.driver_id) FROM flags f JOIN cases c "
      "ON c.driver_id = f.driver_id AND c.id >= f.case_id "
      "WHERE f.run_id = ? AND f.case_id IS NOT NULL AND c.outcome IS NOT NULL "
      "AND c.outcome <> 'deferred'", run, error);
  revoked = count_for_run (db,
      "SELECT COUNT(DISTINCT f.driver_id) FROM flags f JOIN cases c "
      "ON c.driver_id = f.driver_id AND c.id >= f.case_id "
      "WHERE f.run_id = ? AND f.case_id IS NOT NULL AND c.outcome = 'revoked'", run, error);
  if (referred < 0 || decided < 0 || revoked < 0)
    return NULL;

  g_variant_builder_add (&b, "{sv}", "id", g_variant_new_int64 (run));
  add_col (&b, "as-of", stmt, 1);
  add_col (&b, "started", stmt, 2);
  add_col (&b, "finished", stmt, 3);
  add_col (&b, "user", stmt, 4);
  add_col (&b, "trigger", stmt, 5);
  g_variant_builder_add (&b, "{sv}", "audited", g_variant_new_int64 (audited));
  g_variant_builder_add (&b, "{sv}", "meeting", g_variant_new_int64 (audited - breach));
  g_variant_builder_add (&b, "{sv}", "in-breach", g_variant_new_int64 (breach));
  g_variant_builder_add (&b, "{sv}", "adherence-percent",
                         g_variant_new_double (audited > 0 ? percent (audited - breach, audited) : 100.0));
  g_variant_builder_add (&b, "{sv}", "breach-percent", g_variant_new_double (percent (breach, audited)));
  g_variant_builder_add (&b, "{sv}", "raised", g_variant_new_int64 (col_int64 (stmt, 8)));
  g_variant_builder_add (&b, "{sv}", "resolved", g_variant_new_int64 (col_int64 (stmt, 9)));
  g_variant_builder_add (&b, "{sv}", "referred", g_variant_new_int64 (referred));
  g_variant_builder_add (&b, "{sv}", "referred-percent", g_variant_new_double (percent (referred, breach)));
  g_variant_builder_add (&b, "{sv}", "decided", g_variant_new_int64 (decided));
  g_variant_builder_add (&b, "{sv}", "revoked", g_variant_new_int64 (revoked));
  g_variant_builder_add (&b, "{sv}", "revoked-percent", g_variant_new_double (percent (revoked, referred)));
  g_variant_builder_add (&b, "{sv}", "trained", g_variant_new_int64 (col_int64 (stmt, 10)));
  g_variant_builder_add (&b, "{sv}", "training-overdue", g_variant_new_int64 (col_int64 (stmt, 11)));
  g_variant_builder_add (&b, "{sv}", "training-suspended", g_variant_new_int64 (col_int64 (stmt, 12)));
  return g_variant_builder_end (&b);
}

GVariant *
docket_compliance_get_run (DocketStore  *store,
                           gint64        run,
                           GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT " RUN_COLUMNS " FROM audit_runs WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      docket_error_set (error, DOCKET_ERROR_NOT_FOUND, "Audit run %" G_GINT64_FORMAT ": no such run", run);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Reading an audit run", error);
      return NULL;
    }
  return run_variant (db, stmt, error);
}

static gboolean
query_uint (GVariant *query, const char *key, guint def, guint max, guint *out, GError **error)
{
  g_autoptr(GVariant) v = g_variant_lookup_value (query, key, NULL);

  *out = def;
  if (v == NULL)
    return TRUE;
  if (!g_variant_is_of_type (v, G_VARIANT_TYPE_UINT32))
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "%s must be an unsigned number (u)", key);
  *out = g_variant_get_uint32 (v);
  if (*out > max)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "%s %u is more than %u", key, *out, max);
  return TRUE;
}

GVariant *
docket_compliance_list_runs (DocketStore  *store,
                             GVariant     *query,
                             GError      **error)
{
  static const char * const keys[] = { "limit", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(DocketStmt) stmt = NULL;
  guint limit;
  int rc;

  if (!docket_validate_keys (query, keys, error) ||
      !query_uint (query, "limit", DOCKET_PAGE_DEFAULT, DOCKET_PAGE_MAX, &limit, error))
    return NULL;
  stmt = docket_db_prepare (db, "SELECT " RUN_COLUMNS " FROM audit_runs ORDER BY id DESC LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, (int) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GVariant *row = run_variant (db, stmt, error);
      if (row == NULL)
        return NULL;
      g_variant_builder_add_value (&list, row);
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading audit runs", error);
      return NULL;
    }
  return g_variant_builder_end (&list);
}

#define FLAG_COLUMNS "f.id, d.licence, d.full_name, d.status, f.rule, f.evidence, f.raised, " \
                     "f.status, f.status_date, f.status_by, f.case_id, f.referred, f.run_id, " \
                     "c.outcome, h.date, f.last_run_id"
#define FLAG_FROM    "FROM flags f JOIN drivers d ON d.id = f.driver_id " \
                     "LEFT JOIN cases c ON c.id = f.case_id LEFT JOIN hearings h ON h.id = c.hearing_id "

static GVariant *
flag_variant (sqlite3_stmt *stmt, GVariantBuilder *extra)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&b, "{sv}", "id", g_variant_new_int64 (col_int64 (stmt, 0)));
  add_col (&b, "licence", stmt, 1);
  add_col (&b, "name", stmt, 2);
  add_col (&b, "driver-status", stmt, 3);
  add_col (&b, "rule", stmt, 4);
  add_col (&b, "evidence", stmt, 5);
  add_col (&b, "raised", stmt, 6);
  add_col (&b, "status", stmt, 7);
  add_col (&b, "status-date", stmt, 8);
  add_col (&b, "status-by", stmt, 9);
  if (sqlite3_column_type (stmt, 10) != SQLITE_NULL)
    g_variant_builder_add (&b, "{sv}", "case", g_variant_new_int64 (col_int64 (stmt, 10)));
  add_col (&b, "referred", stmt, 11);
  if (sqlite3_column_type (stmt, 12) != SQLITE_NULL)
    g_variant_builder_add (&b, "{sv}", "run", g_variant_new_int64 (col_int64 (stmt, 12)));
  add_col (&b, "case-outcome", stmt, 13);
  add_col (&b, "hearing-date", stmt, 14);
  if (sqlite3_column_type (stmt, 15) != SQLITE_NULL)
    g_variant_builder_add (&b, "{sv}", "last-run", g_variant_new_int64 (col_int64 (stmt, 15)));
  if (extra != NULL)
    {
      g_autoptr(GVariant) more = g_variant_ref_sink (g_variant_builder_end (extra));
      GVariantIter iter;
      const char *key;
      GVariant *value;

      g_variant_iter_init (&iter, more);
      while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
        {
          g_variant_builder_add (&b, "{sv}", key, value);
          g_variant_unref (value);
        }
    }
  return g_variant_builder_end (&b);
}

GVariant *
docket_compliance_list_flags (DocketStore  *store,
                              GVariant     *query,
                              guint        *total,
                              GError      **error)
{
  static const char * const keys[] = { "status", "rule", "licence", "run", "offset", "limit", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *licence = NULL, *sql = NULL, *count_sql = NULL;
  g_autoptr(GVariant) run_v = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  g_autoptr(DocketStmt) count = NULL;
  g_autoptr(GString) where = g_string_new ("WHERE 1 ");
  gint64 run = 0;
  guint offset, limit;
  int status, rule, rc;

  if (!docket_validate_keys (query, keys, error) ||
      !opt_enum (query, "status", "status", docket_flag_status_names, &status, error) ||
      !opt_enum (query, "rule", "rule", docket_policy_rule_names, &rule, error) ||
      !opt_string (query, "licence", "licence", 32, &licence, error) ||
      !query_uint (query, "offset", 0, G_MAXINT32, &offset, error) ||
      !query_uint (query, "limit", DOCKET_PAGE_DEFAULT, DOCKET_PAGE_MAX, &limit, error))
    return NULL;
  run_v = g_variant_lookup_value (query, "run", NULL);
  if (run_v != NULL && !g_variant_is_of_type (run_v, G_VARIANT_TYPE_INT64))
    {
      docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "run must be a number (x)");
      return NULL;
    }
  if (run_v != NULL)
    run = g_variant_get_int64 (run_v);
  if (licence != NULL)
    {
      char *up = g_ascii_strup (licence, -1);
      g_free (licence);
      licence = up;
    }

  /* One status: newest first along flags_status_idx; all: open ones first. */
  /* Only the filters given, so that SQLite can use the indexes. */
  if (status >= 0)
    g_string_append (where, "AND f.status = ?1 ");
  if (rule >= 0)
    g_string_append (where, "AND f.rule = ?2 ");
  if (licence != NULL)
    g_string_append (where, "AND d.licence = ?3 ");
  if (run_v != NULL)
    g_string_append (where, "AND (f.run_id = ?4 OR f.last_run_id = ?4) ");
  sql = g_strconcat ("SELECT " FLAG_COLUMNS " " FLAG_FROM, where->str,
                     status >= 0 ? "ORDER BY f.status, f.raised DESC, f.id DESC "
                                 : "ORDER BY f.status = 'open' DESC, f.raised DESC, f.id DESC ",
                     "LIMIT ?5 OFFSET ?6", NULL);
  count_sql = g_strconcat ("SELECT COUNT(*) FROM flags f ",
                           licence != NULL ? "JOIN drivers d ON d.id = f.driver_id " : "", where->str, NULL);
  stmt = docket_db_prepare (db, sql, error);
  count = stmt ? docket_db_prepare (db, count_sql, error) : NULL;
  if (stmt == NULL || count == NULL)
    return NULL;
  for (int i = 0; i < 2; i++)
    {
      sqlite3_stmt *s = i == 0 ? stmt : count;
      if (status >= 0)
        sqlite3_bind_text (s, 1, docket_flag_status_names[status], -1, SQLITE_STATIC);
      if (rule >= 0)
        sqlite3_bind_text (s, 2, docket_policy_rule_names[rule], -1, SQLITE_STATIC);
      if (licence != NULL)
        sqlite3_bind_text (s, 3, licence, -1, SQLITE_STATIC);
      if (run_v != NULL)
        sqlite3_bind_int64 (s, 4, run);
    }
  sqlite3_bind_int (stmt, 5, (int) limit);
  sqlite3_bind_int64 (stmt, 6, offset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_variant_builder_add_value (&list, flag_variant (stmt, NULL));
  if (rc != SQLITE_DONE || (rc = sqlite3_step (count)) != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Reading flags", error);
      return NULL;
    }
  *total = (guint) col_int64 (count, 0);
  return g_variant_builder_end (&list);
}

GVariant *
docket_compliance_get_flag (DocketStore        *store,
                            const DocketCaller *caller,
                            gint64              flag,
                            GError            **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = NULL;
  g_auto(GVariantBuilder) extra = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *obj = flag_object (flag), *what = NULL, *reason = NULL;
  gboolean has_reason;
  int rc;

  stmt = docket_db_prepare (db, "SELECT reason IS NOT NULL FROM flags WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, flag);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      docket_error_set (error, DOCKET_ERROR_NOT_FOUND, "Flag %" G_GINT64_FORMAT ": no such flag", flag);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Reading a flag", error);
      return NULL;
    }
  has_reason = sqlite3_column_int (stmt, 0) != 0;
  g_clear_pointer (&stmt, docket_stmt_release);

  /* The reason may name what the officer weighed: its reading is recorded
   * before it is decrypted. */
  if (has_reason)
    {
      if (!docket_store_begin_write (store, error))
        return NULL;
      if (!finish (store, docket_audit_store_append (store, caller->user, "flag.read", obj,
                                                     "read the reason for its status", error),
                   NULL, error))
        return NULL;
    }

  stmt = docket_db_prepare (db, "SELECT " FLAG_COLUMNS ", f.reason " FLAG_FROM "WHERE f.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, flag);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db, rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc, "Reading a flag", error);
      return NULL;
    }
  what = g_strdup_printf ("Flag %" G_GINT64_FORMAT ": reason", flag);
  if (has_reason)
    {
      reason = docket_store_decrypt_column (store, stmt, 16, "flags", "reason", flag, what, error);
      if (reason == NULL)
        return NULL;
      g_variant_builder_add (&extra, "{sv}", "reason", g_variant_new_string (reason));
    }
  g_variant_builder_add (&extra, "{sv}", "rule-title", g_variant_new_string (rule_title (col_text (stmt, 4))));
  return flag_variant (stmt, &extra);
}

/* The date the next DBS check falls due: the policy's months after the
 * latest check; NULL when there has been none. */
static char *
dbs_due_date (DocketStore *store, const char *last)
{
  if (last == NULL)
    return NULL;
  return docket_date_add_months (last, (int) docket_store_get_config (store)->dbs_update_months);
}

GVariant *
docket_compliance_for_driver (DocketStore        *store,
                              const DocketCaller *caller,
                              const char         *licence,
                              gboolean            sensitive,
                              GError            **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_auto(GVariantBuilder) training = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantBuilder) checks = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantBuilder) flags = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *today = docket_today (), *last = NULL, *due = NULL, *status = NULL;
  g_auto(Dates) d = { 0 };
  g_autoptr(DocketStmt) stmt = NULL;
  gint64 driver;
  int rc;

  driver = docket_driver_store_lookup (store, licence, error);
  if (driver < 0)
    return NULL;
  if (sensitive)
    {
      if (!docket_store_begin_write (store, error))
        return NULL;
      if (!finish (store, docket_audit_store_append (store, caller->user, "dbs.read", licence,
                                                     "read DBS results and certificates", error),
                   NULL, error))
        return NULL;
    }
  status = docket_driver_store_licence_status (store, driver, error);
  if (status == NULL || !load_dates (db, driver, &d, error))
    return NULL;
  add_str (&b, "licence", licence);
  add_str (&b, "status", status);
  add_str (&b, "training-deadline", d.deadline);
  add_str (&b, "training-final", d.final);
  add_str (&b, "medical-due", d.medical);
  add_str (&b, "training-suspended", d.suspended);

  stmt = docket_db_prepare (db, "SELECT id, date, provider, certificate, created_by FROM training "
                            "WHERE driver_id = ? ORDER BY date, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, driver);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) e = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&e, "{sv}", "id", g_variant_new_int64 (col_int64 (stmt, 0)));
      add_col (&e, "date", stmt, 1);
      add_col (&e, "provider", stmt, 2);
      add_col (&e, "certificate", stmt, 3);
      add_col (&e, "recorded-by", stmt, 4);
      g_variant_builder_add_value (&training, g_variant_builder_end (&e));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading training", error);
      return NULL;
    }
  g_clear_pointer (&stmt, docket_stmt_release);
  g_variant_builder_add (&b, "{sv}", "training", g_variant_builder_end (&training));

  stmt = docket_db_prepare (db, "SELECT id, date, kind, barred_lists, created_by, result, certificate "
                            "FROM dbs_checks WHERE driver_id = ? ORDER BY date, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, driver);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) e = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      gint64 id = col_int64 (stmt, 0);

      g_variant_builder_add (&e, "{sv}", "id", g_variant_new_int64 (id));
      add_col (&e, "date", stmt, 1);
      add_col (&e, "kind", stmt, 2);
      g_variant_builder_add (&e, "{sv}", "barred-lists", g_variant_new_boolean (sqlite3_column_int (stmt, 3)));
      add_col (&e, "recorded-by", stmt, 4);
      g_free (last);
      last = g_strdup (col_text (stmt, 1));
      if (sensitive)
        {
          g_autofree char *what = g_strdup_printf ("Licence %s: DBS check %" G_GINT64_FORMAT, licence, id);
          g_autofree char *result = docket_store_decrypt_column (store, stmt, 5, "dbs_checks", "result",
                                                                 id, what, error);
          g_autofree char *cert = NULL;
          if (result == NULL)
            return NULL;
          add_str (&e, "result", result);
          if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
            {
              cert = docket_store_decrypt_column (store, stmt, 6, "dbs_checks", "certificate", id, what, error);
              if (cert == NULL)
                return NULL;
              add_str (&e, "certificate", cert);
            }
        }
      g_variant_builder_add_value (&checks, g_variant_builder_end (&e));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading DBS checks", error);
      return NULL;
    }
  g_clear_pointer (&stmt, docket_stmt_release);
  g_variant_builder_add (&b, "{sv}", "dbs-checks", g_variant_builder_end (&checks));
  due = dbs_due_date (store, last);
  add_str (&b, "dbs-last-check", last);
  add_str (&b, "dbs-due", due);
  g_variant_builder_add (&b, "{sv}", "dbs-overdue",
                         g_variant_new_boolean (due == NULL || strcmp (due, today) < 0));

  stmt = docket_db_prepare (db, "SELECT " FLAG_COLUMNS " " FLAG_FROM
                            "WHERE f.driver_id = ? ORDER BY f.id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, driver);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_variant_builder_add_value (&flags, flag_variant (stmt, NULL));
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading flags", error);
      return NULL;
    }
  g_variant_builder_add (&b, "{sv}", "flags", g_variant_builder_end (&flags));
  return g_variant_builder_end (&b);
}

GVariant *
docket_compliance_training_due (DocketStore  *store,
                                GVariant     *query,
                                guint        *total,
                                GError      **error)
{
  static const char * const keys[] = { "state", "within", "offset", "limit", NULL };
  static const char * const states[] = { "due", "overdue", "suspended", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *today = docket_today (), *horizon = NULL, *sql = NULL, *count_sql = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  g_autoptr(DocketStmt) count = NULL;
  /* state: suspended (held for training), overdue (deadline passed, not
   * held: a hearing suspended it, or the tick has yet to run), due
   * (deadline within the horizon). */
  const char *state_sql =
      "CASE WHEN c.training_suspended IS NOT NULL THEN 'suspended' "
      "WHEN c.training_deadline < ?1 THEN 'overdue' ELSE 'due' END";
  const char *from =
      "FROM drivers d JOIN compliance c ON c.driver_id = d.id "
      "WHERE " HOLDERS " AND c.training_deadline IS NOT NULL AND c.training_deadline <= ?2 "
      "AND NOT EXISTS (SELECT 1 FROM training t WHERE t.driver_id = d.id) ";
  guint within, offset, limit;
  int state, rc;

  if (!docket_validate_keys (query, keys, error) ||
      !opt_enum (query, "state", "state", states, &state, error) ||
      !query_uint (query, "within", 30, 3650, &within, error) ||
      !query_uint (query, "offset", 0, G_MAXINT32, &offset, error) ||
      !query_uint (query, "limit", DOCKET_PAGE_DEFAULT, DOCKET_PAGE_MAX, &limit, error))
    return NULL;
  horizon = docket_date_add_days (today, (int) within);
  sql = g_strdup_printf ("SELECT d.licence, d.full_name, d.status, c.training_deadline, c.training_final, "
                         "c.training_suspended, %s AS state %s AND (?3 IS NULL OR %s = ?3) "
                         "ORDER BY c.training_deadline, d.licence LIMIT ?4 OFFSET ?5",
                         state_sql, from, state_sql);
  count_sql = g_strdup_printf ("SELECT COUNT(*) %s AND (?3 IS NULL OR %s = ?3)", from, state_sql);
  stmt = docket_db_prepare (db, sql, error);
  count = stmt ? docket_db_prepare (db, count_sql, error) : NULL;
  if (stmt == NULL || count == NULL)
    return NULL;
  for (int i = 0; i < 2; i++)
    {
      sqlite3_stmt *s = i == 0 ? stmt : count;
      sqlite3_bind_text (s, 1, today, -1, SQLITE_STATIC);
      sqlite3_bind_text (s, 2, horizon, -1, SQLITE_STATIC);
      if (state >= 0)
        sqlite3_bind_text (s, 3, states[state], -1, SQLITE_STATIC);
    }
  sqlite3_bind_int (stmt, 4, (int) limit);
  sqlite3_bind_int64 (stmt, 5, offset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) e = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      add_col (&e, "licence", stmt, 0);
      add_col (&e, "name", stmt, 1);
      add_col (&e, "status", stmt, 2);
      add_col (&e, "training-deadline", stmt, 3);
      add_col (&e, "training-final", stmt, 4);
      add_col (&e, "training-suspended", stmt, 5);
      add_col (&e, "state", stmt, 6);
      g_variant_builder_add_value (&list, g_variant_builder_end (&e));
    }
  if (rc != SQLITE_DONE || (rc = sqlite3_step (count)) != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Reading training due", error);
      return NULL;
    }
  *total = (guint) col_int64 (count, 0);
  return g_variant_builder_end (&list);
}

typedef struct {
  char *licence;
  char *name;
  char *status;
  char *last;
  char *due;
} DbsDue;

static void
dbs_due_free (gpointer p)
{
  DbsDue *e = p;
  g_free (e->licence);
  g_free (e->name);
  g_free (e->status);
  g_free (e->last);
  g_free (e->due);
  g_free (e);
}

static int
dbs_due_cmp (gconstpointer a, gconstpointer b)
{
  const DbsDue *x = *(DbsDue **) a, *y = *(DbsDue **) b;

  if ((x->due == NULL) != (y->due == NULL))
    return x->due == NULL ? -1 : 1;
  if (x->due != NULL && strcmp (x->due, y->due) != 0)
    return strcmp (x->due, y->due);
  return strcmp (x->licence, y->licence);
}

GVariant *
docket_compliance_dbs_due (DocketStore  *store,
                           GVariant     *query,
                           guint        *total,
                           GError      **error)
{
  static const char * const keys[] = { "within", "overdue", "offset", "limit", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *today = docket_today (), *horizon = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (dbs_due_free);
  g_autoptr(DocketStmt) stmt = NULL;
  g_autoptr(GVariant) overdue_v = NULL;
  gboolean overdue_only = FALSE;
  guint within, offset, limit;
  int rc;

  if (!docket_validate_keys (query, keys, error) ||
      !query_uint (query, "within", 30, 3650, &within, error) ||
      !query_uint (query, "offset", 0, G_MAXINT32, &offset, error) ||
      !query_uint (query, "limit", DOCKET_PAGE_DEFAULT, DOCKET_PAGE_MAX, &limit, error))
    return NULL;
  overdue_v = g_variant_lookup_value (query, "overdue", NULL);
  if (overdue_v != NULL && !g_variant_is_of_type (overdue_v, G_VARIANT_TYPE_BOOLEAN))
    {
      docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "overdue must be a boolean");
      return NULL;
    }
  overdue_only = overdue_v != NULL && g_variant_get_boolean (overdue_v);
  horizon = docket_date_add_days (today, (int) within);

  /* Due dates count calendar months (docket_date_add_months), so they are
   * worked out here rather than in SQL. */
  stmt = docket_db_prepare (db,
      "SELECT d.licence, d.full_name, d.status, MAX(k.date) FROM drivers d "
      "LEFT JOIN dbs_checks k ON k.driver_id = d.id WHERE " HOLDERS " GROUP BY d.id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *due = dbs_due_date (store, col_text (stmt, 3));
      DbsDue *e;

      if (due != NULL && strcmp (due, overdue_only ? today : horizon) > 0)
        continue;
      if (overdue_only && due != NULL && strcmp (due, today) >= 0)
        continue;
      e = g_new0 (DbsDue, 1);
      e->licence = g_strdup (col_text (stmt, 0));
      e->name = g_strdup (col_text (stmt, 1));
      e->status = g_strdup (col_text (stmt, 2));
      e->last = g_strdup (col_text (stmt, 3));
      e->due = g_steal_pointer (&due);
      g_ptr_array_add (rows, e);
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading DBS checks due", error);
      return NULL;
    }
  g_ptr_array_sort (rows, dbs_due_cmp);
  for (guint i = offset; i < rows->len && i < (guint64) offset + limit; i++)
    {
      DbsDue *e = rows->pdata[i];
      g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

      add_str (&b, "licence", e->licence);
      add_str (&b, "name", e->name);
      add_str (&b, "status", e->status);
      add_str (&b, "last-check", e->last);
      add_str (&b, "due", e->due);
      g_variant_builder_add (&b, "{sv}", "overdue",
                             g_variant_new_boolean (e->due == NULL || strcmp (e->due, today) < 0));
      g_variant_builder_add_value (&list, g_variant_builder_end (&b));
    }
  *total = rows->len;
  return g_variant_builder_end (&list);
}

/* Figures ----------------------------------------------------------------- */

static gboolean
parse_month (const char *label, const char *value, GDate *out, GError **error)
{
  g_autofree char *day = g_strconcat (value, "-01", NULL);

  if (strlen (value) != 7 || !docket_validate_date (label, day, NULL))
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT,
                             "%s %s is not a month; use YYYY-MM", label, value);
  g_date_clear (out, 1);
  g_date_set_dmy (out, 1, (GDateMonth) g_ascii_strtoull (value + 5, NULL, 10),
                  (GDateYear) g_ascii_strtoull (value, NULL, 10));
  return TRUE;
}

static gint64
count_month (DocketDb *db, const char *sql, const char *first, const char *last, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, last, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Counting", error);
      return -1;
    }
  return col_int64 (stmt, 0);
}

/* Per month: training attended, holds begun and lifted, licences held
 * suspended for training and those overdue at the month's end, flags
 * raised and referred; and the figures of the month's last audit run. */
static GVariant *
month_row (DocketStore *store, const GDate *month, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  static const struct { const char *key, *sql; } counts[] = {
    { "training-attended", "SELECT COUNT(*) FROM training WHERE date BETWEEN ?1 AND ?2" },
    { "training-suspensions", "SELECT COUNT(*) FROM training_holds WHERE suspended BETWEEN ?1 AND ?2" },
    { "training-reinstated", "SELECT COUNT(*) FROM training_holds WHERE lifted BETWEEN ?1 AND ?2 "
                             "AND lifted_by = 'training'" },
    { "training-suspended", "SELECT COUNT(*) FROM training_holds WHERE suspended <= ?2 "
                            "AND (lifted IS NULL OR lifted > ?2) AND ?1 IS NOT NULL" },
    { "training-overdue", "SELECT COUNT(*) FROM compliance c WHERE c.training_deadline < ?2 "
                          "AND ?1 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM training t "
                          "WHERE t.driver_id = c.driver_id AND t.date <= ?2)" },
    { "flags-raised", "SELECT COUNT(*) FROM flags WHERE raised BETWEEN ?1 AND ?2" },
    { "flags-referred", "SELECT COUNT(*) FROM flags WHERE referred BETWEEN ?1 AND ?2" },
  };
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  GDate end = *month;
  char first[11], last[11], label[8];
  g_autoptr(DocketStmt) stmt = NULL;
  int rc;

  g_date_add_months (&end, 1);
  g_date_subtract_days (&end, 1);
  g_date_strftime (first, sizeof first, "%Y-%m-%d", month);
  g_date_strftime (last, sizeof last, "%Y-%m-%d", &end);
  g_date_strftime (label, sizeof label, "%Y-%m", month);
  g_variant_builder_add (&b, "{sv}", "month", g_variant_new_string (label));
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      gint64 n = count_month (db, counts[i].sql, first, last, error);
      if (n < 0)
        return NULL;
      g_variant_builder_add (&b, "{sv}", counts[i].key, g_variant_new_int64 (n));
    }

  stmt = docket_db_prepare (db, "SELECT " RUN_COLUMNS " FROM audit_runs WHERE as_of BETWEEN ? AND ? "
                            "ORDER BY as_of DESC, id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, last, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      static const char * const keep[] = {
        "id", "as-of", "audited", "in-breach", "breach-percent", "adherence-percent",
        "referred", "referred-percent", "revoked", "revoked-percent", NULL,
      };
      g_autoptr(GVariant) run = run_variant (db, stmt, error);
      GVariantIter iter;
      const char *key;
      GVariant *value;

      if (run == NULL)
        return NULL;
      g_variant_iter_init (&iter, run);
      while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
        {
          if (g_strv_contains (keep, key))
            {
              g_autofree char *k = g_str_equal (key, "id") ? g_strdup ("run") : g_strdup (key);
              g_variant_builder_add (&b, "{sv}", k, value);
            }
          g_variant_unref (value);
        }
    }
  else if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading audit runs", error);
      return NULL;
    }
  return g_variant_builder_end (&b);
}

GVariant *
docket_compliance_figures (DocketStore  *store,
                           GVariant     *query,
                           GError      **error)
{
  static const char * const keys[] = { "by", "from", "to", NULL };
  static const char * const bys[] = { "month", "run", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *from_s = NULL, *to_s = NULL, *today = docket_today ();
  GDate from, to;
  int by;

  if (!docket_validate_keys (query, keys, error) ||
      !opt_enum (query, "by", "by", bys, &by, error) ||
      !opt_string (query, "from", "from", 7, &from_s, error) ||
      !opt_string (query, "to", "to", 7, &to_s, error))
    return NULL;
  if (to_s == NULL || *to_s == '\0')
    {
      g_free (to_s);
      to_s = g_strndup (today, 7);
    }
  if (!parse_month ("to", to_s, &to, error))
    return NULL;
  if (from_s == NULL || *from_s == '\0')
    {
      from = to;
      g_date_subtract_months (&from, 11);
    }
  else if (!parse_month ("from", from_s, &from, error))
    return NULL;
  if (g_date_compare (&from, &to) > 0)
    {
      docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "from %s is after to %s", from_s, to_s);
      return NULL;
    }
  if (g_date_get_julian (&to) - g_date_get_julian (&from) > 366 * 20)
    {
      docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "ask for at most 20 years at a time");
      return NULL;
    }

  if (by == 1)
    {
      GDate end = to;
      char first[11], last[11];
      g_autoptr(DocketStmt) stmt = NULL;
      int rc;

      g_date_add_months (&end, 1);
      g_date_subtract_days (&end, 1);
      g_date_strftime (first, sizeof first, "%Y-%m-%d", &from);
      g_date_strftime (last, sizeof last, "%Y-%m-%d", &end);
      stmt = docket_db_prepare (db, "SELECT " RUN_COLUMNS " FROM audit_runs WHERE as_of BETWEEN ? AND ? "
                                "ORDER BY as_of, id", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, first, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, last, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          GVariant *row = run_variant (db, stmt, error);
          if (row == NULL)
            return NULL;
          g_variant_builder_add_value (&list, row);
        }
      if (rc != SQLITE_DONE)
        {
          docket_db_set_error (db, rc, "Reading audit runs", error);
          return NULL;
        }
      return g_variant_builder_end (&list);
    }

  for (GDate m = from; g_date_compare (&m, &to) <= 0; g_date_add_months (&m, 1))
    {
      GVariant *row = month_row (store, &m, error);
      if (row == NULL)
        return NULL;
      g_variant_builder_add_value (&list, row);
    }
  return g_variant_builder_end (&list);
}
