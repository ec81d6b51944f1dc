#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "search/design_evaluation.h"
#include "search/system_design.h"
#include "workload/workload_mix.h"

namespace archscape::search {

/// A sub-accelerator a system space builds its units from: an accelerator at its reference PE count
/// and buffer sizes, with how it maps layers.
struct UnitTemplate {
    std::string name; ///< as the space's "units" lists refer to it
    hardware::Accelerator accelerator;
    EvaluationPolicy policy;
};

/// How a system's on-chip buffer bytes are divided among its units.
enum class BufferSplit : std::uint8_t {
    ByPes, ///< every unit keeps its template's bytes per PE (its buffers scale with its PE share)
    Equal, ///< the same total divided evenly: every unit gets total / units bytes
};

/// How the system's DRAM bandwidth B reaches its units.
enum class DramSharing : std::uint8_t {
    Demand, ///< each unit's port is B wide; running layers share B in proportion to demand
    Static, ///< unit i's port is B × PEs_i / PE budget; the shares add up to B, so none contends
};

std::string_view toString(BufferSplit s);
std::optional<BufferSplit> parseBufferSplit(std::string_view s);
std::string_view toString(DramSharing s);
std::optional<DramSharing> parseDramSharing(std::string_view s);

/// Limits a system must meet (NASAIC's specs); unset = no limit.
struct SystemConstraints {
    std::optional<double> max_area_mm2;
    std::optional<double> max_latency_ms; ///< makespan
    std::optional<double> max_power_w;
    std::optional<double> max_energy_mj; ///< the schedule's energy: layers + idle leakage over the makespan
};

/// One network that may stand in for an entry of the mix (NASAIC's network choice), with its
/// top-1 accuracy (a published figure; its source is kept for reports).
struct NetworkCandidate {
    std::string name;
    workload::Network network;
    double top1 = 0; ///< %
    std::string source;
};

/// The candidates for the mix entry whose network is named `entry`.
struct NetworkChoice {
    std::string entry;
    std::vector<NetworkCandidate> candidates;
};

/// Value indices of one system design (the axes of SystemSpace, in this order).
struct SystemChoice {
    int unit_set = 0; ///< index into SystemSpace::unit_sets
    int pe_split = 0; ///< index into peSplits(unit count)
    int buffer_scale = 0;
    int buffer_split = 0;
    int dram_bandwidth = 0;
    int dram_sharing = 0;
    std::vector<int> networks; ///< per SystemSpace::network_choices: the candidate chosen
};

/// A heterogeneous-system design space (HERALD's HDA search): which units (templates, so also
/// how many and which dataflow each), how the PE budget is split among them (every split into
/// multiples of pe_step, each unit at least one step), how buffers are sized and split, and the
/// DRAM bandwidth and its sharing. Unlike DesignSpace it is not a cartesian product: the PE splits
/// depend on the unit count, so points are numbered unit set by unit set, then split, then the
/// other axes in the order of SystemChoice with the last varying fastest (the network choices, in
/// their order, innermost).
struct SystemSpace {
    std::string name;
    std::string description;
    std::vector<UnitTemplate> templates;
    std::int64_t pe_budget = 1024;
    std::int64_t pe_step = 128;
    std::vector<std::vector<int>> unit_sets;   ///< template indices of each system's units
    std::vector<double> buffer_scales = {1.0}; ///< × each template's bytes per PE
    std::vector<BufferSplit> buffer_splits = {BufferSplit::ByPes};
    std::vector<double> dram_bandwidths_bytes_per_cycle = {32};
    std::vector<DramSharing> dram_sharings = {DramSharing::Demand};
    SystemConstraints constraints;
    /// NASAIC-style co-exploration: per listed mix entry, the networks that may run in its place.
    std::vector<NetworkChoice> network_choices;

    /// Number of designs (saturates at INT64_MAX).
    std::int64_t size() const;
    /// The PE split of every design with `units` units: all compositions of pe_budget into
    /// `units` positive multiples of pe_step, the first unit's share ascending, then the next's.
    std::vector<std::vector<std::int64_t>> peSplits(int units) const;
    /// peSplits(units)[k], computed directly (no enumeration: a design is built in O(units × steps)).
    std::vector<std::int64_t> peSplitAt(int units, std::int64_t k) const;
    /// The value indices of design `index` (0 <= index < size()).
    SystemChoice choiceOf(std::int64_t index) const;
    /// The system of design `index` with its units' policies.
    SystemDesign designAt(std::int64_t index) const;
    /// A short label of design `index`: "kcp:256+yxp:768 buf*1 pe bw32 demand" (+ " resnet50=resnet18"
    /// per network choice).
    std::string labelOf(std::int64_t index) const;
    /// `mix` with the networks design `index` chooses: each entry named in network_choices runs its
    /// chosen candidate (the entry keeps its instances, deadline, priority and dependencies).
    workload::WorkloadMix mixAt(const workload::WorkloadMix& mix, std::int64_t index) const;
    /// Mean top-1 (%) of the candidates design `index` chooses; NaN without network choices.
    double accuracyAt(std::int64_t index) const;
    /// A hash of everything that decides the designs and their results: the templates (their
    /// mapping-relevant parameters, clock, area-relevant technology and policies), the axes, the
    /// constraints and the network candidates (their layer shapes and accuracies). Not the name or
    /// description. A checkpoint or a shard's result belongs to a space with the same fingerprint.
    std::uint64_t fingerprint() const;
};

/// The PE array of `pes` PEs: rows = the largest power of two r with r² <= pes that divides pes,
/// cols = pes / r (512 → 16×32, 768 → 16×48, 1024 → 32×32).
hardware::PeArray peArrayOf(std::int64_t pes, const hardware::PeArray& like);

/// Σ capacities of the levels a unit's buffer budget covers: on-chip levels shared by the array
/// (not DRAM, not per-PE register files).
std::int64_t bufferBytes(const hardware::Accelerator& acc);

} // namespace archscape::search
