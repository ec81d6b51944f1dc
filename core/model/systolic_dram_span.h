#pragma once
#include "model/systolic_report.h"

namespace archscape::model {

/// The cycles over which a systolic layer's DRAM ports work for it, all groups together: from the
/// first DRAM access to the last, and at least the layer's Total Cycles. In USER mode this is longer
/// than Total Cycles whenever SCALE-Sim moves data outside them without stalling the array: the
/// active half of each read buffer is loaded before cycle 0 (memory/read_buffer.py,
/// prefetch_active_buffer: negative request cycles) and the ofmap write buffer drains what is left
/// after the last output (memory/write_buffer.py). Every port moves at most its bandwidth in each
/// cycle of its own window, and each window lies inside the span, so DRAM words / span never exceeds
/// the ports' bandwidth together (docs/systolic.md §5, "DRAM span").
double dramSpanCycles(const SystolicReport& report);

} // namespace archscape::model
