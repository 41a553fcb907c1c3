#!/usr/bin/env bash
# make deb: Docket's Debian packages (unsigned), built from a copy of the
# tracked sources in build-deb/, so the source tree stays clean. The .deb
# files land in build-deb/; lintian's verdict is printed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/build-deb"

bash "$here/tools/install-deps.sh" debhelper dpkg-dev fakeroot lintian

rm -rf "$out"
mkdir -p "$out/docket"
(cd "$here" && git ls-files -z | xargs -0 cp --parents -t "$out/docket")
(cd "$out/docket" && dpkg-buildpackage -us -uc -b)
ls "$out"/*.deb
echo "lintian:"
lintian --fail-on error --suppress-tags bad-distribution-in-changes-file "$out"/*.changes
