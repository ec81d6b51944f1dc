#include "search/system_space.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "common/format_number.h"
#include "search/rng.h"
#include "search/shape_key.h"

namespace archscape::search {

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

std::int64_t saturatingMul(std::int64_t a, std::int64_t b) {
    std::int64_t r = 0;
    return __builtin_mul_overflow(a, b, &r) ? kMax : r;
}

/// C(n, k), saturating.
std::int64_t binomial(std::int64_t n, std::int64_t k) {
    if (k < 0 || k > n) return 0;
    k = std::min(k, n - k);
    std::int64_t r = 1;
    for (std::int64_t i = 1; i <= k; ++i) {
        // r·(n−k+i)/i stays an integer at every step (it is C(n−k+i, i)).
        if (r > kMax / (n - k + i)) return kMax;
        r = r * (n - k + i) / i;
    }
    return r;
}

/// Designs per PE split: the product of the other axes' sizes.
std::int64_t perSplit(const SystemSpace& s) {
    std::int64_t n = std::int64_t(s.buffer_scales.size());
    n = saturatingMul(n, std::int64_t(s.buffer_splits.size()));
    n = saturatingMul(n, std::int64_t(s.dram_bandwidths_bytes_per_cycle.size()));
    n = saturatingMul(n, std::int64_t(s.dram_sharings.size()));
    for (const NetworkChoice& c : s.network_choices) n = saturatingMul(n, std::int64_t(c.candidates.size()));
    return n;
}

std::int64_t splitsOf(const SystemSpace& s, std::size_t units) {
    if (s.pe_step <= 0 || units == 0) return 0;
    return binomial(s.pe_budget / s.pe_step - 1, std::int64_t(units) - 1);
}

void appendSplits(std::int64_t steps, int units, std::vector<std::int64_t>& prefix, std::int64_t step,
                  std::vector<std::vector<std::int64_t>>& out) {
    if (units == 1) {
        prefix.push_back(steps * step);
        out.push_back(prefix);
        prefix.pop_back();
        return;
    }
    for (std::int64_t k = 1; k <= steps - (units - 1); ++k) {
        prefix.push_back(k * step);
        appendSplits(steps - k, units - 1, prefix, step, out);
        prefix.pop_back();
    }
}

} // namespace

std::string_view toString(BufferSplit s) { return s == BufferSplit::ByPes ? "pe" : "equal"; }

std::optional<BufferSplit> parseBufferSplit(std::string_view s) {
    if (s == "pe") return BufferSplit::ByPes;
    if (s == "equal") return BufferSplit::Equal;
    return std::nullopt;
}

std::string_view toString(DramSharing s) { return s == DramSharing::Demand ? "demand" : "static"; }

std::optional<DramSharing> parseDramSharing(std::string_view s) {
    if (s == "demand") return DramSharing::Demand;
    if (s == "static") return DramSharing::Static;
    return std::nullopt;
}

hardware::PeArray peArrayOf(std::int64_t pes, const hardware::PeArray& like) {
    hardware::PeArray a = like;
    std::int64_t rows = 1;
    for (std::int64_t r = 1; r * r <= pes; r *= 2)
        if (pes % r == 0) rows = r;
    a.rows = int(rows);
    a.cols = int(pes / rows);
    return a;
}

std::int64_t bufferBytes(const hardware::Accelerator& acc) {
    std::int64_t n = 0;
    for (const auto& l : acc.levels)
        if (l.kind != hardware::MemoryKind::Dram && !l.per_pe) n += l.capacity_bytes;
    return n;
}

std::int64_t SystemSpace::size() const {
    const std::int64_t rest = perSplit(*this);
    std::int64_t n = 0;
    for (const auto& set : unit_sets) {
        const std::int64_t k = saturatingMul(splitsOf(*this, set.size()), rest);
        if (k > kMax - n) return kMax;
        n += k;
    }
    return n;
}

std::vector<std::vector<std::int64_t>> SystemSpace::peSplits(int units) const {
    std::vector<std::vector<std::int64_t>> out;
    if (pe_step <= 0 || units <= 0) return out;
    std::vector<std::int64_t> prefix;
    appendSplits(pe_budget / pe_step, units, prefix, pe_step, out);
    return out;
}

std::vector<std::int64_t> SystemSpace::peSplitAt(int units, std::int64_t k) const {
    // Unranking in peSplits' order: the first share takes j steps for the smallest j whose block of
    // C(steps − j − 1, units − 2) completions contains k.
    std::vector<std::int64_t> split;
    std::int64_t steps = pe_budget / pe_step;
    for (int left = units; left > 1; --left) {
        std::int64_t j = 1;
        // The last possible j leaves one step per remaining unit (reached only for k out of range).
        for (; j < steps - (left - 1); ++j) {
            const std::int64_t block = binomial(steps - j - 1, left - 2);
            if (k < block) break;
            k -= block;
        }
        split.push_back(j * pe_step);
        steps -= j;
    }
    split.push_back(steps * pe_step);
    return split;
}

SystemChoice SystemSpace::choiceOf(std::int64_t index) const {
    SystemChoice c;
    const std::int64_t rest = perSplit(*this);
    for (std::size_t s = 0; s < unit_sets.size(); ++s) {
        const std::int64_t k = saturatingMul(splitsOf(*this, unit_sets[s].size()), rest);
        if (index < k) {
            c.unit_set = int(s);
            break;
        }
        index -= k;
    }
    std::int64_t r = index % rest;
    c.pe_split = int(index / rest);
    c.networks.assign(network_choices.size(), 0);
    for (std::size_t k = network_choices.size(); k-- > 0;) {
        const auto n = std::int64_t(network_choices[k].candidates.size());
        c.networks[k] = int(r % n);
        r /= n;
    }
    c.dram_sharing = int(r % std::int64_t(dram_sharings.size()));
    r /= std::int64_t(dram_sharings.size());
    c.dram_bandwidth = int(r % std::int64_t(dram_bandwidths_bytes_per_cycle.size()));
    r /= std::int64_t(dram_bandwidths_bytes_per_cycle.size());
    c.buffer_split = int(r % std::int64_t(buffer_splits.size()));
    r /= std::int64_t(buffer_splits.size());
    c.buffer_scale = int(r);
    return c;
}

SystemDesign SystemSpace::designAt(std::int64_t index) const {
    const SystemChoice c = choiceOf(index);
    const std::vector<int>& set = unit_sets[c.unit_set];
    const std::vector<std::int64_t> split = peSplitAt(int(set.size()), c.pe_split);
    const double scale = buffer_scales[c.buffer_scale];
    const double bandwidth = dram_bandwidths_bytes_per_cycle[c.dram_bandwidth];
    const DramSharing sharing = dram_sharings[c.dram_sharing];
    // Buffer bytes each unit gets: its template's bytes per PE × its PEs × scale, or, split
    // equally, the mean of those over the units.
    std::vector<double> bytes(set.size());
    for (std::size_t i = 0; i < set.size(); ++i) {
        const hardware::Accelerator& t = templates[set[i]].accelerator;
        bytes[i] = double(bufferBytes(t)) * double(split[i]) / double(t.pe.count()) * scale;
    }
    if (buffer_splits[c.buffer_split] == BufferSplit::Equal) {
        double total = 0;
        for (double b : bytes) total += b;
        std::fill(bytes.begin(), bytes.end(), total / double(set.size()));
    }
    SystemDesign d;
    d.system.name = name + "#" + std::to_string(index);
    d.system.description = labelOf(index);
    d.system.pe_budget = pe_budget;
    d.system.dram_bandwidth_bytes_per_cycle = bandwidth;
    for (std::size_t i = 0; i < set.size(); ++i) {
        const UnitTemplate& t = templates[set[i]];
        hardware::Accelerator acc = t.accelerator;
        acc.pe = peArrayOf(split[i], t.accelerator.pe);
        const double factor = bytes[i] / double(std::max<std::int64_t>(1, bufferBytes(t.accelerator)));
        for (auto& l : acc.levels) {
            const std::int64_t block = std::max<std::int64_t>(1, std::int64_t(l.word_bits) * l.block_words / 8);
            if (l.kind == hardware::MemoryKind::Dram) {
                const double share =
                    sharing == DramSharing::Demand ? bandwidth : bandwidth * double(split[i]) / double(pe_budget);
                l.bandwidth_words_per_cycle = share * 8.0 / l.word_bits;
            } else if (!l.per_pe) {
                // Whole blocks (accesses), at least one.
                const auto blocks = std::int64_t(std::llround(double(l.capacity_bytes) * factor / double(block)));
                l.capacity_bytes = std::max<std::int64_t>(1, blocks) * block;
            }
        }
        acc.name = t.name + "_" + std::to_string(split[i]);
        std::string unit = t.name;
        for (int k = 2; std::any_of(d.system.units.begin(), d.system.units.end(),
                                    [&](const hardware::SystemUnit& u) { return u.name == unit; });
             ++k)
            unit = t.name + "#" + std::to_string(k);
        d.system.units.push_back({unit, std::move(acc)});
        d.policies.push_back(t.policy);
    }
    return d;
}

std::string SystemSpace::labelOf(std::int64_t index) const {
    const SystemChoice c = choiceOf(index);
    const std::vector<int>& set = unit_sets[c.unit_set];
    const std::vector<std::int64_t> split = peSplitAt(int(set.size()), c.pe_split);
    std::string s;
    for (std::size_t i = 0; i < set.size(); ++i)
        s += (i ? "+" : "") + templates[set[i]].name + ":" + std::to_string(split[i]);
    s += " buf*" + formatNumber(buffer_scales[c.buffer_scale], "%g");
    s += " " + std::string(toString(buffer_splits[c.buffer_split]));
    s += " bw" + formatNumber(dram_bandwidths_bytes_per_cycle[c.dram_bandwidth], "%g");
    s += " " + std::string(toString(dram_sharings[c.dram_sharing]));
    for (std::size_t k = 0; k < network_choices.size(); ++k)
        s += " " + network_choices[k].entry + "=" + network_choices[k].candidates[c.networks[k]].name;
    return s;
}

workload::WorkloadMix SystemSpace::mixAt(const workload::WorkloadMix& mix, std::int64_t index) const {
    if (network_choices.empty()) return mix;
    const SystemChoice c = choiceOf(index);
    workload::WorkloadMix m = mix;
    // Matched against the mix as given, so a candidate named like another entry changes nothing else.
    for (std::size_t k = 0; k < network_choices.size(); ++k)
        for (std::size_t e = 0; e < mix.entries.size(); ++e)
            if (mix.entries[e].network.name == network_choices[k].entry)
                m.entries[e].network = network_choices[k].candidates[c.networks[k]].network;
    return m;
}

double SystemSpace::accuracyAt(std::int64_t index) const {
    if (network_choices.empty()) return NAN;
    const SystemChoice c = choiceOf(index);
    double sum = 0;
    for (std::size_t k = 0; k < network_choices.size(); ++k) sum += network_choices[k].candidates[c.networks[k]].top1;
    return sum / double(network_choices.size());
}

std::uint64_t SystemSpace::fingerprint() const {
    std::uint64_t h = 0x737973;
    const auto add = [&](std::uint64_t v) { h = mixSeed(h, v); };
    const auto addDouble = [&](double v) { add(std::bit_cast<std::uint64_t>(v)); };
    const auto addText = [&](std::string_view s) {
        add(s.size());
        for (char ch : s) add(static_cast<unsigned char>(ch));
    };
    const auto addOptional = [&](const std::optional<double>& o) {
        add(o.has_value());
        if (o) addDouble(*o);
    };
    add(templates.size());
    for (const UnitTemplate& t : templates) {
        addText(t.name);
        add(mappingRelevantHash(t.accelerator));
        addDouble(t.accelerator.clock_mhz);
        const EvaluationPolicy& p = t.policy;
        add(std::uint64_t(p.mode));
        add(std::uint64_t(p.dataflow));
        add(std::uint64_t(p.budget));
        add(p.free_mapspace);
        add(std::uint64_t(p.mapper.strategy));
        addDouble(p.mapper.objective.latency_weight);
        addDouble(p.mapper.objective.energy_weight);
    }
    add(std::uint64_t(pe_budget));
    add(std::uint64_t(pe_step));
    add(unit_sets.size());
    for (const auto& set : unit_sets) {
        add(set.size());
        for (int u : set) add(std::uint64_t(u));
    }
    add(buffer_scales.size());
    for (double v : buffer_scales) addDouble(v);
    add(buffer_splits.size());
    for (BufferSplit v : buffer_splits) add(std::uint64_t(v));
    add(dram_bandwidths_bytes_per_cycle.size());
    for (double v : dram_bandwidths_bytes_per_cycle) addDouble(v);
    add(dram_sharings.size());
    for (DramSharing v : dram_sharings) add(std::uint64_t(v));
    addOptional(constraints.max_area_mm2);
    addOptional(constraints.max_latency_ms);
    addOptional(constraints.max_power_w);
    addOptional(constraints.max_energy_mj);
    add(network_choices.size());
    for (const NetworkChoice& c : network_choices) {
        addText(c.entry);
        add(c.candidates.size());
        for (const NetworkCandidate& n : c.candidates) {
            addText(n.name);
            addDouble(n.top1);
            add(n.network.layers.size());
            for (const auto& l : n.network.layers) add(shapeHash(l));
            add(n.network.edges.size());
            for (const auto& [from, to] : n.network.edges) add(std::uint64_t(from) << 32 | std::uint64_t(to));
        }
    }
    return h;
}

} // namespace archscape::search
