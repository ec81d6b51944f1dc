#include "accuracy/product_quantizer.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <limits>
#include <random>
#include <string>

#include "accuracy/dataset.h"
#include "accuracy/quantizer.h"
#include "accuracy/small_net.h"

namespace archscape::accuracy {

int PqLayer::encode(int d, const float* sub) const {
    const float* c = centroids.data() + static_cast<std::size_t>(d) * codebook * sub_length;
    int best = 0;
    float best_dist = std::numeric_limits<float>::max();
    for (int i = 0; i < codebook; ++i, c += sub_length) {
        float dist = 0;
        for (int j = 0; j < sub_length; ++j) {
            const float e = sub[j] - c[j];
            dist += e * e;
        }
        if (dist < best_dist) { // strict: the lower index wins a tie
            best_dist = dist;
            best = i;
        }
    }
    return best;
}

void PqLayer::apply(const float* row, float* out) const {
    std::fill(out, out + outputs, 0.0f);
    for (int d = 0; d < sub_vectors; ++d) {
        const int code = encode(d, row + static_cast<std::size_t>(d) * sub_length);
        const float* t = tables.data() + (static_cast<std::size_t>(d) * codebook + code) * outputs;
        for (int k = 0; k < outputs; ++k) out[k] += t[k];
    }
}

PqLayer makePqLayer(std::vector<float> centroids, int sub_vectors, int codebook, std::span<const float> weights,
                    int outputs, const Precision& table) {
    PqLayer p;
    p.sub_vectors = sub_vectors;
    p.codebook = codebook;
    p.outputs = outputs;
    p.sub_length = static_cast<int>(centroids.size() / (static_cast<std::size_t>(sub_vectors) * codebook));
    p.centroids = std::move(centroids);
    const std::size_t len = p.rowLength();
    p.tables.resize(static_cast<std::size_t>(sub_vectors) * codebook * outputs);
    for (int d = 0; d < sub_vectors; ++d)
        for (int c = 0; c < codebook; ++c) {
            const float* cen = p.centroids.data() + (static_cast<std::size_t>(d) * codebook + c) * p.sub_length;
            float* t = p.tables.data() + (static_cast<std::size_t>(d) * codebook + c) * outputs;
            for (int k = 0; k < outputs; ++k) {
                const float* w = weights.data() + k * len + static_cast<std::size_t>(d) * p.sub_length;
                double s = 0;
                for (int j = 0; j < p.sub_length; ++j) s += double(cen[j]) * w[j];
                t[k] = static_cast<float>(s);
            }
        }
    quantizeTensor(p.tables, 1, {table, true, false});
    return p;
}

namespace {

float squaredDistance(const float* a, const float* b, int dim) {
    float s = 0;
    for (int j = 0; j < dim; ++j) {
        const float e = a[j] - b[j];
        s += e * e;
    }
    return s;
}

} // namespace

std::vector<float> kMeans(std::span<const float> points, int dim, int k, std::uint32_t seed, int iterations) {
    const std::size_t n = dim > 0 ? points.size() / dim : 0;
    std::vector<float> cen(static_cast<std::size_t>(k) * dim, 0.0f);
    if (n == 0 || k <= 0) return cen;
    auto point = [&](std::size_t i) { return points.data() + i * dim; };
    std::mt19937 rng(seed);
    // k-means++: each next centroid drawn with probability ∝ squared distance to the nearest chosen.
    std::copy_n(point(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng)), dim, cen.data());
    std::vector<double> d2(n);
    for (std::size_t i = 0; i < n; ++i) d2[i] = squaredDistance(point(i), cen.data(), dim);
    int chosen = 1;
    for (; chosen < k; ++chosen) {
        double total = 0;
        for (double v : d2) total += v;
        if (total <= 0) break; // every point sits on a centroid
        const double r = std::uniform_real_distribution<double>(0.0, total)(rng);
        double acc = 0;
        std::size_t pick = n;
        for (std::size_t i = 0; i < n && pick == n; ++i)
            if (d2[i] > 0 && (acc += d2[i]) > r) pick = i;
        if (pick == n) // r rounded up to the total: the last point off every centroid
            for (std::size_t i = n; i-- > 0 && pick == n;)
                if (d2[i] > 0) pick = i;
        float* c = cen.data() + static_cast<std::size_t>(chosen) * dim;
        std::copy_n(point(pick), dim, c);
        for (std::size_t i = 0; i < n; ++i) d2[i] = std::min(d2[i], double(squaredDistance(point(i), c, dim)));
    }
    for (int c = chosen; c < k; ++c) std::copy_n(cen.data(), dim, cen.data() + static_cast<std::size_t>(c) * dim);
    // Lloyd.
    std::vector<int> assign(n, -1);
    std::vector<double> sum(static_cast<std::size_t>(k) * dim);
    std::vector<std::size_t> count(k);
    for (int it = 0; it < iterations; ++it) {
        bool changed = false;
        for (std::size_t i = 0; i < n; ++i) {
            int best = 0;
            float best_dist = std::numeric_limits<float>::max();
            for (int c = 0; c < k; ++c) {
                const float dist = squaredDistance(point(i), cen.data() + static_cast<std::size_t>(c) * dim, dim);
                if (dist < best_dist) {
                    best_dist = dist;
                    best = c;
                }
            }
            changed |= assign[i] != best;
            assign[i] = best;
        }
        if (!changed) break;
        std::fill(sum.begin(), sum.end(), 0.0);
        std::fill(count.begin(), count.end(), 0);
        for (std::size_t i = 0; i < n; ++i) {
            ++count[assign[i]];
            for (int j = 0; j < dim; ++j) sum[static_cast<std::size_t>(assign[i]) * dim + j] += point(i)[j];
        }
        for (int c = 0; c < k; ++c)
            if (count[c] > 0)
                for (int j = 0; j < dim; ++j)
                    cen[static_cast<std::size_t>(c) * dim + j] =
                        static_cast<float>(sum[static_cast<std::size_t>(c) * dim + j] / double(count[c]));
    }
    return cen;
}

namespace {

int rowLength(const NetLayer& l) { return l.conv ? l.in_c * 9 : l.in_c; }
int rowsPerImage(const NetLayer& l) { return l.conv ? l.in_h * l.in_w : 1; }

// Calls f(row) for each input row of the layer: the input itself (dense) or, per output pixel in
// row-major order, its zero-padded 3×3 patch in [channel][r][s] order, the weights' layout.
template <class F>
void forEachRow(const NetLayer& l, const float* in, float* row, F&& f) {
    if (!l.conv) {
        f(in);
        return;
    }
    const int H = l.in_h, W = l.in_w;
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x) {
            float* r = row;
            for (int c = 0; c < l.in_c; ++c)
                for (int dy = -1; dy <= 1; ++dy)
                    for (int dx = -1; dx <= 1; ++dx) {
                        const int yy = y + dy, xx = x + dx;
                        *r++ = yy >= 0 && yy < H && xx >= 0 && xx < W
                                   ? in[(static_cast<std::size_t>(c) * H + yy) * W + xx]
                                   : 0.0f;
                    }
            f(row);
        }
}

// Per-thread buffers of one forward pass through the im2col path, sized once for the network.
struct Scratch {
    std::vector<float> a, b, row, acc, pre;
    explicit Scratch(const SmallNet& n) {
        std::size_t act = n.classes, len = 0, out = 0, pre_size = 0;
        for (const auto& l : n.layers) {
            act = std::max({act, std::size_t(l.inSize()), std::size_t(l.outSize())});
            len = std::max(len, std::size_t(rowLength(l)));
            out = std::max(out, std::size_t(l.out_c));
            pre_size = std::max(pre_size, std::size_t(l.preSize()));
        }
        a.resize(act);
        b.resize(act);
        row.resize(len);
        acc.resize(out);
        pre.resize(pre_size);
    }
};

// One layer, in → out (l.outSize() elements): each row's outputs from the PQ tables (pq) or dot
// products, plus the bias; then ReLU (and 2×2 max-pooling for convs), as SmallNet's layers do.
void runLayer(const NetLayer& l, const PqLayer* pq, const float* in, float* out, Scratch& s) {
    const std::size_t len = rowLength(l), plane = static_cast<std::size_t>(l.in_h) * l.in_w;
    std::size_t pixel = 0;
    forEachRow(l, in, s.row.data(), [&](const float* row) {
        float* o = s.acc.data();
        if (pq) {
            pq->apply(row, o);
        } else {
            for (int k = 0; k < l.out_c; ++k) {
                const float* w = l.weights.data() + k * len;
                float v = 0;
                for (std::size_t i = 0; i < len; ++i) v += w[i] * row[i];
                o[k] = v;
            }
        }
        for (int k = 0; k < l.out_c; ++k) {
            const float v = o[k] + l.bias[k];
            if (l.conv) s.pre[k * plane + pixel] = v;
            else out[k] = l.relu ? std::max(v, 0.0f) : v;
        }
        ++pixel;
    });
    if (!l.conv) return;
    const int H = l.in_h, W = l.in_w, h = H / 2, w = W / 2;
    for (int k = 0; k < l.out_c; ++k)
        for (int y = 0; y < h; ++y) {
            const float* r0 = s.pre.data() + (static_cast<std::size_t>(k) * H + 2 * y) * W;
            const float* r1 = r0 + W;
            for (int x = 0; x < w; ++x)
                out[(static_cast<std::size_t>(k) * h + y) * w + x] =
                    std::max({r0[2 * x], r0[2 * x + 1], r1[2 * x], r1[2 * x + 1], 0.0f});
        }
}

const PqLayer* layerOf(const PqNet& pq, std::size_t l) {
    return l < pq.layers.size() && pq.layers[l] ? &*pq.layers[l] : nullptr;
}

// Class predicted for one image (pixels already in s.a).
int predict(const SmallNet& net, const PqNet& pq, Scratch& s) {
    float *in = s.a.data(), *out = s.b.data();
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
        runLayer(net.layers[l], layerOf(pq, l), in, out, s);
        std::swap(in, out);
    }
    return static_cast<int>(std::max_element(in, in + net.classes) - in);
}

void loadPixels(const Dataset& d, bool test, int i, float* out) {
    const std::uint8_t* px = (test ? d.test_pixels : d.train_pixels).data() + static_cast<std::size_t>(i) * d.pixels();
    for (int p = 0; p < d.pixels(); ++p) out[p] = px[p] * d.pixel_scale;
}

} // namespace

std::vector<PqLayerChoice> pqChoices(const SmallNet& net, int conv_sub_length, int dense_sub_length, int codebook) {
    std::vector<PqLayerChoice> out;
    for (const auto& l : net.layers) {
        const int len = rowLength(l);
        int sub = std::max(1, std::min(len, l.conv ? conv_sub_length : dense_sub_length));
        while (len % sub != 0) --sub;
        out.push_back({len / sub, codebook});
    }
    return out;
}

ParseResult<PqNet> productQuantize(const SmallNet& net, const Dataset& data, const PqOptions& opt) {
    std::vector<Diagnostic> errors;
    for (std::size_t l = 0; l < opt.layers.size() && l < net.layers.size(); ++l) {
        const auto& c = opt.layers[l];
        const int len = rowLength(net.layers[l]);
        const std::string at = "/layers/" + std::to_string(l);
        const std::string name = "layer " + std::to_string(l + 1);
        if (c.sub_vectors < 0 || (c.sub_vectors > 0 && len % c.sub_vectors != 0))
            errors.push_back(
                {at + "/sub_vectors", name + ": " + std::to_string(c.sub_vectors) +
                                          " sub-vectors; expected 0 (dense) or a divisor of its row length " +
                                          std::to_string(len)});
        if (c.sub_vectors > 0 && c.codebook < 1)
            errors.push_back({at + "/codebook",
                              name + ": codebook " + std::to_string(c.codebook) + "; expected at least 1 centroid"});
    }
    if (!errors.empty()) return ParseResult<PqNet>::failure(std::move(errors));

    PqNet pq;
    pq.layers.resize(net.layers.size());
    const int n = std::max(0, std::min(opt.calibration_images, data.trainSize()));
    // acts: every calibration image's input to the current layer, image-major.
    std::vector<float> acts(static_cast<std::size_t>(n) * data.pixels()), next;
    for (int i = 0; i < n; ++i) loadPixels(data, false, i, acts.data() + static_cast<std::size_t>(i) * data.pixels());
    Scratch s(net);
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
        const NetLayer& layer = net.layers[l];
        const PqLayerChoice c = l < opt.layers.size() ? opt.layers[l] : PqLayerChoice{};
        if (c.sub_vectors > 0 && n > 0) {
            const int len = rowLength(layer), L = len / c.sub_vectors;
            const std::size_t total = static_cast<std::size_t>(n) * rowsPerImage(layer);
            const std::size_t max_rows = std::max(1, opt.max_kmeans_rows);
            const std::size_t stride = (total + max_rows - 1) / max_rows;
            std::vector<float> rows;
            std::size_t index = 0;
            for (int i = 0; i < n; ++i)
                forEachRow(layer, acts.data() + static_cast<std::size_t>(i) * layer.inSize(), s.row.data(),
                           [&](const float* row) {
                               if (index++ % stride == 0) rows.insert(rows.end(), row, row + len);
                           });
            const std::size_t count = rows.size() / len;
            std::vector<float> centroids(static_cast<std::size_t>(c.sub_vectors) * c.codebook * L);
            tbb::parallel_for(0, c.sub_vectors, [&](int d) {
                std::vector<float> sub(count * L);
                for (std::size_t r = 0; r < count; ++r)
                    std::copy_n(rows.data() + r * len + static_cast<std::size_t>(d) * L, L, sub.data() + r * L);
                const auto cen = kMeans(sub, L, c.codebook, opt.seed + 1000003u * std::uint32_t(l) + std::uint32_t(d),
                                        opt.kmeans_iterations);
                std::copy(cen.begin(), cen.end(), centroids.begin() + static_cast<std::size_t>(d) * c.codebook * L);
            });
            pq.layers[l] =
                makePqLayer(std::move(centroids), c.sub_vectors, c.codebook, layer.weights, layer.out_c, opt.table);
        }
        next.resize(static_cast<std::size_t>(n) * layer.outSize());
        for (int i = 0; i < n; ++i)
            runLayer(layer, layerOf(pq, l), acts.data() + static_cast<std::size_t>(i) * layer.inSize(),
                     next.data() + static_cast<std::size_t>(i) * layer.outSize(), s);
        acts.swap(next);
    }
    return ParseResult<PqNet>::success(std::move(pq));
}

double pqTestAccuracy(const SmallNet& net, const PqNet& pq, const Dataset& data) {
    tbb::enumerable_thread_specific<Scratch> spaces([&] { return Scratch(net); });
    const int correct = tbb::parallel_reduce(
        tbb::blocked_range<int>(0, data.testSize(), 64), 0,
        [&](const tbb::blocked_range<int>& r, int acc) {
            Scratch& s = spaces.local();
            for (int i = r.begin(); i < r.end(); ++i) {
                loadPixels(data, true, i, s.a.data());
                acc += predict(net, pq, s) == data.test_labels[i];
            }
            return acc;
        },
        [](int x, int y) { return x + y; });
    return data.testSize() > 0 ? double(correct) / data.testSize() : 0.0;
}

} // namespace archscape::accuracy
