#!/usr/bin/env bash
# make demo: a fresh demo state directory under the build folder, a private
# session bus, docketd on it with a synthetic register of ~1,100 drivers,
# then the GTK client when there is a display (and it is built), else a
# short docketctl walkthrough.
set -euo pipefail
build=${1:-build}
build=$(cd "$build" && pwd)
state="$build/demo-state"

rm -rf "$state"
mkdir -p "$state"
echo "Demo state directory: $state"
exec dbus-run-session -- bash "$(dirname "$0")/demo-session.sh" "$build" "$state"
