#!/usr/bin/env bash
# Runs inside the demo's private bus: see demo.sh.
set -euo pipefail
build=$1
state=$2
export DOCKET_BUS=session
# The build's translations (LANGUAGE=cy make demo), before any install.
export DOCKET_LOCALEDIR=$build/po
# $DOCKET_AS is for the client: the demo sets itself up as the developer.
as_user=${DOCKET_AS:-}
unset DOCKET_AS
ctl() { echo; echo "\$ docketctl $*"; "$build/client/docketctl/docketctl" "$@"; }
# The demo moves docketd's clock back a year for the first audit run.
export DOCKET_CLOCK_FILE=$state/clock

"$build/daemon/docketd" --session-bus --state-directory "$state" \
  --config "$(dirname "$0")/../data/docketd.conf.example" &
daemon=$!
trap 'kill $daemon 2>/dev/null; wait $daemon 2>/dev/null || true' EXIT
gdbus wait --session --timeout 30 org.docket.Docket1

"$build/tests/docket-demo-data" --drivers "${DOCKET_DEMO_DRIVERS:-1100}" --populate

# You, the developer, hold every role on this private bus; stored roles as
# well let you name yourself decision-maker or board member of a hearing.
for role in officer decision-maker board-member auditor; do
  "$build/client/docketctl/docketctl" user grant "$(id -un)" "$role" > /dev/null
done
# ...and your licensing-hearing training, without which no one sits.
"$build/client/docketctl/docketctl" user train "$(id -un)" --completed "$(date -d '2 years ago' +%F)" \
  --course "Licensing hearings: induction" > /dev/null

# The client ($DOCKET_DEMO_CLIENT lets tests run the screenshot client,
# the same widgets, which says who it connected as and ends by itself).
read -r -a client <<< "${DOCKET_DEMO_CLIENT:-$build/client/app/docket}"
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && -x "${client[0]}" ]]; then
  if [[ -n "${DOCKET_DEMO_PANEL:-}" ]]; then
    # make demo-panel: the decision-maker's and a board member's windows
    # side by side, each as its own user.
    DOCKET_AS=commissioner "${client[@]}" &
    chair=$!
    DOCKET_AS=member1 "${client[@]}" &
    member=$!
    wait $chair $member || true
  elif [[ -n "$as_user" ]]; then
    DOCKET_AS=$as_user "${client[@]}"
  else
    "${client[@]}"
  fi
  exit 0
fi

echo
echo "No display (or no GTK client yet): a short docketctl walkthrough on the demo data."
ctl user whoami
ctl driver list --status revoked --limit 5
ctl driver search "khan"
first=$("$build/client/docketctl/docketctl" --json driver list --status suspended --limit 1 |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["drivers"][0]["licence"])')
ctl driver show "$first"
ctl driver show "$first" --sensitive
ctl driver search --ni-number "$("$build/client/docketctl/docketctl" --json driver show "$first" --sensitive 2>/dev/null |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["ni-number"])')"
ctl driver add --licence PH-99999 --kind private-hire --name "Demo Applicant" --expires 2016-02-30 || true
ctl hearing list --from "$(date -d '-6 weeks' +%F)"
last=$("$build/client/docketctl/docketctl" --json hearing list --to "$(date +%F)" |
       python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["id"])')
ctl hearing show "$last"
ctl stats --from "$(date -d '-11 months' +%Y-%m)" --to "$(date +%Y-%m)" --by month
ctl nr3s list
ctl audit runs
ctl flags list --status open --limit 10
ctl training due --state suspended --limit 5
ctl dbs due --limit 5
ctl stats --compliance --by run --from "$(date -d '-13 months' +%Y-%m)"
ctl audit log --limit 5
ctl audit verify
echo
echo "The daemon stops now. To keep it running, run docketd yourself:"
conf=$(cd "$(dirname "$0")/../data" && pwd)/docketd.conf.example
echo "  dbus-run-session -- bash -c '$build/daemon/docketd --session-bus --state-directory $state --config $conf & sleep 1; DOCKET_BUS=session bash'"
echo "and act as the example's users with --as, e.g. 'docketctl --as commissioner hearing list'."
