#!/usr/bin/env python3
"""Per precision, the best ResNet-34 latency of each compute-in-BRAM mode over the FPGA design space
(presets/spaces/fpga.json), and its speed-up over the best DSP-only design (docs/templates.md,
"Measured speed-ups"). Usage:

    archscape-cli explore --space fpga --workload resnet34 --quiet --output /tmp/fpga.json
    python3 scripts/fpga_speedups.py /tmp/fpga.json
"""
import json
import sys


def main(path):
    with open(path, encoding="utf-8") as f:
        result = json.load(f)
    best = {}  # (mode, precision) -> lowest latency in seconds
    feasible = infeasible = 0
    for p in result["points"]:
        if not p["feasible"]:
            infeasible += 1
            continue
        feasible += 1
        key = (p["design"]["fpga_bram_compute"], p["design"]["precision"])
        best[key] = min(best.get(key, float("inf")), p["latency_s"])
    modes = ["none", "bramac_2sa", "bramac_1da", "m4bram"]
    precisions = sorted({k[1] for k in best}, key=lambda s: int(s[3:]))
    print(f"{feasible} feasible, {infeasible} infeasible points")
    print("| precision | DSP-only best (ms) | " + " | ".join(f"{m} best (ms), speed-up" for m in modes[1:]) + " |")
    print("|---" * len(modes) + "|---|")
    for prec in precisions:
        base = best.get(("none", prec))
        cells = [prec, f"{base * 1e3:.3f}" if base else "–"]
        for m in modes[1:]:
            t = best.get((m, prec))
            cells.append(f"{t * 1e3:.3f}, {base / t:.2f}×" if t and base else "–")
        print("| " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
