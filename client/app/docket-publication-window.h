/* DocketPublicationWindow: the public record of decisions (Openness of
 * Local Government Bodies Regulations 2014), previewed as the public will
 * read it and saved as HTML or CSV. */
#pragma once

#include <adwaita.h>

#include "docket-client.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_PUBLICATION_WINDOW (docket_publication_window_get_type ())
G_DECLARE_FINAL_TYPE (DocketPublicationWindow, docket_publication_window, DOCKET, PUBLICATION_WINDOW, AdwWindow)

/* Over @parent, showing last month's decisions. */
DocketPublicationWindow *docket_publication_window_new     (GtkWindow               *parent,
                                                            DocketClient            *client);
/* Shows the decisions from @from to @to (YYYY-MM-DD). */
void                     docket_publication_window_show    (DocketPublicationWindow *self,
                                                            const char              *from,
                                                            const char              *to);
/* The records shown (aa{sv}), or NULL while loading or after an error. */
GVariant                *docket_publication_window_get_records (DocketPublicationWindow *self);
/* The error shown, or NULL. */
const char              *docket_publication_window_get_error   (DocketPublicationWindow *self);
/* Saves the range shown as @format (html or csv) to @path, as the Save
 * buttons do once a file is chosen. */
void                     docket_publication_window_save    (DocketPublicationWindow *self,
                                                            const char              *format,
                                                            const char              *path);
/* TRUE once the last save has finished (and @path holds the document). */
gboolean                 docket_publication_window_saved   (DocketPublicationWindow *self);

G_END_DECLS
