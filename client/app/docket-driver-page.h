/* DocketDriverPage: one driver: licence, pending changes, history,
 * hearings, and the sensitive details behind a recorded reveal. */
#pragma once

#include <adwaita.h>

#include "docket-client.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_DRIVER_PAGE (docket_driver_page_get_type ())
G_DECLARE_FINAL_TYPE (DocketDriverPage, docket_driver_page, DOCKET, DRIVER_PAGE, AdwBin)

void        docket_driver_page_set_client  (DocketDriverPage *self,
                                            DocketClient     *client);
void        docket_driver_page_show        (DocketDriverPage *self,
                                            const char       *licence);
void        docket_driver_page_reload      (DocketDriverPage *self);
const char *docket_driver_page_get_licence (DocketDriverPage *self);
/* The record shown (a{sv}), NULL while loading; with the sensitive keys
 * once revealed. */
GVariant   *docket_driver_page_get_record  (DocketDriverPage *self);
gboolean    docket_driver_page_get_revealed (DocketDriverPage *self);
/* The driver's subject access export, asked for @purpose, saved at @path
 * (what the Subject Access Export… button does once it has asked): the
 * PDF to send the driver when @path ends in .pdf, else the JSON; a toast
 * says where, or why not. */
void        docket_driver_page_export_to   (DocketDriverPage *self,
                                            const char       *purpose,
                                            const char       *path);
/* Places (@place) or lifts the legal hold on the driver shown, for
 * @reason, as the Legal Hold… and Lift Hold… dialogs do once answered. */
void        docket_driver_page_set_hold    (DocketDriverPage *self,
                                            gboolean          place,
                                            const char       *reason);
gpointer     docket_driver_page_get_widget  (DocketDriverPage *self,
                                            const char       *name);

G_END_DECLS
