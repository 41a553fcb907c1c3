/* DocketAnnualReturn: the annual return of a year, its figures under
 * their groups, saved as CSV or PDF; for officers and auditors, what a
 * figure counts. A page of the Statistics view. */
#pragma once

#include <adwaita.h>

#include "docket-client.h"
#include "docket-figure-window.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_ANNUAL_RETURN (docket_annual_return_get_type ())
G_DECLARE_FINAL_TYPE (DocketAnnualReturn, docket_annual_return, DOCKET, ANNUAL_RETURN, AdwBin)

void        docket_annual_return_set_client (DocketAnnualReturn *self,
                                             DocketClient       *client);
/* The latest year whose return docketd gives on @today (YYYY-MM-DD): the
 * year of the last 1 April that has come. */
guint       docket_annual_return_latest_year (const char        *today);
/* The year chosen, and choosing one (it loads when the page is shown). */
guint       docket_annual_return_get_year   (DocketAnnualReturn *self);
void        docket_annual_return_set_year   (DocketAnnualReturn *self,
                                             guint               year);
/* For tests: Statistics.Annual's result shown, NULL before it comes; the
 * row of @figure ("revoked.sexual") and the value it shows. */
GVariant   *docket_annual_return_get_result (DocketAnnualReturn *self);
GtkWidget  *docket_annual_return_get_row    (DocketAnnualReturn *self,
                                             const char         *figure);
const char *docket_annual_return_row_value  (GtkWidget          *row);
/* Writes the return as @format ("csv" or "pdf") to @path, as the Save
 * buttons do once they have asked where; a toast says where, or why not. */
void        docket_annual_return_save_to    (DocketAnnualReturn *self,
                                             const char         *format,
                                             const char         *path);
/* The window a figure's row opened last (what the figure counts), or NULL. */
DocketFigureWindow *docket_annual_return_get_figure_window (DocketAnnualReturn *self);
gpointer    docket_annual_return_get_widget (DocketAnnualReturn *self,
                                             const char         *name);

G_END_DECLS
