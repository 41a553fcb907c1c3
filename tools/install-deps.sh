#!/usr/bin/env bash
# Installs the Debian 12 packages Docket needs to build, test and run the demo.
set -euo pipefail

packages=(
  gcc pkg-config meson ninja-build python3 gettext
  libglib2.0-dev libglib2.0-dev-bin libsodium-dev libsqlite3-dev
  libjson-glib-dev libcsv-dev libcairo2-dev libpango1.0-dev libgtk-4-dev libadwaita-1-dev
  dbus dbus-daemon sqlite3 xvfb xauth desktop-file-utils appstream
  openssh-client openssh-server scdoc tzdata
)
# Extra packages a target needs beyond these (make fuzz: clang).
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing missing Debian packages: ${missing[*]}"
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
