#!/usr/bin/env bash
# Renders every main view of the client with the demo data to PNG in
# docs/screenshots/ (or $1), under Xvfb when there is no display.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../build}
build=$(cd "$build" && pwd)
out=$(mkdir -p "${1:-$here/../docs/screenshots}" && cd "${1:-$here/../docs/screenshots}" && pwd)

if [[ -z "${DISPLAY:-}" && -z "${INSIDE_XVFB:-}" ]]; then
  exec env INSIDE_XVFB=1 xvfb-run -a -s "-screen 0 1600x1000x24" "$0" "$out"
fi
if [[ -z "${DBUS_SESSION_BUS_ADDRESS:-}" || -z "${INSIDE_BUS:-}" ]]; then
  exec env INSIDE_BUS=1 dbus-run-session -- "$0" "$out"
fi

state=$(mktemp -d)
trap 'kill $daemon 2>/dev/null; wait $daemon 2>/dev/null || true; rm -rf "$state"' EXIT
export DOCKET_BUS=session GSK_RENDERER=cairo GTK_A11Y=none
# The demo moves docketd's clock back a year for the first audit run.
export DOCKET_CLOCK_FILE=$state/clock
"$build/daemon/docketd" --session-bus --state-directory "$state" --config "$here/../data/docketd.conf.example" &
daemon=$!
gdbus wait --session --timeout 30 org.docket.Docket1
"$build/tests/docket-demo-data" --drivers 1100 --populate

ctl() { "$build/client/docketctl/docketctl" "$@"; }
# The latest hearing day still open, and a driver with a pending change.
open=$(ctl --json hearing list --state scheduled --to "$(date +%F)" |
       python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["id"])')
pending=$(ctl --json case notices |
          python3 -c 'import json,sys; n=json.load(sys.stdin); print(n[0]["licence"] if n else "")')
if [[ -z "$pending" ]]; then
  pending=$(ctl --json hearing show "$open" |
            python3 -c 'import json,sys; h=json.load(sys.stdin); print([c["licence"] for c in h["cases"] if c["outcome"]][0])')
fi

"$build/tests/docket-screenshot" --out "$out" --view drivers --view statistics --view audit --view flags --view publication
"$build/tests/docket-screenshot" --out "$out" --view driver --driver "$pending"
"$build/tests/docket-screenshot" --out "$out" --view hearings --hearing "$open"
DOCKET_AS=commissioner "$build/tests/docket-screenshot" --out "$out" --view room --hearing "$open"
