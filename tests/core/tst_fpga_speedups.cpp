// docs/templates.md's ResNet-34 speed-up table (issue 17: BRAMAC/M4BRAM in a tiled accelerator)
// pinned by a hand derivation: the INT8 row's fastest DSP-only and BRAMAC-2SA designs of
// presets/spaces/fpga.json, one layer's cycles derived from the documented cycle model ("Cycles of
// a MAC layer", "Compute-in-BRAM"), then the network latencies and speed-up the table prints.
#include <QtTest>

#include "hardware/bram_compute.h"
#include "io/accelerator_json.h"
#include "io/preset_catalog.h"
#include "io/workload_json.h"
#include "model/evaluate_layer.h"

using namespace archscape;
using hardware::BramCompute;

namespace {

// arria10_dsp with the space's parameters and one precision for every operand (the space's
// "precision" axis), as `explore --space fpga` builds its points.
hardware::Accelerator design(BramCompute mode, int qvec, int cvec, int kvec, std::int64_t filter_bytes) {
    auto a = io::readAcceleratorFile(*io::resolvePreset("accelerators", "arria10_dsp"));
    hardware::Accelerator acc = *a.value;
    acc.fpga.bram_compute = mode;
    acc.fpga.qvec = qvec;
    acc.fpga.cvec = cvec;
    acc.fpga.kvec = kvec;
    acc.fpga.filter_cache_bytes = filter_bytes;
    acc.precision = workload::PerOperand<Precision>::filled(Precision::integer(8));
    return acc;
}

workload::Network resnet34() { return *io::readWorkloadFile(*io::resolvePreset("workloads", "resnet34")).value; }

const workload::Layer& layerNamed(const workload::Network& n, const std::string& name) {
    for (const auto& l : n.layers)
        if (l.name == name) return l;
    qFatal("no layer %s", name.c_str());
}

double networkMs(const workload::Network& n, const hardware::Accelerator& acc) {
    double cycles = 0;
    for (const auto& l : n.layers) cycles += model::evaluateLayer(l, acc, nullptr).cycles;
    return cycles / (acc.clock_mhz * 1e3);
}

} // namespace

class TstFpgaSpeedups : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resnet34Int8ByHand();
};

void TstFpgaSpeedups::resnet34Int8ByHand() {
    // The INT8 row's designs (the fastest of each mode in `explore --space fpga --workload resnet34`):
    // DSP-only qvec 3, cvec 12, kvec 64, 256 KiB filter cache; BRAMAC-2SA qvec 4, cvec 12, kvec 32,
    // 4 MiB filter cache.
    const auto dsp = design(BramCompute::None, 3, 12, 64, 262144);
    const auto sa = design(BramCompute::Bramac2sa, 4, 12, 32, 4194304);
    const auto net = resnet34();
    // layer1.0.conv1: K 64, C 64, P = Q = 56, R = S = 3, N 1.
    const auto& l = layerNamed(net, "layer1.0.conv1");

    // DSP-only: P · ceil(Q/qvec) · R·S · ceil(C/cvec) · ceil(K/kvec) = 56 · 19 · 9 · 6 · 1 = 57,456.
    // DRAM: weights 64·64·9 = 36,864 B, inputs 64·56·56 = 200,704 B (inputs + outputs fit the 2 MiB
    // stream buffer: one pass), outputs 200,704 B at 8 bits: 438,272 B / 64 B a cycle = 6,848 < 57,456.
    const auto cd = model::evaluateLayer(l, dsp, nullptr);
    QVERIFY(cd.valid());
    QCOMPARE(cd.cycles, 57456.0);

    // BRAMAC-2SA at 8 bits: lanes 40/8 = 5, copies 2, elements 2, 8 + 2 = 10 cycles an iteration,
    // the port busy 1 of them (busy = 0.1).
    // Filter cache: read cvec·kvec·8 = 3,072 bits wide, ceil(8·4 MiB / 3,072) = 10,923 deep; the
    // fewest M20K blocks over the aspect ratios: 512×40: 77 · 22 = 1,694; 1K×20: 154 · 11 = 1,694;
    // 2K×10: 308 · 6 = 1,848; 4K×5: 615 · 3 = 1,845; 8K×2: 1,536 · 2; 16K×1: 3,072 → 1,694 blocks.
    // PE array per kvec tile of output channels: 56 · ceil(56/4) · 9 · 6 = 42,336 cycles.
    // BRAM: ceil(kb · 56·56 · ceil(576/2) / (1,694 · 5 · 2)) · 10 = ceil(kb · 903,168 / 16,940) · 10.
    // Candidates kd ∈ {64, 0, 32}:
    //   kd 64: 2 · 42,336 = 84,672 (nothing computes in BRAM, no stall);
    //   kd 32: max(ceil(42,336 / 0.9) = 47,040, ceil(1,706.1) · 10 = 17,070) = 47,040;
    //   kd 0:  ceil(57,802,752 / 16,940 = 3,412.2) · 10 = 34,130  ← the fastest.
    // DRAM as above (6,848 cycles) stays below.
    const auto cs = model::evaluateLayer(l, sa, nullptr);
    QVERIFY(cs.valid());
    QCOMPARE(cs.cycles, 34130.0);

    // The table's INT8 row: 6.893 ms DSP-only, 3.446 ms BRAMAC-2SA, 2.00× (printed to 3 decimals).
    const double t_dsp = networkMs(net, dsp), t_sa = networkMs(net, sa);
    QVERIFY2(std::abs(t_dsp - 6.893) < 0.0005, qPrintable(QString::number(t_dsp, 'f', 6)));
    QVERIFY2(std::abs(t_sa - 3.446) < 0.0005, qPrintable(QString::number(t_sa, 'f', 6)));
    QVERIFY(std::abs(t_dsp / t_sa - 2.00) < 0.005);
}

QTEST_GUILESS_MAIN(TstFpgaSpeedups)
#include "tst_fpga_speedups.moc"
