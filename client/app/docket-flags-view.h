/* DocketFlagsView: the officers' queue of audit flags. */
#pragma once

#include <adwaita.h>

#include "docket-client.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_FLAGS_VIEW (docket_flags_view_get_type ())
G_DECLARE_FINAL_TYPE (DocketFlagsView, docket_flags_view, DOCKET, FLAGS_VIEW, AdwBin)

void      docket_flags_view_set_client (DocketFlagsView *self,
                                        DocketClient    *client);
void      docket_flags_view_reload     (DocketFlagsView *self);
/* For tests: the number of flags listed, the figures line, a widget. */
guint     docket_flags_view_get_count  (DocketFlagsView *self);
const char *docket_flags_view_get_figures (DocketFlagsView *self);
gpointer  docket_flags_view_get_widget (DocketFlagsView *self,
                                        const char      *name);
/* Dismisses flag @id with @reason, or refers it to @hearing, as the
 * dialogs do. */
void      docket_flags_view_dismiss    (DocketFlagsView *self,
                                        gint64           id,
                                        const char      *reason);
void      docket_flags_view_refer      (DocketFlagsView *self,
                                        gint64           id,
                                        gint64           hearing);

G_END_DECLS
