/* DocketChart: a stacked bar chart of outcomes per month, drawn with cairo. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DOCKET_TYPE_CHART (docket_chart_get_type ())
G_DECLARE_FINAL_TYPE (DocketChart, docket_chart, DOCKET, CHART, GtkWidget)

/* The outcome columns in the order they are stacked. */
extern const char * const docket_chart_outcomes[];

/* @rows: aa{sv} from Statistics.Get; rows of hearings are summed into
 * their months. */
void   docket_chart_set_rows   (DocketChart *self,
                                GVariant    *rows);
guint  docket_chart_get_months (DocketChart *self);

G_END_DECLS
