#include "io/scalesim_topology.h"

#include <filesystem>
#include <set>

#include "io/input_file.h"
#include "io/scalesim_text.h"

namespace archscape::io {

namespace {
constexpr const char* kConvFields[] = {"layer name",        "IFMAP height", "IFMAP width",
                                       "filter height",     "filter width", "channels",
                                       "number of filters", "stride",       "column stride"};
constexpr const char* kGemmFields[] = {"layer name", "M", "N", "K"};
} // namespace

model::SystolicProblem ScaleSimLayer::problem() const {
    if (gemm) return model::scaleSimGemmProblem(gemm_m, gemm_n, gemm_k);
    if (depthwiseSplit()) {
        model::SystolicProblem p =
            model::scaleSimConvProblem(ifmap_h, ifmap_w, filter_h, filter_w, 1, filters, stride_h, stride_w);
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
    l.in_h = ifmap_h; // SCALE-Sim's ifmap: with the ceil output size the last windows may overhang it
    l.in_w = ifmap_w;
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

ParseResult<ScaleSimTopology> parseScaleSimTopology(std::string_view text, std::string name,
                                                    ScaleSimTopologyFormat format) {
    if (auto bad = checkUtf8(text)) return ParseResult<ScaleSimTopology>::failure({*bad});
    std::vector<Diagnostic> errors;
    ScaleSimTopology topo;
    topo.name = std::move(name);
    const std::vector<std::string_view> lines = splitFields(text, '\n');
    bool header_seen = false;
    for (std::size_t line_no = 1; line_no <= lines.size(); ++line_no) {
        const std::string_view line = lines[line_no - 1];
        if (line.empty() || line.front() == '#') continue;
        std::vector<std::string_view> f = splitFields(line, ',');
        while (!f.empty() && f.back().empty()) f.pop_back(); // SCALE-Sim's trailing comma
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
            for (std::size_t i = 0; i < need; ++i)
                expect += (i ? ", " : "") + std::string(gemm ? kGemmFields[i] : kConvFields[i]);
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
                errors.push_back(
                    {where, std::string(field) + ": expected a positive integer, got \"" + std::string(f[i]) + "\""});
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
        // Fields of up to 2e9 each multiply past the int64 counts (issue 18).
        if (const std::string e = workload::countsOverflow(row.layer()); !e.empty()) {
            errors.push_back({where, "expected " + e});
            continue;
        }
        topo.layers.push_back(std::move(row));
    }
    if (!header_seen) errors.push_back({"", "empty topology: expected a header line and one row per layer"});
    else if (topo.layers.empty() && errors.empty()) errors.push_back({"", "no layers after the header line"});
    if (!errors.empty()) return ParseResult<ScaleSimTopology>::failure(std::move(errors));
    return ParseResult<ScaleSimTopology>::success(std::move(topo));
}

std::string toScaleSimTopologyCsv(const workload::Network& net, std::vector<std::string>* notes) {
    std::string csv =
        "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n";
    const auto note = [&](std::string n) {
        if (notes) notes->push_back(std::move(n));
    };
    const auto row = [&](const std::string& name, std::int64_t h, std::int64_t w, std::int64_t fh, std::int64_t fw,
                         std::int64_t ch, std::int64_t nf, int sh, int sw) {
        csv += name + ", " + std::to_string(h) + ", " + std::to_string(w) + ", " + std::to_string(fh) + ", " +
               std::to_string(fw) + ", " + std::to_string(ch) + ", " + std::to_string(nf) + ", " + std::to_string(sh);
        if (sw != sh) csv += ", " + std::to_string(sw);
        csv += ",\n";
    };
    for (const auto& l : net.layers) {
        if (workload::isStructured(l.type)) {
            note(l.name + ": " + std::string(workload::toString(l.type)) +
                 " is a structured layer with no dense GEMM form; SCALE-Sim has no such layer, left out");
            continue;
        }
        if (!workload::hasMacs(l.type)) {
            note(l.name + ": " + std::string(workload::toString(l.type)) +
                 " has no MACs; SCALE-Sim has no such layer, left out");
            continue;
        }
        const model::SystolicProblem p = model::lowerToSystolic(l);
        // Names must not contain a comma, and only a deliberate depthwise row may contain "DP".
        std::string name = l.name;
        for (char& c : name)
            if (c == ',') c = '_';
        for (std::size_t at; (at = name.find("DP")) != std::string::npos;) name[at + 1] = 'p';
        if (l.type != workload::LayerType::Conv) {
            for (std::int64_t g = 0; g < p.groups; ++g)
                row(p.groups > 1 ? name + "_b" + std::to_string(g) : name, p.m, p.k, 1, p.k, 1, p.n, 1, 1);
            continue;
        }
        if (p.dilation_h != 1 || p.dilation_w != 1)
            note(l.name + ": dilation is not expressible in SCALE-Sim; written undilated with the same output size");
        const std::int64_t h = workload::windowExtent(p.out_h, p.filter_h, p.stride_h, 1);
        const std::int64_t w = workload::windowExtent(p.out_w, p.filter_w, p.stride_w, 1);
        for (std::int64_t b = 0; b < p.batch; ++b) {
            const std::string base = p.batch > 1 ? name + "_n" + std::to_string(b) : name;
            if (p.groups > 1 && p.channels == 1) {
                row(base + "_DP", h, w, p.filter_h, p.filter_w, p.groups, p.n, p.stride_h, p.stride_w);
            } else {
                for (std::int64_t g = 0; g < p.groups; ++g)
                    row(p.groups > 1 ? base + "_g" + std::to_string(g) : base, h, w, p.filter_h, p.filter_w, p.channels,
                        p.n, p.stride_h, p.stride_w);
            }
        }
    }
    return csv;
}

ParseResult<ScaleSimTopology> readScaleSimTopologyFile(const std::string& path, ScaleSimTopologyFormat format) {
    const auto text = readInputFile(path);
    if (!text.ok()) return ParseResult<ScaleSimTopology>::failure(text.errors);
    return parseScaleSimTopology(*text.value, std::filesystem::path(path).stem().string(), format);
}

ParseResult<workload::Network> readScaleSimTopology(const std::string& path, ScaleSimTopologyFormat format) {
    auto t = readScaleSimTopologyFile(path, format);
    if (!t.ok()) return ParseResult<workload::Network>::failure(std::move(t.errors));
    return ParseResult<workload::Network>::success(t.value->network());
}

} // namespace archscape::io
