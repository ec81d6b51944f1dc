#!/usr/bin/env bash
# Installs the Debian packages Archscape needs (those missing only), then configures and builds.
# Usage: scripts/setup.sh [build-dir]   (root, or a user with sudo)
# ARCHSCAPE_CMAKE_ARGS adds CMake options (CI: -DARCHSCAPE_BENCH=OFF).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-"$root/build"}

missing=()
while read -r pkg; do
  [ -z "$pkg" ] || [ "${pkg#\#}" != "$pkg" ] && continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done < "$here/packages.txt"

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
[ -f "$build/CMakeCache.txt" ] && generator=()
# ccache (when installed) lets several build folders of one checkout share compiled objects.
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
read -r -a extra <<<"${ARCHSCAPE_CMAKE_ARGS:-}"
cmake -S "$root" -B "$build" "${generator[@]}" "${launcher[@]}" -DCMAKE_BUILD_TYPE=Release "${extra[@]}"
cmake --build "$build" -j"$(nproc)"
