#pragma once
#include "hardware/accelerator.h"
#include "mapping/loop_nest.h"
#include "mapping/mapping.h"
#include "mapping/violation.h"
#include "workload/layer.h"

namespace archscape::mapping {

/// Whether level i keeps operand o: the hardware can hold it and the mapping does not bypass it.
inline bool keeps(const hardware::Accelerator& acc, const Mapping& m, int level, Operand o) {
    return acc.levels[level].keeps[o] && !m.levels[level].bypass[o];
}

/// Cheap checks first: level count, factors >= 1 covering each bound with at most one partial
/// outer iteration, loop orders, PE fan-out, DRAM keeping everything.
Violation checkStructure(const workload::Layer& layer, const hardware::Accelerator& acc, const Mapping& m);

/// Whether every level's resident tiles fit its capacity (x2 when double-buffered), with each
/// operand at the layer's effective precision (Accelerator::precisionOf).
Violation checkCapacity(const workload::Layer& layer, const hardware::Accelerator& acc, const Mapping& m,
                        const LoopNest& nest);

/// Both checks; Violation::Kind::None when the mapping can run.
Violation check(const workload::Layer& layer, const hardware::Accelerator& acc, const Mapping& m);

/// Bits resident at a level given its tiles (elements per operand): Σ over kept operands of
/// tile x the operand's bits in `precision` (the layer's effective precision), x2 when double-buffered.
double occupancyBits(const hardware::Accelerator& acc, const Mapping& m, int level, const PerOperand<double>& tiles,
                     const PerOperand<Precision>& precision);

} // namespace archscape::mapping
