#include "search/design_search.h"

#include <iterator>

namespace archscape::search {

namespace {
constexpr std::string_view kNames[] = {"grid", "random", "nsga2", "genesys"};
} // namespace

std::string_view toString(DesignSearchKind k) { return kNames[static_cast<int>(k)]; }

std::optional<DesignSearchKind> parseDesignSearchKind(std::string_view s) {
    for (int i = 0; i < static_cast<int>(std::size(kNames)); ++i)
        if (kNames[i] == s) return static_cast<DesignSearchKind>(i);
    return std::nullopt;
}

} // namespace archscape::search
