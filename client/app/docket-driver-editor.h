/* DocketDriverEditor: the forms to add or edit a driver and to add a
 * conviction, a note, training or a DBS check, with the daemon's errors
 * shown at their field. */
#pragma once

#include <adwaita.h>

#include "docket-client.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_DRIVER_EDITOR (docket_driver_editor_get_type ())
G_DECLARE_FINAL_TYPE (DocketDriverEditor, docket_driver_editor, DOCKET, DRIVER_EDITOR, AdwWindow)

/* A new driver when @record is NULL, else an edit of it. */
DocketDriverEditor *docket_driver_editor_present     (GtkWidget    *parent,
                                                      DocketClient *client,
                                                      GVariant     *record);
DocketDriverEditor *docket_conviction_editor_present (GtkWidget    *parent,
                                                      DocketClient *client,
                                                      const char   *licence);
DocketDriverEditor *docket_note_editor_present       (GtkWidget    *parent,
                                                      DocketClient *client,
                                                      const char   *licence);

/* Safeguarding training attended, and a DBS check with its result. */
DocketDriverEditor *docket_training_editor_present   (GtkWidget    *parent,
                                                      DocketClient *client,
                                                      const char   *licence);
DocketDriverEditor *docket_dbs_editor_present        (GtkWidget    *parent,
                                                      DocketClient *client,
                                                      const char   *licence);
/* For tests: type into a field, read its error, and save. */
void                docket_driver_editor_set_field   (DocketDriverEditor *self,
                                                      const char         *key,
                                                      const char         *value);
const char         *docket_driver_editor_get_error   (DocketDriverEditor *self,
                                                      const char         *key);
void                docket_driver_editor_save        (DocketDriverEditor *self);

G_END_DECLS
