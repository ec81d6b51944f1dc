#pragma once
#include <cstdint>
#include <optional>

#include "mapping/mapping.h"
#include "mapping/violation.h"

namespace archscape::search {

/// A mapping a strategy wants evaluated. Ids increase in proposal order.
struct Candidate {
    std::int64_t id = 0;
    mapping::Mapping mapping;
};

/// What the driver learnt about a candidate (or, with id < 0, about a mapping it evaluated on its
/// own, such as the dataflow template's warm start).
struct Outcome {
    std::int64_t id = -1;
    mapping::Violation::Kind violation = mapping::Violation::Kind::None;
    double score = 0; ///< objective (smaller is better); meaningless when invalid
    double cycles = 0;
    double energy_pj = 0;
    double offchip_words = 0; ///< words through the DRAM port: the decoupled search's first goal

    bool valid() const { return violation == mapping::Violation::Kind::None; }
};

/// Ask-and-tell search (Timeloop's SearchAlgorithm): the driver asks for candidates and reports
/// their outcomes; a strategy never calls the cost model, so it can be tested with a fake
/// evaluator and keeps its pruning to itself. Deterministic for its seed.
class Strategy {
public:
    virtual ~Strategy() = default;
    /// The next candidate, or nullopt when the strategy has nothing more to propose.
    virtual std::optional<Candidate> next() = 0;
    /// The outcome of a candidate returned by next() (reported before the next call to next()),
    /// or of an outside mapping (id < 0).
    virtual void report(const Outcome& outcome) = 0;
    /// A lower bound of the objective (as Outcome::score) over the mappings not yet excluded,
    /// for strategies that prove one; equal to the best reported score once the optimum is proven.
    virtual std::optional<double> objectiveBound() const { return std::nullopt; }
};

} // namespace archscape::search
