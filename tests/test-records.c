/* The records duties (issue 17), through docketctl against the real
 * docketd, with its clock moved ($DOCKET_CLOCK_FILE) and restarts where a
 * date is crossed:
 *
 *  /records/retention   six years after a licence ended, the start-up
 *                       scheduler erases the record as "system": name,
 *                       identity, convictions, notes and case texts gone
 *                       from the database and, once docketd has stopped,
 *                       from the file (canaries: the old ciphertexts and
 *                       the name); the stub takes no changes; a record on
 *                       legal hold and one kept 11 years for a decision on
 *                       safeguarding grounds stay; the monthly record and
 *                       the annual return are the same before and after;
 *                       retention due lists what goes next, and why;
 *  /records/hold        legal holds: bad input refused naming the field,
 *                       nothing changed; a second hold, a release with no
 *                       hold, a board member refused; audited;
 *  /records/annual      the annual return counts what was done in the year
 *                       to 31 March and the licences held on 1 April, by
 *                       kind and by the concern behind each decision
 *                       (stated, or worked out from the convictions);
 *                       --explain lists the licences and cases behind a
 *                       figure, audited; CSV and PDF; bad years and figures
 *                       refused;
 *  /records/sar-pdf     the subject access export as PDF, audited with its
 *                       purpose; a file name that is neither .json nor .pdf
 *                       refused. */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "docket-test-helpers.h"

typedef struct {
  GTestDBus        *bus;
  char             *dir;
  char             *state;
  char             *conf;
  char             *clock;
  DocketTestDaemon *daemon;
} Fixture;

static const char conf_text[] =
  "[roles]\n"
  "officer=jsmith\n"
  "auditor=audit1\n"
  "decision-maker=commissioner\n"
  "board-member=m1\n"
  "[authority]\n"
  "name=Test Borough Council\n"
  "contact=Licensing, Town Hall\n";

/* Noon on @day: a date-time, so that the times docketd records (status
 * history, audit) follow the clock too. */
static void
set_clock (Fixture *f, const char *day)
{
  g_autofree char *moment = g_strdup_printf ("%sT12:00:00Z", day);

  g_assert_true (g_file_set_contents (f->clock, moment, -1, NULL));
}

static void
start (Fixture *f)
{
  const char *args[] = { "--config", f->conf, NULL };

  f->daemon = docket_test_daemon_start (f->state, args);
}

static void
restart_on (Fixture *f, const char *moment)
{
  docket_test_daemon_stop (f->daemon);
  set_clock (f, moment);
  start (f);
}

static void
setup (Fixture *f, gconstpointer data)
{
  f->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (f->bus);
  f->dir = docket_test_make_dir ("records");
  f->state = g_build_filename (f->dir, "state", NULL);
  f->conf = g_build_filename (f->dir, "docketd.conf", NULL);
  f->clock = g_build_filename (f->dir, "clock", NULL);
  g_assert_true (g_file_set_contents (f->conf, conf_text, -1, NULL));
  g_setenv ("DOCKET_CLOCK_FILE", f->clock, TRUE);
  g_unsetenv ("DOCKET_TODAY");
  set_clock (f, data ? data : "2020-01-06");
  start (f);
  docket_test_train ("commissioner", "m1", NULL);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  if (f->daemon)
    docket_test_daemon_stop (f->daemon);
  g_test_dbus_down (f->bus);
  g_clear_object (&f->bus);
  docket_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->state);
  g_free (f->conf);
  g_free (f->clock);
  g_unsetenv ("DOCKET_CLOCK_FILE");
}

static JsonNode *
json_of (char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_free (text);
  return json_node_copy (json_parser_get_root (parser));
}

static gint64
id_of (const char *key, char *json)
{
  g_autoptr(JsonNode) n = json_of (json);
  return json_object_get_int_member (json_node_get_object (n), key);
}

static char *
str_member (char *json, const char *key)
{
  g_autoptr(JsonNode) n = json_of (json);
  JsonObject *o = json_node_get_object (n);

  return json_object_has_member (o, key) ? g_strdup (json_object_get_string_member (o, key)) : NULL;
}

/* A licence holder with identity, a conviction of @category and an
 * intelligence note: the canaries erasure must remove. */
static void
add_driver (const char *lic, const char *kind, const char *name, const char *category)
{
  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", lic, "--kind", kind, "--name", name,
                          "--status", "active", "--issued", "2018-01-01", "--expires", "2030-01-01",
                          "--ni-number", "AB123456C", "--dob", "1980-01-02",
                          "--address", "1 Canary Wharf Lane, Town", NULL));
  if (category != NULL)
    {
      g_free (docket_test_ok ("jsmith", "driver", "conviction", "add", lic, "--date", "2019-06-01",
                              "--offence", "Canary offence", "--category", category, NULL));
      g_free (docket_test_ok ("jsmith", "driver", "note", "add", lic, "--kind", "intelligence",
                              "--text", "Seen with [[a canary witness]]", "--date", "2019-07-01", NULL));
    }
}

/* A case for @lic heard on @date; returns the case. */
static char *
heard_case (const char *lic, const char *date)
{
  g_autofree char *h = g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("hearing", docket_test_ok ("jsmith", "--json",
      "hearing", "schedule", "--date", date, "--time", "10:00", "--venue", "Town Hall", "--decision-maker",
      "commissioner", NULL)));

  return g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("case", docket_test_ok ("jsmith", "--json", "hearing",
      "add-case", h, lic, "--kind", "review", "--grounds", "Canary grounds", "--notified", "2000-01-01", NULL)));
}

/* Revoked (or suspended until @until) with immediate effect, the
 * statement handed over the same day; @concern NULL to let docketd work
 * it out. */
static void
decide_now (const char *c, const char *outcome, const char *until, const char *day, gboolean safeguarding,
            const char *concern)
{
  GPtrArray *args = g_ptr_array_new ();
  g_autofree char *err = NULL;

  g_ptr_array_add (args, (char *) "--as");
  g_ptr_array_add (args, (char *) "commissioner");
  g_ptr_array_add (args, (char *) "case");
  g_ptr_array_add (args, (char *) "record");
  g_ptr_array_add (args, (char *) c);
  g_ptr_array_add (args, (char *) "--outcome");
  g_ptr_array_add (args, (char *) outcome);
  g_ptr_array_add (args, (char *) "--attendance");
  g_ptr_array_add (args, (char *) "attended");
  g_ptr_array_add (args, (char *) "--reasons");
  g_ptr_array_add (args, (char *) "Canary reasons");
  g_ptr_array_add (args, (char *) "--decided");
  g_ptr_array_add (args, (char *) day);
  g_ptr_array_add (args, (char *) "--immediate");
  g_ptr_array_add (args, (char *) "--justification");
  g_ptr_array_add (args, (char *) "A continuing risk");
  if (until)
    {
      g_ptr_array_add (args, (char *) "--until");
      g_ptr_array_add (args, (char *) until);
    }
  if (safeguarding)
    g_ptr_array_add (args, (char *) "--safeguarding");
  if (concern)
    {
      g_ptr_array_add (args, (char *) "--concern");
      g_ptr_array_add (args, (char *) concern);
    }
  g_ptr_array_add (args, NULL);
  if (docket_test_ctlv (NULL, &err, (const char * const *) args->pdata) != 0)
    g_error ("case record %s: %s", c, err);
  g_ptr_array_unref (args);
  g_free (docket_test_ok ("jsmith", "case", "notice", c, "--sent", day, "--method", "hand", NULL));
}

/* Every ciphertext stored about driver @lic, read straight from the file. */
static GPtrArray *
ciphertexts_of (Fixture *f, const char *lic)
{
  static const char sql[] =
    "SELECT dob FROM drivers WHERE licence = ?1 UNION ALL "
    "SELECT address FROM drivers WHERE licence = ?1 UNION ALL "
    "SELECT ni_number FROM drivers WHERE licence = ?1 UNION ALL "
    "SELECT offence FROM convictions WHERE driver_id = (SELECT id FROM drivers WHERE licence = ?1) UNION ALL "
    "SELECT text FROM notes WHERE driver_id = (SELECT id FROM drivers WHERE licence = ?1) UNION ALL "
    "SELECT grounds FROM cases WHERE driver_id = (SELECT id FROM drivers WHERE licence = ?1) UNION ALL "
    "SELECT result FROM dbs_checks WHERE driver_id = (SELECT id FROM drivers WHERE licence = ?1) UNION ALL "
    "SELECT reasons FROM decisions WHERE case_id IN (SELECT id FROM cases WHERE driver_id = "
    "  (SELECT id FROM drivers WHERE licence = ?1))";
  g_autofree char *path = g_build_filename (f->state, "docket.db", NULL);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, lic, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
      g_ptr_array_add (out, g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return out;
}

/* TRUE when any file of the database (the file, its log) holds @needle. */
static gboolean
store_holds (Fixture *f, gconstpointer needle, gsize len)
{
  static const char * const names[] = { "docket.db", "docket.db-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (f->state, names[i], NULL);
      g_autofree char *data = NULL;
      gsize size = 0;

      if (!g_file_get_contents (path, &data, &size, NULL))
        continue;
      if (memmem (data, size, needle, len) != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
store_holds_text (Fixture *f, const char *text)
{
  return store_holds (f, text, strlen (text));
}

static void
test_retention (Fixture *f, gconstpointer data)
{
  g_autofree char *ca = NULL, *cc = NULL, *out = NULL, *err = NULL, *before = NULL, *after = NULL;
  g_autofree char *monthly = NULL, *annual = NULL, *monthly_after = NULL, *annual_after = NULL;
  g_autoptr(GPtrArray) secrets = NULL;
  g_autoptr(JsonNode) n = NULL;
  JsonArray *rows;

  /* A: revoked (violence); B: surrendered, on legal hold; C: revoked on
   * safeguarding grounds (kept 11 years). */
  add_driver ("RA", "hackney", "Zebedee Quillfeather", "violence");
  add_driver ("RB", "hackney", "Heldname Marchbanks", "dishonesty");
  add_driver ("RC", "private-hire", "Safename Ottoline", "sexual");
  g_free (docket_test_ok ("jsmith", "dbs", "record", "RA", "--date", "2019-12-01", "--kind", "enhanced",
                          "--result", "information", "--barred-lists", "--certificate", "001122334455", NULL));
  /* A's case was deferred at an earlier hearing (the driver did not
   * attend) and heard again: the deferred case keeps nothing open. */
  restart_on (f, "2020-01-03");
  {
    g_autofree char *deferred = heard_case ("RA", "2020-01-03");
    g_autofree char *h2 = NULL;

    g_free (docket_test_ok ("commissioner", "case", "record", deferred, "--outcome", "deferred", "--attendance",
                            "did-not-attend", "--reasons", "Adjourned", NULL));
    restart_on (f, "2020-01-06");
    h2 = g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("hearing", docket_test_ok ("jsmith", "--json", "hearing",
        "schedule", "--date", "2020-01-06", "--time", "10:00", "--venue", "Town Hall", "--decision-maker",
        "commissioner", NULL)));
    ca = g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("case", docket_test_ok ("jsmith", "--json", "case",
        "relist", deferred, "--hearing", h2, "--notified", "2020-01-03", NULL)));
  }
  cc = heard_case ("RC", "2020-01-06");
  decide_now (ca, "revoked", NULL, "2020-01-06", FALSE, NULL);
  decide_now (cc, "revoked", NULL, "2020-01-06", TRUE, NULL);
  g_free (docket_test_ok ("jsmith", "driver", "update", "RB", "--status", "surrendered", "--reason",
                          "Handed back", NULL));
  g_free (docket_test_ok ("jsmith", "driver", "hold", "RB", "--reason", "Claim ET/2020/1 in the tribunal", NULL));
  restart_on (f, "2020-01-07");
  g_clear_pointer (&out, g_free);
  out = str_member (docket_test_ok ("jsmith", "--json", "driver", "show", "RA", NULL), "status");
  g_assert_cmpstr (out, ==, "revoked");
  secrets = ciphertexts_of (f, "RA");
  g_assert_cmpuint (secrets->len, ==, 10);  /* identity 3, conviction, note, 2 grounds, DBS, 2 reasons */

  /* Nothing is due for years. */
  g_clear_pointer (&out, g_free);
  out = docket_test_ok ("jsmith", "retention", "due", NULL);
  g_assert_nonnull (strstr (out, "Nothing falls due"));

  /* A month before: A is listed (due 6 years from the day it ended), B
   * only with --kept and why, C not at all (11 years). */
  restart_on (f, "2025-12-20");
  monthly = docket_test_ok ("audit1", "--json", "stats", "--from", "2019-12", "--to", "2020-02", "--by", "month",
                            NULL);
  annual = docket_test_ok ("audit1", "stats", "--annual", "2020", "--csv", NULL);
  g_assert_nonnull (strstr (annual, "2020,revoked,revoked.violence,Violence (including weapons),1,"));
  g_assert_nonnull (strstr (annual, "2020,revoked,revoked.sexual,Sexual offences,1,"));
  n = json_of (docket_test_ok ("jsmith", "--json", "retention", "due", "--until", "2026-01-20", NULL));
  rows = json_node_get_array (n);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "licence"), ==, "RA");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "due"), ==, "2026-01-06");
  g_clear_pointer (&n, json_node_unref);
  g_clear_pointer (&out, g_free);
  out = docket_test_ok ("jsmith", "retention", "due", "--until", "2026-01-20", "--kept", NULL);
  g_assert_nonnull (strstr (out, "legal hold placed on 2020-01-06 by jsmith: Claim ET/2020/1"));
  g_assert_null (strstr (out, "RC"));
  g_clear_pointer (&out, g_free);
  out = docket_test_ok ("jsmith", "retention", "due", "--until", "2031-01-07", NULL);
  g_assert_nonnull (strstr (out, "11 years from a decision on safeguarding grounds (2020-01-06)"));

  /* The day before, nothing goes; on the day, A is erased at start-up. */
  restart_on (f, "2026-01-05");
  g_clear_pointer (&out, g_free);
  out = str_member (docket_test_ok ("jsmith", "--json", "driver", "show", "RA", NULL), "name");
  g_assert_cmpstr (out, ==, "Zebedee Quillfeather");
  restart_on (f, "2026-01-06");
  n = json_of (docket_test_ok ("jsmith", "--json", "driver", "show", "RA", "--sensitive", NULL));
  {
    JsonObject *d = json_node_get_object (n);
    g_assert_cmpstr (json_object_get_string_member (d, "name"), ==, "Erased record");
    g_assert_cmpstr (json_object_get_string_member (d, "erased"), ==, "2026-01-06");
    g_assert_false (json_object_has_member (d, "dob"));
    g_assert_false (json_object_has_member (d, "ni-number"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (d, "convictions")), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (d, "notes")), ==, 0);
    g_assert_cmpstr (json_object_get_string_member (d, "status"), ==, "revoked");
  }
  g_clear_pointer (&n, json_node_unref);
  g_clear_pointer (&out, g_free);
  out = str_member (docket_test_ok ("jsmith", "--json", "case", "show", ca, "--sensitive", NULL), "grounds");
  g_assert_cmpstr (out, ==, "[erased under the retention schedule]");
  g_clear_pointer (&out, g_free);
  out = docket_test_ok ("audit1", "audit", "log", "--action", "driver.erase", NULL);
  g_assert_nonnull (strstr (out, "system"));
  g_assert_nonnull (strstr (out, "RA"));
  g_assert_nonnull (strstr (out, "1 conviction, 1 note, the results of 1 DBS check and the texts of 2 cases"));

  /* B (held) and C (11 years) are whole. */
  g_clear_pointer (&out, g_free);
  out = str_member (docket_test_ok ("jsmith", "--json", "driver", "show", "RB", NULL), "name");
  g_assert_cmpstr (out, ==, "Heldname Marchbanks");
  g_clear_pointer (&out, g_free);
  out = str_member (docket_test_ok ("jsmith", "--json", "driver", "show", "RC", NULL), "name");
  g_assert_cmpstr (out, ==, "Safename Ottoline");

  /* The stub takes no new information, and nothing changes trying. */
  before = docket_test_fingerprint (f->state);
  err = docket_test_refused ("jsmith", "driver", "update", "RA", "--phone", "01234 567890", NULL);
  g_assert_nonnull (strstr (err, "Licence RA: the record was erased on 2026-01-06 under the retention schedule"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "driver", "note", "add", "RA", "--kind", "complaint", "--text", "x", NULL);
  g_assert_nonnull (strstr (err, "erased on 2026-01-06"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "driver", "hold", "RA", "--reason", "Too late", NULL);
  g_assert_nonnull (strstr (err, "nothing left to hold"));
  after = docket_test_fingerprint (f->state);
  g_assert_cmpstr (after, ==, before);

  /* A subject access request still gets what is left: the stub. */
  {
    g_autofree char *sar = g_build_filename (f->dir, "ra.json", NULL), *text = NULL;
    g_free (docket_test_ok ("jsmith", "driver", "export", "RA", "--sar", sar, "--purpose", "SAR after", NULL));
    g_assert_true (g_file_get_contents (sar, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "Erased record"));
    g_assert_null (strstr (text, "Quillfeather"));
    g_assert_null (strstr (text, "Canary"));
    g_free (docket_test_ok ("jsmith", "compliance", "show", "RA", NULL));
  }

  /* The statistics are the same. */
  monthly_after = docket_test_ok ("audit1", "--json", "stats", "--from", "2019-12", "--to", "2020-02", "--by",
                                  "month", NULL);
  annual_after = docket_test_ok ("audit1", "stats", "--annual", "2020", "--csv", NULL);
  g_assert_cmpstr (monthly_after, ==, monthly);
  g_assert_cmpstr (annual_after, ==, annual);
  g_clear_pointer (&out, g_free);
  out = docket_test_ok ("jsmith", "stats", "--annual", "2020", "--explain", "revoked.violence", NULL);
  g_assert_nonnull (strstr (out, "RA"));
  g_assert_nonnull (strstr (out, ca));

  /* On disk: once docketd has stopped (its last checkpoint), none of A's
   * old ciphertexts, nor its name, is anywhere in the files; B's name,
   * kept, is found the same way. */
  docket_test_daemon_stop (f->daemon);
  f->daemon = NULL;
  for (guint i = 0; i < secrets->len; i++)
    {
      gsize len = 0;
      gconstpointer p = g_bytes_get_data (g_ptr_array_index (secrets, i), &len);
      g_assert_false (store_holds (f, p, len));
    }
  g_assert_false (store_holds_text (f, "Quillfeather"));
  g_assert_false (store_holds_text (f, "quillfeather"));
  g_assert_false (store_holds_text (f, "Zebedee"));
  g_assert_false (store_holds_text (f, "001122334455"));
  g_assert_true (store_holds_text (f, "Marchbanks"));
}

static void
test_hold (Fixture *f, gconstpointer data)
{
  g_autofree char *before = NULL, *after = NULL, *err = NULL, *out = NULL;

  add_driver ("H1", "dual", "Holly Hold", NULL);
  before = docket_test_fingerprint (f->state);
  err = docket_test_refused ("jsmith", "driver", "hold", "H1", "--reason", "   ", NULL);
  g_assert_nonnull (strstr (err, "Licence H1: reason: a legal hold needs its reason"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "driver", "hold", "NOPE", "--reason", "Claim", NULL);
  g_assert_nonnull (strstr (err, "Licence NOPE: no such driver"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "driver", "release", "H1", "--reason", "Settled", NULL);
  g_assert_nonnull (strstr (err, "Licence H1: no legal hold is placed"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("m1", "driver", "hold", "H1", "--reason", "Claim", NULL);
  g_assert_nonnull (strstr (err, "it needs one of the roles officer"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "retention", "due", "--until", "2020-13-01", NULL);
  g_assert_nonnull (strstr (err, "until"));
  after = docket_test_fingerprint (f->state);
  g_assert_cmpstr (after, ==, before);

  g_free (docket_test_ok ("jsmith", "driver", "hold", "H1", "--reason", "Inquiry", NULL));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "driver", "hold", "H1", "--reason", "Again", NULL);
  g_assert_nonnull (strstr (err, "Licence H1: a legal hold is already placed (Inquiry)"));
  out = str_member (docket_test_ok ("jsmith", "--json", "driver", "show", "H1", NULL), "hold-reason");
  g_assert_cmpstr (out, ==, "Inquiry");
  g_free (docket_test_ok ("jsmith", "driver", "release", "H1", "--reason", "Inquiry closed", NULL));
  g_clear_pointer (&out, g_free);
  out = str_member (docket_test_ok ("jsmith", "--json", "driver", "show", "H1", NULL), "hold-reason");
  g_assert_null (out);
  out = docket_test_ok ("audit1", "audit", "log", "--object", "H1", NULL);
  g_assert_nonnull (strstr (out, "legal hold placed: Inquiry"));
  g_assert_nonnull (strstr (out, "legal hold lifted: Inquiry closed"));
}

/* The value of @figure in the annual return of @year. */
static gint64
figure (const char *year, const char *key)
{
  g_autoptr(JsonNode) n = json_of (docket_test_ok ("audit1", "--json", "stats", "--annual", year, NULL));
  JsonArray *all = json_object_get_array_member (json_node_get_object (n), "figures");

  for (guint i = 0; i < json_array_get_length (all); i++)
    {
      JsonObject *o = json_array_get_object_element (all, i);
      if (g_str_equal (json_object_get_string_member (o, "figure"), key))
        return json_object_get_int_member (o, "value");
    }
  g_assert_not_reached ();
}

static void
test_annual (Fixture *f, gconstpointer data)
{
  g_autofree char *c1 = NULL, *c2 = NULL, *out = NULL, *err = NULL, *before = NULL, *after = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "annual.pdf", NULL), *bytes = NULL;
  gsize len = 0;

  /* Held before the year began: D1 (hackney), D2 (private hire), D3 (dual). */
  add_driver ("D1", "hackney", "Dee One", NULL);
  add_driver ("D2", "private-hire", "Dee Two", NULL);
  add_driver ("D3", "dual", "Dee Three", NULL);
  g_free (docket_test_ok ("jsmith", "driver", "conviction", "add", "D2", "--date", "2024-05-01",
                          "--offence", "Drink driving", "--category", "drink-driving", NULL));

  /* In the year to 31 March 2026: an application with a conviction known,
   * searched and granted; one refused; D1 revoked for a sexual offence
   * (stated); D2 suspended (worked out: driving). */
  restart_on (f, "2025-06-02");
  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", "A1", "--kind", "hackney", "--name", "Ay One",
                          "--status", "applicant", NULL));
  g_free (docket_test_ok ("jsmith", "driver", "conviction", "add", "A1", "--date", "2020-02-02",
                          "--offence", "Shoplifting", "--category", "dishonesty", NULL));
  g_free (docket_test_ok ("jsmith", "nr3s", "search", "A1", "--result", "no-match", NULL));
  g_free (docket_test_ok ("jsmith", "driver", "update", "A1", "--status", "active", "--reason", "Granted", NULL));
  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", "A2", "--kind", "dual", "--name", "Ay Two",
                          "--status", "applicant", NULL));
  g_free (docket_test_ok ("jsmith", "driver", "update", "A2", "--status", "refused", "--reason", "Not fit", NULL));
  c1 = heard_case ("D1", "2025-06-02");
  c2 = heard_case ("D2", "2025-06-02");

  /* A concern is given only with a refusal, suspension or revocation, and
   * must be one of the categories; nothing changes. */
  before = docket_test_fingerprint (f->state);
  err = docket_test_refused ("commissioner", "case", "record", c1, "--outcome", "warning", "--attendance",
                             "attended", "--reasons", "Warned", "--concern", "sexual", NULL);
  g_assert_nonnull (strstr (err, "a concern is given only with a refusal, suspension or revocation"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("commissioner", "case", "record", c1, "--outcome", "revoked", "--attendance",
                             "attended", "--reasons", "Risk", "--concern", "parking", NULL);
  g_assert_nonnull (strstr (err, "concern 'parking' is not one of sexual, violence"));
  after = docket_test_fingerprint (f->state);
  g_assert_cmpstr (after, ==, before);

  decide_now (c1, "revoked", NULL, "2025-06-02", FALSE, "sexual");
  decide_now (c2, "suspended", "2025-09-01", "2025-06-02", FALSE, NULL);
  out = docket_test_ok ("jsmith", "case", "show", c2, NULL);
  g_assert_nonnull (strstr (out, "driving"));

  restart_on (f, "2026-04-02");
  g_assert_cmpint (figure ("2026", "drivers.hackney"), ==, 1);        /* A1; D1 revoked */
  g_assert_cmpint (figure ("2026", "drivers.private-hire"), ==, 1);   /* D2, reinstated */
  g_assert_cmpint (figure ("2026", "drivers.dual"), ==, 1);           /* D3 */
  g_assert_cmpint (figure ("2026", "drivers.total"), ==, 3);
  g_assert_cmpint (figure ("2026", "applications.received"), ==, 2);
  g_assert_cmpint (figure ("2026", "applications.granted"), ==, 1);
  g_assert_cmpint (figure ("2026", "applications.refused"), ==, 1);
  g_assert_cmpint (figure ("2026", "revoked.sexual"), ==, 1);
  g_assert_cmpint (figure ("2026", "revoked.total"), ==, 1);
  g_assert_cmpint (figure ("2026", "suspended.driving"), ==, 1);
  g_assert_cmpint (figure ("2026", "suspended.total"), ==, 1);
  g_assert_cmpint (figure ("2026", "adverse.granted"), ==, 1);
  g_assert_cmpint (figure ("2026", "nr3s.searches"), ==, 1);
  /* The year before: held on 1 April 2025, nothing done. */
  g_assert_cmpint (figure ("2025", "drivers.total"), ==, 3);
  g_assert_cmpint (figure ("2025", "revoked.total"), ==, 0);

  /* Each figure's own rows agree with its count (the licences held are
   * counted in one pass). */
  g_clear_pointer (&out, g_free);
  out = docket_test_ok ("jsmith", "stats", "--annual", "2026", "--explain", "drivers.total", NULL);
  g_assert_nonnull (strstr (out, "drivers.total counts 3 rows"));

  /* Traced to the licence and the case; audited. */
  g_clear_pointer (&out, g_free);
  out = docket_test_ok ("jsmith", "stats", "--annual", "2026", "--explain", "revoked.sexual", NULL);
  g_assert_nonnull (strstr (out, "D1"));
  g_assert_nonnull (strstr (out, "2025-06-02"));
  g_assert_null (strstr (out, "Dee One"));
  g_clear_pointer (&out, g_free);
  out = docket_test_ok ("audit1", "audit", "log", "--action", "statistics.explain", NULL);
  g_assert_nonnull (strstr (out, "explained figure revoked.sexual"));

  g_clear_pointer (&out, g_free);
  out = docket_test_ok ("audit1", "stats", "--annual", "2026", "--csv", NULL);
  g_assert_true (g_str_has_prefix (out, "year,group,figure,label,value,share\r\n"));
  g_assert_nonnull (strstr (out, "2026,revoked,revoked.sexual,Sexual offences,1,\r\n"));
  g_assert_null (strstr (out, "D1"));
  g_free (docket_test_ok ("audit1", "stats", "--annual", "2026", "--pdf", pdf, NULL));
  g_assert_true (g_file_get_contents (pdf, &bytes, &len, NULL));
  g_assert_true (len > 1000 && memcmp (bytes, "%PDF", 4) == 0);

  /* Bad input. */
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("audit1", "stats", "--annual", "2027", NULL);
  g_assert_nonnull (strstr (err, "year 2027: its figures are as at 2027-04-01, which has not come yet"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("audit1", "stats", "--annual", "1999", NULL);
  g_assert_nonnull (strstr (err, "give a year from 2000 to 2200"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "stats", "--annual", "2026", "--explain", "revoked.parking", NULL);
  g_assert_nonnull (strstr (err, "figure 'revoked.parking' is not one of"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("m1", "stats", "--annual", "2026", "--explain", "revoked.sexual", NULL);
  g_assert_nonnull (strstr (err, "it needs one of the roles officer"));
}

static void
test_sar_pdf (Fixture *f, gconstpointer data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "sar.pdf", NULL), *txt = g_build_filename (f->dir, "sar.txt", NULL);
  g_autofree char *bytes = NULL, *out = NULL, *err = NULL;
  gsize len = 0;

  add_driver ("S1", "dual", "Sar Person", "motoring");
  g_free (docket_test_ok ("jsmith", "driver", "export", "S1", "--sar", pdf, "--purpose", "SAR 2020/7", NULL));
  g_assert_true (g_file_get_contents (pdf, &bytes, &len, NULL));
  g_assert_true (len > 1000 && memcmp (bytes, "%PDF", 4) == 0);
  out = docket_test_ok ("audit1", "audit", "log", "--action", "driver.subject-access", NULL);
  g_assert_nonnull (strstr (out, "SAR 2020/7"));
  g_assert_cmpint (docket_test_ctl (NULL, &err, "--as", "jsmith", "driver", "export", "S1", "--sar", txt,
                                    "--purpose", "x", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "FILE.json or FILE.pdf"));
  g_assert_false (g_file_test (txt, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/records/retention", Fixture, "2020-01-02", setup, test_retention, teardown);
  g_test_add ("/records/hold", Fixture, NULL, setup, test_hold, teardown);
  g_test_add ("/records/annual", Fixture, "2025-03-03", setup, test_annual, teardown);
  g_test_add ("/records/sar-pdf", Fixture, NULL, setup, test_sar_pdf, teardown);
  return g_test_run ();
}
