/* DocketRoomDeclarations: the hearing room's form to declare a member's interest in the case. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DOCKET_TYPE_ROOM_DECLARATIONS (docket_room_declarations_get_type ())
G_DECLARE_FINAL_TYPE (DocketRoomDeclarations, docket_room_declarations, DOCKET, ROOM_DECLARATIONS, AdwBin)

/* Offers the members of @panel (aa{sv}, may be NULL) the caller may
 * declare for: all of them when @manages, else @me alone, who is chosen
 * first. Returns how many are offered. */
guint       docket_room_declarations_show            (DocketRoomDeclarations *self,
                                                      GVariant               *panel,
                                                      const char             *me,
                                                      gboolean                manages);
/* The member chosen (NULL when none), the interest typed, and whether it
 * is prejudicial. */
const char *docket_room_declarations_get_member      (DocketRoomDeclarations *self);
const char *docket_room_declarations_get_interest    (DocketRoomDeclarations *self);
gboolean    docket_room_declarations_get_prejudicial (DocketRoomDeclarations *self);
/* Empties the interest once it is sent. */
/* Checks a member is chosen and the interest said, marking the field
 * when not; TRUE when both are. */
gboolean    docket_room_declarations_check           (DocketRoomDeclarations *self);
/* docketd's refusal, at the field it is about. */
void        docket_room_declarations_show_error      (DocketRoomDeclarations *self,
                                                      const char             *message);
void        docket_room_declarations_clear           (DocketRoomDeclarations *self);

G_END_DECLS
