/* DocketFigureWindow: what one figure of the annual return counts, a row
 * per licence, case, register entry or search (Statistics.Explain, which
 * docketd records in the audit log). */
#pragma once

#include <adwaita.h>

#include "docket-client.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_FIGURE_WINDOW (docket_figure_window_get_type ())
G_DECLARE_FINAL_TYPE (DocketFigureWindow, docket_figure_window, DOCKET, FIGURE_WINDOW, AdwWindow)

/* A window beside @parent that asks docketd what @figure of @year counts;
 * @label names the figure. Activating a row shows its driver in @parent. */
DocketFigureWindow *docket_figure_window_new (GtkWindow    *parent,
                                              DocketClient *client,
                                              guint         year,
                                              const char   *figure,
                                              const char   *label);
/* For tests: the rows shown (aa{sv}), NULL until they come; docketd's
 * refusal, NULL when none. */
GVariant   *docket_figure_window_get_rows  (DocketFigureWindow *self);
const char *docket_figure_window_get_error (DocketFigureWindow *self);
gpointer    docket_figure_window_get_widget (DocketFigureWindow *self,
                                             const char         *name);

G_END_DECLS
