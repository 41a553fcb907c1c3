/* Moving a file's contents to and from docketd over the bus in bounded
 * parts (org.docket.Docket1.Transfers), for a connection that cannot pass
 * a file descriptor: one over SSH. */
#pragma once

#include <gio/gio.h>

#include "docket-dbus-generated.h"

G_BEGIN_DECLS

/* The size of each part sent or asked for. */
#define DOCKET_TRANSFER_PART (1024u * 1024)

/* Called after each part with the bytes moved so far and in all. */
typedef void (*DocketTransferProgress) (guint64   done,
                                        guint64   total,
                                        gpointer  user_data);

/* Uploads what @fd holds, from its start to its end, for @purpose
 * ("import" or "restore"); returns the transfer to name in the call that
 * uses it, or 0. A failed upload is closed. */
guint64  docket_transfer_upload_sync   (DocketDBusTransfers     *proxy,
                                        const char              *purpose,
                                        int                      fd,
                                        DocketTransferProgress   progress,
                                        gpointer                 user_data,
                                        GCancellable            *cancellable,
                                        GError                 **error);
/* Writes download @transfer (@size bytes) to @fd, then closes it. */
gboolean docket_transfer_download_sync (DocketDBusTransfers     *proxy,
                                        guint64                  transfer,
                                        guint64                  size,
                                        int                      fd,
                                        DocketTransferProgress   progress,
                                        gpointer                 user_data,
                                        GCancellable            *cancellable,
                                        GError                 **error);

G_END_DECLS
