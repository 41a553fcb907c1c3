/* docketctl user ...: roles. */
#pragma once
#include "docketctl-common.h"
int docketctl_user (DocketCtl *ctl, int argc, char **argv);
