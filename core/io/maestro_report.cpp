#include "io/maestro_report.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace archscape::io {

namespace {

// C++ stream formatting of a double (what MAESTRO's `outfile_ << x` prints).
std::string num(double x) {
    char b[64];
    std::snprintf(b, sizeof b, "%g", x);
    return b;
}

} // namespace

std::string maestroCsvHeader() {
    return "Neural Network Name, Layer Number, NumPEs, Runtime (Cycles)"
           ", Activity count-based Energy (nJ), Throughput (MACs/Cycle)"
           ", Throughput Per Energy (GMACs/s*J), Area, Power, NoC BW Req (Elements/cycle), Avg BW Req"
           ", Peak BW Req, Vector Width, Offchip BW Req (Elements/cycle),  L2 SRAM Size Req (Bytes)"
           ", L1 SRAM Size Req (Bytes), Multicasting Factor (Weight), Multicasting Factor (Input)"
           ", Num Total Input Pixels, Num Total Weight Pixels, Ops/J, Num MACs, PE power, L1 power"
           ", L2 power, NOC power, input l1 read, input l1 write, input l2 read, input l2 write"
           ", input reuse factor,filter l1 read, filter l1 write, filter l2 read, filter l2 write"
           ", filter reuse factor,output l1 read, output l1 write, output l2 read, output l2 write"
           ", output reuse factor,Ingress Delay (Min), Ingress Delay (Max), Ingress Delay (Avg)"
           ", Egress Delay (Min), Egress Delay (Max),  Egress Delay (Avg),Compute Delay (Min)"
           ", Compute Delay (Min), Compute Delay (Avg),Avg number of utilized PEs"
           ", Arithmetic Intensity";
}

std::string maestroCsv(const std::vector<MaestroReportRow>& rows, const model::MaestroConfig& config) {
    using model::MaestroResult;
    std::ostringstream o;
    o << maestroCsvHeader() << "\n";
    // The L1 counts MAESTRO's energy column uses: set from each layer's top level, read at its
    // innermost level, which for a multi-level layer comes first (the previous layer's values).
    std::array<std::int64_t, 6> l1{};
    for (const MaestroReportRow& row : rows) {
        const MaestroResult& r = row.result;
        const auto& in = r.tensors[MaestroResult::Input];
        const auto& w = r.tensors[MaestroResult::Weight];
        const auto& out = r.tensors[MaestroResult::Output];
        const std::array<std::int64_t, 6> mine{in.l1_read, in.l1_write, w.l1_read,
                                               w.l1_write, out.l1_read, out.l1_write};
        if (row.levels == 1) l1 = mine;
        double energy =
            model::kMaestroL2Energy * double(in.l2_read + in.l2_write + w.l2_read + w.l2_write + out.l2_write);
        for (auto c : l1) energy += model::kMaestroL1Energy * double(c);
        energy *= model::kMaestroMacEnergyNj;
        if (row.levels > 1) l1 = mine;
        // 28 nm area and power (DSE_hardware_modules.hpp): PEs (MAC + an L1 of the required size),
        // the L2, a bus and a matrix arbiter over all PEs. MAESTRO passes the sizes as int.
        const double P = double(config.num_pes), vw = double(config.simd_lanes);
        const double l1_size = double(std::int32_t(r.l1SizeTotal())), l2_size = double(std::int32_t(r.l2SizeTotal()));
        const double noc_bw = double(std::int32_t(config.noc_bw));
        const double bus_scale = 14.662 * P + 28.895;
        const double arb_scale = 1.2886 * P * P + 5.5814 * P - 23.711;
        const double area = P * (283.0 * vw + 0.104 * l1_size) + 0.104 * l2_size + 101.7938 * bus_scale * noc_bw +
                            std::max(395.473, 395.473 * arb_scale);
        const double pe_power = P * 1.2223 * vw, l1_power = P * 0.00345 * l1_size, l2_power = 0.00345 * l2_size;
        const double noc_power = 0.8 * bus_scale / 1000 * noc_bw + std::max(0.34, 0.34 * arb_scale / 1000);
        const double power = pe_power + l1_power + l2_power + noc_power;
        const double macs = double(r.num_macs);
        const double perf_per_energy = macs / double(r.runtime) / energy * 1e9;
        const double mcast_w = double(w.l1_write) / double(w.l2_read);
        const double mcast_in = double(in.l1_write) / double(in.l2_read);
        o << row.network << "," << row.layer << "," << config.num_pes << "," << r.runtime << "," << num(energy) << ","
          << num(r.throughput()) << "," << num(perf_per_energy) << "," << num(area) << "," << num(power) << ","
          << r.peak_noc_bw << "," << num(r.avg_noc_bw) << "," << r.peak_noc_bw << "," << config.simd_lanes << ","
          << r.offchip_bw << "," << std::int32_t(r.l2SizeTotal()) << "," << std::int32_t(r.l1SizeTotal()) << ","
          << num(mcast_w) << "," << num(mcast_in) << "," << r.input_size << "," << r.weight_size << ","
          << num(macs / energy * 1e9) << "," << r.num_macs << "," << num(pe_power) << "," << num(l1_power) << ","
          << num(l2_power) << "," << num(noc_power) << ",";
        for (const auto& t : r.tensors)
            o << t.l1_read << ", " << t.l1_write << ", " << t.l2_read << ", " << t.l2_write << ", "
              << num(double(t.l1_read) / double(t.l1_write)) << ", ";
        o << r.ingress.min << ", " << r.ingress.max << ", " << std::int64_t(r.ingress.avg) << ", " << r.egress.min
          << ", " << r.egress.max << ", " << std::int64_t(r.egress.avg) << ", " << r.compute.min << ", "
          << r.compute.max << ", " << std::int64_t(r.compute.avg);
        o << ", " << num(r.avg_utilized_pes) << ", " << num(r.arithmetic_intensity) << "\n";
    }
    return o.str();
}

} // namespace archscape::io
