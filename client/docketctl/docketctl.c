/* docketctl: Docket on the command line, over D-Bus. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "docketctl-audit.h"
#include "docketctl-common.h"
#include "docketctl-compliance.h"
#include "docketctl-driver.h"
#include "docketctl-hearing.h"
#include "docketctl-import.h"
#include "docketctl-maintenance.h"
#include "docketctl-records.h"
#include "docketctl-user.h"

static const DocketCtlVerb families[] = {
  { "driver", docketctl_driver, N_("Driver licence records") },
  { "user", docketctl_user, N_("Users and roles") },
  { "audit", docketctl_audit_cmd, N_("The audit log; the policy audit runs") },
  { "import", docketctl_import, N_("Bulk import from CSV") },
  { "hearing", docketctl_hearing, N_("Hearing days, their panels and cases") },
  { "case", docketctl_case, N_("A case at its hearing: attendance, decision, notice, appeal") },
  { "nr3s", docketctl_nr3s, N_("The national register of refusals, revocations and suspensions") },
  { "decisions", docketctl_decisions, N_("The record of decisions that may be published") },
  { "stats", docketctl_stats, N_("The record of decisions per hearing or month; the annual return") },
  { "retention", docketctl_retention, N_("The retention schedule: what it erases next") },
  { "flags", docketctl_flags, N_("Audit flags: list, show, dismiss, refer to a hearing") },
  { "training", docketctl_training, N_("Safeguarding training: record, deadlines, due") },
  { "dbs", docketctl_dbs, N_("DBS checks: record, due") },
  { "compliance", docketctl_compliance_cmd, N_("A driver's compliance; the medical date; the scheduler") },
  { "key", docketctl_key, N_("The encryption key: status, rotate") },
  { "backup", docketctl_backup, N_("An encrypted online backup of the database to FILE") },
  { "restore", docketctl_restore, N_("Check a backup, then replace the database with it") },
  { NULL }
};

static void
usage (void)
{
  g_printerr ("%s\n\n", _("Usage: docketctl [--json] [--session-bus|--system-bus] [-H [USER@]HOST] [--as USER] COMMAND ..."));
  g_printerr ("%s\n", _("Commands:"));
  for (const DocketCtlVerb *f = families; f->name; f++)
    g_printerr ("  %-10s %s\n", f->name, _(f->summary));
  g_printerr ("\n%s\n", _("The bus is the system bus, or the session bus when $DOCKET_BUS is \"session\"."));
  g_printerr ("%s\n", _("-H, --host [USER@]HOST (or $DOCKET_HOST) reaches docketd on a server over SSH, as your account there."));
  g_printerr ("%s\n", _("--as USER (or $DOCKET_AS) acts as another user, on your own session bus only."));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *bus_env = g_getenv ("DOCKET_BUS");
  const char *as_user = g_getenv ("DOCKET_AS");
  const char *host = g_getenv ("DOCKET_HOST");
  DocketCtl ctl = { 0 };
  int rc;

  setlocale (LC_ALL, "");
  /* $DOCKET_LOCALEDIR: the build's own catalogues (make demo, the tests),
   * before the package is installed. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DOCKET_LOCALEDIR") && *g_getenv ("DOCKET_LOCALEDIR")
                                   ? g_getenv ("DOCKET_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  ctl.session_bus = g_strcmp0 (bus_env, "session") == 0;

  /* Global options may stand anywhere; the rest goes to the subcommand. */
  for (int i = 0; i < argc; i++)
    {
      if (i > 0 && g_str_equal (argv[i], "--json"))
        ctl.json = TRUE;
      else if (i > 0 && g_str_equal (argv[i], "--session-bus"))
        ctl.session_bus = TRUE;
      else if (i > 0 && g_str_equal (argv[i], "--system-bus"))
        ctl.session_bus = FALSE;
      else if (i > 0 && g_str_equal (argv[i], "--as") && i + 1 < argc)
        as_user = argv[++i];
      else if (i > 0 && g_str_has_prefix (argv[i], "--as="))
        as_user = argv[i] + strlen ("--as=");
      else if (i > 0 && (g_str_equal (argv[i], "-H") || g_str_equal (argv[i], "--host")) && i + 1 < argc)
        host = argv[++i];
      else if (i > 0 && g_str_has_prefix (argv[i], "--host="))
        host = argv[i] + strlen ("--host=");
      else
        g_ptr_array_add (args, argv[i]);
    }
  g_ptr_array_add (args, NULL);
  argc = (int) args->len - 1;
  argv = (char **) args->pdata;

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "help"))
    {
      usage ();
      return argc < 2 ? 2 : 0;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("docketctl %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (const DocketCtlVerb *f = families; f->name; f++)
    {
      if (!g_str_equal (f->name, argv[1]))
        continue;
      ctl.as_user = as_user;
      ctl.host = host;
      rc = f->run (&ctl, argc - 1, argv + 1);
      docket_proxies_clear (&ctl.proxies);
      g_clear_object (&ctl.connection);
      return rc;
    }

  g_printerr ("docketctl: unknown command '%s'\n", argv[1]);
  usage ();
  return DOCKETCTL_EXIT_USAGE;
}
