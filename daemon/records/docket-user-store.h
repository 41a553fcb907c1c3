/* Roles held by Unix users. */
#pragma once

#include "docket-store.h"

G_BEGIN_DECLS

/* A bit mask of (1 << DocketRole). */
gboolean  docket_user_store_roles    (DocketStore  *store,
                                      const char   *user,
                                      guint        *roles,
                                      GError      **error);
gboolean  docket_user_store_grant    (DocketStore  *store,
                                      const char   *actor,
                                      const char   *user,
                                      const char   *role,
                                      GError      **error);
gboolean  docket_user_store_revoke   (DocketStore  *store,
                                      const char   *actor,
                                      const char   *user,
                                      const char   *role,
                                      GError      **error);
/* Grants what docketd.conf lists and the database lacks; audited as the
 * system. */
gboolean  docket_user_store_bootstrap (DocketStore *store,
                                       GHashTable  *user_roles,
                                       GError     **error);
/* aa{sv}: user (s), roles (as). */
GVariant *docket_user_store_list     (DocketStore  *store,
                                      GError      **error);

/* The mask as a string array; free with g_strfreev(). */
GStrv     docket_roles_to_strv       (guint         roles);

G_END_DECLS
