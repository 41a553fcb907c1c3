/* The DocketError domain and its registration with GDBus. */
#include "config.h"

#include "docket-error.h"
#include "docket-names.h"

static const GDBusErrorEntry docket_error_entries[] = {
  { DOCKET_ERROR_FAILED,           DOCKET_DBUS_ERROR_PREFIX ".Failed" },
  { DOCKET_ERROR_NOT_FOUND,        DOCKET_DBUS_ERROR_PREFIX ".NotFound" },
  { DOCKET_ERROR_INVALID_ARGUMENT, DOCKET_DBUS_ERROR_PREFIX ".InvalidArgument" },
  { DOCKET_ERROR_ACCESS_DENIED,    DOCKET_DBUS_ERROR_PREFIX ".AccessDenied" },
  { DOCKET_ERROR_CONFLICT,         DOCKET_DBUS_ERROR_PREFIX ".Conflict" },
  { DOCKET_ERROR_TAMPERED,         DOCKET_DBUS_ERROR_PREFIX ".Tampered" },
  { DOCKET_ERROR_BUSY,             DOCKET_DBUS_ERROR_PREFIX ".Busy" },
  { DOCKET_ERROR_DAMAGED,          DOCKET_DBUS_ERROR_PREFIX ".Damaged" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (docket_error_entries) == DOCKET_ERROR_DAMAGED + 1);

GQuark
docket_error_quark (void)
{
  static gsize quark = 0;

  g_dbus_error_register_error_domain ("docket-error-quark",
                                      &quark,
                                      docket_error_entries,
                                      G_N_ELEMENTS (docket_error_entries));
  return (GQuark) quark;
}

const char *
docket_error_to_dbus_name (DocketError code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (docket_error_entries); i++)
    if (docket_error_entries[i].error_code == (gint) code)
      return docket_error_entries[i].dbus_error_name;
  return DOCKET_DBUS_ERROR_PREFIX ".Failed";
}

char *
docket_error_message (const GError *error)
{
  g_autoptr(GError) copy = NULL;

  if (error == NULL)
    return g_strdup ("unknown error");
  copy = g_error_copy (error);
  g_dbus_error_strip_remote_error (copy);
  return g_strdup (copy->message);
}

gboolean
docket_error_set (GError **error, DocketError code, const char *format, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, DOCKET_ERROR, code, msg);
  return FALSE;
}
