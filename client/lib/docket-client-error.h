/* What a client shows of an error that comes back from docketd. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The daemon's message without the D-Bus prefix, for a toast, a field or
 * a line on stderr. */
char     *docket_client_error_text      (const GError *error);
/* TRUE when @error says that docketd is not on the bus (not running, or
 * gone since), rather than that it refused. */
gboolean  docket_client_error_is_absent (const GError *error);

G_END_DECLS
