#!/usr/bin/env bash
# Fails when a C++ file of the checkout differs from what clang-format (.clang-format) makes of it.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=0
while IFS= read -r f; do
  if ! clang-format --style=file "$f" | cmp -s "$f" -; then
    echo "format: $f differs from clang-format (run: clang-format -i $f)"
    bad=1
  fi
done < <(git ls-files '*.cpp' '*.h')
[ $bad -eq 0 ] && echo "format: clean"
exit $bad
