/* The hearing workflow through the real docketd and docketctl: whole
 * hearings in both decision modes, the statutory timings across restarts,
 * bad input refused with nothing changed, and the statistics against
 * hand-counted figures. DOCKET_TODAY fixes the daemon's date. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "docket-dbus-generated.h"
#include "docket-error.h"
#include "docket-names.h"
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
  "decision-maker=commissioner;chairx\n"
  "board-member=chair;member1;member2;member3\n"
  "auditor=internalaudit\n"
  "[hearings]\n"
  "notice-days=14\n"
  "[authority]\n"
  "name=Test Borough Council\n"
  "contact=Licensing, Town Hall\n";

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
  f->dir = docket_test_make_dir ("hearings");
  f->state = g_build_filename (f->dir, "state", NULL);
  f->conf = g_build_filename (f->dir, "docketd.conf", NULL);
  g_assert_true (g_file_set_contents (f->conf, conf_text, -1, NULL));
  start_daemon (f, data ? data : "2016-03-20");
  docket_test_train ("commissioner", "chairx", "chair", "member1", "member2", "member3", NULL);
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

static JsonObject *
json_of (char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *obj;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  obj = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  g_free (text);
  return obj;
}

static const char *
str_member (JsonObject *obj, const char *key)
{
  return json_object_has_member (obj, key) ? json_object_get_string_member (obj, key) : NULL;
}

static char *
driver_status (const char *licence)
{
  g_autoptr(JsonObject) d = json_of (docket_test_ok ("jsmith", "--json", "driver", "show", licence, NULL));
  return g_strdup (str_member (d, "status"));
}

/* The sentences of the licence's pending changes, joined. */
static char *
driver_pending (const char *licence)
{
  g_autoptr(JsonObject) d = json_of (docket_test_ok ("jsmith", "--json", "driver", "show", licence, NULL));
  JsonArray *pending = json_object_get_array_member (d, "pending");
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (pending); i++)
    g_string_append_printf (s, "%s;", json_object_get_string_member (json_array_get_object_element (pending, i), "text"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gint64
new_id (const char *key, char *json)
{
  g_autoptr(JsonObject) o = json_of (json);
  return json_object_get_int_member (o, key);
}

static char *
id_text (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static void
add_driver (const char *licence, const char *name, const char *status)
{
  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", licence, "--kind", "hackney", "--name", name,
              "--status", status, "--ni-number", "AB123456C", "--dob", "1980-01-02",
              "--address", "1 High Street, Town", NULL));
}

/* A whole hearing with a sole decision-maker, from scheduling to the
 * appeal results, with the 21 days, an appeal in time, a late appeal and
 * the end of a suspension checked across restarts. */
static void
test_sole_hearing (Fixture *f, gconstpointer data)
{
  g_autofree char *warn = NULL, *err = NULL, *out = NULL, *s = NULL;
  g_autofree char *h = NULL, *c1 = NULL, *c2 = NULL, *c3 = NULL;
  g_autoptr(JsonObject) o = NULL;
  JsonArray *a;

  add_driver ("L1", "Ann Example", "active");
  add_driver ("L2", "Bob Example", "applicant");
  add_driver ("L3", "Cat Example", "active");
  add_driver ("L4", "Dan Example", "active");

  h = id_text (new_id ("hearing", docket_test_ok ("jsmith", "--json", "hearing", "schedule", "--date", "2016-03-01",
                                      "--time", "10:00", "--venue", "Town Hall", "--decision-maker",
                                      "commissioner", "--board", "chair,member1", "--capacity", "3", NULL)));
  /* Told 4 days ahead: listed, with a warning about the notice period. */
  warn = docket_test_ok_warned ("jsmith", "hearing", "add-case", h, "L1", "--kind", "review", "--grounds",
                    "Complaints from passengers", "--report", "The officer's report", "--notified",
                    "2016-02-26", NULL);
  g_assert_nonnull (strstr (warn, "warning: the driver was told of the hearing 4 days ahead; the notice period is 14 days"));
  o = json_of (docket_test_ok ("jsmith", "--json", "hearing", "show", h, NULL));
  c1 = id_text (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (o, "cases"), 0), "id"));
  g_clear_pointer (&o, json_object_unref);
  c2 = id_text (new_id ("case", docket_test_ok ("jsmith", "--json", "hearing", "add-case", h, "L2", "--kind", "application",
                                    "--grounds", "Two cautions", "--notified", "2016-02-01", NULL)));
  c3 = id_text (new_id ("case", docket_test_ok ("jsmith", "--json", "hearing", "add-case", h, "L3", "--kind", "review",
                                    "--grounds", "Safeguarding training not done", "--notified", "2016-02-01", NULL)));
  /* Full: a fourth case is refused. */
  err = docket_test_refused ("jsmith", "hearing", "add-case", h, "L4", "--kind", "review", "--grounds", "x", NULL);
  g_assert_nonnull (strstr (err, "is full: it lists 3 of 3 cases"));

  /* At the hearing. */
  g_free (docket_test_ok ("jsmith", "hearing", "presence", h, "member1", NULL));
  g_free (docket_test_ok ("member1", "case", "declare", c1, "--member", "member1", "--interest", "Knows the driver's family", NULL));
  g_free (docket_test_ok ("member1", "case", "advise", c1, "--advice", "The complaints are serious; I advise revocation", NULL));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("chair", "case", "advise", c1, "--advice", "x", NULL);
  g_assert_nonnull (strstr (err, "chair is not recorded as present"));
  g_free (docket_test_ok ("jsmith", "case", "attend", c1, "--attendance", "did-not-attend", NULL));
  g_free (docket_test_ok ("commissioner", "case", "attend", c2, "--attendance", "attended", NULL));
  g_free (docket_test_ok ("jsmith", "case", "attend", c3, "--attendance", "represented", NULL));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("member1", "case", "record", c1, "--outcome", "revoked", "--reasons", "x", NULL);
  g_assert_nonnull (strstr (err, "only the hearing's decision-maker (commissioner) decides, not member1"));

  g_free (docket_test_ok ("commissioner", "case", "record", c1, "--outcome", "revoked", "--reasons",
              "Repeated complaints of unsafe driving", "--alternatives", "A suspension: rejected",
              "--safeguarding", "--decided", "2016-03-01", NULL));
  /* A grant needs a search of the national register first (2022 Act s.3);
   * one made more than 90 days before does not count. */
  g_clear_pointer (&err, g_free);
  g_free (docket_test_ok ("jsmith", "nr3s", "search", "L2", "--result", "no-match", "--date", "2015-11-30", NULL));
  err = docket_test_refused ("commissioner", "case", "record", c2, "--outcome", "granted", "--reasons", "Cautions spent",
                             "--expires", "2019-03-01", "--decided", "2016-03-01", NULL);
  g_assert_nonnull (strstr (err, "no search of the national register (NR3S) for licence L2 is recorded in the 90 "
                                 "days up to 2016-03-01; a grant or renewal needs one (2022 Act s.3)"));
  g_free (docket_test_ok ("jsmith", "nr3s", "search", "L2", "--result", "no-match", "--date", "2016-03-01", NULL));
  g_free (docket_test_ok ("commissioner", "case", "record", c2, "--outcome", "granted", "--reasons", "Cautions spent",
              "--expires", "2019-03-01", "--decided", "2016-03-01", NULL));
  g_free (docket_test_ok ("commissioner", "case", "record", c3, "--outcome", "suspended", "--until", "2016-06-30",
              "--reasons", "Until the training is done", "--decided", "2016-03-01", NULL));
  g_free (docket_test_ok ("commissioner", "hearing", "lock", h, NULL));

  /* A grant is at once; a revocation and a suspension wait. */
  s = driver_status ("L2");
  g_assert_cmpstr (s, ==, "active");
  g_clear_pointer (&s, g_free);
  s = driver_status ("L1");
  g_assert_cmpstr (s, ==, "active");
  g_clear_pointer (&s, g_free);
  s = driver_pending ("L1");
  g_assert_cmpstr (s, ==, "revocation takes effect 21 days after the statement of decision is sent, unless appealed;");
  g_clear_pointer (&s, g_free);

  /* The statement of decision, then sent: the 21 days run. */
  out = docket_test_ok ("jsmith", "case", "notice", c1, NULL);
  g_assert_nonnull (strstr (out, "STATEMENT OF DECISION"));
  g_assert_nonnull (strstr (out, "Test Borough Council"));
  g_assert_nonnull (strstr (out, "The licence is revoked."));
  g_assert_nonnull (strstr (out, "Repeated complaints of unsafe driving"));
  g_assert_nonnull (strstr (out, "A suspension: rejected"));
  g_assert_nonnull (strstr (out, "member1 declared: Knows the driver's family"));
  g_assert_nonnull (strstr (out, "magistrates' court within 21 days"));
  g_assert_nonnull (strstr (out, "did not attend"));
  g_free (docket_test_ok ("jsmith", "case", "notice", c1, "--sent", "2016-03-02", NULL));
  g_free (docket_test_ok ("jsmith", "case", "notice", c3, "--sent", "2016-03-02", NULL));
  s = driver_pending ("L1");
  g_assert_cmpstr (s, ==, "revocation takes effect on 2016-03-23 unless appealed;");
  g_clear_pointer (&s, g_free);
  {
    g_autofree char *pdf = g_build_filename (f->dir, "notice.pdf", NULL);
    g_autofree char *bytes = NULL;
    gsize len;
    g_free (docket_test_ok ("jsmith", "case", "notice", c1, "--pdf", pdf, NULL));
    g_assert_true (g_file_get_contents (pdf, &bytes, &len, NULL));
    g_assert_true (g_str_has_prefix (bytes, "%PDF-"));
    g_assert_cmpuint (len, >, 2000);
  }

  /* The register entry: 5 working days from Wednesday 2 March. */
  o = json_of (g_strdup_printf ("{\"e\":%s}", out = docket_test_ok ("jsmith", "--json", "nr3s", "list", NULL)));
  g_clear_pointer (&out, g_free);
  a = json_object_get_array_member (o, "e");
  g_assert_cmpuint (json_array_get_length (a), ==, 1);
  g_assert_cmpstr (str_member (json_array_get_object_element (a, 0), "licence"), ==, "L1");
  g_assert_cmpstr (str_member (json_array_get_object_element (a, 0), "deadline"), ==, "2016-03-09");
  g_assert_cmpstr (str_member (json_array_get_object_element (a, 0), "decision"), ==, "revoked");
  g_clear_pointer (&o, json_object_unref);
  /* One licence's entries, as a subject access export reads them. */
  o = json_of (g_strdup_printf ("{\"e\":%s}", out = docket_test_ok ("jsmith", "--json", "nr3s", "list", "--licence",
                                                                   "L1", NULL)));
  g_clear_pointer (&out, g_free);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "e")), ==, 1);
  g_clear_pointer (&o, json_object_unref);
  o = json_of (g_strdup_printf ("{\"e\":%s}", out = docket_test_ok ("jsmith", "--json", "nr3s", "list", "--licence",
                                                                   "L3", NULL)));
  g_clear_pointer (&out, g_free);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "e")), ==, 0);
  g_clear_pointer (&o, json_object_unref);

  /* An appeal in time holds the suspension back. */
  g_free (docket_test_ok ("jsmith", "case", "appeal", c3, "--lodged", "2016-03-15", "--court",
              "Town Magistrates' Court", NULL));

  /* A day before the period ends nothing changes; on the day, the
   * revocation takes effect, done by the system, even though docketd was
   * not running on the day. */
  restart (f, "2016-03-22");
  s = driver_status ("L1");
  g_assert_cmpstr (s, ==, "active");
  g_clear_pointer (&s, g_free);
  restart (f, "2016-04-30");
  s = driver_status ("L1");
  g_assert_cmpstr (s, ==, "revoked");
  g_clear_pointer (&s, g_free);
  {
    g_autoptr(JsonObject) d = json_of (docket_test_ok ("jsmith", "--json", "driver", "show", "L1", NULL));
    JsonArray *history = json_object_get_array_member (d, "history");
    JsonObject *last = json_array_get_object_element (history, json_array_get_length (history) - 1);
    g_assert_cmpstr (str_member (last, "user"), ==, "system");
    g_assert_cmpstr (str_member (last, "to"), ==, "revoked");
  }
  s = driver_status ("L3");
  g_assert_cmpstr (s, ==, "active");
  g_clear_pointer (&s, g_free);
  s = driver_pending ("L3");
  g_assert_cmpstr (s, ==, "suspension waits for the appeal lodged on 2016-03-15;suspension ends on 2016-06-30;");
  g_clear_pointer (&s, g_free);
  /* Applying again changes nothing. */
  restart (f, "2016-04-30");
  {
    g_autoptr(JsonObject) d = json_of (docket_test_ok ("jsmith", "--json", "driver", "show", "L1", NULL));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (d, "history")), ==, 2);
  }

  /* The appeal is dismissed: the suspension takes effect on that day. */
  g_free (docket_test_ok ("jsmith", "case", "appeal", c3, "--result", "dismissed", "--result-date", "2016-04-28", NULL));
  s = driver_status ("L3");
  g_assert_cmpstr (s, ==, "suspended");
  g_clear_pointer (&s, g_free);

  /* A late appeal against the revocation is recorded, flagged, and holds
   * nothing back; allowed, it restores the licence and the register. */
  g_clear_pointer (&warn, g_free);
  warn = docket_test_ok_warned ("jsmith", "case", "appeal", c1, "--lodged", "2016-04-01", NULL);
  g_assert_nonnull (strstr (warn, "lodged 30 days after the statement of decision was sent, outside the 21 days"));
  s = driver_status ("L1");
  g_assert_cmpstr (s, ==, "revoked");
  g_clear_pointer (&s, g_free);
  g_free (docket_test_ok ("jsmith", "case", "appeal", c1, "--result", "allowed", NULL));
  s = driver_status ("L1");
  g_assert_cmpstr (s, ==, "active");
  g_clear_pointer (&s, g_free);
  o = json_of (g_strdup_printf ("{\"e\":%s}", out = docket_test_ok ("jsmith", "--json", "nr3s", "list", NULL)));
  g_clear_pointer (&out, g_free);
  a = json_object_get_array_member (o, "e");
  g_assert_cmpstr (str_member (json_array_get_object_element (a, 0), "state"), ==, "overturned");
  g_assert_nonnull (strstr (str_member (json_array_get_object_element (a, 0), "changes"), "2016-04-30 appeal allowed"));
  g_assert_cmpstr (str_member (json_array_get_object_element (a, 0), "effective"), ==, "2016-03-23");
  g_clear_pointer (&o, json_object_unref);

  /* The suspension ends on its end date, across a restart. */
  restart (f, "2016-06-29");
  s = driver_status ("L3");
  g_assert_cmpstr (s, ==, "suspended");
  g_clear_pointer (&s, g_free);
  restart (f, "2016-07-04");
  s = driver_status ("L3");
  g_assert_cmpstr (s, ==, "active");
  g_clear_pointer (&s, g_free);

  /* The export holds the identifiers the register needs. */
  {
    g_autofree char *csv = docket_test_ok ("jsmith", "nr3s", "export", "--csv", "-", NULL);
    g_assert_true (g_str_has_prefix (csv, "entry,full_name,date_of_birth,home_address,ni_number,"));
    g_assert_nonnull (strstr (csv, "Ann Example,1980-01-02,\"1 High Street, Town\",AB123456C,"));
    g_assert_nonnull (strstr (csv, "Test Borough Council"));
  }
}

/* A panel that votes: presence, a prejudicial interest, a majority, a
 * tie broken by the chair, immediate effect, a correction, an appeal
 * varied by the court. */
static void
test_panel_hearing (Fixture *f, gconstpointer data)
{
  g_autofree char *h = NULL, *ca = NULL, *cb = NULL, *cc = NULL, *err = NULL, *s = NULL;
  const char *members[] = { "chairx", "member1", "member2", "member3" };

  add_driver ("P1", "Pat One", "active");
  add_driver ("P2", "Pat Two", "active");
  add_driver ("P3", "Pat Three", "applicant");
  h = id_text (new_id ("hearing", docket_test_ok ("jsmith", "--json", "hearing", "schedule", "--date", "2016-05-10",
                                      "--time", "14:00", "--venue", "Committee Room 1", "--decision-maker",
                                      "chairx", "--board", "member1,member2,member3", "--mode", "panel", NULL)));
  ca = id_text (new_id ("case", docket_test_ok ("jsmith", "--json", "hearing", "add-case", h, "P1", "--kind", "review",
                                    "--grounds", "Assault conviction", "--notified", "2016-04-01", NULL)));
  cb = id_text (new_id ("case", docket_test_ok ("jsmith", "--json", "hearing", "add-case", h, "P2", "--kind", "review",
                                    "--grounds", "Overcharging", "--notified", "2016-04-01", NULL)));
  cc = id_text (new_id ("case", docket_test_ok ("jsmith", "--json", "hearing", "add-case", h, "P3", "--kind", "application",
                                    "--grounds", "New applicant with a spent conviction", "--notified", "2016-04-01", NULL)));
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    g_free (docket_test_ok (members[i], "hearing", "presence", h, members[i], NULL));
  for (const char **c = (const char *[]) { ca, cb, cc, NULL }; *c; c++)
    g_free (docket_test_ok ("jsmith", "case", "attend", *c, "--attendance", "attended", NULL));

  /* Case A: member3 has a prejudicial interest and takes no part. */
  g_free (docket_test_ok ("member3", "case", "declare", ca, "--member", "member3", "--interest", "Neighbour", "--prejudicial", NULL));
  err = docket_test_refused ("member3", "case", "vote", ca, "--outcome", "revoked", NULL);
  g_assert_nonnull (strstr (err, "member3 declared a prejudicial interest and takes no part"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("chairx", "case", "advise", ca, "--advice", "x", NULL);
  g_assert_nonnull (strstr (err, "decides as a panel"));
  g_free (docket_test_ok ("chairx", "case", "vote", ca, "--outcome", "revoked", "--immediate", NULL));
  g_free (docket_test_ok ("member1", "case", "vote", ca, "--outcome", "revoked", "--immediate", NULL));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("chairx", "case", "record", ca, "--outcome", "revoked", "--reasons", "x", NULL);
  g_assert_nonnull (strstr (err, "waiting for member2"));
  g_free (docket_test_ok ("member2", "case", "vote", ca, "--outcome", "suspended", "--until", "2016-08-01", NULL));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("chairx", "case", "record", ca, "--outcome", "suspended", "--until", "2016-08-01",
                 "--reasons", "x", NULL);
  g_assert_nonnull (strstr (err, "the panel voted for revoked with immediate effect (1 suspended until "
                                 "2016-08-01, 2 revoked with immediate effect), not suspended until 2016-08-01"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("chairx", "case", "record", ca, "--outcome", "revoked", "--reasons", "x", "--immediate", NULL);
  g_assert_nonnull (strstr (err, "needs a written justification"));
  g_free (docket_test_ok ("chairx", "case", "record", ca, "--outcome", "revoked", "--reasons", "Violence against a passenger",
              "--immediate", "--justification", "A continuing risk to passengers", "--safeguarding", NULL));
  /* s61(2B): immediate effect waits for the notice to be given. */
  s = driver_status ("P1");
  g_assert_cmpstr (s, ==, "active");
  g_clear_pointer (&s, g_free);
  s = driver_pending ("P1");
  g_assert_cmpstr (s, ==, "revocation takes effect when the statement is given (immediate effect in the "
                          "interests of public safety);");
  g_clear_pointer (&s, g_free);

  /* Case B: 2 against 2; the chair's casting vote decides. */
  g_free (docket_test_ok ("chairx", "case", "vote", cb, "--outcome", "warning", NULL));
  g_free (docket_test_ok ("member1", "case", "vote", cb, "--outcome", "no-action", NULL));
  g_free (docket_test_ok ("member2", "case", "vote", cb, "--outcome", "warning", NULL));
  g_free (docket_test_ok ("member3", "case", "vote", cb, "--outcome", "no-action", NULL));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("chairx", "case", "record", cb, "--outcome", "no-action", "--reasons", "x", NULL);
  g_assert_nonnull (strstr (err, "voted for warning"));
  g_free (docket_test_ok ("chairx", "case", "record", cb, "--outcome", "warning", "--reasons", "Fares overcharged twice", NULL));

  /* Case C: a member may not record; an officer records the majority. */
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    g_free (docket_test_ok (members[i], "case", "vote", cc, "--outcome", "granted", NULL));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("member1", "case", "record", cc, "--outcome", "granted", "--reasons", "x", NULL);
  g_assert_nonnull (strstr (err, "recorded by its chair (chairx) or a licensing officer, not member1"));
  g_free (docket_test_ok ("jsmith", "nr3s", "search", "P3", "--result", "match", "--authority", "Leeds City Council",
                          "--details", "A suspension in 2014, since lifted", NULL));
  g_free (docket_test_ok ("jsmith", "case", "record", cc, "--outcome", "granted", "--reasons", "Conviction spent", NULL));
  s = driver_status ("P3");
  g_assert_cmpstr (s, ==, "active");
  g_clear_pointer (&s, g_free);

  /* A correction is a new version; the first stays. */
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("chairx", "case", "record", cb, "--outcome", "warning", "--reasons", "Fares overcharged three times", NULL);
  g_assert_nonnull (strstr (err, "already has a decision (version 1: warning)"));
  g_free (docket_test_ok ("chairx", "case", "record", cb, "--outcome", "warning", "--reasons", "Fares overcharged three times",
              "--correction", "The number of incidents was wrong", NULL));
  {
    g_autoptr(JsonObject) c = json_of (docket_test_ok ("chairx", "--json", "case", "show", cb, "--sensitive", NULL));
    JsonArray *versions = json_object_get_array_member (c, "decisions");
    g_assert_cmpuint (json_array_get_length (versions), ==, 2);
    g_assert_cmpstr (str_member (json_array_get_object_element (versions, 0), "reasons"), ==, "Fares overcharged twice");
    g_assert_cmpstr (str_member (json_array_get_object_element (versions, 1), "reasons"), ==, "Fares overcharged three times");
    g_assert_cmpstr (str_member (json_array_get_object_element (versions, 1), "correction"), ==, "The number of incidents was wrong");
    g_assert_cmpstr (str_member (json_array_get_object_element (versions, 0), "tally"), ==, "2 no-action, 2 warning; the chair's casting vote decided");
  }
  {
    g_autofree char *text = docket_test_ok ("jsmith", "case", "notice", ca, NULL);
    g_assert_nonnull (strstr (text, "takes effect immediately, when this statement is given to you, in the "
                                    "interests of public safety"));
    g_assert_nonnull (strstr (text, "A continuing risk to passengers"));
    g_assert_nonnull (strstr (text, "member3 declared: Neighbour (a prejudicial interest: took no part in this case)"));
    g_assert_nonnull (strstr (text, "Decided by a panel chaired by chairx"));
  }

  /* Given on 20 May: revoked that day. The court varies the revocation
   * to a suspension. */
  g_free (docket_test_ok ("jsmith", "case", "notice", ca, "--sent", "2016-05-20", NULL));
  s = driver_status ("P1");
  g_assert_cmpstr (s, ==, "revoked");
  g_clear_pointer (&s, g_free);
  {
    g_autofree char *text = docket_test_ok ("jsmith", "case", "notice", ca, NULL);
    g_assert_nonnull (strstr (text, "takes effect immediately, on 2016-05-20, in the interests of public safety"));
  }
  g_free (docket_test_ok ("jsmith", "case", "appeal", ca, "--lodged", "2016-05-20", NULL));
  s = driver_status ("P1");
  g_assert_cmpstr (s, ==, "revoked");  /* immediate effect is not held back */
  g_clear_pointer (&s, g_free);
  g_free (docket_test_ok ("jsmith", "case", "appeal", ca, "--result", "varied", "--outcome", "suspended",
              "--until", "2016-08-01", NULL));
  s = driver_status ("P1");
  g_assert_cmpstr (s, ==, "suspended");
  g_clear_pointer (&s, g_free);
  s = driver_pending ("P1");
  g_assert_cmpstr (s, ==, "suspension ends on 2016-08-01;");
  g_clear_pointer (&s, g_free);
  g_free (docket_test_ok ("chairx", "hearing", "lock", h, NULL));
}

/* The statement of decision recorded after the suspension's end date
 * (the officer catches up): the suspension ran from 21 days after the
 * statement to its end, or never when it would have started after it. */
static char *
status_changes (const char *licence)
{
  g_autoptr(JsonObject) d = json_of (docket_test_ok ("jsmith", "--json", "driver", "show", licence, NULL));
  JsonArray *history = json_object_get_array_member (d, "history");
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (history); i++)
    {
      JsonObject *e = json_array_get_object_element (history, i);
      g_string_append_printf (s, "%s (%s);", str_member (e, "to"), str_member (e, "reason"));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_late_statement (Fixture *f, gconstpointer data)
{
  g_autofree char *h = NULL, *c1 = NULL, *c2 = NULL, *s = NULL;

  add_driver ("S1", "Sam One", "active");
  add_driver ("S2", "Sam Two", "active");
  h = id_text (new_id ("hearing", docket_test_ok ("jsmith", "--json", "hearing", "schedule", "--date", "2016-01-05",
                                      "--time", "10:00", "--venue", "Town Hall", "--decision-maker",
                                      "commissioner", NULL)));
  c1 = id_text (new_id ("case", docket_test_ok ("jsmith", "--json", "hearing", "add-case", h, "S1", "--kind", "review",
                                    "--grounds", "Training not done", "--notified", "2015-12-10", NULL)));
  c2 = id_text (new_id ("case", docket_test_ok ("jsmith", "--json", "hearing", "add-case", h, "S2", "--kind", "review",
                                    "--grounds", "Training not done", "--notified", "2015-12-10", NULL)));
  /* Recorded on 2016-04-01 with the hearing's date, both ended on 2016-03-01. */
  for (const char **c = (const char *[]) { c1, c2, NULL }; *c; c++)
    g_free (docket_test_ok ("commissioner", "case", "record", *c, "--outcome", "suspended", "--until", "2016-03-01",
                "--attendance", "attended", "--reasons", "Until the training is done",
                "--decided", "2016-01-05", NULL));
  /* The end date has passed, but the suspension waits for its statement. */
  s = driver_pending ("S1");
  g_assert_cmpstr (s, ==, "suspension takes effect 21 days after the statement of decision is sent, unless appealed;"
                          "suspension ends on 2016-03-01;");
  g_clear_pointer (&s, g_free);
  restart (f, "2016-04-01");
  s = driver_status ("S1");
  g_assert_cmpstr (s, ==, "active");
  g_clear_pointer (&s, g_free);

  /* Sent on 2016-01-06: suspended from 2016-01-27 to 2016-03-01. */
  g_free (docket_test_ok ("jsmith", "case", "notice", c1, "--sent", "2016-01-06", NULL));
  s = status_changes ("S1");
  g_assert_cmpstr (s, ==, "active (record created);"
                          "suspended (case 1: suspension on 2016-01-27);"
                          "active (case 1: end of the suspension on 2016-03-01);");
  g_clear_pointer (&s, g_free);
  s = driver_pending ("S1");
  g_assert_cmpstr (s, ==, "");
  g_clear_pointer (&s, g_free);

  /* Sent on 2016-02-15: it would start on 2016-03-07, after its end. */
  g_free (docket_test_ok ("jsmith", "case", "notice", c2, "--sent", "2016-02-15", NULL));
  s = status_changes ("S2");
  g_assert_cmpstr (s, ==, "active (record created);");
  g_clear_pointer (&s, g_free);
  {
    g_autoptr(JsonObject) c = json_of (docket_test_ok ("jsmith", "--json", "case", "show", c2, NULL));
    JsonArray *effects = json_object_get_array_member (c, "effects");
    g_assert_cmpuint (json_array_get_length (effects), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        JsonObject *e = json_array_get_object_element (effects, i);
        g_assert_cmpstr (str_member (e, "state"), ==, "cancelled");
        g_assert_cmpstr (str_member (e, "note"), ==, "the suspension period ended on 2016-03-01 before it took effect");
      }
  }
  /* And it stays so across a restart. */
  restart (f, "2016-04-02");
  s = status_changes ("S1");
  g_assert_cmpstr (s, ==, "active (record created);"
                          "suspended (case 1: suspension on 2016-01-27);"
                          "active (case 1: end of the suspension on 2016-03-01);");
  g_clear_pointer (&s, g_free);
}

/* The same refusals seen by a client of the API: the D-Bus error names. */
static GDBusConnection *
connection_as (const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  GDBusConnection *c;
  g_autoptr(DocketDBusUsers) users = NULL;

  g_assert_no_error (error);
  c = g_dbus_connection_new_for_address_sync (address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                              G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                              NULL, NULL, &error);
  g_assert_no_error (error);
  users = docket_dbus_users_proxy_new_sync (c, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                            DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (docket_dbus_users_call_act_as_sync (users, user, NULL, &error));
  g_assert_no_error (error);
  return c;
}

static DocketDBusHearings *
hearings_as (const char *user)
{
  g_autoptr(GDBusConnection) c = connection_as (user);
  g_autoptr(GError) error = NULL;
  DocketDBusHearings *h = docket_dbus_hearings_proxy_new_sync (c, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                                               DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, NULL, &error);
  g_assert_no_error (error);
  return h;
}

static void
test_dbus_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(DocketDBusHearings) officer = hearings_as ("jsmith");
  g_autoptr(DocketDBusHearings) dm = hearings_as ("commissioner");
  g_autoptr(DocketDBusHearings) member = hearings_as ("member1");
  g_autoptr(DocketDBusHearings) auditor = hearings_as ("internalaudit");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) warnings = NULL;
  g_autofree char *before = NULL;
  gint64 hearing = 0, case_id = 0, id = 0;
  guint version = 0;

  (void) DOCKET_ERROR;  /* the error names map to DOCKET_ERROR codes */
  add_driver ("E1", "Eve One", "active");
  add_driver ("E2", "Eve Two", "active");
  g_assert_true (docket_dbus_hearings_call_schedule_sync (officer,
      g_variant_new_parsed ("{'date': <'2016-03-10'>, 'time': <'10:00'>, 'venue': <'Hall'>, 'decision-maker': <'commissioner'>}"), &hearing, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (docket_dbus_hearings_call_add_case_sync (officer, hearing, "E1",
      g_variant_new_parsed ("{'kind': <'review'>, 'grounds': <'Complaints'>}"), &case_id, &warnings, NULL, &error));
  g_assert_no_error (error);
  before = docket_test_fingerprint (f->state);

  /* No reasons: InvalidArgument, naming the case. */
  g_assert_false (docket_dbus_hearings_call_record_sync (dm, case_id,
      g_variant_new_parsed ("{'outcome': <'revoked'>, 'attendance': <'attended'>}"), &version, NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT);
  g_dbus_error_strip_remote_error (error);
  g_assert_cmpstr (error->message, ==, "Case 1: reasons are required for a decision to revoked: "
                   "the statement of decision must give them");
  g_clear_error (&error);
  /* A board member deciding: AccessDenied. */
  g_assert_false (docket_dbus_hearings_call_record_sync (member, case_id,
      g_variant_new_parsed ("{'outcome': <'revoked'>, 'attendance': <'attended'>, 'reasons': <'r'>}"), &version,
      NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_ACCESS_DENIED);
  g_clear_error (&error);
  /* An auditor scheduling: refused by the bouncer. */
  g_assert_false (docket_dbus_hearings_call_schedule_sync (auditor,
      g_variant_new_parsed ("{'date': <'2016-03-11'>, 'time': <'10:00'>, 'venue': <'Hall'>, 'decision-maker': <'commissioner'>}"), &id, NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_ACCESS_DENIED);
  g_clear_error (&error);
  /* The same driver twice on one day: Conflict. */
  g_assert_false (docket_dbus_hearings_call_add_case_sync (officer, hearing, "E1",
      g_variant_new_parsed ("{'kind': <'review'>, 'grounds': <'Again'>}"), &id, &warnings, NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_CONFLICT);
  g_clear_error (&error);
  /* No such case, no such licence: NotFound. */
  g_assert_false (docket_dbus_hearings_call_set_attendance_sync (officer, 999, "attended", NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (docket_dbus_hearings_call_add_case_sync (officer, hearing, "ZZ-404",
      g_variant_new_parsed ("{'kind': <'review'>, 'grounds': <'g'>}"), &id, &warnings, NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* A key the method does not know: InvalidArgument. */
  g_assert_false (docket_dbus_hearings_call_record_sync (dm, case_id,
      g_variant_new_parsed ("{'outcome': <'warning'>, 'reasons': <'r'>, 'attendance': <'attended'>, 'colour': <'red'>}"),
      &version, NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  {
    g_autofree char *after = docket_test_fingerprint (f->state);
    g_assert_cmpstr (before, ==, after);
  }

  /* And the proper decision goes through. */
  g_assert_true (docket_dbus_hearings_call_record_sync (dm, case_id,
      g_variant_new_parsed ("{'outcome': <'warning'>, 'reasons': <'r'>, 'attendance': <'attended'>}"),
      &version, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (version, ==, 1);
}

/* Each refusal names the record and changes nothing. */
static void
test_bad_input (Fixture *f, gconstpointer data)
{
  g_autofree char *h = NULL, *future = NULL, *other = NULL, *c = NULL, *before = NULL, *after = NULL;
  g_autofree char *empty = NULL, *locked = NULL, *lc = NULL;
  struct {
    const char *as;
    const char *args[16];
    const char *expect;
  } cases[] = {
    /* not entitled */
    { "internalaudit", { "hearing", "schedule", "--date", "2016-03-01", "--time", "10:00", "--venue", "V", "--decision-maker", "commissioner", NULL },
      "may not call Hearings.Schedule" },
    { "member1", { "case", "record", "@c", "--outcome", "revoked", "--reasons", "r", NULL },
      "only the hearing's decision-maker (commissioner) decides, not member1" },
    /* no reasons */
    { "commissioner", { "case", "record", "@c", "--outcome", "revoked", NULL },
      "Case @c: reasons are required for a decision to revoked" },
    /* suspension end before its start */
    { "commissioner", { "case", "record", "@c", "--outcome", "suspended", "--until", "2016-03-01", "--reasons", "r", NULL },
      "Case @c: suspension end 2016-03-01 is not after its start 2016-03-20" },
    /* outcome unfit for the kind */
    { "commissioner", { "case", "record", "@c", "--outcome", "granted", "--reasons", "r", NULL },
      "Case @c: outcome granted does not suit a review; use deferred, no-action, warning, suspended, revoked, surrendered or withdrawn" },
    /* immediate effect without justification */
    { "commissioner", { "case", "record", "@c", "--outcome", "revoked", "--reasons", "r", "--immediate", NULL },
      "Case @c: immediate effect in the interests of public safety needs a written justification" },
    { "commissioner", { "case", "record", "@c", "--outcome", "warning", "--reasons", "r", "--decided", "2016-03-21", NULL },
      "Case @c: decision date 2016-03-21 is in the future" },
    { "commissioner", { "case", "record", "@c", "--outcome", "closed", "--reasons", "r", NULL },
      "Case @c: outcome 'closed' is not one of deferred, granted" },
    { "commissioner", { "case", "record", "999", "--outcome", "warning", "--reasons", "r", NULL },
      "Case 999: no such case" },
    /* double listing on one day */
    { "jsmith", { "hearing", "add-case", "@other", "B1", "--kind", "review", "--grounds", "g", NULL },
      "Licence B1 is already listed on 2016-03-10" },
    /* kind unfit for the licence */
    { "jsmith", { "hearing", "add-case", "@h", "B2", "--kind", "application", "--grounds", "g", NULL },
      "Licence B2 has status active: an application is heard for an applicant" },
    /* overbooking */
    { "jsmith", { "hearing", "add-case", "@h", "B3", "--kind", "review", "--grounds", "g", NULL },
      "Hearing @h of 2016-03-10 is full: it lists 2 of 2 cases" },
    { "jsmith", { "hearing", "add-case", "@h", "B3", "--kind", "review", "--grounds", "g", "--notified", "2016-03-11", NULL },
      "notified date 2016-03-11 is after the hearing date 2016-03-10" },
    /* a decision on a future-dated hearing */
    { "commissioner", { "case", "record", "@fc", "--outcome", "warning", "--reasons", "r", "--attendance", "attended", NULL },
      "is on 2016-04-01, in the future" },
    /* a locked hearing */
    { "commissioner", { "case", "record", "@lc", "--outcome", "warning", "--reasons", "r", "--correction", "x", NULL },
      "is locked: its decisions are final" },
    { "jsmith", { "hearing", "add-case", "@locked", "B3", "--kind", "review", "--grounds", "g", NULL },
      "is locked: its decisions are final" },
    /* a cancelled hearing */
    { "jsmith", { "hearing", "add-case", "@empty", "B3", "--kind", "review", "--grounds", "g", NULL },
      "of 2016-03-30 was cancelled" },
    { "jsmith", { "hearing", "cancel", "@h", "--reason", "Venue closed", NULL },
      "it lists 2 cases: move them to another hearing" },
    { "jsmith", { "hearing", "schedule", "--date", "2016-02-30", "--time", "10:00", "--venue", "V", "--decision-maker", "commissioner", NULL },
      "New hearing: date 2016-02-30 is not a valid date" },
    { "jsmith", { "hearing", "schedule", "--date", "2016-03-01", "--time", "25:00", "--venue", "V", "--decision-maker", "commissioner", NULL },
      "New hearing: time '25:00' is not a time of the form HH:MM" },
    { "jsmith", { "hearing", "schedule", "--date", "2016-03-01", "--time", "10:00", "--venue", "V", "--decision-maker", "member1", NULL },
      "New hearing: decision-maker member1 does not hold the decision-maker role" },
    { "jsmith", { "hearing", "schedule", "--date", "2016-03-01", "--time", "10:00", "--venue", "V", "--decision-maker", "chairx", "--mode", "panel", "--board", "member1", NULL },
      "New hearing: a panel needs at least two board members" },
    /* appeals and notices that do not fit */
    { "jsmith", { "case", "appeal", "@lc", "--lodged", "2016-03-15", NULL },
      "is warning: only a refusal, suspension or revocation is appealed" },
    { "jsmith", { "case", "notice", "@lc", "--sent", "2016-03-01", NULL },
      "sent date 2016-03-01 is before the decision of 2016-03-10" },
    { "jsmith", { "stats", "--from", "2016-13", NULL }, "Statistics: from 2016-13 is not a valid month" },
    { "jsmith", { "stats", "--from", "2016-05", "--to", "2016-01", NULL }, "Statistics: from 2016-05 is after to 2016-01" },
  };

  add_driver ("B1", "Bee One", "active");
  add_driver ("B2", "Bee Two", "active");
  add_driver ("B3", "Bee Three", "active");
  add_driver ("B4", "Bee Four", "active");
  h = id_text (new_id ("hearing", docket_test_ok ("jsmith", "--json", "hearing", "schedule", "--date", "2016-03-10", "--time", "10:00",
                                      "--venue", "Town Hall", "--decision-maker", "commissioner", "--board", "member1",
                                      "--capacity", "2", NULL)));
  other = id_text (new_id ("hearing", docket_test_ok ("jsmith", "--json", "hearing", "schedule", "--date", "2016-03-10", "--time", "15:00",
                                          "--venue", "Annexe", "--decision-maker", "commissioner", NULL)));
  future = id_text (new_id ("hearing", docket_test_ok ("jsmith", "--json", "hearing", "schedule", "--date", "2016-04-01", "--time", "10:00",
                                           "--venue", "Town Hall", "--decision-maker", "commissioner", NULL)));
  empty = id_text (new_id ("hearing", docket_test_ok ("jsmith", "--json", "hearing", "schedule", "--date", "2016-03-30", "--time", "10:00",
                                          "--venue", "Town Hall", "--decision-maker", "commissioner", NULL)));
  g_free (docket_test_ok ("jsmith", "hearing", "cancel", empty, "--reason", "No cases", NULL));
  locked = id_text (new_id ("hearing", docket_test_ok ("jsmith", "--json", "hearing", "schedule", "--date", "2016-03-09", "--time", "10:00",
                                           "--venue", "Town Hall", "--decision-maker", "commissioner", NULL)));
  lc = id_text (new_id ("case", docket_test_ok ("jsmith", "--json", "hearing", "add-case", locked, "B4", "--kind", "review", "--grounds", "g", NULL)));
  g_free (docket_test_ok ("commissioner", "case", "record", lc, "--outcome", "warning", "--reasons", "r", "--attendance", "attended",
              "--decided", "2016-03-10", NULL));
  g_free (docket_test_ok ("commissioner", "hearing", "lock", locked, NULL));
  c = id_text (new_id ("case", docket_test_ok ("jsmith", "--json", "hearing", "add-case", h, "B1", "--kind", "review", "--grounds", "g", NULL)));
  g_free (docket_test_ok ("jsmith", "case", "attend", c, "--attendance", "attended", NULL));
  g_free (docket_test_ok ("jsmith", "hearing", "add-case", h, "B2", "--kind", "review", "--grounds", "g", NULL));
  {
    g_autofree char *fc = id_text (new_id ("case", docket_test_ok ("jsmith", "--json", "hearing", "add-case", future, "B3", "--kind", "review",
                                                        "--grounds", "g", NULL)));
    before = docket_test_fingerprint (f->state);
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        const char *args[18];
        g_autofree char *expect = NULL;
        g_autofree char *err = NULL;
        g_autofree char *out = NULL;
        guint n = 0;

        args[n++] = "--as";
        args[n++] = cases[i].as;
        for (guint j = 0; cases[i].args[j]; j++)
          {
            const char *a = cases[i].args[j];
            args[n++] = g_str_equal (a, "@c") ? c : g_str_equal (a, "@h") ? h : g_str_equal (a, "@other") ? other
                      : g_str_equal (a, "@fc") ? fc : g_str_equal (a, "@lc") ? lc : g_str_equal (a, "@locked") ? locked
                      : g_str_equal (a, "@empty") ? empty : a;
          }
        args[n] = NULL;
        {
          g_auto(GStrv) parts = g_strsplit (cases[i].expect, "@", -1);
          g_autoptr(GString) e = g_string_new (parts[0]);
          for (guint p = 1; parts[p]; p++)
            {
              const char *rest = parts[p];
              if (g_str_has_prefix (rest, "c"))
                g_string_append_printf (e, "%s%s", c, rest + 1);
              else if (g_str_has_prefix (rest, "h"))
                g_string_append_printf (e, "%s%s", h, rest + 1);
            }
          expect = g_string_free (g_steal_pointer (&e), FALSE);
        }
        g_assert_cmpint (docket_test_ctlv (&out, &err, args), ==, 1);
        if (strstr (err, expect) == NULL)
          g_error ("case %u: expected '%s' in: %s", i, expect, err);
        after = docket_test_fingerprint (f->state);
        g_assert_cmpstr (before, ==, after);
        g_clear_pointer (&after, g_free);
      }
  }
}

/* The record of decisions for a realistic set of hearings equals the
 * figures counted by hand. */
static void
test_statistics (Fixture *f, gconstpointer data)
{
  static const char * const cols[] = {
    "listed", "did_not_attend", "deferred", "granted", "refused", "no_action", "suspended",
    "revoked", "warnings", "surrendered", "withdrawn", "pending", NULL,
  };
  /* Hand-counted: per hearing A, B, C, D, then per month 2016-01..03, then
   * the totals. */
  static const guint expected[][12] = {
    { 5, 2, 1, 1, 0, 0, 1, 1, 0, 1, 0, 0 },
    { 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0 },
    { 4, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1 },
    { 2, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0 },
  };
  static const guint months[][12] = {
    { 8, 2, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0 },
    { 4, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1 },
    { 2, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0 },
  };
  static const guint totals[12] = { 14, 4, 3, 2, 1, 1, 1, 2, 1, 1, 1, 1 };
  g_autofree char *csv_path = g_build_filename (f->dir, "drivers.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("licence,kind,name,status\n");
  g_autofree char *ha = NULL, *hb = NULL, *hc = NULL, *hd = NULL, *he = NULL;
  char *ids[16] = { NULL };
  struct { const char *hearing_var; const char *licence; const char *kind; const char *attendance; const char *outcome; } plan[] = {
    { "A", "S01", "review", "did-not-attend", "deferred" },
    { "A", "S02", "review", "attended", "revoked" },
    { "A", "S03", "review", "attended", "surrendered" },
    { "A", "S04", "application", "represented", "granted" },
    { "A", "S05", "review", "did-not-attend", "suspended" },
    { "B", NULL /* relist S01 */, NULL, "attended", "warning" },
    { "B", "S06", "application", "attended", "refused" },
    { "B", "S07", "review", NULL, "withdrawn" },
    { "C", "S08", "review", "did-not-attend", "deferred" },
    { "C", "S09", "review", "attended", "no-action" },
    { "C", "S10", "renewal", "attended", "granted" },
    { "C", "S11", "review", NULL, NULL },
    { "D", NULL /* relist S08 */, NULL, "did-not-attend", "revoked" },
    { "D", "S12", "review", "attended", "deferred" },
  };

  for (int i = 1; i <= 12; i++)
    g_string_append_printf (csv, "S%02d,hackney,Driver %d,%s\n", i, i,
                            (i == 4 || i == 6) ? "applicant" : "active");
  g_assert_true (g_file_set_contents (csv_path, csv->str, -1, NULL));
  g_free (docket_test_ok ("jsmith", "import", "drivers", csv_path, NULL));

#define SCHEDULE(var, date) \
  var = id_text (new_id ("hearing", docket_test_ok ("jsmith", "--json", "hearing", "schedule", "--date", date, "--time", "10:00", \
                                        "--venue", "Town Hall", "--decision-maker", "commissioner", NULL)))
  SCHEDULE (ha, "2016-01-12");
  SCHEDULE (hb, "2016-01-26");
  SCHEDULE (hc, "2016-02-09");
  SCHEDULE (hd, "2016-03-08");
  SCHEDULE (he, "2016-02-20");
#undef SCHEDULE
  g_free (docket_test_ok ("jsmith", "hearing", "cancel", he, "--reason", "Decision-maker unwell", NULL));

  for (guint i = 0; i < G_N_ELEMENTS (plan); i++)
    {
      const char *hearing = g_str_equal (plan[i].hearing_var, "A") ? ha : g_str_equal (plan[i].hearing_var, "B") ? hb
                          : g_str_equal (plan[i].hearing_var, "C") ? hc : hd;
      if (plan[i].licence != NULL)
        ids[i] = id_text (new_id ("case", docket_test_ok ("jsmith", "--json", "hearing", "add-case", hearing, plan[i].licence,
                                              "--kind", plan[i].kind, "--grounds", "Grounds", NULL)));
      else
        ids[i] = id_text (new_id ("case", docket_test_ok ("jsmith", "--json", "case", "relist", i == 5 ? ids[0] : ids[8],
                                              "--hearing", hearing, NULL)));
      if (plan[i].attendance)
        g_free (docket_test_ok ("commissioner", "case", "attend", ids[i], "--attendance", plan[i].attendance, NULL));
      if (g_strcmp0 (plan[i].outcome, "granted") == 0)
        g_free (docket_test_ok ("jsmith", "nr3s", "search", plan[i].licence, "--result", "no-match", NULL));
      if (plan[i].outcome)
        g_free (docket_test_ok ("commissioner", "case", "record", ids[i], "--outcome", plan[i].outcome, "--reasons", "Reasons",
                    g_str_equal (plan[i].outcome, "suspended") ? "--until" : NULL, "2017-06-01", NULL));
    }

  {
    g_autoptr(JsonObject) o = json_of (docket_test_ok ("internalaudit", "--json", "stats", "--from", "2016-01", "--to", "2016-03", NULL));
    JsonArray *rows = json_object_get_array_member (o, "rows");
    JsonObject *t = json_object_get_object_member (o, "totals");

    g_assert_cmpuint (json_array_get_length (rows), ==, 4);  /* the cancelled hearing is not counted */
    for (guint r = 0; r < 4; r++)
      for (guint c = 0; cols[c]; c++)
        g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rows, r), cols[c]), ==, expected[r][c]);
    for (guint c = 0; cols[c]; c++)
      g_assert_cmpint (json_object_get_int_member (t, cols[c]), ==, totals[c]);
    g_assert_cmpstr (str_member (json_array_get_object_element (rows, 0), "date"), ==, "2016-01-12");
  }
  {
    g_autoptr(JsonObject) o = json_of (docket_test_ok ("internalaudit", "--json", "stats", "--from", "2016-01", "--to", "2016-03",
                                           "--by", "month", NULL));
    JsonArray *rows = json_object_get_array_member (o, "rows");
    g_assert_cmpuint (json_array_get_length (rows), ==, 3);
    for (guint r = 0; r < 3; r++)
      for (guint c = 0; cols[c]; c++)
        g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rows, r), cols[c]), ==, months[r][c]);
    g_assert_cmpstr (str_member (json_array_get_object_element (rows, 1), "month"), ==, "2016-02");
  }
  {
    g_autofree char *text = docket_test_ok ("internalaudit", "stats", "--from", "2016-01", "--to", "2016-03", "--by", "month", "--csv", NULL);
    g_assert_cmpstr (text, ==,
        "month,listed,did_not_attend,deferred,granted,refused,no_action,suspended,revoked,warnings,surrendered,withdrawn,pending\r\n"
        "2016-01,8,2,1,1,1,0,1,1,1,1,1,0\r\n"
        "2016-02,4,1,1,1,0,1,0,0,0,0,0,1\r\n"
        "2016-03,2,1,1,0,0,0,0,1,0,0,0,0\r\n"
        "total,14,4,3,2,1,1,1,2,1,1,1,1\r\n");
  }
  {
    g_autofree char *pdf = g_build_filename (f->dir, "stats.pdf", NULL);
    g_autofree char *bytes = NULL;
    g_free (docket_test_ok ("internalaudit", "stats", "--from", "2016-01", "--to", "2016-03", "--pdf", pdf, NULL));
    g_assert_true (g_file_get_contents (pdf, &bytes, NULL, NULL));
    g_assert_true (g_str_has_prefix (bytes, "%PDF-"));
  }
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_free (ids[i]);
}

/* docketctl as @as: its exit status, output and errors. */
static int
ctl_run (char **out, char **err, const char *as, ...)
{
  va_list ap;
  int status;

  va_start (ap, as);
  status = docket_test_ctl_as_valist (out, err, as, ap);
  va_end (ap);
  return status;
}


static const char * const stat_cols[] = {
  "listed", "did_not_attend", "deferred", "granted", "refused", "no_action", "suspended",
  "revoked", "warnings", "surrendered", "withdrawn", "pending", NULL,
};

/* The column a case counts in, besides listed (and did_not_attend). */
static const char *
stat_col_of (const char *outcome)
{
  if (outcome == NULL || g_str_equal (outcome, "pending"))
    return "pending";
  if (g_str_equal (outcome, "no-action"))
    return "no_action";
  if (g_str_equal (outcome, "warning"))
    return "warnings";
  return outcome;
}

/* The counts docketd keeps (schema 006) after random decisions,
 * corrections, relistings, appeals, a moved and a cancelled hearing equal
 * the record counted here from each case, and stats --check agrees; a count
 * changed behind docketd's back is found and named. */
static void
test_statistics_kept (Fixture *f, gconstpointer data)
{
  static const char * const outcomes[] = { NULL, "deferred", "no-action", "warning", "suspended", "revoked",
                                           "surrendered", "withdrawn" };
  static const char * const attendances[] = { NULL, "attended", "represented", "did-not-attend" };
  static const char * const dates[] = { "2016-01-12", "2016-01-26", "2016-02-09", "2016-03-08", "2016-04-12",
                                        "2016-05-10" };
  g_autofree char *csv_path = g_build_filename (f->dir, "drivers.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("licence,kind,name,status\n");
  g_autoptr(GPtrArray) hearings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) counted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *db = g_build_filename (f->state, "docket.db", NULL);
  g_autofree char *tampered = NULL, *sql = NULL, *month_named = NULL;
  gint64 first_hearing = 0;

  for (int i = 1; i <= 46; i++)
    g_string_append_printf (csv, "K%02d,hackney,Driver %d,active\n", i, i);
  g_assert_true (g_file_set_contents (csv_path, csv->str, -1, NULL));
  g_free (docket_test_ok ("jsmith", "import", "drivers", csv_path, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    g_ptr_array_add (hearings, id_text (new_id ("hearing", docket_test_ok ("jsmith", "--json", "hearing", "schedule",
        "--date", dates[i], "--time", "10:00", "--venue", "Town Hall", "--capacity", "40",
        "--decision-maker", "commissioner", NULL))));

  /* A case for each driver on a random day, with a random attendance and
   * outcome; deferred ones heard again on a later day; some decisions
   * corrected, some revocations appealed. */
  for (int i = 1; i <= 40; i++)
    {
      g_autofree char *licence = g_strdup_printf ("K%02d", i);
      guint day = g_rand_int_range (rand, 0, hearings->len);
      const char *outcome = outcomes[g_rand_int_range (rand, 0, G_N_ELEMENTS (outcomes))];
      const char *attendance = attendances[g_rand_int_range (rand, 0, G_N_ELEMENTS (attendances))];
      char *id = id_text (new_id ("case", docket_test_ok ("jsmith", "--json", "hearing", "add-case",
          hearings->pdata[day], licence, "--kind", "review", "--grounds", "Grounds", NULL)));

      g_ptr_array_add (cases, id);
      if (outcome && !attendance)
        attendance = "attended";   /* a decision needs the attendance recorded */
      if (attendance)
        g_free (docket_test_ok ("commissioner", "case", "attend", id, "--attendance", attendance, NULL));
      if (outcome)
        g_free (docket_test_ok ("commissioner", "case", "record", id, "--outcome", outcome, "--reasons", "Reasons",
                                "--decided", dates[day],
                                g_str_equal (outcome, "suspended") ? "--until" : NULL, "2017-06-01", NULL));
      if (g_strcmp0 (outcome, "deferred") == 0 && day + 1 < hearings->len)
        {
          char *again = id_text (new_id ("case", docket_test_ok ("jsmith", "--json", "case", "relist", id,
              "--hearing", hearings->pdata[day + 1], NULL)));
          g_ptr_array_add (cases, again);
          g_free (docket_test_ok ("commissioner", "case", "attend", again, "--attendance", "represented", NULL));
          g_free (docket_test_ok ("commissioner", "case", "record", again, "--outcome", "warning",
                                  "--reasons", "Reasons", NULL));
        }
      else if (outcome && !g_str_equal (outcome, "deferred") && g_rand_int_range (rand, 0, 3) == 0)
        g_free (docket_test_ok ("commissioner", "case", "record", id, "--outcome", "no-action", "--reasons", "Reasons",
                                "--correction", "The wrong outcome was entered", NULL));
      else if (g_strcmp0 (outcome, "revoked") == 0)
        {
          g_free (docket_test_ok ("jsmith", "case", "notice", id, "--sent", dates[day], NULL));
          g_free (docket_test_ok ("jsmith", "case", "appeal", id, "--lodged", dates[day], NULL));
          if (g_rand_boolean (rand))
            g_free (docket_test_ok ("jsmith", "case", "appeal", id, "--result", "varied", "--outcome", "suspended",
                                    "--until", "2017-03-01", "--result-date", "2016-12-30", NULL));
        }
    }
  /* A day with cases still to decide moved to another month, and one
   * cancelled. */
  for (guint d = 0, first_case = cases->len; d < 2; d++)
    {
      g_autofree char *day = id_text (new_id ("hearing", docket_test_ok ("jsmith", "--json", "hearing", "schedule",
          "--date", d ? "2016-07-05" : "2016-08-09", "--time", "10:00", "--venue", "Town Hall",
          "--decision-maker", "commissioner", NULL)));
      for (int i = 1; i <= 3; i++)
        {
          g_autofree char *licence = g_strdup_printf ("K%02d", 40 + d * 3 + i);
          g_ptr_array_add (cases, id_text (new_id ("case", docket_test_ok ("jsmith", "--json", "hearing", "add-case",
              day, licence, "--kind", "review", "--grounds", "Grounds", NULL))));
        }
      if (d == 0)
        g_free (docket_test_ok ("jsmith", "hearing", "reschedule", day, "--date", "2016-09-13", "--reason", "Room", NULL));
      else
        {
          /* Its cases go to the day moved first, then it is cancelled. */
          g_autoptr(JsonObject) moved = json_of (docket_test_ok ("jsmith", "--json", "case", "show",
                                                                 cases->pdata[first_case], NULL));
          g_autofree char *to = id_text (json_object_get_int_member (moved, "hearing"));
          for (guint c = first_case + 3; c < cases->len; c++)
            g_free (docket_test_ok ("jsmith", "case", "move", cases->pdata[c], "--hearing", to, NULL));
          g_free (docket_test_ok ("jsmith", "hearing", "cancel", day, "--reason", "Unwell", NULL));
        }
    }

  /* The record counted here, month by month, from each case and its day as
   * docketd shows them. */
  for (guint i = 0; i < cases->len; i++)
    {
      g_autoptr(JsonObject) c = json_of (docket_test_ok ("jsmith", "--json", "case", "show", cases->pdata[i], NULL));
      g_autofree char *hid = id_text (json_object_get_int_member (c, "hearing"));
      g_autoptr(JsonObject) h = json_of (docket_test_ok ("jsmith", "--json", "hearing", "show", hid, NULL));
      g_autofree char *month = g_strndup (str_member (h, "date"), 7);
      const char *keys[] = { "listed", g_strcmp0 (str_member (c, "attendance"), "did-not-attend") == 0
                             ? "did_not_attend" : NULL, stat_col_of (str_member (c, "outcome")) };

      if (g_strcmp0 (str_member (h, "state"), "cancelled") == 0)
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        if (keys[k])
          {
            g_autofree char *key = g_strdup_printf ("%s %s", month, keys[k]);
            guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counted, key));
            g_hash_table_replace (counted, g_steal_pointer (&key), GUINT_TO_POINTER (n + 1));
          }
    }
  {
    g_autoptr(JsonObject) o = json_of (docket_test_ok ("internalaudit", "--json", "stats", "--from", "2016-01",
                                                       "--to", "2016-12", "--by", "month", NULL));
    JsonArray *rows = json_object_get_array_member (o, "rows");
    guint total = 0;

    for (guint r = 0; r < json_array_get_length (rows); r++)
      {
        JsonObject *row = json_array_get_object_element (rows, r);
        for (guint c = 0; stat_cols[c]; c++)
          {
            g_autofree char *key = g_strdup_printf ("%s %s", str_member (row, "month"), stat_cols[c]);
            g_assert_cmpint (json_object_get_int_member (row, stat_cols[c]), ==,
                             GPOINTER_TO_UINT (g_hash_table_lookup (counted, key)));
          }
        total += json_object_get_int_member (row, "listed");
      }
    g_assert_cmpuint (total, >=, 40);
  }
  g_assert_cmpint (ctl_run (&out, &err, "internalaudit", "stats", "--check", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "The figures agree with a count of every decision again"));

  /* A count changed behind docketd's back: found, and named. */
  docket_test_daemon_stop (f->daemon);
  f->daemon = NULL;
  first_hearing = g_ascii_strtoll (hearings->pdata[0], NULL, 10);
  sql = g_strdup_printf ("UPDATE stats_hearings SET granted = granted + 1 WHERE hearing_id = %" G_GINT64_FORMAT ";",
                         first_hearing);
  {
    const char *argv[] = { "sqlite3", db, sql, NULL };
    int status = 0;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                                 &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  start_daemon (f, "2016-12-31");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl_run (&out, &err, "internalaudit", "stats", "--check", NULL), ==, 1);
  tampered = g_strdup_printf ("hearing %" G_GINT64_FORMAT " of %s", first_hearing, dates[0]);
  g_assert_nonnull (strstr (err, tampered));
  g_assert_null (strstr (err, "month 2016-01"));   /* the month was not touched */
}

/* Subject access (UK GDPR Article 15): the driver's export holds the
 * licence, convictions, notes with the third party withheld, the case
 * with its decision and reasons; it is one audited reading with its
 * purpose; bad input is refused, names the field and records nothing; a
 * board member may not export. */
static void
test_subject_access (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = docket_test_make_dir ("sar");
  g_autofree char *path = g_build_filename (dir, "L1.json", NULL);
  g_autofree char *h = NULL, *c1 = NULL, *err = NULL, *text = NULL, *audit = NULL, *before = NULL;
  g_autoptr(JsonObject) export = NULL;
  JsonObject *driver, *note, *kase, *decision;
  JsonArray *notes, *cases;

  add_driver ("L1", "Ann Example", "active");
  g_free (docket_test_ok ("jsmith", "driver", "update", "L1", "--address", "1 Subject Street", NULL));
  g_free (docket_test_ok ("jsmith", "driver", "conviction", "add", "L1", "--date", "2015-06-01", "--offence",
                          "Assault by beating", "--category", "violence", NULL));
  g_free (docket_test_ok ("jsmith", "driver", "note", "add", "L1", "--kind", "complaint", "--text",
                          "Complaint from [[Mrs Jane Witness]] of 4 High St: rude, refused a fare", NULL));
  h = id_text (new_id ("hearing", docket_test_ok ("jsmith", "--json", "hearing", "schedule", "--date", "2016-03-01",
                                                  "--time", "10:00", "--venue", "Town Hall", "--decision-maker",
                                                  "commissioner", "--capacity", "3", NULL)));
  c1 = id_text (new_id ("case", docket_test_ok ("jsmith", "--json", "hearing", "add-case", h, "L1", "--kind", "review",
                                                "--grounds", "The complaint", "--notified", "2016-02-01", NULL)));
  g_free (docket_test_ok ("jsmith", "case", "attend", c1, "--attendance", "attended", NULL));
  g_free (docket_test_ok ("commissioner", "case", "record", c1, "--outcome", "warning", "--reasons",
                          "Rude to a passenger once; a warning suffices", "--decided", "2016-03-01", NULL));

  /* Bad input: each refused with the field named, nothing recorded. */
  before = docket_test_ok ("internalaudit", "--json", "audit", "log", NULL);
  err = docket_test_refused ("jsmith", "driver", "export", "L1", "--sar", path, "--purpose", "", NULL);
  g_assert_nonnull (strstr (err, "Licence L1: subject access export: purpose"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "driver", "export", "NOPE", "--sar", path, "--purpose", "SAR 12", NULL);
  g_assert_nonnull (strstr (err, "NOPE"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("member1", "driver", "export", "L1", "--sar", path, "--purpose", "SAR 12", NULL);
  g_assert_nonnull (strstr (err, "may not call Drivers.SubjectAccess"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  audit = docket_test_ok ("internalaudit", "--json", "audit", "log", NULL);
  g_assert_cmpstr (audit, ==, before);
  g_clear_pointer (&audit, g_free);

  g_free (docket_test_ok ("jsmith", "driver", "export", "L1", "--sar", path, "--purpose",
                          "Request of 2016-03-10 by the driver, ref SAR-12", NULL));
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_null (strstr (text, "Jane Witness"));
  export = json_of (g_steal_pointer (&text));
  g_assert_cmpstr (str_member (export, "purpose"), ==, "Request of 2016-03-10 by the driver, ref SAR-12");
  g_assert_cmpstr (str_member (export, "by"), ==, "jsmith");
  g_assert_cmpint (json_object_get_int_member (export, "withheld"), ==, 1);
  driver = json_object_get_object_member (export, "driver");
  g_assert_cmpstr (str_member (driver, "licence"), ==, "L1");
  g_assert_cmpstr (str_member (driver, "address"), ==, "1 Subject Street");
  g_assert_cmpstr (str_member (json_array_get_object_element (json_object_get_array_member (driver, "convictions"), 0),
                               "offence"), ==, "Assault by beating");
  notes = json_object_get_array_member (driver, "notes");
  note = json_array_get_object_element (notes, 0);
  g_assert_cmpstr (str_member (note, "text"), ==,
                   "Complaint from [withheld: a third party] of 4 High St: rude, refused a fare");
  cases = json_object_get_array_member (export, "cases");
  g_assert_cmpuint (json_array_get_length (cases), ==, 1);
  kase = json_array_get_object_element (cases, 0);
  g_assert_cmpstr (str_member (kase, "grounds"), ==, "The complaint");
  decision = json_array_get_object_element (json_object_get_array_member (kase, "decisions"), 0);
  g_assert_cmpstr (str_member (decision, "reasons"), ==, "Rude to a passenger once; a warning suffices");
  g_assert_true (json_object_has_member (export, "compliance"));
  g_assert_true (json_object_has_member (export, "register"));

  /* One audit entry, with the purpose; the officer's own view keeps the name. */
  audit = docket_test_ok ("internalaudit", "audit", "log", NULL);
  g_assert_nonnull (strstr (audit, "subject access export: Request of 2016-03-10 by the driver, ref SAR-12"));
  g_clear_pointer (&text, g_free);
  text = docket_test_ok ("jsmith", "driver", "show", "L1", "--sensitive", NULL);
  g_assert_nonnull (strstr (text, "Mrs Jane Witness"));
  docket_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/hearings/sole", Fixture, "2016-03-20", setup, test_sole_hearing, teardown);
  g_test_add ("/hearings/panel", Fixture, "2016-05-20", setup, test_panel_hearing, teardown);
  g_test_add ("/hearings/late-statement", Fixture, "2016-04-01", setup, test_late_statement, teardown);
  g_test_add ("/hearings/dbus-errors", Fixture, "2016-03-20", setup, test_dbus_errors, teardown);
  g_test_add ("/hearings/bad-input", Fixture, "2016-03-20", setup, test_bad_input, teardown);
  g_test_add ("/hearings/statistics", Fixture, "2016-12-31", setup, test_statistics, teardown);
  g_test_add ("/hearings/statistics-kept", Fixture, "2016-12-31", setup, test_statistics_kept, teardown);
  g_test_add ("/hearings/subject-access", Fixture, "2016-03-20", setup, test_subject_access, teardown);
  return g_test_run ();
}
