#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "mapping/dataflow.h"

namespace archscape::app {

/// How the Session picks each layer's mapping.
struct MapperSettings {
    enum class Mode : std::uint8_t {
        Template,     ///< the chosen dataflow's template mapping
        BestTemplate, ///< every dataflow's template, keeping the lowest energy-delay product
        Search,       ///< the per-layer mapper (search::mapNetwork), spatial unrolling per the dataflow
    };
    Mode mode = Mode::Search;
    mapping::Dataflow dataflow = mapping::Dataflow::RowStationary;
    int budget = 300; ///< Search: candidates per distinct layer shape
    /// Search: no dataflow constraint on the mapspace, as for designs explored in a space without a
    /// dataflow axis (re-mapping them under a template would change their totals).
    bool free_mapspace = false;

    friend bool operator==(const MapperSettings&, const MapperSettings&) = default;
};

/// "template" / "best-template" / "search", as stored in projects.
std::string_view toString(MapperSettings::Mode m);
std::optional<MapperSettings::Mode> parseMapperMode(std::string_view s);

} // namespace archscape::app
