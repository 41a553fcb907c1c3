/* org.docket.Docket1.Statistics: the record of decisions. */
#include "config.h"

#include "docket-compliance-view.h"
#include "docket-document.h"
#include "docket-names.h"
#include "docket-statistics-service.h"

struct _DocketStatisticsService
{
  DocketDBusStatisticsSkeleton parent_instance;
  DocketStore   *store;
};

G_DEFINE_FINAL_TYPE (DocketStatisticsService, docket_statistics_service,
                     DOCKET_DBUS_TYPE_STATISTICS_SKELETON)

static void
docket_statistics_service_dispose (GObject *object)
{
  DocketStatisticsService *self = DOCKET_STATISTICS_SERVICE (object);

  g_clear_object (&self->store);
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

DocketStatisticsService *
docket_statistics_service_new (DocketStore   *store,
                               DocketBouncer *bouncer)
{
  DocketStatisticsService *self = g_object_new (DOCKET_TYPE_STATISTICS_SERVICE, NULL);

  self->store = g_object_ref (store);
  docket_dbus_statistics_set_version (DOCKET_DBUS_STATISTICS (self), DOCKET_API_VERSION);
  /* The guard first: it must run before every handler. */
  docket_bouncer_protect (bouncer, G_DBUS_INTERFACE_SKELETON (self));
  g_signal_connect (self, "handle-get", G_CALLBACK (handle_get), self);
  g_signal_connect (self, "handle-render", G_CALLBACK (handle_render), self);
  g_signal_connect (self, "handle-compliance", G_CALLBACK (handle_compliance), self);
  g_signal_connect (self, "handle-check", G_CALLBACK (handle_check), self);
  return self;
}
