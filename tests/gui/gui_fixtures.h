#pragma once
// Small designs built in code, so the GUI tests do not depend on the presets' contents.
#include "hardware/accelerator.h"
#include "workload/network.h"

namespace archscape::test {

/// conv (K64 C64 14x14, 3x3), a 1x1 conv (K128 C64 14x14) and a 2x2 max pool: two distinct MAC shapes.
inline workload::Network smallNetwork() {
    using workload::Dim;
    workload::Network net;
    net.name = "tiny-net";
    workload::Layer conv;
    conv.name = "conv3x3";
    conv.type = workload::LayerType::Conv;
    conv.bounds[Dim::K] = 64;
    conv.bounds[Dim::C] = 64;
    conv.bounds[Dim::P] = 14;
    conv.bounds[Dim::Q] = 14;
    conv.bounds[Dim::R] = 3;
    conv.bounds[Dim::S] = 3;
    conv.pad_h = conv.pad_w = 1;
    workload::Layer pointwise;
    pointwise.name = "conv1x1";
    pointwise.type = workload::LayerType::Conv;
    pointwise.bounds[Dim::K] = 128;
    pointwise.bounds[Dim::C] = 64;
    pointwise.bounds[Dim::P] = 14;
    pointwise.bounds[Dim::Q] = 14;
    workload::Layer pool;
    pool.name = "pool";
    pool.type = workload::LayerType::Pool;
    pool.bounds[Dim::G] = 128;
    pool.bounds[Dim::P] = 7;
    pool.bounds[Dim::Q] = 7;
    pool.bounds[Dim::R] = 2;
    pool.bounds[Dim::S] = 2;
    pool.stride_h = pool.stride_w = 2;
    net.layers = {conv, pointwise, pool};
    net.edges = {{0, 1}, {1, 2}};
    return net;
}

/// DRAM -> 64 KiB global buffer -> 512 B register file per PE, 8x8 PEs, int8. Every bandwidth
/// is unlimited, so MAC layers are compute-bound: cycles fall as PEs are added.
inline hardware::Accelerator smallAccelerator() {
    hardware::Accelerator acc;
    acc.name = "TestDesign-42";
    acc.pe.rows = 8;
    acc.pe.cols = 8;
    acc.clock_mhz = 500;
    acc.tech_node_nm = 45;
    hardware::MemoryLevel dram;
    dram.name = "DRAM";
    dram.kind = hardware::MemoryKind::Dram;
    hardware::MemoryLevel glb;
    glb.name = "GlobalBuffer";
    glb.kind = hardware::MemoryKind::Sram;
    glb.capacity_bytes = 64 << 10;
    hardware::MemoryLevel rf;
    rf.name = "RegisterFile";
    rf.kind = hardware::MemoryKind::RegFile;
    rf.capacity_bytes = 512;
    rf.per_pe = true;
    acc.levels = {dram, glb, rf};
    return acc;
}

} // namespace archscape::test
