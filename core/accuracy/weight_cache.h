#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "accuracy/small_net.h"

namespace archscape::accuracy {

/// The user's cache folder for trained weights: $XDG_CACHE_HOME/archscape, else ~/.cache/archscape
/// (XDG Base Directory spec). Empty when neither variable is set.
std::string cacheDirectory();

/// Identity of a trained network: what it was trained on and how, so a stale file is never used.
struct CacheKey {
    NetArch arch = NetArch::Cnn;
    std::string dataset;
    std::uint64_t dataset_fingerprint = 0;
    TrainOptions train;

    /// File name inside the cache folder, e.g. "fashion-mnist-cnn-<hash>.bin".
    std::string fileName() const;
};

/// Writes the parameters and calibration ranges atomically (temp file + rename), creating the folder.
bool saveNet(const std::string& path, const CacheKey& key, const SmallNet& net, std::string* error);
/// Reads a saved network; nullopt (with the reason) when the file is missing, truncated, or was made
/// for a different key or architecture.
std::optional<SmallNet> loadNet(const std::string& path, const CacheKey& key, std::string* why);

} // namespace archscape::accuracy
