#pragma once
#include <array>

#include "mapping/mapping.h"

namespace archscape::search {

/// Most orders orderClasses() returns for one level: two window dimensions ahead of the weight-
/// irrelevant loops, two ahead of the output-irrelevant ones, and K first.
inline constexpr int kMaxOrderClasses = 5;

/// The loop orders of one level that can be best, one per class of orders of equal cost, the
/// dominated classes dropped (OptimalStrategy's symmetry and dominance rules).
///
/// Why these suffice (model::evaluate's reuse rule): walking a tile's loops from the innermost
/// outwards, loops irrelevant to the operand before its first relevant loop cost nothing, the
/// first relevant loop of an input may slide its window, and every loop further out multiplies
/// the traffic. So a level's order matters only through, per operand, the set of irrelevant loops
/// innermost and the first relevant loop; every other permutation is a symmetric copy. The
/// innermost loop x decides it: x in {N, P, Q} (irrelevant to weights) moves inputs and outputs at
/// x, so the best such order puts all of {N, P, Q} innermost (weights stationary); x in {C, R, S}
/// likewise keeps outputs stationary; x = K keeps inputs stationary. Among the first two groups a
/// window dimension first (P, Q; R, S) never costs more than N or C first (a sliding window
/// fetches at most what a full refetch does), and G first is beaten by any of them. Each kept
/// order moves every operand's traffic no more than the orders it stands for, and model::evaluate
/// is monotone in that traffic (accesses, transfer times, leakage), so the best mapping of a
/// tiling is among the products of these classes over the levels.
///
/// Fills `out` with complete orders (Mapping::order: outermost first, the non-unit dimensions
/// ahead of the unit ones) and returns how many (>= 1).
int orderClasses(const mapping::Mapping& m, int level,
                 std::array<std::array<mapping::Dim, mapping::kNumDims>, kMaxOrderClasses>& out);

} // namespace archscape::search
