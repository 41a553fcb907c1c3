/* Searches of the national register (NR3S) made before a grant or a
 * renewal (2022 Act s.3(1)). */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* A search counts for a grant or renewal decided within this many days
 * after it. */
#define DOCKET_NR3S_SEARCH_DAYS 90

/* Inside a write transaction: records a search for driver @driver
 * (@licence names it in errors) from @search: searched (date, default
 * today), result (no-match or match), authority (with a match: the
 * authority that made the entry), details. Returns the id, -1 on error. */
gint64     docket_register_search_add_in_txn    (DocketStore         *store,
                                                 const DocketCaller  *caller,
                                                 gint64               driver,
                                                 const char          *licence,
                                                 GVariant            *search,
                                                 GError             **error);
/* The searches for @driver, newest first (authority and details
 * decrypted). */
GVariant  *docket_register_search_list          (DocketStore         *store,
                                                 gint64               driver,
                                                 const char          *licence,
                                                 GError             **error);
/* Whether a search for @driver was made in the DOCKET_NR3S_SEARCH_DAYS up
 * to @on; if not, a CONFLICT naming @what ("Case 3", "Licence L8"). */
gboolean   docket_register_search_require       (DocketStore         *store,
                                                 gint64               driver,
                                                 const char          *licence,
                                                 const char          *on,
                                                 const char          *what,
                                                 GError             **error);

G_END_DECLS
