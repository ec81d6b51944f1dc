#include "mapper_settings.h"

namespace archscape::app {

std::string_view toString(MapperSettings::Mode m) {
    return m == MapperSettings::Mode::Template ? "template" : "best-template";
}

std::optional<MapperSettings::Mode> parseMapperMode(std::string_view s) {
    if (s == "template") return MapperSettings::Mode::Template;
    if (s == "best-template") return MapperSettings::Mode::BestTemplate;
    return std::nullopt;
}

} // namespace archscape::app
