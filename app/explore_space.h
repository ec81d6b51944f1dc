#pragma once
#include "explore_settings.h"
#include "hardware/accelerator.h"
#include "mapper_settings.h"
#include "search/design_space.h"

namespace archscape::app {

/// The explorer's design space for the GUI's sweep around `base`: PE rows x PE columns x the
/// innermost shared buffer's capacity x dataflow, each point mapped by the per-layer mapper.
search::DesignSpace designSpace(const ExploreSettings& settings, const hardware::Accelerator& base,
                                const MapperSettings& mapper);

/// A readable name for a design of that space, e.g. "eyeriss 16x16 64KiB ws".
std::string designName(const hardware::Accelerator& base, const hardware::Accelerator& design,
                       mapping::Dataflow dataflow);

} // namespace archscape::app
