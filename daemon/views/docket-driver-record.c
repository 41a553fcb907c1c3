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
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  GVariant *cases, *pending;
  gint64 id = docket_driver_store_read (store, user, licence, sensitive, &b, error);

  if (id < 0)
    return NULL;
  cases = docket_hearing_view_driver_cases (store, id, error);
  if (cases == NULL)
    return NULL;
  g_variant_builder_add (&b, "{sv}", "cases", cases);
  pending = docket_effect_view_for_driver (store, id, error);
  if (pending == NULL)
    return NULL;
  g_variant_builder_add (&b, "{sv}", "pending", pending);
  return g_variant_ref_sink (g_variant_builder_end (&b));
}
