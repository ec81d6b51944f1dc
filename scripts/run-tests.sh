#!/usr/bin/env bash
# Quick start 2: set up, build and run every test (offscreen Qt, as CI does).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(dirname "$here")/build
"$here/setup.sh" "$build"
"$here/check-format.sh"
export QT_QPA_PLATFORM=offscreen
cd "$build"
ctest --output-on-failure -j"$(nproc)" --timeout 900
