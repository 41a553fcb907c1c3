/* Transfers: file contents moved over the bus in bounded parts, for
 * clients that cannot pass a file descriptor (over SSH). Each is an
 * unlinked file beside the database, owned by one bus connection and gone
 * with it. Main thread only. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The largest part Write takes and Read gives. */
#define DOCKET_TRANSFER_CHUNK_MAX (4u * 1024 * 1024)

#define DOCKET_TYPE_TRANSFERS (docket_transfers_get_type ())
G_DECLARE_FINAL_TYPE (DocketTransfers, docket_transfers, DOCKET, TRANSFERS, GObject)

/* Transfers in files made in @dir (the state directory). */
DocketTransfers *docket_transfers_new          (const char       *dir);
/* A new upload of exactly @size bytes for @purpose, owned by @owner (a
 * unique bus name on @connection). */
guint64          docket_transfers_upload       (DocketTransfers  *self,
                                                GDBusConnection  *connection,
                                                const char       *owner,
                                                const char       *purpose,
                                                guint64           size,
                                                GError          **error);
/* Appends @len bytes to the owner's upload @id. */
gboolean         docket_transfers_write        (DocketTransfers  *self,
                                                const char       *owner,
                                                guint64           id,
                                                const guint8     *data,
                                                gsize             len,
                                                GError          **error);
/* At most @length bytes of the owner's download @id from @offset. */
GBytes          *docket_transfers_read         (DocketTransfers  *self,
                                                const char       *owner,
                                                guint64           id,
                                                guint64           offset,
                                                guint             length,
                                                GError          **error);
gboolean         docket_transfers_close        (DocketTransfers  *self,
                                                const char       *owner,
                                                guint64           id,
                                                GError          **error);
/* Takes the owner's complete upload @id for @purpose: its file, read from
 * the start (the caller closes it); the transfer is gone. */
int              docket_transfers_take         (DocketTransfers  *self,
                                                const char       *owner,
                                                guint64           id,
                                                const char       *purpose,
                                                GError          **error);
/* Whether @owner may hold one more transfer (four per connection, sixteen
 * in all); BUSY otherwise. */
gboolean         docket_transfers_check_room   (DocketTransfers  *self,
                                                const char       *owner,
                                                GError          **error);
/* A new unlinked file to write a download into. */
int              docket_transfers_new_file     (DocketTransfers  *self,
                                                GError          **error);
/* Makes @fd (written, taken) a download of the owner's; @size is its
 * length. */
guint64          docket_transfers_add_download (DocketTransfers  *self,
                                                GDBusConnection  *connection,
                                                const char       *owner,
                                                int               fd,
                                                guint64          *size,
                                                GError          **error);

G_END_DECLS
