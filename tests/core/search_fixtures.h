#pragma once
// Accelerators and layers shared by the search tests and benchmarks (built in code so the tests
// do not depend on preset files).
#include "hardware/accelerator.h"
#include "workload/layer.h"

namespace archscape::test {

/// DRAM -> global buffer -> per-PE register file, Eyeriss-like proportions.
inline hardware::Accelerator edgeAccelerator(int rows = 16, int cols = 16, std::int64_t glb_bytes = 128 * 1024,
                                             std::int64_t rf_bytes = 512) {
    hardware::Accelerator a;
    a.name = "edge-test";
    a.pe = {rows, cols, 1};
    hardware::MemoryLevel dram;
    dram.name = "DRAM";
    dram.kind = hardware::MemoryKind::Dram;
    dram.bandwidth_words_per_cycle = 16;
    dram.double_buffered = true;
    hardware::MemoryLevel glb;
    glb.name = "GlobalBuffer";
    glb.capacity_bytes = glb_bytes;
    glb.bandwidth_words_per_cycle = 64;
    glb.double_buffered = true;
    hardware::MemoryLevel rf;
    rf.name = "RegisterFile";
    rf.kind = hardware::MemoryKind::RegFile;
    rf.capacity_bytes = rf_bytes;
    rf.per_pe = true;
    a.levels = {dram, glb, rf};
    return a;
}

/// A convolution with the given bounds (N = G = 1).
inline workload::Layer conv(const char* name, std::int64_t K, std::int64_t C, std::int64_t P, std::int64_t Q,
                            std::int64_t R, std::int64_t S, int stride = 1) {
    workload::Layer l;
    l.name = name;
    l.bounds[workload::Dim::K] = K;
    l.bounds[workload::Dim::C] = C;
    l.bounds[workload::Dim::P] = P;
    l.bounds[workload::Dim::Q] = Q;
    l.bounds[workload::Dim::R] = R;
    l.bounds[workload::Dim::S] = S;
    l.stride_h = l.stride_w = stride;
    return l;
}

} // namespace archscape::test
