/* Hostile D-Bus input against the real docketd: wrong argument types,
 * wrong types inside records, huge strings and arrays, unknown enum
 * values, absurd numbers, unknown methods and objects, bytes that are not
 * UTF-8 in a CSV, and a flood of calls from many connections. Calls over
 * docketd's bound on one call are refused as they arrive (docket-intake).
 * Every one
 * gets an error (or its answer), docketd stays up, the database is as it
 * was, and docketd's memory stays bounded. */
#include "config.h"

#include <gio/gunixfdlist.h>
#include <string.h>

#include "docket-error.h"
#include "docket-names.h"
#include "docket-test-helpers.h"

typedef struct {
  DocketTestBed     bed;
  DocketTestDaemon *daemon;
  GDBusConnection  *c;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  docket_test_bed_up (&f->bed, "hostile", NULL);
  f->daemon = docket_test_daemon_start (f->bed.state, NULL);
  f->c = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_free (docket_test_ok (NULL, "driver", "add", "--licence", "PH-1", "--kind", "hackney", "--name",
                          "Pat Hostile", "--ni-number", "AB123456C", NULL));
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->c);
  docket_test_daemon_stop (f->daemon);
  docket_test_bed_down (&f->bed);
}

static guint64
rss_kib (Fixture *f)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status",
                                           g_subprocess_get_identifier (f->daemon->process));
  g_autofree char *text = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  line = strstr (text, "VmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + 6, NULL, 10);
}

/* Calls @method with @args (floating) and expects the D-Bus error @name. */
static void
expect_error (Fixture *f, const char *iface, const char *method, GVariant *args, const char *name,
              const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (f->c, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH,
                                                           iface, method, args, NULL,
                                                           G_DBUS_CALL_FLAGS_NONE, 30000, NULL, &error);
  g_autofree char *remote = NULL;

  if (reply != NULL)
    g_error ("%s.%s %s: answered, but it should have been refused", iface, method,
             fragment ? fragment : "");
  remote = g_dbus_error_get_remote_error (error);
  if ((name != NULL && g_strcmp0 (remote, name) != 0) || (fragment && strstr (error->message, fragment) == NULL))
    g_error ("%s.%s: expected %s «%s», got %s: %s", iface, method, name, fragment ? fragment : "",
             remote, error->message);
}

static void
assert_alive (Fixture *f)
{
  g_autofree char *out = docket_test_ok (NULL, "driver", "show", "PH-1", NULL);

  g_assert_nonnull (strstr (out, "Pat Hostile"));
}

static GVariant *
record_with (const char *key, GVariant *value)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&b, "{sv}", "licence", g_variant_new_string ("PH-2"));
  g_variant_builder_add (&b, "{sv}", "kind", g_variant_new_string ("hackney"));
  if (!g_str_equal (key, "name"))
    g_variant_builder_add (&b, "{sv}", "name", g_variant_new_string ("Pat Two"));
  g_variant_builder_add (&b, "{sv}", key, value);
  return g_variant_builder_end (&b);
}

/* AddressSanitizer keeps freed memory in quarantine, so memory bounds
 * mean nothing in make check-asan: there they are reported, not checked. */
#if defined(__SANITIZE_ADDRESS__)
#define MEMORY_CHECKED FALSE
#else
#define MEMORY_CHECKED TRUE
#endif

#define INVALID "org.docket.Docket1.Error.InvalidArgument"
#define GINVALID "org.freedesktop.DBus.Error.InvalidArgs"

static void
test_bad_calls (Fixture *f, gconstpointer data)
{
  g_autofree char *before = NULL, *after = NULL;
  g_autofree char *huge = g_malloc (8 * 1024 * 1024 + 1);
  guint64 rss_start, rss_warm = 0, rss_end;

  /* Settle, then remember the data and the memory. */
  assert_alive (f);
  rss_start = rss_kib (f);
  before = docket_test_fingerprint (f->bed.state);

  /* The wrong signature: GDBus checks it against the contract. */
  expect_error (f, DOCKET_DBUS_IFACE_DRIVERS, "Create", g_variant_new ("(i)", 7), GINVALID, NULL);
  expect_error (f, DOCKET_DBUS_IFACE_DRIVERS, "Get", g_variant_new ("(sbs)", "PH-1", TRUE, "x"), GINVALID, NULL);
  expect_error (f, DOCKET_DBUS_IFACE_DRIVERS, "Get", NULL, GINVALID, NULL);
  expect_error (f, DOCKET_DBUS_IFACE_DRIVERS, "NoSuchMethod", NULL, "org.freedesktop.DBus.Error.UnknownMethod", NULL);
  expect_error (f, "org.docket.Docket1.Nothing", "Get", NULL, "org.freedesktop.DBus.Error.UnknownMethod", NULL);

  /* Wrong types inside a record, unknown fields and enum values. */
  expect_error (f, DOCKET_DBUS_IFACE_DRIVERS, "Create",
                g_variant_new ("(@a{sv})", record_with ("name", g_variant_new_int32 (5))), INVALID, "name");
  expect_error (f, DOCKET_DBUS_IFACE_DRIVERS, "Create",
                g_variant_new ("(@a{sv})", record_with ("address", g_variant_new_bytestring ("\xff\xfe"))),
                INVALID, "address");
  expect_error (f, DOCKET_DBUS_IFACE_DRIVERS, "Create",
                g_variant_new ("(@a{sv})", record_with ("rocket", g_variant_new_string ("yes"))), INVALID, "rocket");
  expect_error (f, DOCKET_DBUS_IFACE_DRIVERS, "Create",
                g_variant_new ("(@a{sv})", record_with ("status", g_variant_new_string ("emperor"))), INVALID, "emperor");
  expect_error (f, DOCKET_DBUS_IFACE_DRIVERS, "List",
                g_variant_new_parsed ("({'limit': <'ten'>},)"), INVALID, "limit");
  expect_error (f, DOCKET_DBUS_IFACE_DRIVERS, "List",
                g_variant_new_parsed ("({'limit': <uint32 4294967295>},)"), INVALID, "limit");
  expect_error (f, DOCKET_DBUS_IFACE_DRIVERS, "List",
                g_variant_new_parsed ("({'sort': <'DROP TABLE drivers'>},)"), INVALID, NULL);
  expect_error (f, DOCKET_DBUS_IFACE_HEARINGS, "GetCase", g_variant_new ("(xb)", G_MININT64, TRUE),
                "org.docket.Docket1.Error.NotFound", NULL);
  expect_error (f, DOCKET_DBUS_IFACE_HEARINGS, "GetCase", g_variant_new ("(xb)", G_MAXINT64, TRUE),
                "org.docket.Docket1.Error.NotFound", NULL);
  expect_error (f, DOCKET_DBUS_IFACE_AUDIT, "List", g_variant_new_parsed ("({'before': <int64 -9>},)"),
                INVALID, NULL);

  /* A huge string, in a field and as a licence; a huge array: 100,000
   * unknown keys in one record. Six rounds: the first two grow docketd's
   * heap to what such messages need (malloc keeps freed memory for
   * reuse, per thread); the next four must not grow it further. */
  memset (huge, 'x', 8 * 1024 * 1024);
  huge[8 * 1024 * 1024] = '\0';
  for (guint round = 0; round < 6; round++)
    {
      g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

      for (guint i = 0; i < 5; i++)
        {
          /* Over docketd's bound on one call: refused as it arrives. */
          expect_error (f, DOCKET_DBUS_IFACE_DRIVERS, "Create",
                        g_variant_new ("(@a{sv})", record_with ("name", g_variant_new_string (huge))), INVALID,
                        "Drivers.Create: the call carries 8.0 MiB of arguments; docketd takes at most 1.0 MiB");
          expect_error (f, DOCKET_DBUS_IFACE_DRIVERS, "Get", g_variant_new ("(sb)", huge, FALSE), INVALID,
                        "Drivers.Get: the call carries 8.0 MiB");
          /* Under it: the field's own limit, naming the field. */
          expect_error (f, DOCKET_DBUS_IFACE_DRIVERS, "Create",
                        g_variant_new ("(@a{sv})", record_with ("name", g_variant_new_string (huge + 7 * 1024 * 1024 + 256 * 1024))),
                        INVALID, "name");
        }
      for (guint i = 0; i < 100000; i++)
        {
          g_autofree char *key = g_strdup_printf ("k%u", i);
          g_variant_builder_add (&b, "{sv}", key, g_variant_new_string ("v"));
        }
      expect_error (f, DOCKET_DBUS_IFACE_DRIVERS, "Create", g_variant_new ("(@a{sv})", g_variant_builder_end (&b)),
                    INVALID, NULL);
      if (round == 1)
        rss_warm = rss_kib (f);
    }

  /* A CSV that is not UTF-8, passed as a file descriptor. */
  {
    g_autofree char *csv = g_build_filename (f->bed.dir, "bad.csv", NULL);
    g_autofree char *err = NULL;

    g_assert_true (g_file_set_contents (csv, "licence,kind,name\nPH-3,hackney,Bad \xff\xfe Name\n", -1, NULL));
    err = docket_test_refused (NULL, "import", "drivers", csv, NULL);
    g_assert_nonnull (strstr (err, "UTF-8"));
  }

  assert_alive (f);
  after = docket_test_fingerprint (f->bed.state);
  g_assert_cmpstr (after, ==, before);
  rss_end = rss_kib (f);
  g_test_message ("docketd RSS %" G_GUINT64_FORMAT " KiB before, %" G_GUINT64_FORMAT
                  " KiB after two rounds of 80 MiB of huge strings and a 100,000-key record, %"
                  G_GUINT64_FORMAT " KiB after six", rss_start, rss_warm, rss_end);
  /* Nothing kept: rounds after the first do not grow it. */
  if (MEMORY_CHECKED)
    g_assert_cmpuint (rss_end, <, rss_warm + 8 * 1024);
}

typedef struct {
  guint      pending;
  guint      ok;
  guint      errors;
  GPtrArray *conns;
  guint      per_conn[20];   /* calls in flight on each connection */
} Flood;

static void
flood_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Flood *fl = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  guint i;

  g_assert_true (g_ptr_array_find (fl->conns, source, &i));
  fl->per_conn[i]--;
  fl->pending--;
  if (reply != NULL)
    fl->ok++;
  else
    fl->errors++;
}

/* 20 connections, 40,000 calls, up to 300 in flight (15 on each, under
 * docketd's bound of 64): every call answered (a record or an error),
 * docketd up, memory back near where it was. */
static void
test_flood (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) conns = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  Flood fl = { .conns = conns };
  guint64 rss_start, rss_end;
  guint sent = 0, total = 40000;
  gint64 started;

  assert_alive (f);
  rss_start = rss_kib (f);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GError) error = NULL;
      GDBusConnection *c = g_dbus_connection_new_for_address_sync (address,
          G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
          NULL, NULL, &error);
      g_assert_no_error (error);
      g_ptr_array_add (conns, c);
    }

  started = g_get_monotonic_time ();
  while (sent < total || fl.pending > 0)
    {
      while (sent < total && fl.pending < 300 && fl.per_conn[sent % conns->len] < 15)
        {
          GDBusConnection *c = g_ptr_array_index (conns, sent % conns->len);
          /* Reads, misses and malformed queries, interleaved. */
          switch (sent % 3)
            {
            case 0:
              g_dbus_connection_call (c, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, DOCKET_DBUS_IFACE_DRIVERS, "Get",
                                      g_variant_new ("(sb)", "PH-1", FALSE), NULL, G_DBUS_CALL_FLAGS_NONE,
                                      60000, NULL, flood_done, &fl);
              break;
            case 1:
              g_dbus_connection_call (c, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, DOCKET_DBUS_IFACE_DRIVERS, "Get",
                                      g_variant_new ("(sb)", "NOPE", FALSE), NULL, G_DBUS_CALL_FLAGS_NONE,
                                      60000, NULL, flood_done, &fl);
              break;
            default:
              g_dbus_connection_call (c, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, DOCKET_DBUS_IFACE_DRIVERS, "List",
                                      g_variant_new_parsed ("({'limit': <'x'>},)"), NULL,
                                      G_DBUS_CALL_FLAGS_NONE, 60000, NULL, flood_done, &fl);
              break;
            }
          fl.per_conn[sent % conns->len]++;
          fl.pending++;
          sent++;
        }
      g_main_context_iteration (NULL, TRUE);
    }
  g_test_message ("%u calls from 20 connections in %.1f s: %u answered, %u errors",
                  total, (g_get_monotonic_time () - started) / 1e6, fl.ok, fl.errors);
  g_assert_cmpuint (fl.ok + fl.errors, ==, total);
  g_assert_cmpuint (fl.ok, ==, (total + 2) / 3);
  g_assert_cmpuint (fl.errors, ==, total - (total + 2) / 3);
  g_ptr_array_set_size (conns, 0);

  assert_alive (f);
  rss_end = rss_kib (f);
  g_test_message ("docketd RSS %" G_GUINT64_FORMAT " KiB before, %" G_GUINT64_FORMAT " KiB after",
                  rss_start, rss_end);
  if (MEMORY_CHECKED)
    g_assert_cmpuint (rss_end, <, rss_start + 16 * 1024);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/hostile/bad-calls", Fixture, NULL, setup, test_bad_calls, teardown);
  g_test_add ("/hostile/flood", Fixture, NULL, setup, test_flood, teardown);
  return g_test_run ();
}
