/* Appeals against decisions to the magistrates' court. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* @appeal: lodged, court, hearing-date, result, result-date, outcome,
 * until (s). The first call lodges the appeal; later calls add the court's
 * hearing and its result. */
gboolean  docket_appeals_update (DocketStore        *store,
                                 const DocketCaller  *caller,
                                 gint64               case_id,
                                 GVariant            *appeal,
                                 GPtrArray           *warnings,
                                 GError             **error);
G_END_DECLS
