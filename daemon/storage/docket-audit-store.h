/* The hash-chained audit log. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* Appends an entry; call inside a write transaction, with the change it
 * records. @summary must hold no sensitive value. */
gboolean  docket_audit_store_append (DocketStore  *store,
                                     const char   *user,
                                     const char   *action,
                                     const char   *object,
                                     const char   *summary,
                                     GError      **error);

/* Newest first; @query: limit (u), before (x), user, action, object (s). */
GVariant *docket_audit_store_list   (DocketStore  *store,
                                     GVariant     *query,
                                     GError      **error);

/* Walks the chain. @first_broken is 0 when every entry verifies, else the
 * sequence number of the first entry that does not, with @message saying
 * why. @head_seq and @head_hex describe the last entry. */
gboolean  docket_audit_store_verify (DocketStore  *store,
                                     gint64       *first_broken,
                                     char        **message,
                                     gint64       *head_seq,
                                     char        **head_hex,
                                     GError      **error);

G_END_DECLS
