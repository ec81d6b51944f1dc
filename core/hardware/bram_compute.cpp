#include "hardware/bram_compute.h"

namespace archscape::hardware {

namespace {

constexpr std::string_view kNames[] = {"none", "bramac_2sa", "bramac_1da", "m4bram"};

// BRAMAC computes on the M20K's 40-bit data path (its 160 columns behind the 4:1 column mux);
// M4BRAM hands each of its four BPEs a 32-bit weight word (its duplication shuffler's width).
constexpr int kBramacWordBits = 40;
constexpr int kM4bramWordBits = 32;
constexpr int kM4bramBpes = 4;

bool isOneOf248(int bits) { return bits == 2 || bits == 4 || bits == 8; }

} // namespace

std::string_view toString(BramCompute m) { return kNames[static_cast<int>(m)]; }

std::optional<BramCompute> parseBramCompute(std::string_view s) {
    for (int i = 0; i < 4; ++i)
        if (kNames[i] == s) return static_cast<BramCompute>(i);
    return std::nullopt;
}

std::optional<BramComputeRate> bramComputeRate(BramCompute mode, const Precision& weight, const Precision& input) {
    if (mode == BramCompute::None || weight.is_float || input.is_float) return std::nullopt;
    const int w = weight.bits, a = input.bits;
    BramComputeRate r;
    switch (mode) {
    case BramCompute::None: return std::nullopt;
    case BramCompute::Bramac2sa:
    case BramCompute::Bramac1da: {
        if (!isOneOf248(w) || !isOneOf248(a)) return std::nullopt;
        // MAC2: each lane adds W1·I1 + W2·I2; the inputs go in bit-serially, one bit per step, after
        // one step that copies the two weight rows from the main array into the dummy array and
        // before one step that adds the partial product into the accumulator row: a + 2 steps
        // (inputs unsigned, as after a ReLU; signed inputs need one more, not modelled).
        r.lanes = kBramacWordBits / w;
        r.elements = 2;
        r.port_busy_cycles = 1; // the copy reads the main array through its port
        if (mode == BramCompute::Bramac2sa) {
            r.copies = 2; // two dummy arrays at the main clock, each on its own input vector
            r.cycles = a + 2;
        } else {
            // One dummy array at twice the clock: the a + 2 steps take ceil((a + 2) / 2) main
            // cycles, plus one to hand the result back to the main clock domain.
            r.copies = 1;
            r.cycles = (a + 2 + 1) / 2 + 1;
        }
        return r;
    }
    case BramCompute::M4bram:
        if (!isOneOf248(w) || a < 2 || a > 8) return std::nullopt;
        // Each BPE multiplies its 32/w weights by one input, one input bit per cycle; port B stays
        // a plain read port (the paper's claim), so the fabric loses no read bandwidth.
        r.lanes = kM4bramWordBits / w;
        r.copies = kM4bramBpes;
        r.elements = 1;
        r.cycles = a;
        r.port_busy_cycles = 0;
        return r;
    }
    return std::nullopt;
}

std::optional<double> bramComputeCoreAreaPercent(BramCompute mode) {
    switch (mode) {
    case BramCompute::Bramac2sa: return 6.8;
    case BramCompute::Bramac1da: return 3.4;
    case BramCompute::None:
    case BramCompute::M4bram: return std::nullopt;
    }
    return std::nullopt;
}

std::optional<std::int64_t> dotProductCycles(BramCompute mode, std::int64_t length, const Precision& weight,
                                             const Precision& input) {
    const auto r = bramComputeRate(mode, weight, input);
    if (!r || length < 0) return std::nullopt;
    return (length + r->elements - 1) / r->elements * r->cycles;
}

} // namespace archscape::hardware
