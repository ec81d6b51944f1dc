#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accuracy/precision_assignment.h"
#include "accuracy/quantizer.h"
#include "workload/network.h"

namespace archscape::accuracy {

struct Dataset;

/// The two trainable networks: an MLP (pixels → 128 → 64 → classes) and a small CNN
/// (3×3 conv 1→6 + ReLU + 2×2 max-pool, 3×3 conv 6→12 + ReLU + pool, FC → classes).
enum class NetArch : std::uint8_t { Mlp, Cnn };
std::string_view toString(NetArch a);
std::optional<NetArch> parseNetArch(std::string_view s);

/// One layer: a 3×3 convolution with padding 1 followed by ReLU and 2×2 max-pooling, or a dense
/// layer followed by ReLU unless it is the last.
struct NetLayer {
    bool conv = false;
    int in_c = 0, in_h = 1, in_w = 1; ///< dense: in_c = input length
    int out_c = 0;                    ///< output channels or units
    bool relu = true;
    std::vector<float> weights;   ///< conv [out_c][in_c][3][3]; dense [out_c][in_c]
    std::vector<float> bias;      ///< [out_c]
    float act_lo = 0, act_hi = 0; ///< calibrated range of this layer's input activation

    int inSize() const { return in_c * in_h * in_w; }
    /// Elements after the layer (after pooling for convs).
    int outSize() const { return conv ? out_c * (in_h / 2) * (in_w / 2) : out_c; }
    /// Elements before pooling (convs).
    int preSize() const { return conv ? out_c * in_h * in_w : out_c; }
};

/// A small classifier with its trained parameters.
struct SmallNet {
    NetArch arch = NetArch::Cnn;
    int height = 0, width = 0, classes = 10;
    std::vector<NetLayer> layers;

    /// Largest image side the fixed-size convolution buffers accept.
    static constexpr int kMaxImageSide = 64;
    /// He-initialised network for images of this size (height and width divisible by 4 for the CNN,
    /// at most kMaxImageSide; larger values are clamped).
    static SmallNet make(NetArch arch, int height, int width, int classes, std::uint32_t seed);
    /// The MAC layers as a workload (N = 1) for the cost model: convs and GEMMs in order.
    workload::Network toWorkload(const std::string& name) const;
};

/// Minibatch SGD with momentum on softmax cross-entropy.
struct TrainOptions {
    int epochs = 2;
    int batch = 32;
    float learning_rate = 0.05f;
    float momentum = 0.9f;
    std::uint32_t seed = 1;
    int max_train_images = 0; ///< 0 = the whole training set
};

/// Trains in place; deterministic for a given seed whatever the thread count (each minibatch is
/// split into fixed chunks whose gradients are summed in order). Parallel with oneTBB.
void train(SmallNet& net, const Dataset& data, const TrainOptions& opt);

/// Records each layer's input-activation range (min/max at FP32) over the first `images`
/// training images: post-training quantization's calibration.
void calibrate(SmallNet& net, const Dataset& data, int images = 1000);

/// How post-training quantization treats weights and activations (precisions come per layer).
struct PtqOptions {
    bool symmetric_weights = true;
    bool per_channel_weights = true;
    bool symmetric_activations = false; ///< post-ReLU activations are ≥ 0: asymmetric uses every code
};

/// Fraction of the test set classified correctly with every layer's weights and input activations
/// quantized per `a` (nullptr = FP32). Biases stay in 32 bits, as integer accelerators keep them.
double testAccuracy(const SmallNet& net, const Dataset& data, const PrecisionAssignment* a, const PtqOptions& opt = {});

} // namespace archscape::accuracy
