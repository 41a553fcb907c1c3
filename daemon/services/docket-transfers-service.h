/* org.docket.Docket1.Transfers: uploads and downloads in bounded parts. */
#pragma once

#include "docket-bouncer.h"
#include "docket-dbus-generated.h"
#include "docket-transfers.h"

G_BEGIN_DECLS

#define DOCKET_TYPE_TRANSFERS_SERVICE (docket_transfers_service_get_type ())
G_DECLARE_FINAL_TYPE (DocketTransfersService, docket_transfers_service, DOCKET,
                      TRANSFERS_SERVICE, DocketDBusTransfersSkeleton)

DocketTransfersService *docket_transfers_service_new (DocketTransfers *transfers,
                                                      DocketBouncer   *bouncer);

G_END_DECLS
