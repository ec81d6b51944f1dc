#pragma once
#include "model/systolic_geometry.h"
#include "model/systolic_memory.h"
#include "model/systolic_problem.h"
#include "model/systolic_report.h"

namespace archscape::model {

/// SCALE-Sim v2's USER-mode memory simulation replayed (scalesim-v2.md §6.2, §6.5; docs/systolic.md
/// "USER mode, exact"): each read buffer holds its operand's prefetch matrix cut into sets of
/// ⌈S/100⌉ valid words, keeps an active window of ⌈⌈S/2⌉/set⌉ sets (preloaded at `Bandwidth` words
/// per cycle before cycle 0) and, on a demand address outside the window, moves the window by one
/// prefetch window (cyclically) and issues ⌈(S − ⌈S/2⌉)/B⌉ more request lines right after the
/// previous prefetch; the line's stall is how far that prefetch ends after the demand. The ofmap
/// write buffer drains at B words per cycle. Per demand line the array stalls by the largest of the
/// three buffers' stalls. Overwrites the report's stall and total cycles, SRAM and DRAM windows.
/// O(prefetch matrix + SRAM accesses · log) time, O(prefetch matrix) memory; one group is replayed.
/// An operand without an SRAM (size 0) reads straight from DRAM and never stalls.
void replayUserMemory(const SystolicProblem& problem, const SystolicGeometry& geometry, const SystolicMemory& memory,
                      SystolicReport& report);

} // namespace archscape::model
