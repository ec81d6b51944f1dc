#!/bin/bash
# Sanitizer and fuzz step (issue 18), for .ci/run or by hand:
#   1. every test (core, CLI, offscreen GUI) built with AddressSanitizer + UndefinedBehaviorSanitizer
#      (g++, -fno-sanitize-recover: the first error fails the test) in build-asan/, run by ctest;
#   2. the libFuzzer harnesses of tests/fuzz/ (clang-14, ASan + UBSan) in build-fuzz/, each seeded
#      with the presets and test files and run for FUZZ_SECONDS (default 30); a crash, leak or UB
#      report fails the step and leaves its reproducer in build-fuzz/ (crash-*, leak-*).
# Usage: scripts/run-sanitizers.sh [--tests-only | --fuzz-only] [--fuzz-seconds N] [--jobs N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
run_tests=1 run_fuzz=1 seconds=30 jobs=2
while [ $# -gt 0 ]; do
    case $1 in
    --tests-only) run_fuzz=0 ;;
    --fuzz-only) run_tests=0 ;;
    --fuzz-seconds) seconds=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    *) echo "usage: $0 [--tests-only | --fuzz-only] [--fuzz-seconds N] [--jobs N]" >&2; exit 2 ;;
    esac
    shift
done
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
start=$(date +%s)

if [ $run_tests = 1 ]; then
    echo "== sanitizers: all tests with ASan + UBSan (build-asan)"
    # -O1 -g1 (less to build than -O2 -g; line numbers stay in the reports), no benchmarks.
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DARCHSCAPE_BENCH=OFF "${launcher[@]}" \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
        -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
        -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
    cmake --build build-asan -j"$jobs"
    QT_QPA_PLATFORM=offscreen ctest --test-dir build-asan -j"$jobs" --output-on-failure --timeout 1800
    echo "== sanitizers: tests passed after $(( $(date +%s) - start )) s"
fi

if [ $run_fuzz = 1 ]; then
    echo "== fuzz: libFuzzer harnesses, ${seconds} s each (build-fuzz)"
    cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
        -DARCHSCAPE_GUI=OFF -DARCHSCAPE_BENCH=OFF -DARCHSCAPE_FUZZ=ON -DARCHSCAPE_FUZZ_SECONDS="$seconds" \
        "${launcher[@]}" \
        -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer" \
        -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
    harnesses=$(cd tests/fuzz && ls fuzz_*.cpp | sed 's/\.cpp$//')
    cmake --build build-fuzz -j"$jobs" --target $harnesses
    # Seed corpora from the presets and the test files, per reader.
    seed() { # harness, files...
        local dir=build-fuzz/fuzz-corpus/$1
        shift
        mkdir -p "$dir"
        for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr / _)"; done
        return 0
    }
    # Results, streams and checkpoints come from a small sharded run of the CLI (the sanitizer build's
    # when it was made, else the README build's), projects from the presets.
    gen=build-fuzz/fuzz-seeds
    rm -rf "$gen" && mkdir -p "$gen"
    cli=
    for c in build-asan/archscape-cli build/archscape-cli; do [ -x "$c" ] && cli=$c && break; done
    if [ -n "$cli" ]; then
        for out in r.json r.jsonl; do
            "$cli" explore --space edge --workload alexnet --shard 1/400 --quiet --output "$gen/$out" \
                --checkpoint "$gen/$out.ckpt" || echo "fuzz: seed run of $cli failed"
        done
    else
        echo "fuzz: no archscape-cli built, result/stream/checkpoint corpora start empty"
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
    failed=0
    for h in $harnesses; do
        log=build-fuzz/$h.log
        if (cd build-fuzz && ./"$h" -max_total_time="$seconds" -seed=1 -print_final_stats=1 -max_len=65536 \
            -timeout=10 -rss_limit_mb=2048 "fuzz-corpus/$h" >"$h.log" 2>&1); then
            echo "$h: ok, $(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}') executions"
        else
            echo "$h: FAILED (see $log):"; grep -E "ERROR|runtime error|Test unit written" "$log" | head -5
            failed=1
        fi
    done
    [ $failed = 0 ] || exit 1
fi
echo "== run-sanitizers.sh: done in $(( $(date +%s) - start )) s"
