/* docketctl's records duties: the retention schedule, legal holds and the
 * annual return. */
#pragma once

#include "docketctl-common.h"

G_BEGIN_DECLS

int docketctl_retention      (DocketCtl *ctl, int argc, char **argv);
int docketctl_driver_hold    (DocketCtl *ctl, int argc, char **argv);
int docketctl_driver_release (DocketCtl *ctl, int argc, char **argv);
/* stats --annual YEAR [--csv] [--pdf FILE] [--explain FIGURE] */
int docketctl_stats_annual   (DocketCtl            *ctl,
                              DocketDBusStatistics *proxy,
                              const char           *year_text,
                              gboolean              csv,
                              const char           *pdf,
                              const char           *explain);

G_END_DECLS
