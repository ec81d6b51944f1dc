#include "workload/dim.h"

namespace archscape::workload {

namespace {
constexpr std::string_view kDimNames[kNumDims] = {"N", "G", "K", "C", "P", "Q", "R", "S"};
constexpr std::string_view kOperandNames[kNumOperands] = {"weight", "input", "output"};
} // namespace

std::string_view toString(Dim d) { return kDimNames[static_cast<int>(d)]; }

std::optional<Dim> parseDim(std::string_view s) {
    for (int i = 0; i < kNumDims; ++i)
        if (kDimNames[i] == s) return static_cast<Dim>(i);
    return std::nullopt;
}

std::string_view toString(Operand o) { return kOperandNames[static_cast<int>(o)]; }

std::optional<Operand> parseOperand(std::string_view s) {
    for (int i = 0; i < kNumOperands; ++i)
        if (kOperandNames[i] == s) return static_cast<Operand>(i);
    return std::nullopt;
}

} // namespace archscape::workload
