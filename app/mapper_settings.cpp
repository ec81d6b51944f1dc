#include "mapper_settings.h"

namespace archscape::app {

std::string_view toString(MapperSettings::Mode m) {
    switch (m) {
    case MapperSettings::Mode::Template: return "template";
    case MapperSettings::Mode::BestTemplate: return "best-template";
    case MapperSettings::Mode::Search: return "search";
    }
    return "search";
}

std::optional<MapperSettings::Mode> parseMapperMode(std::string_view s) {
    if (s == "template") return MapperSettings::Mode::Template;
    if (s == "best-template") return MapperSettings::Mode::BestTemplate;
    if (s == "search") return MapperSettings::Mode::Search;
    return std::nullopt;
}

} // namespace archscape::app
