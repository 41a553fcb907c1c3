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

/* An extended error domain: each error carries whether its message
 * already names the record it is about ("Case 4: ..."), so that the layers
 * it passes through add a record's name only once, without reading the
 * text. */
typedef struct {
  gboolean names_record;
} DocketErrorPrivate;

static DocketErrorPrivate *
get_private (const GError *error)
{
  /* As G_DEFINE_EXTENDED_ERROR does: the private data precedes the error. */
  const gsize sa = 2 * sizeof (gsize);
  const gsize as = (sizeof (DocketErrorPrivate) + (sa - 1)) & -sa;

  return (DocketErrorPrivate *) (((guint8 *) error) - as);
}

static void
private_init (GError *error)
{
  get_private (error)->names_record = FALSE;
}

static void
private_copy (const GError *src, GError *dest)
{
  get_private (dest)->names_record = get_private (src)->names_record;
}

static void
private_clear (GError *error)
{
}

GQuark
docket_error_quark (void)
{
  static gsize initialized = 0;
  static GQuark quark;

  if (g_once_init_enter (&initialized))
    {
      static gsize dbus_quark = 0;

      /* The extended domain first, so every error of it has its private
       * part; then the same quark's names on the bus. */
      quark = g_error_domain_register_static ("docket-error-quark", sizeof (DocketErrorPrivate),
                                              private_init, private_copy, private_clear);
      g_dbus_error_register_error_domain ("docket-error-quark", &dbus_quark,
                                          docket_error_entries,
                                          G_N_ELEMENTS (docket_error_entries));
      g_assert ((GQuark) dbus_quark == quark);
      g_once_init_leave (&initialized, 1);
    }
  return quark;
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

gboolean
docket_error_set_named (GError **error, DocketError code, const char *format, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  if (error == NULL)
    return FALSE;
  /* As g_set_error_literal () would: an error already set is kept, and
   * its mark (if any) left alone. */
  g_return_val_if_fail (*error == NULL, FALSE);
  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, DOCKET_ERROR, code, msg);
  get_private (*error)->names_record = TRUE;
  return FALSE;
}

void
docket_error_prefix_named (GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *prefix = NULL;

  if (error == NULL || *error == NULL)
    return;
  va_start (args, format);
  prefix = g_strdup_vprintf (format, args);
  va_end (args);
  g_prefix_error_literal (error, prefix);
  if ((*error)->domain == DOCKET_ERROR)
    get_private (*error)->names_record = TRUE;
}

gboolean
docket_error_names_record (const GError *error)
{
  return error != NULL && error->domain == DOCKET_ERROR && get_private (error)->names_record;
}
