/* docket: the desktop client. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "docket-application.h"

int
main (int argc, char **argv)
{
  g_autoptr(DocketApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* $DOCKET_LOCALEDIR: the build's own catalogues (make demo, the tests),
   * before the package is installed. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DOCKET_LOCALEDIR") && *g_getenv ("DOCKET_LOCALEDIR")
                                   ? g_getenv ("DOCKET_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = docket_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
