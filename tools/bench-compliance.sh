#!/usr/bin/env bash
# Times the compliance work at scale: a CSV of N drivers (default 200,000)
# imported into a fresh docketd on a private bus, then two audit runs (the
# first flags every licence: no DBS checks are recorded, the worst case),
# a page of flags, the DBS and training queues, a scheduler tick, and
# docketd's peak RSS. One run; wall-clock seconds as docketctl sees them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${BUILD:-$here/../build}" && pwd)
n=${DRIVERS:-200000}

if [[ -z "${INSIDE_BUS:-}" ]]; then
  exec env INSIDE_BUS=1 dbus-run-session -- "$0" "$@"
fi
work=$(mktemp -d)
trap 'kill $daemon 2>/dev/null; wait $daemon 2>/dev/null || true; rm -rf "$work"' EXIT
export DOCKET_BUS=session
"$build/tests/docket-demo-data" --drivers "$n" --csv "$work/drivers.csv" > /dev/null
"$build/daemon/docketd" --session-bus --state-directory "$work/state" \
  --config "$here/../data/docketd.conf.example" 2> "$work/daemon.log" &
daemon=$!
gdbus wait --session --timeout 30 org.docket.Docket1
ctl() { "$build/client/docketctl/docketctl" "$@"; }
t() { local label=$1; shift; local s=$(date +%s%N); "$@" > /dev/null; local e=$(date +%s%N);
      printf '%-42s %8d ms\n' "$label" $(( (e - s) / 1000000 )); }
t "import $n drivers" ctl --as jsmith import drivers "$work/drivers.csv"
t "first audit run (every licence flagged)" ctl --as jsmith audit run
t "second audit run (flags kept)" ctl --as jsmith audit run
t "flags list --status open, first page" ctl --as jsmith flags list --status open --limit 100
t "dbs due, first page" ctl --as jsmith dbs due --limit 50
t "training due" ctl --as jsmith training due
t "scheduler tick" ctl --as licadmin compliance tick
grep VmHWM "/proc/$daemon/status"
