/* docketctl import ...: bulk loading from CSV. The file is opened here and
 * passed to docketd as a file descriptor, so the daemon reads only what the
 * caller may read. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <gio/gunixfdlist.h>

#include "docket-error.h"
#include "docketctl-common.h"
#include "docketctl-import.h"

static int
import_drivers (DocketCtl *ctl, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE.csv - import drivers, all rows or none");
  g_autoptr(GError) error = NULL;
  g_autoptr(GUnixFDList) fds = NULL;
  DocketDBusDrivers *proxy;
  guint count = 0;
  int fd;

  g_option_context_set_description (context,
      "The first line names the columns: licence, kind and name are required;\n"
      "status, badge, issued, expires, dob, address, phone, email, ni-number,\n"
      "dvla-number, dbs-certificate and dbs-disclosure may follow, in any order.\n"
      "An empty cell leaves the field unset.");
  if (!docketctl_parse (context, &argc, &argv))
    return DOCKETCTL_EXIT_USAGE;
  if (argc != 2)
    return docketctl_usage ("import drivers needs one FILE");

  fd = open (argv[1], O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      g_set_error (&error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Cannot open %s: %s", argv[1], g_strerror (errno));
      return docketctl_fail (ctl, error);
    }
  fds = g_unix_fd_list_new_from_array (&fd, 1);  /* takes the fd */

  proxy = docketctl_drivers (ctl, &error);
  if (proxy != NULL && docketctl_is_remote (ctl))
    {
      /* Over SSH the file travels in parts, then is imported whole. */
      guint64 transfer = docketctl_upload (ctl, "import", fd, argv[1], &error);
      if (transfer == 0 ||
          !docket_dbus_drivers_call_import_transfer_sync (proxy, transfer, &count, NULL, &error))
        proxy = NULL;
    }
  else if (proxy != NULL &&
           !docket_dbus_drivers_call_import_sync (proxy, g_variant_new_handle (0), fds, &count,
                                                  NULL, NULL, &error))
    proxy = NULL;
  if (proxy == NULL)
    {
      if (error != NULL)
        g_dbus_error_strip_remote_error (error);
      g_prefix_error (&error, "%s: ", argv[1]);
      return docketctl_fail (ctl, error);
    }
  if (ctl->json)
    docketctl_print_json (g_variant_new ("{su}", "imported", count));
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "Imported %u driver from %s\n",
                          "Imported %u drivers from %s\n", count), count, argv[1]);
  return 0;
}

static const DocketCtlVerb verbs[] = {
  { "drivers", import_drivers, N_("Import driver records from a CSV file") },
  { NULL }
};

int
docketctl_import (DocketCtl *ctl, int argc, char **argv)
{
  return docketctl_dispatch (ctl, "import", verbs, argc - 1, argv + 1);
}
