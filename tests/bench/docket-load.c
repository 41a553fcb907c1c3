/* docket-load: docketd under load, run by tools/bench.sh (make bench) on
 * its private session bus; not a test. Twenty clients, each on a bus
 * connection of its own, call docketd at once for a fixed time:
 *
 *   16 officers   listing a page, reading a record, searching, in turn,
 *                 a call every 50 ms each, and every fourth call a bare
 *                 call to the echo service, the floor under the same load;
 *    2 at a hearing   the decision-maker recording decisions, a board
 *                 member voting on a panel's cases, every 100 ms;
 *    1 importer   Drivers.Import of the large CSV, from the start;
 *    1 auditor    Compliance.RunAudit once the import has ended.
 *
 * It prints, per method, p50 and p99 under the load against the same call
 * made alone (idle); reads during the import and during the audit run
 * against idle; every write answered and no error; and the throughput of
 * twenty clients calling docketd without pause against twenty calling a
 * bare echo service (the floor). */
#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixfdlist.h>

#include "docket-names.h"

#include "docket-bench-common.h"

#define N_OFFICERS 16
#define N_CLIENTS  (N_OFFICERS + 4)

typedef enum { M_GET, M_LIST, M_SEARCH, M_RECORD, M_VOTE, M_IMPORT, M_AUDIT, M_ECHO, N_METHODS } Method;
static const char * const method_names[] = {
  "Drivers.Get", "Drivers.List", "Drivers.Search", "Hearings.Record", "Hearings.Vote", "Drivers.Import",
  "Compliance.RunAudit", "(echo)",
};

/* What runs while a call is made. */
typedef enum { PHASE_QUIET, PHASE_IMPORT, PHASE_AUDIT, N_PHASES } Phase;
static const char * const phase_names[] = { "alone", "during the import", "during the audit run" };

typedef struct {
  guint8  method;
  guint8  phase;
  gboolean ok;
  double  ms;
} Sample;

typedef enum { ROLE_OFFICER, ROLE_DECIDER, ROLE_VOTER, ROLE_IMPORTER, ROLE_AUDITOR, ROLE_ECHO, ROLE_READER } Role;

typedef struct {
  Role             role;
  guint            index;
  guint            max_calls;      /* 0: until the end */
  guint            pause_ms;
  GDBusConnection *connection;
  GArray          *samples;
  GRand           *rand;
  char            *first_error;
  guint            errors;
} Client;

static char *work, *import_csv, *register_csv;
static guint load_seconds = 120;
static GPtrArray *licences;        /* of the register, for reads */
static gint64 *decide_cases;       /* sole cases to decide, in turn */
static guint n_decide_cases;
static gint decide_next;
static gint64 panel_cases[10];
static gint phase;                 /* Phase, atomically */
static gint stop;                  /* the clients stop, atomically */
static gint import_done, audit_done;
static const char * const search_terms[] = { "smith", "jo", "PH-0012", "khan", "will", "ali" };

static GDBusConnection *
connect_new (void)
{
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;
  GDBusConnection *c = g_dbus_connection_new_for_address_sync (address,
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, &error);

  g_assert_no_error (error);
  return c;
}

static gboolean
client_call (Client *c, Method m, const char *dest, const char *iface, const char *method, GVariant *args,
             GUnixFDList *fds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  Sample s = { m, (guint8) g_atomic_int_get (&phase), FALSE, 0 };
  double t = now_ms ();

  reply = g_dbus_connection_call_with_unix_fd_list_sync (c->connection, dest,
      dest == NULL || g_str_equal (dest, DOCKET_DBUS_NAME) ? DOCKET_DBUS_PATH : "/", iface, method, args, NULL,
      G_DBUS_CALL_FLAGS_NONE, 600000, fds, NULL, NULL, &error);
  s.ms = now_ms () - t;
  s.ok = reply != NULL;
  if (!s.ok)
    {
      c->errors++;
      if (c->first_error == NULL)
        c->first_error = g_strdup_printf ("%s: %s", method_names[m], error->message);
    }
  g_array_append_val (c->samples, s);
  return s.ok;
}

static gboolean
call_docket (Client *c, Method m, const char *iface, const char *method, GVariant *args)
{
  return client_call (c, m, DOCKET_DBUS_NAME, iface, method, args, NULL);
}

static void
officer_call (Client *c, guint i)
{
  const char *licence = g_ptr_array_index (licences, g_rand_int_range (c->rand, 0, (gint32) licences->len));

  switch (i % 4)
    {
    case 3:
      /* The floor under the same load: a bare call to the echo service. */
      client_call (c, M_ECHO, ECHO_NAME, ECHO_IFACE, "Echo", g_variant_new ("(sb)", licence, FALSE), NULL);
      break;
    case 0:
      call_docket (c, M_LIST, DOCKET_DBUS_IFACE_DRIVERS, "List", g_variant_new_parsed (
          "({'offset': <%u>, 'limit': <uint32 50>, 'sort': <'name'>},)",
          (guint32) g_rand_int_range (c->rand, 0, (gint32) licences->len)));
      break;
    case 1:
      call_docket (c, M_GET, DOCKET_DBUS_IFACE_DRIVERS, "Get", g_variant_new ("(sb)", licence, FALSE));
      break;
    default:
      call_docket (c, M_SEARCH, DOCKET_DBUS_IFACE_DRIVERS, "Search", g_variant_new (
          "(su)", search_terms[g_rand_int_range (c->rand, 0, G_N_ELEMENTS (search_terms))], 50));
    }
}

static void
one_job (Client *c)
{
  if (c->role == ROLE_IMPORTER)
    {
      int fd = open (import_csv, O_RDONLY | O_CLOEXEC);
      g_autoptr(GUnixFDList) fds = g_unix_fd_list_new_from_array (&fd, 1);

      g_atomic_int_set (&phase, PHASE_IMPORT);
      client_call (c, M_IMPORT, DOCKET_DBUS_NAME, DOCKET_DBUS_IFACE_DRIVERS, "Import",
                   g_variant_new ("(h)", 0), fds);
      g_atomic_int_set (&phase, PHASE_QUIET);
      g_atomic_int_set (&import_done, 1);
      return;
    }
  while (!g_atomic_int_get (&import_done) && !g_atomic_int_get (&stop))
    g_usleep (50000);
  g_atomic_int_set (&phase, PHASE_AUDIT);
  call_docket (c, M_AUDIT, DOCKET_DBUS_IFACE_COMPLIANCE, "RunAudit", NULL);
  g_atomic_int_set (&phase, PHASE_QUIET);
  g_atomic_int_set (&audit_done, 1);
}

static gpointer
client_thread (gpointer data)
{
  Client *c = data;

  if (c->role == ROLE_VOTER)
    call_docket (c, M_VOTE, DOCKET_DBUS_IFACE_USERS, "ActAs", g_variant_new ("(s)", "member1"));
  g_array_set_size (c->samples, 0);
  c->errors = 0;
  if (c->role == ROLE_IMPORTER || c->role == ROLE_AUDITOR)
    {
      one_job (c);
      return NULL;
    }
  for (guint i = 0; !g_atomic_int_get (&stop) && (c->max_calls == 0 || i < c->max_calls); i++)
    {
      switch (c->role)
        {
        case ROLE_OFFICER:
          officer_call (c, i + c->index);
          break;
        case ROLE_READER:
          call_docket (c, M_GET, DOCKET_DBUS_IFACE_DRIVERS, "Get", g_variant_new (
              "(sb)", (char *) g_ptr_array_index (licences, i % licences->len), FALSE));
          break;
        case ROLE_DECIDER:
          {
            guint k = (guint) g_atomic_int_add (&decide_next, 1);
            if (k >= n_decide_cases)
              return NULL;
            call_docket (c, M_RECORD, DOCKET_DBUS_IFACE_HEARINGS, "Record", g_variant_new_parsed (
                "(%x, {'outcome': <'warning'>, 'reasons': <'Overcharged a passenger twice; "
                "a written warning is enough'>})", decide_cases[k]));
          }
          break;
        case ROLE_VOTER:
          call_docket (c, M_VOTE, DOCKET_DBUS_IFACE_HEARINGS, "Vote", g_variant_new (
              "(xss)", panel_cases[i % G_N_ELEMENTS (panel_cases)], i % 2 ? "warning" : "revoked", ""));
          break;
        case ROLE_ECHO:
          client_call (c, M_ECHO, ECHO_NAME, ECHO_IFACE, "Echo", g_variant_new ("(sb)", "PH-000001", FALSE),
                       NULL);
          break;
        default:
          g_assert_not_reached ();
        }
      if (c->pause_ms)
        g_usleep (c->pause_ms * 1000);
    }
  return NULL;
}

static Client *
client_new (Role role, guint index, guint pause_ms)
{
  Client *c = g_new0 (Client, 1);

  c->role = role;
  c->index = index;
  c->pause_ms = pause_ms;
  c->connection = connect_new ();
  c->samples = g_array_new (FALSE, FALSE, sizeof (Sample));
  c->rand = g_rand_new_with_seed (2016 + index);
  return c;
}

static void
client_free (Client *c)
{
  g_object_unref (c->connection);
  g_array_unref (c->samples);
  g_rand_free (c->rand);
  g_free (c->first_error);
  g_free (c);
}

/* Runs @clients at once, until each has made its calls or @seconds
 * passed; the calls made per second. */
static double
run_clients (GPtrArray *clients, double seconds)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  double t = now_ms ();
  guint calls = 0;

  g_atomic_int_set (&stop, 0);
  for (guint i = 0; i < clients->len; i++)
    g_ptr_array_add (threads, g_thread_new ("client", client_thread, clients->pdata[i]));
  if (seconds > 0)
    {
      /* The fixed time, and the jobs' end if they take longer. */
      while (now_ms () - t < seconds * 1000 ||
             (!g_atomic_int_get (&audit_done) && now_ms () - t < 900 * 1000))
        g_usleep (100000);
      g_atomic_int_set (&stop, 1);
    }
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (threads->pdata[i]);
  for (guint i = 0; i < clients->len; i++)
    calls += ((Client *) clients->pdata[i])->samples->len;
  return calls / ((now_ms () - t) / 1000);
}

static Stats
select_stats (GPtrArray *clients, Method m, int phase_wanted, guint *n)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < clients->len; i++)
    {
      Client *c = clients->pdata[i];
      for (guint k = 0; k < c->samples->len; k++)
        {
          Sample *s = &g_array_index (c->samples, Sample, k);
          if (s->method == m && s->ok && (phase_wanted < 0 || s->phase == phase_wanted))
            g_array_append_val (ms, s->ms);
        }
    }
  *n = ms->len;
  if (ms->len == 0)
    return (Stats) { 0 };
  return stats_of (ms);
}

/* Each method alone, one client after another: the idle figures. */
static void
measure_idle (Stats idle[N_METHODS])
{
  const Role roles[] = { ROLE_OFFICER, ROLE_DECIDER, ROLE_VOTER };

  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
      Client *c = client_new (roles[r], 0, 0);

      c->max_calls = roles[r] == ROLE_OFFICER ? 1200 : 150;
      g_ptr_array_add (one, c);
      run_clients (one, 0);
      for (Method m = 0; m < N_METHODS; m++)
        {
          guint n = 0;
          Stats s = select_stats (one, m, -1, &n);
          if (n > 0)
            idle[m] = s;
        }
      if (c->errors)
        g_error ("idle %s", c->first_error);
    }
}

static double
throughput (Role role)
{
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      Client *c = client_new (role, i, 0);
      c->max_calls = 300;
      g_ptr_array_add (clients, c);
    }
  return run_clients (clients, 0);
}

static void
collect_licences (void)
{
  g_autoptr(GVariant) page = docket (DOCKET_DBUS_IFACE_DRIVERS, "List",
                                     g_variant_new_parsed ("({'limit': <uint32 1000>},)"));
  g_autoptr(GVariant) rows = g_variant_get_child_value (page, 0);
  GVariantIter iter;
  GVariant *row;

  licences = g_ptr_array_new_with_free_func (g_free);
  g_variant_iter_init (&iter, rows);
  while ((row = g_variant_iter_next_value (&iter)))
    {
      char *licence = NULL;
      if (g_variant_lookup (row, "licence", "s", &licence))
        g_ptr_array_add (licences, licence);
      g_variant_unref (row);
    }
  g_assert_cmpuint (licences->len, >, 100);
}

/* A panel (the caller in the chair, member1 and member2) with ten cases
 * open for votes. */
static void
prepare_panel (void)
{
  g_autofree char *me = NULL;
  g_autoptr(GVariant) who = docket (DOCKET_DBUS_IFACE_USERS, "WhoAmI", NULL);
  g_autoptr(GVariant) hr = NULL;
  gint64 hearing = 0;
  const char * const members[] = { "member1", "member2" };

  g_variant_get_child (who, 0, "s", &me);
  for (guint m = 0; m < G_N_ELEMENTS (members); m++)
    g_variant_unref (docket (DOCKET_DBUS_IFACE_USERS, "RecordTraining", g_variant_new_parsed (
        "(%s, {'completed': <'2000-01-01'>, 'course': <'Licensing hearings: induction'>})", members[m])));
  hr = docket (DOCKET_DBUS_IFACE_HEARINGS, "Schedule", g_variant_new_parsed (
      "({'date': <'2026-06-02'>, 'time': <'10:00'>, 'venue': <'Panel Room'>, 'capacity': <uint32 20>, "
      "'mode': <'panel'>, 'decision-maker': <%s>, 'board': <['member1', 'member2']>},)", me));
  g_variant_get_child (hr, 0, "x", &hearing);
  for (guint m = 0; m < G_N_ELEMENTS (members); m++)
    g_variant_unref (docket (DOCKET_DBUS_IFACE_HEARINGS, "SetPresence",
                             g_variant_new ("(xsb)", hearing, members[m], TRUE)));
  for (guint k = 0; k < G_N_ELEMENTS (panel_cases); k++)
    {
      g_autofree char *licence = g_strdup_printf ("PAN-%u", k);
      g_autoptr(GVariant) cr = NULL;

      g_variant_unref (docket (DOCKET_DBUS_IFACE_DRIVERS, "Create", g_variant_new_parsed (
          "({'licence': <%s>, 'kind': <'hackney'>, 'name': <'Pat Panel'>, 'status': <'active'>},)", licence)));
      cr = docket (DOCKET_DBUS_IFACE_HEARINGS, "AddCase", g_variant_new_parsed (
          "(%x, %s, {'kind': <'review'>, 'grounds': <'Complaints'>, 'notified': <'2026-05-01'>})",
          hearing, licence));
      g_variant_get_child (cr, 0, "x", &panel_cases[k]);
      g_variant_unref (docket (DOCKET_DBUS_IFACE_HEARINGS, "SetAttendance",
                               g_variant_new ("(xs)", panel_cases[k], "attended")));
    }
}

static guint misses;

static void
report (GPtrArray *clients, const Stats idle[N_METHODS], double seconds)
{
  guint writes = 0, answered = 0, errors = 0, calls = 0;

  g_print ("\n%-22s %9s %9s %9s %9s %8s %8s\n", "under load", "idle p50", "idle p99", "p50", "p99",
           "p99/idle", "calls");
  for (Method m = 0; m < N_METHODS; m++)
    {
      guint n = 0;
      Stats s = select_stats (clients, m, -1, &n);

      calls += n;
      if (n == 0)
        continue;
      if (m == M_IMPORT || m == M_AUDIT)
        g_print ("%-22s %9s %9s %9.1f %9s %8s %8u   (s)\n", method_names[m], "", "", s.median / 1000, "", "", n);
      else
        g_print ("%-22s %9.3f %9.3f %9.3f %9.3f %7.1f× %8u\n", method_names[m], idle[m].median, idle[m].p99,
                 s.median, s.p99, s.p99 / idle[m].p99, n);
    }
  g_print ("\nReads while a job runs, p99 against the same read alone (target ≤ 10×); the echo call\n"
           "made by the same clients meanwhile is the floor: what the machine itself does to a call\n");
  for (Method m = M_GET; m <= M_ECHO; m = m == M_SEARCH ? M_ECHO : m + 1)
    for (Phase p = PHASE_IMPORT; p < N_PHASES; p++)
      {
        guint n = 0;
        Stats s = select_stats (clients, m, p, &n);
        gboolean met = n > 0 && (m == M_ECHO || s.p99 <= 10 * idle[m].p99);

        if (!met)
          misses++;
        g_print ("  %-16s %-22s p99 %8.3f ms  %6.1f× idle p99  (%u calls%s)\n", method_names[m], phase_names[p],
                 s.p99, n ? s.p99 / idle[m].p99 : 0, n, m == M_ECHO ? "; the floor" : met ? "; met" : "; MISSED");
      }
  for (guint i = 0; i < clients->len; i++)
    {
      Client *c = clients->pdata[i];
      errors += c->errors;
      if (c->first_error)
        g_print ("  error: %s\n", c->first_error);
      for (guint k = 0; k < c->samples->len; k++)
        {
          Sample *s = &g_array_index (c->samples, Sample, k);
          if (s->method == M_RECORD || s->method == M_VOTE || s->method == M_IMPORT || s->method == M_AUDIT)
            {
              writes++;
              answered += s->ok;
            }
        }
    }
  if (errors > 0 || answered != writes || !g_atomic_int_get (&audit_done))
    misses++;
  g_print ("\nWrites (decisions, votes, the import, the audit run): %u made, %u answered; errors %u "
           "(target: every write answered, no error: %s)\n", writes, answered, errors,
           errors == 0 && answered == writes ? "met" : "MISSED");
  g_print ("Throughput under the load: %.0f calls/s over %.0f s\n", calls / seconds, seconds);
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- docketd under load");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
  g_autofree char *state = NULL, *conf = NULL;
  GDBusConnection *echo = NULL;
  Stats idle[N_METHODS] = { { 0 } };
  double echo_rate, get_rate, t, seconds;
  guint imported;
  const GOptionEntry entries[] = {
    { "work", 0, 0, G_OPTION_ARG_FILENAME, &work, "Scratch directory", "DIR" },
    { "register", 0, 0, G_OPTION_ARG_FILENAME, &register_csv, "The drivers there to start with", "FILE" },
    { "import", 0, 0, G_OPTION_ARG_FILENAME, &import_csv, "The drivers imported under the load", "FILE" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &load_seconds, "How long the load lasts (default 120)", "S" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || !work || !register_csv || !import_csv)
    {
      g_printerr ("Usage: docket-load --work DIR --register FILE --import FILE (run by tools/bench.sh)\n");
      return 2;
    }
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_thread_new ("echo", echo_thread, &echo);
  while (g_atomic_pointer_get (&echo) == NULL)
    g_usleep (1000);

  state = g_build_filename (work, "load", NULL);
  conf = g_build_filename (work, "load.conf", NULL);
  g_mkdir_with_parents (state, 0700);
  g_assert_true (g_file_set_contents (conf, "[roles]\nboard-member=member1;member2\n", -1, NULL));
  docketd_config = conf;
  start_docketd (state);
  imported = import_file (register_csv);
  collect_licences ();
  n_decide_cases = 2000;
  decide_cases = prepare_record_cases (n_decide_cases);
  prepare_panel ();
  g_print ("docketd under load: a register of %u drivers, %u clients\n", imported, N_CLIENTS);

  measure_idle (idle);
  echo_rate = throughput (ROLE_ECHO);
  get_rate = throughput (ROLE_READER);
  g_print ("\nfloor: %u clients calling the echo service without pause: %.0f calls/s\n", N_CLIENTS, echo_rate);
  g_print ("%u clients calling Drivers.Get without pause: %.0f calls/s, %.2f× the floor's rate\n", N_CLIENTS,
           get_rate, get_rate / echo_rate);

  for (guint i = 0; i < N_OFFICERS; i++)
    g_ptr_array_add (clients, client_new (ROLE_OFFICER, i, 50));
  g_ptr_array_add (clients, client_new (ROLE_DECIDER, 0, 100));
  g_ptr_array_add (clients, client_new (ROLE_VOTER, 0, 100));
  g_ptr_array_add (clients, client_new (ROLE_IMPORTER, 0, 0));
  g_ptr_array_add (clients, client_new (ROLE_AUDITOR, 0, 0));
  t = now_ms ();
  run_clients (clients, load_seconds);
  seconds = (now_ms () - t) / 1000;
  report (clients, idle, seconds);
  g_print ("docketd peak RSS: %.1f MiB\n", docketd_kib ("VmHWM:") / 1024.0);
  stop_docketd ();
  rm_rf (state);
  g_print ("\n%u load target%s missed\n", misses, misses == 1 ? "" : "s");
  return 0;
}
