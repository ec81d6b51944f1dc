#pragma once
#include "model/systolic_geometry.h"
#include "model/systolic_memory.h"
#include "model/systolic_problem.h"
#include "model/systolic_report.h"

namespace archscape::model {

/// SCALE-Sim v2's CALC-mode memory accounting replayed address by address (scalesim-v2.md §6.3–6.4):
/// builds each fold's ifmap, filter and ofmap demand lines (skews and flips included), runs the
/// epoch rule on the two read streams and the write buffer on the ofmap stream, and overwrites the
/// report's SRAM/DRAM windows, stall and total cycles with the replayed values.
/// O(SRAM accesses) time, O(SRAM size) memory; one group is replayed (all groups are identical).
void replayCalcMemory(const SystolicProblem& problem, const SystolicGeometry& geometry, const SystolicMemory& memory,
                      SystolicReport& report);

} // namespace archscape::model
