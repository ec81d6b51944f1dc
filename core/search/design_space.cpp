#include "search/design_space.h"

#include <bit>
#include <limits>

#include "search/rng.h"
#include "search/shape_key.h"

namespace archscape::search {

namespace {
constexpr std::string_view kParamNames[] = {"pe_rows",
                                            "pe_cols",
                                            "macs_per_pe",
                                            "capacity_bytes",
                                            "bandwidth_words_per_cycle",
                                            "noc_bandwidth_words_per_cycle",
                                            "clock_mhz",
                                            "technology_nm",
                                            "dataflow",
                                            "precision",
                                            "quantization",
                                            "pe_mode",
                                            "fpga_qvec",
                                            "fpga_cvec",
                                            "fpga_kvec",
                                            "fpga_filter_cache_bytes",
                                            "fpga_bram_compute",
                                            "attention_reuse"};
} // namespace

std::string_view toString(Param p) { return kParamNames[static_cast<int>(p)]; }

std::int64_t DesignSpace::size() const {
    std::int64_t n = 1;
    for (const auto& a : axes) {
        const auto k = static_cast<std::int64_t>(a.size());
        if (k == 0) return 0;
        if (n > std::numeric_limits<std::int64_t>::max() / k) return std::numeric_limits<std::int64_t>::max();
        n *= k;
    }
    return n;
}

std::vector<std::uint16_t> DesignSpace::choiceOf(std::int64_t index) const {
    std::vector<std::uint16_t> c(axes.size());
    for (std::size_t i = axes.size(); i-- > 0;) {
        const auto k = static_cast<std::int64_t>(axes[i].size());
        c[i] = static_cast<std::uint16_t>(index % k);
        index /= k;
    }
    return c;
}

DesignPoint DesignSpace::pointAt(std::int64_t index) const {
    DesignPoint p;
    p.index = index;
    p.choice = choiceOf(index);
    p.accelerator = base;
    p.dataflow = mapper.dataflow;
    auto& acc = p.accelerator;
    for (std::size_t i = 0; i < axes.size(); ++i) {
        const Axis& a = axes[i];
        const int c = p.choice[i];
        const double v = a.values.empty() ? 0.0 : a.values[c];
        switch (a.param) {
        case Param::PeRows: acc.pe.rows = static_cast<int>(v); break;
        case Param::PeCols: acc.pe.cols = static_cast<int>(v); break;
        case Param::MacsPerPe: acc.pe.macs_per_pe = static_cast<int>(v); break;
        case Param::LevelCapacity: acc.levels[a.level].capacity_bytes = static_cast<std::int64_t>(v); break;
        case Param::LevelBandwidth: acc.levels[a.level].bandwidth_words_per_cycle = v; break;
        case Param::NocBandwidth: acc.noc.bandwidth_words_per_cycle = v; break;
        case Param::ClockMhz: acc.clock_mhz = v; break;
        case Param::TechnologyNm: acc.tech_node_nm = static_cast<int>(v); break;
        case Param::Dataflow: p.dataflow = a.dataflows[c]; break;
        case Param::Precision:
            acc.precision = workload::PerOperand<Precision>::filled(a.precisions[c]);
            p.precision = c;
            break;
        case Param::Quantization: p.quantization = c; break;
        case Param::PeMode: acc.pe.mode = static_cast<hardware::PeMode>(static_cast<int>(v)); break;
        case Param::FpgaQvec: acc.fpga.qvec = static_cast<int>(v); break;
        case Param::FpgaCvec: acc.fpga.cvec = static_cast<int>(v); break;
        case Param::FpgaKvec: acc.fpga.kvec = static_cast<int>(v); break;
        case Param::FpgaFilterCache: acc.fpga.filter_cache_bytes = static_cast<std::int64_t>(v); break;
        case Param::FpgaBramCompute:
            acc.fpga.bram_compute = static_cast<hardware::BramCompute>(static_cast<int>(v));
            break;
        case Param::AttentionReuse: p.attention_reuse = c; break;
        }
    }
    // An FPGA design shows its PE lanes as its array (as io::parseAccelerator sets them).
    if (acc.kind == hardware::AcceleratorKind::Fpga) {
        acc.pe.rows = acc.fpga.kvec;
        acc.pe.cols = acc.fpga.peCols();
    }
    acc.name = base.name + "#" + std::to_string(index);
    return p;
}

std::uint64_t DesignSpace::fingerprint() const {
    std::uint64_t h = mixSeed(mappingRelevantHash(base), std::bit_cast<std::uint64_t>(base.clock_mhz));
    for (const auto& a : axes) {
        h = mixSeed(h, static_cast<std::uint64_t>(a.param) * 131 + static_cast<std::uint64_t>(a.level + 1));
        for (const auto& l : a.labels)
            for (char ch : l) h = mixSeed(h, static_cast<unsigned char>(ch));
        h = mixSeed(h, a.size());
        // A reuse value's label ("5") does not say the step count or the maps: hash the policy itself.
        for (const auto& r : a.reuse_policies) {
            h = mixSeed(h, static_cast<std::uint64_t>(r.steps) * 4 + static_cast<std::uint64_t>(r.maps));
            for (bool b : r.reused) h = mixSeed(h, b);
        }
    }
    const auto addOpt = [&](const auto& o) {
        h = mixSeed(h, o.has_value());
        if (o) h = mixSeed(h, std::bit_cast<std::uint64_t>(static_cast<double>(*o)));
    };
    addOpt(constraints.max_area_mm2);
    addOpt(constraints.max_power_w);
    addOpt(constraints.max_latency_ms);
    addOpt(constraints.min_pe_count);
    addOpt(constraints.max_pe_count);
    for (const auto& m : constraints.max_fpga_percent) addOpt(m);
    h = mixSeed(h, static_cast<std::uint64_t>(mapper.strategy));
    h = mixSeed(h, static_cast<std::uint64_t>(mapper.budget));
    h = mixSeed(h, std::bit_cast<std::uint64_t>(mapper.objective.latency_weight));
    h = mixSeed(h, std::bit_cast<std::uint64_t>(mapper.objective.energy_weight));
    h = mixSeed(h, mapper.dataflow ? static_cast<std::uint64_t>(*mapper.dataflow) + 1 : 0);
    for (char ch : accuracy_spec) h = mixSeed(h, static_cast<unsigned char>(ch));
    return h;
}

int DesignSpace::axisOf(Param param) const {
    for (std::size_t i = 0; i < axes.size(); ++i)
        if (axes[i].param == param) return static_cast<int>(i);
    return -1;
}

} // namespace archscape::search
