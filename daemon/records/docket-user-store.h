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
/* aa{sv}: user (s), roles (as), trained (the latest licensing-hearing
 * training completed, when any). */
GVariant *docket_user_store_list     (DocketStore  *store,
                                      GError      **error);

/* A user as people read them: the full name in the user database (the
 * first field of GECOS), else the user name. */
char     *docket_user_store_full_name (const char *user);
/* The people holding @role ("" or NULL: any role), for choosing a
 * hearing's decision-maker and board: user, name (the full name from the
 * user database, else the user name), roles (as), trained. */
GVariant *docket_user_store_people    (DocketStore  *store,
                                       const char   *role,
                                       GError      **error);
/* Licensing-hearing training (the Statutory Standards, section 4):
 * @training keys completed (a past date, required), course (required).
 * Its own transaction; the id, or -1. */
gint64    docket_user_store_add_training  (DocketStore         *store,
                                           const DocketCaller  *caller,
                                           const char          *user,
                                           GVariant            *training,
                                           GError             **error);
/* Every training recorded, or @user's when not NULL or empty, newest
 * first: id (x), user, completed, course, by. */
GVariant *docket_user_store_list_training (DocketStore  *store,
                                           const char   *user,
                                           GError      **error);
/* Those of @users (NULL-terminated) with no training completed on or
 * before @date, named and comma-separated ("" when all are trained);
 * NULL on error. */
char     *docket_user_store_untrained     (DocketStore        *store,
                                           const char * const *users,
                                           const char         *date,
                                           GError            **error);

/* The mask as a string array; free with g_strfreev(). */
GStrv     docket_roles_to_strv       (guint         roles);

G_END_DECLS
