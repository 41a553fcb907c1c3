/* docketctl import ...: bulk loading from CSV. */
#pragma once
#include "docketctl-common.h"
int docketctl_import (DocketCtl *ctl, int argc, char **argv);
