#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/parse_result.h"
#include "common/precision.h"

namespace archscape::accuracy {

/// The number formats of one quantized layer: its weights and the activation that feeds it.
struct LayerPrecision {
    Precision weight = Precision::integer(8);
    Precision activation = Precision::integer(8);
    friend bool operator==(const LayerPrecision&, const LayerPrecision&) = default;
};

/// One precision per quantized (MAC) layer, in the order of the accuracy model's layers.
struct PrecisionAssignment {
    std::vector<LayerPrecision> layers;

    /// Every layer at the same precision for weights and activations.
    static PrecisionAssignment uniform(int n, Precision p);
    /// Integer weights and activations with the given bits per layer (HAWQ's bit strings tie them).
    static PrecisionAssignment fromBits(const std::vector<int>& bits);
    friend bool operator==(const PrecisionAssignment&, const PrecisionAssignment&) = default;
};

/// "int8,int4/int8,fp16": one entry per layer, "w" (same for activations) or "w/a".
std::string toString(const PrecisionAssignment& a);
/// Parses the format above, also accepting plain bit counts ("8,4,4"); every bad entry is reported.
ParseResult<PrecisionAssignment> parseAssignment(std::string_view s);

} // namespace archscape::accuracy
