#pragma once
#include <string>

#include "common/parse_result.h"
#include "explore_settings.h"
#include "hardware/accelerator.h"
#include "search/design_evaluation.h"
#include "search/design_space.h"

namespace archscape::app {

/// The explorer's design space for the GUI's sweep around `base`: PE rows x PE columns x the
/// innermost shared buffer's capacity x dataflow, each point mapped by the per-layer mapper.
search::DesignSpace designSpace(const ExploreSettings& settings, const hardware::Accelerator& base,
                                const search::EvaluationPolicy& mapper);

/// A readable name for a design of that space, e.g. "eyeriss 16x16 64KiB ws".
std::string designName(const hardware::Accelerator& base, const hardware::Accelerator& design,
                       mapping::Dataflow dataflow);

/// A readable name for a point of any space: the space's name and each axis' value with what it is,
/// e.g. "edge 16×24 PEs, GlobalBuffer 64 KiB, NoC 128 words/cycle, 8 MACs/PE, 400 MHz"; `details`
/// gets "pe_rows=16, pe_cols=24, ...".
std::string pointName(const search::DesignSpace& space, const std::vector<std::uint16_t>& choice,
                      std::string* details = nullptr);

/// Reads a design space (a preset name of presets/spaces or a path) into a self-contained choice.
ParseResult<SpaceChoice> loadSpaceChoice(const std::string& name_or_path);
/// Rebuilds a choice from a stored document (projects); diagnostics are relative to `document`.
ParseResult<SpaceChoice> spaceChoiceFromDocument(const std::string& source, const nlohmann::json& document);

} // namespace archscape::app
