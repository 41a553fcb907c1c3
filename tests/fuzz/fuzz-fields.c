/* Fuzz target: the date and field parsers on any text. */
#include "config.h"

#include "docket-fuzz.h"

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);

  if (!g_utf8_validate (text, -1, NULL))
    return 0;
  {
    g_autoptr(GError) error = NULL;
    if (docket_validate_date ("date", text, &error))
      {
        g_autofree char *later = docket_date_add_days (text, 30);
        g_autofree char *months = docket_date_add_months (text, -6);
        g_assert_true (docket_validate_date ("date", later, NULL));
        g_assert_true (docket_validate_date ("date", months, NULL));
        g_assert_cmpint (docket_date_days_between (text, later), ==, 30);
      }
    else
      g_assert_nonnull (error);
  }
  {
    g_autoptr(GError) error = NULL;
    (void) docket_validate_time ("time", text, &error);
  }
  for (const DocketFieldSpec *s = docket_driver_fields; s->key; s++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *norm = docket_field_normalize (s, text);
      if (norm != NULL && *norm != '\0' && docket_field_validate (s, norm, &error))
        {
          /* Normal form is stable. */
          g_autofree char *again = docket_field_normalize (s, norm);
          g_assert_cmpstr (again, ==, norm);
        }
    }
  return 0;
}
