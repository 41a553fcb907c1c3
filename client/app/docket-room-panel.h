/* DocketRoomPanel: the hearing room's panel: each member's presence, declaration, advice and vote. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DOCKET_TYPE_ROOM_PANEL (docket_room_panel_get_type ())
G_DECLARE_FINAL_TYPE (DocketRoomPanel, docket_room_panel, DOCKET, ROOM_PANEL, AdwBin)

/* Shows @panel (aa{sv}, may be NULL). While the hearing is @open, the rows
 * of those whose presence the caller may record (every member when
 * @manages, else @me alone) get a switch; turning it emits
 * ::presence-changed (user, present). */
void docket_room_panel_show (DocketRoomPanel *self,
                             GVariant        *panel,
                             const char      *me,
                             gboolean         manages,
                             gboolean         open);

G_END_DECLS
