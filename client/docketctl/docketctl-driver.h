/* docketctl driver ...: licence records, convictions and notes. */
#pragma once
#include "docketctl-common.h"
int docketctl_driver (DocketCtl *ctl, int argc, char **argv);
