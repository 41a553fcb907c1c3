/* An SQLite VFS that fails on request, for fault-injection tests.
 *
 * Preloaded into docketd (LD_PRELOAD=faultvfs.so) it registers itself as
 * the default VFS and passes every call on to the real one, except when
 * the control file named by $DOCKET_FAULT_CONTROL says otherwise. That
 * file holds one line, "GENERATION MODE N":
 *
 *   write N   the Nth write (xWrite) after the generation changed fails
 *             with SQLITE_IOERR_WRITE, once;
 *   sync N    the Nth fsync (xSync) fails with SQLITE_IOERR_FSYNC, once;
 *   full N    the Nth write and every write after it fail with
 *             SQLITE_FULL: a full disk, until the line changes;
 *   slow N    every fsync takes N milliseconds longer: a slow disk, for
 *             what goes on while a write commits.
 *
 * Every write and sync reads the control file again, so the test arms a
 * fault by rewriting it, with no signal or timing involved. When a fault
 * fires the shim writes "GENERATION" to the control file's name with
 * ".fired" appended; the test knows from it whether the Nth operation
 * existed. Writes are counted over every file SQLite opens (database, WAL). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

typedef struct {
  sqlite3_file  base;
  sqlite3_file *real;
} FaultFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs fault_vfs;
static sqlite3_io_methods fault_methods;

static long generation = -1;
static char mode[16];
static long target;
static long count;
static int  fired;

enum { OP_WRITE, OP_SYNC };

static void
read_control (void)
{
  const char *path = getenv ("DOCKET_FAULT_CONTROL");
  char buf[128] = { 0 }, m[16] = { 0 };
  long gen = 0, n = 0;
  ssize_t got;
  int fd;

  if (path == NULL || (fd = open (path, O_RDONLY | O_CLOEXEC)) < 0)
    {
      mode[0] = '\0';
      return;
    }
  got = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (got <= 0 || sscanf (buf, "%ld %15s %ld", &gen, m, &n) != 3)
    {
      mode[0] = '\0';
      return;
    }
  if (gen != generation)
    {
      generation = gen;
      snprintf (mode, sizeof mode, "%s", m);
      target = n;
      count = 0;
      fired = 0;
    }
}

static void
note_fired (void)
{
  const char *path = getenv ("DOCKET_FAULT_CONTROL");
  char name[4096], text[32];
  int fd, len;

  if (fired)
    return;
  fired = 1;
  snprintf (name, sizeof name, "%s.fired", path);
  len = snprintf (text, sizeof text, "%ld\n", generation);
  fd = open (name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd >= 0)
    {
      if (write (fd, text, (size_t) len) != len)
        perror ("faultvfs");
      close (fd);
    }
}

/* The error to return instead of doing @op, or SQLITE_OK. */
static int
fault_for (int op)
{
  read_control ();
  if (mode[0] == '\0')
    return SQLITE_OK;
  if (op == OP_WRITE && strcmp (mode, "write") == 0)
    {
      if (++count == target)
        {
          note_fired ();
          return SQLITE_IOERR_WRITE;
        }
    }
  else if (op == OP_WRITE && strcmp (mode, "full") == 0)
    {
      if (++count >= target)
        {
          note_fired ();
          return SQLITE_FULL;
        }
    }
  else if (op == OP_SYNC && strcmp (mode, "slow") == 0)
    {
      note_fired ();
      usleep ((useconds_t) target * 1000);
    }
  else if (op == OP_SYNC && strcmp (mode, "sync") == 0)
    {
      if (++count == target)
        {
          note_fired ();
          return SQLITE_IOERR_FSYNC;
        }
    }
  return SQLITE_OK;
}

#define REAL(f) (((FaultFile *) (f))->real)

static int
f_close (sqlite3_file *f)
{
  int rc = REAL (f)->pMethods ? REAL (f)->pMethods->xClose (REAL (f)) : SQLITE_OK;
  return rc;
}

static int
f_read (sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
  return REAL (f)->pMethods->xRead (REAL (f), buf, amt, off);
}

static int
f_write (sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
  int rc = fault_for (OP_WRITE);
  if (rc != SQLITE_OK)
    return rc;
  return REAL (f)->pMethods->xWrite (REAL (f), buf, amt, off);
}

static int
f_truncate (sqlite3_file *f, sqlite3_int64 size)
{
  return REAL (f)->pMethods->xTruncate (REAL (f), size);
}

static int
f_sync (sqlite3_file *f, int flags)
{
  int rc = fault_for (OP_SYNC);
  if (rc != SQLITE_OK)
    return rc;
  return REAL (f)->pMethods->xSync (REAL (f), flags);
}

static int
f_file_size (sqlite3_file *f, sqlite3_int64 *size)
{
  return REAL (f)->pMethods->xFileSize (REAL (f), size);
}

static int
f_lock (sqlite3_file *f, int lock)
{
  return REAL (f)->pMethods->xLock (REAL (f), lock);
}

static int
f_unlock (sqlite3_file *f, int lock)
{
  return REAL (f)->pMethods->xUnlock (REAL (f), lock);
}

static int
f_check_reserved (sqlite3_file *f, int *out)
{
  return REAL (f)->pMethods->xCheckReservedLock (REAL (f), out);
}

static int
f_file_control (sqlite3_file *f, int op, void *arg)
{
  return REAL (f)->pMethods->xFileControl (REAL (f), op, arg);
}

static int
f_sector_size (sqlite3_file *f)
{
  return REAL (f)->pMethods->xSectorSize (REAL (f));
}

static int
f_device_characteristics (sqlite3_file *f)
{
  return REAL (f)->pMethods->xDeviceCharacteristics (REAL (f));
}

static int
f_shm_map (sqlite3_file *f, int page, int size, int extend, void volatile **out)
{
  return REAL (f)->pMethods->xShmMap (REAL (f), page, size, extend, out);
}

static int
f_shm_lock (sqlite3_file *f, int offset, int n, int flags)
{
  return REAL (f)->pMethods->xShmLock (REAL (f), offset, n, flags);
}

static void
f_shm_barrier (sqlite3_file *f)
{
  REAL (f)->pMethods->xShmBarrier (REAL (f));
}

static int
f_shm_unmap (sqlite3_file *f, int delete_flag)
{
  return REAL (f)->pMethods->xShmUnmap (REAL (f), delete_flag);
}

static int
f_fetch (sqlite3_file *f, sqlite3_int64 off, int amt, void **out)
{
  return REAL (f)->pMethods->xFetch (REAL (f), off, amt, out);
}

static int
f_unfetch (sqlite3_file *f, sqlite3_int64 off, void *p)
{
  return REAL (f)->pMethods->xUnfetch (REAL (f), off, p);
}

static int
v_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  FaultFile *ff = (FaultFile *) file;
  int rc;

  ff->real = (sqlite3_file *) (ff + 1);
  memset (ff->real, 0, (size_t) real_vfs->szOsFile);
  rc = real_vfs->xOpen (real_vfs, name, ff->real, flags, out_flags);
  /* xClose is called even when the open failed, as long as pMethods is set. */
  ff->base.pMethods = ff->real->pMethods ? &fault_methods : NULL;
  if (ff->real->pMethods)
    fault_methods.iVersion = ff->real->pMethods->iVersion;
  return rc;
}

static int
v_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  return real_vfs->xDelete (real_vfs, name, sync_dir);
}

static int
v_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
  return real_vfs->xAccess (real_vfs, name, flags, out);
}

static int
v_full_pathname (sqlite3_vfs *vfs, const char *name, int n, char *out)
{
  return real_vfs->xFullPathname (real_vfs, name, n, out);
}

static void *
v_dl_open (sqlite3_vfs *vfs, const char *name)
{
  return real_vfs->xDlOpen (real_vfs, name);
}

static void
v_dl_error (sqlite3_vfs *vfs, int n, char *out)
{
  real_vfs->xDlError (real_vfs, n, out);
}

static void (*v_dl_sym (sqlite3_vfs *vfs, void *h, const char *sym)) (void)
{
  return real_vfs->xDlSym (real_vfs, h, sym);
}

static void
v_dl_close (sqlite3_vfs *vfs, void *h)
{
  real_vfs->xDlClose (real_vfs, h);
}

static int
v_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xRandomness (real_vfs, n, out);
}

static int
v_sleep (sqlite3_vfs *vfs, int us)
{
  return real_vfs->xSleep (real_vfs, us);
}

static int
v_current_time (sqlite3_vfs *vfs, double *out)
{
  return real_vfs->xCurrentTime (real_vfs, out);
}

static int
v_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xGetLastError (real_vfs, n, out);
}

static int
v_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
  return real_vfs->xCurrentTimeInt64 (real_vfs, out);
}

__attribute__((constructor)) static void
fault_vfs_register (void)
{
  if (sqlite3_initialize () != SQLITE_OK)
    return;
  real_vfs = sqlite3_vfs_find (NULL);
  if (real_vfs == NULL)
    return;

  fault_methods = (sqlite3_io_methods) {
    .iVersion = 3,
    .xClose = f_close, .xRead = f_read, .xWrite = f_write, .xTruncate = f_truncate,
    .xSync = f_sync, .xFileSize = f_file_size, .xLock = f_lock, .xUnlock = f_unlock,
    .xCheckReservedLock = f_check_reserved, .xFileControl = f_file_control,
    .xSectorSize = f_sector_size, .xDeviceCharacteristics = f_device_characteristics,
    .xShmMap = f_shm_map, .xShmLock = f_shm_lock, .xShmBarrier = f_shm_barrier,
    .xShmUnmap = f_shm_unmap, .xFetch = f_fetch, .xUnfetch = f_unfetch,
  };
  fault_vfs = (sqlite3_vfs) {
    .iVersion = 2,
    .szOsFile = (int) sizeof (FaultFile) + real_vfs->szOsFile,
    .mxPathname = real_vfs->mxPathname,
    .zName = "docket-fault",
    .xOpen = v_open, .xDelete = v_delete, .xAccess = v_access,
    .xFullPathname = v_full_pathname, .xDlOpen = v_dl_open, .xDlError = v_dl_error,
    .xDlSym = v_dl_sym, .xDlClose = v_dl_close, .xRandomness = v_randomness,
    .xSleep = v_sleep, .xCurrentTime = v_current_time, .xGetLastError = v_get_last_error,
    .xCurrentTimeInt64 = v_current_time_int64,
  };
  sqlite3_vfs_register (&fault_vfs, 1);
}
