/* DocketRetentionWindow: the records of licences ended that the retention
 * schedule erases by a date, soonest first, and why then
 * (Drivers.RetentionDue); for officers and auditors. */
#pragma once

#include <adwaita.h>

#include "docket-client.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_RETENTION_WINDOW (docket_retention_window_get_type ())
G_DECLARE_FINAL_TYPE (DocketRetentionWindow, docket_retention_window, DOCKET, RETENTION_WINDOW, AdwWindow)

/* A window beside @parent showing what falls due in the next month;
 * activating a row shows its driver in @parent. */
DocketRetentionWindow *docket_retention_window_new (GtkWindow    *parent,
                                                    DocketClient *client);
/* Asks again for the records erased on or before @until (a date as people
 * type it), with those kept past their date when @kept, as Show does. */
void        docket_retention_window_show      (DocketRetentionWindow *self,
                                               const char            *until,
                                               gboolean               kept);
/* For tests: the rows shown (aa{sv}), NULL until they come; the message
 * shown for a refusal or a date that is none, else NULL. */
GVariant   *docket_retention_window_get_rows  (DocketRetentionWindow *self);
const char *docket_retention_window_get_error (DocketRetentionWindow *self);
gpointer    docket_retention_window_get_widget (DocketRetentionWindow *self,
                                                const char            *name);

G_END_DECLS
