#include "io/scalesim_topology.h"

#include <filesystem>
#include <set>

#include "io/scalesim_text.h"

namespace archscape::io {

namespace {
constexpr const char* kConvFields[] = {"layer name", "IFMAP height", "IFMAP width", "filter height", "filter width",
                                       "channels", "number of filters", "stride", "column stride"};
constexpr const char* kGemmFields[] = {"layer name", "M", "N", "K"};
} // namespace

model::SystolicProblem ScaleSimLayer::problem() const {
    if (gemm) return model::scaleSimGemmProblem(gemm_m, gemm_n, gemm_k);
    if (depthwiseSplit()) {
        model::SystolicProblem p = model::scaleSimConvProblem(ifmap_h, ifmap_w, filter_h, filter_w, 1, filters, stride_h, stride_w);
        p.groups = channels;
        return p;
    }
    return model::scaleSimConvProblem(ifmap_h, ifmap_w, filter_h, filter_w, channels, filters, stride_h, stride_w);
}

workload::Layer ScaleSimLayer::layer() const {
    using workload::Dim;
    workload::Layer l;
    l.name = name;
    if (gemm) {
        l.type = workload::LayerType::Gemm;
        l.bounds[Dim::P] = gemm_m;
        l.bounds[Dim::K] = gemm_n;
        l.bounds[Dim::C] = gemm_k;
        return l;
    }
    const model::SystolicProblem p = problem();
    l.type = workload::LayerType::Conv;
    l.bounds[Dim::G] = p.groups;
    l.bounds[Dim::C] = p.channels;
    l.bounds[Dim::K] = filters;
    l.bounds[Dim::R] = filter_h;
    l.bounds[Dim::S] = filter_w;
    l.bounds[Dim::P] = p.out_h;
    l.bounds[Dim::Q] = p.out_w;
    l.stride_h = stride_h;
    l.stride_w = stride_w;
    return l;
}

workload::Network ScaleSimTopology::network() const {
    workload::Network net;
    net.name = name;
    std::set<std::string> used;
    for (const auto& row : layers) {
        workload::Layer l = row.layer();
        for (int n = 2; used.count(l.name); ++n) l.name = row.name + "_" + std::to_string(n);
        used.insert(l.name);
        net.layers.push_back(std::move(l));
    }
    return net;
}

ParseResult<ScaleSimTopology> parseScaleSimTopology(std::string_view text, std::string name, ScaleSimTopologyFormat format) {
    std::vector<Diagnostic> errors;
    ScaleSimTopology topo;
    topo.name = std::move(name);
    const std::vector<std::string_view> lines = splitFields(text, '\n');
    bool header_seen = false;
    for (std::size_t line_no = 1; line_no <= lines.size(); ++line_no) {
        const std::string_view line = lines[line_no - 1];
        if (line.empty() || line.front() == '#') continue;
        std::vector<std::string_view> f = splitFields(line, ',');
        while (!f.empty() && f.back().empty()) f.pop_back();  // SCALE-Sim's trailing comma
        if (!header_seen) {
            header_seen = true;
            if (format == ScaleSimTopologyFormat::Auto)
                format = f.size() == 4 ? ScaleSimTopologyFormat::Gemm : ScaleSimTopologyFormat::Conv;
            continue;
        }
        const std::string where = linePath(line_no);
        const bool gemm = format == ScaleSimTopologyFormat::Gemm;
        const std::size_t need = gemm ? 4 : 8, most = gemm ? 4 : 9;
        if (f.size() < need || f.size() > most) {
            std::string expect;
            for (std::size_t i = 0; i < need; ++i) expect += (i ? ", " : "") + std::string(gemm ? kGemmFields[i] : kConvFields[i]);
            errors.push_back({where, "expected " + std::to_string(need) + " fields (" + expect +
                                         (gemm ? "" : "[, column stride]") + "), got " + std::to_string(f.size())});
            continue;
        }
        ScaleSimLayer row;
        row.gemm = gemm;
        row.name = std::string(f[0]);
        if (row.name.empty()) errors.push_back({where, "empty layer name"});
        std::int64_t v[9] = {};
        bool ok = true;
        for (std::size_t i = 1; i < f.size(); ++i) {
            const auto x = parseInteger(f[i]);
            const char* field = gemm ? kGemmFields[i] : kConvFields[i];
            if (!x || *x < 1 || *x > 2'000'000'000) {
                errors.push_back({where, std::string(field) + ": expected a positive integer, got \"" + std::string(f[i]) + "\""});
                ok = false;
            } else {
                v[i] = *x;
            }
        }
        if (!ok) continue;
        if (gemm) {
            row.gemm_m = v[1], row.gemm_n = v[2], row.gemm_k = v[3];
        } else {
            row.ifmap_h = v[1], row.ifmap_w = v[2], row.filter_h = v[3], row.filter_w = v[4];
            row.channels = v[5], row.filters = v[6];
            row.stride_h = int(v[7]);
            row.stride_w = int(f.size() == 9 ? v[8] : v[7]);
            if (row.filter_h > row.ifmap_h || row.filter_w > row.ifmap_w) {
                errors.push_back({where, "filter " + std::to_string(row.filter_h) + "x" + std::to_string(row.filter_w) +
                                             " is larger than the " + std::to_string(row.ifmap_h) + "x" +
                                             std::to_string(row.ifmap_w) + " ifmap (SCALE-Sim has no padding)"});
                continue;
            }
            if (row.stride_h > row.ifmap_h || row.stride_w > row.ifmap_w) {
                errors.push_back({where, "stride larger than the ifmap"});
                continue;
            }
        }
        topo.layers.push_back(std::move(row));
    }
    if (!header_seen) errors.push_back({"", "empty topology: expected a header line and one row per layer"});
    else if (topo.layers.empty() && errors.empty()) errors.push_back({"", "no layers after the header line"});
    if (!errors.empty()) return ParseResult<ScaleSimTopology>::failure(std::move(errors));
    return ParseResult<ScaleSimTopology>::success(std::move(topo));
}

ParseResult<ScaleSimTopology> readScaleSimTopologyFile(const std::string& path, ScaleSimTopologyFormat format) {
    const auto text = readTextFile(path);
    if (!text) return ParseResult<ScaleSimTopology>::failure({{"", "cannot read the file"}});
    return parseScaleSimTopology(*text, std::filesystem::path(path).stem().string(), format);
}

ParseResult<workload::Network> readScaleSimTopology(const std::string& path, ScaleSimTopologyFormat format) {
    auto t = readScaleSimTopologyFile(path, format);
    if (!t.ok()) return ParseResult<workload::Network>::failure(std::move(t.errors));
    return ParseResult<workload::Network>::success(t.value->network());
}

} // namespace archscape::io
