#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/enum_array.h"

namespace archscape::workload {

/// Loop dimensions of every layer. G (groups) lets depthwise convolution and batched
/// matmul share the convolution nest: weights are indexed by G too.
enum class Dim : std::uint8_t { N, G, K, C, P, Q, R, S };
inline constexpr int kNumDims = 8;
inline constexpr Dim kAllDims[kNumDims] = {Dim::N, Dim::G, Dim::K, Dim::C, Dim::P, Dim::Q, Dim::R, Dim::S};

template <class T>
using PerDim = EnumArray<Dim, T, kNumDims>;

/// The three tensors of a layer.
enum class Operand : std::uint8_t { Weight, Input, Output };
inline constexpr int kNumOperands = 3;
inline constexpr Operand kAllOperands[kNumOperands] = {Operand::Weight, Operand::Input, Operand::Output};

template <class T>
using PerOperand = EnumArray<Operand, T, kNumOperands>;

/// One-letter name of a dimension ("N", "G", ...).
std::string_view toString(Dim d);
/// Parses a one-letter dimension name; nullopt for anything else.
std::optional<Dim> parseDim(std::string_view s);
std::string_view toString(Operand o);
std::optional<Operand> parseOperand(std::string_view s);

/// Whether dimension d indexes operand o (the projection of the convolution nest).
constexpr bool isRelevant(Operand o, Dim d) {
    switch (o) {
    case Operand::Weight: return d == Dim::G || d == Dim::K || d == Dim::C || d == Dim::R || d == Dim::S;
    case Operand::Input: return d != Dim::K;
    case Operand::Output: return d == Dim::N || d == Dim::G || d == Dim::K || d == Dim::P || d == Dim::Q;
    }
    return false;
}

/// Reduction dimensions: they index the inputs of a MAC but not its output.
constexpr bool isReduction(Dim d) { return d == Dim::C || d == Dim::R || d == Dim::S; }

} // namespace archscape::workload
