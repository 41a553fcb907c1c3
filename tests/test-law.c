/* The statutory edges, through docketctl against the real docketd, with
 * its clock moved ($DOCKET_CLOCK_FILE) and restarts where a date is
 * crossed:
 *
 *  /law/council-date      a decision at 00:30 British Summer Time (23:30
 *                         UTC) belongs to the council's day;
 *  /law/notice-served     a statement posted first class is given the
 *                         second working day after (over Christmas 2027),
 *                         an email after 16:30 the next working day; the
 *                         21 days and the NR3S deadline run from then; bad
 *                         methods refused, nothing changed;
 *  /law/notice-14-days    s61(2)(a): the queue of statements not given,
 *                         overdue after 14 days; one given later is
 *                         recorded with a warning;
 *  /law/immediate         s61(2B): immediate effect starts the day the
 *                         statement is given, across a restart;
 *  /law/corrected         a decision corrected after its statement waits
 *                         for a new one; the register entry lists the
 *                         correction and its deadline runs from the new one;
 *  /law/relisted          a deferred case relisted later cannot be
 *                         corrected: the error names the later case;
 *  /law/retention         an NR3S entry is kept 11 years beginning with the
 *                         day it is made in the national register, not
 *                         from the decision date;
 *  /law/nr3s-identity     an entry whose driver's record lacks a date of
 *                         birth, an address or an NI or DVLA number is
 *                         held as incomplete: listed, not marked recorded,
 *                         not exported; no export without [authority];
 *  /law/self-report       the 48 hours of self-reporting counted in hours
 *                         (47 in time, 49 late, where days saw neither), and
 *                         an arrest never reported flagged 48 hours after
 *                         the council learned of it, across a restart;
 *  /law/appeal-varied     the court's order takes effect on the day of its
 *                         result, not from the original statement;
 *  /law/crown        an appeal onward to the Crown Court within 21 days
 *                         of the magistrates' result holds the decision back
 *                         again, across a restart; allowed, it overturns the
 *                         decision, or restores it on the council's appeal;
 *                         late, a warning; the entry lists each step;
 *  /law/search       s.3(1): the register searched before a grant: a grant
 *                         refused without a search in the 90 days up to it,
 *                         across a restart; the matching authority encrypted;
 *                         bad input refused, nothing changed;
 *  /law/training     decision-makers and board members sit only once
 *                         trained: an untrained member refused, or sitting
 *                         with the reason recorded; a hearing moved before
 *                         a member's training refused, across a restart;
 *  /law/publish      the public record of decisions: reasons and
 *                         alternatives with the driver's identifiers
 *                         withheld, declarations and dispensations, HTML and
 *                         CSV, audited; withdrawals left out; bad input
 *                         refused, nothing changed;
 *  /law/templates    the statement of decision in the council's own
 *                         template; the case keeps which template wrote the
 *                         statement given and the hash of its PDF, which the
 *                         printed file matches; a bad template stops
 *                         start-up, naming it;
 *  /law/hearing-notice  the notice of a hearing given by post or email
 *                         counts from the day it is deemed given (over
 *                         Christmas 2026); given after the hearing, refused;
 *  /law/duties            s.3 requests from other authorities (20 working
 *                         days) and s.5 concerns (10), over Christmas and
 *                         New Year 2027, overdue across a restart, done;
 *                         the driver's name encrypted on disk;
 *  /law/bad-input         the new inputs refused with an error naming the
 *                         field, the data unchanged; bad settings stop
 *                         start-up naming them;
 *  /law/panel             a panel decides by a majority of the members
 *                         entitled to vote, for an outcome and its terms;
 *                         a plurality is not a majority; the vice-chair
 *                         chairs a case the chair may not and has the
 *                         casting vote; below the quorum only a deferral. */
#include "config.h"

#include <pwd.h>
#include <string.h>

#include <json-glib/json-glib.h>

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
  "decision-maker=commissioner;chairx\n"
  "board-member=m1;m2;m3;m4;m5;list\n"
  "[authority]\n"
  "name=Test Borough Council\n"
  "contact=Licensing, Town Hall\n";

static void
set_clock (Fixture *f, const char *moment)
{
  g_assert_true (g_file_set_contents (f->clock, moment, -1, NULL));
}

static void
start (Fixture *f)
{
  const char *args[] = { "--config", f->conf, NULL };

  f->daemon = docket_test_daemon_start (f->state, args);
}

/* docketd stopped and started again on @moment: what is due by then is
 * applied at start-up. */
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
  f->dir = docket_test_make_dir ("law");
  f->state = g_build_filename (f->dir, "state", NULL);
  f->conf = g_build_filename (f->dir, "docketd.conf", NULL);
  f->clock = g_build_filename (f->dir, "clock", NULL);
  g_assert_true (g_file_set_contents (f->conf, conf_text, -1, NULL));
  g_setenv ("DOCKET_CLOCK_FILE", f->clock, TRUE);
  g_unsetenv ("DOCKET_TODAY");
  set_clock (f, data ? data : "2027-12-20");
  start (f);
  docket_test_train ("commissioner", "chairx", "m1", "m2", "m3", "m4", NULL);
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

static char *
str_of (JsonObject *o, const char *key)
{
  return json_object_has_member (o, key) && !json_object_get_null_member (o, key)
         ? g_strdup (json_object_get_string_member (o, key)) : NULL;
}

/* The licence's status and its pending changes, as "status: text; ...". */
static char *
licence (const char *lic)
{
  g_autoptr(JsonNode) n = json_of (docket_test_ok ("jsmith", "--json", "driver", "show", lic, NULL));
  JsonObject *d = json_node_get_object (n);
  JsonArray *pending = json_object_get_array_member (d, "pending");
  g_autoptr(GString) s = g_string_new (json_object_get_string_member (d, "status"));

  for (guint i = 0; i < json_array_get_length (pending); i++)
    g_string_append_printf (s, "; %s", json_object_get_string_member (json_array_get_object_element (pending, i), "text"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* The NR3S entry of @case_id, as a JSON object (owned by @node). */
static JsonObject *
entry_of (gint64 case_id, JsonNode **node)
{
  JsonArray *all;

  *node = json_of (docket_test_ok ("jsmith", "--json", "nr3s", "list", NULL));
  all = json_node_get_array (*node);
  for (guint i = 0; i < json_array_get_length (all); i++)
    {
      JsonObject *e = json_array_get_object_element (all, i);
      if (json_object_get_int_member (e, "case") == case_id)
        return e;
    }
  return NULL;
}

static gint64
id_of (const char *key, char *json)
{
  g_autoptr(JsonNode) n = json_of (json);
  return json_object_get_int_member (json_node_get_object (n), key);
}

/* A driver @lic with a case heard on @date; returns the case. */
static char *
heard_case (const char *lic, const char *date)
{
  g_autofree char *h = NULL;

  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", lic, "--kind", "hackney", "--name", "Lee Law",
                          "--status", "active",
                          "--ni-number", "AB123456C", "--dob", "1980-01-02", "--address", "1 High Street, Town",
                          NULL));
  h = g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("hearing", docket_test_ok ("jsmith", "--json", "hearing",
      "schedule", "--date", date, "--time", "10:00", "--venue", "Town Hall", "--decision-maker", "commissioner",
      NULL)));
  return g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("case", docket_test_ok ("jsmith", "--json", "hearing",
      "add-case", h, lic, "--kind", "review", "--grounds", "Assault on a passenger", "--notified", "2000-01-01",
      NULL)));
}

static void
decide (const char *c, const char *outcome, const char *decided, gboolean immediate)
{
  if (immediate)
    g_free (docket_test_ok ("commissioner", "case", "record", c, "--outcome", outcome, "--attendance", "attended",
                            "--reasons", "A risk to passengers", "--safeguarding", "--decided", decided,
                            "--immediate", "--justification", "A continuing risk", NULL));
  else
    g_free (docket_test_ok ("commissioner", "case", "record", c, "--outcome", outcome, "--attendance", "attended",
                            "--reasons", "A risk to passengers", "--safeguarding", "--decided", decided, NULL));
}

static void
test_council_date (Fixture *f, gconstpointer data)
{
  g_autofree char *c = heard_case ("L1", "2026-06-30");
  g_autoptr(JsonNode) n = NULL;

  /* 23:30 UTC on 30 June is 00:30 on 1 July in London. */
  set_clock (f, "2026-06-30T23:30:00Z");
  g_free (docket_test_ok ("commissioner", "case", "record", c, "--outcome", "warning", "--attendance", "attended",
                          "--reasons", "Late at night", NULL));
  n = json_of (docket_test_ok ("jsmith", "--json", "case", "show", c, NULL));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (n), "decided"), ==, "2026-07-01");
}

static void
test_notice_served (Fixture *f, gconstpointer data)
{
  g_autofree char *c = heard_case ("L2", "2027-12-20"), *c2 = NULL, *s = NULL, *err = NULL;
  g_autofree char *before = NULL, *after = NULL, *out = NULL;
  g_autoptr(JsonNode) n = NULL;
  JsonObject *e;

  decide (c, "revoked", "2027-12-20", FALSE);
  set_clock (f, "2027-12-24");

  /* Bad ways of giving it: refused, naming the field; nothing changes. */
  before = docket_test_fingerprint (f->state);
  err = docket_test_refused ("jsmith", "case", "notice", c, "--sent", "2027-12-23", "--method", "pigeon", NULL);
  g_assert_nonnull (strstr (err, "method 'pigeon' is not known; use hand, post or email"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "case", "notice", c, "--sent", "2027-12-23", "--method", "email", NULL);
  g_assert_nonnull (strstr (err, "needs the time it was sent"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "case", "notice", c, "--sent", "2027-12-23", "--time", "10:00", NULL);
  g_assert_nonnull (strstr (err, "a time is given only for a notice sent by email"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "case", "notice", c, "--sent", "2027-12-25", "--method", "post", NULL);
  g_assert_nonnull (strstr (err, "sent date 2027-12-25 is in the future"));
  after = docket_test_fingerprint (f->state);
  g_assert_cmpstr (after, ==, before);

  /* Posted first class on Thursday 23 December 2027: Friday is the
   * first working day after, the 27th and 28th are bank holidays, so it
   * is given on Wednesday 29 December. */
  out = docket_test_ok ("jsmith", "case", "notice", c, "--sent", "2027-12-23", "--method", "post", NULL);
  g_assert_nonnull (strstr (out, "Given to the driver on 2027-12-29"));
  s = licence ("L2");
  g_assert_cmpstr (s, ==, "active; revocation takes effect on 2028-01-19 unless appealed");
  /* The NR3S deadline: five working days after the 29th, past New
   * Year's Day's substitute on Monday 3 January 2028. */
  e = entry_of (1, &n);
  g_assert_nonnull (e);
  g_assert_cmpstr (json_object_get_string_member (e, "notified"), ==, "2027-12-29");
  g_assert_cmpstr (json_object_get_string_member (e, "deadline"), ==, "2028-01-06");
  g_clear_pointer (&n, json_node_unref);

  /* Emailed on Christmas Eve after 16:30: the next working day. */
  c2 = heard_case ("L3", "2027-12-20");
  decide (c2, "revoked", "2027-12-20", FALSE);
  g_clear_pointer (&out, g_free);
  out = docket_test_ok ("jsmith", "--json", "case", "notice", c2, "--sent", "2027-12-24", "--method", "email",
                        "--time", "16:45", NULL);
  g_assert_nonnull (strstr (out, "\"served\" : \"2027-12-29\""));

  /* Across a restart on the day after the 21 days, the revocation is in
   * force. */
  restart_on (f, "2028-01-19");
  g_clear_pointer (&s, g_free);
  s = licence ("L2");
  g_assert_cmpstr (s, ==, "revoked");
}

static void
test_notice_14_days (Fixture *f, gconstpointer data)
{
  g_autofree char *c = heard_case ("L4", "2027-01-04"), *out = NULL, *warned = NULL;

  decide (c, "revoked", "2027-01-04", FALSE);
  out = docket_test_ok ("jsmith", "case", "notices", NULL);
  g_assert_nonnull (strstr (out, "L4"));
  g_assert_nonnull (strstr (out, "2027-01-18"));
  g_clear_pointer (&out, g_free);
  out = docket_test_ok ("jsmith", "case", "notices", "--overdue", NULL);
  g_assert_null (strstr (out, "L4"));
  g_clear_pointer (&out, g_free);

  /* Past the 14 days, across a restart: overdue. */
  restart_on (f, "2027-01-25");
  out = docket_test_ok ("jsmith", "--json", "case", "notices", "--overdue", NULL);
  g_assert_nonnull (strstr (out, "\"licence\" : \"L4\""));
  g_assert_nonnull (strstr (out, "\"overdue\" : true"));
  g_clear_pointer (&out, g_free);

  /* Given now: recorded, with a warning, and off the queue. */
  warned = docket_test_ok_warned ("jsmith", "case", "notice", c, "--sent", "2027-01-25", NULL);
  g_assert_nonnull (strstr (warned, "the statement is given on 2027-01-25, 21 days after the decision of "
                                    "2027-01-04; section 61(2)(a) of the 1976 Act asks for the grounds within 14 days"));
  out = docket_test_ok ("jsmith", "case", "notices", NULL);
  g_assert_null (strstr (out, "L4"));
}

static void
test_immediate (Fixture *f, gconstpointer data)
{
  g_autofree char *c = heard_case ("L5", "2027-03-01"), *s = NULL;

  set_clock (f, "2027-03-04");
  decide (c, "revoked", "2027-03-01", TRUE);
  s = licence ("L5");
  g_assert_cmpstr (s, ==, "active; revocation takes effect when the statement is given (immediate effect in the "
                          "interests of public safety)");
  g_clear_pointer (&s, g_free);

  /* Posted on Thursday 4 March: given on Monday 8 March. */
  g_free (docket_test_ok ("jsmith", "case", "notice", c, "--sent", "2027-03-04", "--method", "post", NULL));
  s = licence ("L5");
  g_assert_cmpstr (s, ==, "active; revocation takes effect on 2027-03-08");
  g_clear_pointer (&s, g_free);
  restart_on (f, "2027-03-07");
  s = licence ("L5");
  g_assert_cmpstr (s, ==, "active; revocation takes effect on 2027-03-08");
  g_clear_pointer (&s, g_free);
  restart_on (f, "2027-03-08");
  s = licence ("L5");
  g_assert_cmpstr (s, ==, "revoked");
}

static void
test_corrected (Fixture *f, gconstpointer data)
{
  g_autofree char *c = heard_case ("L6", "2027-03-01"), *s = NULL, *changes = NULL;
  g_autoptr(JsonNode) n = NULL;
  JsonObject *e;

  set_clock (f, "2027-03-03");
  decide (c, "revoked", "2027-03-01", FALSE);
  g_free (docket_test_ok ("jsmith", "case", "notice", c, "--sent", "2027-03-02", NULL));
  s = licence ("L6");
  g_assert_cmpstr (s, ==, "active; revocation takes effect on 2027-03-23 unless appealed");
  g_clear_pointer (&s, g_free);

  /* The reasons corrected: the statement of version 1 no longer counts. */
  g_free (docket_test_ok ("commissioner", "case", "record", c, "--outcome", "revoked", "--reasons",
                          "A risk to passengers, twice", "--safeguarding", "--decided", "2027-03-01",
                          "--correction", "Two incidents, not one", NULL));
  s = licence ("L6");
  g_assert_cmpstr (s, ==, "active; revocation takes effect 21 days after the statement of decision is sent, "
                          "unless appealed");
  g_clear_pointer (&s, g_free);
  e = entry_of (1, &n);
  g_assert_true (!json_object_has_member (e, "notified") || json_object_get_null_member (e, "notified"));
  changes = str_of (e, "changes");
  g_assert_nonnull (strstr (changes, "decision corrected (version 2: revoked); the statement given on "
                                     "2027-03-02 no longer counts"));
  g_clear_pointer (&n, json_node_unref);

  /* Still waiting across a restart past the old 21 days. */
  restart_on (f, "2027-03-24");
  s = licence ("L6");
  g_assert_cmpstr (s, ==, "active; revocation takes effect 21 days after the statement of decision is sent, "
                          "unless appealed");
  g_clear_pointer (&s, g_free);

  /* The new statement starts the clocks. */
  g_free (docket_test_ok ("jsmith", "case", "notice", c, "--sent", "2027-03-24", NULL));
  s = licence ("L6");
  g_assert_cmpstr (s, ==, "active; revocation takes effect on 2027-04-14 unless appealed");
  e = entry_of (1, &n);
  g_assert_cmpstr (json_object_get_string_member (e, "notified"), ==, "2027-03-24");
  /* Five working days after Wednesday 24 March 2027, past Good Friday
   * (the 26th) and Easter Monday (the 29th). */
  g_assert_cmpstr (json_object_get_string_member (e, "deadline"), ==, "2027-04-02");
}

static void
test_relisted (Fixture *f, gconstpointer data)
{
  g_autofree char *c = heard_case ("L7", "2027-03-01"), *h2 = NULL, *err = NULL, *before = NULL, *after = NULL;
  gint64 later;

  set_clock (f, "2027-03-20");
  g_free (docket_test_ok ("commissioner", "case", "record", c, "--outcome", "deferred", "--attendance", "attended",
                          "--reasons", "Awaiting the police report", "--decided", "2027-03-01", NULL));
  h2 = g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("hearing", docket_test_ok ("jsmith", "--json", "hearing",
      "schedule", "--date", "2027-03-15", "--time", "10:00", "--venue", "Town Hall", "--decision-maker",
      "commissioner", NULL)));
  later = id_of ("case", docket_test_ok ("jsmith", "--json", "case", "relist", c, "--hearing", h2, "--notified",
                                         "2027-03-02", NULL));
  before = docket_test_fingerprint (f->state);
  err = docket_test_refused ("commissioner", "case", "record", c, "--outcome", "deferred", "--reasons",
                             "Awaiting the police report and a medical", "--correction", "Both awaited", NULL);
  {
    g_autofree char *expected = g_strdup_printf ("Case %s was deferred and relisted as case %" G_GINT64_FORMAT
                                                 ", which carries the decision; record or correct it there",
                                                 c, later);
    g_assert_nonnull (strstr (err, expected));
  }
  after = docket_test_fingerprint (f->state);
  g_assert_cmpstr (after, ==, before);
}

static void
test_retention (Fixture *f, gconstpointer data)
{
  g_autofree char *c = heard_case ("L8", "2027-02-01"), *out = NULL;
  g_autoptr(JsonNode) n = NULL;
  JsonObject *e;

  /* Decided on 1 February, made on 1 March: kept from the entry. */
  set_clock (f, "2027-03-01");
  decide (c, "revoked", "2027-02-01", FALSE);
  g_free (docket_test_ok ("jsmith", "case", "notice", c, "--sent", "2027-03-01", NULL));
  e = entry_of (1, &n);
  g_assert_cmpstr (json_object_get_string_member (e, "retain-until"), ==, "2038-03-01");
  g_clear_pointer (&n, json_node_unref);
  /* Made in the national register on 4 March: 11 years from that day. */
  set_clock (f, "2027-03-04");
  g_free (docket_test_ok ("jsmith", "nr3s", "mark", "1", "--date", "2027-03-04", NULL));
  e = entry_of (1, &n);
  g_assert_cmpstr (json_object_get_string_member (e, "retain-until"), ==, "2038-03-04");
  g_clear_pointer (&n, json_node_unref);
  /* A later change (an appeal result) does not move it. */
  set_clock (f, "2027-03-10");
  g_free (docket_test_ok ("jsmith", "case", "appeal", c, "--lodged", "2027-03-10", NULL));
  g_free (docket_test_ok ("jsmith", "case", "appeal", c, "--result", "dismissed", "--result-date", "2027-03-10", NULL));
  e = entry_of (1, &n);
  g_assert_cmpstr (json_object_get_string_member (e, "retain-until"), ==, "2038-03-04");
  g_clear_pointer (&n, json_node_unref);

  /* A later grant of a licence to the driver is a change to the entry. */
  set_clock (f, "2027-04-02");
  g_free (docket_test_ok ("jsmith", "driver", "update", "L8", "--status", "applicant", "--reason",
                          "Applied again", NULL));
  {
    g_autofree char *h2 = g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("hearing", docket_test_ok ("jsmith", "--json",
        "hearing", "schedule", "--date", "2027-04-01", "--time", "10:00", "--venue", "Town Hall", "--decision-maker",
        "commissioner", NULL)));
    g_autofree char *c2 = g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("case", docket_test_ok ("jsmith", "--json",
        "hearing", "add-case", h2, "L8", "--kind", "application", "--grounds", "A new application",
        "--notified", "2000-01-01", NULL)));
    g_autofree char *changes = NULL;
    g_free (docket_test_ok ("jsmith", "nr3s", "search", "L8", "--result", "match", "--authority", "Test Borough Council",
                            "--date", "2027-04-01", NULL));
    g_free (docket_test_ok ("commissioner", "case", "record", c2, "--outcome", "granted", "--attendance", "attended",
                            "--reasons", "Rehabilitated", "--expires", "2030-04-01", "--decided", "2027-04-01", NULL));
    e = entry_of (1, &n);
    changes = str_of (e, "changes");
    g_assert_nonnull (strstr (changes, "2027-04-01 licence granted again (case 2)"));
    g_assert_cmpstr (json_object_get_string_member (e, "retain-until"), ==, "2038-03-04");
    g_clear_pointer (&n, json_node_unref);
  }

  /* The last day of the 11 years beginning on 4 March 2027 is 3 March
   * 2038: still kept; gone the day after. */
  restart_on (f, "2038-03-03");
  e = entry_of (1, &n);
  g_assert_nonnull (e);
  g_clear_pointer (&n, json_node_unref);
  restart_on (f, "2038-03-04");
  e = entry_of (1, &n);
  g_assert_null (e);
  out = docket_test_ok (NULL, "audit", "log", NULL);
  g_assert_nonnull (strstr (out, "register.expire"));
}

static void
test_nr3s_identity (Fixture *f, gconstpointer data)
{
  g_autofree char *h = NULL, *c = NULL, *out = NULL, *err = NULL, *before = NULL, *after = NULL;
  g_autofree char *bare_conf = g_build_filename (f->dir, "bare.conf", NULL);

  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", "L9", "--kind", "hackney", "--name", "Ida Incomplete",
                          "--status", "active", NULL));
  h = g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("hearing", docket_test_ok ("jsmith", "--json", "hearing",
      "schedule", "--date", "2027-03-01", "--time", "10:00", "--venue", "Town Hall", "--decision-maker",
      "commissioner", NULL)));
  c = g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("case", docket_test_ok ("jsmith", "--json", "hearing",
      "add-case", h, "L9", "--kind", "review", "--grounds", "Assault", "--notified", "2000-01-01", NULL)));
  /* The decision stands; the entry is held as incomplete. */
  decide (c, "revoked", "2027-03-01", FALSE);
  g_free (docket_test_ok ("jsmith", "case", "notice", c, "--sent", "2027-03-01", NULL));
  out = docket_test_ok ("jsmith", "--json", "nr3s", "list", "--incomplete", NULL);
  g_assert_nonnull (strstr (out, "\"missing\" : \"date of birth, home address, National Insurance or DVLA "
                                 "driving licence number\""));

  before = docket_test_fingerprint (f->state);
  err = docket_test_refused ("jsmith", "nr3s", "mark", "1", "--date", "2027-03-02", NULL);
  g_assert_nonnull (strstr (err, "Register entry 1: the record of licence L9 lacks date of birth, home address, "
                                 "National Insurance or DVLA driving licence number, which the national register "
                                 "needs; complete it first"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "nr3s", "export", "--csv", "-", NULL);
  g_assert_nonnull (strstr (err, "entry 1 (licence L9): date of birth"));
  after = docket_test_fingerprint (f->state);
  g_assert_cmpstr (after, ==, before);

  /* Completed, it is recorded and exported. */
  g_free (docket_test_ok ("jsmith", "driver", "update", "L9", "--dob", "1970-05-05", "--address", "2 Low Road",
                          "--dvla-number", "INCOM705050I99AB", NULL));
  g_clear_pointer (&out, g_free);
  out = docket_test_ok ("jsmith", "nr3s", "list", "--incomplete", NULL);
  g_assert_null (strstr (out, "L9"));
  g_free (docket_test_ok ("jsmith", "nr3s", "mark", "1", "--date", "2027-03-02", NULL));
  g_free (docket_test_ok ("jsmith", "nr3s", "export", "--csv", "-", NULL));

  /* Without the authority's details, no export. */
  g_assert_true (g_file_set_contents (bare_conf, "[roles]\nofficer=jsmith\n", -1, NULL));
  docket_test_daemon_stop (f->daemon);
  {
    const char *args[] = { "--config", bare_conf, NULL };
    f->daemon = docket_test_daemon_start (f->state, args);
  }
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "nr3s", "export", "--csv", "-", NULL);
  g_assert_nonnull (strstr (err, "docketd.conf has no [authority] name and contact"));
}

static void
test_appeal_varied (Fixture *f, gconstpointer data)
{
  g_autofree char *c = heard_case ("L11", "2027-03-01"), *s = NULL;
  g_autoptr(JsonNode) n = NULL;

  set_clock (f, "2027-03-01");
  decide (c, "revoked", "2027-03-01", FALSE);
  g_free (docket_test_ok ("jsmith", "case", "notice", c, "--sent", "2027-03-01", NULL));
  set_clock (f, "2027-03-05");
  g_free (docket_test_ok ("jsmith", "case", "appeal", c, "--lodged", "2027-03-05", NULL));
  s = licence ("L11");
  g_assert_cmpstr (s, ==, "active; revocation waits for the appeal lodged on 2027-03-05");
  g_clear_pointer (&s, g_free);
  /* The court varies it to a suspension on 20 March: from that day. */
  set_clock (f, "2027-03-20");
  g_free (docket_test_ok ("jsmith", "case", "appeal", c, "--result", "varied", "--outcome", "suspended", "--until",
                          "2027-06-01", "--result-date", "2027-03-20", NULL));
  s = licence ("L11");
  g_assert_cmpstr (s, ==, "suspended; suspension ends on 2027-06-01");
  n = json_of (docket_test_ok ("jsmith", "--json", "driver", "show", "L11", NULL));
  {
    JsonArray *history = json_object_get_array_member (json_node_get_object (n), "history");
    JsonObject *last = json_array_get_object_element (history, json_array_get_length (history) - 1);
    g_assert_nonnull (strstr (json_object_get_string_member (last, "reason"), "suspension on 2027-03-20"));
  }
}

/* Appeals onward to the Crown Court (Public Health Act 1936 s.301 via the
 * 1976 Act s.77(1)), within 21 days of the magistrates' result (Criminal
 * Procedure Rules r.34.2). */
static void
test_crown (Fixture *f, gconstpointer data)
{
  g_autofree char *c = heard_case ("L12", "2027-03-01"), *s = NULL, *err = NULL, *before = NULL, *after = NULL;
  g_autofree char *c2 = NULL, *changes = NULL, *out = NULL;
  g_autoptr(JsonNode) n = NULL;
  JsonObject *e;

  decide (c, "revoked", "2027-03-01", FALSE);
  g_free (docket_test_ok ("jsmith", "case", "notice", c, "--sent", "2027-03-01", NULL));
  /* No Crown Court appeal before the magistrates' result. */
  err = docket_test_refused ("jsmith", "case", "appeal", c, "--court", "crown", "--lodged", "2027-03-01", NULL);
  g_assert_nonnull (strstr (err, "Case 1: the magistrates' court has not decided an appeal"));
  g_clear_pointer (&err, g_free);
  set_clock (f, "2027-03-05");
  g_free (docket_test_ok ("jsmith", "case", "appeal", c, "--lodged", "2027-03-05", NULL));
  set_clock (f, "2027-04-01");
  g_free (docket_test_ok ("jsmith", "case", "appeal", c, "--result", "dismissed", "--result-date", "2027-04-01",
                          NULL));
  s = licence ("L12");
  g_assert_cmpstr (s, ==, "revoked");
  g_clear_pointer (&s, g_free);

  /* Lodged in time: the revocation is held back again. */
  set_clock (f, "2027-04-10");
  before = docket_test_fingerprint (f->state);
  err = docket_test_refused ("jsmith", "case", "appeal", c, "--court", "crown", "--lodged", "2027-03-30", NULL);
  g_assert_nonnull (strstr (err, "lodged date 2027-03-30 is before the magistrates' court's result on 2027-04-01"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "case", "appeal", c, "--court", "crown", NULL);
  g_assert_nonnull (strstr (err, "the date the appeal to the Crown Court was lodged is required"));
  g_clear_pointer (&err, g_free);
  after = docket_test_fingerprint (f->state);
  g_assert_cmpstr (after, ==, before);
  g_free (docket_test_ok ("jsmith", "case", "appeal", c, "--court", "crown", "--lodged", "2027-04-10",
                          "--court-name", "Town Crown Court", NULL));
  s = licence ("L12");
  g_assert_cmpstr (s, ==, "active; revocation waits for the appeal to the Crown Court lodged on 2027-04-10");
  g_clear_pointer (&s, g_free);
  out = docket_test_ok ("jsmith", "case", "show", c, NULL);

  g_assert_nonnull (strstr (out, "Appeal to the Crown Court"));
  g_assert_nonnull (strstr (out, "Town Crown Court"));
  e = entry_of (1, &n);
  changes = str_of (e, "changes");
  g_assert_nonnull (strstr (changes, "2027-04-01 appeal dismissed; 2027-04-10 appeal to the Crown Court lodged"));
  g_clear_pointer (&changes, g_free);
  g_clear_pointer (&n, json_node_unref);

  /* Still held across a restart a month on. */
  restart_on (f, "2027-05-10");
  s = licence ("L12");
  g_assert_cmpstr (s, ==, "active; revocation waits for the appeal to the Crown Court lodged on 2027-04-10");
  g_clear_pointer (&s, g_free);
  /* The Crown Court allows it: the decision is overturned. */
  g_free (docket_test_ok ("jsmith", "case", "appeal", c, "--court", "crown", "--result", "allowed", NULL));
  s = licence ("L12");
  g_assert_cmpstr (s, ==, "active");
  g_clear_pointer (&s, g_free);
  e = entry_of (1, &n);
  g_assert_cmpstr (json_object_get_string_member (e, "state"), ==, "overturned");
  changes = str_of (e, "changes");
  g_assert_nonnull (strstr (changes, "2027-05-10 the Crown Court allowed the appeal: decision overturned"));
  g_clear_pointer (&changes, g_free);
  g_clear_pointer (&n, json_node_unref);
  err = docket_test_refused ("jsmith", "case", "appeal", c, "--court", "crown", "--result", "dismissed", NULL);
  g_assert_nonnull (strstr (err, "Case 1: the appeal to the Crown Court was already decided (allowed)"));
  g_clear_pointer (&err, g_free);

  /* The council's own appeal: the magistrates allowed the driver's
   * appeal, the Crown Court restores the revocation from its result. */
  c2 = heard_case ("L13", "2027-05-10");
  decide (c2, "revoked", "2027-05-10", FALSE);
  g_free (docket_test_ok ("jsmith", "case", "notice", c2, "--sent", "2027-05-10", NULL));
  g_free (docket_test_ok ("jsmith", "case", "appeal", c2, "--lodged", "2027-05-10", NULL));
  set_clock (f, "2027-06-01");
  g_free (docket_test_ok ("jsmith", "case", "appeal", c2, "--result", "allowed", NULL));
  s = licence ("L13");
  g_assert_cmpstr (s, ==, "active");
  g_clear_pointer (&s, g_free);
  /* Late (23 days): recorded with a warning. */
  set_clock (f, "2027-06-24");
  g_clear_pointer (&out, g_free);
  out = docket_test_ok_warned ("jsmith", "case", "appeal", c2, "--court", "crown", "--lodged", "2027-06-24", NULL);
  g_assert_nonnull (strstr (out, "lodged 23 days after the magistrates' court's result, outside the 21 days"));
  set_clock (f, "2027-07-15");
  err = docket_test_refused ("jsmith", "case", "appeal", c2, "--court", "crown", "--result", "bogus", NULL);
  g_assert_nonnull (strstr (err, "result 'bogus' is not one of dismissed, allowed, varied or withdrawn"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "case", "appeal", c2, "--court", "crown", "--lodged", "2027-06-25", NULL);
  g_assert_nonnull (strstr (err, "the appeal to the Crown Court was lodged on 2027-06-24; that date does not change"));
  g_clear_pointer (&err, g_free);
  g_free (docket_test_ok ("jsmith", "case", "appeal", c2, "--court", "crown", "--result", "allowed", NULL));
  restart_on (f, "2027-07-16");
  s = licence ("L13");
  g_assert_cmpstr (s, ==, "revoked");
  g_clear_pointer (&s, g_free);
  e = entry_of (2, &n);
  g_assert_cmpstr (json_object_get_string_member (e, "state"), ==, "current");
  g_assert_cmpstr (json_object_get_string_member (e, "decision"), ==, "revoked");
  changes = str_of (e, "changes");
  g_assert_nonnull (strstr (changes, "2027-07-15 the Crown Court restored the decision (revoked)"));

  /* A late appeal to the magistrates held nothing back; its onward
   * appeal, though in time, holds nothing back either. */
  {
    g_autofree char *c3 = heard_case ("L14", "2027-07-16"), *s3 = NULL;
    decide (c3, "revoked", "2027-07-16", FALSE);
    g_free (docket_test_ok ("jsmith", "case", "notice", c3, "--sent", "2027-07-16", NULL));
    restart_on (f, "2027-08-10");
    g_free (docket_test_ok_warned ("jsmith", "case", "appeal", c3, "--lodged", "2027-08-10", NULL));
    g_free (docket_test_ok ("jsmith", "case", "appeal", c3, "--result", "dismissed", NULL));
    g_free (docket_test_ok ("jsmith", "case", "appeal", c3, "--court", "crown", "--lodged", "2027-08-10", NULL));
    s3 = licence ("L14");
    g_assert_cmpstr (s3, ==, "revoked");
  }
}

/* s.3(1): the search of the national register before a grant: recorded,
 * the matching authority encrypted at rest, bad input refused with
 * nothing changed, and a grant by an officer refused without a search in
 * the 90 days up to it, across a restart that crosses the 90th day. */
static void
test_search (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL, *err = NULL, *before = NULL, *after = NULL;
  g_autofree char *db = g_build_filename (f->state, "docket.db", NULL);

  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", "S1", "--kind", "hackney", "--name", "Sam Search",
                          "--status", "applicant", NULL));
  before = docket_test_fingerprint (f->state);
  err = docket_test_refused ("jsmith", "nr3s", "search", "S1", "--result", "maybe", NULL);
  g_assert_nonnull (strstr (err, "Licence S1: result 'maybe' is not one of no-match or match"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "nr3s", "search", "S1", "--result", "no-match", "--authority", "X", NULL);
  g_assert_nonnull (strstr (err, "Licence S1: authority is given only with a match"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "nr3s", "search", "S1", "--result", "no-match", "--date", "2030-01-01", NULL);
  g_assert_nonnull (strstr (err, "Licence S1: "));
  g_assert_nonnull (strstr (err, "2030-01-01"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "nr3s", "search", "S9", "--result", "no-match", NULL);
  g_assert_nonnull (strstr (err, "Licence S9: no such driver"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("commissioner", "nr3s", "search", "S1", "--result", "no-match", NULL);
  g_clear_pointer (&err, g_free);
  after = docket_test_fingerprint (f->state);
  g_assert_cmpstr (after, ==, before);

  g_free (docket_test_ok ("jsmith", "nr3s", "search", "S1", "--result", "match", "--authority",
                          "Northshire District Council", "--details", "Revoked 2019; request sent", "--date",
                          "2027-03-01", NULL));
  out = docket_test_ok ("jsmith", "--json", "nr3s", "searches", "S1", NULL);
  g_assert_nonnull (strstr (out, "\"authority\" : \"Northshire District Council\""));
  g_assert_nonnull (strstr (out, "\"searched\" : \"2027-03-01\""));
  g_assert_false (docket_test_file_contains (db, "Northshire"));

  /* On 31 May, after a restart, the search of 1 March is 91 days old:
   * too old. On 30 May, 90 days, it still counts. */
  restart_on (f, "2027-05-31");
  err = docket_test_refused ("jsmith", "driver", "update", "S1", "--status", "active", "--reason", "Granted", NULL);
  g_assert_nonnull (strstr (err, "Licence S1: no search of the national register (NR3S) for licence S1 is recorded "
                                 "in the 90 days up to 2027-05-31"));
  restart_on (f, "2027-05-30");
  g_free (docket_test_ok ("jsmith", "driver", "update", "S1", "--status", "active", "--reason", "Granted", NULL));
}

/* Members sit only once trained (the Statutory Standards, section 4):
 * a hearing with an untrained member is refused, or scheduled with the
 * reason recorded; training is dated and in the past; a hearing moved
 * before a member's training is refused, across a restart. */
static void
test_training (Fixture *f, gconstpointer data)
{
  g_autofree char *err = NULL, *before = NULL, *after = NULL, *out = NULL, *h = NULL;

  before = docket_test_fingerprint (f->state);
  err = docket_test_refused ("jsmith", "hearing", "schedule", "--date", "2027-04-01", "--time", "10:00", "--venue",
                             "Town Hall", "--decision-maker", "commissioner", "--board", "m1,m5", NULL);
  g_assert_nonnull (strstr (err, "New hearing: m5: no licensing-hearing training recorded as completed by "
                                 "2027-04-01; record it, or give the reason to sit untrained"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "user", "train", "m5", "--completed", "2027-03-20", "--course", "Induction",
                             NULL);
  g_assert_nonnull (strstr (err, "User m5: "));
  g_assert_nonnull (strstr (err, "2027-03-20"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "user", "train", "jsmith", "--completed", "2027-03-01", "--course", "Induction",
                             NULL);
  g_assert_nonnull (strstr (err, "User jsmith: jsmith is neither a decision-maker nor a board member"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "user", "train", "m5", "--completed", "2027-03-01", "--course", " ", NULL);
  g_assert_nonnull (strstr (err, "User m5: course is required"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("m1", "user", "train", "m5", "--completed", "2027-03-01", "--course", "Induction", NULL);
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "hearing", "schedule", "--date", "2027-04-01", "--time", "10:00", "--venue",
                             "Town Hall", "--decision-maker", "commissioner", "--board", "m1",
                             "--untrained-reason", "Not needed", NULL);
  g_assert_nonnull (strstr (err, "untrained-reason is given only when someone sitting is untrained"));
  after = docket_test_fingerprint (f->state);
  g_assert_cmpstr (after, ==, before);

  /* With the reason recorded, the hearing goes ahead. */
  h = g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("hearing", docket_test_ok ("jsmith", "--json", "hearing",
      "schedule", "--date", "2027-04-01", "--time", "10:00", "--venue", "Town Hall", "--decision-maker",
      "commissioner", "--board", "m1,m5", "--untrained-reason", "Substitute for an ill member; training booked",
      NULL)));
  out = docket_test_ok ("jsmith", "hearing", "show", h, NULL);
  g_assert_nonnull (strstr (out, "Substitute for an ill member; training booked"));
  g_clear_pointer (&out, g_free);
  out = docket_test_ok (NULL, "audit", "log", NULL);
  g_assert_nonnull (strstr (out, "sitting untrained: m5, because: Substitute for an ill member"));

  /* Trained on 24 March; a hearing on 5 April may not move to 23 March. */
  restart_on (f, "2027-03-25");
  g_free (docket_test_ok ("jsmith", "user", "train", "m5", "--completed", "2027-03-24", "--course",
                          "Licensing hearings: induction", NULL));
  g_clear_pointer (&out, g_free);
  out = docket_test_ok ("jsmith", "user", "training", "m5", NULL);
  g_assert_nonnull (strstr (out, "2027-03-24"));
  g_clear_pointer (&out, g_free);
  out = docket_test_ok (NULL, "--json", "user", "list", NULL);
  g_assert_nonnull (strstr (out, "\"trained\" : \"2027-03-24\""));
  g_clear_pointer (&h, g_free);
  h = g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("hearing", docket_test_ok ("jsmith", "--json", "hearing",
      "schedule", "--date", "2027-04-05", "--time", "10:00", "--venue", "Town Hall", "--decision-maker",
      "commissioner", "--board", "m1,m5", NULL)));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "hearing", "reschedule", h, "--date", "2027-03-23", "--reason", "Room free",
                             NULL);
  g_assert_nonnull (strstr (err, "m5: no licensing-hearing training recorded as completed by 2027-03-23, the new "
                                 "date"));
  g_free (docket_test_ok ("jsmith", "hearing", "reschedule", h, "--date", "2027-03-26", "--reason", "Room free",
                          NULL));

  /* People are shown by the full names in the user database: Debian's
   * own "list" user is the "Mailing List Manager". */
  {
    struct passwd *pw = getpwnam ("list");
    g_autofree char *people = NULL, *expected = NULL;

    if (pw == NULL || pw->pw_gecos == NULL || *pw->pw_gecos == '\0')
      return;
    g_autofree char *bad = docket_test_refused ("jsmith", "user", "people", "chairman", NULL);
    g_assert_nonnull (strstr (bad, "role 'chairman' is not known"));
    expected = g_strndup (pw->pw_gecos, strcspn (pw->pw_gecos, ","));
    people = docket_test_ok ("jsmith", "--json", "user", "people", "board-member", NULL);
    g_assert_nonnull (strstr (people, expected));
  }
}

/* The public record of decisions (Openness of Local Government Bodies
 * Regulations 2014, regs 7-8): date, decision, reasons, alternatives,
 * declarations and dispensations, with the driver's identifiers withheld;
 * written as HTML and CSV, audited; bad input refused. */
static void
test_publish (Fixture *f, gconstpointer data)
{
  g_autofree char *h = NULL, *c = NULL, *c2 = NULL, *err = NULL, *html = NULL, *csv = NULL, *out = NULL;
  g_autofree char *html_path = g_build_filename (f->dir, "decisions.html", NULL);
  g_autofree char *csv_path = g_build_filename (f->dir, "decisions.csv", NULL);
  g_autofree char *before = NULL, *after = NULL;

  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", "PL20", "--kind", "private-hire", "--name",
                          "Lee Law", "--status", "active", "--ni-number", "AB123456C", "--dob", "1980-01-02",
                          "--address", "1 High Street, Town", NULL));
  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", "PL21", "--kind", "hackney", "--name",
                          "Wendy Withdrawn", "--status", "active", NULL));
  h = g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("hearing", docket_test_ok ("jsmith", "--json", "hearing",
      "schedule", "--date", "2027-03-01", "--time", "10:00", "--venue", "Town Hall", "--decision-maker",
      "commissioner", "--board", "m1,m2", NULL)));
  c = g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("case", docket_test_ok ("jsmith", "--json", "hearing",
      "add-case", h, "PL20", "--kind", "review", "--grounds", "Assault", "--notified", "2000-01-01", NULL)));
  c2 = g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("case", docket_test_ok ("jsmith", "--json", "hearing",
      "add-case", h, "PL21", "--kind", "review", "--grounds", "Complaint", "--notified", "2000-01-01", NULL)));
  g_free (docket_test_ok ("m1", "case", "declare", c, "--member", "m1", "--interest",
                          "Lee Law is my neighbour's son", "--prejudicial", NULL));
  g_free (docket_test_ok ("m2", "case", "declare", c, "--member", "m2", "--interest", "Uses the same rank", NULL));

  before = docket_test_fingerprint (f->state);
  err = docket_test_refused ("jsmith", "case", "dispense", c, "--member", "m2", "--dispensation", "x", NULL);
  g_assert_nonnull (strstr (err, "Case 1: member m2 has declared no prejudicial interest in this case"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "case", "dispense", c, "--member", "m1", "--dispensation", " ", NULL);
  g_assert_nonnull (strstr (err, "Case 1: the dispensation is required"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("m1", "case", "dispense", c, "--member", "m1", "--dispensation", "Mine", NULL);
  g_clear_pointer (&err, g_free);
  after = docket_test_fingerprint (f->state);
  g_assert_cmpstr (after, ==, before);
  g_free (docket_test_ok ("jsmith", "case", "dispense", c, "--member", "m1", "--dispensation",
                          "Granted by the Monitoring Officer on 2027-02-25 (Localism Act 2011 s.33)", NULL));
  /* Taking part again, m1 may advise. */
  g_free (docket_test_ok ("jsmith", "hearing", "presence", h, "m1", NULL));
  g_free (docket_test_ok ("m1", "case", "advise", c, "--advice", "Revoke", NULL));
  g_free (docket_test_ok ("commissioner", "case", "record", c, "--outcome", "revoked", "--attendance", "attended",
                          "--reasons", "Mr Lee Law (licence PL20, NI AB123456C) assaulted a passenger in Leeds; "
                          "LAW's account was not credible", "--alternatives", "A suspension of Lee's licence",
                          "--safeguarding", "--decided", "2027-03-01", NULL));
  g_free (docket_test_ok ("commissioner", "case", "record", c2, "--outcome", "withdrawn", "--decided", "2027-03-01",
                          NULL));
  err = docket_test_refused ("jsmith", "case", "dispense", c, "--member", "m1", "--dispensation", "Late", NULL);
  g_assert_nonnull (strstr (err, "is decided (revoked): a dispensation is recorded before the decision"));
  g_clear_pointer (&err, g_free);

  g_free (docket_test_ok ("jsmith", "decisions", "publish", "--from", "2027-03-01", "--to", "2027-03-31",
                          "--html", html_path, "--csv", csv_path, NULL));
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_nonnull (strstr (html, "<dt>Decision</dt><dd>Licence revoked</dd>"));
  g_assert_nonnull (strstr (html, "<dt>Date of decision</dt><dd>1 March 2027</dd>"));
  g_assert_nonnull (strstr (html, "Mr [withheld] (licence [withheld], NI [withheld]) assaulted a "
                                  "passenger in Leeds; [withheld]&apos;s account was not credible"));
  g_assert_nonnull (strstr (html, "A suspension of [withheld]&apos;s licence"));
  g_assert_nonnull (strstr (html, "m1 declared a prejudicial interest and took part under a dispensation: "
                                  "Granted by the Monitoring Officer on 2027-02-25"));
  g_assert_nonnull (strstr (html, "m2 declared an interest that was not prejudicial"));
  g_assert_nonnull (strstr (html, "commissioner (decision-maker)"));
  g_assert_nonnull (strstr (html, "Test Borough Council"));
  g_assert_null (strstr (html, "Lee Law"));
  g_assert_null (strstr (html, "neighbour"));
  g_assert_null (strstr (html, "AB123456C"));
  g_assert_null (strstr (html, "Wendy"));
  g_assert_true (g_str_has_prefix (csv, "reference,date,hearing-date,kind,licence-kind,decided-by,decision,reasons,"
                                        "alternatives,declarations,votes\r\n"));
  g_assert_nonnull (strstr (csv, "Case 1,2027-03-01,2027-03-01,Review of a licence,Private hire driver,"));
  g_assert_null (strstr (csv, "PL20"));
  out = docket_test_ok (NULL, "audit", "log", NULL);
  g_assert_nonnull (strstr (out, "decisions.publish"));
  g_assert_nonnull (strstr (out, "m1 takes part under a dispensation"));

  /* Bad ranges: refused, naming the field; nothing changes. */
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);
  before = docket_test_fingerprint (f->state);
  err = docket_test_refused ("jsmith", "decisions", "publish", "--from", "2027-04-01", "--to", "2027-03-01", NULL);
  g_assert_nonnull (strstr (err, "from 2027-04-01 is after to 2027-03-01"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "decisions", "publish", "--from", "2027-13-01", "--to", "2027-03-01", NULL);
  g_assert_nonnull (strstr (err, "2027-13-01"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("m1", "decisions", "publish", "--from", "2027-03-01", "--to", "2027-03-01", NULL);
  after = docket_test_fingerprint (f->state);
  g_assert_cmpstr (after, ==, before);
}

/* BLAKE2b-256 of @path, as coreutils' b2sum computes it. */
static char *
b2sum (const char *path)
{
  g_autofree char *out = NULL;
  const char *argv[] = { "b2sum", "-l", "256", path, NULL };
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status,
                               NULL));
  g_assert_cmpint (status, ==, 0);
  return g_strndup (out, 64);
}

/* Notices from templates the council may edit ([authority] templates): the
 * statement given is rendered with the council's wording, and the case
 * keeps which template wrote it and the hash of the PDF given, which the
 * file the officer printed matches; a bad template stops start-up, naming
 * it. */
static void
test_templates (Fixture *f, gconstpointer data)
{
  g_autofree char *c = heard_case ("T1", "2027-03-01"), *out = NULL, *hash = NULL, *tdir = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "statement.pdf", NULL);
  g_autofree char *tfile = NULL, *conf = g_build_filename (f->dir, "templates.conf", NULL), *conf_text2 = NULL;
  g_autoptr(JsonNode) n = NULL;
  JsonObject *o;

  /* The notice of the hearing, in the default wording: when, where, why. */
  out = docket_test_ok ("jsmith", "case", "hearing-notice", c, NULL);
  g_assert_nonnull (strstr (out, "NOTICE OF HEARING"));
  g_assert_nonnull (strstr (out, "Lee Law, the council will consider the review of licence T1 (case 1) at a hearing "
                                 "on 2027-03-01 at 10:00, at Town Hall."));
  g_assert_nonnull (strstr (out, "Assault on a passenger"));
  g_assert_nonnull (strstr (out, "at least 14 days' notice"));
  g_clear_pointer (&out, g_free);
  g_free (docket_test_ok ("jsmith", "case", "hearing-notice", c, "--pdf", pdf, NULL));
  {
    g_autofree char *a = b2sum (pdf);
    g_free (docket_test_ok ("jsmith", "case", "hearing-notice", c, "--pdf", pdf, NULL));
    hash = b2sum (pdf);
    g_assert_cmpstr (a, ==, hash);   /* the same notice, the same bytes */
    g_clear_pointer (&hash, g_free);
  }
  decide (c, "revoked", "2027-03-01", FALSE);
  /* The default wording, before any template of the council's. */
  out = docket_test_ok ("jsmith", "case", "notice", c, NULL);
  g_assert_nonnull (strstr (out, "You may appeal against this decision to a magistrates' court within 21 days"));
  g_clear_pointer (&out, g_free);

  /* The council's own template. */
  tdir = g_build_filename (f->dir, "templates", NULL);
  g_assert_cmpint (g_mkdir_with_parents (tdir, 0700), ==, 0);
  tfile = g_build_filename (tdir, "statement-of-decision.ini", NULL);
  g_assert_true (g_file_set_contents (tfile,
      "[Statement of decision]\n"
      "version=2027-02 council\n"
      "title=NOTICE OF DECISION\n"
      "preamble={authority}\\nLicensing Service\n"
      "appeal=You, {name}, may appeal to the magistrates' court within {appeal_days} days (case {case}).\n"
      "appeal-held=Until then the revocation waits.\n"
      "enquiries={contact}, quoting licence {licence}\n"
      "closing=Signed for the Licensing Manager\n", -1, NULL));
  conf_text2 = g_strdup_printf ("%s" "templates=%s\n", conf_text, tdir);
  g_assert_true (g_file_set_contents (conf, conf_text2, -1, NULL));
  docket_test_daemon_stop (f->daemon);
  {
    const char *args[] = { "--config", conf, NULL };
    f->daemon = docket_test_daemon_start (f->state, args);
  }
  out = docket_test_ok ("jsmith", "case", "notice", c, NULL);
  g_assert_nonnull (strstr (out, "NOTICE OF DECISION"));
  g_assert_nonnull (strstr (out, "You, Lee Law, may appeal to the magistrates' court within 21 days (case 1). "
                                 "Until then the revocation waits."));
  g_assert_nonnull (strstr (out, "Licensing, Town Hall, quoting licence T1"));
  g_assert_nonnull (strstr (out, "Signed for the Licensing Manager"));

  /* The officer prints it and gives it: the case keeps its template and
   * hash, which the printed file matches. */
  g_free (docket_test_ok ("jsmith", "case", "notice", c, "--pdf", pdf, NULL));
  hash = b2sum (pdf);
  g_free (docket_test_ok ("jsmith", "case", "notice", c, "--sent", "2027-03-01", "--method", "hand", NULL));
  n = json_of (docket_test_ok ("jsmith", "--json", "case", "show", c, NULL));
  o = json_node_get_object (n);
  g_assert_cmpstr (json_object_get_string_member (o, "notice-hash"), ==, hash);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "notice-template"),
                                   "statement-of-decision, version 2027-02 council, BLAKE2b-256 "));
  g_clear_pointer (&out, g_free);
  out = docket_test_ok (NULL, "audit", "log", NULL);
  g_assert_nonnull (strstr (out, hash));
  /* Given, the statement now says so; as given, it is the same bytes. */
  {
    g_autofree char *again = g_build_filename (f->dir, "again.pdf", NULL);
    g_autofree char *now_hash = NULL, *given_hash = NULL;
    g_free (docket_test_ok ("jsmith", "case", "notice", c, "--pdf", again, NULL));
    now_hash = b2sum (again);
    g_assert_cmpstr (now_hash, !=, hash);
    g_free (docket_test_ok ("jsmith", "case", "notice", c, "--pdf", again, "--as-given", NULL));
    given_hash = b2sum (again);
    g_assert_cmpstr (given_hash, ==, hash);
  }

  /* A template docketd cannot fill stops start-up, naming the file, key
   * and placeholder. */
  docket_test_daemon_stop (f->daemon);
  g_assert_true (g_file_set_contents (tfile,
      "[Statement of decision]\nversion=3\ntitle=T\npreamble=P\nappeal=Call {phone}\nappeal-held=\n"
      "enquiries=E\nclosing=\n", -1, NULL));
  {
    const char *args[] = { "--config", conf, NULL };
    g_autofree char *err = NULL;
    g_assert_cmpint (docket_test_daemon_run (f->state, args, &err), !=, 0);
    g_assert_nonnull (strstr (err, "statement-of-decision.ini: [Statement of decision] appeal: unknown placeholder "
                                   "{phone}"));
  }
  g_assert_true (g_file_set_contents (tfile, "[Statement of decision]\nversion=3\ntitle=T\n", -1, NULL));
  {
    const char *args[] = { "--config", conf, NULL };
    g_autofree char *err = NULL;
    g_assert_cmpint (docket_test_daemon_run (f->state, args, &err), !=, 0);
    g_assert_nonnull (strstr (err, "[Statement of decision] preamble: missing"));
  }
  start (f);
}

/* The notice of a hearing is given, not just sent: by post the second
 * working day after posting (over Christmas 2026), by email after 16:30
 * the next working day; the notice period counts from then, and a notice
 * given after the hearing is refused. */
static void
test_hearing_notice (Fixture *f, gconstpointer data)
{
  g_autofree char *h = NULL, *c = NULL, *warn = NULL, *err = NULL, *before = NULL, *after = NULL;
  g_autoptr(JsonNode) n = NULL;
  JsonObject *o;

  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", "HN1", "--kind", "hackney", "--name", "Hal Notice",
                          "--status", "active", NULL));
  h = g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("hearing", docket_test_ok ("jsmith", "--json", "hearing",
      "schedule", "--date", "2027-01-11", "--time", "10:00", "--venue", "Town Hall", "--decision-maker",
      "commissioner", NULL)));
  /* Posted on Wednesday 23 December 2026: given on Tuesday 29 December
   * (Christmas, and Boxing Day's substitute on the 28th), 13 days ahead. */
  warn = docket_test_ok_warned ("jsmith", "hearing", "add-case", h, "HN1", "--kind", "review", "--grounds",
                                "Complaints", "--notified", "2026-12-23", "--notified-method", "post", NULL);
  g_assert_nonnull (strstr (warn, "the driver was told of the hearing 13 days ahead; the notice period is 14 days"));
  c = g_strdup ("1");
  n = json_of (docket_test_ok ("jsmith", "--json", "case", "show", c, NULL));
  o = json_node_get_object (n);
  g_assert_cmpstr (json_object_get_string_member (o, "notified"), ==, "2026-12-29");
  g_assert_cmpstr (json_object_get_string_member (o, "notified-posted"), ==, "2026-12-23");
  g_assert_cmpstr (json_object_get_string_member (o, "notified-method"), ==, "post");
  /* The short notice stays on the case for whoever reads it. */
  g_assert_cmpstr (json_object_get_string_member (o, "notice-short"), ==,
                   "the driver was told of the hearing 13 days ahead; the notice period is 14 days");

  /* Bad notices are refused, naming the field; nothing changes. */
  before = docket_test_fingerprint (f->state);
  err = docket_test_refused ("jsmith", "case", "update", c, "--notified", "2027-01-11", NULL);
  g_assert_nonnull (strstr (err, "Case 1: notified date 2027-01-11 is in the future"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "case", "update", c, "--notified", "2027-01-08", "--notified-method", "email",
                             NULL);
  g_assert_nonnull (strstr (err, "a notice sent by email needs notified-time"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "case", "update", c, "--notified", "2027-01-08", "--notified-method", "pigeon",
                             NULL);
  g_assert_nonnull (strstr (err, "notified-method"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "case", "update", c, "--notified", "2027-01-08", "--notified-time", "09:00",
                             NULL);
  g_assert_nonnull (strstr (err, "notified-time is given only for a notice sent by email"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "case", "update", c, "--notified-method", "post", "--grounds", "x", NULL);
  g_assert_nonnull (strstr (err, "notified-method and notified-time go with the notified date"));
  after = docket_test_fingerprint (f->state);
  g_assert_cmpstr (after, ==, before);

  /* Emailed on Friday 8 January after 16:30: given on Monday 11th, the
   * day of the hearing, across a restart. */
  restart_on (f, "2027-01-11");
  err = docket_test_refused ("jsmith", "case", "update", c, "--notified", "2027-01-11", "--notified-method", "email",
                             "--notified-time", "16:45", NULL);
  g_assert_nonnull (strstr (err, "Case 1: the notice sent on 2027-01-11 is given on 2027-01-12, after the hearing "
                                 "date 2027-01-11"));
  g_clear_pointer (&warn, g_free);
  warn = docket_test_ok_warned ("jsmith", "case", "update", c, "--notified", "2027-01-08", "--notified-method",
                                "email", "--notified-time", "17:05", NULL);
  g_assert_nonnull (strstr (warn, "told of the hearing 0 days ahead"));
  g_clear_pointer (&n, json_node_unref);
  n = json_of (docket_test_ok ("jsmith", "--json", "case", "show", c, NULL));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (n), "notified"), ==, "2027-01-11");
}

static void
test_duties (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL, *err = NULL, *db = g_build_filename (f->state, "docket.db", NULL);
  g_autofree char *before = NULL, *after = NULL;

  g_free (docket_test_ok ("jsmith", "nr3s", "request", "--authority", "Sheffield City Council", "--driver",
                          "Ann Other, SCC-1234", "--details", "Our search matched your entry", NULL));
  g_free (docket_test_ok ("jsmith", "nr3s", "concern", "--authority", "Leeds City Council", "--driver",
                          "Bob Else, LCC-99", "--details", "Seen driving an unlicensed vehicle", NULL));
  out = docket_test_ok ("jsmith", "--json", "nr3s", "duties", NULL);
  /* Twenty working days from Monday 20 December 2027 skip the 27th, 28th
   * and 3 January; ten end on 6 January 2028. */
  g_assert_nonnull (strstr (out, "\"deadline\" : \"2028-01-20\""));
  g_assert_nonnull (strstr (out, "\"deadline\" : \"2028-01-06\""));
  g_assert_nonnull (strstr (out, "\"subject\" : \"Ann Other, SCC-1234\""));
  g_assert_false (docket_test_file_contains (db, "Ann Other"));
  g_clear_pointer (&out, g_free);
  out = docket_test_ok ("jsmith", "nr3s", "duties", "--overdue", NULL);
  g_assert_null (strstr (out, "Leeds"));

  /* On 7 January the concern is overdue, across a restart. */
  restart_on (f, "2028-01-07");
  g_clear_pointer (&out, g_free);
  out = docket_test_ok ("jsmith", "--json", "nr3s", "duties", "--overdue", NULL);
  g_assert_nonnull (strstr (out, "Leeds City Council"));
  g_assert_null (strstr (out, "Sheffield"));

  before = docket_test_fingerprint (f->state);
  err = docket_test_refused ("jsmith", "nr3s", "done", "2", "--date", "2027-12-01", NULL);
  g_assert_nonnull (strstr (err, "Register duty 2: date 2027-12-01 is not between 2027-12-20 and today"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "nr3s", "concern", "--authority", "Leeds City Council", "--driver", "X",
                             "--date", "2030-01-01", NULL);
  g_assert_nonnull (strstr (err, "2030-01-01"));
  after = docket_test_fingerprint (f->state);
  g_assert_cmpstr (after, ==, before);
  g_free (docket_test_ok ("jsmith", "nr3s", "done", "2", "--date", "2028-01-07", NULL));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "nr3s", "done", "2", "--date", "2028-01-07", NULL);
  g_assert_nonnull (strstr (err, "already done on 2028-01-07"));
  g_clear_pointer (&out, g_free);
  out = docket_test_ok ("jsmith", "nr3s", "duties", "--overdue", NULL);
  g_assert_null (strstr (out, "Leeds"));
}

/* Calls docketd directly and expects the error @name whose message holds
 * @fragment. */
static void
expect_refused (GDBusConnection *c, const char *method, GVariant *args, const char *name, const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) r = g_dbus_connection_call_sync (c, "org.docket.Docket1", "/org/docket/Docket1",
                                                       "org.docket.Docket1.Hearings", method, args, NULL,
                                                       G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  g_autofree char *remote = NULL;

  g_assert_null (r);
  remote = g_dbus_error_get_remote_error (error);
  if (g_strcmp0 (remote, name) != 0 || strstr (error->message, fragment) == NULL)
    g_error ("%s: expected %s '%s', got %s", method, name, fragment, error->message);
}

static void
test_bad_input (Fixture *f, gconstpointer data)
{
  static const char *invalid = "org.docket.Docket1.Error.InvalidArgument";
  g_autofree char *c = heard_case ("LB", "2027-03-01"), *before = NULL, *after = NULL, *err = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GDBusConnection) bus = g_dbus_connection_new_for_address_sync (address,
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, NULL);
  gint64 id = g_ascii_strtoll (c, NULL, 10);

  set_clock (f, "2027-03-02");
  decide (c, "revoked", "2027-03-01", FALSE);
  before = docket_test_fingerprint (f->state);

  expect_refused (bus, "GiveNotice", g_variant_new_parsed ("(%x, {'method': <'post'>})", id), invalid,
                  "the sent date is missing");
  expect_refused (bus, "GiveNotice", g_variant_new_parsed ("(%x, {'date': <'2027-03-01'>, 'courier': <'x'>})", id),
                  invalid, "courier");
  expect_refused (bus, "GiveNotice", g_variant_new_parsed ("(%x, {'date': <'2027-03-01'>, 'time': <'25:00'>, "
                                                           "'method': <'email'>})", id), invalid, "time");
  expect_refused (bus, "ListNotices", g_variant_new_parsed ("({'overdue': <'yes'>},)"), invalid, "overdue");
  expect_refused (bus, "VoteTerms", g_variant_new_parsed ("(%x, {'outcome': <'revoked'>, 'rocket': <true>})", id),
                  invalid, "rocket");
  expect_refused (bus, "AddRegisterDuty", g_variant_new_parsed ("({'kind': <'rumour'>, 'authority': <'A'>, "
                                                                "'subject': <'B'>},)"), invalid, "rumour");
  expect_refused (bus, "AddRegisterDuty", g_variant_new_parsed ("({'kind': <'request'>, 'subject': <'B'>},)"),
                  invalid, "authority is required");
  expect_refused (bus, "CloseRegisterDuty", g_variant_new ("(xs)", (gint64) 99, "2027-03-02"),
                  "org.docket.Docket1.Error.NotFound", "Register duty 99: no such request or concern");
  err = docket_test_refused ("jsmith", "hearing", "schedule", "--date", "2027-03-05", "--time", "10:00", "--venue",
                             "Room", "--decision-maker", "commissioner", "--vice-chair", "m1", NULL);
  g_assert_nonnull (strstr (err, "vice-chair m1: only a panel has a vice-chair"));
  after = docket_test_fingerprint (f->state);
  g_assert_cmpstr (after, ==, before);
  g_dbus_connection_close_sync (bus, NULL, NULL);

  /* Settings that make no sense stop docketd, naming them. */
  docket_test_daemon_stop (f->daemon);
  {
    static const char * const confs[][2] = {
      { "[hearings]\nquorum=1\n", "quorum: give a number of panel members from 2 to 21" },
      { "[hearings]\nnot-bank-holidays=2027-13-01\n", "not-bank-holidays" },
      { "[authority]\ntime-zone=Europe/Nowhere\n", "time-zone: 'Europe/Nowhere' is not a time zone" },
    };
    g_autofree char *bad = g_build_filename (f->dir, "bad.conf", NULL);

    for (guint i = 0; i < G_N_ELEMENTS (confs); i++)
      {
        const char *args[] = { "--config", bad, NULL };
        g_autofree char *out = NULL;

        g_assert_true (g_file_set_contents (bad, confs[i][0], -1, NULL));
        g_assert_cmpint (docket_test_daemon_run (f->state, args, &out), !=, 0);
        if (strstr (out, confs[i][1]) == NULL)
          g_error ("expected '%s' in: %s", confs[i][1], out);
      }
  }
  start (f);
}

/* The self-report flags' evidence, joined with ";". */
static char *
self_report_flags (void)
{
  g_autoptr(JsonNode) n = NULL;
  g_autoptr(GString) s = g_string_new (NULL);
  JsonArray *rows;

  g_free (docket_test_ok (NULL, "audit", "run", NULL));
  n = json_of (docket_test_ok (NULL, "--json", "flags", "list", "--rule", "self-report", NULL));
  rows = json_object_get_array_member (json_node_get_object (n), "rows");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *r = json_array_get_object_element (rows, i);
      if (g_str_equal (json_object_get_string_member (r, "status"), "open"))
        g_string_append_printf (s, "%s: %s;", json_object_get_string_member (r, "licence"),
                                json_object_get_string_member (r, "evidence"));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_self_report (Fixture *f, gconstpointer data)
{
  g_autofree char *s = NULL, *err = NULL;

  set_clock (f, "2027-03-10T12:00:00Z");
  for (const char **l = (const char *[]) { "S1", "S2", "S3", "S4", NULL }; *l; l++)
    g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", *l, "--kind", "hackney", "--name", "Sam Self",
                            "--status", "active", "--ni-number", "AB123456C", NULL));
  /* Arrested on 1 March at 10:00: reported on the 3rd at 09:00 (47 hours),
   * and at 11:00 (49 hours). Counted in days both were two days. */
  g_free (docket_test_ok ("jsmith", "driver", "conviction", "add", "S1", "--kind", "arrest", "--date", "2027-03-01",
                          "--time", "10:00", "--offence", "Theft", "--category", "dishonesty",
                          "--reported", "2027-03-03", "--reported-time", "09:00", NULL));
  g_free (docket_test_ok ("jsmith", "driver", "conviction", "add", "S2", "--kind", "arrest", "--date", "2027-03-01",
                          "--time", "10:00", "--offence", "Theft", "--category", "dishonesty",
                          "--reported", "2027-03-03", "--reported-time", "11:00", NULL));
  /* 48 hours and 30 minutes is more than 48 hours. */
  g_free (docket_test_ok ("jsmith", "driver", "conviction", "add", "S4", "--kind", "arrest", "--date", "2027-03-01",
                          "--time", "10:00", "--offence", "Theft", "--category", "dishonesty",
                          "--reported", "2027-03-03", "--reported-time", "10:30", NULL));
  /* A charge the council learns of now, that the driver never reports. */
  g_free (docket_test_ok ("jsmith", "driver", "conviction", "add", "S3", "--kind", "charge", "--date", "2027-03-09",
                          "--offence", "Assault", "--category", "violence", NULL));
  /* A report before the event, or a time without its date: refused. */
  err = docket_test_refused ("jsmith", "driver", "conviction", "add", "S1", "--kind", "arrest", "--date", "2027-03-01",
                             "--time", "10:00", "--offence", "Theft", "--category", "dishonesty",
                             "--reported", "2027-03-01", "--reported-time", "09:00", NULL);
  g_assert_nonnull (strstr (err, "reported at 2027-03-01 09:00, before the time of the event (2027-03-01 10:00)"));
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "driver", "conviction", "add", "S1", "--date", "2027-03-01", "--offence",
                             "Theft", "--category", "dishonesty", "--reported-time", "25:00", NULL);
  g_assert_nonnull (strstr (err, "time reported"));

  s = self_report_flags ();
  g_assert_nonnull (strstr (s, "S2: 1 offence reported more than 48 hours after the event;"));
  g_assert_nonnull (strstr (s, "S4: 1 offence reported more than 48 hours after the event;"));
  g_assert_null (strstr (s, "S1"));
  g_assert_null (strstr (s, "S3"));
  g_clear_pointer (&s, g_free);

  /* 49 hours after the council learned of the charge, across a restart. */
  restart_on (f, "2027-03-12T13:00:00Z");
  s = self_report_flags ();
  g_assert_nonnull (strstr (s, "S3: 1 arrest or charge not reported by the driver; known to the council for more "
                               "than 48 hours;"));
}

static char *
add_case (const char *hearing, const char *lic)
{
  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", lic, "--kind", "hackney", "--name", "Pat Panel",
                          "--status", "active", "--ni-number", "AB123456C", NULL));
  return g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("case", docket_test_ok ("jsmith", "--json", "hearing",
      "add-case", hearing, lic, "--kind", "review", "--grounds", "Complaints", "--notified", "2000-01-01", NULL)));
}

static void
votes (const char *c, const char * const *pairs)
{
  for (guint i = 0; pairs[i]; i += 2)
    {
      g_auto(GStrv) terms = g_strsplit (pairs[i + 1], " ", -1);
      const char *args[12] = { "case", "vote", c, "--outcome", terms[0], NULL };
      guint n = 5;

      if (terms[1] != NULL)
        {
          args[n++] = "--until";
          args[n++] = terms[1];
        }
      g_free (docket_test_ok (pairs[i], args[0], args[1], args[2], args[3], args[4], args[5], args[6], NULL));
    }
}

static void
test_panel (Fixture *f, gconstpointer data)
{
  static const char * const members[] = { "chairx", "m1", "m2", "m3", "m4", NULL };
  g_autofree char *h = NULL, *ca = NULL, *cb = NULL, *cc = NULL, *cd = NULL, *err = NULL;
  g_autoptr(JsonNode) n = NULL;

  h = g_strdup_printf ("%" G_GINT64_FORMAT, id_of ("hearing", docket_test_ok ("jsmith", "--json", "hearing",
      "schedule", "--date", "2027-03-01", "--time", "10:00", "--venue", "Committee Room", "--decision-maker",
      "chairx", "--board", "m1,m2,m3,m4", "--mode", "panel", "--vice-chair", "m1", NULL)));
  err = docket_test_refused ("jsmith", "hearing", "schedule", "--date", "2027-03-01", "--time", "10:00", "--venue",
                             "Room", "--decision-maker", "chairx", "--board", "m1,m2", "--mode", "panel",
                             "--vice-chair", "m4", NULL);
  g_assert_nonnull (strstr (err, "vice-chair m4 is not one of the board members"));
  ca = add_case (h, "PA");
  cb = add_case (h, "PB");
  cc = add_case (h, "PC");
  cd = add_case (h, "PD");
  for (guint i = 0; members[i]; i++)
    g_free (docket_test_ok (members[i], "hearing", "presence", h, members[i], NULL));
  for (const char **c = (const char *[]) { ca, cb, cc, cd, NULL }; *c; c++)
    g_free (docket_test_ok ("jsmith", "case", "attend", *c, "--attendance", "attended", NULL));

  /* A: revoked 2, warning 2, no-action 1 of five: no majority. */
  votes (ca, (const char *[]) { "chairx", "warning", "m1", "no-action", "m2", "revoked", "m3", "revoked",
                                "m4", "warning", NULL });
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("chairx", "case", "record", ca, "--outcome", "revoked", "--reasons", "x", NULL);
  g_assert_nonnull (strstr (err, "no outcome has a majority of the 5 members entitled to vote (1 no-action, "
                                 "2 warning, 2 revoked): a plurality is not a majority, so the panel must vote again"));
  votes (ca, (const char *[]) { "m1", "revoked", NULL });
  g_free (docket_test_ok ("chairx", "case", "record", ca, "--outcome", "revoked", "--reasons", "Three complaints",
                          NULL));

  /* Immediate effect goes only with a suspension or revocation. */
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("m2", "case", "vote", cb, "--outcome", "warning", "--immediate", NULL);
  g_assert_nonnull (strstr (err, "immediate effect applies only to a suspension or revocation"));

  /* B: the terms bind: suspended to 1 June by three, to 1 July by two. */
  votes (cb, (const char *[]) { "chairx", "suspended 2027-06-01", "m1", "suspended 2027-06-01",
                                "m2", "suspended 2027-06-01", "m3", "suspended 2027-07-01",
                                "m4", "suspended 2027-07-01", NULL });
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("chairx", "case", "record", cb, "--outcome", "suspended", "--until", "2027-07-01",
                             "--reasons", "x", NULL);
  g_assert_nonnull (strstr (err, "the panel voted for suspended until 2027-06-01 (3 suspended until 2027-06-01, "
                                 "2 suspended until 2027-07-01), not suspended until 2027-07-01"));
  g_free (docket_test_ok ("chairx", "case", "record", cb, "--outcome", "suspended", "--until", "2027-06-01",
                          "--reasons", "Until the course is done", NULL));

  /* C: the chair declares a prejudicial interest; the vice-chair chairs
   * and has the casting vote in a 2-2 split. */
  g_free (docket_test_ok ("chairx", "case", "declare", cc, "--member", "chairx", "--interest", "Related",
                          "--prejudicial", NULL));
  votes (cc, (const char *[]) { "m1", "warning", "m2", "warning", "m3", "no-action", "m4", "no-action", NULL });
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("chairx", "case", "record", cc, "--outcome", "warning", "--reasons", "x", NULL);
  g_assert_nonnull (strstr (err, "recorded by its vice-chair (m1) or a licensing officer, not chairx"));
  g_free (docket_test_ok ("m1", "case", "record", cc, "--outcome", "warning", "--reasons", "A first complaint",
                          NULL));
  n = json_of (docket_test_ok ("jsmith", "--json", "case", "show", cc, "--sensitive", NULL));
  {
    JsonArray *versions = json_object_get_array_member (json_node_get_object (n), "decisions");
    JsonObject *v = json_array_get_object_element (versions, 0);
    g_assert_cmpstr (json_object_get_string_member (v, "tally"), ==,
                     "2 no-action, 2 warning; the chair's casting vote decided");
  }

  /* D: three declare prejudicial interests; two left, below the quorum
   * of three: only a deferral. */
  for (const char **m = (const char *[]) { "chairx", "m1", "m2", NULL }; *m; m++)
    g_free (docket_test_ok (*m, "case", "declare", cd, "--member", *m, "--interest", "Family", "--prejudicial", NULL));
  votes (cd, (const char *[]) { "m3", "revoked", "m4", "revoked", NULL });
  g_clear_pointer (&err, g_free);
  err = docket_test_refused ("jsmith", "case", "record", cd, "--outcome", "revoked", "--reasons", "x", NULL);
  g_assert_nonnull (strstr (err, "2 panel members entitled to vote are present, below the quorum of 3, so the "
                                 "case can only be deferred"));
  g_free (docket_test_ok ("jsmith", "case", "record", cd, "--outcome", "deferred", "--reasons",
                          "To a panel that can sit", NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/law/council-date", Fixture, "2026-06-30", setup, test_council_date, teardown);
  g_test_add ("/law/notice-served", Fixture, "2027-12-20", setup, test_notice_served, teardown);
  g_test_add ("/law/notice-14-days", Fixture, "2027-01-10", setup, test_notice_14_days, teardown);
  g_test_add ("/law/immediate", Fixture, "2027-03-01", setup, test_immediate, teardown);
  g_test_add ("/law/corrected", Fixture, "2027-03-01", setup, test_corrected, teardown);
  g_test_add ("/law/relisted", Fixture, "2027-03-01", setup, test_relisted, teardown);
  g_test_add ("/law/retention", Fixture, "2027-02-01", setup, test_retention, teardown);
  g_test_add ("/law/self-report", Fixture, "2027-03-10", setup, test_self_report, teardown);
  g_test_add ("/law/appeal-varied", Fixture, "2027-03-01", setup, test_appeal_varied, teardown);
  g_test_add ("/law/crown", Fixture, "2027-03-01", setup, test_crown, teardown);
  g_test_add ("/law/search", Fixture, "2027-03-01", setup, test_search, teardown);
  g_test_add ("/law/training", Fixture, "2027-03-02", setup, test_training, teardown);
  g_test_add ("/law/publish", Fixture, "2027-03-02", setup, test_publish, teardown);
  g_test_add ("/law/templates", Fixture, "2027-03-01", setup, test_templates, teardown);
  g_test_add ("/law/hearing-notice", Fixture, "2027-01-10", setup, test_hearing_notice, teardown);
  g_test_add ("/law/duties", Fixture, "2027-12-20", setup, test_duties, teardown);
  g_test_add ("/law/bad-input", Fixture, "2027-03-02", setup, test_bad_input, teardown);
  g_test_add ("/law/panel", Fixture, "2027-03-02", setup, test_panel, teardown);
  g_test_add ("/law/nr3s-identity", Fixture, "2027-03-02", setup, test_nr3s_identity, teardown);
  return g_test_run ();
}
