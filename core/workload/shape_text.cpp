#include "workload/shape_text.h"

namespace archscape::workload {

namespace {
std::string n(std::int64_t x) { return std::to_string(x); }
} // namespace

std::string shapeText(const Layer& l) {
    const auto& b = l.bounds;
    const std::string batch = b[Dim::N] > 1 ? "N" + n(b[Dim::N]) + " " : "";
    switch (l.type) {
    case LayerType::Conv: {
        std::string s = batch + "K" + n(b[Dim::K]) + " C" + n(b[Dim::C]) + " " + n(b[Dim::P]) + "x" + n(b[Dim::Q]) +
                        " " + n(b[Dim::R]) + "x" + n(b[Dim::S]);
        if (l.stride_h > 1 || l.stride_w > 1) s += "/" + n(l.stride_h);
        if (b[Dim::G] > 1) s += " g" + n(b[Dim::G]);
        return s;
    }
    case LayerType::Gemm: return batch + "M" + n(b[Dim::P]) + " N" + n(b[Dim::K]) + " K" + n(b[Dim::C]);
    case LayerType::BatchedMatmul:
        return batch + n(b[Dim::G]) + "x M" + n(b[Dim::P]) + " N" + n(b[Dim::K]) + " K" + n(b[Dim::C]);
    case LayerType::ProductQuantized:
        return batch + "M" + n(b[Dim::P]) + " N" + n(b[Dim::K]) + " K" + n(b[Dim::C]) + " pq" + n(l.pq_sub_vectors) +
               "x" + n(l.pq_codebook);
    case LayerType::Butterfly:
        return batch + (b[Dim::G] > 1 ? n(b[Dim::G]) + "x " : "") + "M" + n(b[Dim::P]) + " n" + n(b[Dim::K]) + " bfly";
    case LayerType::Pool:
        return batch + "C" + n(b[Dim::G]) + " " + n(b[Dim::P]) + "x" + n(b[Dim::Q]) + " " + n(b[Dim::R]) + "x" +
               n(b[Dim::S]) + (l.stride_h > 1 ? "/" + n(l.stride_h) : "");
    default: return batch + "C" + n(b[Dim::G]) + " " + n(b[Dim::P]) + "x" + n(b[Dim::Q]);
    }
}

} // namespace archscape::workload
