/* org.docket.Docket1.Statistics: the record of decisions. */
#pragma once

#include "docket-bouncer.h"
#include "docket-dbus-generated.h"
#include "docket-store.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_STATISTICS_SERVICE (docket_statistics_service_get_type ())
G_DECLARE_FINAL_TYPE (DocketStatisticsService, docket_statistics_service, DOCKET, STATISTICS_SERVICE,
                      DocketDBusStatisticsSkeleton)

DocketStatisticsService *docket_statistics_service_new (DocketStore   *store,
                                                        DocketBouncer *bouncer);

G_END_DECLS
