#!/bin/bash
# Sanitizer and fuzz step (issue 18), for .ci/run or by hand. One clang tree, build-san/, is both:
#   1. the fuzz tree: the libFuzzer harnesses of tests/fuzz/ (ASan + UBSan; every library is built
#      with -fsanitize=fuzzer-no-link so the harnesses see coverage), each seeded with
#      tests/fuzz/corpus/, the presets and the test files and run for --fuzz-seconds (default 30),
#      --jobs at a time; a crash, leak or UB report fails the step and leaves its reproducer in
#      build-san/ (crash-*, leak-*, timeout-*);
#   2. the sanitizer test tree: every test (core, CLI, offscreen GUI) under the same ASan + UBSan,
#      run by ctest; the first report fails the test (-fno-sanitize-recover=all, halt_on_error=1).
#      --subset builds and runs only the tests named in scripts/sanitizer-subset.txt (CI's default:
#      every reader and the GUI teardown in a fraction of the time; docs/ci.md has the choice).
# The fuzz part comes first: it needs only the core libraries (a quarter of the build), which the
# test part then reuses. -O1 -gline-tables-only and the precompiled headers
# keep the tree cheap to build (docs/ci.md has the figures).
# --deadline EPOCH (from .ci/run): a part that cannot finish by then on a cold cache (its estimate
# below) is skipped with a message, and a build still running at the deadline is stopped (what it
# compiled stays in ccache for the next run); neither fails the step. Sanitizer reports always do.
# --fuzz-runs N runs each harness for N executions instead of a time (the campaigns of docs/ci.md:
# --fuzz-only --fuzz-runs 1000000). ARCHSCAPE_FUZZ_TIMEOUT: seconds one input may take (default 10;
# libFuzzer counts wall time, so raise it on a loaded machine).
# Usage: scripts/run-sanitizers.sh [--tests-only | --fuzz-only] [--subset] [--fuzz-seconds N | --fuzz-runs N]
#                                  [--jobs N] [--deadline EPOCH]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
run_tests=1 run_fuzz=1 subset=0 seconds=30 runs=0 jobs=2 deadline=0
while [ $# -gt 0 ]; do
    case $1 in
    --tests-only) run_fuzz=0 ;;
    --fuzz-only) run_tests=0 ;;
    --subset) subset=1 ;;
    --fuzz-seconds) seconds=$2; shift ;;
    --fuzz-runs) runs=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    --deadline) deadline=$2; shift ;;
    *) echo "usage: $0 [--tests-only | --fuzz-only] [--subset] [--fuzz-seconds N | --fuzz-runs N] [--jobs N]" \
            "[--deadline EPOCH]" >&2; exit 2 ;;
    esac
    shift
done
# Cold-cache estimates on CI's 2 cores, in seconds (docs/ci.md): the fuzz part's build (measured
# ~3 min on two free cores; 10 min leaves room for a slower runner) and the test part (the rest of
# the tree and ctest), whole or --subset: CPU time measured in one full run, halved for 2 cores,
# plus a third for a slower runner.
est_fuzz_build=${ARCHSCAPE_EST_FUZZ_BUILD:-600}
est_tests=${ARCHSCAPE_EST_SAN_TESTS:-3000}
[ $subset = 1 ] && est_tests=${ARCHSCAPE_EST_SAN_SUBSET:-840}
tree=build-san
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# QtTest kills a test function after 5 min (its watchdog); under ASan tst_accuracy_measured's CNN
# training takes longer than that on a loaded machine: give each function ctest's --timeout.
export QTEST_FUNCTION_TIMEOUT=1800000
# File and line in the reports (llvm-14 is in scripts/packages.txt).
[ -x /usr/lib/llvm-14/bin/llvm-symbolizer ] && export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
start=$(date +%s)

left() { echo $(( deadline - $(date +%s) )); }
# fits NAME SECONDS: true when there is no deadline or the part fits before it; else says why not.
fits() {
    [ "$deadline" = 0 ] && return 0
    local l
    l=$(left)
    [ "$l" -ge "$2" ] && return 0
    echo "== SKIPPED $1: $(( l / 60 )) min left before the CI deadline, it needs ~$(( $2 / 60 )) min on a cold cache" \
         "(run scripts/run-sanitizers.sh by hand, or .ci/run with ARCHSCAPE_CI_SANITIZERS=1)"
    return 1
}
# bounded COMMAND...: the command, stopped (with its process group) at the deadline when there is
# one: exit 124 then.
bounded() {
    if [ "$deadline" = 0 ]; then
        "$@"
    else
        timeout "$(left)" "$@"
    fi
}

cmake -S . -B "$tree" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
    -DARCHSCAPE_BENCH=OFF -DARCHSCAPE_FUZZ=ON -DARCHSCAPE_TEST_TIMEOUT=1800 -DARCHSCAPE_FUZZ_SECONDS="$seconds" \
    "${launcher[@]}" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
failed=0

harnesses=$(cd tests/fuzz && ls fuzz_*.cpp | sed 's/\.cpp$//')
if [ $run_fuzz = 1 ] && fits "fuzz part" $(( est_fuzz_build + $(echo $harnesses | wc -w) * seconds / jobs )); then
    each="${seconds} s"
    [ "$runs" = 0 ] || each="$runs executions"
    echo "== fuzz: libFuzzer harnesses, $each each, $jobs at a time ($tree)"
    rc=0
    bounded nice -n 10 cmake --build "$tree" -j"$jobs" --target $harnesses || rc=$?
    if [ $rc = 124 ]; then
        echo "== SKIPPED fuzz part: its build was stopped at the CI deadline after $(( $(date +%s) - start )) s"
        run_tests=0
    elif [ $rc != 0 ]; then
        exit $rc
    else
        # Seed corpora per reader: tests/fuzz/corpus/, the presets and the test files.
        seed() { # harness, files...
            local dir=$tree/fuzz-corpus/$1
            shift
            mkdir -p "$dir"
            for f in "$@" tests/fuzz/corpus/"$(basename "$dir")"/*; do
                [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr / _)"
            done
            return 0
        }
        # Results, streams and checkpoints come from a small sharded run of a CLI that exists
        # (ARCHSCAPE_SEED_CLI, this tree's, else the README build's), projects from the presets.
        gen=$tree/fuzz-seeds
        rm -rf "$gen" && mkdir -p "$gen"
        cli=
        for c in ${ARCHSCAPE_SEED_CLI:-} $tree/archscape-cli build/archscape-cli; do [ -x "$c" ] && cli=$c && break; done
        if [ -n "$cli" ]; then
            for out in r.json r.jsonl; do
                "$cli" explore --space edge --workload alexnet --shard 1/400 --quiet --output "$gen/$out" \
                    --checkpoint "$gen/$out.ckpt" || echo "fuzz: seed run of $cli failed"
            done
        else
            echo "fuzz: no archscape-cli built, result/stream/checkpoint corpora start from nothing"
        fi
        python3 - "$gen" <<'PY'
import json, sys
def load(p): return json.load(open(p))
w, a = load("presets/workloads/alexnet.json"), load("presets/accelerators/eyeriss.json")
m = {"mode": "template", "dataflow": "rs"}
design = {"accelerator": a, "mapper": {"mode": "search", "dataflow": "ws", "budget": 300},
          "valid": True, "cycles": 1.5e8, "energy_pj": 9e10, "area_um2": 5e6}
project = {"format": "archscape/project", "version": 1, "name": "seed", "workload": w, "accelerator": a,
           "mapper": m, "explore": {"pe_rows": [4, 8], "pe_cols": [4, 8], "buffer_bytes": [65536],
                                    "dataflows": ["ws", "rs"]},
           "designs": [design], "current_design": 0, "selected_layer": 0}
json.dump(project, open(sys.argv[1] + "/project.json", "w"))
json.dump(dict(project, designs=[], current_design=-1), open(sys.argv[1] + "/project_small.json", "w"))
PY
        seed fuzz_project_json "$gen"/project*.json
        seed fuzz_workload_json presets/workloads/*.json tests/data/bad/*workload*.json tests/data/bad/duplicate_keys.json
        seed fuzz_accelerator_json presets/accelerators/*.json tests/data/bad/accelerator_errors.json
        seed fuzz_mapping_json tests/data/bad/mapping_errors.json
        seed fuzz_design_space_json presets/spaces/*.json
        seed fuzz_explore_result_json "$gen"/r.json
        seed fuzz_explore_stream "$gen"/r.jsonl
        seed fuzz_maestro tests/data/maestro/*.m tests/data/regress/*.m
        seed fuzz_timeloop_yaml $(find tests/data/timeloop -name "*.yaml" | head -100)
        seed fuzz_scalesim tests/data/scalesim/*
        seed fuzz_onnx
        seed fuzz_explore_checkpoint "$gen"/*.ckpt
        # System explorations: shards the CLI wrote, kept in tests/fuzz/corpus/ (small and stable).
        seed fuzz_system_explore_json
        seed fuzz_system_explore_stream
        # fuzz HARNESS: one campaign; its verdict and execution count on one line.
        fuzz() {
            local h=$1 log=$tree/$1.log
            local bound=-max_total_time="$seconds"
            [ "$runs" = 0 ] || bound=-runs="$runs"
            if (cd $tree && nice -n 10 ./"$h" "$bound" -seed=1 -print_final_stats=1 \
                -max_len=65536 -timeout="${ARCHSCAPE_FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 "fuzz-corpus/$h" >"$h.log" 2>&1); then
                echo "$h: ok, $(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}') executions"
            else
                echo "$h: FAILED (see $log):"; grep -E "ERROR|runtime error|Test unit written" "$log" | head -5
                return 1
            fi
        }
        for h in $harnesses; do
            while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || failed=1; done
            fuzz "$h" &
        done
        while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n || failed=1; done
        echo "== fuzz: done after $(( $(date +%s) - start )) s"
    fi
fi

# The subset: scripts/sanitizer-subset.txt, one test a line, '#' starts a comment. Its tests are
# build targets of their own name; archscape-cli is built with them (CLI tests and some core and
# GUI tests start it). Everything else: the whole tree and ctest's every test.
targets=() select=()
if [ $subset = 1 ]; then
    list=scripts/sanitizer-subset.txt n=0 names=()
    while IFS= read -r line || [ -n "$line" ]; do
        n=$((n + 1))
        t=$(echo "${line%%#*}" | xargs)
        [ -z "$t" ] && continue
        if ! compgen -G "tests/*/$t.cpp" >/dev/null; then
            echo "$list:$n: '$t' is not a test: expected the name of a tests/<area>/tst_*.cpp" >&2
            exit 2
        fi
        names+=("$t")
    done <"$list"
    [ ${#names[@]} -gt 0 ] || { echo "$list: no test named: expected one test name a line" >&2; exit 2; }
    targets=(--target "${names[@]}" archscape-cli)
    select=(-R "^($(IFS="|"; echo "${names[*]}"))$")
fi
if [ $run_tests = 1 ] && fits "sanitizer tests" "$est_tests"; then
    what="every test"
    [ $subset = 1 ] && what="the ${#names[@]} tests of scripts/sanitizer-subset.txt"
    echo "== sanitizers: $what with ASan + UBSan ($tree)"
    rc=0
    bounded nice -n 10 cmake --build "$tree" -j"$jobs" "${targets[@]}" || rc=$?
    if [ $rc = 124 ]; then
        echo "== SKIPPED sanitizer tests: the build was stopped at the CI deadline after $(( $(date +%s) - start )) s"
    elif [ $rc != 0 ]; then
        exit $rc
    else
        rc=0
        # Each test's own TIMEOUT is ARCHSCAPE_TEST_TIMEOUT (1800 s in this tree, set above).
        QT_QPA_PLATFORM=offscreen bounded ctest --test-dir "$tree" -LE fuzz "${select[@]}" -j"$jobs" --output-on-failure \
            --timeout 1800 2>&1 | tee "$tree/ctest.log" || rc=$?
        # A test that failed before a deadline cut still fails the step.
        if grep -qE "\*\*\*(Failed|Exception)|Subprocess aborted|SEGFAULT" "$tree/ctest.log"; then
            failed=1
        elif [ $rc = 124 ]; then
            echo "== CUT sanitizer tests at the CI deadline: $(grep -cE '^ *[0-9]+/[0-9]+ Test' "$tree/ctest.log") finished, all passed"
        elif [ $rc != 0 ]; then
            failed=1
        fi
        echo "== sanitizers: tests done after $(( $(date +%s) - start )) s"
    fi
fi
[ $failed = 0 ] || { echo "== run-sanitizers.sh: FAILED"; exit 1; }
echo "== run-sanitizers.sh: done in $(( $(date +%s) - start )) s"
