/* Unit tests of the store: migrations, drivers, bad input, encryption at
 * rest, tampering, the audit chain, search, import, roles. */
#include "config.h"

#include <string.h>

#include "docket-audit-store.h"
#include "docket-csv-import.h"
#include "docket-driver-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-test-helpers.h"
#include "docket-user-store.h"
#include "docket-publication.h"

#define CANARY_NI      "ZX987654A"
#define CANARY_ADDRESS "7 Canary Wharf Lane CNRY-5150"
#define CANARY_NOTE    "canary-intelligence-3141"

typedef struct {
  char         *dir;
  char         *path;
  DocketCrypto *crypto;
  DocketStore  *store;
} Fixture;

static DocketCrypto *
make_crypto (guint8 fill)
{
  guint8 key[DOCKET_KEY_BYTES];
  g_autoptr(GError) error = NULL;
  DocketCrypto *c;

  memset (key, fill, sizeof key);
  c = docket_crypto_new_from_key (key, 1, &error);
  g_assert_no_error (error);
  return c;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = docket_test_make_dir ("store");
  f->path = g_build_filename (f->dir, "docket.db", NULL);
  f->crypto = make_crypto (0x42);
  f->store = docket_store_open (f->path, f->crypto, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  docket_crypto_free (f->crypto);
  docket_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

#define rec docket_test_record

static void
create (Fixture *f, const char *licence, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) r = rec ("licence", licence, "kind", "hackney", "name", name, NULL);
  g_autofree char *got = docket_driver_store_create (f->store, "tester", r, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, licence);
}

static gint64
scalar (Fixture *f, const char *sql)
{
  sqlite3 *db = docket_db_get_handle (docket_store_get_db (f->store));
  sqlite3_stmt *stmt = NULL;
  gint64 v;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static void
exec (Fixture *f, const char *sql)
{
  sqlite3 *db = docket_db_get_handle (docket_store_get_db (f->store));
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* A search of the national register today, which a grant needs. */
static void
searched (Fixture *f, const char *licence)
{
  g_autofree char *today = docket_today ();
  g_autofree char *sql = g_strdup_printf ("INSERT INTO nr3s_searches (driver_id, searched, result, created, "
                                          "created_by) SELECT id, '%s', 'no-match', '%s', 'tester' FROM drivers "
                                          "WHERE licence = '%s'", today, today, licence);
  exec (f, sql);
}

/* Every row of every table, to show that a failed call changed nothing. */
static char *
fingerprint (Fixture *f)
{
  static const char * const tables[] = {
    "drivers", "status_history", "convictions", "notes", "user_roles", "audit_log", "meta", NULL,
  };
  sqlite3 *db = docket_db_get_handle (docket_store_get_db (f->store));
  GString *s = g_string_new (NULL);

  for (guint t = 0; tables[t]; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY rowid", tables[t]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (s, "[%s]", tables[t]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const guint8 *b = sqlite3_column_blob (stmt, c);
              int n = sqlite3_column_bytes (stmt, c);
              g_string_append_printf (s, "%d:", sqlite3_column_type (stmt, c));
              for (int i = 0; i < n; i++)
                g_string_append_printf (s, "%02x", b[i]);
              g_string_append_c (s, '|');
            }
          g_string_append_c (s, '\n');
        }
      sqlite3_finalize (stmt);
    }
  return g_string_free (s, FALSE);
}

static void
test_migrations (void)
{
  g_autofree char *dir = docket_test_make_dir ("migrate");
  g_autoptr(GError) error = NULL;

  /* From every earlier version, including an empty file, to the latest. */
  for (int from = 0; from < docket_db_latest_version (); from++)
    {
      g_autofree char *name = g_strdup_printf ("v%d.db", from);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(DocketDb) db = NULL;
      sqlite3 *raw = NULL;

      g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
      sqlite3_close (raw);
      db = docket_db_open (path, &error);  /* migrates to the latest */
      g_assert_no_error (error);
      g_assert_cmpint (docket_db_get_version (db), ==, docket_db_latest_version ());
      g_assert_true (docket_db_check_integrity (db, &error));
      g_assert_no_error (error);
      g_clear_object (&db);

      /* Opening again applies nothing and keeps the version. */
      db = docket_db_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (docket_db_get_version (db), ==, docket_db_latest_version ());
    }

  /* A database from a newer docketd is left alone. */
  {
    g_autofree char *path = g_build_filename (dir, "future.db", NULL);
    g_autoptr(DocketDb) db = NULL;
    sqlite3 *raw = NULL;

    g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (raw, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (raw);
    db = docket_db_open (path, &error);
    g_assert_null (db);
    g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "schema version 99"));
  }
  docket_test_remove_dir (dir);
}

/* The rows of @sql as text, columns joined by '|', one row a line. */
static char *
rows_text (DocketDb *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  GString *s = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (docket_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int c = 0; c < sqlite3_column_count (stmt); c++)
      g_string_append_printf (s, "%s%c", (const char *) sqlite3_column_text (stmt, c),
                              c + 1 < sqlite3_column_count (stmt) ? '|' : '\n');
  sqlite3_finalize (stmt);
  return g_string_free (s, FALSE);
}

/* A register kept by the first release (schema 1) keeps its drivers when
 * the hearings schema is added, and the new tables refer to them. */
static void
test_migrate_with_data (void)
{
  g_autofree char *dir = docket_test_make_dir ("migrate-data");
  g_autofree char *path = g_build_filename (dir, "v1.db", NULL);
  g_autofree char *schema_path = g_test_build_filename (G_TEST_DIST, "..", "schema", "001-initial.sql", NULL);
  g_autofree char *schema = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DocketDb) db = NULL;
  g_autofree char *drivers = NULL, *cases = NULL;
  sqlite3 *raw = NULL;

  g_assert_true (g_file_get_contents (schema_path, &schema, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, schema, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw,
      "PRAGMA user_version = 1;"
      "INSERT INTO drivers (id, licence, kind, full_name, status, badge, issued, expires, created, modified) "
      "VALUES (7, 'PH-00007', 'private-hire', 'Ann Old', 'active', '107', '2014-01-01', '2017-01-01', "
      "'2014-01-01T00:00:00Z', '2014-01-01T00:00:00Z'),"
      "(8, 'HC-00008', 'hackney', 'Bob Old', 'suspended', '108', '2015-01-01', '2018-01-01', "
      "'2015-01-01T00:00:00Z', '2015-01-01T00:00:00Z');", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  db = docket_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (docket_db_get_version (db), ==, docket_db_latest_version ());
  drivers = rows_text (db, "SELECT id, licence, full_name, status, expires FROM drivers ORDER BY id");
  g_assert_cmpstr (drivers, ==, "7|PH-00007|Ann Old|active|2017-01-01\n8|HC-00008|Bob Old|suspended|2018-01-01\n");

  /* The new tables take a hearing and a case for an old driver, and refuse
   * one for a driver who is not there. */
  g_assert_true (docket_db_exec (db,
      "INSERT INTO hearings (id, date, time, venue, capacity, mode, decision_maker, state, created, "
      "created_by, modified) VALUES (1, '2016-03-01', '10:00', 'Town Hall', 6, 'sole', 'commissioner', "
      "'scheduled', 'x', 'jsmith', 'x');"
      "INSERT INTO cases (hearing_id, driver_id, kind, created, created_by, modified, grounds) "
      "VALUES (1, 7, 'review', 'x', 'jsmith', 'x', x'00');", &error));
  g_assert_no_error (error);
  g_assert_false (docket_db_exec (db,
      "INSERT INTO cases (hearing_id, driver_id, kind, created, created_by, modified, grounds) "
      "VALUES (1, 99, 'review', 'x', 'jsmith', 'x', x'00');", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  cases = rows_text (db, "SELECT c.hearing_id, d.licence FROM cases c JOIN drivers d ON d.id = c.driver_id");
  g_assert_cmpstr (cases, ==, "1|PH-00007\n");
  g_assert_true (docket_db_check_integrity (db, &error));
  g_assert_no_error (error);
  g_clear_object (&db);
  docket_test_remove_dir (dir);
}

static void
test_create_get (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) r = rec ("licence", "ph-00001", "kind", "private-hire", "name", "Ann Smith",
                               "badge", "B1", "issued", "2020-01-01", "expires", "2030-01-01",
                               "dob", "1980-02-03", "ni-number", "ab 12 34 56 c",
                               "dvla-number", "SMITH802030A99AB", "email", "ann@example.org", NULL);
  g_autofree char *licence = docket_driver_store_create (f->store, "alice", r, &error);
  g_autoptr(GVariant) plain = NULL;
  g_autoptr(GVariant) full = NULL;
  g_autoptr(GVariant) history = NULL;
  const char *v;

  g_assert_no_error (error);
  g_assert_cmpstr (licence, ==, "PH-00001");

  plain = docket_driver_store_get (f->store, "bob", "PH-00001", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (plain, "status", "&s", &v));
  g_assert_cmpstr (v, ==, "applicant");
  g_assert_false (g_variant_lookup (plain, "ni-number", "&s", &v));
  g_assert_false (g_variant_lookup (plain, "dob", "&s", &v));
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'driver.read-sensitive'"), ==, 0);

  full = docket_driver_store_get (f->store, "bob", "PH-00001", TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (full, "ni-number", "&s", &v));
  g_assert_cmpstr (v, ==, "AB123456C");
  g_assert_true (g_variant_lookup (full, "dvla-number", "&s", &v));
  g_assert_cmpstr (v, ==, "SMITH802030A99AB");
  g_assert_true (g_variant_lookup (full, "email", "&s", &v));
  g_assert_cmpstr (v, ==, "ann@example.org");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'driver.read-sensitive' "
                              "AND user = 'bob' AND object = 'PH-00001'"), ==, 1);

  history = g_variant_lookup_value (full, "history", G_VARIANT_TYPE ("aa{sv}"));
  g_assert_cmpint (g_variant_n_children (history), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'driver.create' "
                              "AND user = 'alice'"), ==, 1);
}

static void
test_update_status (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) grant = rec ("status", "active", "expires", "2029-12-31", NULL);
  g_autoptr(GVariant) revoke = rec ("status", "revoked", NULL);
  g_autoptr(GVariant) reapply = rec ("status", "applicant", NULL);
  g_autoptr(GVariant) clear = rec ("badge", "", NULL);
  g_autoptr(GVariant) got = NULL;
  g_autoptr(GVariant) history = NULL;
  const char *v;

  create (f, "HC-1", "Carl");
  searched (f, "HC-1");
  g_assert_true (docket_driver_store_update (f->store, "alice", "HC-1", grant, "granted at hearing", &error));
  g_assert_no_error (error);
  g_assert_true (docket_driver_store_update (f->store, "alice", "HC-1", revoke, "revoked at hearing", &error));
  g_assert_true (docket_driver_store_update (f->store, "alice", "HC-1", reapply, "new application", &error));
  g_assert_true (docket_driver_store_update (f->store, "alice", "HC-1", clear, NULL, &error));
  g_assert_no_error (error);

  got = docket_driver_store_get (f->store, "alice", "HC-1", FALSE, &error);
  g_assert_true (g_variant_lookup (got, "status", "&s", &v));
  g_assert_cmpstr (v, ==, "applicant");
  history = g_variant_lookup_value (got, "history", G_VARIANT_TYPE ("aa{sv}"));
  g_assert_cmpint (g_variant_n_children (history), ==, 4);
  {
    g_autoptr(GVariant) second = g_variant_get_child_value (history, 1);
    g_assert_true (g_variant_lookup (second, "from", "&s", &v));
    g_assert_cmpstr (v, ==, "applicant");
    g_assert_true (g_variant_lookup (second, "to", "&s", &v));
    g_assert_cmpstr (v, ==, "active");
    g_assert_true (g_variant_lookup (second, "reason", "&s", &v));
    g_assert_cmpstr (v, ==, "granted at hearing");
    g_assert_true (g_variant_lookup (second, "user", "&s", &v));
    g_assert_cmpstr (v, ==, "alice");
  }
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'driver.update'"), ==, 4);
}

typedef struct {
  const char *what;
  int         code;
  const char *message;
} Expect;

static void
expect_unchanged (Fixture *f, const char *before, GError *error, const Expect *e)
{
  g_autofree char *after = fingerprint (f);

  g_assert_nonnull (error);
  if (!g_error_matches (error, DOCKET_ERROR, e->code) || strstr (error->message, e->message) == NULL)
    g_error ("%s: got '%s' (code %d), expected code %d with '%s'", e->what,
             error->message, error->code, e->code, e->message);
  g_assert_cmpstr (before, ==, after);
}

static void
test_bad_input (Fixture *f, gconstpointer data)
{
  g_autofree char *before = NULL;
  g_autofree char *long_name = g_strnfill (201, 'x');

  create (f, "PH-1", "Ann");
  create (f, "PH-2", "Bob");
  {
    g_autoptr(GVariant) b = rec ("badge", "B-7", NULL);
    g_autoptr(GError) error = NULL;
    g_assert_true (docket_driver_store_update (f->store, "t", "PH-2", b, NULL, &error));
  }
  before = fingerprint (f);

  {
    struct { GVariant *r; Expect e; } creates[] = {
      { rec ("licence", "PH-9", "kind", "taxi", "name", "N", NULL),
        { "unknown kind", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-9: kind 'taxi' is not known" } },
      { rec ("licence", "PH-9", "kind", "dual", "name", "N", "status", "banned", NULL),
        { "unknown status", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-9: status 'banned' is not known" } },
      { rec ("licence", "PH-9", "kind", "dual", "name", "N", "expires", "2016-02-30", NULL),
        { "impossible date", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-9: expiry date 2016-02-30 is not a valid date" } },
      { rec ("licence", "PH-9", "kind", "dual", "name", "N", "issued", "2016-2-3", NULL),
        { "malformed date", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-9: issue date '2016-2-3' is not a date" } },
      { rec ("licence", "PH-1", "kind", "dual", "name", "N", NULL),
        { "duplicate licence", DOCKET_ERROR_CONFLICT, "Licence PH-1: licence number PH-1 is already in use" } },
      { rec ("licence", "PH-9", "kind", "dual", "name", long_name, NULL),
        { "over-long name", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-9: full name is 201 characters long" } },
      { rec ("licence", "PH-9", "kind", "dual", "name", "", NULL),
        { "empty name", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-9: full name must not be empty" } },
      { rec ("licence", "PH-9", "kind", "dual", NULL),
        { "missing name", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-9: full name is required" } },
      { rec ("licence", "PH-9", "kind", "dual", "name", "N", "badge", "B-7", NULL),
        { "duplicate badge", DOCKET_ERROR_CONFLICT, "Licence PH-9: badge number B-7 is already held by licence PH-2" } },
      { rec ("licence", "PH-9", "kind", "dual", "name", "N", "issued", "2020-01-01", "expires", "2019-01-01", NULL),
        { "expiry before issue", DOCKET_ERROR_INVALID_ARGUMENT, "expiry date 2019-01-01 is before the issue date 2020-01-01" } },
      { rec ("licence", "PH-9", "kind", "dual", "name", "N", "ni-number", "QQ123456C", NULL),
        { "bad NI number", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-9: National Insurance number is not of the form" } },
      { rec ("licence", "PH-9", "kind", "dual", "name", "N", "shoe-size", "9", NULL),
        { "unknown field", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-9: unknown field 'shoe-size'" } },
    };
    for (guint i = 0; i < G_N_ELEMENTS (creates); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *got = docket_driver_store_create (f->store, "t", creates[i].r, &error);
        g_assert_null (got);
        expect_unchanged (f, before, error, &creates[i].e);
        g_variant_unref (creates[i].r);
      }
  }

  {
    struct { const char *licence; GVariant *r; const char *reason; Expect e; } updates[] = {
      { "PH-1", rec ("status", "revoked", NULL), "x",
        { "applicant to revoked", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-1: status cannot change from applicant to revoked" } },
      { "PH-1", rec ("status", "active", NULL), "",
        { "no reason", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-1: a change of status from applicant to active needs a reason" } },
      { "PH-1", rec ("status", "active", NULL), "granted",
        { "no register search", DOCKET_ERROR_CONFLICT, "Licence PH-1: no search of the national register (NR3S) "
          "for licence PH-1 is recorded in the 90 days up to " } },
      { "PH-404", rec ("name", "X", NULL), NULL,
        { "unknown licence", DOCKET_ERROR_NOT_FOUND, "Licence PH-404: no such driver" } },
      { "PH-1", rec ("licence", "PH-5", NULL), NULL,
        { "renumber", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-1: the licence number cannot be changed" } },
      { "PH-1", rec ("badge", "B-7", NULL), NULL,
        { "badge taken", DOCKET_ERROR_CONFLICT, "Licence PH-1: badge number B-7 is already held by licence PH-2" } },
      { "PH-1", rec ("expires", "2016-02-30", NULL), NULL,
        { "bad date", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-1: expiry date 2016-02-30 is not a valid date" } },
      { "PH-1", rec ("kind", "", NULL), NULL,
        { "clear required", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-1: kind must not be empty" } },
    };
    for (guint i = 0; i < G_N_ELEMENTS (updates); i++)
      {
        g_autoptr(GError) error = NULL;
        g_assert_false (docket_driver_store_update (f->store, "t", updates[i].licence, updates[i].r,
                                                    updates[i].reason, &error));
        expect_unchanged (f, before, error, &updates[i].e);
        g_variant_unref (updates[i].r);
      }
  }

  /* revoked -> active needs a new application first */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) a = rec ("status", "active", NULL);
    g_autoptr(GVariant) r = rec ("status", "revoked", NULL);
    g_autofree char *mid = NULL;
    Expect e = { "revoked to active", DOCKET_ERROR_INVALID_ARGUMENT,
                 "status cannot change from revoked to active without a new application" };

    searched (f, "PH-1");
    g_assert_true (docket_driver_store_update (f->store, "t", "PH-1", a, "granted", &error));
    g_assert_true (docket_driver_store_update (f->store, "t", "PH-1", r, "revoked", &error));
    mid = fingerprint (f);
    g_assert_false (docket_driver_store_update (f->store, "t", "PH-1", a, "oops", &error));
    expect_unchanged (f, mid, error, &e);
    g_free (before);
    before = g_steal_pointer (&mid);
  }

  {
    struct { const char *licence; GVariant *r; gboolean note; Expect e; } children[] = {
      { "PH-1", rec ("date", "2019-01-01", "offence", "Theft", "category", "rudeness", NULL), FALSE,
        { "bad category", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-1: conviction: category 'rudeness' is not known" } },
      { "PH-1", rec ("date", "2099-01-01", "offence", "Theft", "category", "dishonesty", NULL), FALSE,
        { "future conviction", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-1: conviction: date 2099-01-01 is in the future" } },
      { "PH-1", rec ("date", "2019-01-01", "category", "dishonesty", NULL), FALSE,
        { "no offence", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-1: conviction: offence is required" } },
      { "PH-404", rec ("date", "2019-01-01", "offence", "Theft", "category", "dishonesty", NULL), FALSE,
        { "conviction for unknown driver", DOCKET_ERROR_NOT_FOUND, "Licence PH-404: no such driver" } },
      { "PH-1", rec ("kind", "gossip", "text", "x", NULL), TRUE,
        { "bad note kind", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-1: note: kind 'gossip' is not known" } },
      { "PH-1", rec ("kind", "complaint", "text", "", NULL), TRUE,
        { "empty note", DOCKET_ERROR_INVALID_ARGUMENT, "Licence PH-1: note: text must not be empty" } },
    };
    for (guint i = 0; i < G_N_ELEMENTS (children); i++)
      {
        g_autoptr(GError) error = NULL;
        gint64 id = children[i].note
          ? docket_driver_store_add_note (f->store, "t", children[i].licence, children[i].r, &error)
          : docket_driver_store_add_conviction (f->store, "t", children[i].licence, children[i].r, &error);
        g_assert_cmpint (id, ==, -1);
        expect_unchanged (f, before, error, &children[i].e);
        g_variant_unref (children[i].r);
      }
  }
}

static void
assert_no_canary (const char *path)
{
  static const char * const canaries[] = { CANARY_NI, CANARY_ADDRESS, CANARY_NOTE, "Assault by beating", NULL };

  for (guint i = 0; canaries[i]; i++)
    if (docket_test_file_contains (path, canaries[i]))
      g_error ("%s holds the sensitive value '%s' in clear", path, canaries[i]);
}

static void
test_canary (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) r = rec ("licence", "PH-7", "kind", "dual", "name", "Canary Driver",
                               "ni-number", CANARY_NI, "address", CANARY_ADDRESS, NULL);
  g_autoptr(GVariant) conviction = rec ("date", "2018-05-05", "offence", "Assault by beating",
                                        "category", "violence", NULL);
  g_autoptr(GVariant) note = rec ("kind", "intelligence", "text", CANARY_NOTE, NULL);
  g_autoptr(GVariant) change = rec ("address", "12 Other Road " CANARY_ADDRESS, NULL);
  g_autofree char *licence = docket_driver_store_create (f->store, "t", r, &error);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  g_assert_no_error (error);
  g_assert_cmpint (docket_driver_store_add_conviction (f->store, "t", "PH-7", conviction, &error), >, 0);
  g_assert_cmpint (docket_driver_store_add_note (f->store, "t", "PH-7", note, &error), >, 0);
  g_assert_true (docket_driver_store_update (f->store, "t", "PH-7", change, NULL, &error));
  g_assert_no_error (error);

  /* While open: the changes are in the WAL. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (docket_test_file_contains (f->path, "Canary Driver") ||
                 docket_test_file_contains (wal, "Canary Driver"));  /* the test can fail */
  assert_no_canary (f->path);
  assert_no_canary (wal);

  /* After a checkpoint everything is in the main file. */
  exec (f, "PRAGMA wal_checkpoint(TRUNCATE)");
  g_assert_true (docket_test_file_contains (f->path, "Canary Driver"));
  assert_no_canary (f->path);
}

/* The bytes of @column of driver @licence as stored (its ciphertext). */
static GBytes *
stored_bytes (Fixture *f, const char *table, const char *column, const char *where, const char *value)
{
  sqlite3 *db = docket_db_get_handle (docket_store_get_db (f->store));
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s = ?", column, table, where);
  sqlite3_stmt *stmt = NULL;
  GBytes *bytes;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  return bytes;
}

static gboolean
file_holds (const char *path, GBytes *needle)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return FALSE;
  return memmem (data, len, g_bytes_get_data (needle, NULL), g_bytes_get_size (needle)) != NULL;
}

/* Rectification (UK GDPR Article 16): a sensitive field corrected keeps no
 * readable old value. The audit entry says which field changed, not what
 * it held; the old ciphertext, which the key could still read, is gone
 * from the file once the WAL is checkpointed (secure_delete overwrites the
 * freed cell). The test can fail: the old ciphertext is in the file
 * before the change. */
static void
test_rectification (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) r = rec ("licence", "PH-8", "kind", "dual", "name", "Rex Rectified",
                               "address", "1 Wrong Street WRONG-ADDR-2718", "dob", "1980-02-03", NULL);
  g_autoptr(GVariant) change = rec ("address", "2 Right Road", "dob", "1980-03-02", NULL);
  g_autofree char *licence = docket_driver_store_create (f->store, "t", r, &error);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autoptr(GBytes) old_address = NULL, old_dob = NULL;
  sqlite3 *db = docket_db_get_handle (docket_store_get_db (f->store));
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  old_address = stored_bytes (f, "drivers", "address", "licence", "PH-8");
  old_dob = stored_bytes (f, "drivers", "dob", "licence", "PH-8");
  exec (f, "PRAGMA wal_checkpoint(TRUNCATE)");
  g_assert_true (file_holds (f->path, old_address));
  g_assert_true (file_holds (f->path, old_dob));

  g_assert_true (docket_driver_store_update (f->store, "t", "PH-8", change, NULL, &error));
  g_assert_no_error (error);
  exec (f, "PRAGMA wal_checkpoint(TRUNCATE)");
  g_assert_false (file_holds (f->path, old_address));
  g_assert_false (file_holds (f->path, old_dob));
  g_assert_false (file_holds (wal, old_address));
  g_assert_false (docket_test_file_contains (f->path, "WRONG-ADDR-2718"));

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT summary FROM audit_log WHERE action = 'driver.update' "
                                       "AND object = 'PH-8'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "changed address, dob");
  sqlite3_finalize (stmt);
}

/* Flips one bit of a stored ciphertext, as an attacker with the file could. */
static void
flip_bit (Fixture *f, const char *licence, const char *column, int offset)
{
  sqlite3 *db = docket_db_get_handle (docket_store_get_db (f->store));
  g_autofree char *select = g_strdup_printf ("SELECT %s FROM drivers WHERE licence = ?", column);
  g_autofree char *update = g_strdup_printf ("UPDATE drivers SET %s = ? WHERE licence = ?", column);
  g_autofree guint8 *copy = NULL;
  sqlite3_stmt *stmt = NULL;
  int len;

  g_assert_cmpint (sqlite3_prepare_v2 (db, select, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, licence, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  len = sqlite3_column_bytes (stmt, 0);
  g_assert_cmpint (len, >, offset);
  copy = g_memdup2 (sqlite3_column_blob (stmt, 0), len);
  sqlite3_finalize (stmt);
  copy[offset] ^= 0x01;
  g_assert_cmpint (sqlite3_prepare_v2 (db, update, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, copy, len, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, licence, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static void
test_tampered (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) a = rec ("licence", "PH-1", "kind", "dual", "name", "A",
                               "ni-number", "AB123456C", "address", "1 Road", NULL);
  g_autoptr(GVariant) b = rec ("licence", "PH-2", "kind", "dual", "name", "B",
                               "address", "2 Road", NULL);
  g_autoptr(GVariant) got = NULL;
  g_free (docket_driver_store_create (f->store, "t", a, &error));
  g_free (docket_driver_store_create (f->store, "t", b, &error));
  g_assert_no_error (error);

  /* Flip one byte in the middle of PH-1's NI number ciphertext. */
  flip_bit (f, "PH-1", "ni_number", 30);
  got = docket_driver_store_get (f->store, "t", "PH-1", TRUE, &error);
  g_assert_null (got);
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "Licence PH-1: ni-number failed authentication"));
  g_clear_error (&error);

  /* The rest of the record is still readable without the sensitive part. */
  got = docket_driver_store_get (f->store, "t", "PH-1", FALSE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&got, g_variant_unref);

  /* A ciphertext copied to another row is refused. */
  exec (f, "UPDATE drivers SET address = (SELECT address FROM drivers WHERE licence = 'PH-1') "
           "WHERE licence = 'PH-2'");
  got = docket_driver_store_get (f->store, "t", "PH-2", TRUE, &error);
  g_assert_null (got);
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "Licence PH-2: address failed authentication"));
}

static void
verify (Fixture *f, gint64 *first_broken, char **message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  gint64 head_seq = 0;

  g_assert_true (docket_audit_store_verify (f->store, first_broken, message, &head_seq, &head, &error));
  g_assert_no_error (error);
  if (*first_broken == 0)
    g_assert_cmpint (strlen (head), ==, 64);
  g_assert_cmpint (head_seq, ==, scalar (f, "SELECT max(seq) FROM audit_log"));
}

static void
test_audit_chain (Fixture *f, gconstpointer data)
{
  gint64 broken = -1;
  g_autofree char *message = NULL;

  for (int i = 0; i < 6; i++)
    {
      g_autofree char *l = g_strdup_printf ("PH-%d", i);
      create (f, l, "Name");
    }
  verify (f, &broken, &message);
  g_assert_cmpint (broken, ==, 0);
  g_assert_cmpstr (message, ==, "all 6 entries verify");
  g_clear_pointer (&message, g_free);

  /* An edited entry breaks the chain at that entry. */
  exec (f, "UPDATE audit_log SET summary = 'nothing to see' WHERE seq = 4");
  verify (f, &broken, &message);
  g_assert_cmpint (broken, ==, 4);
  g_clear_pointer (&message, g_free);
}

static void
test_audit_delete_reorder (Fixture *f, gconstpointer data)
{
  gint64 broken = -1;
  g_autofree char *message = NULL;

  for (int i = 0; i < 5; i++)
    {
      g_autofree char *l = g_strdup_printf ("PH-%d", i);
      create (f, l, "Name");
    }
  /* Swapping two entries' contents (a reordering) is found at the first. */
  exec (f, "UPDATE audit_log SET seq = -2 WHERE seq = 2;"
           "UPDATE audit_log SET seq = 2 WHERE seq = 3;"
           "UPDATE audit_log SET seq = 3 WHERE seq = -2;");
  verify (f, &broken, &message);
  g_assert_cmpint (broken, ==, 2);
  g_clear_pointer (&message, g_free);

  exec (f, "DELETE FROM audit_log WHERE seq IN (2, 3)");
  verify (f, &broken, &message);
  g_assert_cmpint (broken, ==, 2);
  g_assert_nonnull (strstr (message, "entry 2 is missing"));
}


/* Every single-bit flip of a stored ciphertext — format byte, key
 * version, nonce, body and tag — is Tampered, and the flip undone reads
 * again; a ciphertext moved to another column of its row, or to another
 * table, is refused too. */
static void
test_tamper_sweep (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) a = rec ("licence", "PH-1", "kind", "dual", "name", "A",
                               "ni-number", "AB123456C", "address", "1 Road", "phone", "01632 960001",
                               NULL);
  g_autoptr(GVariant) got = NULL;
  g_autoptr(GVariant) note = rec ("kind", "complaint", "text", "Rude to a passenger", NULL);
  sqlite3 *db = docket_db_get_handle (docket_store_get_db (f->store));
  guint flips = 0;
  int len;

  g_free (docket_driver_store_create (f->store, "t", a, &error));
  g_assert_no_error (error);
  docket_driver_store_add_note (f->store, "t", "PH-1", note, &error);
  g_assert_no_error (error);
  len = scalar (f, "SELECT length(ni_number) FROM drivers WHERE licence = 'PH-1'");
  g_assert_cmpint (len, ==, 1 + 4 + 24 + 9 + 16);

  for (int offset = 0; offset < len; offset++)
    for (int bit = 0; bit < 8; bit++)
      {
        sqlite3_stmt *stmt = NULL;
        g_autofree guint8 *copy = NULL;

        /* Read, flip, write back: blob arithmetic is clearer in C. */
        g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT ni_number FROM drivers WHERE licence = 'PH-1'",
                                             -1, &stmt, NULL), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        copy = g_memdup2 (sqlite3_column_blob (stmt, 0), len);
        sqlite3_finalize (stmt);
        copy[offset] ^= (guint8) (1u << bit);
        g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE drivers SET ni_number = ? WHERE licence = 'PH-1'",
                                             -1, &stmt, NULL), ==, SQLITE_OK);
        sqlite3_bind_blob (stmt, 1, copy, len, SQLITE_STATIC);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
        sqlite3_finalize (stmt);

        got = docket_driver_store_get (f->store, "t", "PH-1", TRUE, &error);
        g_assert_null (got);
        g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_TAMPERED);
        g_assert_nonnull (strstr (error->message, "Licence PH-1: ni-number failed authentication"));
        g_clear_error (&error);
        flips++;

        copy[offset] ^= (guint8) (1u << bit);
        g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE drivers SET ni_number = ? WHERE licence = 'PH-1'",
                                             -1, &stmt, NULL), ==, SQLITE_OK);
        sqlite3_bind_blob (stmt, 1, copy, len, SQLITE_STATIC);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
        sqlite3_finalize (stmt);
      }
  g_test_message ("%u single-bit flips of a stored NI number, every one Tampered", flips);
  g_assert_cmpuint (flips, ==, (guint) len * 8);

  got = docket_driver_store_get (f->store, "t", "PH-1", TRUE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&got, g_variant_unref);

  /* Moved to another column of the same row. */
  exec (f, "UPDATE drivers SET phone = address WHERE licence = 'PH-1'");
  got = docket_driver_store_get (f->store, "t", "PH-1", TRUE, &error);
  g_assert_null (got);
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "phone failed authentication"));
  g_clear_error (&error);

  /* Moved to another table: a note's text put in the address. */
  exec (f, "UPDATE drivers SET phone = NULL, address = (SELECT text FROM notes LIMIT 1) WHERE licence = 'PH-1'");
  got = docket_driver_store_get (f->store, "t", "PH-1", TRUE, &error);
  g_assert_null (got);
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "address failed authentication"));
}

/* An edit to any one field of any one entry is found at that entry. */
static void
test_audit_field_edits (Fixture *f, gconstpointer data)
{
  static const char * const edits[] = {
    "time = '2020-01-01T00:00:00.000000Z'", "user = 'someone-else'", "action = 'driver.update'",
    "object = 'PH-9'", "summary = 'nothing to see'", "hash = zeroblob(32)",
    "hash = substr(hash, 1, 31)", NULL,
  };
  guint checks = 0;

  for (int i = 0; i < 5; i++)
    {
      g_autofree char *l = g_strdup_printf ("PH-%d", i);
      create (f, l, "Name");
    }
  for (gint64 seq = 1; seq <= 5; seq++)
    for (guint e = 0; edits[e]; e++)
      {
        g_autofree char *before = fingerprint (f);
        g_autofree char *edit = g_strdup_printf ("CREATE TEMP TABLE saved AS SELECT * FROM audit_log "
                                                 "WHERE seq = %" G_GINT64_FORMAT "; "
                                                 "UPDATE audit_log SET %s WHERE seq = %" G_GINT64_FORMAT,
                                                 seq, edits[e], seq);
        g_autofree char *undo = g_strdup_printf ("DELETE FROM audit_log WHERE seq = %" G_GINT64_FORMAT "; "
                                                 "INSERT INTO audit_log SELECT * FROM saved; "
                                                 "DROP TABLE saved", seq);
        g_autofree char *message = NULL;
        gint64 broken = -1;

        exec (f, edit);
        verify (f, &broken, &message);
        g_assert_cmpint (broken, ==, seq);
        exec (f, undo);
        checks++;
        {
          g_autofree char *after = fingerprint (f);
          g_assert_cmpstr (after, ==, before);
        }
      }
  g_test_message ("%u single-field edits, each found at its entry", checks);
}

static void
test_list_search (Fixture *f, gconstpointer data)
{
  static const char * const names[] = { "Ann Smith", "Bob Smithers", "Carl Jones", "Dee Smith",
                                        "Émile Zola", "Fay Brown" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  guint32 total = 0;
  const char *v;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *l = g_strdup_printf ("PH-%05u", i + 1);
      g_autofree char *exp = g_strdup_printf ("2027-0%u-01", i + 1);
      g_autoptr(GVariant) r = rec ("licence", l, "kind", i % 2 ? "hackney" : "private-hire",
                                   "name", names[i], "expires", exp, "badge", l + 3, NULL);
      g_free (docket_driver_store_create (f->store, "t", r, &error));
      g_assert_no_error (error);
    }

  {
    g_autoptr(GVariant) q = g_variant_ref_sink (g_variant_new_parsed (
        "{'kind': <'hackney'>, 'sort': <'name'>, 'descending': <true>, 'limit': <uint32 2>}"));
    list = docket_driver_store_list (f->store, q, &total, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (total, ==, 3);
    g_assert_cmpint (g_variant_n_children (list), ==, 2);
    g_variant_lookup (g_variant_get_child_value (list, 0), "name", "&s", &v);
    g_assert_cmpstr (v, ==, "Fay Brown");
    g_clear_pointer (&list, g_variant_unref);
  }
  {
    g_autoptr(GVariant) q = g_variant_ref_sink (g_variant_new_parsed (
        "{'expires-from': <'2027-02-01'>, 'expires-to': <'2027-04-01'>, 'offset': <uint32 1>}"));
    list = docket_driver_store_list (f->store, q, &total, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (total, ==, 3);
    g_assert_cmpint (g_variant_n_children (list), ==, 2);
    g_variant_lookup (g_variant_get_child_value (list, 0), "licence", "&s", &v);
    g_assert_cmpstr (v, ==, "PH-00003");
    g_clear_pointer (&list, g_variant_unref);
  }
  {
    g_autoptr(GVariant) q = g_variant_ref_sink (g_variant_new_parsed ("{'status': <'banned'>}"));
    list = docket_driver_store_list (f->store, q, &total, &error);
    g_assert_null (list);
    g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT);
    g_assert_cmpstr (error->message, ==, "Driver list: status 'banned' is not known");
    g_clear_error (&error);
  }
  {
    g_autoptr(GVariant) q = g_variant_ref_sink (g_variant_new_parsed ("{'limit': <uint32 5000>}"));
    list = docket_driver_store_list (f->store, q, &total, &error);
    g_assert_null (list);
    g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  /* Prefix words, any order, diacritics folded; licence and badge too. */
  list = docket_driver_store_search (f->store, "smi", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_variant_n_children (list), ==, 3);
  g_clear_pointer (&list, g_variant_unref);
  /* Whole words first, then prefixes, each group by name; the limit keeps
   * the best. */
  for (guint limit = 2; limit <= 10; limit += 8)
    {
      static const char * const best[] = { "Ann Smith", "Dee Smith", "Bob Smithers" };

      list = docket_driver_store_search (f->store, "smith", limit, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_variant_n_children (list), ==, MIN (limit, 3));
      for (guint i = 0; i < g_variant_n_children (list); i++)
        {
          g_autoptr(GVariant) row = g_variant_get_child_value (list, i);
          g_variant_lookup (row, "name", "&s", &v);
          g_assert_cmpstr (v, ==, best[i]);
        }
      g_clear_pointer (&list, g_variant_unref);
    }
  list = docket_driver_store_search (f->store, "smith dee", 10, &error);
  g_assert_cmpint (g_variant_n_children (list), ==, 1);
  g_clear_pointer (&list, g_variant_unref);
  list = docket_driver_store_search (f->store, "emile", 10, &error);
  g_assert_cmpint (g_variant_n_children (list), ==, 1);
  g_clear_pointer (&list, g_variant_unref);
  list = docket_driver_store_search (f->store, "PH-00004", 10, &error);
  g_assert_cmpint (g_variant_n_children (list), ==, 1);
  g_variant_lookup (g_variant_get_child_value (list, 0), "name", "&s", &v);
  g_assert_cmpstr (v, ==, "Dee Smith");
  g_clear_pointer (&list, g_variant_unref);
  list = docket_driver_store_search (f->store, "\"quoted\" OR x*", 10, &error);
  g_assert_no_error (error);   /* syntax characters are only text */
  g_assert_cmpint (g_variant_n_children (list), ==, 0);
  g_clear_pointer (&list, g_variant_unref);
  list = docket_driver_store_search (f->store, " -- ", 10, &error);
  g_assert_null (list);
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* The name index is used, not a scan (EXPLAIN QUERY PLAN). */
  {
    sqlite3 *db = docket_db_get_handle (docket_store_get_db (f->store));
    sqlite3_stmt *stmt = NULL;
    gboolean uses_fts = FALSE;
    g_assert_cmpint (sqlite3_prepare_v2 (db,
        "EXPLAIN QUERY PLAN SELECT d.id FROM drivers_fts f JOIN drivers d ON d.id = f.rowid "
        "WHERE drivers_fts MATCH 'smi*'", -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      if (strstr ((const char *) sqlite3_column_text (stmt, 3), "VIRTUAL TABLE INDEX"))
        uses_fts = TRUE;
    sqlite3_finalize (stmt);
    g_assert_true (uses_fts);
  }
}

/* The record of processing in docs/SECURITY.md names every ciphertext
 * column of the schema (every BLOB column but the hashes, blind indexes
 * and the settings), and names no column the schema does not have. */
static void
test_record_of_processing (Fixture *f, gconstpointer data)
{
  static const char * const not_personal[] = {
    "meta.value", "audit_log.hash", "drivers.ni_bidx", "drivers.dvla_bidx", NULL,
  };
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "docs", "SECURITY.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GRegex) named = g_regex_new ("`([a-z0-9_]+)\\.([a-z0-9_]+)`", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  sqlite3 *db = docket_db_get_handle (docket_store_get_db (f->store));
  sqlite3_stmt *tables = NULL;
  const char *section;
  guint sealed = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  section = strstr (text, "## Record of processing");
  g_assert_nonnull (section);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                                       "name NOT LIKE 'sqlite_%' AND name NOT LIKE 'drivers_fts%'",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("PRAGMA table_info(%s)", table);
      sqlite3_stmt *info = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &info, NULL), ==, SQLITE_OK);
      while (sqlite3_step (info) == SQLITE_ROW)
        {
          g_autofree char *name = g_strdup_printf ("%s.%s", table, sqlite3_column_text (info, 1));
          g_autofree char *quoted = g_strdup_printf ("`%s`", name);

          if (g_ascii_strcasecmp ((const char *) sqlite3_column_text (info, 2), "BLOB") == 0 &&
              !g_strv_contains (not_personal, name))
            {
              sealed++;
              if (strstr (section, quoted) == NULL)
                g_error ("docs/SECURITY.md, Record of processing: the ciphertext column %s has no entry", name);
            }
          g_hash_table_add (columns, g_steal_pointer (&name));
        }
      sqlite3_finalize (info);
      /* A table named alone (`user_roles`) is named as a table. */
      g_hash_table_add (columns, g_strdup (table));
    }
  sqlite3_finalize (tables);
  g_assert_cmpuint (sealed, >=, 32);

  g_regex_match (named, section, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *name = g_match_info_fetch (match, 0);
      g_autofree char *bare = g_strndup (name + 1, strlen (name) - 2);

      if (!g_hash_table_contains (columns, bare))
        g_error ("docs/SECURITY.md, Record of processing: %s is not a column of the schema", bare);
    }
}

static guint import_text (Fixture *f, const char *csv, GError **error);

/* Far pages start at the anchor before them (every 1,024th row, kept per
 * connection until the data change): each sort, each direction, pages
 * across the anchors, compared with SQLite's own OFFSET over the same
 * order; NULL expiry dates and badges among them; a change seen at once. */
static void
test_list_far_pages (Fixture *f, gconstpointer data)
{
  static const char * const sorts[][2] = {
    { "licence", "licence" }, { "name", "full_name COLLATE NOCASE, licence" },
    { "expires", "expires, licence" }, { "status", "status, licence" }, { "badge", "badge, licence" },
    { "kind", "kind, licence" },
  };
  static const char * const names[] = { "Ann Smith", "bob jones", "Carl Khan", "dee Ali", "Émile Zola" };
  g_autoptr(GString) csv = g_string_new ("licence,kind,name,status,badge,issued,expires\n");
  g_autoptr(GError) error = NULL;
  sqlite3 *db = docket_db_get_handle (docket_store_get_db (f->store));
  const guint n = 5000;

  for (guint i = 0; i < n; i++)
    {
      char badge[16] = "", expires[16] = "";

      if (i % 4)
        {
          g_snprintf (badge, sizeof badge, "%u", 20000 + i);
          g_snprintf (expires, sizeof expires, "2027-%02u-01", 1 + i % 12);
        }
      g_string_append_printf (csv, "PH-%05u,%s,%s,%s,%s,%s,%s\n", (i * 7919) % n, i % 3 ? "hackney" : "private-hire",
                              names[i % 5], i % 4 ? "active" : "applicant", badge, i % 4 ? "2020-01-01" : "", expires);
    }
  g_assert_cmpuint (import_text (f, csv->str, &error), ==, n);
  g_assert_no_error (error);

  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    for (int desc = 0; desc < 2; desc++)
      for (guint k = 0; k < 9; k++)
        {
          const guint32 offsets[] = { 0, 1023, 2047, 2048, 2100, 3071, 3072, 4090, 4999 };
          g_autoptr(GVariant) q = g_variant_ref_sink (g_variant_new_parsed (
              "{'sort': <%s>, 'descending': <%b>, 'offset': <%u>, 'limit': <uint32 40>}",
              sorts[s][0], desc, offsets[k]));
          g_autofree char *order = g_strdup (sorts[s][1]);
          g_autofree char *sql = NULL;
          g_autoptr(GVariant) list = NULL;
          g_auto(GStrv) parts = g_strsplit (order, ", ", -1);
          g_autofree char *joined = NULL;
          sqlite3_stmt *stmt = NULL;
          guint32 total = 0, row = 0;

          for (guint p = 0; parts[p]; p++)
            {
              char *with = g_strconcat (parts[p], desc ? " DESC" : " ASC", NULL);
              g_free (parts[p]);
              parts[p] = with;
            }
          joined = g_strjoinv (", ", parts);
          sql = g_strdup_printf ("SELECT licence FROM drivers ORDER BY %s LIMIT 40 OFFSET %u", joined, offsets[k]);
          list = docket_driver_store_list (f->store, q, &total, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (total, ==, n);
          g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
          while (sqlite3_step (stmt) == SQLITE_ROW)
            {
              g_autoptr(GVariant) item = g_variant_get_child_value (list, row++);
              const char *licence = NULL;

              g_assert_true (g_variant_lookup (item, "licence", "&s", &licence));
              if (g_strcmp0 (licence, (const char *) sqlite3_column_text (stmt, 0)) != 0)
                g_error ("sort %s %s offset %u row %u: %s, SQLite says %s", sorts[s][0], desc ? "desc" : "asc",
                         offsets[k], row - 1, licence, sqlite3_column_text (stmt, 0));
            }
          sqlite3_finalize (stmt);
          g_assert_cmpuint (row, ==, g_variant_n_children (list));
        }

  /* A change is seen by the next page: the total and the rows. */
  {
    g_autoptr(GVariant) r = rec ("licence", "PH-99999", "kind", "hackney", "name", "Zed Last", NULL);
    g_autoptr(GVariant) q = g_variant_ref_sink (g_variant_new_parsed ("{'offset': <uint32 4990>, 'limit': <uint32 50>}"));
    g_autoptr(GVariant) list = NULL;
    g_autoptr(GVariant) last = NULL;
    guint32 total = 0;
    const char *licence = NULL;

    g_free (docket_driver_store_create (f->store, "t", r, &error));
    g_assert_no_error (error);
    list = docket_driver_store_list (f->store, q, &total, &error);
    g_assert_cmpuint (total, ==, n + 1);
    g_assert_cmpuint (g_variant_n_children (list), ==, 11);
    last = g_variant_get_child_value (list, 10);
    g_variant_lookup (last, "licence", "&s", &licence);
    g_assert_cmpstr (licence, ==, "PH-99999");
  }
}

static void
test_find_identifier (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) a = rec ("licence", "PH-1", "kind", "dual", "name", "A",
                               "ni-number", "AB123456C", "dvla-number", "SMITH802030A99AB", NULL);
  g_autoptr(GVariant) b = rec ("licence", "PH-2", "kind", "dual", "name", "B",
                               "ni-number", "AB123456D", NULL);
  g_autoptr(GVariant) list = NULL;
  g_autoptr(GVariant) change = rec ("ni-number", "CE111111A", NULL);
  const char *v;

  g_free (docket_driver_store_create (f->store, "t", a, &error));
  g_free (docket_driver_store_create (f->store, "t", b, &error));
  g_assert_no_error (error);

  list = docket_driver_store_find_identifier (f->store, "officer", "ni-number", "ab 123456 c", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_variant_n_children (list), ==, 1);
  g_variant_lookup (g_variant_get_child_value (list, 0), "licence", "&s", &v);
  g_assert_cmpstr (v, ==, "PH-1");
  g_clear_pointer (&list, g_variant_unref);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'driver.find-identifier' "
                              "AND user = 'officer'"), ==, 1);

  list = docket_driver_store_find_identifier (f->store, "o", "dvla-number", "SMITH802030A99AB", &error);
  g_assert_cmpint (g_variant_n_children (list), ==, 1);
  g_clear_pointer (&list, g_variant_unref);

  /* A changed number is found under its new value only. */
  g_assert_true (docket_driver_store_update (f->store, "t", "PH-2", change, NULL, &error));
  list = docket_driver_store_find_identifier (f->store, "o", "ni-number", "AB123456D", &error);
  g_assert_cmpint (g_variant_n_children (list), ==, 0);
  g_clear_pointer (&list, g_variant_unref);
  list = docket_driver_store_find_identifier (f->store, "o", "ni-number", "CE111111A", &error);
  g_assert_cmpint (g_variant_n_children (list), ==, 1);
  g_clear_pointer (&list, g_variant_unref);

  list = docket_driver_store_find_identifier (f->store, "o", "passport", "X", &error);
  g_assert_null (list);
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  list = docket_driver_store_find_identifier (f->store, "o", "ni-number", "nonsense", &error);
  g_assert_null (list);
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT);
}

/* The reader a file is imported through, fed in pieces of every size down
 * to one byte (a piece boundary inside a quoted field that spans lines,
 * inside a UTF-8 character, at a line's end), gives the same rows as the
 * whole file parsed at once, and names the same line for a problem. */
typedef struct {
  const char *text;
  gsize       len, pos, piece;
} Pieces;

static gssize
read_pieces (gpointer data, void *buf, gsize len, GError **error)
{
  Pieces *p = data;
  gsize n = MIN (MIN (len, p->piece), p->len - p->pos);

  memcpy (buf, p->text + p->pos, n);
  p->pos += n;
  return (gssize) n;
}

static char *
records_text (DocketImportNext next, gpointer data, GError **error)
{
  GString *out = g_string_new (NULL);
  GVariant *rec;
  guint line = 0;

  while ((rec = next (data, &line, error)) != NULL)
    {
      g_autofree char *shown = g_variant_print (rec, FALSE);
      g_string_append_printf (out, "%u %s\n", line, shown);
      g_variant_unref (rec);
    }
  return g_string_free (out, FALSE);
}

static void
test_csv_reader (void)
{
  g_autoptr(GString) csv = g_string_new ("licence,kind,name,status,address\n");
  const gsize pieces[] = { 1, 2, 3, 7, 64, 4096, 65536 };

  for (guint i = 1; i <= 400; i++)
    g_string_append_printf (csv, "PH-%05u,private-hire,%s %u,active,%s\n", i, i % 3 ? "Siân" : "Zoë", i,
                            i % 5 ? "\"1 High Street\nFlat 2\"" : "");
  for (guint bad = 0; bad < 2; bad++)
    {
      g_autofree char *whole = NULL;
      g_autoptr(GError) whole_error = NULL;
      g_autoptr(DocketCsvTable) table = NULL;

      if (bad)
        g_string_append (csv, "PH-99999,private-hire,\"Unclosed\n");
      table = docket_csv_import_parse (csv->str, csv->len, &whole_error);
      whole = table ? records_text (docket_csv_table_next, table, NULL) : NULL;
      for (guint k = 0; k < G_N_ELEMENTS (pieces); k++)
        {
          Pieces p = { csv->str, csv->len, 0, pieces[k] };
          g_autoptr(DocketCsvReader) reader = docket_csv_reader_new (read_pieces, &p);
          g_autoptr(GError) error = NULL;
          g_autofree char *streamed = records_text (docket_csv_reader_next, reader, &error);

          if (bad)
            {
              g_assert_nonnull (whole_error);
              g_assert_nonnull (error);
              g_assert_cmpstr (error->message, ==, whole_error->message);
              g_assert_true (g_str_has_prefix (error->message, "Line 722: "));   /* 1 + 320 × 2 + 80 + 1 */
            }
          else
            {
              g_assert_no_error (error);
              g_assert_cmpstr (streamed, ==, whole);
            }
        }
    }
}

static guint
import_text (Fixture *f, const char *csv, GError **error)
{
  g_autoptr(DocketCsvTable) rows = docket_csv_import_parse (csv, strlen (csv), error);

  if (rows == NULL)
    return 0;
  return docket_driver_store_import (f->store, "importer", docket_csv_table_next, rows, NULL, error);
}

static void
test_import (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  struct { const char *csv; const char *message; int code; } bad[] = {
    { "", "Line 1: the file is empty" },
    { "licence,kind\nPH-1,dual\n", "Line 1: the header has no 'name' column" },
    { "licence,kind,name,colour\n", "Line 1: column 4 has the unknown name 'colour'" },
    { "licence,kind,name\nPH-1,dual\n", "Line 2: has 2 fields where the header has 3" },
    { "licence,kind,name,address\nPH-1,dual,A,\"1 Road\nTown\"\nPH-2,taxi,B,\n",
      "Line 4 (licence PH-2): kind 'taxi' is not known" },
    { "licence,kind,name\nPH-1,dual,A\nPH-1,dual,B\n", "Line 3 (licence PH-1): licence number PH-1 is already in use",
      DOCKET_ERROR_CONFLICT },
    { "licence,kind,name\nPH-1,dual,\"unclosed\n", "malformed CSV" },
    { "licence,kind,name,expires\nPH-1,dual,A,2016-02-30\n",
      "Line 2 (licence PH-1): expiry date 2016-02-30 is not a valid date" },
  };

  create (f, "HC-0", "Existing");
  before = fingerprint (f);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *after = NULL;
      g_assert_cmpuint (import_text (f, bad[i].csv, &error), ==, 0);
      g_assert_error (error, DOCKET_ERROR, (bad[i].code ? bad[i].code : DOCKET_ERROR_INVALID_ARGUMENT));
      if (strstr (error->message, bad[i].message) == NULL)
        g_error ("import %u: got '%s', expected '%s'", i, error->message, bad[i].message);
      g_clear_error (&error);
      after = fingerprint (f);
      g_assert_cmpstr (before, ==, after);
    }

  g_assert_cmpuint (import_text (f,
      "name,licence,kind,ni-number,address,status\r\n"
      "\"Smith, Ann\",PH-1,dual,AB123456C,\"1 Road\r\nTown\",active\r\n"
      "Bob,PH-2,hackney,,,\r\n", &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM drivers"), ==, 3);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'driver.create' "
                              "AND user = 'importer'"), ==, 2);
  {
    g_autoptr(GVariant) got = docket_driver_store_get (f->store, "t", "PH-1", TRUE, &error);
    const char *v;
    g_assert_no_error (error);
    g_variant_lookup (got, "name", "&s", &v);
    g_assert_cmpstr (v, ==, "Smith, Ann");
    g_variant_lookup (got, "status", "&s", &v);
    g_assert_cmpstr (v, ==, "active");
    g_variant_lookup (got, "address", "&s", &v);
    g_assert_cmpstr (v, ==, "1 Road\r\nTown");
  }
  /* The full-text index, filled after the rows (schema 007), has them,
   * agrees with the table, and the import's marker is gone; a driver
   * created one at a time after it is indexed by the trigger again. */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM drivers_fts WHERE drivers_fts MATCH 'smith'"), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM drivers_fts WHERE drivers_fts MATCH 'bob'"), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM import_bulk"), ==, 0);
  create (f, "HC-9", "Zebedee");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM drivers_fts WHERE drivers_fts MATCH 'zebedee'"), ==, 1);
  {
    g_autoptr(GError) check = NULL;
    g_assert_true (docket_db_exec (docket_store_get_db (f->store),
                                   "INSERT INTO drivers_fts (drivers_fts, rank) VALUES ('integrity-check', 1)",
                                   &check));
    g_assert_no_error (check);
  }
}

static void
test_wrong_key (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DocketCrypto) other = make_crypto (0x43);
  g_autoptr(DocketStore) second = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  create (f, "PH-1", "A");
  before = fingerprint (f);
  second = docket_store_open (f->path, other, &error);
  g_assert_null (second);
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "The key does not match the database"));
  after = fingerprint (f);
  g_assert_cmpstr (before, ==, after);
}

static void
test_roles (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autofree char *before = NULL;
  guint roles = 0;

  g_assert_true (docket_user_store_grant (f->store, "root", "nobody", "officer", &error));
  g_assert_true (docket_user_store_grant (f->store, "root", "nobody", "board-member", &error));
  g_assert_no_error (error);
  g_assert_true (docket_user_store_roles (f->store, "nobody", &roles, &error));
  g_assert_cmpuint (roles, ==, (1u << DOCKET_ROLE_OFFICER) | (1u << DOCKET_ROLE_BOARD_MEMBER));

  before = fingerprint (f);
  g_assert_false (docket_user_store_grant (f->store, "root", "nobody", "chair", &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "User nobody: role 'chair' is not known"));
  g_clear_error (&error);
  g_assert_false (docket_user_store_grant (f->store, "root", "no-such-user-zz", "officer", &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (docket_user_store_grant (f->store, "root", "Bad User", "officer", &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (docket_user_store_grant (f->store, "root", "nobody", "officer", &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (docket_user_store_revoke (f->store, "root", "nobody", "admin", &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autofree char *after = fingerprint (f);
    g_assert_cmpstr (before, ==, after);
  }

  g_assert_true (docket_user_store_revoke (f->store, "root", "nobody", "officer", &error));
  g_assert_true (docket_user_store_roles (f->store, "nobody", &roles, &error));
  g_assert_cmpuint (roles, ==, 1u << DOCKET_ROLE_BOARD_MEMBER);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action IN ('role.grant', 'role.revoke') "
                              "AND object = 'nobody'"), ==, 3);
  list = docket_user_store_list (f->store, &error);
  g_assert_cmpint (g_variant_n_children (list), ==, 1);
}

/* docket_store_finish() commits, or rolls back and names the record once:
 * an error that names its record already is left as it is. */
static void
test_finish (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) record = NULL;
  g_autofree char *licence = NULL;
  guint32 total = 0;
  g_autoptr(GVariant) list = NULL;

  /* A change that fails is rolled back and the error gets the name. */
  g_assert_true (docket_store_begin_write (f->store, &error));
  g_assert_true (docket_audit_store_append (f->store, "t", "test", "x", "written then undone", &error));
  docket_error_set (&error, DOCKET_ERROR_INVALID_ARGUMENT, "reasons are required");
  g_assert_false (docket_store_finish (f->store, FALSE, &error, "Case %d", 7));
  g_assert_cmpstr (error->message, ==, "Case 7: reasons are required");
  g_assert_true (docket_error_names_record (error));
  g_clear_error (&error);

  /* One already naming its record is not named twice. */
  g_assert_true (docket_store_begin_write (f->store, &error));
  docket_error_set_named (&error, DOCKET_ERROR_CONFLICT, "Licence PH-1 is already listed");
  g_assert_false (docket_store_finish (f->store, FALSE, &error, "Hearing %d", 3));
  g_assert_cmpstr (error->message, ==, "Licence PH-1 is already listed");
  g_clear_error (&error);

  /* Nothing of the first transaction stayed: the log verifies empty. */
  {
    gint64 broken = -1, head = -1;
    g_autofree char *message = NULL, *hex = NULL;
    g_assert_true (docket_audit_store_verify (f->store, &broken, &message, &head, &hex, &error));
    g_assert_cmpint (broken, ==, 0);
    g_assert_cmpint (head, ==, 0);
  }

  /* A success commits. */
  record = docket_test_record ("licence", "PH-1", "kind", "private-hire", "name", "A", NULL);
  licence = docket_driver_store_create (f->store, "t", record, &error);
  g_assert_no_error (error);
  list = docket_driver_store_list (f->store, g_variant_new ("a{sv}", NULL), &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 1);
}

/* The public record withholds the driver's identifiers in any letter case
 * and script, at word boundaries (a hyphen is one), and identity numbers
 * however they are spaced; other words stay. */
static void
test_redact (void)
{
  static const char * const ids[] = { "Ömer Öztürk", "Ömer", "Öztürk", "Lee", "AB123456C", "PL20", NULL };
  static const struct { const char *in, *out; } cases[] = {
    { "Mr ÖZTÜRK said; öztürk too", "Mr [withheld] said; [withheld] too" },
    { "Öztürk-Smith and the Öztürk-owned car", "[withheld]-Smith and the [withheld]-owned car" },
    { "NI AB 12 34 56 C, licence pl20.", "NI [withheld], licence [withheld]." },
    { "Ömer Öztürk drove in Leeds with Lee's brother", "[withheld] drove in Leeds with [withheld]'s brother" },
    { "O\xcc\x88mer", "[withheld]" },   /* decomposed: O and a combining diaeresis */
    { "Nothing to withhold", "Nothing to withhold" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = docket_publication_redact (cases[i].in, ids);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("DOCKET_TODAY", "2026-11-22", TRUE);

  g_test_add_func ("/store/redact", test_redact);
  g_test_add_func ("/store/migrations", test_migrations);
  g_test_add_func ("/store/migrate-with-data", test_migrate_with_data);
  g_test_add_func ("/store/csv-reader", test_csv_reader);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/store/finish", test_finish);
  ADD ("/store/create-get", test_create_get);
  ADD ("/store/update-status", test_update_status);
  ADD ("/store/bad-input", test_bad_input);
  ADD ("/store/canary", test_canary);
  ADD ("/store/tampered", test_tampered);
  ADD ("/store/audit-chain", test_audit_chain);
  ADD ("/store/audit-delete-reorder", test_audit_delete_reorder);
  ADD ("/store/tamper-sweep", test_tamper_sweep);
  ADD ("/store/audit-field-edits", test_audit_field_edits);
  ADD ("/store/list-search", test_list_search);
  ADD ("/store/list-far-pages", test_list_far_pages);
  ADD ("/store/record-of-processing", test_record_of_processing);
  ADD ("/store/rectification", test_rectification);
  ADD ("/store/find-identifier", test_find_identifier);
  ADD ("/store/import", test_import);
  ADD ("/store/wrong-key", test_wrong_key);
  ADD ("/store/roles", test_roles);
#undef ADD
  return g_test_run ();
}
