/* What every fuzz target shares. A target is built twice: with libFuzzer
 * for `make fuzz` (clang), and with replay.c as its main() so that
 * `make check` runs it over its corpus in tests/fuzz/corpus/TARGET/. */
#pragma once

#include <string.h>

#include <glib.h>

#include "docket-validate.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);
