/* The servers a person has connected to, newest first, kept in
 * $XDG_CONFIG_HOME/docket/servers.ini for the Connect to Server dialog. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* At most this many are remembered. */
#define DOCKET_SERVERS_MAX 8

/* The remembered servers ("[USER@]HOST"), newest first; never NULL. */
GStrv    docket_servers_load     (void);
/* Puts @host first in the list, saving it. */
gboolean docket_servers_remember (const char  *host,
                                  GError     **error);

G_END_DECLS
