/* org.docket.Docket1.Statistics: the record of decisions. */
#include "config.h"

#include "docket-annual-return.h"
#include "docket-compliance-view.h"
#include "docket-error.h"
#include "docket-input.h"
#include "docket-validate.h"
#include "docket-document.h"
#include "docket-names.h"
#include "docket-statistics-service.h"

struct _DocketStatisticsService
{
  DocketDBusStatisticsSkeleton parent_instance;
  DocketStore   *store;
  DocketBouncer *bouncer;
};

G_DEFINE_FINAL_TYPE (DocketStatisticsService, docket_statistics_service,
                     DOCKET_DBUS_TYPE_STATISTICS_SKELETON)

static void
docket_statistics_service_dispose (GObject *object)
{
  DocketStatisticsService *self = DOCKET_STATISTICS_SERVICE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->bouncer);
  G_OBJECT_CLASS (docket_statistics_service_parent_class)->dispose (object);
}

static void
docket_statistics_service_class_init (DocketStatisticsServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = docket_statistics_service_dispose;
}

static void
docket_statistics_service_init (DocketStatisticsService *self)
{
}

static gboolean
handle_get (DocketDBusStatistics *object, GDBusMethodInvocation *invocation,
            GVariant *query, DocketStatisticsService *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) rows = NULL;
  g_autoptr(GVariant) totals = NULL;

  if (!docket_statistics_get (self->store, query, &rows, &totals, &error))
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    docket_dbus_statistics_complete_get (object, invocation, rows, totals);
  return TRUE;
}

static gboolean
handle_render (DocketDBusStatistics *object, GDBusMethodInvocation *invocation,
               GVariant *query, const char *format, DocketStatisticsService *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) doc = docket_statistics_render (self->store, query, format, &error);

  if (doc == NULL)
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    docket_dbus_statistics_complete_render (object, invocation,
        g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, doc, TRUE));
  return TRUE;
}

static gboolean
handle_compliance (DocketDBusStatistics *object, GDBusMethodInvocation *invocation,
                   GVariant *query, DocketStatisticsService *self)
{
  g_autoptr(GError) error = NULL;
  GVariant *rows = docket_compliance_view_figures (self->store, query, &error);

  if (rows == NULL)
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    docket_dbus_statistics_complete_compliance (object, invocation, rows);
  return TRUE;
}

static gboolean
handle_check (DocketDBusStatistics *object, GDBusMethodInvocation *invocation, DocketStatisticsService *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) result = docket_statistics_check (self->store, &error);

  if (result == NULL)
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    docket_dbus_statistics_complete_check (object, invocation, result);
  return TRUE;
}

/* The year of an annual return query: year (u), required. */
static gboolean
annual_year (GVariant *query, const char * const *keys, guint *year, GError **error)
{
  g_autoptr(GVariant) v = NULL;

  if (!docket_validate_keys (query, keys, error))
    return FALSE;
  v = g_variant_lookup_value (query, "year", NULL);
  if (v != NULL && !g_variant_is_of_type (v, G_VARIANT_TYPE_UINT32))
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Annual return: year must be a whole number (u), not %s", g_variant_get_type_string (v));
      return FALSE;
    }
  if (v == NULL)
    {
      g_set_error (error, DOCKET_ERROR, DOCKET_ERROR_INVALID_ARGUMENT,
                   "Annual return: year is required (u), the year whose 1 April the figures are as at");
      return FALSE;
    }
  *year = g_variant_get_uint32 (v);
  return TRUE;
}

static gboolean
handle_annual (DocketDBusStatistics *object, GDBusMethodInvocation *invocation,
               GVariant *query, DocketStatisticsService *self)
{
  static const char * const keys[] = { "year", NULL };
  g_autoptr(GError) error = NULL;
  GVariant *result = NULL;
  guint year = 0;

  if (annual_year (query, keys, &year, &error))
    result = docket_annual_return (self->store, year, &error);
  if (result == NULL)
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    docket_dbus_statistics_complete_annual (object, invocation, result);
  return TRUE;
}

static gboolean
handle_render_annual (DocketDBusStatistics *object, GDBusMethodInvocation *invocation,
                      GVariant *query, const char *format, DocketStatisticsService *self)
{
  static const char * const keys[] = { "year", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) doc = NULL;
  guint year = 0;

  if (annual_year (query, keys, &year, &error))
    doc = docket_annual_return_render (self->store, year, format, &error);
  if (doc == NULL)
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    docket_dbus_statistics_complete_render_annual (object, invocation,
        g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, doc, TRUE));
  return TRUE;
}

static gboolean
handle_explain (DocketDBusStatistics *object, GDBusMethodInvocation *invocation,
                GVariant *query, DocketStatisticsService *self)
{
  static const char * const keys[] = { "year", "figure", NULL };
  g_auto(DocketBouncerCaller) c = { 0 };
  g_autofree char *figure = NULL;
  GError *error = NULL;
  GVariant *rows = NULL;
  guint year = 0;

  if (!docket_bouncer_identify (self->bouncer, invocation, &c))
    return TRUE;
  if (annual_year (query, keys, &year, &error) &&
      docket_input_text (query, "figure", NULL, 64, DOCKET_INPUT_NONE, &figure, &error))
    rows = docket_annual_return_explain (self->store, &c.caller, year, figure, &error);
  if (rows == NULL)
    return docket_bouncer_fail (invocation, error);
  docket_dbus_statistics_complete_explain (object, invocation, rows);
  return TRUE;
}

DocketStatisticsService *
docket_statistics_service_new (DocketStore   *store,
                               DocketBouncer *bouncer)
{
  DocketStatisticsService *self = g_object_new (DOCKET_TYPE_STATISTICS_SERVICE, NULL);

  self->store = g_object_ref (store);
  self->bouncer = g_object_ref (bouncer);
  docket_dbus_statistics_set_version (DOCKET_DBUS_STATISTICS (self), DOCKET_API_VERSION);
  /* The guard first: it must run before every handler. */
  docket_bouncer_protect (bouncer, G_DBUS_INTERFACE_SKELETON (self));
  g_signal_connect (self, "handle-get", G_CALLBACK (handle_get), self);
  g_signal_connect (self, "handle-render", G_CALLBACK (handle_render), self);
  g_signal_connect (self, "handle-compliance", G_CALLBACK (handle_compliance), self);
  g_signal_connect (self, "handle-check", G_CALLBACK (handle_check), self);
  g_signal_connect (self, "handle-annual", G_CALLBACK (handle_annual), self);
  g_signal_connect (self, "handle-render-annual", G_CALLBACK (handle_render_annual), self);
  g_signal_connect (self, "handle-explain", G_CALLBACK (handle_explain), self);
  return self;
}
