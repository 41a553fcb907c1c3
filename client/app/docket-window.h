/* DocketWindow: the main window: header bar, view switcher, the views. */
#pragma once

#include <adwaita.h>

#include "docket-application.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_WINDOW (docket_window_get_type ())
G_DECLARE_FINAL_TYPE (DocketWindow, docket_window, DOCKET, WINDOW, AdwApplicationWindow)

DocketWindow *docket_window_new          (DocketApplication *app);
/* A window with its own link to docketd (tests: several users at once). */
DocketWindow *docket_window_new_for_client (DocketApplication *app,
                                            DocketClient      *client);
DocketClient *docket_window_get_client   (DocketWindow      *self);
/* For tests: a view by its name (drivers, hearings, room, statistics,
 * audit), and the name of the page shown (offline or views). */
GtkWidget    *docket_window_get_view     (DocketWindow      *self,
                                          const char        *name);
const char   *docket_window_get_state    (DocketWindow      *self);
void          docket_window_show_view    (DocketWindow      *self,
                                          const char        *name);
void          docket_window_show_driver  (DocketWindow      *self,
                                          const char        *licence);
void          docket_window_show_hearing (DocketWindow      *self,
                                          gint64             hearing);
void          docket_window_open_room    (DocketWindow      *self,
                                          gint64             hearing);

/* A toast on the window that holds @widget. */
void          docket_toast               (GtkWidget         *widget,
                                          const char        *text);
/* A toast with the daemon's message for @error (not for cancellations). */
void          docket_toast_error         (GtkWidget         *widget,
                                          const char        *doing,
                                          const GError      *error);
/* The client of the window that holds @widget. */
DocketClient *docket_widget_get_client   (GtkWidget         *widget);

G_END_DECLS
