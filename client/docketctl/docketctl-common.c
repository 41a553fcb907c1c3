/* What every docketctl subcommand shares: the bus, the proxies, output. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <unistd.h>

#include "docket-client-error.h"
#include "docket-error.h"
#include "docket-transfer.h"
#include "docketctl-common.h"

/* Connects on first use, so that --help and usage errors need no bus,
 * and acts as ctl->as_user when given. */
static gboolean
connect_bus (DocketCtl *ctl, GError **error)
{
  const DocketConnectionOptions options = {
    .bus_type = ctl->session_bus ? G_BUS_TYPE_SESSION : G_BUS_TYPE_SYSTEM,
    .host = ctl->host,
    .act_as = ctl->as_user,
    .proxy_flags = G_DBUS_PROXY_FLAGS_NONE,
    /* Imports of many thousand rows take longer than the default 25 s. */
    .timeout_ms = 10 * 60 * 1000,
  };
  g_autoptr(GError) local = NULL;

  if (ctl->connection != NULL)
    return TRUE;
  ctl->connection = docket_connection_open_sync (&options, NULL, &local);
  if (ctl->connection == NULL && ctl->host != NULL && *ctl->host != '\0')
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (ctl->connection == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "cannot connect to the %s bus: %s",
                   ctl->session_bus ? "session" : "system", local->message);
      return FALSE;
    }
  if (ctl->as_user != NULL && *ctl->as_user != '\0')
    {
      ctl->proxies.users = docket_connection_new_users (ctl->connection, error);
      if (ctl->proxies.users == NULL)
        return FALSE;
      if (!docketctl_check_utf8 ("--as", ctl->as_user, error) ||
          !docket_dbus_users_call_act_as_sync (ctl->proxies.users, ctl->as_user, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* Each proxy is made on first use, as most commands need one or two. */
#define PROXY_GETTER(Type, field)                                            \
  DocketDBus##Type *                                                          \
  docketctl_##field (DocketCtl *ctl, GError **error)                          \
  {                                                                           \
    if (!connect_bus (ctl, error))                                            \
      return NULL;                                                            \
    if (ctl->proxies.field == NULL)                                           \
      ctl->proxies.field = docket_connection_new_##field (ctl->connection,    \
                                                          error);             \
    return ctl->proxies.field;                                                \
  }

PROXY_GETTER (Drivers, drivers)
PROXY_GETTER (Users, users)
PROXY_GETTER (Audit, audit)
PROXY_GETTER (Hearings, hearings)
PROXY_GETTER (Statistics, statistics)
PROXY_GETTER (Compliance, compliance)
PROXY_GETTER (Maintenance, maintenance)
PROXY_GETTER (Transfers, transfers)

gboolean
docketctl_parse_id (const char *what, const char *text, gint64 *out, GError **error)
{
  guint64 v;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &v, NULL))
    {
      g_autofree char *shown = text ? g_utf8_make_valid (text, -1) : g_strdup ("");
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s '%s' is not a record number", what, shown);
      return FALSE;
    }
  *out = (gint64) v;
  return TRUE;
}

gboolean
docketctl_parse_count (const char *option, const char *text, guint32 *out, GError **error)
{
  guint64 v;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &v, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s '%s' is not a whole number", option, text);
      return FALSE;
    }
  *out = (guint32) v;
  return TRUE;
}

gboolean
docketctl_write_file (const char *path, GVariant *bytes, GError **error)
{
  gsize len = 0;
  const char *data = g_variant_get_fixed_array (bytes, &len, 1);

  if (g_str_equal (path, "-"))
    {
      fwrite (data, 1, len, stdout);
      return TRUE;
    }
  return g_file_set_contents_full (path, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error);
}

void
docketctl_print_warnings (const char * const *warnings)
{
  for (guint i = 0; warnings && warnings[i]; i++)
    g_printerr ("docketctl: warning: %s\n", warnings[i]);
}

int
docketctl_fail (DocketCtl *ctl, const GError *error)
{
  g_autofree char *message = docket_client_error_text (error);

  if (docket_client_error_is_absent (error))
    g_printerr ("docketctl: docketd is not running and could not be started: %s\n", message);
  else if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED))
    g_printerr ("docketctl: the bus refused the call: only members of the group of Docket's "
                "users may use Docket; ask the server's administrator to add you\n");
  else
    g_printerr ("docketctl: %s\n", message);
  return DOCKETCTL_EXIT_FAILED;
}

int
docketctl_usage (const char *format, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("docketctl: %s\n", msg);
  return DOCKETCTL_EXIT_USAGE;
}

int
docketctl_dispatch (DocketCtl           *ctl,
                    const char          *family,
                    const DocketCtlVerb *verbs,
                    int                  argc,
                    char               **argv)
{
  if (argc >= 1)
    for (const DocketCtlVerb *v = verbs; v->name; v++)
      if (g_str_equal (v->name, argv[0]))
        return v->run (ctl, argc, argv);

  if (argc >= 1 && !g_str_equal (argv[0], "--help") && !g_str_equal (argv[0], "help"))
    g_printerr ("docketctl: unknown command '%s %s'\n", family, argv[0]);
  g_printerr ("Usage: docketctl %s COMMAND\n\nCommands:\n", family);
  for (const DocketCtlVerb *v = verbs; v->name; v++)
    g_printerr ("  %-18s %s\n", v->name, v->summary);
  return DOCKETCTL_EXIT_USAGE;
}

gboolean
docketctl_parse (GOptionContext *context, int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("docketctl: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
docketctl_add_text (GVariantBuilder *b, const char *key, const char *option, const char *value,
                    GError **error)
{
  if (value == NULL)
    return TRUE;
  if (!docketctl_check_utf8 (option, value, error))
    return FALSE;
  g_variant_builder_add (b, "{sv}", key, g_variant_new_string (value));
  return TRUE;
}

gboolean
docketctl_parse_args (GOptionContext *context, const GOptionEntry *entries, int *argc, char ***argv,
                      int n, const char *usage)
{
  if (entries)
    g_option_context_add_main_entries (context, entries, NULL);
  if (!docketctl_parse (context, argc, argv))
    return FALSE;
  if (*argc != n + 1)
    {
      docketctl_usage ("%s", usage);
      return FALSE;
    }
  return TRUE;
}

gboolean
docketctl_check_utf8 (const char *option, const char *value, GError **error)
{
  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "%s is not valid UTF-8", option);
      return FALSE;
    }
  return TRUE;
}

void
docketctl_print_json (GVariant *value)
{
  g_autoptr(JsonNode) node = json_gvariant_serialize (value);
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

void
docketctl_print_rows (DocketCtl *ctl, GVariant *rows, const char * const *columns, const char * const *headings)
{
  if (ctl->json)
    docketctl_print_json (rows);
  else
    docketctl_print_table (rows, columns, headings);
}

void
docketctl_print_record (DocketCtl *ctl, GVariant *record, const char * const *keys, const char * const *headings)
{
  if (ctl->json)
    docketctl_print_json (record);
  else
    docketctl_print_fields (record, keys, headings);
}

static char *
cell_text (GVariant *row, const char *key)
{
  g_autoptr(GVariant) v = g_variant_lookup_value (row, key, NULL);

  if (v == NULL)
    return g_strdup ("");
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
    return g_strdup (g_variant_get_string (v, NULL));
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_DOUBLE))
    return g_strdup_printf ("%.1f", g_variant_get_double (v));
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING_ARRAY))
    {
      g_autofree const char **strv = g_variant_get_strv (v, NULL);
      return g_strjoinv (", ", (char **) strv);
    }
  return g_variant_print (v, FALSE);
}

static void
print_padded (const char *text, glong width, gboolean last)
{
  glong len = g_utf8_strlen (text, -1);

  g_print ("%s", text);
  if (!last)
    for (glong i = len; i < width + 2; i++)
      g_print (" ");
}

void
docketctl_print_table (GVariant           *rows,
                       const char * const *columns,
                       const char * const *headings)
{
  guint ncols = g_strv_length ((char **) columns);
  gsize nrows = g_variant_n_children (rows);
  g_autofree glong *widths = g_new0 (glong, ncols);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  for (guint c = 0; c < ncols; c++)
    widths[c] = g_utf8_strlen (_(headings[c]), -1);
  for (gsize r = 0; r < nrows; r++)
    {
      g_autoptr(GVariant) row = g_variant_get_child_value (rows, r);
      for (guint c = 0; c < ncols; c++)
        {
          char *text = cell_text (row, columns[c]);
          widths[c] = MAX (widths[c], g_utf8_strlen (text, -1));
          g_ptr_array_add (cells, text);
        }
    }

  for (guint c = 0; c < ncols; c++)
    print_padded (_(headings[c]), widths[c], c == ncols - 1);
  g_print ("\n");
  for (gsize r = 0; r < nrows; r++)
    {
      for (guint c = 0; c < ncols; c++)
        print_padded (cells->pdata[r * ncols + c], widths[c], c == ncols - 1);
      g_print ("\n");
    }
}

void
docketctl_print_fields (GVariant           *record,
                        const char * const *keys,
                        const char * const *headings)
{
  glong width = 0;

  for (guint i = 0; keys[i]; i++)
    width = MAX (width, g_utf8_strlen (_(headings[i]), -1));
  for (guint i = 0; keys[i]; i++)
    {
      g_autofree char *text = cell_text (record, keys[i]);
      g_autofree char *label = g_strdup_printf ("%s:", _(headings[i]));
      if (*text == '\0')
        continue;
      print_padded (label, width + 1, FALSE);
      /* Continuation lines of an address or disclosure line up under the
       * first. */
      for (const char *p = text; *p; p++)
        {
          g_print ("%c", *p);
          if (*p == '\n')
            for (glong pad = 0; pad < width + 3; pad++)
              g_print (" ");
        }
      g_print ("\n");
    }
}

gboolean
docketctl_is_remote (DocketCtl *ctl)
{
  return ctl->host != NULL && *ctl->host != '\0';
}

/* Shows how far a transfer is, on a terminal only. */
static void
show_progress (guint64 done, guint64 total, gpointer user_data)
{
  const char *what = user_data;

  g_printerr ("\r%s: %3u%% (%.1f of %.1f MiB)", what, (guint) (done * 100 / MAX (total, 1)),
              done / 1048576.0, total / 1048576.0);
  if (done == total)
    g_printerr ("\n");
}

guint64
docketctl_upload (DocketCtl *ctl, const char *purpose, int fd, const char *path, GError **error)
{
  DocketDBusTransfers *proxy = docketctl_transfers (ctl, error);
  g_autofree char *what = g_strdup_printf ("Sending %s", path);

  if (proxy == NULL)
    return 0;
  return docket_transfer_upload_sync (proxy, purpose, fd, isatty (2) ? show_progress : NULL, what,
                                      NULL, error);
}

gboolean
docketctl_download (DocketCtl *ctl, guint64 transfer, guint64 size, int fd, const char *path,
                    GError **error)
{
  DocketDBusTransfers *proxy = docketctl_transfers (ctl, error);
  g_autofree char *what = g_strdup_printf ("Receiving %s", path);

  if (proxy == NULL)
    return FALSE;
  return docket_transfer_download_sync (proxy, transfer, size, fd, isatty (2) ? show_progress : NULL,
                                        what, NULL, error);
}

int
docketctl_print_done (DocketCtl *ctl, const char *message)
{
  if (ctl->json)
    docketctl_print_json (g_variant_new_parsed ("{'ok': <true>}"));
  else
    g_print ("%s\n", message);
  return 0;
}
