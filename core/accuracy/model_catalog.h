#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "accuracy/accuracy_model.h"
#include "common/parse_result.h"

namespace archscape::accuracy {

/// An accuracy model ready to use and a one-line account of where its numbers come from (the fit,
/// the training run or the cache file), for the CLI's and the GUI's status lines.
/// The model is shared and immutable: design spaces, requests and GUI sessions copy the pointer;
/// predict() is const and may be called from several threads at once.
struct LoadedAccuracyModel {
    std::shared_ptr<const AccuracyModel> model;
    std::string note;
};

/// The one catalogue of accuracy models, shared by the CLI (`quantize --model`, `explore
/// --accuracy-model`), design spaces ("accuracy": {"model": SPEC}) and the GUI:
///   "hawq:resnet18", "hawq:resnet50"   Ω model on the shipped HAWQ data (instant);
///   "measured:DATASET-ARCH"            DATASET fashion-mnist or digits, ARCH cnn or mlp: trained here
///                                      (tens of seconds the first time, then cached) and measured;
///   "fitted:FILE.csv"                  ridge fit to the user's measurements; a relative FILE is
///                                      resolved against `base_dir` when given.
/// Every failure is a diagnostic whose path is the spec (or the file) and whose message says what
/// was expected; a missing dataset names the Debian package and the install command.
ParseResult<LoadedAccuracyModel> loadAccuracyModel(std::string_view spec, const std::string& base_dir = {});

/// The specs of the built-in models, for menus and help texts ("fitted:FILE.csv" is not listed).
std::vector<std::string> accuracyModelSpecs();

} // namespace archscape::accuracy
