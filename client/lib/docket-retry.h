/* Calls to docketd that the bus refused without delivering them, sent
 * again. When a flood fills the bus's queue to docketd, dbus-daemon answers
 * further calls with LimitsExceeded ("destination has a full message
 * queue") and drops them: docketd never saw them, so sending the same call
 * again is safe, and the caller waits a little instead of failing. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Times a refused call is sent again at most, the waits growing from
 * 20 ms to 1 s. */
#define DOCKET_RETRY_ATTEMPTS 36

/* Watches @connection's calls to docketd; once per connection. A call is
 * sent again only while its caller still waits: within @timeout_ms (the
 * calls' timeout; -1 for GDBus's 25 s) less a second of margin, so that
 * a call reported as failed is never carried out later. Calls sent again
 * may overtake others sent meanwhile. */
void docket_retry_install (GDBusConnection *connection,
                           int              timeout_ms);

/* Calls sent again on @connection so far. */
guint docket_retry_get_count (GDBusConnection *connection);

G_END_DECLS
