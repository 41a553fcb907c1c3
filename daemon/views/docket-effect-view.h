/* What clients are shown of a decision's effects and its appeal. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

GVariant *docket_effect_view_for_case     (DocketStore         *store,
                                           gint64               case_id,
                                           GError             **error);
/* The effects still to come for a driver, each with a sentence such as
 * "revocation takes effect on 2016-04-12 unless appealed". */
GVariant *docket_effect_view_for_driver   (DocketStore         *store,
                                           gint64               driver,
                                           GError             **error);
/* The case's appeal as a{sv}, empty when there is none. */
GVariant *docket_effect_view_appeal       (DocketStore         *store,
                                           gint64               case_id,
                                           GError             **error);

G_END_DECLS
