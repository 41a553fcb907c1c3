/* Transfers: file contents moved over the bus in bounded parts. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "docket-error.h"
#include "docket-transfers.h"

/* What one connection and all together may hold at once; the largest
 * upload for each purpose (an import is read whole: docs/API.md); the disk
 * space an upload must leave free for the database; how long a transfer
 * may sit unused before it is dropped. */
#define PER_OWNER_MAX    4
#define ALL_MAX          16
#define IMPORT_MAX       (G_GUINT64_CONSTANT (128) << 20)
#define RESTORE_MAX      (G_GUINT64_CONSTANT (16) << 30)
#define KEEP_FREE        (G_GUINT64_CONSTANT (1) << 30)
#define IDLE_SECONDS     (30 * 60)

typedef struct {
  guint64   id;
  char     *owner;
  char     *purpose;    /* "import", "restore"; "backup" for a download */
  int       fd;
  guint64   size;
  guint64   written;    /* of an upload */
  gboolean  download;
  gint64    used;       /* monotonic time of the last call on it */
} Transfer;

struct _DocketTransfers
{
  GObject     parent_instance;
  char       *dir;
  GHashTable *transfers;   /* id (guint64 *) -> Transfer */
  GHashTable *watches;     /* owner -> watch id */
  guint64     next_id;
  guint       sweep_id;    /* drops transfers left unused */
};

G_DEFINE_FINAL_TYPE (DocketTransfers, docket_transfers, G_TYPE_OBJECT)

static void
transfer_free (Transfer *t)
{
  if (t->fd >= 0)
    close (t->fd);
  g_free (t->owner);
  g_free (t->purpose);
  g_free (t);
}

static void
unwatch (gpointer id)
{
  g_bus_unwatch_name (GPOINTER_TO_UINT (id));
}

static void
docket_transfers_finalize (GObject *object)
{
  DocketTransfers *self = DOCKET_TRANSFERS (object);

  g_clear_handle_id (&self->sweep_id, g_source_remove);
  g_hash_table_unref (self->transfers);
  g_hash_table_unref (self->watches);
  g_free (self->dir);
  G_OBJECT_CLASS (docket_transfers_parent_class)->finalize (object);
}

static void
docket_transfers_class_init (DocketTransfersClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = docket_transfers_finalize;
}

static void
docket_transfers_init (DocketTransfers *self)
{
  self->transfers = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) transfer_free);
  self->watches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, unwatch);
  self->next_id = 1;
}

/* A transfer a client opened and forgot (or a connection that lingers)
 * does not keep its file for ever. */
static gboolean
sweep (gpointer user_data)
{
  DocketTransfers *self = user_data;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  Transfer *t;

  g_hash_table_iter_init (&iter, self->transfers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &t))
    if (now - t->used > (gint64) IDLE_SECONDS * G_USEC_PER_SEC)
      {
        g_message ("Transfer %" G_GUINT64_FORMAT " of %s unused for %d minutes: dropped",
                   t->id, t->owner, IDLE_SECONDS / 60);
        g_hash_table_iter_remove (&iter);
      }
  return G_SOURCE_CONTINUE;
}

DocketTransfers *
docket_transfers_new (const char *dir)
{
  DocketTransfers *self = g_object_new (DOCKET_TYPE_TRANSFERS, NULL);

  self->dir = g_strdup (dir);
  self->sweep_id = g_timeout_add_seconds (60, sweep, self);
  return self;
}

/* A connection that goes takes its transfers with it. */
static void
owner_vanished (GDBusConnection *connection, const char *name, gpointer user_data)
{
  DocketTransfers *self = user_data;
  GHashTableIter iter;
  Transfer *t;

  g_hash_table_iter_init (&iter, self->transfers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &t))
    if (g_str_equal (t->owner, name))
      g_hash_table_iter_remove (&iter);
  g_hash_table_remove (self->watches, name);
}

static guint
count_owned (DocketTransfers *self, const char *owner)
{
  GHashTableIter iter;
  Transfer *t;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->transfers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &t))
    n += g_str_equal (t->owner, owner);
  return n;
}

gboolean
docket_transfers_check_room (DocketTransfers  *self,
                             const char       *owner,
                             GError          **error)
{
  if (count_owned (self, owner) >= PER_OWNER_MAX)
    return docket_error_set (error, DOCKET_ERROR_BUSY, "Transfer: this connection holds %d transfers "
                             "already; close one first", PER_OWNER_MAX);
  if (g_hash_table_size (self->transfers) >= ALL_MAX)
    return docket_error_set (error, DOCKET_ERROR_BUSY, "Transfer: docketd holds %d transfers already; "
                             "try again when one has finished", ALL_MAX);
  return TRUE;
}

static guint64
add (DocketTransfers *self, GDBusConnection *connection, const char *owner, const char *purpose,
     int fd, guint64 size, gboolean download, GError **error)
{
  Transfer *t;

  if (!docket_transfers_check_room (self, owner, error))
    {
      close (fd);
      return 0;
    }
  t = g_new0 (Transfer, 1);
  t->id = self->next_id++;
  t->owner = g_strdup (owner);
  t->purpose = g_strdup (purpose);
  t->fd = fd;
  t->size = size;
  t->download = download;
  t->used = g_get_monotonic_time ();
  g_hash_table_insert (self->transfers, &t->id, t);
  if (connection != NULL && !g_hash_table_contains (self->watches, owner))
    g_hash_table_insert (self->watches, g_strdup (owner),
                         GUINT_TO_POINTER (g_bus_watch_name_on_connection (connection, owner,
                             G_BUS_NAME_WATCHER_FLAGS_NONE, NULL, owner_vanished, self, NULL)));
  return t->id;
}

int
docket_transfers_new_file (DocketTransfers *self, GError **error)
{
  int fd = open (self->dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

  if (fd < 0)
    docket_error_set (error, DOCKET_ERROR_FAILED, "Transfer: cannot make a file in %s: %s",
                      self->dir, g_strerror (errno));
  return fd;
}

guint64
docket_transfers_upload (DocketTransfers  *self,
                         GDBusConnection  *connection,
                         const char       *owner,
                         const char       *purpose,
                         guint64           size,
                         GError          **error)
{
  struct statvfs vfs;
  guint64 max;
  int fd;

  if (!g_str_equal (purpose, "import") && !g_str_equal (purpose, "restore"))
    {
      g_autofree char *shown = g_utf8_make_valid (purpose, -1);
      docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT,
                        "Transfer: purpose '%s' is not one of import or restore", shown);
      return 0;
    }
  max = g_str_equal (purpose, "import") ? IMPORT_MAX : RESTORE_MAX;
  if (size == 0 || size > max)
    {
      docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "Transfer: size %" G_GUINT64_FORMAT
                        " is not from 1 byte to %" G_GUINT64_FORMAT " MiB for %s", size, max >> 20, purpose);
      return 0;
    }
  /* The database shares the disk: an upload may not take its room. */
  if (statvfs (self->dir, &vfs) == 0 && (guint64) vfs.f_bavail * vfs.f_frsize < size + KEEP_FREE)
    {
      docket_error_set (error, DOCKET_ERROR_BUSY, "Transfer: %" G_GUINT64_FORMAT " MiB would leave "
                        "less than 1 GiB free beside the database", size >> 20);
      return 0;
    }
  fd = docket_transfers_new_file (self, error);
  if (fd < 0)
    return 0;
  return add (self, connection, owner, purpose, fd, size, FALSE, error);
}

/* The owner's transfer @id, or NOT_FOUND: another connection's transfers
 * are as good as absent. */
static Transfer *
lookup (DocketTransfers *self, const char *owner, guint64 id, GError **error)
{
  Transfer *t = g_hash_table_lookup (self->transfers, &id);

  if (t == NULL || !g_str_equal (t->owner, owner))
    {
      docket_error_set (error, DOCKET_ERROR_NOT_FOUND, "Transfer %" G_GUINT64_FORMAT ": no such transfer", id);
      return NULL;
    }
  t->used = g_get_monotonic_time ();
  return t;
}

gboolean
docket_transfers_write (DocketTransfers  *self,
                        const char       *owner,
                        guint64           id,
                        const guint8     *data,
                        gsize             len,
                        GError          **error)
{
  Transfer *t = lookup (self, owner, id, error);
  gsize done = 0;

  if (t == NULL)
    return FALSE;
  if (t->download)
    return docket_error_set (error, DOCKET_ERROR_CONFLICT, "Transfer %" G_GUINT64_FORMAT
                             " is a download: it is read, not written", id);
  if (len > DOCKET_TRANSFER_CHUNK_MAX)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "Transfer %" G_GUINT64_FORMAT
                             ": a part of %" G_GSIZE_FORMAT " bytes is more than %u", id, len,
                             DOCKET_TRANSFER_CHUNK_MAX);
  if (len > t->size - t->written)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "Transfer %" G_GUINT64_FORMAT
                             ": %" G_GSIZE_FORMAT " more bytes would pass its size of %" G_GUINT64_FORMAT,
                             id, len, t->size);
  while (done < len)
    {
      ssize_t n = pwrite (t->fd, data + done, len - done, (off_t) (t->written + done));
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return docket_error_set (error, DOCKET_ERROR_FAILED, "Transfer %" G_GUINT64_FORMAT
                                 ": cannot write: %s", id, g_strerror (errno));
      done += (gsize) n;
    }
  t->written += len;
  return TRUE;
}

GBytes *
docket_transfers_read (DocketTransfers  *self,
                       const char       *owner,
                       guint64           id,
                       guint64           offset,
                       guint             length,
                       GError          **error)
{
  Transfer *t = lookup (self, owner, id, error);
  g_autofree guint8 *buf = NULL;
  gsize want, done = 0;

  if (t == NULL)
    return NULL;
  if (!t->download)
    {
      docket_error_set (error, DOCKET_ERROR_CONFLICT, "Transfer %" G_GUINT64_FORMAT
                        " is an upload: it is written, not read", id);
      return NULL;
    }
  if (length > DOCKET_TRANSFER_CHUNK_MAX || offset > t->size)
    {
      docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "Transfer %" G_GUINT64_FORMAT
                        ": read %u bytes from %" G_GUINT64_FORMAT " is outside its %" G_GUINT64_FORMAT
                        " bytes or over %u at once", id, length, offset, t->size,
                        DOCKET_TRANSFER_CHUNK_MAX);
      return NULL;
    }
  want = (gsize) MIN ((guint64) length, t->size - offset);
  buf = g_malloc (want ? want : 1);
  while (done < want)
    {
      ssize_t n = pread (t->fd, buf + done, want - done, (off_t) (offset + done));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          docket_error_set (error, DOCKET_ERROR_FAILED, "Transfer %" G_GUINT64_FORMAT
                            ": cannot read: %s", id, n < 0 ? g_strerror (errno) : "end of file");
          return NULL;
        }
      done += (gsize) n;
    }
  return g_bytes_new_take (g_steal_pointer (&buf), want);
}

gboolean
docket_transfers_close (DocketTransfers  *self,
                        const char       *owner,
                        guint64           id,
                        GError          **error)
{
  if (lookup (self, owner, id, error) == NULL)
    return FALSE;
  g_hash_table_remove (self->transfers, &id);
  return TRUE;
}

int
docket_transfers_take (DocketTransfers  *self,
                       const char       *owner,
                       guint64           id,
                       const char       *purpose,
                       GError          **error)
{
  Transfer *t = lookup (self, owner, id, error);
  int fd;

  if (t == NULL)
    return -1;
  if (t->download || !g_str_equal (t->purpose, purpose))
    {
      docket_error_set (error, DOCKET_ERROR_CONFLICT, "Transfer %" G_GUINT64_FORMAT
                        " was opened for %s, not for %s", id, t->download ? "a backup" : t->purpose, purpose);
      return -1;
    }
  if (t->written != t->size)
    {
      docket_error_set (error, DOCKET_ERROR_CONFLICT, "Transfer %" G_GUINT64_FORMAT " holds %"
                        G_GUINT64_FORMAT " of its %" G_GUINT64_FORMAT " bytes: send the rest first",
                        id, t->written, t->size);
      return -1;
    }
  if (lseek (t->fd, 0, SEEK_SET) != 0)
    {
      docket_error_set (error, DOCKET_ERROR_FAILED, "Transfer %" G_GUINT64_FORMAT ": %s", id,
                        g_strerror (errno));
      return -1;
    }
  fd = t->fd;
  t->fd = -1;
  g_hash_table_remove (self->transfers, &id);
  return fd;
}

guint64
docket_transfers_add_download (DocketTransfers  *self,
                               GDBusConnection  *connection,
                               const char       *owner,
                               int               fd,
                               guint64          *size,
                               GError          **error)
{
  struct stat st;

  if (fstat (fd, &st) != 0)
    {
      close (fd);
      docket_error_set (error, DOCKET_ERROR_FAILED, "Transfer: %s", g_strerror (errno));
      return 0;
    }
  *size = (guint64) st.st_size;
  return add (self, connection, owner, "backup", fd, *size, TRUE, error);
}
