#!/usr/bin/env bash
# Quick start 1: set up, build and open the GUI on the default preset (ResNet-50 on Eyeriss).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(dirname "$here")/build
"$here/setup.sh" "$build"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run-gui: no display; starting under xvfb-run (use a desktop session to see the window)"
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "$build/archscape" "$@"
fi
exec "$build/archscape" "$@"
