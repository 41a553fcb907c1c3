#!/usr/bin/env bash
# make bench: docketd's performance as ratios to floors measured in the
# same run (tests/bench/docket-bench.c), on a fresh private session bus.
# DRIVERS sets the size of the import (default 200,000); the CSV is made
# once by the demo-data generator and kept in $BUILD/bench-data.
# Usage: tools/bench.sh [BUILD_DIR]
set -euo pipefail
export LC_ALL=C.UTF-8
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
drivers=${DRIVERS:-200000}
data="$build/bench-data"
csv="$data/drivers-$drivers.csv"
if [[ -z "${INSIDE_BUS:-}" ]]; then
  mkdir -p "$data"
  if [[ ! -s "$csv" ]]; then
    echo "Making $drivers synthetic drivers in $csv (once)"
    "$build/tests/docket-demo-data" --drivers "$drivers" --csv "$csv.tmp"
    mv "$csv.tmp" "$csv"
  fi
  exec env INSIDE_BUS=1 dbus-run-session -- "$0" "$@"
fi
work=$(mktemp -d "$data/run-XXXXXX")
trap 'rm -rf "$work"' EXIT
DOCKETD="$build/daemon/docketd" "$build/tests/bench/docket-bench" --work "$work" --csv "$csv"
