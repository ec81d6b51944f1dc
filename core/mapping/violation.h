#pragma once
#include <cstdint>
#include <string>

#include "hardware/fpga_resource.h"
#include "workload/dim.h"

namespace archscape::mapping {

/// Why a mapping cannot run; numeric detail only, so checks in a search never build strings.
struct Violation {
    enum class Kind : std::uint8_t {
        None,
        LevelCount,    ///< mapping and accelerator disagree on the number of levels
        FactorProduct, ///< a dimension's factors do not cover its bound (need = bound, have = product)
        ExcessPadding, ///< the outermost loop of a dimension runs more than ceil(bound / inner) times
        Fanout,        ///< spatial factors exceed the PE array (level = -1, need = used, have = available)
        Capacity,      ///< tiles do not fit a level (need/have in bits)
        Order,         ///< a level's loop order is not a permutation of the dimensions
        TopMustKeep,   ///< the outermost level (DRAM) bypasses an operand or is per-PE
        BadFactor,     ///< a factor is below 1
        Resource,      ///< an FPGA design uses more of `resource` than its device has (need = used, have = device's)
        LayerKind, ///< the engine cannot run this type of layer (need = workload::LayerType, have = AcceleratorKind)
    };
    Kind kind = Kind::None;
    int level = -1;                       ///< memory level concerned, -1 if none
    workload::Dim dim = workload::Dim::N; ///< dimension concerned (FactorProduct, ExcessPadding, BadFactor)
    double need = 0;                      ///< what the mapping needs
    double have = 0;                      ///< what is available or what the mapping gives
    hardware::FpgaResource resource = hardware::FpgaResource::Dsp; ///< Resource only

    explicit operator bool() const { return kind != Kind::None; }
};

/// A sentence for the user, e.g. "level 1 (GlobalBuffer): tiles need 1048576 bits, capacity is 524288 bits".
std::string describe(const Violation& v, const std::string& level_name = {});

} // namespace archscape::mapping
