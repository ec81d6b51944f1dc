#!/usr/bin/env bash
# GUI tests that need a real X display (xcb, not offscreen), run under Xvfb: tst_live_editing's drag of
# a slider during Explore (issue 15: every view within 100 ms). With --screenshots, also runs
# tst_systolic_views on the display and saves its views of the eyeriss, tpu and quantized presets
# (inspector_*.png, canvas_*.png, roofline_*.png) into docs/screenshots/.
# Usage: scripts/run-xvfb-tests.sh [--screenshots] [build-dir]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shots=0
if [ "${1:-}" = "--screenshots" ]; then shots=1; shift; fi
build=${1:-$root/build}
find_test() {
  local bin
  bin=$(find "$build" -name "$1" -type f -perm -u+x | head -1)
  [ -n "$bin" ] || { echo "run-xvfb-tests: $1 not built in $build" >&2; exit 1; }
  echo "$bin"
}
on_x() { xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb "$@"; }
on_x "$(find_test tst_live_editing)" sliderDragDuringExploreOnX11
if [ $shots -eq 1 ]; then
  on_x env ARCHSCAPE_SCREENSHOT_DIR="$root/docs/screenshots" "$(find_test tst_systolic_views)"
fi
