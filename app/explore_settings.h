#pragma once
#include <cstdint>
#include <vector>

#include "mapping/dataflow.h"

namespace archscape::app {

/// The design space the Explore button sweeps: every combination of these values applied to
/// the current accelerator (the global buffer is its innermost shared level).
struct ExploreSettings {
    std::vector<int> pe_rows = {4, 8, 12, 16, 24, 32};
    std::vector<int> pe_cols = {4, 8, 14, 16, 24, 32};
    std::vector<std::int64_t> buffer_bytes = {32 << 10, 64 << 10, 108 << 10, 256 << 10, 512 << 10};
    std::vector<mapping::Dataflow> dataflows = {mapping::Dataflow::WeightStationary,
                                                mapping::Dataflow::OutputStationary,
                                                mapping::Dataflow::RowStationary};

    std::int64_t size() const {
        return std::int64_t(pe_rows.size()) * pe_cols.size() * buffer_bytes.size() * dataflows.size();
    }
};

} // namespace archscape::app
