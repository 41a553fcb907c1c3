#!/usr/bin/env bash
# make deb-check: installs the packages make deb built on this machine with
# apt-get, starts a system bus and docketd as systemd would (or with
# systemd when it runs), drives docketd through docketctl as a member of
# the group docket, then removes and purges the packages and checks that
# nothing is left but what must stay (the database, the key). Needs root.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
debs="$here/build-deb"
smoke=docket-smoke
fail() { echo "deb-check: FAILED: $*" >&2; exit 1; }
started_bus=0 daemon_pid= creds=
# Whatever happens, the machine is left as it was found.
cleanup() {
  [[ -n "$daemon_pid" ]] && kill "$daemon_pid" 2>/dev/null || true
  [[ -n "$creds" ]] && rm -rf "$creds"
  if dpkg -s docket-daemon >/dev/null 2>&1; then
    apt-get purge -y -q docket-daemon docketctl docket-client >/dev/null 2>&1 || true
  fi
  userdel "$smoke" 2>/dev/null || true
  rm -rf /var/lib/docket /etc/credstore/docket.key
  if [[ $started_bus -eq 1 ]]; then kill "$(cat /run/dbus/pid 2>/dev/null)" 2>/dev/null || true; rm -f /run/dbus/pid; fi
}
trap cleanup EXIT

if [[ $(id -u) -ne 0 ]]; then
  echo "deb-check: needs root (it installs packages and starts a system bus); skipped"
  exit 0
fi
ls "$debs"/docket-daemon_*.deb >/dev/null 2>&1 || bash "$here/tools/deb.sh"

export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q "$debs"/docket-daemon_*.deb "$debs"/docketctl_*.deb "$debs"/docket-client_*.deb >/dev/null
listed=$(dpkg -L docket-daemon docketctl docket-client)
[[ -x /usr/libexec/docketd && -x /usr/bin/docketctl && -x /usr/bin/docket ]] || fail "binaries not installed"
[[ -f /usr/share/docket/templates/statement-of-decision.ini ]] || fail "the default template was not installed"
getent group docket >/dev/null || fail "the group docket was not made"
[[ $(stat -c %a /etc/credstore/docket.key) == 600 ]] || fail "the key is not mode 0600"

# The system bus, and docketd on it as its unit would run it.
if [[ -d /run/systemd/system ]]; then
  systemctl start docketd
else
  if ! dbus-send --system --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.GetId >/dev/null 2>&1; then
    mkdir -p /run/dbus
    rm -f /run/dbus/system_bus_socket /run/dbus/pid
    dbus-daemon --system --fork
    started_bus=1
  fi
  install -d -o docket -g docket -m 0700 /var/lib/docket
  # systemd's credentials directory: the key, readable by docketd alone.
  creds=$(mktemp -d)
  chown docket:docket "$creds"
  install -o docket -m 0400 /etc/credstore/docket.key "$creds/docket.key"
  STATE_DIRECTORY=/var/lib/docket CREDENTIALS_DIRECTORY=$creds CONFIGURATION_DIRECTORY=/etc/docket \
    setpriv --reuid docket --regid docket --init-groups /usr/libexec/docketd &
  daemon_pid=$!
fi
for _ in $(seq 100); do
  dbus-send --system --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
    string:org.docket.Docket1 2>/dev/null | grep -q true && break
  sleep 0.1
done

# A person of the group, given a role by root (an admin of docketd).
getent passwd "$smoke" >/dev/null || useradd --system --no-create-home --shell /bin/sh "$smoke"
usermod -aG docket "$smoke"
# dbus-daemon keeps group memberships it has read: a reload reads them again
# (systemctl reload dbus on a server).
dbus-send --system --type=method_call --dest=org.freedesktop.DBus / org.freedesktop.DBus.ReloadConfig
sleep 0.5
docketctl user grant "$smoke" officer >/dev/null
as_smoke() { setpriv --reuid "$smoke" --regid "$smoke" --init-groups docketctl "$@"; }
as_smoke user whoami | grep -q officer || fail "whoami as $smoke"
as_smoke driver add --licence PH-DEB01 --kind dual --name "Package Smoke" >/dev/null
as_smoke driver list | grep -q PH-DEB01 || fail "the driver added is not listed"
docketctl key status >/dev/null || fail "Maintenance through the installed policy"
backup=$(mktemp -u /tmp/docket-deb-XXXXXX.backup)
docketctl backup "$backup" >/dev/null && rm -f "$backup"
# Someone outside the group is refused by the bus itself.
if setpriv --reuid nobody --regid nogroup --clear-groups docketctl user whoami 2>/tmp/deb-check.err; then
  fail "nobody, outside the group, was let through"
fi
grep -q "the bus refused the call" /tmp/deb-check.err || fail "nobody's refusal: $(cat /tmp/deb-check.err)"
echo "deb-check: installed and used: docketd answers the group, refuses the rest"

# Stop, remove, purge: only the records and the key stay.
if [[ -n "$daemon_pid" ]]; then kill "$daemon_pid"; wait "$daemon_pid" || true; daemon_pid=; else systemctl stop docketd; fi
apt-get purge -y -q docket-daemon docketctl docket-client >/dev/null
left=()
while read -r path; do
  [[ -z "$path" || -d "$path" ]] && continue
  [[ -e "$path" ]] && left+=("$path")
done <<< "$listed"
[[ ${#left[@]} -eq 0 ]] || fail "left after purge: ${left[*]}"
[[ ! -e /etc/docket ]] || fail "/etc/docket left after purge"
[[ -e /var/lib/docket/docket.db && -e /etc/credstore/docket.key ]] || fail "purge removed the database or the key"
echo "deb-check: purged; kept as documented: /var/lib/docket, /etc/credstore/docket.key"

echo "deb-check: passed"
