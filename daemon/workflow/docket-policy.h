/* The licensing policy's audit: runs, the flags they raise and resolve,
 * and the expiry of licences. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* Writers: each validates its input, makes its change with its audit entry
 * in one transaction, and changes nothing on error. */

gboolean  docket_policy_dismiss_flag    (DocketStore        *store,
                                         const DocketCaller *caller,
                                         gint64              flag,
                                         const char         *reason,
                                         GError            **error);

/* Lists a review case on @hearing with the flag as its grounds; @details:
 * reason, notified (s). Returns the case's id, or 0. */
gint64    docket_policy_refer_flag      (DocketStore        *store,
                                         const DocketCaller *caller,
                                         gint64              flag,
                                         gint64              hearing,
                                         GVariant           *details,
                                         GPtrArray          *warnings,
                                         GError            **error);

/* Evaluates every licence held (active or suspended) against the rules in
 * docketd.conf as of today: raises flags, resolves those that no longer
 * apply, and keeps the run with its figures. Returns the run's id, or 0. */
gint64    docket_policy_run_audit       (DocketStore        *store,
                                         const char         *user,
                                         gboolean            scheduled,
                                         GError            **error);

/* The same on a connection of its own to the database at @path (a
 * worker's: with its copy of the keys and a reference to the settings),
 * for the audit runs that go to a worker thread. */
gint64    docket_policy_run_audit_apart (const char         *path,
                                         DocketCrypto       *crypto,
                                         DocketConfig       *config,
                                         const char         *user,
                                         gboolean            scheduled,
                                         GError            **error);

/* The scheduler's tasks, each idempotent, done as the system user and
 * returning the number of changes made, or -1. */
int       docket_policy_expire_licences (DocketStore        *store,
                                         GError            **error);

/* Resolves the open and referred flags of licences no longer held
 * (revoked, refused, surrendered or expired since the last run). */
int       docket_policy_resolve_ended   (DocketStore        *store,
                                         GError            **error);

/* Whether a scheduled audit run is due today (audit-every-days after the
 * last run). */
gboolean  docket_policy_audit_due       (DocketStore        *store,
                                         gboolean           *due,
                                         GError            **error);

/* docket_policy_refer_flag() inside the caller's write transaction;
 * @case_out takes the new case's id. */
gboolean  docket_policy_refer_flag_in_txn (DocketStore      *store,
                                           const DocketCaller *caller,
                                           gint64            flag,
                                           gint64            hearing,
                                           const char       *reason,
                                           const char       *notified,
                                           GPtrArray        *warnings,
                                           gint64           *case_out,
                                           GError          **error);

G_END_DECLS
