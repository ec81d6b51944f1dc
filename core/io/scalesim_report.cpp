#include "io/scalesim_report.h"

#include <charconv>
#include <cmath>
#include <filesystem>

#include "common/atomic_file.h"

namespace archscape::io {

using workload::Operand;

namespace {

/// Integers as Python prints an int.
std::string integer(double v) { return std::to_string(static_cast<long long>(std::llround(v))); }

/// Floats as Python's repr: shortest round-trip digits, always with a decimal point.
std::string real(double v) {
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    std::string s(buf, ec == std::errc{} ? end : buf);
    if (s.find_first_of(".en") == std::string::npos) s += ".0";
    return s;
}

std::string row(std::size_t id, std::initializer_list<std::string> fields) {
    std::string s = std::to_string(id);
    for (const auto& f : fields) s += ", " + f;
    return s + ",\n";
}

void appendGroups(std::vector<model::SystolicReport>& out, const model::SystolicReport& r) {
    for (std::int64_t g = 0; g < r.groups; ++g) out.push_back(r);
}

} // namespace

model::SystolicOptions scaleSimWorkflowOptions(const hardware::Accelerator& acc, bool exact, bool fast) {
    const bool user = acc.numLevels() > 0 && acc.levels[0].bandwidth_words_per_cycle > 0;
    return {.exact_memory = exact || (user && !fast)};
}

std::vector<model::SystolicReport> scaleSimReports(const ScaleSimTopology& topology, const hardware::Accelerator& acc,
                                                   const model::SystolicOptions& options) {
    std::vector<model::SystolicReport> out;
    for (const auto& l : topology.layers) appendGroups(out, model::systolicReport(l.problem(), acc, options));
    return out;
}

std::vector<model::SystolicReport> scaleSimReports(const workload::Network& net, const hardware::Accelerator& acc,
                                                   const model::SystolicOptions& options) {
    std::vector<model::SystolicReport> out;
    for (const auto& l : net.layers)
        if (workload::hasMacs(l.type))
            appendGroups(out, model::systolicReport(model::lowerToSystolic(l), acc, options));
    return out;
}

std::string computeReportCsv(const std::vector<model::SystolicReport>& rows) {
    std::string s = "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        s += row(i, {integer(r.total_cycles), integer(r.stall_cycles), real(r.overall_util_pct),
                     real(r.mapping_efficiency_pct), real(r.compute_util_pct)});
    }
    return s;
}

std::string bandwidthReportCsv(const std::vector<model::SystolicReport>& rows) {
    std::string s =
        "LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, "
        "Avg IFMAP DRAM BW, Avg FILTER DRAM BW, Avg OFMAP DRAM BW,\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        s += row(i,
                 {real(r.averageSramBandwidth(Operand::Input)), real(r.averageSramBandwidth(Operand::Weight)),
                  real(r.averageSramBandwidth(Operand::Output)), real(r.dram[Operand::Input].averageBandwidth()),
                  real(r.dram[Operand::Weight].averageBandwidth()), real(r.dram[Operand::Output].averageBandwidth())});
    }
    return s;
}

std::string detailedAccessReportCsv(const std::vector<model::SystolicReport>& rows) {
    std::string s =
        "LayerID, "
        "SRAM IFMAP Start Cycle, SRAM IFMAP Stop Cycle, SRAM IFMAP Reads, "
        "SRAM Filter Start Cycle, SRAM Filter Stop Cycle, SRAM Filter Reads, "
        "SRAM OFMAP Start Cycle, SRAM OFMAP Stop Cycle, SRAM OFMAP Writes, "
        "DRAM IFMAP Start Cycle, DRAM IFMAP Stop Cycle, DRAM IFMAP Reads, "
        "DRAM Filter Start Cycle, DRAM Filter Stop Cycle, DRAM Filter Reads, "
        "DRAM OFMAP Start Cycle, DRAM OFMAP Stop Cycle, DRAM OFMAP Writes,\n";
    const auto window = [](const model::AccessWindow& w) {
        return integer(w.start_cycle) + ", " + integer(w.stop_cycle) + ", " + integer(w.count);
    };
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        s += row(i, {window(r.sram[Operand::Input]), window(r.sram[Operand::Weight]), window(r.sram[Operand::Output]),
                     window(r.dram[Operand::Input]), window(r.dram[Operand::Weight]), window(r.dram[Operand::Output])});
    }
    return s;
}

bool writeScaleSimReports(const std::string& dir, const std::vector<model::SystolicReport>& rows, std::string* error) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        if (error) *error = "cannot create " + dir + ": " + ec.message();
        return false;
    }
    const std::filesystem::path base(dir);
    return writeFileAtomically((base / "COMPUTE_REPORT.csv").string(), computeReportCsv(rows), error) &&
           writeFileAtomically((base / "BANDWIDTH_REPORT.csv").string(), bandwidthReportCsv(rows), error) &&
           writeFileAtomically((base / "DETAILED_ACCESS_REPORT.csv").string(), detailedAccessReportCsv(rows), error);
}

} // namespace archscape::io
