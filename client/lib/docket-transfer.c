/* Moving a file's contents to and from docketd in bounded parts. */
#include "config.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "docket-error.h"
#include "docket-transfer.h"

guint64
docket_transfer_upload_sync (DocketDBusTransfers     *proxy,
                             const char              *purpose,
                             int                      fd,
                             DocketTransferProgress   progress,
                             gpointer                 user_data,
                             GCancellable            *cancellable,
                             GError                 **error)
{
  g_autofree guint8 *buf = g_malloc (DOCKET_TRANSFER_PART);
  struct stat st;
  guint64 id = 0, done = 0;

  if (fstat (fd, &st) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s", g_strerror (errno));
      return 0;
    }
  if (st.st_size == 0)
    {
      g_set_error_literal (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT, "the file is empty");
      return 0;
    }
  if (!docket_dbus_transfers_call_upload_sync (proxy, purpose, (guint64) st.st_size, &id, cancellable, error))
    return 0;
  while (done < (guint64) st.st_size)
    {
      ssize_t n = pread (fd, buf, DOCKET_TRANSFER_PART, (off_t) done);
      GVariant *part;

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot read the file: %s",
                       n < 0 ? g_strerror (errno) : "it became shorter");
          goto fail;
        }
      part = g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, buf, (gsize) n, 1);
      if (!docket_dbus_transfers_call_write_sync (proxy, id, part, cancellable, error))
        goto fail;
      done += (guint64) n;
      if (progress)
        progress (done, (guint64) st.st_size, user_data);
    }
  return id;

fail:
  docket_dbus_transfers_call_close_sync (proxy, id, NULL, NULL);
  return 0;
}

gboolean
docket_transfer_download_sync (DocketDBusTransfers     *proxy,
                               guint64                  transfer,
                               guint64                  size,
                               int                      fd,
                               DocketTransferProgress   progress,
                               gpointer                 user_data,
                               GCancellable            *cancellable,
                               GError                 **error)
{
  guint64 done = 0;
  gboolean ok = TRUE;

  while (ok && done < size)
    {
      g_autoptr(GVariant) part = NULL;
      const guint8 *data;
      gsize len = 0, written = 0;

      ok = docket_dbus_transfers_call_read_sync (proxy, transfer, done, DOCKET_TRANSFER_PART, &part,
                                                 cancellable, error);
      if (!ok)
        break;
      data = g_variant_get_fixed_array (part, &len, 1);
      if (len == 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the download ended early");
          ok = FALSE;
          break;
        }
      while (written < len)
        {
          ssize_t n = write (fd, data + written, len - written);
          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            {
              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot write: %s",
                           g_strerror (errno));
              ok = FALSE;
              break;
            }
          written += (gsize) n;
        }
      done += len;
      if (ok && progress)
        progress (done, size, user_data);
    }
  docket_dbus_transfers_call_close_sync (proxy, transfer, NULL, NULL);
  return ok;
}
