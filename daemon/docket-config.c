/* docketd.conf: settings read at start-up. */
#include "config.h"

#include "docket-config.h"
#include "docket-enums.h"
#include "docket-error.h"
#include "docket-user-store.h"
#include "docket-validate.h"

void
docket_config_free (DocketConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->path);
  g_clear_pointer (&self->user_roles, g_hash_table_unref);
  g_strfreev (self->bank_holidays);
  g_free (self->authority_name);
  g_free (self->authority_contact);
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

static gboolean
load_hearings (DocketConfig *self, GKeyFile *kf, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (kf, "hearings", NULL, NULL);

  for (guint i = 0; keys && keys[i]; i++)
    {
      if (g_str_equal (keys[i], "notice-days"))
        {
          g_autoptr(GError) local = NULL;
          int days = g_key_file_get_integer (kf, "hearings", keys[i], &local);

          if (local != NULL || days < 0 || days > 365)
            {
              g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                           "%s: [hearings] notice-days: give a number of days from 0 to 365",
                           self->path);
              return FALSE;
            }
          self->notice_days = (guint) days;
        }
      else if (g_str_equal (keys[i], "bank-holidays"))
        {
          g_strfreev (self->bank_holidays);
          self->bank_holidays = g_key_file_get_string_list (kf, "hearings", keys[i], NULL, error);
          if (self->bank_holidays == NULL)
            return FALSE;
          for (guint j = 0; self->bank_holidays[j]; j++)
            {
              g_strstrip (self->bank_holidays[j]);
              if (!docket_validate_date ("bank-holidays", self->bank_holidays[j], error))
                {
                  g_prefix_error (error, "%s: [hearings] ", self->path);
                  return FALSE;
                }
            }
        }
      else
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s: [hearings] %s: unknown setting; use notice-days or bank-holidays",
                       self->path, keys[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
load_authority (DocketConfig *self, GKeyFile *kf, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (kf, "authority", NULL, NULL);

  for (guint i = 0; keys && keys[i]; i++)
    {
      g_autofree char *value = g_key_file_get_string (kf, "authority", keys[i], error);

      if (value == NULL)
        return FALSE;
      g_strstrip (value);
      if (!docket_validate_text (keys[i], value, 300, TRUE, error))
        {
          g_prefix_error (error, "%s: [authority] ", self->path);
          return FALSE;
        }
      if (g_str_equal (keys[i], "name"))
        { g_free (self->authority_name); self->authority_name = g_steal_pointer (&value); }
      else if (g_str_equal (keys[i], "contact"))
        { g_free (self->authority_contact); self->authority_contact = g_steal_pointer (&value); }
      else
        {
          g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                       "%s: [authority] %s: unknown setting; use name or contact",
                       self->path, keys[i]);
          return FALSE;
        }
    }
  return TRUE;
}

DocketConfig *
docket_config_new_defaults (void)
{
  DocketConfig *self = g_new0 (DocketConfig, 1);

  self->user_roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->notice_days = DOCKET_DEFAULT_NOTICE_DAYS;
  self->bank_holidays = g_new0 (char *, 1);
  self->authority_name = g_strdup ("The Licensing Authority");
  self->authority_contact = g_strdup ("Write to the Licensing Service");
  return self;
}

DocketConfig *
docket_config_load (const char  *path,
                    GError     **error)
{
  g_autoptr(DocketConfig) self = docket_config_new_defaults ();
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_auto(GStrv) groups = NULL;

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
      else if (g_str_equal (groups[i], "hearings"))
        {
          if (!load_hearings (self, kf, error))
            return NULL;
        }
      else if (g_str_equal (groups[i], "authority"))
        {
          if (!load_authority (self, kf, error))
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
