/* DocketWindow: the main window: header bar, view switcher, the views. */
#pragma once

#include <adwaita.h>

#include "docket-application.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_WINDOW (docket_window_get_type ())
G_DECLARE_FINAL_TYPE (DocketWindow, docket_window, DOCKET, WINDOW, AdwApplicationWindow)

DocketWindow *docket_window_new          (DocketApplication *app);
DocketClient *docket_window_get_client   (DocketWindow      *self);
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
