/* Driver licence records, their convictions, notes and status history:
 * writing them, reading one, importing many. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-driver-store.h"
#include "docket-register-searches.h"
#include "docket-driver-store-private.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-names.h"
#include "docket-validate.h"

#define col_text docket_col_text

static const DocketFieldColumn driver_columns[] = {
  { "licence",         "licence" },
  { "kind",            "kind" },
  { "name",            "full_name" },
  { "status",          "status" },
  { "badge",           "badge" },
  { "issued",          "issued" },
  { "expires",         "expires" },
  { "dob",             "dob" },
  { "address",         "address" },
  { "phone",           "phone" },
  { "email",           "email" },
  { "ni-number",       "ni_number" },
  { "dvla-number",     "dvla_number" },
  { "dbs-certificate", "dbs_certificate" },
  { "dbs-disclosure",  "dbs_disclosure" },
  { NULL }
};

static const char *
column_for (const char *key)
{
  for (const DocketFieldColumn *c = driver_columns; c->key; c++)
    if (g_str_equal (c->key, key))
      return c->column;
  g_assert_not_reached ();
}

/* Adds the summary columns (as selected by DOCKET_DRIVER_SUMMARY_COLUMNS from column
 * @first on) to @b. */
static void
add_summary (GVariantBuilder *b, sqlite3_stmt *stmt, int first)
{
  static const char * const keys[] = {
    "licence", "kind", "name", "status", "badge", "issued", "expires", "created", "modified",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *v = col_text (stmt, first + 1 + (int) i);
      if (v != NULL)
        g_variant_builder_add (b, "{sv}", keys[i], g_variant_new_string (v));
    }
}

GVariant *
_docket_driver_summary_from_row (sqlite3_stmt *stmt)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  add_summary (&b, stmt, 0);
  return g_variant_builder_end (&b);
}

const char *
_docket_driver_lookup_str (GVariant *record, const char *key)
{
  const char *v = NULL;
  if (!g_variant_lookup (record, key, "&s", &v))
    return NULL;
  return v;
}

/* A driver record unpacked once: values[i] belongs to docket_driver_fields[i],
 * NULL when absent. The strings belong to the record. */
#define N_DRIVER_FIELDS 15  /* checked in docket_driver_store_create () */

typedef struct {
  const char *values[N_DRIVER_FIELDS];
} DriverValues;

static void
unpack (GVariant *rec, DriverValues *out)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  memset (out, 0, sizeof *out);
  g_variant_iter_init (&iter, rec);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      const DocketFieldSpec *spec = docket_field_spec_lookup (docket_driver_fields, key);
      /* The record was validated: every key is known and every value a
       * string; the string lives as long as @rec does. */
      out->values[spec - docket_driver_fields] = g_variant_get_string (value, NULL);
      g_variant_unref (value);
    }
}

static const char *
field (const DriverValues *v, const char *key)
{
  return v->values[docket_field_spec_lookup (docket_driver_fields, key) - docket_driver_fields];
}

/* Returns the driver's row id, 0 when there is none, -1 on error. */
static gint64
driver_id (DocketDb *db, const char *licence, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, "SELECT id FROM drivers WHERE licence = ?", error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, licence, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    return 0;
  docket_db_set_error (db, rc, "Looking up a driver", error);
  return -1;
}

static gint64
require_driver (DocketDb *db, const char *licence, GError **error)
{
  gint64 id = driver_id (db, licence, error);

  if (id == 0)
    docket_error_set_named (error,
                          DOCKET_ERROR_NOT_FOUND,
                          "Licence %s: no such driver",
                          licence);
  return id > 0 ? id : -1;
}

/* FALSE, naming the licence, when the retention schedule erased driver
 * @id: its stub keeps the statistics and takes no new information. */
static gboolean
require_not_erased (DocketDb *db, gint64 id, const char *licence, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, "SELECT erased FROM drivers WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return docket_db_set_error (db, rc, "Looking up a driver", error);
  if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return TRUE;
  docket_error_set_named (error, DOCKET_ERROR_CONFLICT,
                          "Licence %s: the record was erased on %s under the retention schedule; "
                          "only its anonymous statistics remain", licence, col_text (stmt, 0));
  return FALSE;
}

static gboolean
add_history (DocketDb    *db,
             gint64       id,
             const char  *now,
             const char  *user,
             const char  *old_status,
             const char  *new_status,
             const char  *reason,
             GError     **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "INSERT INTO status_history (driver_id, time, user, old_status, new_status, reason) "
      "VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, user, -1, SQLITE_STATIC);
  if (old_status)
    sqlite3_bind_text (stmt, 4, old_status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, new_status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, reason, -1, SQLITE_STATIC);
  return docket_db_step_done (db, stmt, error);
}

static gboolean
check_dates (const char *issued, const char *expires, GError **error)
{
  if (issued && *issued && expires && *expires && strcmp (issued, expires) > 0)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "expiry date %s is before the issue date %s", expires, issued);
      return FALSE;
    }
  return TRUE;
}

/* Fails with CONFLICT when @badge belongs to a driver other than @self_id. */
static gboolean
check_badge_free (DocketDb *db, const char *badge, gint64 self_id, GError **error)
{
  g_autoptr(DocketStmt) stmt = NULL;
  int rc;

  if (badge == NULL || *badge == '\0')
    return TRUE;
  stmt = docket_db_prepare (db, "SELECT id, licence FROM drivers WHERE badge = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, badge, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) != self_id)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_CONFLICT,
                   "badge number %s is already held by licence %s", badge, col_text (stmt, 1));
      return FALSE;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Checking the badge number", error);
  return TRUE;
}

static void
bind_blind (DocketStore     *store,
            sqlite3_stmt    *stmt,
            int              param,
            DocketBlindKind  kind,
            const char      *value)
{
  guint8 idx[DOCKET_BLIND_INDEX_BYTES];

  if (value == NULL || *value == '\0')
    {
      sqlite3_bind_null (stmt, param);
      return;
    }
  docket_crypto_blind_index (docket_store_get_crypto (store), kind, value, idx);
  sqlite3_bind_blob (stmt, param, idx, sizeof idx, SQLITE_TRANSIENT);
}

/* Inserts a validated record inside the caller's transaction. */
static gboolean
insert_driver (DocketStore  *store,
               const char   *user,
               GVariant     *rec,
               const char   *reason,
               GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  DriverValues v;
  const char *licence, *status;
  g_autofree char *now = docket_store_now ();
  g_autofree char *summary = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  gint64 id, existing;
  int p = 1;

  unpack (rec, &v);
  licence = field (&v, "licence");
  status = field (&v, "status");
  if (status == NULL || *status == '\0')
    status = "applicant";
  if (!check_dates (field (&v, "issued"), field (&v, "expires"), error))
    return FALSE;

  existing = driver_id (db, licence, error);
  if (existing < 0)
    return FALSE;
  if (existing > 0)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_CONFLICT,
                   "licence number %s is already in use", licence);
      return FALSE;
    }
  if (!check_badge_free (db, field (&v, "badge"), 0, error))
    return FALSE;

  id = docket_store_next_id (store, "drivers", error);
  if (id < 0)
    return FALSE;

  stmt = docket_db_prepare (db,
      "INSERT INTO drivers (id, licence, kind, full_name, status, badge, issued, expires, "
      "created, modified, dob, address, phone, email, ni_number, dvla_number, "
      "dbs_certificate, dbs_disclosure, ni_bidx, dvla_bidx) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, p++, id);
  {
    const char *plain[] = {
      licence, field (&v, "kind"), field (&v, "name"), status,
      field (&v, "badge"), field (&v, "issued"), field (&v, "expires"),
      now, now,
    };
    for (guint i = 0; i < G_N_ELEMENTS (plain); i++, p++)
      {
        if (plain[i] && *plain[i])
          sqlite3_bind_text (stmt, p, plain[i], -1, SQLITE_TRANSIENT);
        else
          sqlite3_bind_null (stmt, p);
      }
  }
  for (const char * const *k = (const char * const[]) { "dob", "address", "phone", "email",
                                                        "ni-number", "dvla-number",
                                                        "dbs-certificate", "dbs-disclosure",
                                                        NULL }; *k; k++)
    docket_store_bind_encrypted (store, stmt, p++, "drivers", column_for (*k), id, field (&v, *k));
  bind_blind (store, stmt, p++, DOCKET_BLIND_NI_NUMBER, field (&v, "ni-number"));
  bind_blind (store, stmt, p++, DOCKET_BLIND_DVLA_NUMBER, field (&v, "dvla-number"));

  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  if (!add_history (db, id, now, user, NULL, status, reason, error))
    return FALSE;

  summary = g_strdup_printf ("%s licence, status %s", field (&v, "kind"), status);
  return docket_audit_store_append (store, user, "driver.create", licence, summary, error);
}

char *
docket_driver_store_create (DocketStore  *store,
                            const char   *user,
                            GVariant     *record,
                            GError      **error)
{
  g_autoptr(GVariant) rec = NULL;
  const char *licence = NULL;

  g_assert (docket_driver_fields[N_DRIVER_FIELDS].key == NULL);
  g_variant_lookup (record, "licence", "&s", &licence);
  rec = docket_validate_record (docket_driver_fields, record, TRUE, error);
  if (rec == NULL)
    {
      if (licence != NULL && g_utf8_validate (licence, -1, NULL) && *licence)
        docket_error_prefix_named (error, "Licence %s: ", licence);
      else
        g_prefix_error (error, "New driver: ");
      return NULL;
    }
  licence = _docket_driver_lookup_str (rec, "licence");

  if (!docket_store_begin_write (store, error))
    return NULL;
  if (!insert_driver (store, user, rec, "record created", error) ||
      !docket_store_commit (store, error))
    {
      docket_store_rollback (store);
      docket_error_prefix_named (error, "Licence %s: ", licence);
      return NULL;
    }
  return g_strdup (licence);
}

typedef struct {
  gint64 id;
  char  *status;
  char  *issued;
  char  *expires;
} DriverCore;

static void
driver_core_clear (DriverCore *c)
{
  g_clear_pointer (&c->status, g_free);
  g_clear_pointer (&c->issued, g_free);
  g_clear_pointer (&c->expires, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DriverCore, driver_core_clear)

static gboolean
load_core (DocketDb *db, const char *licence, DriverCore *c, GError **error)
{
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT id, status, issued, expires FROM drivers WHERE licence = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, licence, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      docket_error_set_named (error,
                          DOCKET_ERROR_NOT_FOUND,
                          "Licence %s: no such driver",
                          licence);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return docket_db_set_error (db, rc, "Reading a driver", error);
  c->id = sqlite3_column_int64 (stmt, 0);
  c->status = g_strdup (col_text (stmt, 1));
  c->issued = g_strdup (col_text (stmt, 2));
  c->expires = g_strdup (col_text (stmt, 3));
  return TRUE;
}

static gboolean
update_in_txn (DocketStore  *store,
               const char   *user,
               const char   *licence,
               GVariant     *changes,
               const char   *reason,
               GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(DriverCore) core = { 0 };
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autofree char *now = docket_store_now ();
  const char *new_status = _docket_driver_lookup_str (changes, "status");
  const char *issued, *expires;
  GVariantIter iter;
  const char *key;
  GVariant *value_in;

  if (!load_core (db, licence, &core, error) || !require_not_erased (db, core.id, licence, error))
    return FALSE;

  if (new_status != NULL && !g_str_equal (new_status, core.status))
    {
      DocketDriverStatus from = docket_enum_from_string (docket_driver_status_names, core.status);
      DocketDriverStatus to = docket_enum_from_string (docket_driver_status_names, new_status);

      if (!docket_driver_status_change_allowed (from, to))
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "status cannot change from %s to %s%s", core.status, new_status,
                       from >= DOCKET_DRIVER_STATUS_REVOKED && to == DOCKET_DRIVER_STATUS_ACTIVE
                         ? " without a new application (set status applicant first)" : "");
          return FALSE;
        }
      if (reason == NULL || *reason == '\0')
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "a change of status from %s to %s needs a reason", core.status, new_status);
          return FALSE;
        }
      /* An officer's grant of an application: the register first. */
      if (from == DOCKET_DRIVER_STATUS_APPLICANT && to == DOCKET_DRIVER_STATUS_ACTIVE)
        {
          g_autofree char *today = docket_today ();
          g_autofree char *what = g_strdup_printf ("Licence %s", licence);
          if (!docket_register_search_require (store, core.id, licence, today, what, error))
            return FALSE;
        }
    }
  else
    new_status = NULL;

  issued = _docket_driver_lookup_str (changes, "issued") ? _docket_driver_lookup_str (changes, "issued") : core.issued;
  expires = _docket_driver_lookup_str (changes, "expires") ? _docket_driver_lookup_str (changes, "expires") : core.expires;
  if (!check_dates (issued, expires, error))
    return FALSE;
  if (!check_badge_free (db, _docket_driver_lookup_str (changes, "badge"), core.id, error))
    return FALSE;

  g_variant_iter_init (&iter, changes);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value_in))
    {
      g_autoptr(GVariant) value = value_in;
      const char *v = g_variant_get_string (value, NULL);
      const DocketFieldSpec *spec = docket_field_spec_lookup (docket_driver_fields, key);
      const char *column = column_for (key);
      g_autofree char *sql = g_strdup_printf ("UPDATE drivers SET %s = ?1 WHERE id = ?2", column);
      g_autoptr(DocketStmt) stmt = docket_db_prepare (db, sql, error);

      if (stmt == NULL)
        return FALSE;
      if (spec->sensitive)
        docket_store_bind_encrypted (store, stmt, 1, "drivers", column, core.id, v);
      else if (*v != '\0')
        sqlite3_bind_text (stmt, 1, v, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, core.id);
      if (!docket_db_step_done (db, stmt, error))
        return FALSE;

      if (g_str_equal (key, "ni-number") || g_str_equal (key, "dvla-number"))
        {
          gboolean ni = g_str_equal (key, "ni-number");
          g_autoptr(DocketStmt) bidx = docket_db_prepare (db, ni
              ? "UPDATE drivers SET ni_bidx = ?1 WHERE id = ?2"
              : "UPDATE drivers SET dvla_bidx = ?1 WHERE id = ?2", error);
          if (bidx == NULL)
            return FALSE;
          bind_blind (store, bidx, 1, ni ? DOCKET_BLIND_NI_NUMBER : DOCKET_BLIND_DVLA_NUMBER, v);
          sqlite3_bind_int64 (bidx, 2, core.id);
          if (!docket_db_step_done (db, bidx, error))
            return FALSE;
        }

      if (g_str_equal (key, "status"))
        {
          if (new_status == NULL)
            continue;
          g_string_append_printf (changed, "%sstatus %s to %s", changed->len ? ", " : "",
                                  core.status, new_status);
        }
      else
        g_string_append_printf (changed, "%s%s", changed->len ? ", " : "", key);
    }

  if (changed->len == 0)
    return TRUE;  /* nothing to record */

  {
    g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
        "UPDATE drivers SET modified = ? WHERE id = ?", error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, core.id);
    if (!docket_db_step_done (db, stmt, error))
      return FALSE;
  }
  if (new_status != NULL &&
      !add_history (db, core.id, now, user, core.status, new_status, reason, error))
    return FALSE;

  g_string_prepend (changed, "changed ");
  return docket_audit_store_append (store, user, "driver.update", licence, changed->str, error);
}

gboolean
docket_driver_store_update (DocketStore  *store,
                            const char   *user,
                            const char   *licence,
                            GVariant     *changes,
                            const char   *reason,
                            GError      **error)
{
  g_autoptr(GVariant) rec = NULL;

  rec = docket_validate_record (docket_driver_fields, changes, FALSE, error);
  if (rec == NULL)
    {
      docket_error_prefix_named (error, "Licence %s: ", licence);
      return FALSE;
    }
  if (_docket_driver_lookup_str (rec, "licence") != NULL && !g_str_equal (_docket_driver_lookup_str (rec, "licence"), licence))
    {
      docket_error_set_named (error,
                          DOCKET_ERROR_INVALID_ARGUMENT,
                          "Licence %s: the licence number cannot be changed",
                          licence);
      return FALSE;
    }
  if (reason != NULL &&
      !docket_validate_text ("reason", reason, 500, FALSE, error))
    {
      docket_error_prefix_named (error, "Licence %s: ", licence);
      return FALSE;
    }

  if (!docket_store_begin_write (store, error))
    return FALSE;
  return docket_store_finish (store, update_in_txn (store, user, licence, rec, reason, error), error,
                              "Licence %s", licence);
}

gboolean
docket_driver_store_set_status (DocketStore  *store,
                                const char   *user,
                                gint64        driver,
                                const char   *status,
                                const char   *expires,
                                const char   *reason,
                                gboolean      undo,
                                GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT licence, status FROM drivers WHERE id = ?", error);
  g_autofree char *licence = NULL;
  g_autofree char *old = NULL;
  g_autofree char *now = docket_store_now ();
  g_autofree char *summary = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, driver);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return docket_db_set_error (db, rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc, "Reading a driver", error);
  licence = g_strdup (col_text (stmt, 0));
  old = g_strdup (col_text (stmt, 1));
  g_clear_pointer (&stmt, docket_stmt_release);

  if (!undo &&
      !docket_driver_status_change_allowed (docket_enum_from_string (docket_driver_status_names, old),
                                            docket_enum_from_string (docket_driver_status_names, status)))
    {
      docket_error_set_named (error,
                          DOCKET_ERROR_CONFLICT,
                          "Licence %s: status cannot change from %s to %s",
                          licence,
                          old,
                          status);
      return FALSE;
    }

  stmt = docket_db_prepare (db,
      "UPDATE drivers SET status = ?1, expires = COALESCE(?2, expires), modified = ?3 WHERE id = ?4",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  if (expires != NULL)
    sqlite3_bind_text (stmt, 2, expires, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, driver);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  if (!g_str_equal (old, status) &&
      !add_history (db, driver, now, user, old, status, reason, error))
    return FALSE;

  summary = expires != NULL
      ? g_strdup_printf ("status %s to %s, expires %s: %s", old, status, expires, reason)
      : g_strdup_printf ("status %s to %s: %s", old, status, reason);
  return docket_audit_store_append (store, user, "driver.status", licence, summary, error);
}

char *
docket_driver_store_licence_status (DocketStore  *store,
                                    gint64        driver,
                                    GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db, "SELECT status FROM drivers WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, driver);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Reading a driver", error);
      return NULL;
    }
  return g_strdup (col_text (stmt, 0));
}

gint64
docket_driver_store_find (DocketStore  *store,
                          const char   *licence,
                          GError      **error)
{
  return require_driver (docket_store_get_db (store), licence, error);
}

gint64
docket_driver_store_lookup (DocketStore  *store,
                            const char   *licence,
                            GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  gint64 id = require_driver (db, licence, error);

  if (id > 0 && !require_not_erased (db, id, licence, error))
    return -1;
  return id;
}

/* A conviction's report comes after the event: on a later day, or on the
 * same day at a later time (the end of the day when a time is not known). */
static gboolean
check_report (GVariant *rec, const char *licence, const char *what, GError **error)
{
  const char *date = _docket_driver_lookup_str (rec, "date"), *reported = _docket_driver_lookup_str (rec, "reported");
  const char *time = _docket_driver_lookup_str (rec, "time"), *rtime = _docket_driver_lookup_str (rec, "reported-time");
  g_autofree char *at = g_strdup_printf ("%s %s", date ? date : "", time && *time ? time : "23:59");
  g_autofree char *rat = g_strdup_printf ("%s %s", reported ? reported : "", rtime && *rtime ? rtime : "23:59");

  if (rtime && *rtime && !(reported && *reported))
    {
      docket_error_set_named (error, DOCKET_ERROR_INVALID_ARGUMENT,
                              "Licence %s: %s: a time reported needs the date reported", licence, what);
      return FALSE;
    }
  if (date && reported && *reported && strcmp (reported, date) == 0 && strcmp (rat, at) < 0)
    {
      docket_error_set_named (error, DOCKET_ERROR_INVALID_ARGUMENT,
                              "Licence %s: %s: reported at %s, before the time of the event (%s)",
                              licence, what, rat, at);
      return FALSE;
    }
  if (date && reported && *reported && strcmp (reported, date) < 0)
    {
      docket_error_set_named (error,
                      DOCKET_ERROR_INVALID_ARGUMENT,
                      "Licence %s: %s: date reported %s is before its date %s",
                      licence,
                      what,
                      reported,
                      date);
      return FALSE;
    }
  return TRUE;
}

static gint64
add_child (DocketStore          *store,
           const char           *user,
           const char           *licence,
           GVariant             *input,
           const DocketFieldSpec *specs,
           const char           *what,
           GError              **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(GVariant) rec = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  g_autofree char *now = docket_store_now ();
  g_autofree char *summary = NULL;
  gboolean is_note = specs == docket_note_fields;
  const char *table = is_note ? "notes" : "convictions";
  gint64 driver, id;

  rec = docket_validate_record (specs, input, TRUE, error);
  if (rec == NULL)
    {
      docket_error_prefix_named (error, "Licence %s: %s: ", licence, what);
      return -1;
    }
  if (!is_note && !check_report (rec, licence, what, error))
    return -1;

  if (!docket_store_begin_write (store, error))
    return -1;
  driver = require_driver (db, licence, error);
  if (driver < 0 || !require_not_erased (db, driver, licence, error))
    goto fail;
  id = docket_store_next_id (store, table, error);
  if (id < 0)
    goto fail;

  if (is_note)
    {
      g_autofree char *today = docket_today ();
      const char *date = _docket_driver_lookup_str (rec, "date");
      stmt = docket_db_prepare (db,
          "INSERT INTO notes (id, driver_id, kind, date, created, author, text) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, driver);
      sqlite3_bind_text (stmt, 3, _docket_driver_lookup_str (rec, "kind"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, date && *date ? date : today, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, user, -1, SQLITE_STATIC);
      docket_store_bind_encrypted (store, stmt, 7, "notes", "text", id, _docket_driver_lookup_str (rec, "text"));
    }
  else
    {
      const char *kind = _docket_driver_lookup_str (rec, "kind");
      stmt = docket_db_prepare (db,
          "INSERT INTO convictions (id, driver_id, created, date, kind, offence, category, sentence, reported, "
          "time, reported_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, driver);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
      docket_store_bind_encrypted (store, stmt, 4, "convictions", "date", id, _docket_driver_lookup_str (rec, "date"));
      docket_store_bind_encrypted (store, stmt, 5, "convictions", "kind", id, kind && *kind ? kind : "conviction");
      docket_store_bind_encrypted (store, stmt, 6, "convictions", "offence", id, _docket_driver_lookup_str (rec, "offence"));
      docket_store_bind_encrypted (store, stmt, 7, "convictions", "category", id, _docket_driver_lookup_str (rec, "category"));
      docket_store_bind_encrypted (store, stmt, 8, "convictions", "sentence", id, _docket_driver_lookup_str (rec, "sentence"));
      docket_store_bind_encrypted (store, stmt, 9, "convictions", "reported", id, _docket_driver_lookup_str (rec, "reported"));
      docket_store_bind_encrypted (store, stmt, 10, "convictions", "time", id, _docket_driver_lookup_str (rec, "time"));
      docket_store_bind_encrypted (store, stmt, 11, "convictions", "reported_time", id,
                                   _docket_driver_lookup_str (rec, "reported-time"));
    }
  if (!docket_db_step_done (db, stmt, error))
    goto fail;

  {
    g_autoptr(DocketStmt) touch = docket_db_prepare (db,
        "UPDATE drivers SET modified = ? WHERE id = ?", error);
    if (touch == NULL)
      goto fail;
    sqlite3_bind_text (touch, 1, now, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (touch, 2, driver);
    if (!docket_db_step_done (db, touch, error))
      goto fail;
  }

  summary = g_strdup_printf ("%s %" G_GINT64_FORMAT " added", what, id);
  if (!docket_audit_store_append (store, user, is_note ? "note.add" : "conviction.add",
                                  licence, summary, error) ||
      !docket_store_commit (store, error))
    goto fail;
  return id;

fail:
  docket_store_finish (store, FALSE, error, "Licence %s", licence);
  return -1;
}

gint64
docket_driver_store_add_conviction (DocketStore  *store,
                                    const char   *user,
                                    const char   *licence,
                                    GVariant     *conviction,
                                    GError      **error)
{
  return add_child (store, user, licence, conviction, docket_conviction_fields,
                    "conviction", error);
}

gint64
docket_driver_store_add_note (DocketStore  *store,
                              const char   *user,
                              const char   *licence,
                              GVariant     *note,
                              GError      **error)
{
  return add_child (store, user, licence, note, docket_note_fields, "note", error);
}

/* Decrypts column @col of @stmt into @b under @key; on failure sets a
 * Tampered error naming the driver and field. */
gboolean
_docket_driver_add_decrypted (DocketStore     *store,
                              GVariantBuilder *b,
                              sqlite3_stmt    *stmt,
                              int              col,
                              const char      *table,
                              const char      *column,
                              gint64           rowid,
                              const char      *key,
                              const char      *licence,
                              const char      *what,
                              GError         **error)
{
  g_autoptr(DocketSecret) plain = NULL;

  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return TRUE;
  plain = docket_crypto_decrypt (docket_store_get_crypto (store), table, column, rowid,
                                 sqlite3_column_blob (stmt, col),
                                 (gsize) sqlite3_column_bytes (stmt, col), NULL);
  if (plain == NULL || !g_utf8_validate (plain, -1, NULL))
    {
      docket_error_set_named (error,
                          DOCKET_ERROR_TAMPERED,
                          "Licence %s: %s%s failed authentication: the stored value was "
                   "altered or moved, and is not shown",
                          licence,
                          what,
                          key);
      return FALSE;
    }
  g_variant_builder_add (b, "{sv}", key, g_variant_new_string (plain));
  return TRUE;
}

static GVariant *
read_history (DocketDb *db, gint64 id, GError **error)
{
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT time, user, old_status, new_status, reason FROM status_history "
      "WHERE driver_id = ? ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) e = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&e, "{sv}", "time", g_variant_new_string (col_text (stmt, 0)));
      g_variant_builder_add (&e, "{sv}", "user", g_variant_new_string (col_text (stmt, 1)));
      if (col_text (stmt, 2))
        g_variant_builder_add (&e, "{sv}", "from", g_variant_new_string (col_text (stmt, 2)));
      g_variant_builder_add (&e, "{sv}", "to", g_variant_new_string (col_text (stmt, 3)));
      g_variant_builder_add (&e, "{sv}", "reason", g_variant_new_string (col_text (stmt, 4)));
      g_variant_builder_add_value (&list, g_variant_builder_end (&e));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading status history", error);
      return NULL;
    }
  return g_variant_builder_end (&list);
}

static GVariant *
read_convictions (DocketStore *store, gint64 driver, const char *licence, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT id, date, kind, offence, category, sentence, reported, time, reported_time FROM convictions "
      "WHERE driver_id = ? ORDER BY id", error);
  static const char * const keys[] = { "date", "kind", "offence", "category", "sentence", "reported", "time",
                                       "reported-time" };
  static const char * const columns[] = { "date", "kind", "offence", "category", "sentence", "reported", "time",
                                          "reported_time" };
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, driver);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) e = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autofree char *what = g_strdup_printf ("conviction %" G_GINT64_FORMAT " ", id);

      g_variant_builder_add (&e, "{sv}", "id", g_variant_new_int64 (id));
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        if (!_docket_driver_add_decrypted (store, &e, stmt, 1 + (int) i, "convictions", columns[i], id,
                            keys[i], licence, what, error))
          return NULL;
      g_variant_builder_add_value (&list, g_variant_builder_end (&e));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading convictions", error);
      return NULL;
    }
  return g_variant_builder_end (&list);
}

static GVariant *
read_notes (DocketStore *store, gint64 driver, const char *licence, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) list = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT id, kind, date, created, author, text FROM notes "
      "WHERE driver_id = ? ORDER BY date, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, driver);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) e = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autofree char *what = g_strdup_printf ("note %" G_GINT64_FORMAT " ", id);

      g_variant_builder_add (&e, "{sv}", "id", g_variant_new_int64 (id));
      g_variant_builder_add (&e, "{sv}", "kind", g_variant_new_string (col_text (stmt, 1)));
      g_variant_builder_add (&e, "{sv}", "date", g_variant_new_string (col_text (stmt, 2)));
      g_variant_builder_add (&e, "{sv}", "created", g_variant_new_string (col_text (stmt, 3)));
      g_variant_builder_add (&e, "{sv}", "author", g_variant_new_string (col_text (stmt, 4)));
      if (!_docket_driver_add_decrypted (store, &e, stmt, 5, "notes", "text", id, "text", licence, what, error))
        return NULL;
      g_variant_builder_add_value (&list, g_variant_builder_end (&e));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading notes", error);
      return NULL;
    }
  return g_variant_builder_end (&list);
}

gint64
docket_driver_store_read (DocketStore      *store,
                          const char       *user,
                          const char       *licence,
                          gboolean          sensitive,
                          GVariantBuilder  *out,
                          GError          **error)
{
  DocketDb *db = docket_store_get_db (store);
  GVariantBuilder *b = out;
  g_autoptr(DocketStmt) stmt = NULL;
  GVariant *history;
  gint64 id;
  int rc;

  if (sensitive && user != NULL)
    {
      /* The reading is recorded, and durable, before anything is shown. */
      if (!docket_store_begin_write (store, error))
        return -1;
      if (require_driver (db, licence, error) < 0 ||
          !docket_audit_store_append (store, user, "driver.read-sensitive", licence,
                                      "read sensitive fields", error) ||
          !docket_store_commit (store, error))
        {
          docket_store_rollback (store);
          return -1;
        }
    }

  stmt = docket_db_prepare (db,
      "SELECT " DOCKET_DRIVER_SUMMARY_COLUMNS ", d.dob, d.address, d.phone, d.email, d.ni_number, "
      "d.dvla_number, d.dbs_certificate, d.dbs_disclosure, d.erased, d.hold_reason, d.hold_by, "
      "d.hold_placed FROM drivers d WHERE d.licence = ?",
      error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, licence, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      docket_error_set_named (error,
                          DOCKET_ERROR_NOT_FOUND,
                          "Licence %s: no such driver",
                          licence);
      return -1;
    }
  if (rc != SQLITE_ROW)
    {
      docket_db_set_error (db, rc, "Reading a driver", error);
      return -1;
    }
  id = sqlite3_column_int64 (stmt, 0);
  add_summary (b, stmt, 0);
  docket_dict_add_column (b, "erased", stmt, 18);
  docket_dict_add_column (b, "hold-reason", stmt, 19);
  docket_dict_add_column (b, "hold-by", stmt, 20);
  docket_dict_add_column (b, "hold-placed", stmt, 21);

  if (sensitive)
    {
      static const char * const keys[] = {
        "dob", "address", "phone", "email", "ni-number", "dvla-number",
        "dbs-certificate", "dbs-disclosure",
      };
      GVariant *list;

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        if (!_docket_driver_add_decrypted (store, b, stmt, 10 + (int) i, "drivers", column_for (keys[i]),
                            id, keys[i], licence, "", error))
          return -1;
      list = read_convictions (store, id, licence, error);
      if (list == NULL)
        return -1;
      g_variant_builder_add (b, "{sv}", "convictions", list);
      list = read_notes (store, id, licence, error);
      if (list == NULL)
        return -1;
      g_variant_builder_add (b, "{sv}", "notes", list);
    }

  history = read_history (db, id, error);
  if (history == NULL)
    return -1;
  g_variant_builder_add (b, "{sv}", "history", history);
  return id;
}

GVariant *
docket_driver_store_get (DocketStore  *store,
                         const char   *user,
                         const char   *licence,
                         gboolean      sensitive,
                         GError      **error)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  if (docket_driver_store_read (store, user, licence, sensitive, &b, error) < 0)
    return NULL;
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

static void
prefix_line (GError **error, guint line, GVariant *record)
{
  const char *licence = NULL;

  g_variant_lookup (record, "licence", "&s", &licence);
  if (licence && *licence && g_utf8_validate (licence, -1, NULL))
    g_prefix_error (error, "Line %u (licence %s): ", line, licence);
  else
    g_prefix_error (error, "Line %u: ", line);
}

guint
docket_driver_store_import (DocketStore       *store,
                            const char        *user,
                            DocketImportNext   next,
                            gpointer           data,
                            GCancellable      *cancellable,
                            GError           **error)
{
  GVariant *input;
  guint line = 0, count = 0;
  GError *read_error = NULL;

  /* Each record is validated and written in turn inside one transaction,
   * so only one is in memory at a time; the first bad one rolls back all,
   * and so does a problem in the file found as it is read. */
  if (!docket_store_begin_write (store, error))
    return 0;
  /* The full-text index is filled once, after the rows (schema 007). */
  if (!docket_db_exec (docket_store_get_db (store),
                       "INSERT INTO import_bulk VALUES (1, (SELECT COALESCE (MAX (id), 0) + 1 FROM drivers))", error))
    {
      docket_store_rollback (store);
      return 0;
    }
  while ((input = next (data, &line, &read_error)) != NULL)
    {
      g_autoptr(GVariant) raw = input;
      g_autoptr(GVariant) rec = docket_validate_record (docket_driver_fields, raw, TRUE, error);

      if (rec == NULL || !insert_driver (store, user, rec, "imported", error))
        {
          docket_store_rollback (store);
          prefix_line (error, line, raw);
          return 0;
        }
      count++;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          docket_store_rollback (store);
          g_prefix_error (error, "Import: nothing imported: ");
          return 0;
        }
    }
  if (read_error != NULL)
    {
      docket_store_rollback (store);
      g_propagate_error (error, read_error);
      return 0;
    }
  if (!docket_db_exec (docket_store_get_db (store),
                       "INSERT INTO drivers_fts (rowid, licence, full_name, badge) "
                       "SELECT id, licence, full_name, badge FROM drivers "
                       "WHERE id >= (SELECT first_id FROM import_bulk) ORDER BY id; "
                       "DELETE FROM import_bulk", error))
    {
      docket_store_rollback (store);
      g_prefix_error (error, "Import: ");
      return 0;
    }
  if (!docket_store_commit (store, error))
    {
      docket_store_rollback (store);
      g_prefix_error (error, "Import: ");
      return 0;
    }
  return count;
}
