/* Who may do what: the caller's identity from the bus, its roles, and the
 * one table of rules. A method without a rule is refused. */
#pragma once

#include <gio/gio.h>

#include "docket-refusals.h"
#include "docket-store.h"

G_BEGIN_DECLS

typedef enum {
  DOCKET_PERMISSION_ANYONE,
  DOCKET_PERMISSION_READ,
  DOCKET_PERMISSION_READ_SENSITIVE,
  DOCKET_PERMISSION_WRITE_RECORDS,
  DOCKET_PERMISSION_READ_USERS,
  DOCKET_PERMISSION_MANAGE_USERS,
  DOCKET_PERMISSION_READ_AUDIT,
  DOCKET_PERMISSION_MANAGE_HEARINGS,
  DOCKET_PERMISSION_CONDUCT_HEARINGS,
  DOCKET_PERMISSION_READ_REGISTER,
  DOCKET_PERMISSION_READ_COMPLIANCE,
  DOCKET_PERMISSION_RUN_SCHEDULER,
  DOCKET_PERMISSION_MAINTAIN,
  DOCKET_PERMISSION_TRANSFER,
} DocketPermission;

#define DOCKET_TYPE_BOUNCER (docket_bouncer_get_type ())
G_DECLARE_FINAL_TYPE (DocketBouncer, docket_bouncer, DOCKET, BOUNCER, GObject)

/* On the session bus the daemon's own user holds @session_roles; on the
 * system bus root and the daemon's own user are admins. */
DocketBouncer *docket_bouncer_new         (DocketStore           *store,
                                           GDBusConnection       *connection,
                                           gboolean               session_bus,
                                           guint                  session_roles);
/* Refuses every method of @skeleton that the rules do not allow. */
/* Reads the roles stored in the database again; call after every change
 * to them, before replying. Main thread only. */
gboolean       docket_bouncer_reload_roles (DocketBouncer        *self,
                                            GError              **error);
/* Guards every method of @skeleton by the rules table; call before the
 * service connects its handlers, so that the check runs first. */
void           docket_bouncer_protect     (DocketBouncer         *self,
                                           GDBusInterfaceSkeleton *skeleton);
/* The caller's user name and roles; the name is what the audit log shows. */
gboolean       docket_bouncer_get_caller  (DocketBouncer         *self,
                                           GDBusMethodInvocation *invocation,
                                           char                 **user,
                                           guint                 *roles,
                                           GError               **error);
gboolean       docket_bouncer_check       (DocketBouncer         *self,
                                           GDBusMethodInvocation *invocation,
                                           DocketPermission       permission,
                                           GError               **error);
/* On a developer's own session bus, makes later calls from the caller's
 * connection act as @user with that user's stored roles (for tests and
 * the demo, where every client runs as the same Unix user). Refused
 * elsewhere. */
gboolean       docket_bouncer_act_as      (DocketBouncer         *self,
                                           GDBusMethodInvocation *invocation,
                                           const char            *user,
                                           GError               **error);
/* The caller of a method as the stores take it. docket_bouncer_identify()
 * fills it, or answers the call with the error and returns FALSE. */
typedef struct {
  char         *name;
  DocketCaller  caller;
} DocketBouncerCaller;

void           docket_bouncer_caller_clear (DocketBouncerCaller  *caller);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DocketBouncerCaller, docket_bouncer_caller_clear)
gboolean       docket_bouncer_identify    (DocketBouncer         *self,
                                           GDBusMethodInvocation *invocation,
                                           DocketBouncerCaller   *caller);
/* Notes @count calls of @method from the bus name @sender that were
 * refused before they reached the rules (docket-intake.h). */
void           docket_bouncer_note_refused (DocketBouncer        *self,
                                            const char           *sender,
                                            const char           *method,
                                            const char           *reason,
                                            guint                 count);
/* The calls refused by the rules table since docketd started. */
DocketRefusals *docket_bouncer_get_refusals (DocketBouncer       *self);
/* Answers the call with @error, which it frees; returns TRUE (handled). */
/* docketd stops: each call still waiting behind a long job is answered
 * that it was not made. */
void           docket_bouncer_stop        (DocketBouncer         *self);
gboolean       docket_bouncer_fail        (GDBusMethodInvocation *invocation,
                                           GError                *error);
/* The permission the rules table asks of @iface.@method; FALSE when the
 * method has no rule (and is refused to everyone). */
gboolean       docket_bouncer_method_permission (const char       *iface,
                                                 const char       *method,
                                                 DocketPermission *permission);
/* The roles that hold @permission. */
guint          docket_permission_roles    (DocketPermission       permission);

G_END_DECLS
