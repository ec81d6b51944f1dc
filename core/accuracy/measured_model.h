#pragma once
#include <memory>
#include <string>

#include "accuracy/accuracy_model.h"
#include "accuracy/dataset.h"
#include "accuracy/small_net.h"

namespace archscape::accuracy {

/// How a measured model is obtained.
struct MeasuredOptions {
    NetArch arch = NetArch::Cnn;
    TrainOptions train;
    PtqOptions ptq;
    std::string cache_dir; ///< empty = cacheDirectory()
    bool use_cache = true; ///< false: always train, never read or write the cache
};

/// Accuracy measured, not modelled: a small network trained in C++ on a real dataset, then
/// post-training-quantized per layer and run on the whole held-out test set for every prediction.
/// uncertainty is the binomial standard error of the measured accuracy; never extrapolating.
class MeasuredModel final : public AccuracyModel {
public:
    /// Loads the cached weights for (dataset, arch, training options) or trains and caches them.
    /// A cache that cannot be written is not an error (the note says why).
    static ParseResult<MeasuredModel> create(std::shared_ptr<const Dataset> data, const MeasuredOptions& opt);

    std::string name() const override { return "measured:" + m_data->name + "-" + std::string(toString(m_net.arch)); }
    const workload::Network& layers() const override { return m_layers; }
    double baselineTop1() const override { return m_baseline; }
    AccuracyPrediction predict(const PrecisionAssignment& a) const override;

    const SmallNet& net() const { return m_net; }
    bool fromCache() const { return m_from_cache; }
    double trainSeconds() const { return m_train_seconds; } ///< 0 when loaded from the cache
    const std::string& cachePath() const { return m_cache_path; }
    const std::string& note() const { return m_note; } ///< why the cache was not used/written

private:
    std::shared_ptr<const Dataset> m_data;
    MeasuredOptions m_opt;
    SmallNet m_net;
    workload::Network m_layers;
    double m_baseline = 0;
    bool m_from_cache = false;
    double m_train_seconds = 0;
    std::string m_cache_path, m_note;
};

} // namespace archscape::accuracy
