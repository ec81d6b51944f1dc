#pragma once
#include <cstdint>
#include <string>

namespace archscape::hardware {

/// The resources of one FPGA device that an accelerator template is mapped onto (counts from the
/// vendor's tables; presets/accelerators/arria10_*.json cite them).
struct FpgaDevice {
    std::string name;             ///< part or family member, e.g. "Arria 10 GX 1150 (10AX115)"
    std::int64_t dsp_blocks = 0;  ///< variable-precision DSP blocks (Arria 10: two 18×19 or one 27×27 multiplier)
    std::int64_t m20k_blocks = 0; ///< M20K embedded memory blocks (hardware/m20k.h)
    std::int64_t alms = 0;        ///< adaptive logic modules (two adder bits each in arithmetic mode)
    friend bool operator==(const FpgaDevice&, const FpgaDevice&) = default;
};

} // namespace archscape::hardware
