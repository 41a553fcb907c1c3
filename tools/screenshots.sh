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

# English and Welsh, at a desktop's width, a laptop's half screen and a
# phone's (libadwaita's narrowest, 360 px). English at 1400 px goes in $out
# itself (the README shows it), the others in $out/LANG-WIDTH/.
for lang in en cy; do
  for width in 1400 800 360; do
    dir=$out
    [[ $lang == en && $width == 1400 ]] || dir=$out/$lang-$width
    mkdir -p "$dir"
    height=900
    [[ $width == 360 ]] && height=760
    env=(LC_ALL=C.UTF-8)
    [[ $lang == cy ]] && env+=(LANGUAGE=cy DOCKET_LOCALEDIR="$build/po")
    shot() { env "${env[@]}" "$build/tests/docket-screenshot" --out "$dir" --width "$width" --height "$height" "$@"; }
    shot --view drivers --view statistics --view annual --view audit --view flags --view publication
    shot --view driver --driver "$pending"
    shot --view hearings --hearing "$open"
    env+=(DOCKET_AS=commissioner)
    shot --view room --hearing "$open"
  done
done
