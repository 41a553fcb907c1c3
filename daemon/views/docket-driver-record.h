/* A driver's full record as clients are shown it: the licence with its
 * history (and, when asked, its sensitive details), its hearings and the
 * effects still to come from them. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* docket_driver_store_get() with "cases" (newest first) and "pending"
 * (each effect still to come with its sentence, such as "revocation takes
 * effect on 2016-04-12 unless appealed"). */
GVariant *docket_driver_record_get (DocketStore  *store,
                                    const char   *user,
                                    const char   *licence,
                                    gboolean      sensitive,
                                    GError      **error);

G_END_DECLS
