/* Integration tests: the built docketd on a private bus, called through
 * the generated proxies and through docketctl. */
#include "config.h"

#include <fcntl.h>
#include <string.h>

#include <glib/gstdio.h>

#include <gio/gunixfdlist.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "docket-dbus-generated.h"
#include "docket-error.h"
#include "docket-names.h"
#include "docket-test-helpers.h"

#define CANARY_NI "ZX987654A"

typedef struct {
  char             *dir;
  DocketTestDaemon *daemon;
  GDBusConnection  *bus;
  DocketDBusDrivers *drivers;
  DocketDBusUsers  *users;
  DocketDBusAudit  *audit;
} Fixture;

static void
connect_proxies (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->drivers);
  g_clear_object (&f->users);
  g_clear_object (&f->audit);
  f->drivers = docket_dbus_drivers_proxy_new_sync (f->bus, G_DBUS_PROXY_FLAGS_NONE, DOCKET_DBUS_NAME,
                                                   DOCKET_DBUS_PATH, NULL, &error);
  g_assert_no_error (error);
  f->users = docket_dbus_users_proxy_new_sync (f->bus, G_DBUS_PROXY_FLAGS_NONE, DOCKET_DBUS_NAME,
                                               DOCKET_DBUS_PATH, NULL, &error);
  g_assert_no_error (error);
  f->audit = docket_dbus_audit_proxy_new_sync (f->bus, G_DBUS_PROXY_FLAGS_NONE, DOCKET_DBUS_NAME,
                                               DOCKET_DBUS_PATH, NULL, &error);
  g_assert_no_error (error);
}

static void
start (Fixture *f, const char * const *args)
{
  f->daemon = docket_test_daemon_start (f->dir, args);
  connect_proxies (f);
}

static void
stop (Fixture *f)
{
  g_clear_object (&f->drivers);
  g_clear_object (&f->users);
  g_clear_object (&f->audit);
  g_clear_pointer (&f->daemon, docket_test_daemon_stop);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = docket_test_make_dir ("daemon");
  f->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  start (f, data);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  stop (f);
  g_clear_object (&f->bus);
  docket_test_remove_dir (f->dir);
  g_free (f->dir);
}

static char *
db_path (Fixture *f)
{
  return g_build_filename (f->dir, "docket.db", NULL);
}

static void
sql (Fixture *f, const char *statement)
{
  g_autofree char *path = db_path (f);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, statement, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
create (Fixture *f, const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *licence = NULL;
  g_autoptr(GVariant) record = g_variant_ref_sink (g_variant_new_parsed (text));

  g_assert_true (docket_dbus_drivers_call_create_sync (f->drivers, record, &licence, NULL, &error));
  g_assert_no_error (error);
}

static guint32
count_drivers (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  guint32 total = 0;

  g_assert_true (docket_dbus_drivers_call_list_sync (f->drivers, g_variant_new_parsed ("@a{sv} {}"),
                                                     &list, &total, NULL, &error));
  g_assert_no_error (error);
  return total;
}

static void
on_driver_changed (DocketDBusDrivers *proxy, const char *licence, gpointer data)
{
  g_free (*(char **) data);
  *(char **) data = g_strdup (licence);
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
test_proxies (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) record = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *user = NULL;
  g_auto(GStrv) roles = NULL;
  const char *v;

  g_assert_cmpuint (docket_dbus_drivers_get_version (f->drivers), ==, DOCKET_API_VERSION);
  g_assert_cmpuint (docket_dbus_audit_get_version (f->audit), ==, DOCKET_API_VERSION);

  g_signal_connect (f->drivers, "driver-changed", G_CALLBACK (on_driver_changed), &changed);
  create (f, "{'licence': <'PH-00001'>, 'kind': <'private-hire'>, 'name': <'Ann Smith'>, "
             "'ni-number': <'AB123456C'>, 'expires': <'2028-01-31'>}");
  while (changed == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (changed, ==, "PH-00001");

  g_assert_true (docket_dbus_drivers_call_get_sync (f->drivers, "PH-00001", TRUE, &record, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (record, "ni-number", "&s", &v));
  g_assert_cmpstr (v, ==, "AB123456C");

  g_assert_true (docket_dbus_drivers_call_search_sync (f->drivers, "smi", 10, &list, NULL, &error));
  g_assert_cmpint (g_variant_n_children (list), ==, 1);
  g_clear_pointer (&list, g_variant_unref);
  g_assert_true (docket_dbus_drivers_call_find_by_identifier_sync (f->drivers, "ni-number", "AB 12 34 56 C",
                                                                   &list, NULL, &error));
  g_assert_cmpint (g_variant_n_children (list), ==, 1);

  /* Errors arrive in the Docket domain with their codes. */
  g_assert_false (docket_dbus_drivers_call_get_sync (f->drivers, "PH-404", FALSE, &record, NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (docket_dbus_drivers_call_create_sync (f->drivers,
      g_variant_new_parsed ("{'licence': <'PH-2'>, 'kind': <'taxi'>, 'name': <'B'>}"), NULL, NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (docket_dbus_drivers_call_create_sync (f->drivers,
      g_variant_new_parsed ("{'licence': <'PH-00001'>, 'kind': <'dual'>, 'name': <'B'>}"), NULL, NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpuint (count_drivers (f), ==, 1);

  /* Async calls, as the GTK client makes them. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GVariant) page = NULL;
    guint32 total = 0;

    docket_dbus_drivers_call_list (f->drivers, g_variant_new_parsed ("{'limit': <uint32 10>}"),
                                   NULL, store_result, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (docket_dbus_drivers_call_list_finish (f->drivers, &page, &total, result, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (total, ==, 1);
  }

  g_assert_true (docket_dbus_users_call_who_am_i_sync (f->users, &user, &roles, NULL, &error));
  g_assert_cmpint (g_strv_length (roles), ==, 5);
}

static void
test_restart (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) record = NULL;
  gboolean ok = FALSE;
  gint64 broken = -1, head_seq = 0;
  g_autofree char *message = NULL, *head = NULL;
  const char *v;

  create (f, "{'licence': <'HC-1'>, 'kind': <'hackney'>, 'name': <'Carl'>}");
  /* The grant needs its search of the national register first. */
  g_variant_unref (g_dbus_connection_call_sync (f->bus, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH,
      DOCKET_DBUS_IFACE_HEARINGS, "AddRegisterSearch",
      g_variant_new_parsed ("('HC-1', {'result': <'no-match'>})"), NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (docket_dbus_drivers_call_update_sync (f->drivers, "HC-1",
      g_variant_new_parsed ("{'status': <'active'>}"), "granted", NULL, &error));
  g_assert_no_error (error);

  stop (f);
  start (f, NULL);

  g_assert_true (docket_dbus_drivers_call_get_sync (f->drivers, "HC-1", FALSE, &record, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (record, "status", "&s", &v));
  g_assert_cmpstr (v, ==, "active");
  g_assert_true (docket_dbus_audit_call_verify_sync (f->audit, &ok, &broken, &message, &head_seq, &head,
                                                     NULL, &error));
  g_assert_true (ok);
  /* the creation, the register search, the change of status, and the
   * scheduled audit run made at the restart, the first with a licence to
   * audit */
  g_assert_cmpint (head_seq, ==, 4);
}

static const char * const auditor_args[] = { "--roles", "auditor", NULL };
static const char * const board_args[] = { "--roles", "board-member", NULL };

static void
test_refused_auditor (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autoptr(GVariant) record = NULL;

  g_assert_false (docket_dbus_drivers_call_create_sync (f->drivers,
      g_variant_new_parsed ("{'licence': <'PH-1'>, 'kind': <'dual'>, 'name': <'A'>}"), NULL, NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (error->message, "Drivers.Create"));
  g_clear_error (&error);
  g_assert_cmpuint (count_drivers (f), ==, 0);

  g_assert_false (docket_dbus_drivers_call_get_sync (f->drivers, "PH-1", TRUE, &record, NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_ACCESS_DENIED);
  g_clear_error (&error);
  g_assert_false (docket_dbus_drivers_call_find_by_identifier_sync (f->drivers, "ni-number", "AB123456C",
                                                                    &list, NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_ACCESS_DENIED);
  g_clear_error (&error);
  g_assert_false (docket_dbus_users_call_grant_sync (f->users, "nobody", "admin", NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_ACCESS_DENIED);
  g_clear_error (&error);

  /* What an auditor may do. */
  g_assert_true (docket_dbus_audit_call_list_sync (f->audit, g_variant_new_parsed ("@a{sv} {}"),
                                                   &list, NULL, &error));
  g_assert_no_error (error);
  /* Nothing the refused calls tried reached the log. */
  g_assert_cmpint (g_variant_n_children (list), ==, 0);
}

static void
test_refused_board_member (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;

  g_assert_false (docket_dbus_drivers_call_create_sync (f->drivers,
      g_variant_new_parsed ("{'licence': <'PH-1'>, 'kind': <'dual'>, 'name': <'A'>}"), NULL, NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_ACCESS_DENIED);
  g_clear_error (&error);
  g_assert_false (docket_dbus_audit_call_list_sync (f->audit, g_variant_new_parsed ("@a{sv} {}"),
                                                    &list, NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_ACCESS_DENIED);
  g_clear_error (&error);
  /* A board member may read sensitive fields: the lookup runs (and finds nothing). */
  g_assert_true (docket_dbus_drivers_call_find_by_identifier_sync (f->drivers, "ni-number", "AB123456C",
                                                                   &list, NULL, &error));
  g_assert_no_error (error);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_one_line_error (const char *err, const char *fragment)
{
  g_assert_true (g_str_has_prefix (err, "docketctl: "));
  g_assert_nonnull (strstr (err, fragment));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
  g_assert_null (strstr (err, "GDBus.Error"));
}

static void
test_docketctl (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *csv = g_build_filename (f->dir, "drivers.csv", NULL);
  g_autofree char *bad_csv = g_build_filename (f->dir, "bad.csv", NULL);
  g_autoptr(JsonNode) json = NULL;

#define CTL(...) docket_test_ctlv (&out, &err, (const char * const[]) { __VA_ARGS__, NULL })

  g_assert_cmpint (CTL ("driver", "add", "--licence", "PH-00001", "--kind", "private-hire",
                        "--name", "Ann Smith", "--ni-number", "AB 12 34 56 C", "--dob", "1980-02-03",
                        "--expires", "2027-05-01", "--badge", "1001"), ==, 0);
  g_assert_cmpstr (out, ==, "Added licence PH-00001\n");

  g_assert_cmpint (CTL ("driver", "add", "--licence", "PH-00002", "--kind", "hackney",
                        "--name", "Bob", "--expires", "2016-02-30"), ==, 1);
  assert_one_line_error (err, "Licence PH-00002: expiry date 2016-02-30 is not a valid date");
  g_assert_cmpint (CTL ("driver", "add", "--licence", "PH-00002", "--kind", "taxi", "--name", "Bob"), ==, 1);
  assert_one_line_error (err, "kind 'taxi' is not known");
  g_assert_cmpint (CTL ("driver", "add", "--licence", "PH-00002", "--name", "\xff\xfe"), ==, 2);
  g_assert_cmpint (CTL ("driver", "add", "--licence", "PH-00002", "--kind", "dual", "--name", "\xff\xfe"), ==, 1);
  assert_one_line_error (err, "--name is not valid UTF-8");
  g_assert_cmpint (CTL ("driver", "frobnicate"), ==, 2);
  g_assert_cmpint (CTL ("driver", "show", "PH-404"), ==, 1);
  assert_one_line_error (err, "Licence PH-404: no such driver");

  g_assert_cmpint (CTL ("driver", "conviction", "add", "PH-00001", "--date", "2019-04-01",
                        "--offence", "Speeding", "--category", "motoring", "--sentence", "3 points"), ==, 0);
  g_assert_cmpint (CTL ("driver", "conviction", "add", "PH-00001", "--date", "2019-04-01",
                        "--offence", "Speeding", "--category", "parking"), ==, 1);
  assert_one_line_error (err, "Licence PH-00001: conviction: category 'parking' is not known");
  g_assert_cmpint (CTL ("driver", "note", "add", "PH-00001", "--kind", "complaint",
                        "--text", "Refused a guide dog"), ==, 0);
  g_assert_cmpint (CTL ("driver", "update", "PH-00001", "--status", "active"), ==, 1);
  assert_one_line_error (err, "needs a reason");
  /* An officer's grant needs a search of the national register (2022 Act
   * s.3) in the 90 days up to it. */
  g_assert_cmpint (CTL ("driver", "update", "PH-00001", "--status", "active", "--reason", "granted"), ==, 1);
  assert_one_line_error (err, "Licence PH-00001: no search of the national register (NR3S) for licence PH-00001 "
                              "is recorded in the 90 days up to");
  g_assert_cmpint (CTL ("nr3s", "search", "PH-00001", "--result", "match"), ==, 1);
  assert_one_line_error (err, "authority is required with a match");
  g_assert_cmpint (CTL ("nr3s", "search", "PH-00001", "--result", "no-match"), ==, 0);
  g_assert_cmpint (CTL ("driver", "update", "PH-00001", "--status", "active", "--reason", "granted"), ==, 0);

  g_assert_cmpint (CTL ("driver", "show", "PH-00001"), ==, 0);
  g_assert_nonnull (strstr (out, "Ann Smith"));
  g_assert_null (strstr (out, "AB123456C"));
  g_assert_cmpint (CTL ("driver", "show", "PH-00001", "--sensitive"), ==, 0);
  g_assert_nonnull (strstr (out, "AB123456C"));
  g_assert_nonnull (strstr (out, "Refused a guide dog"));
  g_assert_nonnull (strstr (out, "Speeding"));
  g_assert_nonnull (strstr (err, "recorded in the audit log"));

  g_assert_cmpint (CTL ("--json", "driver", "show", "PH-00001", "--sensitive"), ==, 0);
  json = parse_json (out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "ni-number"), ==, "AB123456C");
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (json_node_get_object (json),
                                                                         "convictions")), ==, 1);
  g_clear_pointer (&json, json_node_unref);

  g_assert_true (g_file_set_contents (csv,
      "licence,kind,name,status,expires,ni-number\n"
      "HC-1,hackney,Carl Jones,active,2027-01-01,CE123456A\n"
      "HC-2,dual,\"Dee, Smith\",applicant,,\n", -1, NULL));
  g_assert_cmpint (CTL ("import", "drivers", csv), ==, 0);
  g_assert_nonnull (strstr (out, "Imported 2 drivers"));
  g_assert_true (g_file_set_contents (bad_csv,
      "licence,kind,name\nHC-3,hackney,Eve\nHC-4,bus,Finn\n", -1, NULL));
  g_assert_cmpint (CTL ("import", "drivers", bad_csv), ==, 1);
  assert_one_line_error (err, "Line 3 (licence HC-4): kind 'bus' is not known");
  g_assert_cmpint (CTL ("import", "drivers", "/nonexistent.csv"), ==, 1);

  g_assert_cmpint (CTL ("--json", "driver", "list", "--sort", "name"), ==, 0);
  json = parse_json (out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json), "total"), ==, 3);
  g_clear_pointer (&json, json_node_unref);
  g_assert_cmpint (CTL ("driver", "list", "--status", "active"), ==, 0);
  g_assert_nonnull (strstr (out, "Showing 1 to 2 of 2"));
  g_assert_cmpint (CTL ("driver", "list", "--status", "dormant"), ==, 1);
  assert_one_line_error (err, "status 'dormant' is not known");
  g_assert_cmpint (CTL ("driver", "list", "--limit", "ten"), ==, 2);

  g_assert_cmpint (CTL ("driver", "search", "smi"), ==, 0);
  g_assert_nonnull (strstr (out, "PH-00001"));
  g_assert_nonnull (strstr (out, "HC-2"));
  g_assert_cmpint (CTL ("driver", "search", "--ni-number", "ce123456a"), ==, 0);
  g_assert_nonnull (strstr (out, "HC-1"));
  g_assert_null (strstr (out, "PH-00001"));
  g_assert_cmpint (CTL ("driver", "search", "--dvla-number", "short"), ==, 1);
  g_assert_cmpint (CTL ("driver", "search", "zebedee"), ==, 0);
  g_assert_nonnull (strstr (out, "No driver matches"));

  g_assert_cmpint (CTL ("user", "grant", "nobody", "board-member"), ==, 0);
  g_assert_cmpint (CTL ("user", "grant", "nobody", "chair"), ==, 1);
  assert_one_line_error (err, "role 'chair' is not known");
  g_assert_cmpint (CTL ("user", "list"), ==, 0);
  g_assert_nonnull (strstr (out, "nobody"));
  g_assert_cmpint (CTL ("user", "revoke", "nobody", "board-member"), ==, 0);
  g_assert_cmpint (CTL ("user", "revoke", "nobody", "board-member"), ==, 1);

  g_assert_cmpint (CTL ("audit", "log", "--limit", "3"), ==, 0);
  g_assert_nonnull (strstr (out, "role.revoke"));
  g_assert_cmpint (CTL ("--json", "audit", "verify"), ==, 0);
  json = parse_json (out);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (json), "ok"));
  g_clear_pointer (&json, json_node_unref);

  /* An audit row edited behind docketd's back is named by number. */
  sql (f, "UPDATE audit_log SET user = 'mallory' WHERE seq = 3");
  g_assert_cmpint (CTL ("audit", "verify"), ==, 1);
  g_assert_nonnull (strstr (err, "broken at entry 3"));
#undef CTL
}

static void
test_tampered_ciphertext (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL, *err = NULL;

  create (f, "{'licence': <'PH-1'>, 'kind': <'dual'>, 'name': <'A'>, 'address': <'1 Road'>}");
  create (f, "{'licence': <'PH-2'>, 'kind': <'dual'>, 'name': <'B'>, 'address': <'2 Road'>}");
  /* Move PH-1's address ciphertext onto PH-2. */
  sql (f, "UPDATE drivers SET address = (SELECT address FROM drivers WHERE licence = 'PH-1') "
          "WHERE licence = 'PH-2'");
  g_assert_cmpint (docket_test_ctl (&out, &err, "driver", "show", "PH-2", "--sensitive", NULL), ==, 1);
  assert_one_line_error (err, "Licence PH-2: address failed authentication");
  g_assert_null (strstr (out, "1 Road"));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) record = NULL;
    g_assert_false (docket_dbus_drivers_call_get_sync (f->drivers, "PH-2", TRUE, &record, NULL, &error));
    g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_TAMPERED);
  }
}

static void
test_canary (Fixture *f, gconstpointer data)
{
  g_autofree char *path = db_path (f);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  create (f, "{'licence': <'PH-7'>, 'kind': <'dual'>, 'name': <'Canary'>, 'ni-number': <'" CANARY_NI "'>}");
  g_assert_true (docket_test_file_contains (path, "Canary") || docket_test_file_contains (wal, "Canary"));
  g_assert_false (docket_test_file_contains (path, CANARY_NI));
  g_assert_false (docket_test_file_contains (wal, CANARY_NI));
  stop (f);
  g_assert_true (docket_test_file_contains (path, "Canary"));
  g_assert_false (docket_test_file_contains (path, CANARY_NI));
  g_assert_false (docket_test_file_contains (wal, CANARY_NI));
  start (f, NULL);
}

static void
test_start_failures (Fixture *f, gconstpointer data)
{
  g_autofree char *err = NULL;
  g_autofree char *key = g_build_filename (f->dir, "docket.key", NULL);
  g_autofree char *saved = g_build_filename (f->dir, "saved.key", NULL);
  g_autofree char *conf = g_build_filename (f->dir, "docketd.conf", NULL);
  g_autofree char *path = db_path (f);
  g_autofree char *db_before = NULL, *db_after = NULL;
  gsize len_before, len_after;
  const char *conf_args[] = { "--config", conf, NULL };

  create (f, "{'licence': <'PH-1'>, 'kind': <'dual'>, 'name': <'A'>, 'ni-number': <'AB123456C'>}");
  stop (f);
  g_assert_true (g_file_get_contents (path, &db_before, &len_before, NULL));

  /* A wrong key: refused, nothing touched. */
  g_assert_cmpint (g_rename (key, saved), ==, 0);
  g_assert_true (g_file_set_contents (key, "0123456789abcdef0123456789abcdef", 32, NULL));
  /* A key others may read stops docketd first, naming the file and mode. */
  g_assert_cmpint (g_chmod (key, 0644), ==, 0);
  g_assert_cmpint (docket_test_daemon_run (f->dir, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "has mode 0644: it must be readable by docketd's user alone"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (g_chmod (key, 0600), ==, 0);
  g_assert_cmpint (docket_test_daemon_run (f->dir, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "The key does not match the database"));
  g_clear_pointer (&err, g_free);

  /* A missing key beside a database: refused, no new key made. */
  g_assert_cmpint (g_unlink (key), ==, 0);
  g_assert_cmpint (docket_test_daemon_run (f->dir, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "Cannot read the key"));
  g_assert_false (g_file_test (key, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_get_contents (path, &db_after, &len_after, NULL));
  g_assert_cmpmem (db_before, len_before, db_after, len_after);
  g_assert_cmpint (g_rename (saved, key), ==, 0);

  /* Settings that make no sense stop the daemon, naming them. */
  g_assert_true (g_file_set_contents (conf, "[roles]\nchair=alice\n", -1, NULL));
  g_assert_cmpint (docket_test_daemon_run (f->dir, conf_args, &err), ==, 1);
  g_assert_nonnull (strstr (err, "[roles] chair: not a role"));
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_set_contents (conf, "[colours]\nred=1\n", -1, NULL));
  g_assert_cmpint (docket_test_daemon_run (f->dir, conf_args, &err), ==, 1);
  g_assert_nonnull (strstr (err, "unknown section [colours]"));
  g_clear_pointer (&err, g_free);

  /* docketd.conf grants roles at start-up, audited as the system. */
  g_assert_true (g_file_set_contents (conf, "[roles]\nofficer=nobody\nauditor=nobody;daemon\n", -1, NULL));
  start (f, conf_args);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) users = NULL;
    g_autoptr(GVariant) log = NULL;
    g_assert_true (docket_dbus_users_call_list_sync (f->users, &users, NULL, &error));
    g_assert_cmpint (g_variant_n_children (users), ==, 2);
    g_assert_true (docket_dbus_audit_call_list_sync (f->audit,
        g_variant_new_parsed ("{'user': <'system'>, 'action': <'role.grant'>}"), &log, NULL, &error));
    g_assert_cmpint (g_variant_n_children (log), ==, 3);
  }
}

static void
test_import_fd (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = g_build_filename (f->dir, "big.csv", NULL);
  g_autoptr(GString) text = g_string_new ("licence,kind,name,ni-number\n");
  g_autoptr(GUnixFDList) fds = NULL;
  guint count = 0;
  int fd;

  for (int i = 0; i < 2000; i++)
    g_string_append_printf (text, "PH-%05d,private-hire,Driver %d,AB%06dC\n", i, i, i);
  g_assert_true (g_file_set_contents (csv, text->str, -1, NULL));
  fd = open (csv, O_RDONLY);
  fds = g_unix_fd_list_new_from_array (&fd, 1);
  g_assert_true (docket_dbus_drivers_call_import_sync (f->drivers, g_variant_new_handle (0), fds,
                                                       &count, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 2000);
  g_assert_cmpuint (count_drivers (f), ==, 2000);
  {
    g_autoptr(GVariant) list = NULL;
    const char *v;
    g_assert_true (docket_dbus_drivers_call_find_by_identifier_sync (f->drivers, "ni-number", "AB001234C",
                                                                     &list, NULL, &error));
    g_assert_cmpint (g_variant_n_children (list), ==, 1);
    g_variant_lookup (g_variant_get_child_value (list, 0), "licence", "&s", &v);
    g_assert_cmpstr (v, ==, "PH-01234");
  }
}

/* Many clients at once. GDBus checks each call in a worker thread of its
 * own; those checks must not touch the main thread's database connection.
 * (They did, and docketd crashed under a few clients at once.) */
typedef struct {
  guint pending;
  guint ok;
  guint failed;
} Storm;

static void
storm_whoami_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Storm *storm = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  g_auto(GStrv) roles = NULL;

  if (docket_dbus_users_call_who_am_i_finish (DOCKET_DBUS_USERS (source), &user, &roles, result, &error))
    storm->ok++;
  else
    storm->failed++;
  storm->pending--;
}

static void
storm_list_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Storm *storm = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  guint32 total = 0;

  if (docket_dbus_drivers_call_list_finish (DOCKET_DBUS_DRIVERS (source), &list, &total, result, &error))
    storm->ok++;
  else
    {
      g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_ACCESS_DENIED);  /* "daemon" holds no role */
      storm->failed++;
    }
  storm->pending--;
}

static void
test_concurrent (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  const char *as[] = { NULL, "nobody", "daemon", "nobody" };
  GDBusConnection *connections[G_N_ELEMENTS (as)];
  DocketDBusUsers *users[G_N_ELEMENTS (as)];
  DocketDBusDrivers *drivers[G_N_ELEMENTS (as)];
  Storm storm = { 0 };
  const guint rounds = 100;

  g_assert_true (docket_dbus_users_call_grant_sync (f->users, "nobody", "officer", NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (as); i++)
    {
      connections[i] = g_dbus_connection_new_for_address_sync (address,
          G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
          NULL, NULL, &error);
      g_assert_no_error (error);
      users[i] = docket_dbus_users_proxy_new_sync (connections[i], G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                                   DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, NULL, &error);
      drivers[i] = docket_dbus_drivers_proxy_new_sync (connections[i], G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                                       DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, NULL, &error);
      g_assert_no_error (error);
      if (as[i])
        {
          g_assert_true (docket_dbus_users_call_act_as_sync (users[i], as[i], NULL, &error));
          g_assert_no_error (error);
        }
    }

  for (guint r = 0; r < rounds; r++)
    for (guint i = 0; i < G_N_ELEMENTS (as); i++)
      {
        /* Many calls in flight, but below the bus's limit of pending
         * replies per connection, which a slow machine would reach. */
        while (storm.pending > 64)
          g_main_context_iteration (NULL, TRUE);
        storm.pending += 2;
        docket_dbus_users_call_who_am_i (users[i], NULL, storm_whoami_cb, &storm);
        docket_dbus_drivers_call_list (drivers[i], g_variant_new_parsed ("@a{sv} {'limit': <@u 5>}"), NULL,
                                       storm_list_cb, &storm);
        if (r == rounds / 2 && i == 0)
          {
            /* A change of roles in the middle of it. */
            g_assert_true (docket_dbus_users_call_grant_sync (f->users, "daemon", "auditor", NULL, &error));
            g_assert_no_error (error);
          }
      }
  while (storm.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  /* Every call answered; only "daemon"'s lists before its grant refused. */
  g_assert_cmpuint (storm.ok + storm.failed, ==, rounds * G_N_ELEMENTS (as) * 2);
  g_assert_cmpuint (storm.failed, >, 0);
  g_assert_cmpuint (storm.failed, <=, rounds / 2 + 1);
  /* And docketd is still there, with daemon's new role in force. */
  {
    g_autoptr(GVariant) list = NULL;
    guint32 total;
    g_assert_true (docket_dbus_drivers_call_list_sync (drivers[2], g_variant_new_parsed ("@a{sv} {}"), &list, &total,
                                                       NULL, &error));
    g_assert_no_error (error);
  }
  for (guint i = 0; i < G_N_ELEMENTS (as); i++)
    {
      g_object_unref (users[i]);
      g_object_unref (drivers[i]);
      g_dbus_connection_close_sync (connections[i], NULL, NULL);
      g_object_unref (connections[i]);
    }
}

static void
sql_exec (const char *path, const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* A database damaged behind docketd's back: at start-up docketd runs its
 * integrity checks, says why in its log, keeps serving reads and refuses
 * every write with Damaged naming the problem; the file is not touched. */
static void
test_damaged_database (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "docket.db", NULL);
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) record = NULL;
  g_autofree char *licence = NULL;

  create (f, "{'licence': <'HC-1'>, 'kind': <'hackney'>, 'name': <'Carl'>}");
  stop (f);
  /* A note whose driver does not exist: a broken foreign key. */
  sql_exec (path, "INSERT INTO notes (driver_id, kind, date, created, author, text) "
                  "VALUES (424242, 'complaint', '2026-01-01', '2026-01-01', 'x', x'00')");
  before = docket_test_fingerprint (f->dir);
  start (f, NULL);

  g_assert_true (docket_dbus_drivers_call_get_sync (f->drivers, "HC-1", FALSE, &record, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (docket_dbus_drivers_call_create_sync (f->drivers,
      g_variant_new_parsed ("{'licence': <'HC-2'>, 'kind': <'hackney'>, 'name': <'Dee'>}"),
      &licence, NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "The database is damaged and docketd serves no writes"));
  g_assert_nonnull (strstr (error->message, "notes"));
  g_clear_error (&error);
  g_assert_false (docket_dbus_drivers_call_update_sync (f->drivers, "HC-1",
      g_variant_new_parsed ("{'name': <'Carl Two'>}"), "", NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_DAMAGED);
  stop (f);
  after = docket_test_fingerprint (f->dir);
  g_assert_cmpstr (before, ==, after);
  start (f, NULL);  /* for the teardown */
}

int
main (int argc, char **argv)
{
  g_autoptr(GTestDBus) bus = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("DOCKET_TODAY", "2026-11-22", TRUE);
  /* Registers org.docket.Docket1.Error.* so replies map to DOCKET_ERROR. */
  g_assert_cmpuint (DOCKET_ERROR, !=, 0);
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

#define ADD(path, args, fn) g_test_add (path, Fixture, args, fixture_setup, fn, fixture_teardown)
  ADD ("/daemon/proxies", NULL, test_proxies);
  ADD ("/daemon/restart", NULL, test_restart);
  ADD ("/daemon/refused-auditor", auditor_args, test_refused_auditor);
  ADD ("/daemon/refused-board-member", board_args, test_refused_board_member);
  ADD ("/daemon/docketctl", NULL, test_docketctl);
  ADD ("/daemon/tampered-ciphertext", NULL, test_tampered_ciphertext);
  ADD ("/daemon/canary", NULL, test_canary);
  ADD ("/daemon/start-failures", NULL, test_start_failures);
  ADD ("/daemon/import-fd", NULL, test_import_fd);
  ADD ("/daemon/concurrent", NULL, test_concurrent);
  ADD ("/daemon/damaged-database", NULL, test_damaged_database);
#undef ADD

  rc = g_test_run ();
  g_test_dbus_down (bus);
  return rc;
}
