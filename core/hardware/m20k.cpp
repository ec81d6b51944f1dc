#include "hardware/m20k.h"

#include <limits>

namespace archscape::hardware {

std::int64_t m20kBlocks(std::int64_t width_bits, std::int64_t depth_words) {
    if (width_bits <= 0 || depth_words <= 0) return 0;
    std::int64_t best = std::numeric_limits<std::int64_t>::max();
    for (const M20kMode& m : kM20kModes) {
        const std::int64_t across = (width_bits + m.width_bits - 1) / m.width_bits;
        const std::int64_t deep = (depth_words + m.depth_words - 1) / m.depth_words;
        if (across * deep < best) best = across * deep;
    }
    return best;
}

} // namespace archscape::hardware
