/* DocketConnectDialog: Connect to Server…, with the servers used before. */
#pragma once

#include <adwaita.h>

#include "docket-client.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_CONNECT_DIALOG (docket_connect_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DocketConnectDialog, docket_connect_dialog, DOCKET, CONNECT_DIALOG, AdwMessageDialog)

/* A dialog over @parent that connects @client to the server given (or to
 * this computer when left empty) and remembers it. */
DocketConnectDialog *docket_connect_dialog_new      (GtkWindow           *parent,
                                                     DocketClient        *client);
/* What the "connect" response does with @text, for tests: FALSE, with
 * the message shown, when @text is no host. */
gboolean             docket_connect_dialog_connect  (DocketConnectDialog *self,
                                                     const char          *text);
GtkEditable         *docket_connect_dialog_get_entry (DocketConnectDialog *self);

G_END_DECLS
