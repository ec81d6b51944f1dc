#pragma once
#include <stop_token>

#include "hardware/accelerator.h"
#include "mapper_settings.h"
#include "model/network_cost.h"

namespace archscape::app {

/// The per-layer mapping choice the settings describe. Once `stop` is requested it returns
/// nullopt at once, so a cancelled evaluation finishes quickly (its result is dropped anyway).
model::MappingChooser mappingChooser(const hardware::Accelerator& acc, const MapperSettings& settings,
                                     std::stop_token stop = {});

/// Evaluates the whole network with the settings' chooser.
model::NetworkCost evaluateDesign(const workload::Network& net, const hardware::Accelerator& acc,
                                  const MapperSettings& settings, std::stop_token stop = {});

} // namespace archscape::app
