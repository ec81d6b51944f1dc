#include "search/shape_key.h"

#include <bit>
#include <cstring>

#include "search/rng.h"

namespace archscape::search {

namespace {
struct Hasher {
    std::uint64_t h = 0x243F6A8885A308D3ull;
    void add(std::uint64_t v) { h = mixSeed(h, v); }
    void add(double v) { add(std::bit_cast<std::uint64_t>(v)); }
    void add(const std::optional<double>& v) {
        add(std::uint64_t(v.has_value()));
        if (v) add(*v);
    }
    void add(const Precision& p) {
        add(std::uint64_t(p.is_float));
        add(std::uint64_t(p.bits));
        add(std::uint64_t(p.mantissa_bits));
    }
};
} // namespace

std::uint64_t shapeHash(const workload::Layer& l) {
    Hasher h;
    h.add(std::uint64_t(l.type));
    for (auto b : l.bounds) h.add(std::uint64_t(b));
    for (int v : {l.stride_h, l.stride_w, l.dilation_h, l.dilation_w, l.pad_h, l.pad_w, l.elementwise_inputs})
        h.add(std::uint64_t(std::int64_t(v)));
    if (l.type == workload::LayerType::ProductQuantized)
        h.add(std::uint64_t(l.pq_sub_vectors) << 32 | std::uint64_t(l.pq_codebook));
    // Only when set, so that hashes (and the mapper's per-shape seeds) of layers without their own
    // precision are what they were before per-layer precision existed.
    if (l.hasPrecision()) {
        const auto unset = Precision::integer(0);
        h.add(l.weight_precision.value_or(unset));
        h.add(l.input_precision.value_or(unset));
    }
    return h.h;
}

std::uint64_t mappingRelevantHash(const hardware::Accelerator& a) {
    Hasher h;
    h.add(std::uint64_t(a.kind));
    h.add(std::uint64_t(a.systolic_dataflow));
    h.add(std::uint64_t(a.levels.size()));
    for (const auto& l : a.levels) {
        h.add(std::uint64_t(l.kind));
        h.add(std::uint64_t(l.capacity_bytes));
        h.add(std::uint64_t(l.word_bits));
        h.add(std::uint64_t(l.block_words));
        h.add(l.bandwidth_words_per_cycle);
        h.add(std::uint64_t(l.double_buffered) | std::uint64_t(l.per_pe) << 1 |
              std::uint64_t(l.keeps[workload::Operand::Weight]) << 2 |
              std::uint64_t(l.keeps[workload::Operand::Input]) << 3 |
              std::uint64_t(l.keeps[workload::Operand::Output]) << 4);
        h.add(l.read_energy_pj);
        h.add(l.write_energy_pj);
        h.add(l.leak_pj_per_cycle);
        h.add(l.area_um2);
    }
    h.add(std::uint64_t(a.pe.rows));
    h.add(std::uint64_t(a.pe.cols));
    h.add(std::uint64_t(a.pe.macs_per_pe));
    if (a.pe.mode != hardware::PeMode::Fixed) h.add(std::uint64_t(a.pe.mode) | std::uint64_t(a.pe.base_bits) << 8);
    h.add(a.noc.bandwidth_words_per_cycle);
    h.add(std::uint64_t(a.noc.multicast) | std::uint64_t(a.noc.reduction) << 1);
    h.add(a.noc.hop_energy_pj);
    h.add(std::uint64_t(a.tech_node_nm));
    for (const auto& p : a.precision) h.add(p);
    h.add(a.mac_energy_pj);
    h.add(a.mac_area_um2);
    if (a.kind == hardware::AcceleratorKind::Fpga) {
        const hardware::FpgaTemplate& f = a.fpga;
        for (std::int64_t x :
             {f.device.dsp_blocks, f.device.m20k_blocks, f.device.alms, std::int64_t(f.pe), std::int64_t(f.qvec),
              std::int64_t(f.cvec), std::int64_t(f.kvec), std::int64_t(f.bram_compute), f.filter_cache_bytes,
              f.stream_buffer_bytes, f.control_alms})
            h.add(std::uint64_t(x));
    }
    return h.h;
}

} // namespace archscape::search
