/* docketctl key, backup, restore. */
#pragma once

#include "docketctl-common.h"

G_BEGIN_DECLS

int docketctl_key     (DocketCtl *ctl, int argc, char **argv);
int docketctl_backup  (DocketCtl *ctl, int argc, char **argv);
int docketctl_restore (DocketCtl *ctl, int argc, char **argv);

G_END_DECLS
