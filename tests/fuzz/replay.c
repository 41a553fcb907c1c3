/* Runs a fuzz target over every file of the corpus folders given, as a
 * TAP test per folder: the corpus stays a regression test without
 * libFuzzer. */
#include "config.h"

#include <gio/gio.h>

#include "docket-fuzz.h"

static void
replay (gconstpointer data)
{
  const char *dir = data;
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      LLVMFuzzerTestOneInput ((const guint8 *) contents, len);
      n++;
    }
  g_test_message ("%u inputs from %s", n, dir);
  g_assert_cmpuint (n, >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *base = g_path_get_basename (argv[i]);
      g_autofree char *path = g_strdup_printf ("/fuzz/%s", base);
      g_test_add_data_func (path, argv[i], replay);
    }
  return g_test_run ();
}
