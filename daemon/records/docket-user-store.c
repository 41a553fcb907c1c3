/* Roles held by Unix users. */
#include "config.h"

#include <pwd.h>
#include <string.h>

#include "docket-audit-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-validate.h"
#include "docket-user-store.h"

GStrv
docket_roles_to_strv (guint roles)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (int r = 0; docket_role_names[r]; r++)
    if (roles & (1u << r))
      g_strv_builder_add (b, docket_role_names[r]);
  return g_strv_builder_end (b);
}

gboolean
docket_user_store_roles (DocketStore  *store,
                         const char   *user,
                         guint        *roles,
                         GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT role FROM user_roles WHERE user = ?", error);
  int rc;

  *roles = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int r = docket_enum_from_string (docket_role_names,
                                       (const char *) sqlite3_column_text (stmt, 0));
      if (r >= 0)
        *roles |= 1u << r;
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Reading roles", error);
  return TRUE;
}

static gboolean
check_args (const char *user, const char *role, GError **error)
{
  if (!docket_validate_user_name (user, error))
    return FALSE;
  if (docket_enum_from_string (docket_role_names, role) < 0)
    {
      g_autofree char *allowed = docket_enum_describe (docket_role_names);
      g_autofree char *shown = g_utf8_make_valid (role, -1);
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "User %s: role '%s' is not known; use %s", user, shown, allowed);
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_role (DocketStore *store, const char *actor, const char *user, const char *role,
             gboolean *inserted, GError **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *now = docket_store_now ();
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "INSERT INTO user_roles (user, role, granted_by, granted) VALUES (?, ?, ?, ?) "
      "ON CONFLICT DO NOTHING", error);
  g_autofree char *summary = NULL;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, role, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  *inserted = sqlite3_changes (docket_db_get_handle (db)) > 0;
  if (!*inserted)
    return TRUE;
  summary = g_strdup_printf ("granted role %s", role);
  return docket_audit_store_append (store, actor, "role.grant", user, summary, error);
}

gboolean
docket_user_store_grant (DocketStore  *store,
                         const char   *actor,
                         const char   *user,
                         const char   *role,
                         GError      **error)
{
  gboolean inserted = FALSE;

  if (!check_args (user, role, error))
    return FALSE;
  if (getpwnam (user) == NULL)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_NOT_FOUND,
                   "User %s: there is no such user on this system", user);
      return FALSE;
    }
  if (!docket_store_begin_write (store, error))
    return FALSE;
  if (!insert_role (store, actor, user, role, &inserted, error))
    goto fail;
  if (!inserted)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_CONFLICT,
                   "User %s: already holds the role %s", user, role);
      goto fail;
    }
  if (!docket_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  docket_store_rollback (store);
  return FALSE;
}

gboolean
docket_user_store_revoke (DocketStore  *store,
                          const char   *actor,
                          const char   *user,
                          const char   *role,
                          GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(DocketStmt) stmt = NULL;
  g_autofree char *summary = NULL;

  if (!check_args (user, role, error))
    return FALSE;
  if (!docket_store_begin_write (store, error))
    return FALSE;
  stmt = docket_db_prepare (db, "DELETE FROM user_roles WHERE user = ? AND role = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, user, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, role, -1, SQLITE_STATIC);
  if (!docket_db_step_done (db, stmt, error))
    goto fail;
  if (sqlite3_changes (docket_db_get_handle (db)) == 0)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_NOT_FOUND,
                   "User %s: does not hold the role %s", user, role);
      goto fail;
    }
  summary = g_strdup_printf ("revoked role %s", role);
  if (!docket_audit_store_append (store, actor, "role.revoke", user, summary, error) ||
      !docket_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  g_clear_pointer (&stmt, docket_stmt_release);
  docket_store_rollback (store);
  return FALSE;
}

gboolean
docket_user_store_bootstrap (DocketStore  *store,
                             GHashTable   *user_roles,
                             GError      **error)
{
  GHashTableIter iter;
  gpointer key, value;

  if (user_roles == NULL || g_hash_table_size (user_roles) == 0)
    return TRUE;
  if (!docket_store_begin_write (store, error))
    return FALSE;
  g_hash_table_iter_init (&iter, user_roles);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint roles = GPOINTER_TO_UINT (value);
      for (int r = 0; docket_role_names[r]; r++)
        {
          gboolean inserted;
          if ((roles & (1u << r)) &&
              !insert_role (store, "system", key, docket_role_names[r], &inserted, error))
            {
              docket_store_rollback (store);
              return FALSE;
            }
        }
    }
  if (!docket_store_commit (store, error))
    {
      docket_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

GVariant *
docket_user_store_list (DocketStore  *store,
                        GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) out = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT user, group_concat(role, ' ') FROM user_roles GROUP BY user ORDER BY user", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) e = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      g_auto(GStrv) roles = g_strsplit ((const char *) sqlite3_column_text (stmt, 1), " ", -1);
      g_variant_builder_add (&e, "{sv}", "user",
                             g_variant_new_string ((const char *) sqlite3_column_text (stmt, 0)));
      g_variant_builder_add (&e, "{sv}", "roles", g_variant_new_strv ((const char * const *) roles, -1));
      g_variant_builder_add_value (&out, g_variant_builder_end (&e));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Listing users", error);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_builder_end (&out));
}
