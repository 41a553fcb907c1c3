/* docketctl hearing|case|nr3s|stats: the hearing workflow. */
#pragma once

#include "docketctl-common.h"

G_BEGIN_DECLS

int docketctl_hearing (DocketCtl *ctl, int argc, char **argv);
int docketctl_case    (DocketCtl *ctl, int argc, char **argv);
int docketctl_nr3s    (DocketCtl *ctl, int argc, char **argv);
int docketctl_decisions (DocketCtl *ctl, int argc, char **argv);
int docketctl_stats   (DocketCtl *ctl, int argc, char **argv);

G_END_DECLS
