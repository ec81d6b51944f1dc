#pragma once
#include <cstdint>
#include <string>

#include "common/parse_result.h"
#include "hardware/accelerator.h"

namespace archscape::io {

/// A MAESTRO hardware file (shared/reference/maestro.md §2). Sizes are in elements; MAESTRO's
/// defaults when a key is missing.
struct MaestroHardware {
    std::int64_t num_pes = 1;
    std::int64_t l1_size = 0;  ///< elements per PE; 0 = not given (MAESTRO: INT_MAX)
    std::int64_t l2_size = 0;  ///< elements; 0 = not given
    double noc_bw = 0;         ///< elements/cycle; 0 = not given (unlimited)
    double offchip_bw = 0;     ///< elements/cycle; 0 = not given (unlimited)
    std::int64_t noc_hops = 1; ///< MAESTRO uses it as the NoC latency
};

/// Parses `key: value` lines: num_pes, l1_size_cstr, l2_size_cstr, noc_bw_cstr, offchip_bw_cstr,
/// NoC_NumHops; `//` comments. Unknown keys are errors at their line (MAESTRO exits on them too).
ParseResult<MaestroHardware> parseMaestroHardware(const std::string& text);

/// The accelerator MAESTRO's model describes: DRAM (off-chip bandwidth) → a shared L2 → an L1 in
/// every PE, both double-buffered (MAESTRO always is) and sized in 8-bit elements; the NoC gets
/// noc_bw. PEs form `clusters` rows of num_pes / clusters columns (a dataflow's Cluster(n) gives
/// n columns). A size not given (0) becomes MAESTRO's default, INT_MAX elements. Energies follow MAESTRO's constants in
/// units of a MAC (L1 1.68, L2 18.61, no DRAM or NoC energy) scaled to its CSV's 0.00023 nJ per MAC.
hardware::Accelerator maestroAccelerator(const MaestroHardware& hw, std::int64_t cluster_size = 0);

/// Writes a hardware file for the accelerator (PE count, innermost per-PE and shared level sizes in
/// elements of the input precision, NoC and DRAM bandwidths).
std::string writeMaestroHardware(const hardware::Accelerator& acc);

} // namespace archscape::io
