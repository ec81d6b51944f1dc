#include "search/order_classes.h"

namespace archscape::search {

using mapping::Dim;
using mapping::kNumDims;

int orderClasses(const mapping::Mapping& m, int level, std::array<std::array<Dim, kNumDims>, kMaxOrderClasses>& out) {
    const auto& f = m.levels[level].factors;
    auto present = [&](Dim d) { return f[d] > 1; };
    int n = 0;
    // Emits the order whose innermost loop is `first`, then (outwards) the rest of `group` in
    // canonical order, then every other non-unit dimension; Mapping::order lists loops outermost
    // first, so the non-unit ones are written reversed, the unit ones (dropped) after them.
    auto emit = [&](Dim first, std::initializer_list<Dim> group) {
        std::array<Dim, kNumDims> inner{};
        int k = 0;
        unsigned used = 0;
        auto put = [&](Dim d) {
            const unsigned bit = 1u << static_cast<unsigned>(d);
            if ((used & bit) || !present(d)) return;
            used |= bit;
            inner[k++] = d;
        };
        put(first);
        for (Dim d : group) put(d);
        for (Dim d : workload::kAllDims) put(d);
        auto& o = out[n++];
        int w = 0;
        for (int i = k - 1; i >= 0; --i) o[w++] = inner[i];
        for (Dim d : workload::kAllDims)
            if (!present(d)) o[w++] = d;
    };
    int nonUnit = 0;
    for (Dim d : workload::kAllDims) nonUnit += present(d);
    if (nonUnit <= 1) {
        // One non-unit loop (or none): every order is the same.
        Dim only = Dim::N;
        for (Dim d : workload::kAllDims)
            if (present(d)) only = d;
        emit(only, {});
        return n;
    }
    const std::initializer_list<Dim> weightIrrelevant = {Dim::N, Dim::P, Dim::Q};
    const std::initializer_list<Dim> outputIrrelevant = {Dim::C, Dim::R, Dim::S};
    // Weights stationary: a window dimension innermost when there is one, else N.
    if (present(Dim::P) || present(Dim::Q)) {
        if (present(Dim::P)) emit(Dim::P, weightIrrelevant);
        if (present(Dim::Q)) emit(Dim::Q, weightIrrelevant);
    } else if (present(Dim::N)) {
        emit(Dim::N, weightIrrelevant);
    }
    // Outputs stationary.
    if (present(Dim::R) || present(Dim::S)) {
        if (present(Dim::R)) emit(Dim::R, outputIrrelevant);
        if (present(Dim::S)) emit(Dim::S, outputIrrelevant);
    } else if (present(Dim::C)) {
        emit(Dim::C, outputIrrelevant);
    }
    // Inputs stationary.
    if (present(Dim::K)) emit(Dim::K, {});
    // Only G and nothing of the above is impossible with two non-unit loops, but keep one order.
    if (n == 0) emit(Dim::G, {});
    return n;
}

} // namespace archscape::search
