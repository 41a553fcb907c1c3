/* docketd.conf: settings read at start-up. */
#include "config.h"

#include "docket-config.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-user-store.h"

void
docket_config_free (DocketConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->path);
  g_clear_pointer (&self->user_roles, g_hash_table_unref);
  g_free (self);
}

static gboolean
load_roles (DocketConfig *self, GKeyFile *kf, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (kf, "roles", NULL, NULL);

  for (guint i = 0; keys && keys[i]; i++)
    {
      int role = docket_enum_from_string (docket_role_names, keys[i]);
      g_auto(GStrv) users = NULL;

      if (role < 0)
        {
          g_autofree char *allowed = docket_enum_describe (docket_role_names);
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s: [roles] %s: not a role; use %s", self->path, keys[i], allowed);
          return FALSE;
        }
      users = g_key_file_get_string_list (kf, "roles", keys[i], NULL, error);
      if (users == NULL)
        return FALSE;
      for (guint j = 0; users[j]; j++)
        {
          char *user = g_strstrip (users[j]);
          guint mask;

          if (*user == '\0')
            continue;
          if (!docket_user_name_validate (user, error))
            {
              g_prefix_error (error, "%s: [roles] %s: ", self->path, keys[i]);
              return FALSE;
            }
          mask = GPOINTER_TO_UINT (g_hash_table_lookup (self->user_roles, user));
          g_hash_table_insert (self->user_roles, g_strdup (user),
                               GUINT_TO_POINTER (mask | (1u << role)));
        }
    }
  return TRUE;
}

DocketConfig *
docket_config_load (const char  *path,
                    GError     **error)
{
  g_autoptr(DocketConfig) self = g_new0 (DocketConfig, 1);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_auto(GStrv) groups = NULL;

  self->user_roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (path == NULL)
    {
      const char *confdir = g_getenv ("CONFIGURATION_DIRECTORY");
      g_autofree char *a = confdir ? g_build_filename (confdir, "docketd.conf", NULL) : NULL;
      g_autofree char *b = g_build_filename (SYSCONFDIR, "docket", "docketd.conf", NULL);

      if (a && g_file_test (a, G_FILE_TEST_EXISTS))
        self->path = g_steal_pointer (&a);
      else if (g_file_test (b, G_FILE_TEST_EXISTS))
        self->path = g_steal_pointer (&b);
      else
        return g_steal_pointer (&self);  /* defaults */
    }
  else
    self->path = g_strdup (path);

  if (!g_key_file_load_from_file (kf, self->path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", self->path);
      return NULL;
    }

  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i]; i++)
    {
      if (g_str_equal (groups[i], "roles"))
        {
          if (!load_roles (self, kf, error))
            return NULL;
        }
      else
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s: unknown section [%s]", self->path, groups[i]);
          return NULL;
        }
    }
  return g_steal_pointer (&self);
}
