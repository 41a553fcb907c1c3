#!/usr/bin/env bash
# make bench: docketd's performance as ratios to floors measured in the
# same run (tests/bench/docket-bench.c), on a fresh private session bus.
# DRIVERS sets the size of the import (default 200,000); the CSV is made
# once by the demo-data generator and kept in $BUILD/bench-data, with those
# of the size series (SERIES, default "1000 20000 200000").
# Usage: tools/bench.sh [BUILD_DIR]
set -euo pipefail
export LC_ALL=C.UTF-8
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
drivers=${DRIVERS:-200000}
series=${SERIES:-1000 20000 200000}
data="$build/bench-data"
csv="$data/drivers-$drivers.csv"
if [[ -z "${INSIDE_BUS:-}" ]]; then
  mkdir -p "$data"
  for n in $drivers $series; do
    if [[ ! -s "$data/drivers-$n.csv" ]]; then
      echo "Making $n synthetic drivers in $data/drivers-$n.csv (once)"
      "$build/tests/docket-demo-data" --drivers "$n" --csv "$data/drivers-$n.csv.tmp"
      mv "$data/drivers-$n.csv.tmp" "$data/drivers-$n.csv"
    fi
  done
  # The load's register: 20,000 drivers beside the import's, their licences
  # and badges changed so that the two never meet.
  if [[ ! -s "$data/register-20000.csv" ]]; then
    "$build/tests/docket-demo-data" --drivers 20000 --seed 7 --csv "$data/register-20000.csv.tmp"
    sed -i -E 's/^(HC|PH|DL)-([0-9]+),([^,]*),("[^"]*"),([^,]*),([0-9]+),/R\1-\2,\3,\4,\5,9\6,/' \
      "$data/register-20000.csv.tmp"
    mv "$data/register-20000.csv.tmp" "$data/register-20000.csv"
  fi
  exec env INSIDE_BUS=1 dbus-run-session -- "$0" "$@"
fi
series_args=()
for n in $series; do
  series_args+=(--series-csv "$data/drivers-$n.csv")
done
work=$(mktemp -d "$data/run-XXXXXX")
trap 'rm -rf "$work"' EXIT
export DOCKETD="$build/daemon/docketd"
"$build/tests/bench/docket-bench" --work "$work" --csv "$csv" "${series_args[@]}"
# Twenty clients at once beside an import and an audit run (LOAD_SECONDS).
"$build/tests/bench/docket-load" --work "$work" --register "$data/register-20000.csv" --import "$csv" \
  --seconds "${LOAD_SECONDS:-120}"
