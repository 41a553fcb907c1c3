/* DocketRoomCaseHeader: the case being heard: driver, case, summary and the driver's history. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DOCKET_TYPE_ROOM_CASE_HEADER (docket_room_case_header_get_type ())
G_DECLARE_FINAL_TYPE (DocketRoomCaseHeader, docket_room_case_header, DOCKET, ROOM_CASE_HEADER, AdwBin)

/* Shows the case @record (Hearings.GetCase); @driver (Drivers.Get) adds
 * what is pending on the licence and the driver's other cases, and may be
 * NULL while it loads. @opened: the person opened the case (its grounds
 * and report were read, and recorded); else the room only shows it. */
void docket_room_case_header_show (DocketRoomCaseHeader *self,
                                   GVariant             *record,
                                   GVariant             *driver,
                                   gint64                case_id,
                                   gboolean              opened);

G_END_DECLS
