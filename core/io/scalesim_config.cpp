#include "io/scalesim_config.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "io/input_file.h"
#include "io/scalesim_text.h"
#include "model/systolic_memory.h"

namespace archscape::io {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

/// SRAM sizes above this (1 TB) are typing errors, and the byte count must fit 64 bits.
constexpr double kMaxSramKb = 1e9;

/// One `key = value` line, remembered with its line number for the diagnostics.
struct Entry {
    std::string value;
    std::size_t line = 0;
};

} // namespace

ParseResult<hardware::Accelerator> parseScaleSimConfig(std::string_view text) {
    if (auto bad = checkUtf8(text)) return ParseResult<hardware::Accelerator>::failure({*bad});
    std::vector<Diagnostic> errors;
    std::map<std::string, Entry> keys; // "section.key", lower case
    std::string section;
    const std::vector<std::string_view> lines = splitFields(text, '\n');
    for (std::size_t line_no = 1; line_no <= lines.size(); ++line_no) {
        const std::string_view line = lines[line_no - 1];
        if (line.empty() || line.front() == '#' || line.front() == ';') continue;
        if (line.front() == '[') {
            if (line.back() != ']') {
                errors.push_back({linePath(line_no), "expected a section header such as [architecture_presets]"});
                continue;
            }
            section = lower(trimmed(line.substr(1, line.size() - 2)));
            continue;
        }
        const std::size_t sep = line.find_first_of("=:");
        if (sep == std::string_view::npos) {
            errors.push_back(
                {linePath(line_no), "expected 'key = value' or 'key : value', got \"" + std::string(line) + "\""});
            continue;
        }
        if (section.empty()) {
            errors.push_back(
                {linePath(line_no),
                 "key outside a section (expected [general], [architecture_presets] or [run_presets] first)"});
            continue;
        }
        keys[section + "." + lower(trimmed(line.substr(0, sep)))] = {std::string(trimmed(line.substr(sep + 1))),
                                                                     line_no};
    }

    const auto find = [&](const char* key) -> const Entry* {
        auto it = keys.find(key);
        return it == keys.end() ? nullptr : &it->second;
    };
    // A malformed line probably held the key: do not report it missing as well.
    const bool syntax_errors = !errors.empty();
    const auto missing = [&](const char* display) {
        if (syntax_errors) return;
        errors.push_back({"", std::string("missing ") + display + " in [architecture_presets]"});
    };
    const auto positiveInt = [&](const char* key, const char* display) -> std::int64_t {
        const Entry* e = find(key);
        if (!e) {
            missing(display);
            return 0;
        }
        const auto v = parseInteger(e->value);
        if (!v || *v < 1 || *v > 1'000'000) {
            errors.push_back(
                {linePath(e->line), std::string(display) + ": expected a positive integer, got \"" + e->value + "\""});
            return 0;
        }
        return *v;
    };
    const auto sizeKb = [&](const char* key, const char* display) -> double {
        const Entry* e = find(key);
        if (!e) {
            missing(display);
            return 0;
        }
        const auto v = parseNumber(e->value);
        // Checked before the conversion to bytes: 1e30 kB would wrap to a negative capacity (issue 18).
        if (!v || *v <= 0 || *v > kMaxSramKb) {
            errors.push_back({linePath(e->line), std::string(display) +
                                                     ": expected a size in kB greater than 0 and at most 1e9 (1 TB), "
                                                     "got \"" +
                                                     e->value + "\""});
            return 0;
        }
        return *v;
    };

    hardware::Accelerator acc;
    acc.kind = hardware::AcceleratorKind::Systolic;
    acc.name = "scalesim";
    if (const Entry* e = find("general.run_name"); e && !e->value.empty()) acc.name = e->value;
    acc.description = "Imported from a SCALE-Sim v2 configuration";
    acc.pe.rows = int(positiveInt("architecture_presets.arrayheight", "ArrayHeight"));
    acc.pe.cols = int(positiveInt("architecture_presets.arraywidth", "ArrayWidth"));
    const double ifmap_kb = sizeKb("architecture_presets.ifmapsramszkb", "IfmapSramSzkB");
    const double filter_kb = sizeKb("architecture_presets.filtersramszkb", "FilterSramSzkB");
    const double ofmap_kb = sizeKb("architecture_presets.ofmapsramszkb", "OfmapSramSzkB");

    if (const Entry* e = find("architecture_presets.dataflow")) {
        if (auto df = hardware::parseSystolicDataflow(lower(e->value))) acc.systolic_dataflow = *df;
        else errors.push_back({linePath(e->line), "Dataflow: expected os, ws or is, got \"" + e->value + "\""});
    } else {
        missing("Dataflow");
    }
    for (const char* key : {"architecture_presets.ifmapoffset", "architecture_presets.filteroffset",
                            "architecture_presets.ofmapoffset"}) {
        if (const Entry* e = find(key); e && !parseInteger(e->value))
            errors.push_back({linePath(e->line), "expected an integer address offset, got \"" + e->value + "\""});
    }

    int word_bytes = 1;
    if (const Entry* e = find("architecture_presets.wordsize")) {
        const auto v = parseInteger(e->value);
        if (!v || (*v != 1 && *v != 2 && *v != 4))
            errors.push_back({linePath(e->line), "WordSize: expected 1, 2 or 4 (bytes), got \"" + e->value + "\""});
        else word_bytes = int(*v);
    }
    acc.precision = workload::PerOperand<Precision>::filled(word_bytes == 4 ? Precision::floating(32, 23)
                                                                            : Precision::integer(8 * word_bytes));

    bool user = false;
    if (const Entry* e = find("run_presets.interfacebandwidth")) {
        const std::string mode = lower(e->value);
        if (mode == "user") user = true;
        else if (mode != "calc")
            errors.push_back(
                {linePath(e->line), "InterfaceBandwidth: expected CALC or USER, got \"" + e->value + "\""});
    }
    double bandwidth = 0;
    if (const Entry* e = find("architecture_presets.bandwidth")) {
        const auto first = splitFields(e->value, ',').front();
        const auto v = parseNumber(first);
        if (!v || *v <= 0 || *v > 1e12)
            errors.push_back(
                {linePath(e->line),
                 "Bandwidth: expected a positive number of words per cycle (at most 1e12), got \"" + e->value + "\""});
        else bandwidth = *v;
    } else if (user && !syntax_errors) {
        errors.push_back({"", "missing Bandwidth in [architecture_presets] (required with InterfaceBandwidth: USER)"});
    }
    if (!errors.empty()) return ParseResult<hardware::Accelerator>::failure(std::move(errors));

    const int word_bits = 8 * word_bytes;
    hardware::MemoryLevel dram;
    dram.name = "DRAM";
    dram.kind = hardware::MemoryKind::Dram;
    dram.word_bits = word_bits;
    dram.bandwidth_words_per_cycle = user ? bandwidth : 0.0;
    dram.double_buffered = true;
    acc.levels.push_back(dram);
    const auto sram = [&](const char* name, double kb, workload::Operand o) {
        hardware::MemoryLevel l;
        l.name = name;
        l.kind = hardware::MemoryKind::Sram;
        l.capacity_bytes = std::int64_t(kb * 1024);
        l.word_bits = word_bits;
        l.double_buffered = true;
        l.keeps = workload::PerOperand<bool>::filled(false);
        l.keeps[o] = true;
        acc.levels.push_back(l);
    };
    sram("IfmapSRAM", ifmap_kb, workload::Operand::Input);
    sram("FilterSRAM", filter_kb, workload::Operand::Weight);
    sram("OfmapSRAM", ofmap_kb, workload::Operand::Output);
    return ParseResult<hardware::Accelerator>::success(std::move(acc));
}

std::string toScaleSimConfig(const hardware::Accelerator& acc) {
    const model::SystolicMemory mem = model::systolicMemory(acc);
    const auto kb = [&](workload::Operand o) {
        // SCALE-Sim words are bytes: one element per byte; no SRAM becomes the smallest useful one.
        const double bytes = std::max(100.0, mem.sram_elements[o]);
        std::string s = std::to_string(bytes / 1024.0);
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s;
    };
    const double bw = acc.numLevels() > 0 ? acc.levels[0].bandwidth_words_per_cycle : 0.0;
    const std::string bandwidth = std::to_string(bw > 0 ? static_cast<long long>(std::ceil(bw)) : 10);
    std::string cfg = "[general]\nrun_name = " + (acc.name.empty() ? std::string("archscape") : acc.name) + "\n\n";
    cfg += "[architecture_presets]\n";
    cfg += "ArrayHeight:    " + std::to_string(acc.pe.rows) + "\n";
    cfg += "ArrayWidth:     " + std::to_string(acc.pe.cols) + "\n";
    cfg += "IfmapSramSzkB:    " + kb(workload::Operand::Input) + "\n";
    cfg += "FilterSramSzkB:   " + kb(workload::Operand::Weight) + "\n";
    cfg += "OfmapSramSzkB:    " + kb(workload::Operand::Output) + "\n";
    cfg += "IfmapOffset:    0\nFilterOffset:   10000000\nOfmapOffset:    20000000\n";
    cfg += "Bandwidth : " + bandwidth + "," + bandwidth + "," + bandwidth + "\n";
    cfg += "Dataflow : " + std::string(hardware::toString(acc.systolic_dataflow)) + "\n";
    cfg += "MemoryBanks:   1\n\n[run_presets]\nInterfaceBandwidth: " + std::string(bw > 0 ? "USER" : "CALC") + "\n";
    return cfg;
}

ParseResult<hardware::Accelerator> readScaleSimConfig(const std::string& path) {
    const auto text = readInputFile(path);
    if (!text.ok()) return ParseResult<hardware::Accelerator>::failure(text.errors);
    return parseScaleSimConfig(*text.value);
}

} // namespace archscape::io
