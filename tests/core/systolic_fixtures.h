// Shared by the systolic tests: a SCALE-Sim-like accelerator and a GEMM layer.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "hardware/accelerator.h"
#include "workload/layer.h"

namespace archscape::test {

using hardware::SystolicDataflow;
using workload::Dim;
using workload::Operand;

/// A SCALE-Sim-like accelerator: DRAM + ifmap/filter/ofmap SRAMs of the given sizes (elements, int8).
inline hardware::Accelerator systolicAcc(int rows, int cols, SystolicDataflow df, std::int64_t ifmap_bytes = 65536,
                                         std::int64_t filter_bytes = 65536, std::int64_t ofmap_bytes = 65536,
                                         double dram_bw = 0) {
    hardware::Accelerator a;
    a.name = "test";
    a.kind = hardware::AcceleratorKind::Systolic;
    a.systolic_dataflow = df;
    a.pe.rows = rows;
    a.pe.cols = cols;
    hardware::MemoryLevel dram;
    dram.name = "DRAM";
    dram.kind = hardware::MemoryKind::Dram;
    dram.bandwidth_words_per_cycle = dram_bw;
    a.levels.push_back(dram);
    const auto sram = [&](const char* name, std::int64_t bytes, Operand o) {
        hardware::MemoryLevel l;
        l.name = name;
        l.capacity_bytes = bytes;
        l.double_buffered = true;
        l.keeps = workload::PerOperand<bool>::filled(false);
        l.keeps[o] = true;
        a.levels.push_back(l);
    };
    sram("Ifmap", ifmap_bytes, Operand::Input);
    sram("Filter", filter_bytes, Operand::Weight);
    sram("Ofmap", ofmap_bytes, Operand::Output);
    return a;
}

/// A GEMM layer M×K · K×N.
inline workload::Layer gemmLayer(std::int64_t m, std::int64_t n, std::int64_t k) {
    workload::Layer l;
    l.name = "gemm";
    l.type = workload::LayerType::Gemm;
    l.bounds[Dim::P] = m;
    l.bounds[Dim::K] = n;
    l.bounds[Dim::C] = k;
    return l;
}

/// Equal to a relative 1e-9 (SCALE-Sim averages per-fold floats).
inline bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); }

} // namespace archscape::test
