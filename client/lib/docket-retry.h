/* Calls to docketd that the bus refused without delivering them, sent
 * again. When a flood fills the bus's queue to docketd, dbus-daemon answers
 * further calls with LimitsExceeded ("destination has a full message
 * queue") and drops them: docketd never saw them, so sending the same call
 * again is safe, and the caller waits a little instead of failing. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Times a refused call is sent again, the waits growing from 20 ms to 1 s:
 * about 30 s in all, longer than a call's usual timeout. */
#define DOCKET_RETRY_ATTEMPTS 36

/* Watches @connection's calls to docketd; once per connection. */
void docket_retry_install (GDBusConnection *connection);

/* Calls sent again on @connection so far. */
guint docket_retry_get_count (GDBusConnection *connection);

G_END_DECLS
