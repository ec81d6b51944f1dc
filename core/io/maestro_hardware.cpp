#include "io/maestro_hardware.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <sstream>

#include "common/format_number.h"

namespace archscape::io {

ParseResult<MaestroHardware> parseMaestroHardware(const std::string& text) {
    MaestroHardware hw;
    std::vector<Diagnostic> errors;
    std::istringstream in(text);
    std::string raw;
    int line = 0;
    while (std::getline(in, raw)) {
        ++line;
        if (const auto c = raw.find("//"); c != std::string::npos) raw.resize(c);
        for (char& c : raw)
            if (c == ':' || c == ',' || c == ';' || c == '\t' || c == '\r') c = ' ';
        std::istringstream ls(raw);
        std::string key, value, extra;
        if (!(ls >> key)) continue;
        const std::string at = "line " + std::to_string(line);
        if (!(ls >> value)) {
            errors.push_back({at, key + ": expected a value"});
            continue;
        }
        if (ls >> extra) errors.push_back({at, key + ": unexpected '" + extra + "' after the value"});
        char* end = nullptr;
        const double v = std::strtod(value.c_str(), &end);
        if (end != value.c_str() + value.size() || !std::isfinite(v) || v <= 0) {
            errors.push_back({at, key + ": expected a positive number, got '" + value + "'"});
            continue;
        }
        const bool integral = v == std::floor(v) && v < 9e15;
        // Range-checked before the conversion: a double beyond int64 (1e40) has no integer value.
        const auto needInt = [&](double max) -> std::int64_t {
            if (integral && v <= max) return std::int64_t(v);
            errors.push_back(
                {at, key + ": expected an integer from 1 to " + formatNumber(max, "%.0f") + ", got '" + value + "'"});
            return 1;
        };
        if (key == "num_pes") hw.num_pes = needInt(1 << 24);
        else if (key == "l1_size_cstr") hw.l1_size = needInt(1e15);
        else if (key == "l2_size_cstr") hw.l2_size = needInt(1e15);
        else if (key == "noc_bw_cstr") hw.noc_bw = v;
        else if (key == "offchip_bw_cstr") hw.offchip_bw = v;
        else if (key == "NoC_NumHops") hw.noc_hops = needInt(1e6);
        else
            errors.push_back(
                {at, "unknown key '" + key +
                         "' (expected num_pes, l1_size_cstr, l2_size_cstr, noc_bw_cstr, offchip_bw_cstr or "
                         "NoC_NumHops)"});
    }
    if (!errors.empty()) return ParseResult<MaestroHardware>::failure(std::move(errors));
    return ParseResult<MaestroHardware>::success(hw);
}

hardware::Accelerator maestroAccelerator(const MaestroHardware& hw, std::int64_t cluster_size) {
    constexpr double kMacPj = 0.23; // MAESTRO's CSV: 0.00023 nJ per MAC-energy unit
    hardware::Accelerator acc;
    acc.name = "maestro";
    acc.description = "imported from a MAESTRO hardware file";
    // Clusters larger than the array leave zero clusters; the mapping conversion reports it.
    const std::int64_t cols = cluster_size > 0 ? std::min(cluster_size, hw.num_pes) : hw.num_pes;
    acc.pe.cols = int(std::max<std::int64_t>(1, cols));
    acc.pe.rows = int(std::max<std::int64_t>(1, hw.num_pes / acc.pe.cols));
    acc.precision = workload::PerOperand<Precision>::filled(Precision::integer(8));
    // Built in place: copying named levels through an initializer list trips GCC 12's -Wrestrict.
    acc.levels.resize(3);
    hardware::MemoryLevel& dram = acc.levels[0];
    hardware::MemoryLevel& l2 = acc.levels[1];
    hardware::MemoryLevel& l1 = acc.levels[2];
    dram.name = "DRAM";
    dram.kind = hardware::MemoryKind::Dram;
    dram.bandwidth_words_per_cycle = hw.offchip_bw;
    dram.double_buffered = true;
    dram.read_energy_pj = dram.write_energy_pj = 0.0;
    l2.name = "L2";
    l2.kind = hardware::MemoryKind::Sram;
    // 8-bit elements. Not given: MAESTRO's default INT_MAX (it only warns about sizes anyway).
    constexpr std::int64_t kMaestroUnbounded = 2147483647;
    l2.capacity_bytes = hw.l2_size > 0 ? hw.l2_size : kMaestroUnbounded;
    l2.double_buffered = true;
    l2.read_energy_pj = l2.write_energy_pj = 18.61 * kMacPj;
    l1.name = "L1";
    l1.kind = hardware::MemoryKind::RegFile;
    l1.capacity_bytes = hw.l1_size > 0 ? hw.l1_size : kMaestroUnbounded;
    l1.double_buffered = true;
    l1.per_pe = true;
    l1.read_energy_pj = l1.write_energy_pj = 1.68 * kMacPj;
    for (auto* l : {&dram, &l2, &l1}) l->leak_pj_per_cycle = 0.0;
    acc.noc.bandwidth_words_per_cycle = hw.noc_bw;
    acc.noc.hop_energy_pj = 0.0;
    acc.mac_energy_pj = kMacPj;
    return acc;
}

std::string writeMaestroHardware(const hardware::Accelerator& acc) {
    const int fan = acc.fanoutLevel();
    const double bits = acc.precision[workload::Operand::Input].bits;
    const auto elements = [&](const hardware::MemoryLevel& l) {
        return std::int64_t(double(l.capacity_bytes) * 8.0 / bits);
    };
    std::ostringstream o;
    o << "// written by Archscape from accelerator '" << acc.name << "'\n";
    o << "num_pes: " << acc.pe.count() << "\n";
    if (fan < acc.numLevels() && acc.levels.back().capacity_bytes > 0)
        o << "l1_size_cstr: " << elements(acc.levels.back()) << "\n";
    if (fan > 1 && acc.levels[fan - 1].capacity_bytes > 0)
        o << "l2_size_cstr: " << elements(acc.levels[fan - 1]) << "\n";
    if (acc.noc.bandwidth_words_per_cycle > 0) o << "noc_bw_cstr: " << acc.noc.bandwidth_words_per_cycle << "\n";
    if (!acc.levels.empty() && acc.levels[0].bandwidth_words_per_cycle > 0)
        o << "offchip_bw_cstr: " << acc.levels[0].bandwidth_words_per_cycle << "\n";
    return o.str();
}

} // namespace archscape::io
