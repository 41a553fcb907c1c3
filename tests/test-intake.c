/* What docketd takes in from the bus, and what a client does when the bus
 * refuses a call:
 *
 *  /intake/bounds    the intake (docket-intake.c) on a real bus, in this
 *                    process, with the calls it takes left unanswered: the
 *                    65th call of one connection is refused as Busy, a
 *                    call over 1 MiB as InvalidArgument, calls over the
 *                    64 MiB budget as Busy while small calls still pass;
 *                    answered, every share is given back; refusals are
 *                    reported on the main thread;
 *  /intake/refusals  the real docketd refuses a call over its bound and
 *                    counts it in docketctl audit refusals, data unchanged;
 *  /intake/retry     docketd stopped (SIGSTOP) behind a bus daemon whose
 *                    queue to it (1 MiB at most) is full: the bus refuses a client's calls
 *                    with LimitsExceeded; a plain connection fails them,
 *                    DocketConnection's sends them again and they succeed
 *                    once docketd runs again. */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "docket-connection.h"
#include "docket-error.h"
#include "docket-intake.h"
#include "docket-names.h"
#include "docket-retry.h"
#include "docket-test-helpers.h"

/* ---- /intake/bounds ---------------------------------------------------- */

#define ECHO_XML \
  "<node><interface name='org.docket.Docket1.Drivers'><method name='Get'>" \
  "<arg type='s' direction='in'/><arg type='b' direction='in'/>" \
  "<arg type='b' direction='out'/></method></interface></node>"

typedef struct {
  GPtrArray *held;          /* invocations not yet answered */
  guint      refused_calls;
  char      *refused_reason;
} Server;

static void
on_call (GDBusConnection *c, const char *sender, const char *path, const char *iface, const char *method,
         GVariant *params, GDBusMethodInvocation *invocation, gpointer data)
{
  Server *s = data;

  g_ptr_array_add (s->held, invocation);
}

static void
on_refused (const char *sender, const char *method, const char *reason, guint count, gpointer data)
{
  Server *s = data;

  g_assert_cmpstr (method, ==, "Drivers.Get");
  s->refused_calls += count;
  g_free (s->refused_reason);
  s->refused_reason = g_strdup (reason);
}

typedef struct {
  guint  ok;
  guint  busy;
  guint  invalid;
  guint  pending;
  char  *last_busy;
} Tally;

static void
on_reply (GObject *source, GAsyncResult *res, gpointer data)
{
  Tally *t = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) r = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), res, &error);

  t->pending--;
  if (r != NULL)
    t->ok++;
  else if (g_error_matches (error, DOCKET_ERROR, DOCKET_ERROR_BUSY))
    {
      t->busy++;
      g_free (t->last_busy);
      t->last_busy = g_strdup (error->message);
    }
  else if (g_error_matches (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT))
    t->invalid++;
  else
    g_error ("unexpected reply: %s", error->message);
}

static void
send_get (GDBusConnection *c, const char *server, gsize size, Tally *t)
{
  g_autofree char *licence = g_malloc (size + 1);

  memset (licence, 'L', size);
  licence[size] = '\0';
  t->pending++;
  g_dbus_connection_call (c, server, "/", "org.docket.Docket1.Drivers", "Get",
                          g_variant_new ("(sb)", licence, FALSE), G_VARIANT_TYPE ("(b)"),
                          G_DBUS_CALL_FLAGS_NONE, 60000, NULL, on_reply, t);
}

/* Iterates the test's context until @t has no call pending. */
static void
wait_replies (Tally *t)
{
  while (t->pending > 0)
    g_main_context_iteration (NULL, TRUE);
}

static GDBusConnection *
new_connection (const char *address)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *c = g_dbus_connection_new_for_address_sync (address,
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, &error);

  g_assert_no_error (error);
  return c;
}

static void
answer_all (Server *s, GMainContext *server_context, DocketIntake *intake)
{
  guint calls = 1;

  /* Every call taken in reaches the handler once its context runs. */
  docket_intake_get_load (intake, &calls, NULL);
  while (s->held->len < calls)
    g_main_context_iteration (server_context, TRUE);
  for (guint i = 0; i < s->held->len; i++)
    g_dbus_method_invocation_return_value (s->held->pdata[i], g_variant_new ("(b)", TRUE));
  g_ptr_array_set_size (s->held, 0);
  /* The shares come back as GDBus frees the calls. */
  for (guint i = 0; i < 500 && calls > 0; i++)
    {
      while (g_main_context_iteration (server_context, FALSE))
        ;
      docket_intake_get_load (intake, &calls, NULL);
      if (calls > 0)
        g_usleep (10000);
    }
}

static void
test_bounds (void)
{
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(GMainContext) server_context = g_main_context_new ();
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (ECHO_XML, NULL);
  g_autoptr(GDBusConnection) server = NULL, client = NULL;
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(DocketIntake) intake = NULL;
  const GDBusInterfaceVTable vtable = { on_call, NULL, NULL, { 0 } };
  Server s = { .held = g_ptr_array_new () };
  Tally t = { 0 };
  const char *address, *name;
  guint calls;
  guint64 bytes;

  g_test_dbus_up (bus);
  address = g_test_dbus_get_bus_address (bus);
  server = new_connection (address);
  client = new_connection (address);
  name = g_dbus_connection_get_unique_name (server);

  /* The server's calls are dispatched in a context that only this test
   * iterates, so that they stay in progress as long as it likes. */
  g_main_context_push_thread_default (server_context);
  intake = docket_intake_new (server, on_refused, &s);
  g_assert_cmpuint (g_dbus_connection_register_object (server, "/", info->interfaces[0], &vtable, &s,
                                                       NULL, NULL), >, 0);
  g_main_context_pop_thread_default (server_context);

  /* Seventy small calls from one connection: 64 taken, six Busy. */
  for (guint i = 0; i < 70; i++)
    send_get (client, name, 10, &t);
  while (t.busy < 6)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (t.ok, ==, 0);
  g_assert_nonnull (strstr (t.last_busy, "this connection has 64 calls in progress already"));
  docket_intake_get_load (intake, &calls, NULL);
  g_assert_cmpuint (calls, ==, DOCKET_INTAKE_MAX_CALLS);

  /* A call over 1 MiB is refused whatever the load. */
  {
    g_autoptr(GDBusConnection) c = new_connection (address);
    Tally big = { 0 };
    send_get (c, name, DOCKET_INTAKE_MAX_CALL_BYTES + 1, &big);
    wait_replies (&big);
    g_assert_cmpuint (big.invalid, ==, 1);
  }

  answer_all (&s, server_context, intake);
  wait_replies (&t);
  g_assert_cmpuint (t.ok, ==, 64);
  g_assert_cmpuint (t.busy, ==, 6);
  docket_intake_get_load (intake, &calls, &bytes);
  g_assert_cmpuint (calls, ==, 0);
  g_assert_cmpuint (bytes, ==, 0);

  /* The budget: eighty calls of 900 KiB from five connections (70 MiB)
   * fill it at 72; the rest are Busy; a small call still passes. */
  {
    Tally big = { 0 }, small = { 0 };
    guint taken = DOCKET_INTAKE_MAX_BYTES_IN_FLIGHT / (900 * 1024 + 16);

    for (guint i = 0; i < 5; i++)
      g_ptr_array_add (others, new_connection (address));
    for (guint i = 0; i < 80; i++)
      send_get (others->pdata[i % 5], name, 900 * 1024, &big);
    while (big.busy < 80 - taken)
      g_main_context_iteration (NULL, TRUE);
    g_assert_nonnull (strstr (big.last_busy, "docketd is taking in too much at once"));
    docket_intake_get_load (intake, &calls, &bytes);
    g_assert_cmpuint (calls, ==, taken);
    g_assert_cmpuint (bytes, <=, DOCKET_INTAKE_MAX_BYTES_IN_FLIGHT);
    send_get (client, name, 100, &small);
    while (s.held->len < taken + 1)
      g_main_context_iteration (server_context, TRUE);

    answer_all (&s, server_context, intake);
    wait_replies (&big);
    wait_replies (&small);
    g_assert_cmpuint (big.ok, ==, taken);
    g_assert_cmpuint (small.ok, ==, 1);
  }
  docket_intake_get_load (intake, &calls, &bytes);
  g_assert_cmpuint (calls, ==, 0);
  g_assert_cmpuint (bytes, ==, 0);

  /* Every refusal reached the main thread's callback. */
  while (g_main_context_iteration (server_context, FALSE))
    ;
  g_assert_cmpuint (s.refused_calls, ==, 6 + 1 + (80 - DOCKET_INTAKE_MAX_BYTES_IN_FLIGHT / (900 * 1024 + 16)));

  g_clear_pointer (&intake, docket_intake_free);
  g_ptr_array_set_size (others, 0);
  g_dbus_connection_close_sync (client, NULL, NULL);
  g_dbus_connection_close_sync (server, NULL, NULL);
  g_clear_object (&client);
  g_clear_object (&server);
  g_test_dbus_down (bus);
  g_ptr_array_unref (s.held);
  g_free (s.refused_reason);
  g_free (t.last_busy);
}

/* ---- /intake/refusals ---------------------------------------------------- */

static void
test_refusals (void)
{
  DocketTestBed bed;
  DocketTestDaemon *daemon;
  g_autoptr(GDBusConnection) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) r = NULL;
  g_autofree char *before = NULL, *after = NULL, *out = NULL, *big = NULL;

  docket_test_bed_up (&bed, "intake", NULL);
  daemon = docket_test_daemon_start (bed.state, NULL);
  g_free (docket_test_ok (NULL, "driver", "add", "--licence", "PH-1", "--kind", "hackney", "--name",
                          "Ivy Intake", "--ni-number", "AB123456C", NULL));
  before = docket_test_fingerprint (bed.state);
  c = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  big = g_malloc (2 * 1024 * 1024 + 1);
  memset (big, 'x', 2 * 1024 * 1024);
  big[2 * 1024 * 1024] = '\0';
  r = g_dbus_connection_call_sync (c, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, DOCKET_DBUS_IFACE_DRIVERS, "Update",
                                   g_variant_new_parsed ("(%s, {'name': <%s>})", "PH-1", big), NULL,
                                   G_DBUS_CALL_FLAGS_NONE, 60000, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Drivers.Update: the call carries 2.0 MiB of arguments; "
                                            "docketd takes at most 1.0 MiB in one call"));

  /* Counted where the bouncer's refusals are, under the caller's name. */
  out = docket_test_ok (NULL, "audit", "refusals", NULL);
  g_assert_nonnull (strstr (out, "Drivers.Update"));
  g_assert_nonnull (strstr (out, "at most 1.0 MiB"));
  g_clear_pointer (&out, g_free);
  out = docket_test_ok (NULL, "driver", "show", "PH-1", NULL);
  g_assert_nonnull (strstr (out, "Ivy Intake"));
  after = docket_test_fingerprint (bed.state);
  g_assert_cmpstr (after, ==, before);

  g_clear_object (&c);
  docket_test_daemon_stop (daemon);
  docket_test_bed_down (&bed);
}

/* ---- /intake/retry --------------------------------------------------------- */

static void
on_whoami (GObject *source, GAsyncResult *res, gpointer data)
{
  Tally *t = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) r = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), res, &error);

  t->pending--;
  if (r != NULL)
    t->ok++;
  else if (g_dbus_error_is_remote_error (error) &&
           g_strcmp0 (g_dbus_error_get_remote_error (error), "org.freedesktop.DBus.Error.LimitsExceeded") == 0)
    t->busy++;
  else
    g_error ("unexpected reply: %s", error->message);
}

static void
whoami (GDBusConnection *c, Tally *t)
{
  t->pending++;
  g_dbus_connection_call (c, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, DOCKET_DBUS_IFACE_USERS, "WhoAmI", NULL,
                          NULL, G_DBUS_CALL_FLAGS_NONE, 60000, NULL, on_whoami, t);
}

static void
on_any (GObject *source, GAsyncResult *res, gpointer data)
{
  Tally *t = data;
  g_autoptr(GVariant) r = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), res, NULL);

  t->pending--;
}

/* Fills the bus's queue to the stopped docketd: its socket takes a few
 * hundred KiB, the bus queues the rest of the 900 KiB calls up to its
 * max_outgoing_bytes (1 MiB here), and then nothing more fits. */
static void
fill_queue (GDBusConnection *c, Tally *t)
{
  g_autofree char *big = g_malloc (900 * 1024 + 1);

  memset (big, 'q', 900 * 1024);
  big[900 * 1024] = '\0';
  for (guint i = 0; i < 4; i++)
    {
      t->pending++;
      g_dbus_connection_call (c, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, DOCKET_DBUS_IFACE_DRIVERS, "Get",
                              g_variant_new ("(sb)", big, FALSE), NULL, G_DBUS_CALL_FLAGS_NONE, 60000,
                              NULL, on_any, t);
    }
}

static void
test_retry (void)
{
  g_autofree char *dir = docket_test_make_dir ("retry");
  g_autofree char *conf = g_build_filename (dir, "bus.conf", NULL);
  g_autofree char *socket = g_build_filename (dir, "bus", NULL);
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autofree char *address = g_strdup_printf ("unix:path=%s", socket);
  g_autofree char *text = g_strdup_printf (
      "<busconfig><type>session</type><listen>unix:path=%s</listen><auth>EXTERNAL</auth>"
      "<policy context='default'><allow send_destination='*' eavesdrop='true'/><allow eavesdrop='true'/><allow own='*'/></policy>"
      "<limit name='max_outgoing_bytes'>1048576</limit></busconfig>", socket);
  const char *bus_argv[] = { "dbus-daemon", "--nofork", "--nopidfile", "--config-file", conf, NULL };
  g_autoptr(GSubprocess) bus = NULL;
  g_autoptr(GDBusConnection) plain = NULL, filler = NULL;
  g_autoptr(DocketConnection) docket = NULL;
  g_autoptr(GError) error = NULL;
  DocketConnectionOptions options = { .bus_type = G_BUS_TYPE_SESSION, .timeout_ms = 60000 };
  DocketTestDaemon *daemon;
  Tally fill = { 0 }, refused = { 0 }, retried = { 0 };
  pid_t pid;

  g_assert_true (g_file_set_contents (conf, text, -1, NULL));
  g_mkdir_with_parents (state, 0700);
  bus = g_subprocess_newv (bus_argv, G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 100 && !g_file_test (socket, G_FILE_TEST_EXISTS); i++)
    g_usleep (50000);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  daemon = docket_test_daemon_start (state, NULL);
  pid = atoi (g_subprocess_get_identifier (daemon->process));

  plain = new_connection (address);
  filler = new_connection (address);
  docket = docket_connection_open_sync (&options, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);
  fill_queue (filler, &fill);
  g_usleep (300000);
  /* A plain GDBus connection fails its call at once... */
  whoami (plain, &refused);
  wait_replies (&refused);
  g_assert_cmpuint (refused.busy, ==, 1);
  /* ...DocketConnection's is sent again until docketd takes it. */
  for (guint i = 0; i < 3; i++)
    whoami (docket_connection_get_dbus (docket), &retried);
  while (docket_retry_get_count (docket_connection_get_dbus (docket)) < 3)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (retried.pending, ==, 3);
  g_assert_cmpint (kill (pid, SIGCONT), ==, 0);
  wait_replies (&retried);
  wait_replies (&fill);
  g_assert_cmpuint (retried.ok, ==, 3);
  g_assert_cmpuint (retried.busy, ==, 0);

  g_clear_object (&docket);
  docket_test_daemon_stop (daemon);
  g_subprocess_send_signal (bus, SIGTERM);
  g_subprocess_wait (bus, NULL, NULL);
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  docket_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Maps docketd's error names to DocketError before any reply arrives. */
  (void) DOCKET_ERROR;
  g_test_add_func ("/intake/bounds", test_bounds);
  g_test_add_func ("/intake/refusals", test_refusals);
  g_test_add_func ("/intake/retry", test_retry);
  return g_test_run ();
}
