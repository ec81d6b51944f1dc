#include "hardware/fpga_resources.h"

#include <algorithm>
#include <cmath>

#include "hardware/m20k.h"

namespace archscape::hardware {

namespace {

std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// M20K blocks of a buffer of `bytes` read `width_bits` at a time.
std::int64_t bufferBlocks(std::int64_t bytes, std::int64_t width_bits) {
    if (bytes <= 0 || width_bits <= 0) return 0;
    return m20kBlocks(width_bits, ceilDiv(8 * bytes, width_bits));
}

} // namespace

double FpgaResources::utilization(FpgaResource r) const {
    const auto i = static_cast<std::size_t>(r);
    if (available[i] <= 0) return used[i] > 0 ? 1e300 : 0.0;
    return double(used[i]) / double(available[i]);
}

std::optional<FpgaResource> FpgaResources::exceeded() const {
    for (FpgaResource r : kAllFpgaResources)
        if (usedOf(r) > availableOf(r)) return r;
    return std::nullopt;
}

int dspProductsPerBlock(const Precision& weight, const Precision& input) {
    if (weight.is_float || input.is_float) return weight.bits <= 32 && input.bits <= 32 ? 1 : 0;
    const int lo = std::min(weight.bits, input.bits), hi = std::max(weight.bits, input.bits);
    if (lo <= 18 && hi <= 19) return 2 * std::max(1, 18 / (weight.bits + input.bits));
    if (hi <= 27) return 1;
    return 0;
}

int softMacAlms(const Precision& weight, const Precision& input, const Precision& psum) {
    const int w = weight.significandBits(), a = input.significandBits();
    return (w * a + 1) / 2 + (psum.bits + 1) / 2;
}

FpgaResources fpgaResources(const Accelerator& acc) {
    FpgaResources r;
    if (acc.kind != AcceleratorKind::Fpga) return r;
    const FpgaTemplate& t = acc.fpga;
    const Precision& w = acc.precision[workload::Operand::Weight];
    const Precision& a = acc.precision[workload::Operand::Input];
    const Precision& o = acc.precision[workload::Operand::Output];
    r.available = {t.device.dsp_blocks, t.device.m20k_blocks, t.device.alms};
    const std::int64_t lanes = t.lanes();
    std::int64_t dsp = 0;
    if (t.pe == FpgaPe::Dsp) {
        // Every format Archscape names (at most 16-bit integers, FP32) fits one multiplier.
        r.products_per_dsp = std::max(1, dspProductsPerBlock(w, a));
        dsp = ceilDiv(lanes, r.products_per_dsp);
    } else {
        r.alms_per_mac = softMacAlms(w, a, o);
        r.mac_alms = lanes * r.alms_per_mac;
    }
    // The PE array reads cvec·kvec weights (shared by its qvec columns) and qvec·cvec inputs a cycle.
    r.filter_cache_brams = bufferBlocks(t.filter_cache_bytes, std::int64_t(t.cvec) * t.kvec * w.bits);
    r.stream_buffer_brams = bufferBlocks(t.stream_buffer_bytes, std::int64_t(t.qvec) * t.cvec * a.bits);
    r.used = {dsp, r.filter_cache_brams + r.stream_buffer_brams, t.control_alms + r.mac_alms};
    if (t.bram_compute != BramCompute::None) {
        // Only the computing blocks are charged: the paper's figure converts every block of the device.
        const auto whole = bramComputeCoreAreaPercent(t.bram_compute);
        r.cib_area_percent = !whole ? NAN
                             : t.device.m20k_blocks > 0
                                 ? *whole * double(r.filter_cache_brams) / double(t.device.m20k_blocks)
                                 : 0.0;
    }
    return r;
}

double fpgaUtilizationPercent(const Accelerator& acc, FpgaResource r) {
    if (acc.kind != AcceleratorKind::Fpga) return NAN;
    return 100.0 * fpgaResources(acc).utilization(r);
}

} // namespace archscape::hardware
