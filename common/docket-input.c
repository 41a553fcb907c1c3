/* Readers for the a{sv} dictionaries clients send. */
#include "config.h"

#include <string.h>

#include "docket-enums.h"
#include "docket-error.h"
#include "docket-input.h"
#include "docket-validate.h"

#define invalid(error, ...) docket_error_set (error, DOCKET_ERROR_INVALID_ARGUMENT, __VA_ARGS__)

gboolean
docket_input_typed (GVariant            *dict,
                    const char          *key,
                    const GVariantType  *type,
                    GVariant           **out,
                    GError             **error)
{
  g_autoptr(GVariant) v = g_variant_lookup_value (dict, key, NULL);

  *out = NULL;
  if (v == NULL)
    return TRUE;
  if (!g_variant_is_of_type (v, type))
    return invalid (error, "%s must be of type %s, not %s", key, (const char *) type,
                    g_variant_get_type_string (v));
  *out = g_steal_pointer (&v);
  return TRUE;
}

gboolean
docket_input_text (GVariant          *dict,
                   const char        *key,
                   const char        *label,
                   guint              max,
                   DocketInputFlags   flags,
                   char             **out,
                   GError           **error)
{
  g_autoptr(GVariant) v = NULL;
  g_autofree char *text = NULL;

  *out = NULL;
  if (!docket_input_typed (dict, key, G_VARIANT_TYPE_STRING, &v, error))
    return FALSE;
  if (v == NULL)
    return TRUE;
  text = g_strstrip (g_variant_dup_string (v, NULL));
  if (!docket_validate_text (label ? label : key, text, max,
                             (flags & DOCKET_INPUT_MULTILINE) != 0, error))
    return FALSE;
  if (*text != '\0' || (flags & DOCKET_INPUT_KEEP_EMPTY))
    *out = g_steal_pointer (&text);
  return TRUE;
}

gboolean
docket_input_date (GVariant          *dict,
                   const char        *key,
                   const char        *label,
                   DocketInputFlags   flags,
                   char             **out,
                   GError           **error)
{
  g_autofree char *date = NULL;
  g_autofree char *today = NULL;

  if (label == NULL)
    label = key;
  *out = NULL;
  if (!docket_input_text (dict, key, label, 10, flags & DOCKET_INPUT_KEEP_EMPTY, &date, error))
    return FALSE;
  if (date != NULL && *date != '\0')
    {
      if (!docket_validate_date (label, date, error))
        return FALSE;
      today = docket_today ();
      if ((flags & DOCKET_INPUT_PAST) && strcmp (date, today) > 0)
        return invalid (error, "%s %s is in the future (today is %s)", label, date, today);
    }
  *out = g_steal_pointer (&date);
  return TRUE;
}

gboolean
docket_input_enum (GVariant            *dict,
                   const char          *key,
                   const char          *label,
                   const char * const  *names,
                   int                 *out,
                   GError             **error)
{
  g_autofree char *text = NULL;

  *out = -1;
  if (!docket_input_text (dict, key, label, 64, DOCKET_INPUT_NONE, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  *out = docket_enum_from_string (names, text);
  if (*out < 0)
    {
      g_autofree char *list = docket_enum_describe (names);
      return invalid (error, "%s '%s' is not one of %s", label ? label : key, text, list);
    }
  return TRUE;
}

gboolean
docket_input_bool (GVariant  *dict,
                   const char *key,
                   gboolean  *out,
                   GError   **error)
{
  g_autoptr(GVariant) v = NULL;

  *out = FALSE;
  if (!docket_input_typed (dict, key, G_VARIANT_TYPE_BOOLEAN, &v, error))
    return FALSE;
  if (v != NULL)
    *out = g_variant_get_boolean (v);
  return TRUE;
}

gboolean
docket_input_uint (GVariant   *dict,
                   const char *key,
                   guint       def,
                   guint       max,
                   guint      *out,
                   GError    **error)
{
  g_autoptr(GVariant) v = NULL;

  *out = def;
  if (!docket_input_typed (dict, key, G_VARIANT_TYPE_UINT32, &v, error))
    return FALSE;
  if (v == NULL)
    return TRUE;
  *out = g_variant_get_uint32 (v);
  if (*out > max)
    return invalid (error, "%s %u is more than %u", key, *out, max);
  return TRUE;
}
