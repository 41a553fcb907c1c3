/* The daemon: configuration, key, store, and the bus name it serves. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  gboolean  session_bus;
  gboolean  replace;
  char     *state_dir;
  char     *config_path;   /* NULL: the default places */
  guint     session_roles; /* roles of the daemon's own user on the session bus */
} DocketDaemonOptions;

#define DOCKET_TYPE_DAEMON (docket_daemon_get_type ())
G_DECLARE_FINAL_TYPE (DocketDaemon, docket_daemon, DOCKET, DAEMON, GObject)

DocketDaemon *docket_daemon_new   (const DocketDaemonOptions *options);
/* Loads everything and asks for the bus name; "stopped" is emitted when
 * the daemon must end, with an error message or NULL. */
gboolean      docket_daemon_start (DocketDaemon  *self,
                                   GError       **error);
void          docket_daemon_stop  (DocketDaemon  *self);

G_END_DECLS
