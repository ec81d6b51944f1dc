#include "accuracy/measured_model.h"

#include <chrono>
#include <cmath>

#include "accuracy/weight_cache.h"

namespace archscape::accuracy {

ParseResult<MeasuredModel> MeasuredModel::create(std::shared_ptr<const Dataset> data, const MeasuredOptions& opt) {
    if (!data || data->trainSize() == 0 || data->testSize() == 0)
        return ParseResult<MeasuredModel>::failure({{"dataset", "empty dataset: nothing to train or test on"}});
    if (data->height > SmallNet::kMaxImageSide || data->width > SmallNet::kMaxImageSide ||
        (opt.arch == NetArch::Cnn && (data->height % 4 || data->width % 4)))
        return ParseResult<MeasuredModel>::failure(
            {{"dataset", "images must be at most 64×64 and, for the CNN, have sides divisible by 4"}});
    MeasuredModel m;
    m.m_data = std::move(data);
    m.m_opt = opt;
    const CacheKey key{opt.arch, m.m_data->name, m.m_data->fingerprint(), opt.train};
    const std::string dir = opt.cache_dir.empty() ? cacheDirectory() : opt.cache_dir;
    if (opt.use_cache && !dir.empty()) {
        m.m_cache_path = dir + "/" + key.fileName();
        if (auto net = loadNet(m.m_cache_path, key, &m.m_note)) {
            m.m_net = std::move(*net);
            m.m_from_cache = true;
        }
    }
    if (!m.m_from_cache) {
        const auto t0 = std::chrono::steady_clock::now();
        m.m_net = SmallNet::make(opt.arch, m.m_data->height, m.m_data->width, m.m_data->classes, opt.train.seed);
        train(m.m_net, *m.m_data, opt.train);
        calibrate(m.m_net, *m.m_data);
        m.m_train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!m.m_cache_path.empty()) {
            std::string err;
            if (!saveNet(m.m_cache_path, key, m.m_net, &err)) m.m_note = "weights not cached: " + err;
        }
    }
    m.m_layers = m.m_net.toWorkload(std::string(toString(opt.arch)) + "-" + m.m_data->name);
    m.m_baseline = 100.0 * testAccuracy(m.m_net, *m.m_data, nullptr, opt.ptq);
    return ParseResult<MeasuredModel>::success(std::move(m));
}

AccuracyPrediction MeasuredModel::predict(const PrecisionAssignment& a) const {
    const double p = testAccuracy(m_net, *m_data, &a, m_opt.ptq);
    AccuracyPrediction r;
    r.top1 = 100.0 * p;
    r.uncertainty = 100.0 * std::sqrt(p * (1 - p) / m_data->testSize());
    r.extrapolating = false;
    return r;
}

} // namespace archscape::accuracy
