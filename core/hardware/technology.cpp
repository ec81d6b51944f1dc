#include "hardware/technology.h"

#include <algorithm>
#include <cmath>

namespace archscape::hardware {

namespace {
// Horowitz, "Computing's energy problem", ISSCC 2014, 45 nm, 0.9 V.
constexpr double kIntMulPjPerBit2 = 0.2 / 64.0; // 8b mult 0.2 pJ (32b: 3.1 pJ, fit within 3%)
constexpr double kIntAddPjPerBit = 0.1 / 32.0;  // 32b add 0.1 pJ (8b: 0.03 pJ)
constexpr double kFpMulPjPerSig2 = 2.6 / 455.0; // through FP16 mult 1.1 pJ and FP32 mult 3.7 pJ
constexpr double kFpMulPjOffset = 1.1 - 121.0 * kFpMulPjPerSig2;
constexpr double kFpAddPjAt16 = 0.4;             // FP16 add 0.4 pJ, FP32 add 0.9 pJ: power law
constexpr double kFpAddExp = 1.1699250014423124; // log2(0.9/0.4)
// Areas (µm², same table): int mult 282 (8b) / 3495 (32b); int add 36 / 137; FP16 mult 1640,
// FP32 mult 7700; FP16 add 1360, FP32 add 4184.
constexpr double kIntMulAreaA = 3213.0 / 960.0, kIntMulAreaC = 282.0 - 64.0 * kIntMulAreaA;
constexpr double kIntAddAreaA = 101.0 / 24.0, kIntAddAreaC = 36.0 - 8.0 * kIntAddAreaA;
constexpr double kFpMulAreaA = 6060.0 / 455.0, kFpMulAreaC = 1640.0 - 121.0 * kFpMulAreaA;
constexpr double kFpAddAreaAt16 = 1360.0;
constexpr double kFpAddAreaExp = 1.6212; // log2(4184/1360)
// SRAM: 64-bit read 10 pJ at 8 KB, 20 pJ at 32 KB, 100 pJ at 1 MB (Horowitz): E ∝ capacity^0.4746.
constexpr double kSramPj64At8KB = 10.0;
constexpr double kSramExp = 0.4746;
// DRAM: 1.3-2.6 nJ per 64-bit access (Horowitz); the low end.
constexpr double kDramPj64 = 1300.0;
// Bit-cell area at 45 nm: 6T SRAM 0.346 µm² (Intel 45 nm) at ~50% array efficiency; latch-based
// register files ~3.5x that. Leakage ~1 nW per bit at 1 GHz -> 1e-6 pJ per bit per cycle.
constexpr double kSramUm2PerBit = 0.7;
constexpr double kRegFileUm2PerBit = 2.5;
constexpr double kLeakPjPerBitCycle = 1e-6;
// Eyeriss (Chen et al., ISCA 2016): an inter-PE NoC transfer costs 2x a 16-bit MAC (~1.7 pJ) -> per bit.
constexpr double kHopPjPerBit = 1.7 / 16.0;
// NoC area: ~10% of the PE logic (Eyeriss' die breakdown puts the NoC well under the MAC/spad area).
constexpr double kNocAreaFraction = 0.1;

double fpAddPj(int bits) { return kFpAddPjAt16 * std::pow(bits / 16.0, kFpAddExp); }
// Multiplier ∝ product of significand widths, accumulator adder ∝ its width (45 nm, unscaled).
double mulPj(const Precision& w, const Precision& in) {
    return (w.is_float || in.is_float) ? kFpMulPjOffset + kFpMulPjPerSig2 * w.significandBits() * in.significandBits()
                                       : kIntMulPjPerBit2 * w.bits * in.bits;
}
double addPj(const Precision& psum) { return psum.is_float ? fpAddPj(psum.bits) : kIntAddPjPerBit * psum.bits; }
// Bit Fusion's operand slot: 2-bit bricks fused in powers of two.
int brickWidth(int bits) {
    int w = 2;
    while (w < bits) w *= 2;
    return w;
}
double fpAddArea(int bits) { return kFpAddAreaAt16 * std::pow(bits / 16.0, kFpAddAreaExp); }
} // namespace

double energyScale(int node_nm) { return node_nm / 45.0; }
double areaScale(int node_nm) { return (node_nm / 45.0) * (node_nm / 45.0); }

double macEnergyPj(const Precision& w, const Precision& in, const Precision& psum, int node_nm) {
    return (mulPj(w, in) + addPj(psum)) * energyScale(node_nm);
}

double macAreaUm2(const Precision& w, const Precision& in, const Precision& psum, int node_nm) {
    const bool fp = w.is_float || in.is_float;
    const double mul = fp ? kFpMulAreaC + kFpMulAreaA * w.significandBits() * in.significandBits()
                          : kIntMulAreaC + kIntMulAreaA * w.bits * in.bits;
    const double add = psum.is_float ? fpAddArea(psum.bits) : kIntAddAreaC + kIntAddAreaA * psum.bits;
    return (mul + add) * areaScale(node_nm);
}

double macEnergyPj(const PeArray& pe, const Precision& w, const Precision& in, const Precision& psum, int node_nm) {
    const bool fp = w.is_float || in.is_float;
    switch (pe.mode) {
    case PeMode::Fixed: break;
    case PeMode::PrecisionScalable:
        // Bit Fusion fuses whole 2-bit bricks in powers of two: a 3-bit operand occupies a 4-bit slot.
        if (!fp)
            return macEnergyPj(Precision::integer(brickWidth(w.bits)), Precision::integer(brickWidth(in.bits)), psum,
                               node_nm);
        break;
    case PeMode::BitSerial:
        // Stripes: every activation bit gates the weight into a shift-and-add of the accumulator, so a
        // MAC is `a` accumulator-wide adds (the AND gates are negligible beside the adder).
        if (!fp) return in.bits * addPj(psum) * energyScale(node_nm);
        break;
    }
    return macEnergyPj(w, in, psum, node_nm);
}

double macAreaUm2(const Accelerator& acc) {
    using workload::Operand;
    const auto& p = acc.precision;
    const int b = acc.pe.base_bits;
    switch (acc.pe.mode) {
    case PeMode::Fixed: break;
    case PeMode::PrecisionScalable:
        return macAreaUm2(Precision::integer(b), Precision::integer(b), p[Operand::Output], acc.tech_node_nm);
    case PeMode::BitSerial:
        return macAreaUm2(Precision::integer(b), Precision::integer(1), p[Operand::Output], acc.tech_node_nm);
    }
    return macAreaUm2(p[Operand::Weight], p[Operand::Input], p[Operand::Output], acc.tech_node_nm);
}

MacRate macRate(const PeArray& pe, const Precision& w, const Precision& in) {
    const double lanes = double(std::max(1, pe.macs_per_pe));
    const bool fp = w.is_float || in.is_float;
    switch (pe.mode) {
    case PeMode::Fixed: break;
    case PeMode::PrecisionScalable:
        if (!fp) return {lanes * pe.base_bits * pe.base_bits, double(brickWidth(w.bits)) * brickWidth(in.bits)};
        break;
    case PeMode::BitSerial:
        if (!fp) return {lanes, double(std::max(1, in.bits))};
        break;
    }
    return {lanes, 1};
}

LayerFormat acceleratorFormat(const Accelerator& acc, const CostTables& t) {
    return {acc.precision, t.mac_pj, t.hop_pj, t.mac_rate};
}

LayerFormat layerFormat(const workload::Layer& layer, const Accelerator& acc, const CostTables& t) {
    if (!layer.hasPrecision()) return acceleratorFormat(acc, t);
    using workload::Operand;
    LayerFormat f;
    f.precision = acc.precisionOf(layer);
    const auto& p = f.precision;
    const double model =
        macEnergyPj(acc.pe, p[Operand::Weight], p[Operand::Input], p[Operand::Output], acc.tech_node_nm);
    // An override states the energy at the accelerator's own precisions; the technology model scales it.
    f.mac_pj = acc.mac_energy_pj && t.mac_model_pj > 0 ? *acc.mac_energy_pj * model / t.mac_model_pj : model;
    const int bits = p[Operand::Input].bits;
    f.hop_pj = acc.noc.hop_energy_pj ? *acc.noc.hop_energy_pj * bits / acc.precision[Operand::Input].bits
                                     : hopEnergyPj(bits, acc.tech_node_nm);
    f.mac_rate = macRate(acc.pe, p[Operand::Weight], p[Operand::Input]);
    return f;
}

LevelCosts modelLevelCosts(const MemoryLevel& l, int node_nm) {
    const double access_bits = double(l.word_bits) * l.block_words;
    const double bits = 8.0 * double(l.capacity_bytes);
    LevelCosts c;
    double pj64 = 0;
    switch (l.kind) {
    case MemoryKind::Dram: pj64 = kDramPj64; break;
    case MemoryKind::Sram:
    case MemoryKind::RegFile:
        pj64 = kSramPj64At8KB * std::pow(std::max(1.0, double(l.capacity_bytes)) / 8192.0, kSramExp);
        c.area_um2 = bits * (l.kind == MemoryKind::Sram ? kSramUm2PerBit : kRegFileUm2PerBit) * areaScale(node_nm);
        c.leak_pj_per_cycle = bits * kLeakPjPerBitCycle * energyScale(node_nm);
        break;
    }
    c.read_pj = c.write_pj = pj64 * access_bits / 64.0 * energyScale(node_nm);
    return c;
}

double hopEnergyPj(int bits, int node_nm) { return kHopPjPerBit * bits * energyScale(node_nm); }

CostTables costTables(const Accelerator& acc) {
    CostTables t;
    const int n = std::min(acc.numLevels(), CostTables::kMaxLevels);
    for (int i = 0; i < n; ++i) {
        const MemoryLevel& l = acc.levels[i];
        LevelCosts c = modelLevelCosts(l, acc.tech_node_nm);
        if (l.read_energy_pj) c.read_pj = *l.read_energy_pj;
        if (l.write_energy_pj) c.write_pj = *l.write_energy_pj;
        if (l.leak_pj_per_cycle) c.leak_pj_per_cycle = *l.leak_pj_per_cycle;
        if (l.area_um2) c.area_um2 = *l.area_um2;
        t.level[i] = c;
    }
    using workload::Operand;
    const auto& p = acc.precision;
    t.mac_model_pj = macEnergyPj(acc.pe, p[Operand::Weight], p[Operand::Input], p[Operand::Output], acc.tech_node_nm);
    t.mac_pj = acc.mac_energy_pj ? *acc.mac_energy_pj : t.mac_model_pj;
    t.mac_area_um2 = acc.mac_area_um2 ? *acc.mac_area_um2 : macAreaUm2(acc);
    t.mac_rate = macRate(acc.pe, p[Operand::Weight], p[Operand::Input]);
    t.hop_pj = acc.noc.hop_energy_pj ? *acc.noc.hop_energy_pj : hopEnergyPj(p[Operand::Input].bits, acc.tech_node_nm);
    return t;
}

AreaBreakdown areaBreakdown(const Accelerator& acc) {
    const CostTables t = costTables(acc);
    AreaBreakdown a;
    const double pes = double(acc.pe.count());
    a.mac_um2 = pes * acc.pe.macs_per_pe * t.mac_area_um2;
    for (int i = 0; i < std::min(acc.numLevels(), CostTables::kMaxLevels); ++i)
        a.storage_um2 += t.level[i].area_um2 * (acc.levels[i].per_pe ? pes : 1.0);
    a.noc_um2 = kNocAreaFraction * a.mac_um2;
    return a;
}

double areaUm2(const Accelerator& acc) { return areaBreakdown(acc).total(); }

} // namespace archscape::hardware
