#include "hardware/accelerator.h"

namespace archscape::hardware {

namespace {
constexpr std::string_view kPeModeNames[] = {"fixed", "precision_scalable", "bit_serial"};
constexpr std::string_view kKindNames[] = {"data-centric", "systolic", "fpga", "butterfly", "lookup"};
constexpr std::string_view kDataflowNames[] = {"os", "ws", "is"};
constexpr std::string_view kMemNames[] = {"dram", "sram", "regfile"};

template <class E, std::size_t N>
std::optional<E> lookup(const std::string_view (&names)[N], std::string_view s) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == s) return static_cast<E>(i);
    return std::nullopt;
}
} // namespace

std::string_view toString(PeMode m) { return kPeModeNames[static_cast<int>(m)]; }
std::optional<PeMode> parsePeMode(std::string_view s) { return lookup<PeMode>(kPeModeNames, s); }
std::string_view toString(AcceleratorKind k) { return kKindNames[static_cast<int>(k)]; }
std::optional<AcceleratorKind> parseAcceleratorKind(std::string_view s) {
    return lookup<AcceleratorKind>(kKindNames, s);
}
std::string_view toString(SystolicDataflow d) { return kDataflowNames[static_cast<int>(d)]; }
std::optional<SystolicDataflow> parseSystolicDataflow(std::string_view s) {
    return lookup<SystolicDataflow>(kDataflowNames, s);
}
std::string_view toString(MemoryKind k) { return kMemNames[static_cast<int>(k)]; }
std::optional<MemoryKind> parseMemoryKind(std::string_view s) { return lookup<MemoryKind>(kMemNames, s); }

int Accelerator::fanoutLevel() const {
    for (int i = 0; i < numLevels(); ++i)
        if (levels[i].per_pe) return i;
    return numLevels();
}

} // namespace archscape::hardware
