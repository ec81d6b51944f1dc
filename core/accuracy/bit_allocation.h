#pragma once
#include <string>
#include <utility>
#include <vector>

namespace archscape::accuracy {

class OmegaModel;

/// One budgeted resource of a bit-allocation problem: use[layer][choice] summed ≤ budget.
struct BitResource {
    std::string name;                     ///< "size_mb", "bops_g", "latency_ms"
    std::vector<std::vector<double>> use; ///< [layer][choice]
    double budget = 0;
};

/// HAWQ-V3's integer program: pick one choice per layer minimising Σ cost[l][choice] subject to
/// every resource budget, with tied layers (sharing an input) forced to the same choice.
struct BitAllocationProblem {
    std::vector<int> choices;              ///< bit widths, same list for every layer
    std::vector<std::vector<double>> cost; ///< [layer][choice], e.g. Ω_l(b)
    std::vector<BitResource> resources;
    std::vector<std::pair<int, int>> tied; ///< layer pairs that must share a choice
};

/// The answer: a choice index per layer, or why there is none.
struct BitAllocation {
    bool feasible = false;
    std::vector<int> choice; ///< index into problem.choices, per layer
    double objective = 0;
    std::string status; ///< "optimal", "infeasible: ...", solver message
    std::vector<int> bits(const BitAllocationProblem& p) const;
};

/// Exact solution with GLPK's branch-and-cut (binary x[l][c], Σ_c x[l][c] = 1).
BitAllocation solveExact(const BitAllocationProblem& p);
/// Exhaustive enumeration for checking (choices^layers must stay small: at most 2^22 points).
BitAllocation solveBruteForce(const BitAllocationProblem& p);

/// HAWQ-V3's ResNet problem from the shipped data: cost Ω_l(b), size (MB, bits·params/8/2^20, as
/// the notebook), BOPs (G, MACs·b·b/1e9 with activations tied to weights), T4 latency (ms; 4 and
/// 8 bits only). A budget ≤ 0 is left out. The stem conv and FC are not in the program (fixed at 8 bits).
/// `tied` takes HAWQ's equality constraints (conv1 and identity conv of a unit share the input).
BitAllocationProblem hawqProblem(const OmegaModel& m, const std::vector<int>& bits, double size_mb, double bops_g,
                                 double latency_ms);

} // namespace archscape::accuracy
