/* Compliance through the real docketd and docketctl, with the clock set by
 * DOCKET_TODAY and moved across restarts: the training suspension and
 * reinstatement, a training case referred when the final date passes, the
 * DBS queue, an audit run whose flag is referred and decided, the figures,
 * and bad input and bad settings refused with nothing changed. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "docket-test-helpers.h"

typedef struct {
  GTestDBus        *bus;
  char             *dir;
  char             *state;
  char             *conf;
  DocketTestDaemon *daemon;
} Fixture;

static const char conf_text[] =
  "[roles]\n"
  "officer=jsmith\n"
  "decision-maker=commissioner\n"
  "board-member=member1\n"
  "auditor=internalaudit\n"
  "admin=licadmin\n"
  "[hearings]\n"
  "notice-days=14\n"
  "[policy]\n"
  "rules=training;convictions;complaints;dbs-enhanced;dbs-update;dbs-result;self-report\n"
  "training-final-days=30\n"
  "audit-every-days=0\n";

static void
start_daemon (Fixture *f, const char *today)
{
  const char *args[] = { "--config", f->conf, NULL };

  g_setenv ("DOCKET_TODAY", today, TRUE);
  f->daemon = docket_test_daemon_start (f->state, args);
}

static void
restart (Fixture *f, const char *today)
{
  docket_test_daemon_stop (f->daemon);
  start_daemon (f, today);
}

static void
setup (Fixture *f, gconstpointer data)
{
  f->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (f->bus);
  f->dir = docket_test_make_dir ("compliance");
  f->state = g_build_filename (f->dir, "state", NULL);
  f->conf = g_build_filename (f->dir, "docketd.conf", NULL);
  g_assert_true (g_file_set_contents (f->conf, data ? data : conf_text, -1, NULL));
  start_daemon (f, "2026-01-10");
}

static void
teardown (Fixture *f, gconstpointer data)
{
  docket_test_daemon_stop (f->daemon);
  g_test_dbus_down (f->bus);
  g_clear_object (&f->bus);
  docket_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->state);
  g_free (f->conf);
  g_unsetenv ("DOCKET_TODAY");
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

static JsonObject *
obj_of (char *text)
{
  g_autoptr(JsonNode) node = json_of (text);
  return json_object_ref (json_node_get_object (node));
}

static char *
driver_status (const char *licence)
{
  g_autoptr(JsonObject) d = obj_of (docket_test_ok ("jsmith", "--json", "driver", "show", licence, NULL));
  return g_strdup (json_object_get_string_member (d, "status"));
}

static void
add_driver (const char *licence, const char *name)
{
  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", licence, "--kind", "private-hire", "--name", name,
              "--status", "active", "--expires", "2028-01-01", NULL));
}

static char *
id_text (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static gint64
count_rows (Fixture *f, const char *sql)
{
  g_autofree char *path = g_build_filename (f->state, "docket.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* A refused call: exit 1, a message naming @needle, nothing changed. */
static void
refused_unchanged (Fixture *f, const char *needle, const char *as, ...)
{
  g_autofree char *before = docket_test_fingerprint (f->state), *after = NULL;
  g_autofree char *out = NULL, *err = NULL;
  va_list ap;
  int rc;

  va_start (ap, as);
  rc = docket_test_ctl_as_valist (&out, &err, as, ap);
  va_end (ap);
  if (rc != 1)
    g_error ("docketctl should have failed with 1, got %d: %s%s", rc, out, err);
  if (strstr (err, needle) == NULL)
    g_error ("expected '%s' in: %s", needle, err);
  after = docket_test_fingerprint (f->state);
  g_assert_cmpstr (before, ==, after);
}

static JsonArray *
rows_of (JsonObject *page)
{
  return json_object_get_array_member (page, "rows");
}

/* The training cycle: the deadline passes while docketd is down, the
 * licence is suspended at start-up with its distinct reason (once, however
 * often docketd restarts), and reinstated when the training is recorded. */
static void
test_training_cycle (Fixture *f, gconstpointer data)
{
  g_autofree char *s = NULL, *out = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) d = NULL;
  JsonArray *history;
  gint64 holds;

  add_driver ("PH-1", "Amy Example");
  add_driver ("PH-2", "Ben Example");
  g_free (docket_test_ok ("jsmith", "training", "deadline", "PH-1", "2026-02-01", NULL));
  g_free (docket_test_ok ("jsmith", "training", "deadline", "PH-2", "2026-02-01", NULL));
  g_free (docket_test_ok ("jsmith", "training", "record", "PH-2", "--date", "2026-01-05", "--provider",
              "Safeguarding Ltd", "--certificate", "SG-77", NULL));
  s = driver_status ("PH-1");
  g_assert_cmpstr (s, ==, "active");
  g_clear_pointer (&s, g_free);
  page = obj_of (docket_test_ok ("jsmith", "--json", "training", "due", "--within", "30", NULL));
  g_assert_cmpint (json_array_get_length (rows_of (page)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows_of (page), 0), "state"), ==, "due");
  g_clear_pointer (&page, json_object_unref);

  /* docketd is down across the deadline; at start-up it catches up. */
  restart (f, "2026-02-03");
  s = driver_status ("PH-1");
  g_assert_cmpstr (s, ==, "suspended");
  g_clear_pointer (&s, g_free);
  s = driver_status ("PH-2");
  g_assert_cmpstr (s, ==, "active");
  g_clear_pointer (&s, g_free);
  d = obj_of (docket_test_ok ("jsmith", "--json", "driver", "show", "PH-1", NULL));
  history = json_object_get_array_member (d, "history");
  {
    JsonObject *last = json_array_get_object_element (history, json_array_get_length (history) - 1);
    g_assert_cmpstr (json_object_get_string_member (last, "reason"), ==, "until safeguarding training is completed");
    g_assert_cmpstr (json_object_get_string_member (last, "user"), ==, "system");
  }
  g_clear_pointer (&d, json_object_unref);
  page = obj_of (docket_test_ok ("jsmith", "--json", "training", "due", "--state", "suspended", NULL));
  g_assert_cmpint (json_array_get_length (rows_of (page)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows_of (page), 0), "licence"), ==, "PH-1");
  g_clear_pointer (&page, json_object_unref);

  /* Idempotent: more restarts and ticks change nothing. */
  holds = count_rows (f, "SELECT COUNT(*) FROM status_history");
  restart (f, "2026-02-03");
  g_free (docket_test_ok ("licadmin", "compliance", "tick", NULL));
  g_assert_cmpint (count_rows (f, "SELECT COUNT(*) FROM status_history"), ==, holds);
  g_assert_cmpint (count_rows (f, "SELECT COUNT(*) FROM training_holds"), ==, 1);
  out = docket_test_ok ("internalaudit", "audit", "log", "--action", "driver.status", NULL);
  g_assert_nonnull (strstr (out, "system"));
  g_assert_nonnull (strstr (out, "until safeguarding training is completed"));
  g_clear_pointer (&out, g_free);

  /* Training dated in the future is refused and changes nothing. */
  refused_unchanged (f, "training date 2026-02-10 is in the future", "jsmith", "training", "record", "PH-1",
                     "--date", "2026-02-10", "--provider", "Safeguarding Ltd", NULL);
  refused_unchanged (f, "provider is required", "jsmith", "training", "record", "PH-1",
                     "--date", "2026-02-02", NULL);
  refused_unchanged (f, "Licence PH-9: no such driver", "jsmith", "training", "record", "PH-9",
                     "--date", "2026-02-02", "--provider", "Safeguarding Ltd", NULL);
  refused_unchanged (f, "final date for training 2026-01-01 is before the training deadline 2026-02-01",
                     "jsmith", "training", "deadline", "PH-1", "2026-02-01", "--final", "2026-01-01", NULL);
  refused_unchanged (f, "medical due date 2026-02-30 is not a valid date", "jsmith", "compliance",
                     "medical", "PH-1", "2026-02-30", NULL);
  /* Only an officer records training. */
  refused_unchanged (f, "may not call", "internalaudit", "training", "record", "PH-1",
                     "--date", "2026-02-02", "--provider", "Safeguarding Ltd", NULL);

  /* Recording the training reinstates the licence at once. */
  g_free (docket_test_ok ("jsmith", "training", "record", "PH-1", "--date", "2026-02-02", "--provider",
              "Safeguarding Ltd", NULL));
  s = driver_status ("PH-1");
  g_assert_cmpstr (s, ==, "active");
  g_clear_pointer (&s, g_free);
  restart (f, "2026-02-10");
  s = driver_status ("PH-1");
  g_assert_cmpstr (s, ==, "active");
  g_clear_pointer (&s, g_free);
  g_assert_cmpint (count_rows (f, "SELECT COUNT(*) FROM training_holds WHERE lifted = '2026-02-03' "
                                  "AND lifted_by = 'training'"), ==, 1);
  page = obj_of (docket_test_ok ("jsmith", "--json", "training", "due", NULL));
  g_assert_cmpint (json_array_get_length (rows_of (page)), ==, 0);
}

/* The final date passes without training: the flag is referred by docketd
 * to the next hearing far enough ahead, decided there, and resolves itself
 * at the next audit run once the licence is revoked. */
static void
test_training_referral (Fixture *f, gconstpointer data)
{
  g_autofree char *h = NULL, *c = NULL, *s = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) o = NULL;
  JsonObject *flag;

  add_driver ("PH-3", "Cal Example");
  g_free (docket_test_ok ("jsmith", "training", "deadline", "PH-3", "2026-01-20", NULL));
  /* Too close for the notice period, then one with room. */
  docket_test_train ("commissioner", NULL);
  g_free (docket_test_ok ("jsmith", "hearing", "schedule", "--date", "2026-02-25", "--time", "10:00", "--venue",
              "Town Hall", "--decision-maker", "commissioner", NULL));
  o = obj_of (docket_test_ok ("jsmith", "--json", "hearing", "schedule", "--date", "2026-03-30", "--time", "10:00",
                  "--venue", "Town Hall", "--decision-maker", "commissioner", NULL));
  h = id_text (json_object_get_int_member (o, "hearing"));
  g_clear_pointer (&o, json_object_unref);

  restart (f, "2026-02-21");  /* the final date, 2026-02-19, has passed */
  s = driver_status ("PH-3");
  g_assert_cmpstr (s, ==, "suspended");
  g_clear_pointer (&s, g_free);
  page = obj_of (docket_test_ok ("jsmith", "--json", "flags", "list", "--licence", "PH-3", NULL));
  g_assert_cmpint (json_array_get_length (rows_of (page)), ==, 1);
  flag = json_array_get_object_element (rows_of (page), 0);
  g_assert_cmpstr (json_object_get_string_member (flag, "rule"), ==, "training");
  g_assert_cmpstr (json_object_get_string_member (flag, "status"), ==, "referred");
  g_assert_cmpstr (json_object_get_string_member (flag, "hearing-date"), ==, "2026-03-30");
  c = id_text (json_object_get_int_member (flag, "case"));
  g_clear_pointer (&page, json_object_unref);

  /* Heard and revoked; the revocation waits for the appeal period. */
  restart (f, "2026-03-30");
  g_free (docket_test_ok ("jsmith", "case", "attend", c, "--attendance", "attended", NULL));
  g_free (docket_test_ok ("commissioner", "case", "record", c, "--outcome", "revoked", "--reasons",
              "No safeguarding training after two deadlines", "--decided", "2026-03-30", NULL));
  g_free (docket_test_ok ("jsmith", "case", "notice", c, "--sent", "2026-03-30", NULL));
  restart (f, "2026-04-22");
  s = driver_status ("PH-3");
  g_assert_cmpstr (s, ==, "revoked");
  g_clear_pointer (&s, g_free);
  g_free (docket_test_ok ("jsmith", "audit", "run", NULL));
  page = obj_of (docket_test_ok ("jsmith", "--json", "flags", "list", "--licence", "PH-3", NULL));
  flag = json_array_get_object_element (rows_of (page), 0);
  g_assert_cmpstr (json_object_get_string_member (flag, "status"), ==, "resolved");
  g_assert_cmpstr (json_object_get_string_member (flag, "case-outcome"), ==, "revoked");
}

/* An audit run raises flags; one is referred to a hearing and decided, one
 * dismissed with a reason (and not raised again on the same evidence); the
 * run's figures count the referral and the revocation; all across restarts. */
static void
test_audit_run (Fixture *f, gconstpointer data)
{
  g_autofree char *h = NULL, *c = NULL, *s = NULL, *conv_flag = NULL, *compl_flag = NULL;
  g_autoptr(JsonObject) run = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(JsonNode) runs = NULL;
  g_autofree char *before = NULL, *after = NULL;

  /* Four licences: one clean, one with a recent violent conviction, one
   * with three complaints, one with an offence reported 5 days late. */
  for (int i = 1; i <= 4; i++)
    {
      g_autofree char *lic = g_strdup_printf ("PH-1%d", i);
      g_autofree char *name = g_strdup_printf ("Driver %d", i);
      add_driver (lic, name);
      g_free (docket_test_ok ("jsmith", "dbs", "record", lic, "--date", "2025-12-01", "--kind", "enhanced",
                  "--result", "clear", "--barred-lists", NULL));
    }
  g_free (docket_test_ok ("jsmith", "driver", "conviction", "add", "PH-12", "--date", "2023-05-01", "--offence",
              "Common assault", "--category", "violence", NULL));
  /* A motoring conviction beyond its 5 years does not count. */
  g_free (docket_test_ok ("jsmith", "driver", "conviction", "add", "PH-11", "--date", "2019-05-01", "--offence",
              "Speeding", "--category", "motoring", NULL));
  for (int i = 0; i < 3; i++)
    g_free (docket_test_ok ("jsmith", "driver", "note", "add", "PH-13", "--kind", "complaint", "--text",
                "Passenger complaint", "--date", "2025-10-01", NULL));
  g_free (docket_test_ok ("jsmith", "driver", "conviction", "add", "PH-14", "--date", "2025-11-01", "--kind", "arrest",
              "--offence", "Arrested on suspicion of theft", "--category", "dishonesty",
              "--reported", "2025-11-06", NULL));

  run = obj_of (docket_test_ok ("jsmith", "--json", "audit", "run", NULL));
  g_assert_cmpint (json_object_get_int_member (run, "audited"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (run, "in-breach"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (run, "meeting"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (run, "raised"), ==, 3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (run, "adherence-percent"), 25.0, 0.01);
  g_clear_pointer (&run, json_object_unref);

  page = obj_of (docket_test_ok ("jsmith", "--json", "flags", "list", "--rule", "convictions", NULL));
  g_assert_cmpint (json_array_get_length (rows_of (page)), ==, 1);
  {
    JsonObject *fl = json_array_get_object_element (rows_of (page), 0);
    g_assert_cmpstr (json_object_get_string_member (fl, "licence"), ==, "PH-12");
    /* The evidence holds no sensitive value: no offence, no category. */
    g_assert_cmpstr (json_object_get_string_member (fl, "evidence"), ==,
                     "1 conviction or caution within the policy's look-back periods");
    conv_flag = id_text (json_object_get_int_member (fl, "id"));
  }
  g_clear_pointer (&page, json_object_unref);
  page = obj_of (docket_test_ok ("jsmith", "--json", "flags", "list", "--rule", "self-report", NULL));
  g_assert_cmpint (json_array_get_length (rows_of (page)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows_of (page), 0), "evidence"),
                   ==, "1 offence reported more than 48 hours after the event");
  g_clear_pointer (&page, json_object_unref);
  page = obj_of (docket_test_ok ("jsmith", "--json", "flags", "list", "--rule", "complaints", NULL));
  compl_flag = id_text (json_object_get_int_member (json_array_get_object_element (rows_of (page), 0), "id"));
  g_clear_pointer (&page, json_object_unref);

  /* The register lists the flagged licences. */
  {
    g_autoptr(JsonObject) list = obj_of (docket_test_ok ("jsmith", "--json", "driver", "list", "--flagged", NULL));
    g_assert_cmpint (json_object_get_int_member (list, "total"), ==, 3);
  }

  /* Dismissing needs a reason; nothing changes without one. */
  refused_unchanged (f, "reason is required", "jsmith", "flags", "dismiss", compl_flag, NULL);
  refused_unchanged (f, "Flag 999: no such flag", "jsmith", "flags", "dismiss", "999", "--reason", "x", NULL);
  g_free (docket_test_ok ("jsmith", "flags", "dismiss", compl_flag, "--reason",
              "The complaints were investigated and not upheld", NULL));
  refused_unchanged (f, "is dismissed: only an open flag can be referred", "jsmith", "flags", "refer",
                     compl_flag, "--hearing", "1", NULL);
  o = obj_of (docket_test_ok ("jsmith", "--json", "flags", "show", compl_flag, NULL));
  g_assert_cmpstr (json_object_get_string_member (o, "reason"), ==, "The complaints were investigated and not upheld");
  g_assert_cmpstr (json_object_get_string_member (o, "status-by"), ==, "jsmith");
  g_clear_pointer (&o, json_object_unref);
  /* The reason is read only by those who may read sensitive data. */
  s = docket_test_refused ("internalaudit", "flags", "show", compl_flag, NULL);
  g_assert_nonnull (strstr (s, "may not call"));
  g_clear_pointer (&s, g_free);

  /* Refer the conviction flag to a hearing. */
  docket_test_train ("commissioner", NULL);
  o = obj_of (docket_test_ok ("jsmith", "--json", "hearing", "schedule", "--date", "2026-02-10", "--time", "10:00",
                  "--venue", "Town Hall", "--decision-maker", "commissioner", NULL));
  h = id_text (json_object_get_int_member (o, "hearing"));
  g_clear_pointer (&o, json_object_unref);
  refused_unchanged (f, "Hearing 77", "jsmith", "flags", "refer", conv_flag, "--hearing", "77", NULL);
  o = obj_of (docket_test_ok ("jsmith", "--json", "flags", "refer", conv_flag, "--hearing", h, "--notified", "2026-01-10",
                  "--reason", "Recent violence", NULL));
  c = id_text (json_object_get_int_member (o, "case"));
  g_clear_pointer (&o, json_object_unref);
  o = obj_of (docket_test_ok ("jsmith", "--json", "case", "show", c, "--sensitive", NULL));
  g_assert_nonnull (strstr (json_object_get_string_member (o, "grounds"), "Audit flag"));
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "review");
  g_clear_pointer (&o, json_object_unref);
  refused_unchanged (f, "is referred: only an open flag can be referred", "jsmith", "flags", "refer",
                     conv_flag, "--hearing", h, NULL);
  refused_unchanged (f, "is still to be decided", "jsmith", "flags", "dismiss", conv_flag,
                     "--reason", "Changed my mind", NULL);

  /* A second run the next day: nothing new; the dismissed flag stays down. */
  restart (f, "2026-01-11");
  run = obj_of (docket_test_ok ("jsmith", "--json", "audit", "run", NULL));
  g_assert_cmpint (json_object_get_int_member (run, "raised"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (run, "in-breach"), ==, 2);
  g_clear_pointer (&run, json_object_unref);

  /* Decided at the hearing: revoked; effective after the appeal period. */
  restart (f, "2026-02-10");
  g_free (docket_test_ok ("jsmith", "case", "attend", c, "--attendance", "attended", NULL));
  g_free (docket_test_ok ("commissioner", "case", "record", c, "--outcome", "revoked", "--reasons",
              "Violence within the look-back period", "--decided", "2026-02-10", NULL));
  g_free (docket_test_ok ("jsmith", "case", "notice", c, "--sent", "2026-02-10", NULL));
  restart (f, "2026-03-05");
  s = driver_status ("PH-12");
  g_assert_cmpstr (s, ==, "revoked");
  g_clear_pointer (&s, g_free);

  /* The revoked licence's flag resolved when docketd caught up. */
  page = obj_of (docket_test_ok ("jsmith", "--json", "flags", "list", "--licence", "PH-12", NULL));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows_of (page), 0), "status"),
                   ==, "resolved");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows_of (page), 0), "status-by"),
                   ==, "system");
  g_clear_pointer (&page, json_object_unref);
  run = obj_of (docket_test_ok ("jsmith", "--json", "audit", "run", NULL));
  g_assert_cmpint (json_object_get_int_member (run, "audited"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (run, "resolved"), ==, 0);
  g_clear_pointer (&run, json_object_unref);

  /* The first run's figures now count the referral and its revocation. */
  runs = json_of (docket_test_ok ("internalaudit", "--json", "audit", "runs", NULL));
  {
    JsonArray *a = json_node_get_array (runs);
    JsonObject *first = json_array_get_object_element (a, json_array_get_length (a) - 1);
    g_assert_cmpint (json_array_get_length (a), ==, 3);
    g_assert_cmpint (json_object_get_int_member (first, "referred"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (first, "revoked"), ==, 1);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (first, "revoked-percent"), 100.0, 0.01);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (first, "referred-percent"), 100.0 / 3, 0.01);
  }
  page = obj_of (docket_test_ok ("jsmith", "--json", "flags", "list", "--licence", "PH-12", NULL));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows_of (page), 0), "status"),
                   ==, "resolved");
  g_clear_pointer (&page, json_object_unref);

  /* The statistics per run and per month. */
  runs = (json_node_unref (runs), json_of (docket_test_ok ("internalaudit", "--json", "stats", "--compliance", "--by", "run",
                                               "--from", "2026-01", "--to", "2026-03", NULL)));
  g_assert_cmpint (json_array_get_length (json_node_get_array (runs)), ==, 3);
  json_node_unref (runs);
  runs = json_of (docket_test_ok ("internalaudit", "--json", "stats", "--compliance", "--from", "2026-01", "--to", "2026-03", NULL));
  {
    JsonArray *a = json_node_get_array (runs);
    JsonObject *jan = json_array_get_object_element (a, 0), *mar = json_array_get_object_element (a, 2);
    g_assert_cmpint (json_array_get_length (a), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (jan, "month"), ==, "2026-01");
    g_assert_cmpint (json_object_get_int_member (jan, "flags-raised"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (jan, "flags-referred"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (jan, "audited"), ==, 4);
    g_assert_cmpint (json_object_get_int_member (mar, "audited"), ==, 3);
  }
  /* Bad figures queries. */
  s = docket_test_refused ("internalaudit", "stats", "--compliance", "--from", "2026-13", NULL);
  g_assert_nonnull (strstr (s, "from 2026-13 is not a month"));
  g_clear_pointer (&s, g_free);
  g_clear_pointer (&runs, json_node_unref);

  /* A restart on the same day changes nothing. */
  before = docket_test_fingerprint (f->state);
  restart (f, "2026-03-05");
  after = docket_test_fingerprint (f->state);
  g_assert_cmpstr (before, ==, after);
}

/* The DBS queue: never checked and overdue first, then those due soon;
 * a check recorded moves a driver off; results are sensitive. */
static void
test_dbs_due (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autofree char *out = NULL, *log = NULL;
  JsonArray *rows;

  add_driver ("PH-21", "Dee Example");
  add_driver ("PH-22", "Eve Example");
  add_driver ("PH-23", "Fay Example");
  g_free (docket_test_ok ("jsmith", "dbs", "record", "PH-21", "--date", "2025-06-01", "--kind", "enhanced",
              "--result", "clear", "--barred-lists", "--certificate", "001234567890", NULL));
  g_free (docket_test_ok ("jsmith", "dbs", "record", "PH-22", "--date", "2025-08-15", "--kind", "update-service",
              "--result", "clear", NULL));

  page = obj_of (docket_test_ok ("jsmith", "--json", "dbs", "due", NULL));
  rows = rows_of (page);
  g_assert_cmpint (json_array_get_length (rows), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "licence"), ==, "PH-23");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (rows, 0), "overdue"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 1), "licence"), ==, "PH-21");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 1), "due"), ==, "2025-12-01");
  g_clear_pointer (&page, json_object_unref);

  /* Bad input: each refused, nothing changed. */
  refused_unchanged (f, "Licence PH-99: no such driver", "jsmith", "dbs", "record", "PH-99", "--date",
                     "2026-01-02", "--kind", "enhanced", "--result", "clear", NULL);
  refused_unchanged (f, "DBS result 'maybe' is not one of", "jsmith", "dbs", "record", "PH-21", "--date",
                     "2026-01-02", "--kind", "enhanced", "--result", "maybe", NULL);
  refused_unchanged (f, "DBS check date 2026-02-01 is in the future", "jsmith", "dbs", "record", "PH-21",
                     "--date", "2026-02-01", "--kind", "enhanced", "--result", "clear", NULL);
  refused_unchanged (f, "DBS check kind is required", "jsmith", "dbs", "record", "PH-21",
                     "--date", "2026-01-02", "--result", "clear", NULL);

  /* A month on, PH-22's check falls due within 10 days. */
  restart (f, "2026-02-10");
  page = obj_of (docket_test_ok ("jsmith", "--json", "dbs", "due", "--within", "10", NULL));
  rows = rows_of (page);
  g_assert_cmpint (json_array_get_length (rows), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 2), "licence"), ==, "PH-22");
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (rows, 2), "overdue"));
  g_clear_pointer (&page, json_object_unref);
  page = obj_of (docket_test_ok ("jsmith", "--json", "dbs", "due", "--overdue", NULL));
  g_assert_cmpint (json_array_get_length (rows_of (page)), ==, 2);
  g_clear_pointer (&page, json_object_unref);

  g_free (docket_test_ok ("jsmith", "dbs", "record", "PH-21", "--date", "2026-01-19", "--kind", "update-service",
              "--result", "information", NULL));
  page = obj_of (docket_test_ok ("jsmith", "--json", "dbs", "due", "--overdue", NULL));
  g_assert_cmpint (json_array_get_length (rows_of (page)), ==, 1);
  g_clear_pointer (&page, json_object_unref);

  /* Results only with --sensitive, and that reading is audited. */
  o = obj_of (docket_test_ok ("jsmith", "--json", "compliance", "show", "PH-21", NULL));
  g_assert_false (json_object_has_member (json_array_get_object_element (json_object_get_array_member (o, "dbs-checks"), 0), "result"));
  g_assert_cmpstr (json_object_get_string_member (o, "dbs-due"), ==, "2026-07-19");
  g_clear_pointer (&o, json_object_unref);
  o = obj_of (docket_test_ok ("jsmith", "--json", "compliance", "show", "PH-21", "--sensitive", NULL));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (o, "dbs-checks"), 1), "result"), ==, "information");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (o, "dbs-checks"), 0), "certificate"), ==, "001234567890");
  log = docket_test_ok ("internalaudit", "audit", "log", "--action", "dbs.read", NULL);
  g_assert_nonnull (strstr (log, "PH-21"));
  out = docket_test_refused ("internalaudit", "compliance", "show", "PH-21", "--sensitive", NULL);
  g_assert_nonnull (strstr (out, "may not call"));

  /* The audit flags the result that needs review and the missing checks. */
  g_clear_pointer (&o, json_object_unref);
  o = obj_of (docket_test_ok ("jsmith", "--json", "audit", "run", NULL));
  g_clear_pointer (&page, json_object_unref);
  page = obj_of (docket_test_ok ("jsmith", "--json", "flags", "list", "--rule", "dbs-result", NULL));
  g_assert_cmpint (json_array_get_length (rows_of (page)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows_of (page), 0), "evidence"),
                   ==, "the DBS check of 2026-01-19 needs review");
  g_clear_pointer (&page, json_object_unref);
  page = obj_of (docket_test_ok ("jsmith", "--json", "flags", "list", "--rule", "dbs-enhanced", NULL));
  g_assert_cmpint (json_array_get_length (rows_of (page)), ==, 2);  /* PH-22, PH-23 */
}

/* Settings that make no sense stop docketd, naming the setting. */
static void
test_bad_settings (void)
{
  static const struct { const char *text, *message; } cases[] = {
    { "[policy]\ndbs-update-months=12\n", "[policy] dbs-update-months: give a number of months" },
    { "[policy]\nrules=training;phases-of-the-moon\n", "[policy] rules: phases-of-the-moon is not a rule" },
    { "[policy]\nlookback-sexual=lots\n", "[policy] lookback-sexual: give a number of years" },
    { "[policy]\ncomplaints-threshold=0\n", "[policy] complaints-threshold" },
    { "[policy]\nself-report-hours=2\n", "[policy] self-report-hours" },
    { "[policy]\nexpire-licences=perhaps\n", "[policy] expire-licences: give true or false" },
    { "[policy]\naudit-every=7\n", "[policy] audit-every: unknown setting" },
  };
  g_autofree char *dir = docket_test_make_dir ("badconf");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *conf = g_build_filename (dir, "docketd.conf", NULL);
      g_autofree char *state = g_build_filename (dir, "state", NULL);
      g_autofree char *err = NULL;
      const char *args[] = { "--config", conf, NULL };
      int status;

      g_assert_true (g_file_set_contents (conf, cases[i].text, -1, NULL));
      status = docket_test_daemon_run (state, args, &err);
      g_assert_cmpint (status, !=, 0);
      if (strstr (err, cases[i].message) == NULL)
        g_error ("expected '%s' in: %s", cases[i].message, err);
      /* Nothing was created. */
      {
        g_autofree char *db = g_build_filename (state, "docket.db", NULL);
        g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
      }
    }
  docket_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/compliance/training-cycle", Fixture, NULL, setup, test_training_cycle, teardown);
  g_test_add ("/compliance/training-referral", Fixture, NULL, setup, test_training_referral, teardown);
  g_test_add ("/compliance/audit-run", Fixture, NULL, setup, test_audit_run, teardown);
  g_test_add ("/compliance/dbs-due", Fixture, NULL, setup, test_dbs_due, teardown);
  g_test_add_func ("/compliance/bad-settings", test_bad_settings);
  return g_test_run ();
}
