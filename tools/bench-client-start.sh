#!/usr/bin/env bash
# The desktop client from its start to the first page of a register of
# $DRIVERS drivers (default 200,000) drawn, and its memory then: docketd
# on a private bus under Xvfb, `docket` started 7 times with
# $DOCKET_BENCH_FIRST_PAGE (it reports the moment and its RSS, then
# quits). The floor, measured in the same run: starting docketctl for one
# call (process start, bus connection, WhoAmI).
# Usage: tools/bench-client-start.sh [BUILD_DIR]
set -euo pipefail
export LC_ALL=C.UTF-8
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
drivers=${DRIVERS:-200000}
csv="$build/bench-data/drivers-$drivers.csv"
state="$build/bench-data/client-state-$drivers"
if [[ -z "${INSIDE_BUS:-}" ]]; then
  mkdir -p "$build/bench-data"
  [[ -s "$csv" ]] || "$build/tests/docket-demo-data" --drivers "$drivers" --csv "$csv"
  exec env INSIDE_BUS=1 xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- "$0" "$@"
fi
export DOCKET_BUS=session NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory GTK_A11Y=${GTK_A11Y:-none}
fresh=0
[[ -f "$state/docket.db" ]] || { mkdir -p "$state"; fresh=1; }
"$build/daemon/docketd" --session-bus --state-directory "$state" 2>/dev/null &
daemon=$!
trap 'kill $daemon 2>/dev/null; wait $daemon 2>/dev/null || true' EXIT
gdbus wait --session --timeout 30 org.docket.Docket1
if [[ $fresh == 1 ]]; then
  echo "Importing $drivers drivers (once; kept in $state)"
  "$build/client/docketctl/docketctl" import drivers "$csv"
fi

now_us() { date +%s%6N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

floor=$(for i in 1 2 3 4 5 6 7; do
  t0=$(now_us); "$build/client/docketctl/docketctl" user whoami >/dev/null; t1=$(now_us)
  echo $(( t1 - t0 ))
done | median)

rss=""
start=$(for i in 1 2 3 4 5 6 7; do
  t0=$(now_us)
  line=$(DOCKET_BENCH_FIRST_PAGE=1 "$build/client/app/docket" 2>&1 >/dev/null | grep "docket-bench: first page" || true)
  [[ -n "$line" ]] || { echo "the client reported no first page" >&2; exit 1; }
  t1=$(sed -E 's/.* at ([0-9]+) us.*/\1/' <<<"$line")
  echo "$(( t1 - t0 )) $(sed -E 's/.*RSS ([0-9]+) KiB.*/\1/' <<<"$line")"
done)
ms=$(cut -d' ' -f1 <<<"$start" | median)
rss=$(cut -d' ' -f2 <<<"$start" | median)
awk -v f="$floor" -v s="$ms" -v r="$rss" -v n="$drivers" 'BEGIN {
  printf "floor: docketctl start, one call, exit (median of 7)   %8.1f ms\n", f / 1000
  printf "docket: start to the first page of %d drivers drawn  %8.1f ms  %5.1f× the floor\n", n, s / 1000, s / f
  printf "docket: RSS with the drivers view open               %8.1f MiB\n", r / 1024
}'
