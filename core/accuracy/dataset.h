#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/parse_result.h"

namespace archscape::accuracy {

/// A labelled image-classification set, single channel, pixels kept as bytes (Fashion-MNIST's
/// 60,000 training images would take 188 MB as floats) and scaled to [0, 1] on use.
struct Dataset {
    std::string name;
    int height = 0, width = 0, classes = 10;
    float pixel_scale = 1.0f / 255.0f;                   ///< byte → [0, 1]
    std::vector<std::uint8_t> train_pixels, test_pixels; ///< image-major, row-major
    std::vector<std::uint8_t> train_labels, test_labels;

    int pixels() const { return height * width; }
    int trainSize() const { return static_cast<int>(train_labels.size()); }
    int testSize() const { return static_cast<int>(test_labels.size()); }
    /// A cheap fingerprint of the contents (sizes and a checksum) so that cached weights can be
    /// checked against the data they were trained on.
    std::uint64_t fingerprint() const;
};

/// Debian's dataset-fashion-mnist location.
inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";
/// Debian's python3-sklearn copy of the UCI optical digits (1,797 8×8 images, pixels 0..16).
inline constexpr const char* kDigitsCsv = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";

/// Reads the four gzipped IDX files. A missing file yields an error naming the Debian package and
/// the install command; malformed files name the file and what was expected.
ParseResult<Dataset> loadFashionMnist(const std::string& dir = kFashionMnistDir);
/// Reads digits.csv.gz (64 pixels + label per line); every 5th image (index % 5 == 0) is the
/// held-out test set, 360 images, the rest (1,437) train.
ParseResult<Dataset> loadDigits(const std::string& path = kDigitsCsv);
/// Either of the above by name: "fashion-mnist" or "digits"; unknown names are an error.
ParseResult<Dataset> loadDataset(const std::string& name);

} // namespace archscape::accuracy
