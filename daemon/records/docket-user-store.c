/* Roles held by Unix users. */
#include "config.h"

#include <pwd.h>
#include <string.h>

#include "docket-audit-store.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-input.h"
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
  struct passwd pw, *found = NULL;
  char buf[4096];

  if (!check_args (user, role, error))
    return FALSE;
  /* getpwnam_r: a grant runs on the writer while the main thread may look
   * up full names. */
  if (getpwnam_r (user, &pw, buf, sizeof buf, &found) != 0 || found == NULL)
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
      "SELECT r.user, group_concat(r.role, ' '), "
      "(SELECT max(t.completed) FROM member_training t WHERE t.user = r.user) "
      "FROM user_roles r GROUP BY r.user ORDER BY r.user", error);
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
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        g_variant_builder_add (&e, "{sv}", "trained",
                               g_variant_new_string ((const char *) sqlite3_column_text (stmt, 2)));
      g_variant_builder_add_value (&out, g_variant_builder_end (&e));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Listing users", error);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_builder_end (&out));
}

/* Members' training -------------------------------------------------------------- */

static gboolean
add_training_in_txn (DocketStore *store, const DocketCaller *caller, const char *user, GVariant *in,
                     gint64 *id_out, GError **error)
{
  static const char * const keys[] = { "completed", "course", NULL };
  DocketDb *db = docket_store_get_db (store);
  g_autofree char *completed = NULL, *course = NULL, *now = docket_store_now ();
  g_autofree char *obj = NULL, *summary = NULL;
  g_autoptr(DocketStmt) stmt = NULL;
  guint roles = 0;
  gint64 id;

  if (!docket_validate_user_name (user, error) ||
      !docket_validate_keys (in, keys, error) ||
      !docket_input_date (in, "completed", NULL, DOCKET_INPUT_PAST, &completed, error) ||
      !docket_input_text (in, "course", NULL, 200, DOCKET_INPUT_NONE, &course, error))
    return FALSE;
  if (completed == NULL)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "completed is required: the day the "
                             "training was completed");
  if (course == NULL)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "course is required: the training "
                             "completed");
  if (!docket_user_store_roles (store, user, &roles, error))
    return FALSE;
  if ((roles & ((1u << DOCKET_ROLE_DECISION_MAKER) | (1u << DOCKET_ROLE_BOARD_MEMBER))) == 0)
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "%s is neither a decision-maker nor a "
                             "board member", user);
  id = docket_store_next_id (store, "member_training", error);
  if (id < 0)
    return FALSE;
  stmt = docket_db_prepare (db, "INSERT INTO member_training (id, user, completed, course, created, created_by) "
                            "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, user, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, completed, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, course, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, caller->user, -1, SQLITE_STATIC);
  if (!docket_db_step_done (db, stmt, error))
    return FALSE;
  obj = g_strdup_printf ("user %s", user);
  summary = g_strdup_printf ("licensing-hearing training completed %s: %s", completed, course);
  if (!docket_audit_store_append (store, caller->user, "user.training", obj, summary, error))
    return FALSE;
  *id_out = id;
  return TRUE;
}

gint64
docket_user_store_add_training (DocketStore         *store,
                                const DocketCaller  *caller,
                                const char          *user,
                                GVariant            *training,
                                GError             **error)
{
  gint64 id = -1;

  if (!docket_store_begin_write (store, error))
    return -1;
  if (!docket_store_finish (store, add_training_in_txn (store, caller, user, training, &id, error), error,
                            "User %s", user))
    return -1;
  return id;
}

GVariant *
docket_user_store_list_training (DocketStore  *store,
                                 const char   *user,
                                 GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) out = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
      "SELECT id, user, completed, course, created_by FROM member_training "
      "WHERE ?1 IS NULL OR user = ?1 ORDER BY completed DESC, id DESC", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (user != NULL && *user != '\0')
    sqlite3_bind_text (stmt, 1, user, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) e = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&e, "{sv}", "id", g_variant_new_int64 (sqlite3_column_int64 (stmt, 0)));
      g_variant_builder_add (&e, "{sv}", "user", g_variant_new_string (docket_col_text (stmt, 1)));
      g_variant_builder_add (&e, "{sv}", "completed", g_variant_new_string (docket_col_text (stmt, 2)));
      g_variant_builder_add (&e, "{sv}", "course", g_variant_new_string (docket_col_text (stmt, 3)));
      g_variant_builder_add (&e, "{sv}", "by", g_variant_new_string (docket_col_text (stmt, 4)));
      g_variant_builder_add_value (&out, g_variant_builder_end (&e));
    }
  if (rc != SQLITE_DONE)
    {
      docket_db_set_error (db, rc, "Reading training", error);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_builder_end (&out));
}

char *
docket_user_store_untrained (DocketStore        *store,
                             const char * const *users,
                             const char         *date,
                             GError            **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; users[i]; i++)
    {
      g_autoptr(DocketStmt) stmt = docket_db_prepare (db,
          "SELECT 1 FROM member_training WHERE user = ? AND completed <= ? LIMIT 1", error);
      int rc;

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, users[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, date, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        g_string_append_printf (out, "%s%s", out->len ? ", " : "", users[i]);
      else if (rc != SQLITE_ROW)
        {
          docket_db_set_error (db, rc, "Reading training", error);
          return NULL;
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The user database may be a directory server: each name is looked up
 * once in a while, not once per panel member of every hearing listed. */
#define FULL_NAME_LIFETIME (10 * G_TIME_SPAN_MINUTE)

typedef struct {
  char   *name;
  gint64  looked_up;
} FullName;

static void
full_name_free (gpointer data)
{
  FullName *f = data;

  g_free (f->name);
  g_free (f);
}

static char *
look_up_full_name (const char *user)
{
  struct passwd *pw = getpwnam (user);

  if (pw != NULL && pw->pw_gecos != NULL && *pw->pw_gecos != '\0' && *pw->pw_gecos != ',')
    {
      g_autofree char *gecos = g_strdup (pw->pw_gecos);
      char *comma = strchr (gecos, ',');
      if (comma)
        *comma = '\0';
      if (g_utf8_validate (gecos, -1, NULL))
        return g_steal_pointer (&gecos);
    }
  return g_strdup (user);
}

char *
docket_user_store_full_name (const char *user)
{
  static GHashTable *cache;
  G_LOCK_DEFINE_STATIC (cache);
  gint64 now = g_get_monotonic_time ();
  FullName *f;
  char *name;

  /* getpwnam is not thread-safe either: one caller at a time. */
  G_LOCK (cache);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, full_name_free);
  f = g_hash_table_lookup (cache, user);
  if (f == NULL || now - f->looked_up > FULL_NAME_LIFETIME)
    {
      if (g_hash_table_size (cache) > 4096)
        g_hash_table_remove_all (cache);
      f = g_new0 (FullName, 1);
      f->name = look_up_full_name (user);
      f->looked_up = now;
      g_hash_table_replace (cache, g_strdup (user), f);
    }
  name = g_strdup (f->name);
  G_UNLOCK (cache);
  return name;
}

GVariant *
docket_user_store_people (DocketStore  *store,
                          const char   *role,
                          GError      **error)
{
  DocketDb *db = docket_store_get_db (store);
  g_auto(GVariantBuilder) out = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(DocketStmt) stmt = NULL;
  int rc;

  if (role != NULL && *role != '\0' && docket_enum_from_string (docket_role_names, role) < 0)
    {
      g_autofree char *allowed = docket_enum_describe (docket_role_names);
      g_autofree char *shown = g_utf8_make_valid (role, -1);
      return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "role '%s' is not known; use %s", shown,
                               allowed), NULL;
    }
  stmt = docket_db_prepare (db,
      "SELECT r.user, group_concat(r.role, ' '), "
      "(SELECT max(t.completed) FROM member_training t WHERE t.user = r.user) "
      "FROM user_roles r WHERE ?1 IS NULL OR r.user IN (SELECT user FROM user_roles WHERE role = ?1) "
      "GROUP BY r.user ORDER BY r.user", error);
  if (stmt == NULL)
    return NULL;
  if (role != NULL && *role != '\0')
    sqlite3_bind_text (stmt, 1, role, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GVariantBuilder) e = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      const char *user = (const char *) sqlite3_column_text (stmt, 0);
      g_auto(GStrv) roles = g_strsplit ((const char *) sqlite3_column_text (stmt, 1), " ", -1);
      g_autofree char *name = docket_user_store_full_name (user);

      g_variant_builder_add (&e, "{sv}", "user", g_variant_new_string (user));
      g_variant_builder_add (&e, "{sv}", "name", g_variant_new_string (name));
      g_variant_builder_add (&e, "{sv}", "roles", g_variant_new_strv ((const char * const *) roles, -1));
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        g_variant_builder_add (&e, "{sv}", "trained",
                               g_variant_new_string ((const char *) sqlite3_column_text (stmt, 2)));
      g_variant_builder_add_value (&out, g_variant_builder_end (&e));
    }
  if (rc != SQLITE_DONE)
    return docket_db_set_error (db, rc, "Listing people", error), NULL;
  return g_variant_ref_sink (g_variant_builder_end (&out));
}
