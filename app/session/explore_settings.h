#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mapping/dataflow.h"
#include "search/design_space.h"

namespace archscape::app {

/// A design space the user chose (a preset of presets/spaces or a file). The document is kept
/// self-contained (its base accelerator embedded), so a project reproduces the space even when the
/// file moves or changes.
struct SpaceChoice {
    std::string source;                               ///< preset name or path, as chosen (shown in menus and reports)
    nlohmann::json document;                          ///< the archscape/design-space document, "base" embedded
    std::shared_ptr<const search::DesignSpace> space; ///< parsed from `document`
};

/// What the Explore button explores: a chosen design space, or else the built-in sweep — every
/// combination of these values applied to the current accelerator (the global buffer is its
/// innermost shared level).
struct ExploreSettings {
    std::vector<int> pe_rows = {4, 8, 12, 16, 24, 32};
    std::vector<int> pe_cols = {4, 8, 14, 16, 24, 32};
    std::vector<std::int64_t> buffer_bytes = {32 << 10, 64 << 10, 108 << 10, 256 << 10, 512 << 10};
    std::vector<mapping::Dataflow> dataflows = {mapping::Dataflow::WeightStationary,
                                                mapping::Dataflow::OutputStationary, mapping::Dataflow::RowStationary};
    std::shared_ptr<const SpaceChoice> space; ///< null: the sweep above

    /// Points of the sweep (ignores `space`).
    std::int64_t sweepSize() const {
        return std::int64_t(pe_rows.size()) * pe_cols.size() * buffer_bytes.size() * dataflows.size();
    }
    /// Points that Explore evaluates.
    std::int64_t size() const { return space ? space->space->size() : sweepSize(); }
};

} // namespace archscape::app
