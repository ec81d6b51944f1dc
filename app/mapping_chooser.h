#pragma once
#include <stop_token>

#include "hardware/accelerator.h"
#include "mapper_settings.h"
#include "model/network_cost.h"
#include "search/mapper.h"

namespace archscape::app {

/// The per-layer mapping choice of the Template and BestTemplate modes. Once `stop` is requested it returns
/// nullopt at once, so a cancelled evaluation finishes quickly (its result is dropped anyway).
model::MappingChooser mappingChooser(const hardware::Accelerator& acc, const MapperSettings& settings,
                                     std::stop_token stop = {});

/// The mapper options of Search mode (also used for every point of an exploration).
search::MapperOptions mapperOptions(const MapperSettings& settings);

/// Evaluates the whole network: Template and BestTemplate through the chooser, Search with the
/// per-layer mapper (distinct shapes in parallel).
model::NetworkCost evaluateDesign(const workload::Network& net, const hardware::Accelerator& acc,
                                  const MapperSettings& settings, std::stop_token stop = {});

} // namespace archscape::app
