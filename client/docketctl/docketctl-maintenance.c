/* docketctl key status|rotate, backup FILE, restore FILE. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <gio/gunixfdlist.h>
#include <glib/gstdio.h>

#include "docket-error.h"
#include "docketctl-maintenance.h"

static int
key_status (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- the key version of the stored values");
  g_autoptr(GError) error = NULL;
  DocketDBusMaintenance *proxy;
  guint version = 0, target = 0;

  if (!docketctl_parse_args (context, NULL, &argc, &argv, 0, "key status takes no arguments"))
    return DOCKETCTL_EXIT_USAGE;
  proxy = docketctl_maintenance (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_maintenance_call_key_status_sync (proxy, &version, &target, NULL, &error))
    return docketctl_fail (ctl, error);
  if (ctl->json)
    docketctl_print_json (g_variant_new_parsed ("{'version': %u, 'rotating-to': %u}", version, target));
  else if (target != 0)
    g_print (_("Key version %u; a rotation to version %u is unfinished (docketctl key rotate resumes it)\n"),
             version, target);
  else
    g_print (_("Key version %u\n"), version);
  return 0;
}

static int
key_rotate (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- re-encrypt every stored value under a new key version");
  g_autoptr(GError) error = NULL;
  DocketDBusMaintenance *proxy;
  guint version = 0;
  guint64 values = 0;

  if (!docketctl_parse_args (context, NULL, &argc, &argv, 0, "key rotate takes no arguments"))
    return DOCKETCTL_EXIT_USAGE;
  proxy = docketctl_maintenance (ctl, &error);
  if (proxy == NULL ||
      !docket_dbus_maintenance_call_rotate_key_sync (proxy, &version, &values, NULL, &error))
    return docketctl_fail (ctl, error);
  if (ctl->json)
    docketctl_print_json (g_variant_new_parsed ("{'version': %u, 'values': %t}", version, values));
  else
    {
      g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, values);
      g_print (_("Every stored value is now under key version %u (%s re-encrypted)\n"), version, n);
    }
  return 0;
}

static const DocketCtlVerb key_verbs[] = {
  { "status", key_status, N_("Show the key version of the stored values") },
  { "rotate", key_rotate, N_("Re-encrypt every stored value under a new key version") },
  { NULL }
};

int
docketctl_key (DocketCtl *ctl, int argc, char **argv)
{
  return docketctl_dispatch (ctl, "key", key_verbs, argc - 1, argv + 1);
}

static void
print_summary (DocketCtl *ctl, gboolean restored, const char *path, GVariant *summary)
{
  const char *created = "", *hash = "";
  gint64 head = 0;
  guint64 bytes = 0;
  g_autofree char *head_text = NULL, *bytes_text = NULL;

  if (ctl->json)
    {
      docketctl_print_json (summary);
      return;
    }
  g_variant_lookup (summary, "created", "&s", &created);
  g_variant_lookup (summary, "audit-head", "x", &head);
  g_variant_lookup (summary, "audit-head-hash", "&s", &hash);
  g_variant_lookup (summary, "bytes", "t", &bytes);
  head_text = g_strdup_printf ("%" G_GINT64_FORMAT, head);
  bytes_text = g_strdup_printf ("%" G_GUINT64_FORMAT, bytes);
  if (restored)
    g_print (_("Restored %s: the backup made %s, %s bytes\n"), path, created, bytes_text);
  else
    g_print (_("Backed up to %s: made %s, %s bytes\n"), path, created, bytes_text);
  g_print (_("Audit log to entry %s, hash %s\n"), head_text, hash);
}

/* @path opened with @flags as a list of one descriptor to pass over the
 * bus, or NULL with the error naming the file. */
static GUnixFDList *
open_for_call (const char *path, int flags, GError **error)
{
  int fd = open (path, flags | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT, "Cannot %s %s: %s",
                   (flags & O_CREAT) ? "create" : "open", path, g_strerror (errno));
      return NULL;
    }
  return g_unix_fd_list_new_from_array (&fd, 1);  /* takes the fd */
}

int
docketctl_backup (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE - an encrypted online backup of the database");
  g_autoptr(GError) error = NULL;
  g_autoptr(GUnixFDList) fds = NULL;
  g_autoptr(GVariant) summary = NULL;
  DocketDBusMaintenance *proxy;

  g_option_context_set_description (context,
      "FILE is created (never overwritten) and readable only by you. Only a\n"
      "docketd holding the same master key can restore it.");
  if (!docketctl_parse_args (context, NULL, &argc, &argv, 1, "backup needs one FILE"))
    return DOCKETCTL_EXIT_USAGE;
  fds = open_for_call (argv[1], O_WRONLY | O_CREAT | O_EXCL, &error);
  if (fds == NULL)
    return docketctl_fail (ctl, error);
  proxy = docketctl_maintenance (ctl, &error);
  if (proxy != NULL && docketctl_is_remote (ctl))
    {
      /* Over SSH the backup is made on the server, then fetched in parts. */
      guint64 transfer = 0, size = 0;

      if (!docket_dbus_maintenance_call_backup_transfer_sync (proxy, &transfer, &size, &summary, NULL, &error) ||
          !docketctl_download (ctl, transfer, size, g_unix_fd_list_peek_fds (fds, NULL)[0], argv[1], &error))
        proxy = NULL;
      else if (fsync (g_unix_fd_list_peek_fds (fds, NULL)[0]) != 0)
        {
          g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (errno), "Cannot write %s: %s",
                       argv[1], g_strerror (errno));
          proxy = NULL;
        }
    }
  else if (proxy != NULL &&
           !docket_dbus_maintenance_call_backup_sync (proxy, g_variant_new_handle (0), fds, &summary,
                                                      NULL, NULL, &error))
    proxy = NULL;
  if (proxy == NULL)
    {
      /* A partial file is no backup. */
      g_unlink (argv[1]);
      if (error != NULL)
        g_dbus_error_strip_remote_error (error);
      return docketctl_fail (ctl, error);
    }
  print_summary (ctl, FALSE, argv[1], summary);
  return 0;
}

int
docketctl_restore (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE - replace the database with a backup");
  g_autoptr(GError) error = NULL;
  g_autoptr(GUnixFDList) fds = NULL;
  g_autoptr(GVariant) summary = NULL;
  DocketDBusMaintenance *proxy;

  g_option_context_set_description (context,
      "The backup is checked first (authenticated to its end, integrity and\n"
      "foreign keys, the key, the whole audit chain); only then does it replace\n"
      "the database. Everything recorded since the backup was made is lost.");
  if (!docketctl_parse_args (context, NULL, &argc, &argv, 1, "restore needs one FILE"))
    return DOCKETCTL_EXIT_USAGE;
  fds = open_for_call (argv[1], O_RDONLY, &error);
  if (fds == NULL)
    return docketctl_fail (ctl, error);
  proxy = docketctl_maintenance (ctl, &error);
  if (proxy != NULL && docketctl_is_remote (ctl))
    {
      /* Over SSH the backup travels in parts, then is checked whole. */
      guint64 transfer = docketctl_upload (ctl, "restore", g_unix_fd_list_peek_fds (fds, NULL)[0],
                                           argv[1], &error);
      if (transfer == 0 ||
          !docket_dbus_maintenance_call_restore_transfer_sync (proxy, transfer, &summary, NULL, &error))
        proxy = NULL;
    }
  else if (proxy != NULL &&
           !docket_dbus_maintenance_call_restore_sync (proxy, g_variant_new_handle (0), fds, &summary,
                                                       NULL, NULL, &error))
    proxy = NULL;
  if (proxy == NULL)
    {
      if (error != NULL)
        {
          g_dbus_error_strip_remote_error (error);
          g_prefix_error (&error, "%s: ", argv[1]);
        }
      return docketctl_fail (ctl, error);
    }
  print_summary (ctl, TRUE, argv[1], summary);
  return 0;
}
