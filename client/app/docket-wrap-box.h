/* DocketWrapBox: a row of widgets that wraps onto further lines when the
 * window is too narrow for it, like AdwWrapBox (libadwaita 1.7), which our
 * libadwaita 1.2 lacks. Children keep their natural width (up to the line's)
 * and the keyboard order is the order of the children. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DOCKET_TYPE_WRAP_BOX (docket_wrap_box_get_type ())
G_DECLARE_FINAL_TYPE (DocketWrapBox, docket_wrap_box, DOCKET, WRAP_BOX, GtkWidget)

GtkWidget *docket_wrap_box_new (void);

G_END_DECLS
