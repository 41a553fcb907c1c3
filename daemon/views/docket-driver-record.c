/* A driver's full record as clients are shown it. */
#include "config.h"

#include "docket-driver-record.h"
#include "docket-driver-store.h"
#include "docket-effect-view.h"
#include "docket-hearing-view.h"

GVariant *
docket_driver_record_get (DocketStore  *store,
                          const char   *user,
                          const char   *licence,
                          gboolean      sensitive,
                          GError      **error)
{
  g_autoptr(GVariant) record = NULL;
  g_autoptr(GVariant) cases = NULL;
  g_autoptr(GVariant) pending = NULL;
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  GVariantIter iter;
  const char *key;
  GVariant *value;
  gint64 id;

  record = docket_driver_store_get (store, user, licence, sensitive, error);
  if (record == NULL)
    return NULL;
  id = docket_driver_store_lookup (store, licence, error);
  if (id < 0)
    return NULL;
  cases = docket_hearing_view_driver_cases (store, id, error);
  if (cases == NULL)
    return NULL;
  pending = docket_effect_view_for_driver (store, id, error);
  if (pending == NULL)
    return NULL;

  g_variant_iter_init (&iter, record);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_variant_builder_add (&b, "{sv}", key, value);
      g_variant_unref (value);
    }
  g_variant_builder_add (&b, "{sv}", "cases", g_steal_pointer (&cases));
  g_variant_builder_add (&b, "{sv}", "pending", g_steal_pointer (&pending));
  return g_variant_ref_sink (g_variant_builder_end (&b));
}
