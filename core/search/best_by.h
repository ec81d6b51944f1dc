#pragma once
#include <cstdint>
#include <iterator>

namespace archscape::search {

/// The one "better than" of every search: smaller key wins; equal keys go to the smaller id, so
/// a result never depends on the order in which candidates or design points arrive.
constexpr bool rankedBefore(double key_a, std::int64_t id_a, double key_b, std::int64_t id_b) {
    return key_a < key_b || (key_a == key_b && id_a < id_b);
}

/// The element with the smallest key(x) (ties: smallest id(x)); `last` when the range is empty or
/// every key is NaN. One reducer for "best by latency / energy / EDP / ..." — the metric is the key.
template <class It, class Key, class Id>
It bestBy(It first, It last, Key key, Id id) {
    It best = last;
    double best_key = 0;
    std::int64_t best_id = 0;
    for (It it = first; it != last; ++it) {
        const double k = key(*it);
        if (k != k) continue; // NaN never wins
        const std::int64_t i = id(*it);
        if (best == last || rankedBefore(k, i, best_key, best_id)) {
            best = it;
            best_key = k;
            best_id = i;
        }
    }
    return best;
}

} // namespace archscape::search
