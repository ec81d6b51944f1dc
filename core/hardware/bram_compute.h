#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/precision.h"

namespace archscape::hardware {

/// How the M20K blocks of an FPGA template's filter cache compute (docs/templates.md,
/// "Compute-in-BRAM"). None: plain memory. Bramac2sa / Bramac1da: BRAMAC (Chen & Abdelfattah,
/// FCCM 2023, arXiv 2304.03974) with two synchronous dummy arrays / one double-pumped dummy
/// array. M4bram: M4BRAM (Chen et al., arXiv 2311.02758), four bit-serial BRAM processing
/// elements per block.
enum class BramCompute : std::uint8_t { None, Bramac2sa, Bramac1da, M4bram };

std::string_view toString(BramCompute m);
std::optional<BramCompute> parseBramCompute(std::string_view s);

/// One compute-in-BRAM block's cycle model at one pair of operand widths. In one iteration every
/// lane of every copy adds `elements` products of its weights and the broadcast inputs to its
/// accumulator; an iteration takes `cycles` main-clock cycles, of which `port_busy_cycles` occupy
/// the block's read port (the rest leave it to the other FPGA resources).
struct BramComputeRate {
    int lanes = 0;            ///< dot products per copy (weights side by side in one word)
    int copies = 0;           ///< independent input vectors computed at once (dummy arrays, BPEs)
    int elements = 0;         ///< products per lane per iteration (BRAMAC's MAC2: 2)
    int cycles = 0;           ///< main-clock cycles per iteration
    int port_busy_cycles = 0; ///< cycles per iteration the read port is taken from the fabric

    /// MACs per iteration of the whole block.
    std::int64_t macsPerIteration() const { return std::int64_t(lanes) * copies * elements; }
    /// Peak MACs per cycle of the block.
    double macsPerCycle() const { return cycles > 0 ? double(macsPerIteration()) / cycles : 0.0; }
    /// Share of cycles the read port is busy while computing.
    double portBusyFraction() const { return cycles > 0 ? double(port_busy_cycles) / cycles : 0.0; }
};

/// The rate of `mode` for these weight and input (activation) formats; nullopt when the mode cannot
/// compute them (None; floating point; BRAMAC: weights and inputs of 2, 4 or 8 bits; M4BRAM:
/// weights of 2, 4 or 8 bits, inputs of 2 to 8 bits).
std::optional<BramComputeRate> bramComputeRate(BramCompute mode, const Precision& weight, const Precision& input);

/// The FPGA core area a compute mode adds when every M20K block of the device has it, in percent:
/// BRAMAC-2SA 6.8, BRAMAC-1DA 3.4 (Chen & Abdelfattah, arXiv 2304.03974, abstract: a large Arria 10);
/// nullopt for None (nothing added) and M4BRAM (its overhead is not known to us).
std::optional<double> bramComputeCoreAreaPercent(BramCompute mode);

/// Cycles one block takes for one round of dot products of `length` elements (every lane of every
/// copy busy): ceil(length / elements) iterations of `cycles` each; nullopt when the mode cannot
/// compute these formats.
std::optional<std::int64_t> dotProductCycles(BramCompute mode, std::int64_t length, const Precision& weight,
                                             const Precision& input);

} // namespace archscape::hardware
