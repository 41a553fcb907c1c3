/* The servers a person has connected to, newest first. */
#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "docket-servers.h"

static char *
servers_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "docket", "servers.ini", NULL);
}

GStrv
docket_servers_load (void)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *path = servers_path ();
  char **list;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
    return g_new0 (char *, 1);
  list = g_key_file_get_string_list (kf, "servers", "recent", NULL, NULL);
  return list ? list : g_new0 (char *, 1);
}

gboolean
docket_servers_remember (const char  *host,
                         GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *path = servers_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_auto(GStrv) old = docket_servers_load ();
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;
  guint n = 1;

  g_strv_builder_add (b, host);
  for (guint i = 0; old[i] && n < DOCKET_SERVERS_MAX; i++)
    if (!g_str_equal (old[i], host))
      {
        g_strv_builder_add (b, old[i]);
        n++;
      }
  list = g_strv_builder_end (b);
  g_key_file_set_string_list (kf, "servers", "recent", (const char * const *) list, g_strv_length (list));
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "Cannot make %s", dir);
      return FALSE;
    }
  return g_key_file_save_to_file (kf, path, error);
}
