#!/usr/bin/env bash
# make bench-abuse: docketd under a flood of large calls from a member of
# the group docket without roles (tests/bench/docket-abuse.c), on a private
# bus daemon with the system bus's limits (the values Debian's system.conf
# documents as dbus-daemon's built-in defaults). Two attacks: large calls
# (8 MiB, 4 at a time on each of 32 connections) and many calls (256 KiB,
# 64 at a time on each of 32 connections). Figures, never a failure on time.
# Usage: tools/bench-abuse.sh [BUILD_DIR] [docket-abuse options]
set -euo pipefail
export LC_ALL=C.UTF-8
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
shift || true
work=$(mktemp -d "${TMPDIR:-/tmp}/docket-abuse-XXXXXX")
bus_pid=
cleanup() { [[ -n "$bus_pid" ]] && kill "$bus_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cat > "$work/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=$work/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
  <limit name="max_incoming_bytes">133169152</limit>
  <limit name="max_outgoing_bytes">133169152</limit>
  <limit name="max_message_size">33554432</limit>
  <limit name="max_completed_connections">2048</limit>
  <limit name="max_connections_per_user">256</limit>
  <limit name="max_replies_per_connection">128</limit>
  <limit name="reply_timeout">25000</limit>
</busconfig>
CONF
dbus-daemon --config-file="$work/bus.conf" --nofork --nopidfile 2>"$work/bus.log" &
bus_pid=$!
for _ in $(seq 100); do [[ -S "$work/bus" ]] && break; sleep 0.1; done
export DBUS_SESSION_BUS_ADDRESS="unix:path=$work/bus" DOCKET_BUS_PID=$bus_pid
export DOCKETD="$build/daemon/docketd"
if [[ $# -gt 0 ]]; then
  "$build/tests/bench/docket-abuse" --work "$work" "$@"
  exit
fi
echo "== Large calls"
"$build/tests/bench/docket-abuse" --work "$work/large" --connections 32 --in-flight 4 --size 8192
echo
echo "the bus daemon rejected $(grep -c 'full message queue' "$work/bus.log" || true) calls: destination has a full message queue"
: > "$work/bus.log"
echo
echo "== Many calls"
"$build/tests/bench/docket-abuse" --work "$work/many" --connections 32 --in-flight 64 --size 256
echo "the bus daemon rejected $(grep -c 'full message queue' "$work/bus.log" || true) calls: destination has a full message queue"
