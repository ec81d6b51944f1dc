#!/usr/bin/env bash
# CPU time (user + sys) of single compiles in two configured build trees, interleaved so both see
# the same load (docs/ci.md): each object's own command from `ninja -t commands`, ccache off.
# The objects' prerequisites (precompiled headers, moc output) must exist in both trees.
# Usage: scripts/compile-cost.sh TREE_A TREE_B OBJECT...   (OBJECT as ninja names it, e.g.
#        CMakeFiles/tst_cost_model.dir/tests/core/tst_cost_model.cpp.o)
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 TREE_A TREE_B OBJECT..." >&2; exit 2; }
a=$1 b=$2
shift 2
export CCACHE_DISABLE=1
for o in "$@"; do
    for t in "$a" "$b"; do
        cmd=$(ninja -C "$t" -t commands "$o" | tail -1)
        (cd "$t" && /usr/bin/time -f "%U %S" nice -n 10 bash -c "$cmd" 2>&1 >/dev/null | tail -1 |
            awk -v t="$t" -v o="$o" '{printf "%-40s %6.2f s  %s\n", t, $1 + $2, o}')
    done
done
