#!/usr/bin/env bash
# The client's driver list against a large register: docketd on a private
# bus with $DRIVERS synthetic drivers (default 200,000), then
# tests/bench-driver-list, which prints each operation's median time and
# its ratio to a WhoAmI round trip measured in the same run.
# Usage: tools/bench-client.sh [STATE_DIR]   (a state dir is reused if it has data)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${BUILD:-$here/../build}" && pwd)
state=${1:-$build/bench-state}
if [[ -z "${INSIDE_BUS:-}" ]]; then
  exec env INSIDE_BUS=1 dbus-run-session -- "$0" "$state"
fi
export DOCKET_BUS=session
fresh=0
[[ -f "$state/docket.db" ]] || { mkdir -p "$state"; fresh=1; }
"$build/daemon/docketd" --session-bus --state-directory "$state" --config "$here/../data/docketd.conf.example" &
daemon=$!
trap 'kill $daemon 2>/dev/null; wait $daemon 2>/dev/null || true' EXIT
gdbus wait --session --timeout 30 org.docket.Docket1
if [[ $fresh == 1 ]]; then
  # The register imported as a council would (a CSV of its drivers), once;
  # POPULATE=1 adds convictions, notes and a year of hearings through the
  # API instead, which takes far longer.
  echo "Loading ${DRIVERS:-200000} drivers (once; the state directory is kept: $state)"
  if [[ -n "${POPULATE:-}" ]]; then
    time "$build/tests/docket-demo-data" --drivers "${DRIVERS:-200000}" --populate
  else
    "$build/tests/docket-demo-data" --drivers "${DRIVERS:-200000}" --csv "$state/drivers.csv"
    time "$build/client/docketctl/docketctl" import drivers "$state/drivers.csv"
    rm -f "$state/drivers.csv"
  fi
fi
"$build/tests/bench-driver-list"
