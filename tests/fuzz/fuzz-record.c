/* Fuzz target: a D-Bus record as it arrives (a serialised a{sv} of any
 * shape), decoded and validated as each kind of record. */
#include "config.h"

#include "docket-fuzz.h"

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  const DocketFieldSpec *specs[] = { docket_driver_fields, docket_conviction_fields, docket_note_fields };
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GVariant) v = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_VARDICT, bytes, FALSE));

  /* Untrusted serialised data: only its normal form is looked at. */
  if (!g_variant_is_normal_form (v))
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    for (int creating = 0; creating < 2; creating++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GVariant) rec = docket_validate_record (specs[i], v, creating, &error);
        g_assert_true ((rec == NULL) == (error != NULL));
        if (rec != NULL)
          g_assert_true (g_variant_is_of_type (rec, G_VARIANT_TYPE_VARDICT));
      }
  return 0;
}
