/* The NR3S entries as clients list them, and the export for the national
 * register. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* The NR3S entries; @query: state (s), overdue (b). */
GVariant *docket_register_view_list        (DocketStore         *store,
                                            GVariant            *query,
                                            GError             **error);
/* The entries as CSV with the driver's details, for the national
 * register; the reading is audited first. */
GBytes   *docket_register_view_export      (DocketStore         *store,
                                            const DocketCaller  *caller,
                                            GError             **error);
G_END_DECLS
