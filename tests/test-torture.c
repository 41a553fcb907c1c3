/* Crash safety: docketd is killed with SIGKILL at random moments while
 * several clients write (new drivers with sensitive fields, notes on
 * them). After each kill, before docketd starts again, the database file
 * itself is checked: every write that got a reply is there, no change is
 * half-applied (each driver and note has its audit entry and no entry
 * lacks its row), and PRAGMA integrity_check and foreign_key_check pass;
 * after the restart the audit chain verifies through docketd.
 *
 * make check runs a short round ($DOCKET_TORTURE_KILLS, default 3);
 * make torture runs 100 kills and at least 10,000 writes
 * ($DOCKET_TORTURE_WRITES). Random moments come from the GTest seed
 * (--seed to repeat a run). */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "docket-dbus-generated.h"
#include "docket-names.h"
#include "docket-test-helpers.h"

#define CLIENTS    4
#define IN_FLIGHT  8    /* per client */

typedef struct {
  GHashTable *acked_drivers;   /* licence -> TRUE: Create replied */
  guint       acked_notes;     /* AddNote replies */
  guint       pending;
  guint       next;            /* the next licence number */
  gboolean    stopping;        /* killed: replies are errors now */
  guint       writes;          /* replied writes, all rounds */
  GPtrArray  *acked_list;      /* licences, for notes */
} Torture;

typedef struct {
  Torture           *t;
  DocketDBusDrivers *proxy;
  char              *licence;
  gboolean           note;
} Write;

static void send_write (Torture *t, DocketDBusDrivers *proxy);

static void
write_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Write *w = data;
  Torture *t = w->t;
  g_autoptr(GError) error = NULL;
  g_autofree char *licence = NULL;
  gint64 id = 0;
  gboolean ok;

  if (w->note)
    ok = docket_dbus_drivers_call_add_note_finish (DOCKET_DBUS_DRIVERS (source), &id, result, &error);
  else
    ok = docket_dbus_drivers_call_create_finish (DOCKET_DBUS_DRIVERS (source), &licence, result, &error);
  t->pending--;
  if (ok)
    {
      t->writes++;
      if (w->note)
        t->acked_notes++;
      else
        {
          g_hash_table_add (t->acked_drivers, g_strdup (w->licence));
          g_ptr_array_add (t->acked_list, g_strdup (w->licence));
        }
    }
  else if (!t->stopping)
    g_error ("a write failed while docketd ran: %s", error->message);
  if (!t->stopping)
    send_write (t, w->proxy);
  g_free (w->licence);
  g_free (w);
}

static void
send_write (Torture *t, DocketDBusDrivers *proxy)
{
  Write *w = g_new0 (Write, 1);

  w->t = t;
  w->proxy = proxy;
  t->pending++;
  /* One write in four is a note on a driver already acknowledged. */
  if (t->acked_list->len > 0 && g_test_rand_int_range (0, 4) == 0)
    {
      const char *licence = t->acked_list->pdata[g_test_rand_int_range (0, (gint32) t->acked_list->len)];
      w->note = TRUE;
      w->licence = g_strdup (licence);
      docket_dbus_drivers_call_add_note (proxy, licence,
          g_variant_new_parsed ("{'kind': <'complaint'>, 'text': <'Passenger complaint, torture round'>}"),
          NULL, write_done, w);
      return;
    }
  w->licence = g_strdup_printf ("TT-%06u", t->next++);
  docket_dbus_drivers_call_create (proxy,
      g_variant_new_parsed ("{'licence': <%s>, 'kind': <'private-hire'>, 'name': <'Torture Test'>, "
                            "'status': <'active'>, 'ni-number': <'AB123456C'>, "
                            "'address': <'1 Crash Lane'>}", w->licence),
      NULL, write_done, w);
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gint64
scalar (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

/* The database as the kill left it, read directly. */
static void
check_file (const char *state, Torture *t)
{
  g_autofree char *path = g_build_filename (state, "docket.db", NULL);
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GHashTableIter iter;
  gpointer key;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  /* Every acknowledged driver is there. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT licence FROM drivers", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (present, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_hash_table_iter_init (&iter, t->acked_drivers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (present, key))
      g_error ("driver %s was acknowledged but is not in the database", (const char *) key);

  /* Nothing half-applied: each row has its audit entry, and no more. */
  g_assert_cmpint (scalar (db, "SELECT COUNT(*) FROM drivers"), ==,
                   scalar (db, "SELECT COUNT(*) FROM audit_log WHERE action = 'driver.create'"));
  g_assert_cmpint (scalar (db, "SELECT COUNT(*) FROM drivers d LEFT JOIN "
                               "(SELECT DISTINCT object FROM audit_log WHERE action = 'driver.create') a "
                               "ON a.object = d.licence WHERE a.object IS NULL"), ==, 0);
  g_assert_cmpint (scalar (db, "SELECT COUNT(*) FROM notes"), ==,
                   scalar (db, "SELECT COUNT(*) FROM audit_log WHERE action = 'note.add'"));
  g_assert_cmpint (scalar (db, "SELECT COUNT(*) FROM notes"), >=, t->acked_notes);
  g_assert_cmpint (scalar (db, "SELECT COUNT(*) FROM drivers_fts"), ==, scalar (db, "SELECT COUNT(*) FROM drivers"));
  sqlite3_close (db);
}

static void
verify_chain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DocketDBusAudit) audit = docket_dbus_audit_proxy_new_for_bus_sync (G_BUS_TYPE_SESSION,
      G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES, DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, NULL, &error);
  g_autofree char *message = NULL, *head = NULL;
  gboolean ok = FALSE;
  gint64 broken = -1, head_seq = 0;

  g_assert_no_error (error);
  g_assert_true (docket_dbus_audit_call_verify_sync (audit, &ok, &broken, &message, &head_seq, &head,
                                                     NULL, &error));
  g_assert_no_error (error);
  if (!ok)
    g_error ("the audit chain is broken at %" G_GINT64_FORMAT ": %s", broken, message);
}

static void
test_kill_while_writing (void)
{
  const char *kills_env = g_getenv ("DOCKET_TORTURE_KILLS");
  const char *writes_env = g_getenv ("DOCKET_TORTURE_WRITES");
  guint kills = kills_env ? (guint) atoi (kills_env) : 3;
  guint min_writes = writes_env ? (guint) atoi (writes_env) : 0;
  g_autofree char *dir = docket_test_make_dir ("torture");
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  Torture t = { 0 };
  guint round = 0;

  g_test_dbus_up (bus);
  t.acked_drivers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  t.acked_list = g_ptr_array_new_with_free_func (g_free);

  while (round < kills || t.writes < min_writes)
    {
      DocketTestDaemon *daemon = docket_test_daemon_start (state, NULL);
      g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, NULL);
      GDBusConnection *connections[CLIENTS];
      DocketDBusDrivers *proxies[CLIENTS];
      gboolean fired = FALSE;
      guint delay;

      verify_chain ();
      t.stopping = FALSE;
      for (guint c = 0; c < CLIENTS; c++)
        {
          g_autoptr(GError) error = NULL;
          connections[c] = g_dbus_connection_new_for_address_sync (address,
              G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
              NULL, NULL, &error);
          g_assert_no_error (error);
          proxies[c] = docket_dbus_drivers_proxy_new_sync (connections[c], G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                                           DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, NULL, &error);
          g_assert_no_error (error);
          for (guint i = 0; i < IN_FLIGHT; i++)
            send_write (&t, proxies[c]);
        }

      /* Write for a random while, then kill -9 in the middle of it. */
      delay = (guint) g_test_rand_int_range (20, 600);
      g_timeout_add (delay, on_timeout, &fired);
      while (!fired)
        g_main_context_iteration (NULL, TRUE);
      t.stopping = TRUE;
      docket_test_daemon_kill (daemon);
      while (t.pending > 0)
        g_main_context_iteration (NULL, TRUE);
      for (guint c = 0; c < CLIENTS; c++)
        {
          g_object_unref (proxies[c]);
          g_dbus_connection_close_sync (connections[c], NULL, NULL);
          g_object_unref (connections[c]);
        }

      check_file (state, &t);
      round++;
      g_test_message ("round %u: killed after %u ms; %u writes acknowledged so far", round, delay, t.writes);
    }

  /* Once more: docketd starts on what the last kill left, and its chain
   * verifies. */
  {
    DocketTestDaemon *daemon = docket_test_daemon_start (state, NULL);
    verify_chain ();
    docket_test_daemon_stop (daemon);
  }
  g_test_message ("%u kills, %u writes acknowledged, all of them on disk", round, t.writes);
  g_assert_cmpuint (t.writes, >, 0);

  g_hash_table_unref (t.acked_drivers);
  g_ptr_array_unref (t.acked_list);
  g_test_dbus_down (bus);
  docket_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/torture/kill-while-writing", test_kill_while_writing);
  return g_test_run ();
}
