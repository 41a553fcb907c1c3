/* Templates of the documents docketd writes: a key file per document, the
 * council's own in [authority] templates or the default compiled in, each
 * checked whole before use and identified by its version and hash. */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "docket-error.h"
#include "docket-templates.h"

extern GResource *docket_templates_get_resource (void);

struct _DocketTemplate {
  GKeyFile *kf;
  char     *group;
  char     *id;
};

typedef struct {
  const char         *name;
  const char         *group;
  const char * const *keys;
  const char * const *placeholders;
} TemplateKind;

static const char * const statement_keys[] = {
  "version", "title", "preamble", "appeal", "appeal-held", "enquiries", "closing", NULL,
};
static const char * const statement_placeholders[] = {
  "authority", "contact", "case", "licence", "name", "appeal_days", "decided", NULL,
};
static const char * const hearing_keys[] = {
  "version", "title", "preamble", "summons", "rights", "enquiries", "closing", NULL,
};
static const char * const hearing_placeholders[] = {
  "authority", "contact", "case", "licence", "name", "matter", "hearing_date", "hearing_time", "venue",
  "notice_days", NULL,
};
static const TemplateKind kinds[] = {
  { "statement-of-decision", "Statement of decision", statement_keys, statement_placeholders },
  { "notice-of-hearing", "Notice of hearing", hearing_keys, hearing_placeholders },
};

void
docket_template_free (DocketTemplate *t)
{
  if (t == NULL)
    return;
  g_clear_pointer (&t->kf, g_key_file_unref);
  g_free (t->group);
  g_free (t->id);
  g_free (t);
}

char *
docket_document_hash (GBytes *bytes)
{
  unsigned char hash[crypto_generichash_BYTES];
  char hex[crypto_generichash_BYTES * 2 + 1];
  gsize size = 0;
  const guchar *data = g_bytes_get_data (bytes, &size);

  crypto_generichash (hash, sizeof hash, data, size, NULL, 0);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
  return g_strdup (hex);
}

/* Every {placeholder} of @text is one of @known; "{{" is a brace. */
static gboolean
check_placeholders (const char *text, const char * const *known, const char *where, GError **error)
{
  for (const char *p = text; *p; p++)
    {
      const char *end;
      g_autofree char *name = NULL;

      if (*p != '{')
        continue;
      if (p[1] == '{')
        {
          p++;
          continue;
        }
      end = strchr (p, '}');
      if (end == NULL)
        return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "%s: a { without its }", where);
      name = g_strndup (p + 1, (gsize) (end - p - 1));
      if (!g_strv_contains (known, name))
        {
          g_autofree char *list = g_strjoinv ("}, {", (char **) known);
          return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "%s: unknown placeholder {%s}; use {%s}",
                                   where, name, list);
        }
      p = end;
    }
  return TRUE;
}

static DocketTemplate *
parse (const TemplateKind *kind, GBytes *bytes, const char *source, GError **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_auto(GStrv) keys = NULL;
  g_autofree char *version = NULL, *hash = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  DocketTemplate *t;

  if (!g_key_file_load_from_data (kf, data, size, G_KEY_FILE_NONE, error))
    return g_prefix_error (error, "%s: ", source), NULL;
  if (!g_key_file_has_group (kf, kind->group))
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "%s: no [%s] group", source, kind->group), NULL;
  keys = g_key_file_get_keys (kf, kind->group, NULL, NULL);
  for (guint i = 0; keys && keys[i]; i++)
    if (!g_strv_contains (kind->keys, keys[i]))
      return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "%s: [%s] %s: unknown key", source,
                               kind->group, keys[i]), NULL;
  for (guint i = 0; kind->keys[i]; i++)
    {
      g_autofree char *where = g_strdup_printf ("%s: [%s] %s", source, kind->group, kind->keys[i]);
      g_autofree char *value = g_key_file_get_string (kf, kind->group, kind->keys[i], NULL);

      if (value == NULL)
        return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "%s: missing", where), NULL;
      if (!g_utf8_validate (value, -1, NULL))
        return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "%s: not UTF-8", where), NULL;
      if (!check_placeholders (value, kind->placeholders, where, error))
        return NULL;
    }
  version = g_key_file_get_string (kf, kind->group, "version", NULL);
  g_strstrip (version);
  if (*version == '\0')
    return docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, "%s: [%s] version: empty", source,
                             kind->group), NULL;
  hash = docket_document_hash (bytes);
  t = g_new0 (DocketTemplate, 1);
  t->kf = g_steal_pointer (&kf);
  t->group = g_strdup (kind->group);
  t->id = g_strdup_printf ("%s, version %s, BLAKE2b-256 %.16s", kind->name, version, hash);
  return t;
}

DocketTemplate *
docket_template_load (const DocketConfig *config,
                      const char         *name,
                      GError            **error)
{
  const TemplateKind *kind = NULL;
  g_autofree char *file = g_strdup_printf ("%s.ini", name);
  g_autoptr(GBytes) bytes = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].name, name))
      kind = &kinds[i];
  g_return_val_if_fail (kind != NULL, NULL);

  if (config->templates != NULL)
    {
      g_autofree char *path = g_build_filename (config->templates, file, NULL);
      g_autoptr(GError) local = NULL;
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &local);

      if (mapped != NULL)
        {
          bytes = g_mapped_file_get_bytes (mapped);
          return parse (kind, bytes, path, error);
        }
      if (!g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  {
    g_autofree char *resource = g_strdup_printf ("/org/docket/Docket1/templates/%s", file);
    bytes = g_resource_lookup_data (docket_templates_get_resource (), resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
    if (bytes == NULL)
      return NULL;
    return parse (kind, bytes, file, error);
  }
}

const char *
docket_template_id (DocketTemplate *t)
{
  return t->id;
}

char *
docket_template_text (DocketTemplate     *t,
                      const char         *key,
                      const char * const *values)
{
  g_autofree char *text = g_key_file_get_string (t->kf, t->group, key, NULL);
  GString *out = g_string_new (NULL);

  g_strstrip (text);
  for (const char *p = text; *p; p++)
    {
      const char *end;

      if (*p == '{' && p[1] == '{')
        {
          g_string_append_c (out, '{');
          p++;
          continue;
        }
      if (*p != '{' || (end = strchr (p, '}')) == NULL)
        {
          g_string_append_c (out, *p);
          continue;
        }
      for (guint i = 0; values[i] && values[i + 1]; i += 2)
        if (strncmp (values[i], p + 1, (gsize) (end - p - 1)) == 0 && values[i][end - p - 1] == '\0')
          {
            g_string_append (out, values[i + 1]);
            break;
          }
      p = end;
    }
  return g_string_free (out, FALSE);
}

gboolean
docket_templates_check (const DocketConfig *config,
                        GError            **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(DocketTemplate) t = docket_template_load (config, kinds[i].name, error);
      if (t == NULL)
        return FALSE;
    }
  return TRUE;
}
