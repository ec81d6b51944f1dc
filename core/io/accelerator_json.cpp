#include "io/accelerator_json.h"

#include <algorithm>

#include "io/json_file.h"
#include "io/precision_json.h"
#include "mapping/mapping.h"

namespace archscape::io {

namespace {

using archscape::Precision;
using hardware::Accelerator;
using hardware::MemoryKind;
using hardware::MemoryLevel;
using nlohmann::json;
using workload::Operand;
using workload::PerOperand;

constexpr std::string_view kOperands = "weight, input, output";

// "precision": one name for all operands, or {"weight": ..., "input": ..., "output": ...}.
void readPrecision(ObjectReader& top, PerOperand<Precision>& out) {
    PerOperand<std::optional<Precision>> read;
    readOperandPrecisions(top, "precision", workload::kAllOperands, true, read);
    for (Operand o : workload::kAllOperands)
        if (read[o]) out[o] = *read[o];
}

// "pe_array": rows, cols, lanes, and the PE mode with its base width.
void readPeArray(ObjectReader& r, hardware::PeArray& pe) {
    pe.rows = int(r.integer("rows", true, {1, 1 << 16}).value_or(1));
    pe.cols = int(r.integer("cols", true, {1, 1 << 16}).value_or(1));
    pe.macs_per_pe = int(r.integer("macs_per_pe", false, {1, 1 << 16}).value_or(1));
    pe.mode = r.enumeration("mode", false, hardware::parsePeMode, "fixed, precision_scalable, bit_serial")
                  .value_or(hardware::PeMode::Fixed);
    const auto base = r.integer("base_bits", false, {1, 64});
    if (!base) return;
    pe.base_bits = int(*base);
    if (pe.mode == hardware::PeMode::Fixed)
        r.error(r.at("base_bits"),
                "expected no base_bits for mode \"fixed\" (it applies to precision_scalable and "
                "bit_serial PEs)");
    // Bit Fusion's fusion unit is a square of 2-bit bricks fused in powers of two.
    else if (pe.mode == hardware::PeMode::PrecisionScalable &&
             (pe.base_bits < 2 || (pe.base_bits & (pe.base_bits - 1))))
        r.error(r.at("base_bits"),
                "expected a power of two from 2 to 64 for a precision_scalable PE (2-bit bricks "
                "fused in powers of two), got " +
                    std::to_string(pe.base_bits));
}

// "fpga": the device's resources and the tiled template on it (docs/formats.md, "FPGA designs").
void readFpga(ObjectReader& r, hardware::FpgaTemplate& t) {
    constexpr IntRange kCount{0, std::int64_t(1) << 40};
    if (const json* d = r.field("device", true)) {
        ObjectReader dr(*d, r.at("device"), r.errors());
        t.device.name = dr.string("name", false).value_or("");
        t.device.dsp_blocks = dr.integer("dsp_blocks", true, kCount).value_or(0);
        t.device.m20k_blocks = dr.integer("m20k_blocks", true, kCount).value_or(0);
        t.device.alms = dr.integer("alms", true, kCount).value_or(0);
        dr.finish();
    }
    t.pe = r.enumeration("pe", false, hardware::parseFpgaPe, "dsp, soft_logic").value_or(hardware::FpgaPe::Dsp);
    t.qvec = int(r.integer("qvec", true, {1, 1 << 16}).value_or(1));
    t.cvec = int(r.integer("cvec", true, {1, 1 << 16}).value_or(1));
    t.kvec = int(r.integer("kvec", true, {1, 1 << 16}).value_or(1));
    t.bram_compute =
        r.enumeration("bram_compute", false, hardware::parseBramCompute, "none, bramac_2sa, bramac_1da, m4bram")
            .value_or(hardware::BramCompute::None);
    t.filter_cache_bytes = r.integer("filter_cache_bytes", true, {1, std::int64_t(1) << 40}).value_or(0);
    t.stream_buffer_bytes = r.integer("stream_buffer_bytes", true, {1, std::int64_t(1) << 40}).value_or(0);
    t.control_alms = r.integer("control_alms", false, kCount).value_or(0);
    r.finish();
}

// "keeps": a list of operand names.
std::optional<PerOperand<bool>> readOperandSet(ObjectReader& r, std::string_view key) {
    const json* j = r.field(key);
    if (!j) return std::nullopt;
    const std::string ptr = r.at(key);
    if (!j->is_array()) {
        r.error(ptr, "expected an array of operand names (" + std::string(kOperands) + "), got " + describeValue(*j));
        return std::nullopt;
    }
    PerOperand<bool> set = PerOperand<bool>::filled(false);
    for (std::size_t k = 0; k < j->size(); ++k) {
        const std::string eptr = childPointer(ptr, k);
        const auto s = checkString((*j)[k], eptr, r.errors());
        if (!s) continue;
        const auto o = workload::parseOperand(*s);
        if (!o) r.error(eptr, "expected one of " + std::string(kOperands) + ", got \"" + *s + "\"");
        else if (set[*o]) r.error(eptr, "expected each operand once, got \"" + *s + "\" twice");
        else set[*o] = true;
    }
    return set;
}

json operandSet(const PerOperand<bool>& set) {
    json a = json::array();
    for (Operand o : workload::kAllOperands)
        if (set[o]) a.push_back(std::string(toString(o)));
    return a;
}

MemoryLevel readLevel(ObjectReader& r, int index) {
    MemoryLevel l;
    l.name = r.string("name", true).value_or("");
    if (r.has("name") && l.name.empty()) r.error(r.at("name"), "expected a non-empty name");
    const auto kind = r.enumeration("kind", true, hardware::parseMemoryKind, "dram, sram, regfile");
    l.kind = kind.value_or(MemoryKind::Sram);
    const bool dram = kind == MemoryKind::Dram;
    // DRAM may state its size (0 = unbounded); every on-chip level needs one for the fit checks.
    l.capacity_bytes = r.integer("capacity_bytes", kind && !dram, {dram ? 0 : 1, std::int64_t(1) << 50}).value_or(0);
    l.word_bits = int(r.integer("word_bits", false, {1, 1024}).value_or(8));
    l.block_words = int(r.integer("block_words", false, {1, 1 << 20}).value_or(1));
    l.bandwidth_words_per_cycle = r.number("bandwidth_words_per_cycle", false).value_or(0.0);
    l.double_buffered = r.boolean("double_buffered").value_or(false);
    l.per_pe = r.boolean("per_pe").value_or(false);
    if (const auto keeps = readOperandSet(r, "keeps")) l.keeps = *keeps;
    l.read_energy_pj = r.number("read_energy_pj", false);
    l.write_energy_pj = r.number("write_energy_pj", false);
    l.leak_pj_per_cycle = r.number("leak_pj_per_cycle", false);
    l.area_um2 = r.number("area_um2", false);
    if (index == 0) {
        if (kind && !dram)
            r.error(r.at("kind"),
                    "expected \"dram\" for the outermost level, got \"" + std::string(toString(*kind)) + "\"");
        if (l.per_pe) r.error(r.at("per_pe"), "expected false for the outermost level (DRAM is shared), got true");
        if (l.keeps != PerOperand<bool>::filled(true))
            r.error(r.at("keeps"), "expected the outermost level to keep weight, input and output");
    }
    r.finish();
    return l;
}

} // namespace

ParseResult<Accelerator> parseAccelerator(const json& j) {
    std::vector<Diagnostic> errors;
    Accelerator acc;
    ObjectReader top(j, "", errors);
    top.header("archscape/accelerator");
    acc.name = top.string("name", false).value_or("");
    acc.description = top.string("description", false).value_or("");
    acc.kind = top.enumeration("kind", false, hardware::parseAcceleratorKind,
                               "data-centric, systolic, fpga, butterfly, lookup")
                   .value_or(hardware::AcceleratorKind::DataCentric);
    const bool fpga = acc.kind == hardware::AcceleratorKind::Fpga;
    if (const json* f = top.field("fpga", fpga)) {
        ObjectReader r(*f, top.at("fpga"), errors);
        if (!fpga)
            r.error(top.at("fpga"), "expected no fpga block for kind \"" + std::string(toString(acc.kind)) + "\"");
        readFpga(r, acc.fpga);
        // The PE array an FPGA design shows (and streams memory-only operators through): its lanes.
        acc.pe.rows = acc.fpga.kvec;
        acc.pe.cols = acc.fpga.peCols();
    }
    if (const json* s = top.field("systolic")) {
        ObjectReader r(*s, top.at("systolic"), errors);
        acc.systolic_dataflow = r.enumeration("dataflow", true, hardware::parseSystolicDataflow, "os, ws, is")
                                    .value_or(hardware::SystolicDataflow::OutputStationary);
        r.finish();
    }
    acc.clock_mhz = top.number("clock_mhz", false, 0, true).value_or(acc.clock_mhz);
    acc.tech_node_nm = int(top.integer("technology_nm", false, {1, 1000}).value_or(acc.tech_node_nm));
    readPrecision(top, acc.precision);

    if (fpga && top.has("pe_array")) {
        top.allow({"pe_array"});
        top.error(top.at("pe_array"),
                  "expected no pe_array for kind \"fpga\" (its PE array is the fpga block's qvec x cvec x kvec lanes)");
    }
    if (const json* pe = fpga ? nullptr : top.field("pe_array", true)) {
        ObjectReader r(*pe, top.at("pe_array"), errors);
        readPeArray(r, acc.pe);
        r.finish();
    }
    if (const json* noc = top.field("noc")) {
        ObjectReader r(*noc, top.at("noc"), errors);
        acc.noc.bandwidth_words_per_cycle = r.number("bandwidth_words_per_cycle", false).value_or(0.0);
        acc.noc.multicast = r.boolean("multicast").value_or(true);
        acc.noc.reduction = r.boolean("reduction").value_or(true);
        r.finish();
    }
    if (const json* energy = top.field("energy")) {
        ObjectReader r(*energy, top.at("energy"), errors);
        acc.mac_energy_pj = r.number("mac_pj", false);
        acc.mac_area_um2 = r.number("mac_area_um2", false);
        acc.noc.hop_energy_pj = r.number("hop_pj", false);
        r.finish();
    }

    if (const json* levels = top.field("levels", true)) {
        if (!levels->is_array()) {
            top.error("/levels", "expected an array of memory levels, got " + describeValue(*levels));
        } else if (levels->empty() || levels->size() > std::size_t(mapping::kMaxLevels)) {
            top.error("/levels", "expected 1 to " + std::to_string(mapping::kMaxLevels) + " memory levels, got " +
                                     std::to_string(levels->size()));
        } else {
            if (fpga && levels->size() != 1)
                top.error("/levels",
                          "expected only the DRAM level for kind \"fpga\" (its buffers are M20K blocks "
                          "sized by fpga.filter_cache_bytes and fpga.stream_buffer_bytes), got " +
                              std::to_string(levels->size()) + " levels");
            int first_per_pe = -1;
            for (std::size_t i = 0; i < levels->size(); ++i) {
                ObjectReader r((*levels)[i], childPointer("/levels", i), errors);
                MemoryLevel l = readLevel(r, int(i));
                if (l.per_pe && first_per_pe < 0) first_per_pe = int(i);
                if (!l.per_pe && first_per_pe >= 0 && r.isObject())
                    r.error(r.at("per_pe"), "expected true: shared levels must come before every per-PE level (level " +
                                                std::to_string(first_per_pe) + " is per-PE)");
                for (const auto& other : acc.levels)
                    if (!l.name.empty() && other.name == l.name)
                        r.error(r.at("name"), "expected a unique level name, got \"" + l.name + "\" twice");
                acc.levels.push_back(std::move(l));
            }
        }
    }
    top.finish();
    if (!errors.empty()) return ParseResult<Accelerator>::failure(std::move(errors));
    return ParseResult<Accelerator>::success(std::move(acc));
}

ParseResult<Accelerator> readAcceleratorFile(const std::string& path) {
    auto file = readJsonFile(path);
    if (!file.ok()) return ParseResult<Accelerator>::failure(std::move(file.errors));
    return parseAccelerator(*file.value);
}

json toJson(const Accelerator& acc) {
    json j = {{"format", "archscape/accelerator"}, {"version", 1}, {"name", acc.name}};
    if (!acc.description.empty()) j["description"] = acc.description;
    j["kind"] = std::string(toString(acc.kind));
    if (acc.kind == hardware::AcceleratorKind::Systolic ||
        acc.systolic_dataflow != hardware::SystolicDataflow::OutputStationary)
        j["systolic"] = {{"dataflow", std::string(toString(acc.systolic_dataflow))}};
    if (acc.kind == hardware::AcceleratorKind::Fpga) {
        const hardware::FpgaTemplate& t = acc.fpga;
        json device = {
            {"dsp_blocks", t.device.dsp_blocks}, {"m20k_blocks", t.device.m20k_blocks}, {"alms", t.device.alms}};
        if (!t.device.name.empty()) device["name"] = t.device.name;
        j["fpga"] = {{"device", std::move(device)},
                     {"pe", std::string(toString(t.pe))},
                     {"qvec", t.qvec},
                     {"cvec", t.cvec},
                     {"kvec", t.kvec},
                     {"bram_compute", std::string(toString(t.bram_compute))},
                     {"filter_cache_bytes", t.filter_cache_bytes},
                     {"stream_buffer_bytes", t.stream_buffer_bytes},
                     {"control_alms", t.control_alms}};
    }
    j["clock_mhz"] = acc.clock_mhz;
    j["technology_nm"] = acc.tech_node_nm;
    PerOperand<std::optional<Precision>> p;
    for (Operand o : workload::kAllOperands) p[o] = acc.precision[o];
    j["precision"] = operandPrecisionsJson(workload::kAllOperands, p);
    if (acc.kind != hardware::AcceleratorKind::Fpga)
        j["pe_array"] = {{"rows", acc.pe.rows}, {"cols", acc.pe.cols}, {"macs_per_pe", acc.pe.macs_per_pe}};
    if (acc.pe.mode != hardware::PeMode::Fixed) {
        j["pe_array"]["mode"] = std::string(toString(acc.pe.mode));
        j["pe_array"]["base_bits"] = acc.pe.base_bits;
    }
    j["noc"] = {{"bandwidth_words_per_cycle", acc.noc.bandwidth_words_per_cycle},
                {"multicast", acc.noc.multicast},
                {"reduction", acc.noc.reduction}};
    json energy = json::object();
    if (acc.mac_energy_pj) energy["mac_pj"] = *acc.mac_energy_pj;
    if (acc.mac_area_um2) energy["mac_area_um2"] = *acc.mac_area_um2;
    if (acc.noc.hop_energy_pj) energy["hop_pj"] = *acc.noc.hop_energy_pj;
    if (!energy.empty()) j["energy"] = std::move(energy);

    json levels = json::array();
    for (const auto& l : acc.levels) {
        json o = {{"name", l.name}, {"kind", std::string(toString(l.kind))}};
        if (l.capacity_bytes != 0 || l.kind != MemoryKind::Dram) o["capacity_bytes"] = l.capacity_bytes;
        o["word_bits"] = l.word_bits;
        if (l.block_words != 1) o["block_words"] = l.block_words;
        o["bandwidth_words_per_cycle"] = l.bandwidth_words_per_cycle;
        o["double_buffered"] = l.double_buffered;
        if (l.per_pe) o["per_pe"] = true;
        if (l.keeps != PerOperand<bool>::filled(true)) o["keeps"] = operandSet(l.keeps);
        if (l.read_energy_pj) o["read_energy_pj"] = *l.read_energy_pj;
        if (l.write_energy_pj) o["write_energy_pj"] = *l.write_energy_pj;
        if (l.leak_pj_per_cycle) o["leak_pj_per_cycle"] = *l.leak_pj_per_cycle;
        if (l.area_um2) o["area_um2"] = *l.area_um2;
        levels.push_back(std::move(o));
    }
    j["levels"] = std::move(levels);
    return j;
}

} // namespace archscape::io
