// Shared fixtures of the cost-model tests (tst_cost_model, tst_layer_precision).
#pragma once
#include "workload/layer.h"

namespace archscape::test {

/// K=2, C=2, P=4, R=3: weights 2·2·3 = 12, inputs 2·(4+3−1) = 12, outputs 2·4 = 8, 48 MACs.
inline workload::Layer smallConv() {
    using workload::Dim;
    workload::Layer l;
    l.name = "small";
    l.bounds[Dim::K] = 2;
    l.bounds[Dim::C] = 2;
    l.bounds[Dim::P] = 4;
    l.bounds[Dim::R] = 3;
    return l;
}

} // namespace archscape::test
