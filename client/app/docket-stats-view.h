/* DocketStatsView: the monthly record of decisions, its chart and exports,
 * the audit and training figures; the annual return on a page of its own
 * (its widget named "annual", the pages "pages": "monthly" and "annual"). */
#pragma once

#include <adwaita.h>

#include "docket-client.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_STATS_VIEW (docket_stats_view_get_type ())
G_DECLARE_FINAL_TYPE (DocketStatsView, docket_stats_view, DOCKET, STATS_VIEW, AdwBin)

void       docket_stats_view_set_client (DocketStatsView *self,
                                         DocketClient    *client);
void       docket_stats_view_reload     (DocketStatsView *self);
/* For tests: the range, the rows and totals shown (a{sv}). */
void       docket_stats_view_set_range  (DocketStatsView *self,
                                         const char      *from,
                                         const char      *to,
                                         gboolean         by_month);
GVariant  *docket_stats_view_get_rows   (DocketStatsView *self);
GVariant  *docket_stats_view_get_totals (DocketStatsView *self);
/* The audit and training figures per month (Statistics.Compliance). */
GVariant  *docket_stats_view_get_compliance (DocketStatsView *self);
/* Writes the report as @format ("csv" or "pdf") to @path, as Export does. */
void       docket_stats_view_export_to  (DocketStatsView *self,
                                         const char      *format,
                                         const char      *path);
gpointer    docket_stats_view_get_widget (DocketStatsView *self,
                                         const char      *name);

G_END_DECLS
