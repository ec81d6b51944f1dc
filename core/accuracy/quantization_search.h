#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "accuracy/accuracy_model.h"
#include "accuracy/precision_cost.h"
#include "hardware/accelerator.h"
#include "model/network_cost.h"

namespace archscape::accuracy {

/// What the proposal step is asked for.
struct ProposalOptions {
    double target_top1 = 0;     ///< required accuracy (%)
    double sigmas = 0;          ///< require top1 − sigmas·uncertainty ≥ target (0 = the point prediction)
    int count = 12;             ///< how many distinct assignments to return
    int max_evaluations = 4000; ///< accuracy-model calls allowed (measured models cost ~0.1-0.5 s each)
    std::vector<Precision> choices{Precision::integer(8), Precision::integer(6),
                                   Precision::integer(4)}; ///< highest first
    std::uint32_t seed = 1;
};

/// One proposed assignment (in the model's layer order) and its predicted accuracy.
struct Proposal {
    PrecisionAssignment assignment;
    AccuracyPrediction accuracy;
};

/// Proposals, or why there are none.
struct ProposalResult {
    std::vector<Proposal> proposals;
    bool unreachable = false; ///< the target is above what any allowed assignment reaches
    std::string message;
    int evaluations = 0;
};

/// AQGAN's workflow with a target-conditioned constrained sampler instead of a learned generator:
/// draw an aggressiveness u, lower each layer with probability u to a random cheaper choice, keep
/// the draw only if the model says it meets the target, then push it to the boundary (lower one
/// more layer at a time while the target still holds) and keep it only if it differs from every
/// earlier proposal. u's range shrinks when draws keep failing, so the sampler conditions itself
/// on the target. A sampler, not a GAN, because there is no corpus of configurations to learn
/// from and the models are cheap (Ω) or exact (measured) to query; the result is deterministic.
ProposalResult proposeAssignments(const AccuracyModel& model, const ProposalOptions& opt);

/// Hardware limits; 0 leaves a limit out.
struct HardwareBudget {
    double latency_s = 0;
    double energy_j = 0;
    double area_mm2 = 0;
    double weight_mb = 0; ///< model size at the chosen precisions (MB = 2^20 bytes)
};

/// A proposal priced on an accelerator.
struct PricedProposal {
    Proposal proposal;
    PrecisionAssignment network_assignment; ///< one entry per layer of the network
    double latency_s = 0, energy_j = 0, area_mm2 = 0, weight_mb = 0;
    bool mapped = false;
    bool within_budget = false;
};

/// Prices every proposal with the cost model (per-layer precision, see evaluateWithPrecision);
/// layers of `net` the model does not cover keep the accelerator's precision. Sorted: within
/// budget first, then by energy. Proposals whose layers are not in `net` are left out.
std::vector<PricedProposal> selectUnderBudget(const std::vector<Proposal>& proposals, const AccuracyModel& model,
                                              const workload::Network& net, const hardware::Accelerator& acc,
                                              const NetworkPricer& price, const HardwareBudget& budget);

} // namespace archscape::accuracy
