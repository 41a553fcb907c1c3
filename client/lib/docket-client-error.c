/* What a client shows of an error that comes back from docketd. */
#include "config.h"

#include "docket-client-error.h"
#include "docket-error.h"

char *
docket_client_error_text (const GError *error)
{
  return docket_error_message (error);
}

gboolean
docket_client_error_is_absent (const GError *error)
{
  return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER);
}
