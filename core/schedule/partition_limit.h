#pragma once

namespace archscape::schedule {

/// True when `value` exceeds `limit` beyond rounding: the capacity and side-constraint test of every
/// partition evaluator (full and incremental), so that a bound met exactly is not refused and both
/// evaluators agree on feasibility.
constexpr bool exceedsLimit(double value, double limit) {
    constexpr double kSlack = 1e-9; // relative
    return value > limit * (1 + kSlack) + 1e-15;
}

} // namespace archscape::schedule
