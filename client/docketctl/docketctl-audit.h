/* docketctl audit ...: the audit log. */
#pragma once
#include "docketctl-common.h"
int docketctl_audit_cmd (DocketCtl *ctl, int argc, char **argv);
