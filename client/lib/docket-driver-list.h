/* DocketDriverList: the driver register as a GListModel that pages from
 * docketd, for a GtkColumnView that stays smooth at 200,000 drivers. */
#pragma once

#include "docket-client.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_DRIVER_ROW (docket_driver_row_get_type ())
G_DECLARE_FINAL_TYPE (DocketDriverRow, docket_driver_row, DOCKET, DRIVER_ROW, GObject)

/* A row filled from a summary record (a{sv}). */
DocketDriverRow *docket_driver_row_new (GVariant *record);
const char *docket_driver_row_get_licence (DocketDriverRow *self);
const char *docket_driver_row_get_name    (DocketDriverRow *self);
const char *docket_driver_row_get_status  (DocketDriverRow *self);
gboolean    docket_driver_row_get_loaded  (DocketDriverRow *self);

#define DOCKET_TYPE_DRIVER_LIST (docket_driver_list_get_type ())
G_DECLARE_FINAL_TYPE (DocketDriverList, docket_driver_list, DOCKET, DRIVER_LIST, GObject)

/* The keys Drivers.List sorts by; also the column ids. */
extern const char * const docket_driver_sort_keys[];

DocketDriverList *docket_driver_list_new        (DocketClient     *client);
/* Filters; NULL for any. @expires_to also limits to licences that have
 * not yet expired when @expires_from is given. */
void              docket_driver_list_set_filter (DocketDriverList *self,
                                                 const char       *status,
                                                 const char       *kind,
                                                 const char       *expires_from,
                                                 const char       *expires_to);
/* Search text; NULL or empty lists the whole register, page by page. */
void              docket_driver_list_set_search (DocketDriverList *self,
                                                 const char       *text);
/* One of docket_driver_sort_keys, or NULL for the daemon's order. */
void              docket_driver_list_set_sort   (DocketDriverList *self,
                                                 const char       *key,
                                                 gboolean          descending);
void              docket_driver_list_reload     (DocketDriverList *self);
/* Drivers matching the query (all of them, not only those loaded). */
guint             docket_driver_list_get_total  (DocketDriverList *self);
gboolean          docket_driver_list_get_busy   (DocketDriverList *self);
/* How many pages have been fetched since creation, for tests. */
guint             docket_driver_list_get_fetches (DocketDriverList *self);

G_END_DECLS
