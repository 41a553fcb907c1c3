/* Files over the bus in bounded parts (org.docket.Docket1.Transfers),
 * through the real docketd on a test bus, as a client over SSH moves them:
 * an import and a backup round trip by transfer, and every misuse refused
 * with the data unchanged: the wrong purpose for the role, an unknown
 * purpose, a part too large or past the size, an upload not finished,
 * another connection's transfer, reading an upload, too many at once. */
#include "config.h"

#include <string.h>

#include "docket-dbus-generated.h"
#include "docket-error.h"
#include "docket-names.h"
#include "docket-test-helpers.h"

typedef struct {
  DocketTestBed     bed;
  DocketTestDaemon *daemon;
} Fixture;

/* One client connection acting as a user, with the proxies it needs. */
typedef struct {
  GDBusConnection       *connection;
  DocketDBusDrivers     *drivers;
  DocketDBusMaintenance *maintenance;
  DocketDBusTransfers   *transfers;
} Client;

static const char conf_text[] =
  "[roles]\nofficer=jsmith\nadmin=keeper\nboard-member=member1\n";

static void
setup (Fixture *f, gconstpointer data)
{
  const char *args[] = { "--config", NULL, NULL };

  docket_test_bed_up (&f->bed, "transfers", conf_text);
  args[1] = f->bed.conf;
  f->daemon = docket_test_daemon_start (f->bed.state, args);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  docket_test_daemon_stop (f->daemon);
  docket_test_bed_down (&f->bed);
}

static void
client_open (Fixture *f, Client *c, const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DocketDBusUsers) users = NULL;

  (void) DOCKET_ERROR;
  c->connection = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (f->bed.bus),
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, &error);
  g_assert_no_error (error);
  users = docket_dbus_users_proxy_new_sync (c->connection, G_DBUS_PROXY_FLAGS_NONE, DOCKET_DBUS_NAME,
                                            DOCKET_DBUS_PATH, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (docket_dbus_users_call_act_as_sync (users, user, NULL, &error));
  g_assert_no_error (error);
  c->drivers = docket_dbus_drivers_proxy_new_sync (c->connection, G_DBUS_PROXY_FLAGS_NONE, DOCKET_DBUS_NAME,
                                                   DOCKET_DBUS_PATH, NULL, &error);
  c->maintenance = docket_dbus_maintenance_proxy_new_sync (c->connection, G_DBUS_PROXY_FLAGS_NONE,
                                                           DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, NULL, &error);
  c->transfers = docket_dbus_transfers_proxy_new_sync (c->connection, G_DBUS_PROXY_FLAGS_NONE,
                                                       DOCKET_DBUS_NAME, DOCKET_DBUS_PATH, NULL, &error);
  g_assert_no_error (error);
}

static void
client_close (Client *c)
{
  g_clear_object (&c->drivers);
  g_clear_object (&c->maintenance);
  g_clear_object (&c->transfers);
  g_dbus_connection_close_sync (c->connection, NULL, NULL);
  g_clear_object (&c->connection);
}

static GVariant *
bytes_of (const char *data, gsize len)
{
  return g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, data, len, 1);
}

/* Uploads @data in parts of @part bytes; returns the transfer. */
static guint64
upload (Client *c, const char *purpose, const char *data, gsize len, gsize part)
{
  g_autoptr(GError) error = NULL;
  guint64 id = 0;

  g_assert_true (docket_dbus_transfers_call_upload_sync (c->transfers, purpose, len, &id, NULL, &error));
  g_assert_no_error (error);
  for (gsize off = 0; off < len; off += part)
    {
      g_assert_true (docket_dbus_transfers_call_write_sync (c->transfers, id,
                                                             bytes_of (data + off, MIN (part, len - off)),
                                                             NULL, &error));
      g_assert_no_error (error);
    }
  return id;
}

static void
assert_refused (GError **error, int code, const char *message)
{
  g_assert_error (*error, DOCKET_ERROR, code);
  g_dbus_error_strip_remote_error (*error);
  if (strstr ((*error)->message, message) == NULL)
    g_error ("expected '%s' in '%s'", message, (*error)->message);
  g_clear_error (error);
}

static const char csv[] =
  "licence,kind,name\nPH-1,private-hire,Ann Able\nPH-2,hackney,Ben Bold\nPH-3,dual,Cat Cole\n";

static void
test_import (Fixture *f, gconstpointer data)
{
  Client c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  guint count = 0;
  guint64 id;

  client_open (f, &c, "jsmith");
  id = upload (&c, "import", csv, strlen (csv), 16);
  g_assert_true (docket_dbus_drivers_call_import_transfer_sync (c.drivers, id, &count, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 3);
  out = docket_test_ok ("jsmith", "driver", "list", NULL);
  g_assert_nonnull (strstr (out, "Cat Cole"));

  /* Used once: the transfer is gone. */
  g_assert_false (docket_dbus_drivers_call_import_transfer_sync (c.drivers, id, &count, NULL, &error));
  assert_refused (&error, DOCKET_ERROR_NOT_FOUND, "no such transfer");
  client_close (&c);
}

static void
test_refused (Fixture *f, gconstpointer data)
{
  Client c = { 0 }, other = { 0 }, member = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  g_autofree char *big = g_malloc0 (5u * 1024 * 1024);
  guint64 id = 0, ids[4];
  guint count = 0;
  g_autoptr(GVariant) part = NULL;
  static const char bad_csv[] = "licence,kind,name\nPH-9,bus,Bad Kind\n";

  client_open (f, &c, "jsmith");
  client_open (f, &other, "jsmith");
  client_open (f, &member, "member1");
  before = docket_test_fingerprint (f->bed.state);

  /* What an upload is for follows the role; unknown purposes and sizes. */
  g_assert_false (docket_dbus_transfers_call_upload_sync (c.transfers, "restore", 10, &id, NULL, &error));
  assert_refused (&error, DOCKET_ERROR_ACCESS_DENIED, "jsmith may not upload a file for restore");
  g_assert_false (docket_dbus_transfers_call_upload_sync (c.transfers, "photos", 10, &id, NULL, &error));
  assert_refused (&error, DOCKET_ERROR_INVALID_ARGUMENT, "purpose 'photos' is not one of import or restore");
  g_assert_false (docket_dbus_transfers_call_upload_sync (c.transfers, "import", 0, &id, NULL, &error));
  assert_refused (&error, DOCKET_ERROR_INVALID_ARGUMENT, "size 0 is not from 1 byte to 128 MiB for import");
  g_assert_false (docket_dbus_transfers_call_upload_sync (member.transfers, "import", 10, &id, NULL, &error));
  g_assert_error (error, DOCKET_ERROR, DOCKET_ERROR_ACCESS_DENIED);
  g_clear_error (&error);

  /* Parts too large, past the size; an upload is not read. */
  g_assert_true (docket_dbus_transfers_call_upload_sync (c.transfers, "import", 20, &id, NULL, &error));
  g_assert_false (docket_dbus_transfers_call_write_sync (c.transfers, id, bytes_of (big, 4u * 1024 * 1024 + 1024),
                                                         NULL, &error));
  assert_refused (&error, DOCKET_ERROR_INVALID_ARGUMENT, "is more than 4194304");
  /* Far over: refused as it arrives, before docketd reads it. */
  g_assert_false (docket_dbus_transfers_call_write_sync (c.transfers, id, bytes_of (big, 5u * 1024 * 1024),
                                                         NULL, &error));
  assert_refused (&error, DOCKET_ERROR_INVALID_ARGUMENT,
                  "Transfers.Write: the call carries 5.0 MiB of arguments; docketd takes at most 4.1 MiB");
  g_assert_true (docket_dbus_transfers_call_write_sync (c.transfers, id, bytes_of ("licence,kind,", 13), NULL, &error));
  g_assert_false (docket_dbus_transfers_call_write_sync (c.transfers, id, bytes_of ("name\nPH-1,x", 11), NULL, &error));
  assert_refused (&error, DOCKET_ERROR_INVALID_ARGUMENT, "11 more bytes would pass its size of 20");
  g_assert_false (docket_dbus_transfers_call_read_sync (c.transfers, id, 0, 10, &part, NULL, &error));
  assert_refused (&error, DOCKET_ERROR_CONFLICT, "is an upload");

  /* Another connection, even of the same user, does not see it. */
  g_assert_false (docket_dbus_transfers_call_write_sync (other.transfers, id, bytes_of ("x", 1), NULL, &error));
  assert_refused (&error, DOCKET_ERROR_NOT_FOUND, "no such transfer");
  g_assert_false (docket_dbus_drivers_call_import_transfer_sync (other.drivers, id, &count, NULL, &error));
  assert_refused (&error, DOCKET_ERROR_NOT_FOUND, "no such transfer");

  /* Not finished: nothing is imported. */
  g_assert_false (docket_dbus_drivers_call_import_transfer_sync (c.drivers, id, &count, NULL, &error));
  assert_refused (&error, DOCKET_ERROR_CONFLICT, "holds 13 of its 20 bytes");
  g_assert_true (docket_dbus_transfers_call_close_sync (c.transfers, id, NULL, &error));

  /* A bad file by transfer: refused whole, as by file descriptor. */
  id = upload (&c, "import", bad_csv, strlen (bad_csv), 7);
  g_assert_false (docket_dbus_drivers_call_import_transfer_sync (c.drivers, id, &count, NULL, &error));
  assert_refused (&error, DOCKET_ERROR_INVALID_ARGUMENT, "kind 'bus' is not known");

  /* Four at once per connection; a fifth waits for one to close. */
  for (guint i = 0; i < 4; i++)
    g_assert_true (docket_dbus_transfers_call_upload_sync (c.transfers, "import", 5, &ids[i], NULL, &error));
  g_assert_false (docket_dbus_transfers_call_upload_sync (c.transfers, "import", 5, &id, NULL, &error));
  assert_refused (&error, DOCKET_ERROR_BUSY, "holds 4 transfers already");
  g_assert_true (docket_dbus_transfers_call_close_sync (c.transfers, ids[0], NULL, &error));
  g_assert_true (docket_dbus_transfers_call_upload_sync (c.transfers, "import", 5, &id, NULL, &error));

  after = docket_test_fingerprint (f->bed.state);
  g_assert_cmpstr (after, ==, before);
  client_close (&member);
  client_close (&other);
  client_close (&c);
}

static void
test_backup_restore (Fixture *f, gconstpointer data)
{
  Client c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) summary = NULL, restored = NULL, part = NULL;
  g_autoptr(GByteArray) backup = g_byte_array_new ();
  g_autofree char *out = NULL;
  guint64 id = 0, size = 0;

  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", "PH-1", "--kind", "dual", "--name", "Kept", NULL));
  client_open (f, &c, "keeper");
  g_assert_true (docket_dbus_maintenance_call_backup_transfer_sync (c.maintenance, &id, &size, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (size, >, 1000);
  while (backup->len < size)
    {
      const guint8 *bytes;
      gsize len = 0;

      g_clear_pointer (&part, g_variant_unref);
      g_assert_true (docket_dbus_transfers_call_read_sync (c.transfers, id, backup->len, 4096, &part, NULL, &error));
      bytes = g_variant_get_fixed_array (part, &len, 1);
      g_assert_cmpuint (len, >, 0);
      g_byte_array_append (backup, bytes, (guint) len);
    }
  g_assert_cmpuint (backup->len, ==, size);
  g_clear_pointer (&part, g_variant_unref);
  g_assert_false (docket_dbus_transfers_call_read_sync (c.transfers, id, size + 1, 10, &part, NULL, &error));
  assert_refused (&error, DOCKET_ERROR_INVALID_ARGUMENT, "is outside its");
  g_assert_true (docket_dbus_transfers_call_close_sync (c.transfers, id, NULL, &error));

  /* A driver added after the backup is gone once it is restored. */
  g_free (docket_test_ok ("jsmith", "driver", "add", "--licence", "PH-2", "--kind", "dual", "--name", "Later", NULL));
  id = upload (&c, "restore", (const char *) backup->data, backup->len, 65536);
  g_assert_true (docket_dbus_maintenance_call_restore_transfer_sync (c.maintenance, id, &restored, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (restored, "created", "&s", &(const char *) { NULL }));
  out = docket_test_ok ("jsmith", "driver", "list", NULL);
  g_assert_nonnull (strstr (out, "Kept"));
  g_assert_null (strstr (out, "Later"));
  client_close (&c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/transfers/import", Fixture, NULL, setup, test_import, teardown);
  g_test_add ("/transfers/refused", Fixture, NULL, setup, test_refused, teardown);
  g_test_add ("/transfers/backup-restore", Fixture, NULL, setup, test_backup_restore, teardown);
  return g_test_run ();
}
