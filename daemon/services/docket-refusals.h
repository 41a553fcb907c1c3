/* Calls the bouncer refused, per user: logged to the journal (structured,
 * rate-limited) and counted since docketd started, so that a user making
 * many refused calls is visible (docketctl audit refusals). Main thread
 * only. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* At most this many refusals of one user are logged a minute; the rest
 * are counted and summed up in the next line logged. */
#define DOCKET_REFUSALS_LOG_PER_MINUTE 5

#define DOCKET_TYPE_REFUSALS (docket_refusals_get_type ())
G_DECLARE_FINAL_TYPE (DocketRefusals, docket_refusals, DOCKET, REFUSALS, GObject)

DocketRefusals *docket_refusals_new  (void);
/* Notes that @user's call of @method ("Drivers.Get") was refused for
 * @reason. */
void            docket_refusals_note (DocketRefusals *self,
                                      const char     *user,
                                      const char     *method,
                                      const char     *reason);
/* The same for @count refusals at once. */
void            docket_refusals_note_many (DocketRefusals *self,
                                           const char     *user,
                                           const char     *method,
                                           const char     *reason,
                                           guint           count);
/* aa{sv}, most refused first: user, count (u), first, last (ISO 8601,
 * UTC), method and reason (the last refused). */
GVariant       *docket_refusals_list (DocketRefusals *self);

G_END_DECLS
