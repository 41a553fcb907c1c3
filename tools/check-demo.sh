#!/usr/bin/env bash
# A meson test: make demo's session opens its client as each user the
# README names (DOCKET_AS=...), and make demo-panel opens the
# decision-maker's and a member's side by side, each as its own user. The
# client here is the screenshot client (the same widgets, in one
# application that says who it connected as and then ends) under Xvfb.
set -uo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOCKET_DEMO_DRIVERS=150
export DOCKET_DEMO_CLIENT="$build/tests/docket-screenshot --out $work --view drivers"
failed=0

run() {   # run NAME [VAR=VALUE...]: the demo session, its output in $work/NAME.log
  local name=$1
  shift
  rm -rf "$work/state"
  mkdir -p "$work/state"
  env "$@" xvfb-run -a -s "-screen 0 1400x900x24" \
    dbus-run-session -- bash "$here/demo-session.sh" "$build" "$work/state" > "$work/$name.log" 2>&1
}

expect() {   # expect NAME TEXT: the session's output holds TEXT
  if ! grep -q "$2" "$work/$1.log"; then
    echo "not ok: $1: no '$2' in its output:"
    tail -20 "$work/$1.log"
    failed=1
  else
    echo "ok: $1: $2"
  fi
}

me=$(id -un)
run developer
expect developer "connected as $me"
for user in jsmith commissioner member1 internalaudit; do
  run "as-$user" DOCKET_AS=$user
  expect "as-$user" "connected as $user"
done
run panel DOCKET_DEMO_PANEL=1
expect panel "connected as commissioner"
expect panel "connected as member1"
exit $failed
