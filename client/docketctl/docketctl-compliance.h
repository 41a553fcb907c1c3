/* docketctl audit run|runs, flags, training, dbs, compliance. */
#pragma once

#include "docketctl-common.h"

G_BEGIN_DECLS

int docketctl_audit_run      (DocketCtl *ctl, int argc, char **argv);
int docketctl_audit_runs     (DocketCtl *ctl, int argc, char **argv);
int docketctl_flags          (DocketCtl *ctl, int argc, char **argv);
int docketctl_training       (DocketCtl *ctl, int argc, char **argv);
int docketctl_dbs            (DocketCtl *ctl, int argc, char **argv);
int docketctl_compliance_cmd (DocketCtl *ctl, int argc, char **argv);

G_END_DECLS
