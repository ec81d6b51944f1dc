#include "io/maestro_mapping.h"

#include <algorithm>
#include <optional>
#include <sstream>

#include "mapping/loop_nest.h"

namespace archscape::io {

using workload::Dim;
using workload::LayerType;

namespace {

std::string at(int line) { return "line " + std::to_string(line); }

std::optional<Dim> dimOf(const std::string& type, const std::string& d) {
    if (type == "GEMM") {
        if (d == "M") return Dim::P;
        if (d == "N") return Dim::K;
        if (d == "K") return Dim::C;
        return std::nullopt;
    }
    if (d == "N") return Dim::N;
    if (d == "K") return Dim::K;
    // NGCONV: MAESTRO's G groups of C channels are Archscape's G·C groups of one channel.
    if (d == "G" && type == "NGCONV") return Dim::G;
    if (d == "C") return type == "DSCONV" || type == "NGCONV" ? Dim::G : Dim::C;
    if (d == "R") return Dim::R;
    if (d == "S") return Dim::S;
    if (d == "Y" || d == "Y'") return Dim::P;
    if (d == "X" || d == "X'") return Dim::Q;
    return std::nullopt;
}

std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

/// Makes the outermost non-unit loop of every dimension run ceil(bound / inner) times, as
/// mapping::checkStructure requires of padded mappings.
void fixPadding(mapping::Mapping& m, const workload::Layer& layer, int fanout) {
    for (Dim d : workload::kAllDims) {
        std::int64_t total = m.paddedBound(d);
        if (total == layer.bound(d)) continue;
        for (int i = 0; i <= m.num_levels; ++i) {
            if (i == fanout) {
                std::int32_t* s = m.spatial_y[d] > 1 ? &m.spatial_y[d] : m.spatial_x[d] > 1 ? &m.spatial_x[d] : nullptr;
                if (s) {
                    const std::int64_t inner = total / *s;
                    *s = std::int32_t(ceilDiv(layer.bound(d), inner));
                    break;
                }
            }
            if (i == m.num_levels) break;
            std::int32_t& f = m.levels[i].factors[d];
            if (f > 1) {
                const std::int64_t inner = total / f;
                f = std::int32_t(ceilDiv(layer.bound(d), inner));
                break;
            }
        }
    }
}

} // namespace

ParseResult<workload::Layer> maestroLayer(const MaestroLayer& ml) {
    std::vector<Diagnostic> errors;
    workload::Layer l;
    l.name = ml.name;
    const auto dim = [&](const char* n, bool required) -> std::int64_t {
        const auto it = ml.dims.find(n);
        if (it != ml.dims.end()) return it->second;
        if (required) errors.push_back({at(ml.line), "layer " + ml.name + ": Dimensions lacks " + n});
        return 1;
    };
    const auto knownDims = [&](std::initializer_list<const char*> names) {
        for (const auto& [k, v] : ml.dims)
            if (std::none_of(names.begin(), names.end(), [&k = k](const char* n) { return k == n; }))
                errors.push_back(
                    {at(ml.line), "layer " + ml.name + ": dimension " + k + " is not one of " + ml.type + "'s"});
    };
    if (ml.type == "CONV" || ml.type == "DSCONV" || ml.type == "NGCONV" || ml.type == "TRCONV") {
        if (ml.type == "NGCONV") knownDims({"N", "G", "K", "C", "R", "S", "Y", "X", "Y'", "X'"});
        else knownDims({"N", "K", "C", "R", "S", "Y", "X", "Y'", "X'"});
        l.type = LayerType::Conv;
        l.stride_h = int(ml.stride.count("Y") ? ml.stride.at("Y") : 1);
        l.stride_w = int(ml.stride.count("X") ? ml.stride.at("X") : 1);
        l.bounds[Dim::N] = dim("N", false);
        l.bounds[Dim::R] = dim("R", true);
        l.bounds[Dim::S] = dim("S", true);
        const auto out = [&](const char* in, const char* outn, Dim r, int stride) -> std::int64_t {
            if (ml.dims.count(outn)) return ml.dims.at(outn);
            const std::int64_t y = dim(in, true), k = l.bounds[r];
            if (y < k) {
                errors.push_back({at(ml.line), "layer " + ml.name + ": input " + in + " = " + std::to_string(y) +
                                                   " is smaller than the filter (" + std::to_string(k) + ")"});
                return 1;
            }
            return (y - k) / stride + 1;
        };
        l.bounds[Dim::P] = out("Y", "Y'", Dim::R, l.stride_h);
        l.bounds[Dim::Q] = out("X", "X'", Dim::S, l.stride_w);
        if (ml.type == "CONV" || ml.type == "TRCONV") {
            // TRCONV: as MAESTRO analyses it, a CONV over the declared dimensions.
            l.bounds[Dim::K] = dim("K", true);
            l.bounds[Dim::C] = dim("C", true);
        } else if (ml.type == "NGCONV") {
            // MAESTRO's NGCONV indexes the output by G, K and C (no reduction over C): G·C groups
            // of one input channel and K outputs each.
            l.bounds[Dim::G] = dim("G", true) * dim("C", true);
            l.bounds[Dim::K] = dim("K", true);
        } else {
            l.bounds[Dim::G] = dim("C", true); // K is declared but indexes no tensor (maestro.md §3)
        }
    } else if (ml.type == "GEMM") {
        knownDims({"M", "N", "K"});
        l.type = LayerType::Gemm;
        l.bounds[Dim::P] = dim("M", true);
        l.bounds[Dim::K] = dim("N", true);
        l.bounds[Dim::C] = dim("K", true);
    } else {
        errors.push_back(
            {at(ml.line), "layer " + ml.name + ": type " + ml.type +
                              " is not supported (CONV, DSCONV, NGCONV, TRCONV and GEMM are; MAESTRO itself does not "
                              "implement FC, POOL or LSTM)"});
    }
    for (const auto& [k, v] : ml.stride)
        if (k != "X" && k != "Y")
            errors.push_back({at(ml.line), "layer " + ml.name + ": Stride " + k + " is not X or Y"});
    // Sizes in range can still multiply past the int64 counts (three GEMM sizes of 2^31 - 1).
    if (errors.empty())
        if (const std::string e = workload::countsOverflow(l); !e.empty())
            errors.push_back({at(ml.line), "layer " + ml.name + ": expected " + e});
    if (!errors.empty()) return ParseResult<workload::Layer>::failure(std::move(errors));
    return ParseResult<workload::Layer>::success(l);
}

std::int64_t maestroClusterSize(const std::vector<MaestroDirective>& flow) {
    std::int64_t u = 0;
    for (const auto& d : flow)
        if (d.kind == MaestroDirective::Kind::Cluster) u = (u == 0 ? 1 : u) * d.size;
    return u;
}

ParseResult<mapping::Mapping> maestroMapping(const MaestroLayer& ml, const workload::Layer& layer,
                                             const hardware::Accelerator& acc) {
    std::vector<Diagnostic> errors;
    const int fanout = acc.fanoutLevel();
    if (fanout < 1 || fanout >= acc.numLevels())
        return ParseResult<mapping::Mapping>::failure(
            {{"", "the accelerator needs a shared level above a per-PE level to take a MAESTRO dataflow"}});
    // Split the directive list into cluster levels.
    std::vector<std::vector<MaestroDirective>> levels(1);
    std::vector<std::int64_t> sizes;
    for (const auto& d : ml.dataflow) {
        if (d.kind == MaestroDirective::Kind::Cluster) {
            levels.emplace_back();
            sizes.push_back(d.size);
        } else {
            levels.back().push_back(d);
        }
    }
    const std::int64_t U = maestroClusterSize(ml.dataflow);
    const std::int64_t pes = acc.pe.count();
    if (U > 0 && pes / U == 0)
        return ParseResult<mapping::Mapping>::failure(
            {{at(ml.line), "layer " + ml.name + ": clusters of " + std::to_string(U) + " PEs leave zero clusters on " +
                               std::to_string(pes) + " PEs"}});

    // Each layer has its own cluster structure (MAESTRO's clusters are per layer), but the accelerator
    // has one rows x cols array: a first pass collects every level's sub-cluster counts, which are
    // then placed on the array innermost level first (columns, then rows, splitting a count over
    // both when it fits neither alone); a count the array cannot hold exactly is rounded down and the
    // rest folds over time (under-utilisation, Archscape's own model only).
    struct Placement {
        std::int64_t x = 1, y = 1;
    };
    std::vector<std::int64_t> wanted;
    std::vector<int> wanted_level;
    std::vector<bool> dropped;
    std::vector<Placement> placed;
    mapping::Mapping m;
    std::vector<Dim> inner_order;
    workload::PerDim<std::int64_t> cur;
    const auto pass = [&](bool real) {
        m = mapping::Mapping{};
        m.num_levels = acc.numLevels();
        inner_order.clear();
        std::size_t request = 0;
        // MAESTRO's steps refill the shared buffer: their loops sit at the outermost level, so that the
        // shared level holds one step's tiles (MAESTRO sizes L2 as twice the first step's traffic).
        mapping::LevelLoops& shared = m.levels[0];
        std::vector<Dim> shared_order; // outermost first
        const auto addLoop = [&](Dim d, std::int64_t trips) {
            if (trips <= 1) return;
            shared.factors[d] *= std::int32_t(trips);
            if (std::find(shared_order.begin(), shared_order.end(), d) == shared_order.end()) shared_order.push_back(d);
        };
        // Sub-clusters granted to a request: in the real pass its placement, spread over the axes.
        const auto grant = [&](Dim d, std::int64_t count, int level) -> std::int64_t {
            const std::size_t k = request++;
            if (!real) {
                wanted.push_back(count);
                wanted_level.push_back(level);
                dropped.push_back(false);
                return count;
            }
            const Placement p = placed[k];
            m.spatial_x[d] *= std::int32_t(p.x);
            m.spatial_y[d] *= std::int32_t(p.y);
            return p.x * p.y;
        };
        const auto ungrant = [&](Dim d, std::size_t k) {
            if (!real) {
                dropped[k] = true;
                return;
            }
            m.spatial_x[d] /= std::int32_t(placed[k].x);
            m.spatial_y[d] /= std::int32_t(placed[k].y);
        };
        cur = layer.bounds;
        for (std::size_t l = 0; l < levels.size(); ++l) {
            const std::int64_t sub = l == 0 ? (U > 0 ? pes / U : pes) : sizes[l - 1];
            workload::PerDim<std::int64_t> next = cur;
            int spatial_seen = 0;
            bool g_seen = false;
            Dim first_dim = Dim::N;
            std::int64_t first_fold = 1;
            std::size_t first_request = 0;
            for (const auto& d : levels[l]) {
                const auto dim = dimOf(ml.type, d.dim);
                if (!dim) {
                    if (!real)
                        errors.push_back(
                            {at(d.line), "directive on " + d.dim + ", which is not a dimension of " + ml.type});
                    continue;
                }
                // MAESTRO rejects a TemporalMap that splits the filter ("Tile size of R(3) should be equal
                // to tile offset of R(7)"): R and S are mapped whole, size = offset = the layer's size.
                if (!real && d.kind == MaestroDirective::Kind::Temporal && (d.dim == "R" || d.dim == "S") &&
                    ml.type != "GEMM" && (d.size != d.offset || d.size != layer.bound(*dim)))
                    errors.push_back({at(d.line), "TemporalMap(" + std::to_string(d.size) + "," +
                                                      std::to_string(d.offset) + ") " + d.dim + ": MAESTRO maps " +
                                                      d.dim +
                                                      " whole (size = offset = " + std::to_string(layer.bound(*dim)) +
                                                      "); it rejects this, or crashes when the "
                                                      "directive was inherited"});
                std::int64_t t = d.size;
                // NGCONV's G directive maps whole groups of C channels (exact when its tile is 1
                // group or all of them; otherwise the groups' channels are taken in order).
                if (ml.type == "NGCONV" && d.dim == "G") t = d.size * (ml.dims.count("C") ? ml.dims.at("C") : 1);
                const bool window = d.dim == "Y" || d.dim == "X";
                if (window) {
                    // sz input rows with an r-row filter tile and stride s hold ⌊(sz + s − r)/s⌋ output rows
                    // (MAESTRO's stride rewrite, shared/reference/maestro.md §3.2-5; s = 1: sz − r + 1).
                    const Dim f = d.dim == "Y" ? Dim::R : Dim::S;
                    const std::int64_t s = d.dim == "Y" ? layer.stride_h : layer.stride_w;
                    std::int64_t rt = cur[f];
                    for (const auto& e : levels[l])
                        if (dimOf(ml.type, e.dim) == f) rt = std::min(rt, e.size);
                    t = d.size >= rt ? (d.size + s - rt) / s : 1;
                    // Input rows this level covers; one step over all of them skips nothing.
                    const std::int64_t rows = (cur[*dim] - 1) * s + rt;
                    // MAESTRO rewrites a strided offset to n·s (contiguous); at stride 1 it is taken as written.
                    if (!real && s == 1 && d.offset > t && d.size < rows)
                        errors.push_back({at(d.line), d.dim + ": offset " + std::to_string(d.offset) +
                                                          " skips output rows (tile of " + std::to_string(t) + ")"});
                } else if (!real && d.offset > d.size && d.size < cur[*dim]) {
                    errors.push_back({at(d.line), d.dim + ": offset " + std::to_string(d.offset) +
                                                      " is larger than size " + std::to_string(d.size) +
                                                      ", so the directives do not cover the layer"});
                }
                // NGCONV: G and C share Archscape's G; the second of them in a level splits the
                // first one's tile (the channels of the groups it took).
                const bool nested = ml.type == "NGCONV" && *dim == Dim::G && g_seen;
                if (ml.type == "NGCONV" && *dim == Dim::G) g_seen = true;
                const std::int64_t extent = nested ? next[*dim] : cur[*dim];
                t = std::max<std::int64_t>(1, std::min(t, extent));
                const std::int64_t trips = ceilDiv(extent, t);
                if (d.kind == MaestroDirective::Kind::Temporal) {
                    addLoop(*dim, trips);
                } else if (++spatial_seen == 1) {
                    first_request = request;
                    const std::int64_t count = grant(*dim, std::min(trips, sub), int(l));
                    first_dim = *dim;
                    first_fold = ceilDiv(trips, count);
                    addLoop(*dim, first_fold);
                } else if (spatial_seen == 2) {
                    const bool pair =
                        (first_dim == Dim::P && *dim == Dim::R) || (first_dim == Dim::R && *dim == Dim::P) ||
                        (first_dim == Dim::Q && *dim == Dim::S) || (first_dim == Dim::S && *dim == Dim::Q);
                    if (!pair) {
                        if (!real)
                            errors.push_back({at(d.line),
                                              "a second SpatialMap moves in lockstep with the first; Archscape "
                                              "expresses that only for output and filter rows (Y with R, X with S)"});
                        continue;
                    }
                    // Row stationary: the filter rows spread over the sub-clusters, each computing the same
                    // output rows; the output dimension goes back to being iterated over time.
                    const Dim out = (first_dim == Dim::P || first_dim == Dim::Q) ? first_dim : *dim;
                    const Dim filt = out == first_dim ? *dim : first_dim;
                    ungrant(first_dim, first_request);
                    if (first_fold > 1) shared.factors[first_dim] /= std::int32_t(first_fold);
                    const std::int64_t cnt = grant(filt, std::min(cur[filt], sub), int(l));
                    next[filt] = ceilDiv(cur[filt], cnt);
                    addLoop(out, cur[out]);
                    next[out] = 1;
                    continue;
                } else {
                    if (!real)
                        errors.push_back({at(d.line), "a third SpatialMap in one cluster level (MAESTRO allows two)"});
                    continue;
                }
                next[*dim] = t;
                if (l + 1 == levels.size() &&
                    std::find(inner_order.begin(), inner_order.end(), *dim) == inner_order.end())
                    inner_order.push_back(*dim);
            }
            if (!real && spatial_seen == 0)
                errors.push_back(
                    {levels[l].empty() ? at(ml.line) : at(levels[l].front().line),
                     "cluster level " + std::to_string(l) + " has no SpatialMap (MAESTRO needs one per level)"});
            cur = next;
        }
        return shared_order;
    };
    pass(false);
    if (!errors.empty()) return ParseResult<mapping::Mapping>::failure(std::move(errors));
    placed.assign(wanted.size(), Placement{});
    {
        std::int64_t capx = acc.pe.cols, capy = acc.pe.rows;
        std::vector<std::size_t> idx(wanted.size());
        for (std::size_t k = 0; k < idx.size(); ++k) idx[k] = k;
        std::stable_sort(idx.begin(), idx.end(),
                         [&](std::size_t a, std::size_t b) { return wanted_level[a] > wanted_level[b]; });
        for (std::size_t k : idx) {
            if (dropped[k]) continue; // the first SpatialMap of a lockstep pair, replaced by the second
            const std::int64_t c = wanted[k];
            Placement p;
            // The level above the clusters goes over rows first (rows x cols = clusters x cluster
            // size when the layer's clusters match the array's), the levels inside over columns.
            const bool rows_first = wanted_level[k] == 0 && U > 0;
            if (rows_first && c <= capy) {
                p.y = c;
            } else if (c <= capx) {
                p.x = c;
            } else if (c <= capy) {
                p.y = c;
            } else {
                // Split over both axes: the largest divisor of c that fits the columns, else round down.
                p.x = std::max<std::int64_t>(1, capx);
                for (std::int64_t a = std::min(capx, c); a >= 1; --a)
                    if (c % a == 0 && c / a <= capy) {
                        p.x = a;
                        break;
                    }
                p.y = std::max<std::int64_t>(1, std::min(capy, c / p.x));
            }
            capx /= p.x;
            capy /= p.y;
            placed[k] = p;
        }
    }
    const std::vector<Dim> shared_order = pass(true);
    mapping::LevelLoops& shared = m.levels[0];
    if (!errors.empty()) return ParseResult<mapping::Mapping>::failure(std::move(errors));
    // The per-PE tile stays in the first per-PE level.
    mapping::LevelLoops& pe = m.levels[fanout];
    for (Dim d : workload::kAllDims) pe.factors[d] = std::int32_t(cur[d]);
    const auto order = [](std::vector<Dim> first) {
        std::array<Dim, workload::kNumDims> o{};
        int k = 0;
        for (Dim d : first) o[k++] = d;
        for (Dim d : workload::kAllDims)
            if (std::find(first.begin(), first.end(), d) == first.end()) o[k++] = d;
        return o;
    };
    shared.order = order(shared_order);
    pe.order = order(inner_order);
    fixPadding(m, layer, fanout);
    return ParseResult<mapping::Mapping>::success(m);
}

ParseResult<std::string> writeMaestroLayer(const workload::Layer& layer, const mapping::Mapping& m,
                                           const hardware::Accelerator& acc) {
    std::vector<Diagnostic> errors;
    const int fanout = std::min(acc.fanoutLevel(), m.num_levels);
    std::string type;
    if (layer.type == LayerType::Gemm) type = "GEMM";
    else if (layer.type == LayerType::Conv && layer.bound(Dim::G) == 1) type = "CONV";
    else if (layer.type == LayerType::Conv && layer.bound(Dim::K) == 1 && layer.bound(Dim::C) == 1) type = "DSCONV";
    else
        errors.push_back({"", layer.name + ": MAESTRO has no model for " + std::string(workload::toString(layer.type)) +
                                  (layer.type == LayerType::Conv ? " with groups" : "")});
    if (layer.dilation_h > 1 || layer.dilation_w > 1) errors.push_back({"", layer.name + ": MAESTRO has no dilation"});
    if (layer.type == LayerType::Gemm && layer.bound(Dim::N) > 1)
        errors.push_back({"", layer.name + ": a GEMM with N > 1 has no MAESTRO form"});
    const auto name = [&](Dim d) -> std::string {
        if (type == "GEMM") return d == Dim::P ? "M" : d == Dim::K ? "N" : "K";
        if (d == Dim::G) return "C";
        if (d == Dim::P) return "Y'";
        if (d == Dim::Q) return "X'";
        return std::string(workload::toString(d));
    };
    // Per-PE tile and the loops above it.
    workload::PerDim<std::int64_t> tile = workload::PerDim<std::int64_t>::filled(1);
    for (int i = fanout; i < m.num_levels; ++i)
        for (Dim d : workload::kAllDims) tile[d] *= m.levels[i].factors[d];
    for (Dim d : {Dim::R, Dim::S}) {
        bool split = false;
        for (int i = 0; i < fanout; ++i) split = split || m.levels[i].factors[d] > 1;
        if (split)
            errors.push_back({"", layer.name + ": filter dimension " + std::string(workload::toString(d)) +
                                      " iterates at a shared level; MAESTRO needs TemporalMap(Sz(R),Sz(R)) R"});
        if (m.spatial_x[d] * m.spatial_y[d] > 1)
            errors.push_back({"", layer.name + ": filter dimension " + std::string(workload::toString(d)) +
                                      " is spread over PEs; write it as a lockstep SpatialMap by hand"});
    }
    std::vector<Dim> xs, ys;
    for (Dim d : workload::kAllDims) {
        if (m.spatial_x[d] > 1) xs.push_back(d);
        if (m.spatial_y[d] > 1) ys.push_back(d);
    }
    if (xs.size() > 1 || ys.size() > 1)
        errors.push_back({"", layer.name + ": two dimensions share one array axis; MAESTRO's SpatialMaps in a level "
                                           "move in lockstep"});
    if (!errors.empty()) return ParseResult<std::string>::failure(std::move(errors));

    std::ostringstream o;
    o << "  Layer " << layer.name << " {\n    Type: " << type << "\n";
    if (type != "GEMM" && (layer.stride_h > 1 || layer.stride_w > 1))
        o << "    Stride { X: " << layer.stride_w << ", Y: " << layer.stride_h << " }\n";
    o << "    Dimensions { ";
    if (type == "GEMM") {
        o << "M: " << layer.bound(Dim::P) << ", N: " << layer.bound(Dim::K) << ", K: " << layer.bound(Dim::C);
    } else {
        if (layer.bound(Dim::N) > 1) o << "N: " << layer.bound(Dim::N) << ", ";
        o << "K: " << (type == "DSCONV" ? 1 : layer.bound(Dim::K))
          << ", C: " << (type == "DSCONV" ? layer.bound(Dim::G) : layer.bound(Dim::C)) << ", R: " << layer.bound(Dim::R)
          << ", S: " << layer.bound(Dim::S)
          << ", Y: " << (layer.bound(Dim::P) - 1) * layer.stride_h + layer.bound(Dim::R)
          << ", X: " << (layer.bound(Dim::Q) - 1) * layer.stride_w + layer.bound(Dim::S);
    }
    o << " }\n    Dataflow {\n";
    // Sizes inside each loop: walk the shared loops outermost first, dividing the remaining extent.
    workload::PerDim<std::int64_t> remaining = workload::PerDim<std::int64_t>::filled(1);
    for (Dim d : workload::kAllDims) remaining[d] = m.paddedBound(d);
    const auto spatialDirective = [&](Dim d) {
        o << "      SpatialMap(" << tile[d] << "," << tile[d] << ") " << name(d) << ";\n";
    };
    std::vector<Dim> placed;
    // Without a Cluster everything is one level, where MAESTRO takes one directive per dimension:
    // a shared-level TemporalMap already carries the PE's tile of that dimension.
    std::vector<Dim> emitted;
    const Dim ydim = ys.empty() ? Dim::N : ys[0];
    const Dim xdim = xs.empty() ? Dim::N : xs[0];
    const bool clusters = !ys.empty() && !xs.empty();
    const Dim top_spatial = clusters ? ydim : (!xs.empty() ? xdim : (!ys.empty() ? ydim : Dim::K));
    for (int i = 0; i < fanout; ++i)
        for (Dim d : m.levels[i].order) {
            const std::int64_t f = m.levels[i].factors[d];
            if (f <= 1) continue;
            remaining[d] /= f;
            if ((d == xdim && !xs.empty()) || (d == ydim && !ys.empty())) {
                // A spatial dimension folds over time where its SpatialMap sits.
                if (d == top_spatial && std::find(placed.begin(), placed.end(), d) == placed.end()) {
                    o << "      SpatialMap(" << (clusters ? remaining[d] / (m.spatial_y[d]) : tile[d]) << ","
                      << (clusters ? remaining[d] / (m.spatial_y[d]) : tile[d]) << ") " << name(d) << ";\n";
                    placed.push_back(d);
                }
                continue;
            }
            o << "      TemporalMap(" << remaining[d] << "," << remaining[d] << ") " << name(d) << ";\n";
            emitted.push_back(d);
        }
    if (std::find(placed.begin(), placed.end(), top_spatial) == placed.end()) {
        const std::int64_t sz = clusters ? remaining[top_spatial] / m.spatial_y[top_spatial]
                                         : (xs.empty() && ys.empty() ? layer.bound(top_spatial) : tile[top_spatial]);
        o << "      SpatialMap(" << sz << "," << sz << ") " << name(top_spatial) << ";\n";
    }
    if (clusters) {
        // MAESTRO turns Y'/X' into input rows with the R/S tile of the same level, and reads an
        // uninitialised value when that level has no R/S directive: name the whole filter here.
        if (type != "GEMM") o << "      TemporalMap(Sz(R),Sz(R)) R;\n      TemporalMap(Sz(S),Sz(S)) S;\n";
        o << "      Cluster(" << acc.pe.cols << ",P);\n";
        spatialDirective(xdim);
    }
    for (Dim d : m.levels[fanout < m.num_levels ? fanout : m.num_levels - 1].order) {
        if (d == top_spatial || (clusters && d == xdim)) continue;
        if (type == "GEMM" && d != Dim::P && d != Dim::K && d != Dim::C) continue;
        if (type == "DSCONV" && (d == Dim::K || d == Dim::C)) continue;
        if (type != "GEMM" && d == Dim::G && type != "DSCONV") continue;
        if (d == Dim::N && layer.bound(Dim::N) == 1) continue; // MAESTRO has no N unless declared
        if (!clusters && std::find(emitted.begin(), emitted.end(), d) != emitted.end()) continue;
        if (d == Dim::R || d == Dim::S) {
            o << "      TemporalMap(Sz(" << name(d) << "),Sz(" << name(d) << ")) " << name(d) << ";\n";
            continue;
        }
        o << "      TemporalMap(" << tile[d] << "," << tile[d] << ") " << name(d) << ";\n";
    }
    o << "    }\n  }\n";
    return ParseResult<std::string>::success(o.str());
}

} // namespace archscape::io
