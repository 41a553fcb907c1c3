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
  g_autofree char *remote = NULL;

  if (error == NULL)
    return FALSE;
  if (error->domain == G_DBUS_ERROR)
    switch (error->code)
      {
      case G_DBUS_ERROR_SERVICE_UNKNOWN:
      case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
      case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
      case G_DBUS_ERROR_SPAWN_FORK_FAILED:
      case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
      case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
      case G_DBUS_ERROR_SPAWN_FAILED:
      case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
      case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
      case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
      case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
      case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
      case G_DBUS_ERROR_SPAWN_FILE_INVALID:
      case G_DBUS_ERROR_SPAWN_NO_MEMORY:
        return TRUE;
      default:
        break;
      }
  /* Activated by systemd: its unit could not be started. */
  remote = g_dbus_error_get_remote_error (error);
  return remote != NULL && g_str_has_prefix (remote, "org.freedesktop.systemd1.");
}
