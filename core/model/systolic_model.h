#pragma once
#include <optional>

#include "hardware/accelerator.h"
#include "hardware/technology.h"
#include "model/layer_cost.h"
#include "model/systolic_memory.h"
#include "model/systolic_problem.h"
#include "model/systolic_report.h"
#include "workload/layer.h"

namespace archscape::model {

/// Options of the systolic engine.
struct SystolicOptions {
    /// Replay SCALE-Sim's memory system address by address (O(SRAM accesses)) so the DRAM figures,
    /// and in USER mode the stalls, follow SCALE-Sim's rules exactly: the CALC-mode epoch accounting
    /// (replayCalcMemory) or the USER-mode prefetch simulation (replayUserMemory). Off: the O(folds)
    /// closed form and USER-mode estimate of docs/systolic.md.
    bool exact_memory = false;

    friend bool operator==(const SystolicOptions&, const SystolicOptions&) = default;
};

/// SCALE-Sim v2's figures for one problem on the accelerator's array (rows × cols, dataflow) and
/// SRAMs (systolicMemory). Compute cycles, utilisations and SRAM counts are closed forms equal to
/// SCALE-Sim's; DRAM traffic and stalls follow docs/systolic.md.
SystolicReport systolicReport(const SystolicProblem& problem, const hardware::Accelerator& acc,
                              const SystolicOptions& options = {});
/// The same with the SRAMs counted in elements of a layer's effective precision (Accelerator::precisionOf).
SystolicReport systolicReport(const SystolicProblem& problem, const hardware::Accelerator& acc,
                              const SystolicOptions& options, const workload::PerOperand<Precision>& precision);

/// SCALE-Sim semantics for a MAC layer of a systolic accelerator, in the shared LayerCost form:
/// cycles = groups × total cycles, per-level reads/writes from the SRAM and DRAM counts, energy
/// from the technology tables. Memory-only layers use model::evaluateMemoryOnly.
LayerCost evaluateSystolic(const workload::Layer& layer, const hardware::Accelerator& acc,
                           const SystolicOptions& options = {});

/// The same with the cost tables resolved once by the caller.
LayerCost evaluateSystolic(const workload::Layer& layer, const hardware::Accelerator& acc,
                           const hardware::CostTables& tables, const SystolicOptions& options = {});

/// The report evaluateSystolic converts for a MAC layer of a systolic accelerator, at the layer's
/// precisions (what the mapping inspector shows: folds, SRAM traffic, stalls); nullopt for other
/// accelerators, memory-only layers and level counts evaluateSystolic rejects.
std::optional<SystolicReport> systolicLayerReport(const workload::Layer& layer, const hardware::Accelerator& acc,
                                                  const hardware::CostTables& tables,
                                                  const SystolicOptions& options = {});

/// Converts a report into the shared LayerCost (used by evaluateSystolic; exposed for callers that
/// already hold the report, e.g. the SCALE-Sim report writer).
LayerCost toLayerCost(const SystolicReport& report, const hardware::Accelerator& acc,
                      const hardware::CostTables& tables);
/// The same at a layer's format (hardware::layerFormat): word counts, occupancy and MAC/NoC energy at
/// its precisions. The PE mode changes MAC energy only: SCALE-Sim's cycle counts assume one MAC per
/// PE per cycle, so precision-scalable and bit-serial throughput is modelled by the data-centric engine.
LayerCost toLayerCost(const SystolicReport& report, const hardware::Accelerator& acc,
                      const hardware::CostTables& tables, const hardware::LayerFormat& format);

} // namespace archscape::model
