#include "accuracy/small_net.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "accuracy/dataset.h"

namespace archscape::accuracy {

std::string_view toString(NetArch a) { return a == NetArch::Mlp ? "mlp" : "cnn"; }
std::optional<NetArch> parseNetArch(std::string_view s) {
    if (s == "mlp") return NetArch::Mlp;
    if (s == "cnn") return NetArch::Cnn;
    return std::nullopt;
}

SmallNet SmallNet::make(NetArch arch, int height, int width, int classes, std::uint32_t seed) {
    SmallNet n;
    height = std::clamp(height, 4, kMaxImageSide);
    width = std::clamp(width, 4, kMaxImageSide);
    n.arch = arch;
    n.height = height;
    n.width = width;
    n.classes = classes;
    auto dense = [](int in, int out, bool relu) {
        NetLayer l;
        l.in_c = in;
        l.out_c = out;
        l.relu = relu;
        return l;
    };
    if (arch == NetArch::Mlp) {
        n.layers = {dense(height * width, 128, true), dense(128, 64, true), dense(64, classes, false)};
    } else {
        NetLayer c1;
        c1.conv = true;
        c1.in_c = 1;
        c1.in_h = height;
        c1.in_w = width;
        c1.out_c = 6;
        NetLayer c2 = c1;
        c2.in_c = 6;
        c2.in_h = height / 2;
        c2.in_w = width / 2;
        c2.out_c = 12;
        n.layers = {c1, c2, dense(12 * (height / 4) * (width / 4), classes, false)};
    }
    std::mt19937 rng(seed);
    for (auto& l : n.layers) {
        const int fan_in = l.conv ? l.in_c * 9 : l.in_c;
        std::normal_distribution<float> dist(0.0f, std::sqrt(2.0f / fan_in));
        l.weights.resize(static_cast<std::size_t>(l.out_c) * fan_in);
        for (float& w : l.weights) w = dist(rng);
        l.bias.assign(l.out_c, 0.0f);
    }
    return n;
}

workload::Network SmallNet::toWorkload(const std::string& name) const {
    workload::Network net;
    net.name = name;
    using workload::Dim;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const NetLayer& l = layers[i];
        workload::Layer w;
        w.name = (l.conv ? "conv" : "fc") + std::to_string(i + 1);
        w.type = l.conv ? workload::LayerType::Conv : workload::LayerType::Gemm;
        w.bounds[Dim::K] = l.out_c;
        w.bounds[Dim::C] = l.in_c;
        if (l.conv) {
            w.bounds[Dim::P] = l.in_h;
            w.bounds[Dim::Q] = l.in_w;
            w.bounds[Dim::R] = w.bounds[Dim::S] = 3;
            w.pad_h = w.pad_w = 1;
        }
        net.layers.push_back(std::move(w));
        if (i > 0) net.edges.push_back({static_cast<int>(i) - 1, static_cast<int>(i)});
    }
    return net;
}

namespace {

// Per-thread buffers of one forward/backward pass: no allocation per image.
struct Workspace {
    std::vector<std::vector<float>> act;  // act[l]: input of layer l; act[L]: logits
    std::vector<std::vector<float>> pre;  // pre[l]: conv output before pooling (after ReLU)
    std::vector<std::vector<int>> argmax; // pooling winners, index into pre[l]
    std::vector<std::vector<float>> dact; // gradient w.r.t. act[l]
    std::vector<std::vector<float>> dpre;
    explicit Workspace(const SmallNet& n) {
        const std::size_t L = n.layers.size();
        act.resize(L + 1);
        pre.resize(L);
        argmax.resize(L);
        dact.resize(L + 1);
        dpre.resize(L);
        for (std::size_t l = 0; l < L; ++l) {
            act[l].resize(n.layers[l].inSize());
            dact[l].resize(n.layers[l].inSize());
            pre[l].resize(n.layers[l].preSize());
            dpre[l].resize(n.layers[l].preSize());
            argmax[l].resize(n.layers[l].outSize());
        }
        act[L].resize(n.classes);
        dact[L].resize(n.classes);
    }
};

// One layer's input-activation quantizer during evaluation.
struct ActQuant {
    bool active = false;
    QuantScheme scheme;
    AffineParams affine;
};

// Direct 3×3 convolution, padding 1, on zero-padded input planes: output element i = y·(W+2) + x
// reads padded element i + r·(W+2) + s, so one pass over a whole plane (H·(W+2) elements, the two
// pad columns computed and dropped) does all nine taps with long vectorisable loops instead of one
// short loop per row. Per element the sum is the bias, then per channel in order the nine products
// in tap order, so results are bit-identical to a row-by-row loop. Cloned for AVX2 (picked at load
// time; without FMA the rounding is the SSE2 build's, so trained weights and measured accuracies do
// not depend on the machine).
__attribute__((target_clones("avx2", "default"))) void conv3x3(const float* in, int C, int H, int W, const float* w,
                                                               const float* b, int K, float* out) {
    const int W2 = W + 2, plane = (H + 2) * W2;
    // Per-thread scratch, grown once: no allocation per image.
    thread_local std::vector<float> padded, acc;
    if (padded.size() < static_cast<std::size_t>(C) * plane) padded.resize(static_cast<std::size_t>(C) * plane);
    if (acc.size() < static_cast<std::size_t>(H) * W2) acc.resize(static_cast<std::size_t>(H) * W2);
    std::fill(padded.begin(), padded.begin() + static_cast<std::size_t>(C) * plane, 0.0f);
    for (int c = 0; c < C; ++c)
        for (int y = 0; y < H; ++y)
            std::copy_n(in + (static_cast<std::size_t>(c) * H + y) * W, W,
                        padded.data() + static_cast<std::size_t>(c) * plane + (y + 1) * W2 + 1);
    const int n = (H - 1) * W2 + W; // the last row's pad columns would read past the plane
    float* a = acc.data();
    for (int k = 0; k < K; ++k) {
        std::fill(a, a + n, b[k]);
        for (int c = 0; c < C; ++c) {
            const float* wk = w + (k * C + c) * 9;
            const float w0 = wk[0], w1 = wk[1], w2 = wk[2], w3 = wk[3], w4 = wk[4], w5 = wk[5], w6 = wk[6], w7 = wk[7],
                        w8 = wk[8];
            const float* r0 = padded.data() + static_cast<std::size_t>(c) * plane;
            const float *r1 = r0 + W2, *r2 = r0 + 2 * W2;
            for (int i = 0; i < n; ++i)
                a[i] += w0 * r0[i] + w1 * r0[i + 1] + w2 * r0[i + 2] + w3 * r1[i] + w4 * r1[i + 1] + w5 * r1[i + 2] +
                        w6 * r2[i] + w7 * r2[i + 1] + w8 * r2[i + 2];
        }
        for (int y = 0; y < H; ++y) std::copy_n(a + y * W2, W, out + (static_cast<std::size_t>(k) * H + y) * W);
    }
}

// Gradients of conv3x3 given dout (w.r.t. its output): dW, db, and din when non-null. Works on a
// zero-padded copy of each input plane so every inner loop is a plain element-wise pass over x.
void conv3x3Backward(const float* in, int C, int H, int W, const float* w, int K, const float* dout, float* dw,
                     float* db, float* din) {
    constexpr int kMax = 66 * 66;
    float plane[kMax], dplane[kMax], acc[9][64];
    const int PW = W + 2;
    for (int k = 0; k < K; ++k) {
        const float* d = dout + static_cast<std::size_t>(k) * H * W;
        float sum = 0;
        for (int i = 0; i < H * W; ++i) sum += d[i];
        db[k] += sum;
    }
    for (int c = 0; c < C; ++c) {
        std::fill(plane, plane + (H + 2) * PW, 0.0f);
        for (int y = 0; y < H; ++y)
            std::copy_n(in + (static_cast<std::size_t>(c) * H + y) * W, W, plane + (y + 1) * PW + 1);
        if (din) std::fill(dplane, dplane + (H + 2) * PW, 0.0f);
        for (int k = 0; k < K; ++k) {
            const float* d = dout + static_cast<std::size_t>(k) * H * W;
            const float* wk = w + (k * C + c) * 9;
            for (auto& a : acc) std::fill(a, a + W, 0.0f);
            for (int y = 0; y < H; ++y) {
                const float* drow = d + static_cast<std::size_t>(y) * W;
                for (int t = 0; t < 9; ++t) {
                    const float* prow = plane + (y + t / 3) * PW + t % 3;
                    float* a = acc[t];
                    for (int x = 0; x < W; ++x) a[x] += drow[x] * prow[x];
                    if (din) {
                        float* dprow = dplane + (y + t / 3) * PW + t % 3;
                        const float wv = wk[t];
                        for (int x = 0; x < W; ++x) dprow[x] += wv * drow[x];
                    }
                }
            }
            float* dwk = dw + (k * C + c) * 9;
            for (int t = 0; t < 9; ++t) {
                float g = 0;
                for (int x = 0; x < W; ++x) g += acc[t][x];
                dwk[t] += g;
            }
        }
        if (din)
            for (int y = 0; y < H; ++y)
                std::copy_n(dplane + (y + 1) * PW + 1, W, din + (static_cast<std::size_t>(c) * H + y) * W);
    }
}

// Evaluation only: ReLU then 2×2 max-pooling in one pass, max(0, max of the four) = the max of the
// four ReLU outputs; no argmax (only training's backward pass needs it).
__attribute__((target_clones("avx2", "default"))) void reluMaxPool2(const float* in, int K, int H, int W, float* out) {
    const int h = H / 2, w = W / 2;
    for (int k = 0; k < K; ++k)
        for (int y = 0; y < h; ++y) {
            const float* r0 = in + (static_cast<std::size_t>(k) * H + 2 * y) * W;
            const float* r1 = r0 + W;
            float* o = out + (static_cast<std::size_t>(k) * h + y) * w;
            for (int x = 0; x < w; ++x)
                o[x] = std::max(std::max(std::max(r0[2 * x], r0[2 * x + 1]), std::max(r1[2 * x], r1[2 * x + 1])), 0.0f);
        }
}

void maxPool2(const float* in, int K, int H, int W, float* out, int* idx) {
    const int h = H / 2, w = W / 2;
    for (int k = 0; k < K; ++k)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                int best = (k * H + 2 * y) * W + 2 * x;
                for (int dy = 0; dy < 2; ++dy)
                    for (int dx = 0; dx < 2; ++dx) {
                        const int i = (k * H + 2 * y + dy) * W + 2 * x + dx;
                        if (in[i] > in[best]) best = i;
                    }
                const int o = (k * h + y) * w + x;
                out[o] = in[best];
                idx[o] = best;
            }
}

void loadImage(const Dataset& d, bool test, int i, float* out) {
    const std::uint8_t* px = (test ? d.test_pixels : d.train_pixels).data() + static_cast<std::size_t>(i) * d.pixels();
    for (int p = 0; p < d.pixels(); ++p) out[p] = px[p] * d.pixel_scale;
}

void quantizeActivations(std::vector<float>& a, const ActQuant& q) {
    if (!q.active) return;
    if (q.scheme.precision.is_float) {
        for (float& v : a) v = static_cast<float>(roundToFloat(v, q.scheme.precision));
        return;
    }
    // fakeQuantize inlined: the same double arithmetic, with round-half-even done by adding and
    // subtracting 1.5·2^52 (exact for |x/scale| < 2^51; larger values are clamped either way)
    // instead of a libm nearbyint call per element.
    const double scale = q.affine.scale, zp = q.affine.zero_point, lo = q.affine.qmin, hi = q.affine.qmax;
    constexpr double kRound = 6755399441055744.0;
    for (float& v : a) {
        const double r = (static_cast<double>(v) / scale + kRound) - kRound;
        v = static_cast<float>((std::clamp(r + zp, lo, hi) - zp) * scale);
    }
}

// Forward pass from ws.act[0]; weights[l] may be a quantized copy. Returns the predicted class.
// `for_backward` keeps what backward() needs (ReLU outputs before pooling, pooling winners).
int forward(const SmallNet& n, const std::vector<const float*>& weights, const ActQuant* aq, Workspace& ws,
            bool for_backward = false) {
    const std::size_t L = n.layers.size();
    for (std::size_t l = 0; l < L; ++l) {
        const NetLayer& layer = n.layers[l];
        if (aq) quantizeActivations(ws.act[l], aq[l]);
        float* next = ws.act[l + 1].data();
        if (layer.conv) {
            conv3x3(ws.act[l].data(), layer.in_c, layer.in_h, layer.in_w, weights[l], layer.bias.data(), layer.out_c,
                    ws.pre[l].data());
            if (for_backward) {
                for (float& v : ws.pre[l]) v = std::max(v, 0.0f);
                maxPool2(ws.pre[l].data(), layer.out_c, layer.in_h, layer.in_w, next, ws.argmax[l].data());
            } else {
                reluMaxPool2(ws.pre[l].data(), layer.out_c, layer.in_h, layer.in_w, next);
            }
        } else {
            const float* in = ws.act[l].data();
            for (int o = 0; o < layer.out_c; ++o) {
                const float* w = weights[l] + static_cast<std::size_t>(o) * layer.in_c;
                float s = 0;
                for (int i = 0; i < layer.in_c; ++i) s += w[i] * in[i];
                s += layer.bias[o];
                next[o] = layer.relu ? std::max(s, 0.0f) : s;
            }
        }
    }
    const auto& logits = ws.act[L];
    return static_cast<int>(std::max_element(logits.begin(), logits.end()) - logits.begin());
}

// Gradients of one labelled image (after forward), accumulated into grad (same layout as params).
void backward(const SmallNet& n, int label, Workspace& ws, std::vector<std::vector<float>>& gw,
              std::vector<std::vector<float>>& gb) {
    const std::size_t L = n.layers.size();
    auto& logits = ws.act[L];
    auto& d = ws.dact[L];
    const float mx = *std::max_element(logits.begin(), logits.end());
    float sum = 0;
    for (int i = 0; i < n.classes; ++i) sum += (d[i] = std::exp(logits[i] - mx));
    for (int i = 0; i < n.classes; ++i) d[i] = d[i] / sum - (i == label ? 1.0f : 0.0f);
    for (std::size_t l = L; l-- > 0;) {
        const NetLayer& layer = n.layers[l];
        const float* dout = ws.dact[l + 1].data();
        float* din = l > 0 ? ws.dact[l].data() : nullptr;
        if (layer.conv) {
            auto& dpre = ws.dpre[l];
            std::fill(dpre.begin(), dpre.end(), 0.0f);
            for (int o = 0; o < layer.outSize(); ++o) dpre[ws.argmax[l][o]] = dout[o];
            for (std::size_t i = 0; i < dpre.size(); ++i)
                if (ws.pre[l][i] <= 0) dpre[i] = 0;
            conv3x3Backward(ws.act[l].data(), layer.in_c, layer.in_h, layer.in_w, layer.weights.data(), layer.out_c,
                            dpre.data(), gw[l].data(), gb[l].data(), din);
        } else {
            const float* in = ws.act[l].data();
            if (din) std::fill(din, din + layer.in_c, 0.0f);
            for (int o = 0; o < layer.out_c; ++o) {
                float g = dout[o];
                if (layer.relu && ws.act[l + 1][o] <= 0) g = 0;
                if (g == 0) continue;
                gb[l][o] += g;
                float* dw = gw[l].data() + static_cast<std::size_t>(o) * layer.in_c;
                const float* w = layer.weights.data() + static_cast<std::size_t>(o) * layer.in_c;
                for (int i = 0; i < layer.in_c; ++i) dw[i] += g * in[i];
                if (din)
                    for (int i = 0; i < layer.in_c; ++i) din[i] += g * w[i];
            }
        }
    }
}

std::vector<const float*> plainWeights(const SmallNet& n) {
    std::vector<const float*> w;
    for (const auto& l : n.layers) w.push_back(l.weights.data());
    return w;
}

} // namespace

void train(SmallNet& net, const Dataset& data, const TrainOptions& opt) {
    const int N = opt.max_train_images > 0 ? std::min(opt.max_train_images, data.trainSize()) : data.trainSize();
    constexpr int kChunks = 4; // fixed split of each minibatch: thread-count-independent sums
    struct Chunk {
        Workspace ws;
        std::vector<std::vector<float>> gw, gb;
    };
    std::vector<Chunk> chunks;
    for (int c = 0; c < kChunks; ++c) {
        Chunk ch{Workspace(net), {}, {}};
        for (const auto& l : net.layers) {
            ch.gw.emplace_back(l.weights.size());
            ch.gb.emplace_back(l.bias.size());
        }
        chunks.push_back(std::move(ch));
    }
    std::vector<std::vector<float>> vw, vb;
    for (const auto& l : net.layers) {
        vw.emplace_back(l.weights.size());
        vb.emplace_back(l.bias.size());
    }
    std::vector<int> order(N);
    std::iota(order.begin(), order.end(), 0);
    std::mt19937 rng(opt.seed);
    const std::vector<const float*> weights = plainWeights(net); // stable: weights are updated in place
    for (int epoch = 0; epoch < opt.epochs; ++epoch) {
        std::shuffle(order.begin(), order.end(), rng);
        // Step decay: the second half of training at a third of the rate.
        const float lr = epoch * 2 >= opt.epochs && opt.epochs > 1 ? opt.learning_rate / 3 : opt.learning_rate;
        for (int start = 0; start < N; start += opt.batch) {
            const int end = std::min(N, start + opt.batch);
            const int per = (end - start + kChunks - 1) / kChunks;
            tbb::parallel_for(0, kChunks, [&](int c) {
                Chunk& ch = chunks[c];
                for (auto& g : ch.gw) std::fill(g.begin(), g.end(), 0.0f);
                for (auto& g : ch.gb) std::fill(g.begin(), g.end(), 0.0f);
                for (int i = start + c * per; i < std::min(end, start + (c + 1) * per); ++i) {
                    loadImage(data, false, order[i], ch.ws.act[0].data());
                    forward(net, weights, nullptr, ch.ws, true);
                    backward(net, data.train_labels[order[i]], ch.ws, ch.gw, ch.gb);
                }
            });
            const float scale = lr / (end - start);
            for (std::size_t l = 0; l < net.layers.size(); ++l) {
                auto& layer = net.layers[l];
                for (std::size_t i = 0; i < layer.weights.size(); ++i) {
                    float g = 0;
                    for (const auto& ch : chunks) g += ch.gw[l][i];
                    vw[l][i] = opt.momentum * vw[l][i] - scale * g;
                    layer.weights[i] += vw[l][i];
                }
                for (std::size_t i = 0; i < layer.bias.size(); ++i) {
                    float g = 0;
                    for (const auto& ch : chunks) g += ch.gb[l][i];
                    vb[l][i] = opt.momentum * vb[l][i] - scale * g;
                    layer.bias[i] += vb[l][i];
                }
            }
        }
    }
}

void calibrate(SmallNet& net, const Dataset& data, int images) {
    Workspace ws(net);
    const auto weights = plainWeights(net);
    for (auto& l : net.layers) l.act_lo = l.act_hi = 0;
    const int n = std::min(images, data.trainSize());
    for (int i = 0; i < n; ++i) {
        loadImage(data, false, i, ws.act[0].data());
        forward(net, weights, nullptr, ws);
        for (std::size_t l = 0; l < net.layers.size(); ++l) {
            const auto [lo, hi] = std::minmax_element(ws.act[l].begin(), ws.act[l].end());
            net.layers[l].act_lo = std::min(net.layers[l].act_lo, *lo);
            net.layers[l].act_hi = std::max(net.layers[l].act_hi, *hi);
        }
    }
}

double testAccuracy(const SmallNet& net, const Dataset& data, const PrecisionAssignment* a, const PtqOptions& opt) {
    const std::size_t L = net.layers.size();
    std::vector<std::vector<float>> qweights;
    std::vector<const float*> weights = plainWeights(net);
    std::vector<ActQuant> aq(L);
    if (a) {
        for (std::size_t l = 0; l < L && l < a->layers.size(); ++l) {
            const LayerPrecision& p = a->layers[l];
            const auto fp32 = Precision::floating(32, 23);
            if (p.weight != fp32) {
                qweights.push_back(net.layers[l].weights);
                quantizeTensor(qweights.back(), net.layers[l].out_c,
                               {p.weight, opt.symmetric_weights, opt.per_channel_weights});
            }
            if (p.activation != fp32) {
                aq[l].active = true;
                aq[l].scheme = {p.activation, opt.symmetric_activations, false};
                aq[l].affine = affineParams(net.layers[l].act_lo, net.layers[l].act_hi, p.activation.bits,
                                            opt.symmetric_activations);
            }
        }
        // Pointers taken after every push_back: the vector no longer reallocates.
        std::size_t q = 0;
        for (std::size_t l = 0; l < L && l < a->layers.size(); ++l)
            if (a->layers[l].weight != Precision::floating(32, 23)) weights[l] = qweights[q++].data();
    }
    tbb::enumerable_thread_specific<Workspace> spaces([&] { return Workspace(net); });
    const int correct = tbb::parallel_reduce(
        tbb::blocked_range<int>(0, data.testSize(), 256), 0,
        [&](const tbb::blocked_range<int>& r, int acc) {
            Workspace& ws = spaces.local();
            for (int i = r.begin(); i < r.end(); ++i) {
                loadImage(data, true, i, ws.act[0].data());
                acc += forward(net, weights, a ? aq.data() : nullptr, ws) == data.test_labels[i];
            }
            return acc;
        },
        [](int x, int y) { return x + y; });
    return data.testSize() > 0 ? double(correct) / data.testSize() : 0.0;
}

} // namespace archscape::accuracy
