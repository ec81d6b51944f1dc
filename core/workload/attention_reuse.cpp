#include "workload/attention_reuse.h"

#include <algorithm>
#include <charconv>

namespace archscape::workload {

namespace {

constexpr std::string_view kMapNames[] = {"self", "cross", "both"};

bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool covers(AttentionMaps maps, bool self) {
    return maps == AttentionMaps::Both || (maps == AttentionMaps::Self) == self;
}

bool isProducer(AttentionRole r, AttentionMaps maps) {
    return (r == AttentionRole::SelfProducer && covers(maps, true)) ||
           (r == AttentionRole::CrossProducer && covers(maps, false));
}

bool isConsumer(AttentionRole r, AttentionMaps maps) {
    return (r == AttentionRole::SelfConsumer && covers(maps, true)) ||
           (r == AttentionRole::CrossConsumer && covers(maps, false));
}

// Appends rather than prepends: GCC 12 warns falsely (-Wstringop-overflow) on "…" + std::string.
std::string quoted(std::string_view s) {
    std::string q;
    q += '"';
    q.append(s);
    q += '"';
    return q;
}

std::optional<int> parseInt(std::string_view s) {
    int v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return v;
}

} // namespace

std::string_view toString(AttentionMaps m) { return kMapNames[static_cast<int>(m)]; }

std::optional<AttentionMaps> parseAttentionMaps(std::string_view s) {
    for (int i = 0; i < 3; ++i)
        if (kMapNames[i] == s) return static_cast<AttentionMaps>(i);
    return std::nullopt;
}

std::string describe(AttentionMaps m) {
    switch (m) {
    case AttentionMaps::Self: return "self-attention";
    case AttentionMaps::Cross: return "cross-attention";
    case AttentionMaps::Both: break;
    }
    return "self- or cross-attention";
}

AttentionRole attentionRole(const Layer& l) {
    const std::string_view n = l.name;
    for (auto [attn, self] :
         {std::pair{std::string_view("attn1."), true}, std::pair{std::string_view("attn2."), false}}) {
        const std::string scores = std::string(attn) + "scores", softmax = std::string(attn) + "softmax",
                          context = std::string(attn) + "context";
        if ((endsWith(n, scores) && l.type == LayerType::BatchedMatmul) ||
            (endsWith(n, softmax) && l.type == LayerType::Softmax))
            return self ? AttentionRole::SelfProducer : AttentionRole::CrossProducer;
        if (endsWith(n, context) && l.type == LayerType::BatchedMatmul)
            return self ? AttentionRole::SelfConsumer : AttentionRole::CrossConsumer;
    }
    return AttentionRole::None;
}

int AttentionReusePolicy::reusedCount() const {
    int n = 0;
    for (bool r : reused) n += r;
    return n;
}

AttentionReusePolicy AttentionReusePolicy::none(int steps, AttentionMaps maps) {
    return {steps, maps, std::vector<bool>(static_cast<std::size_t>(steps), false)};
}

AttentionReusePolicy AttentionReusePolicy::everyK(int steps, int k, AttentionMaps maps) {
    AttentionReusePolicy p = none(steps, maps);
    for (int t = 0; t < steps; ++t) p.reused[t] = t % k != 0;
    return p;
}

AttentionReusePolicy AttentionReusePolicy::late(int steps, int n, AttentionMaps maps) {
    AttentionReusePolicy p = none(steps, maps);
    for (int t = steps - n; t < steps; ++t) p.reused[t] = true;
    return p;
}

std::optional<AttentionReusePolicy> parseAttentionReusePolicy(std::string_view text, int steps, AttentionMaps maps,
                                                              std::string* error) {
    const auto fail = [&](const std::string& why) -> std::optional<AttentionReusePolicy> {
        if (error)
            *error =
                "expected none, every:K (K >= 1), late:N (0 <= N < steps) or steps:I,J,... (reused steps, "
                "each in 1.." +
                std::to_string(steps - 1) + ": step 0 has no map to reuse), got " + quoted(text) + ": " + why;
        return std::nullopt;
    };
    if (steps < 1 || steps > kMaxSamplingSteps)
        return fail("the step count " + std::to_string(steps) + " is outside 1.." + std::to_string(kMaxSamplingSteps));
    if (text == "none") return AttentionReusePolicy::none(steps, maps);
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) return fail("no ':'");
    const std::string_view kind = text.substr(0, colon), arg = text.substr(colon + 1);
    if (kind == "every" || kind == "late") {
        const auto v = parseInt(arg);
        if (!v) return fail(quoted(arg) + " is not an integer");
        if (kind == "every") {
            if (*v < 1) return fail("K must be at least 1");
            return AttentionReusePolicy::everyK(steps, *v, maps);
        }
        if (*v < 0 || *v >= steps) return fail("N must be in 0.." + std::to_string(steps - 1));
        return AttentionReusePolicy::late(steps, *v, maps);
    }
    if (kind != "steps") return fail("unknown policy " + quoted(kind));
    AttentionReusePolicy p = AttentionReusePolicy::none(steps, maps);
    std::string_view rest = arg;
    while (true) {
        const auto comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        const auto v = parseInt(item);
        if (!v) return fail(quoted(item) + " is not an integer");
        if (*v < 1 || *v >= steps) return fail("step " + std::to_string(*v) + " is out of range");
        if (p.reused[*v]) return fail("step " + std::to_string(*v) + " is listed twice");
        p.reused[*v] = true;
        if (comma == std::string_view::npos) break;
        rest = rest.substr(comma + 1);
    }
    return p;
}

int attentionMapCount(const Network& net, AttentionMaps maps) {
    int n = 0;
    for (const auto& l : net.layers) n += l.type == LayerType::Softmax && isProducer(attentionRole(l), maps);
    return n;
}

Network applyAttentionReuse(const Network& step, const AttentionReusePolicy& policy, AttentionReuseCounts* counts) {
    AttentionReuseCounts c;
    const int n = static_cast<int>(step.layers.size());
    std::vector<AttentionRole> roles(step.layers.size());
    for (int i = 0; i < n; ++i) roles[i] = attentionRole(step.layers[i]);
    // mapOf[consumer] = the softmax whose output it reads; skippable = that softmax and the Q·Kᵀ
    // feeding it. A producer that feeds no consumer is kept: nothing would read its stored map.
    std::vector<int> mapOf(step.layers.size(), -1);
    std::vector<bool> skippable(step.layers.size(), false);
    for (const Edge& e : step.edges)
        if (isConsumer(roles[e.to], policy.maps) && step.layers[e.from].type == LayerType::Softmax &&
            isProducer(roles[e.from], policy.maps)) {
            mapOf[e.to] = e.from;
            skippable[e.from] = true;
        }
    for (const Edge& e : step.edges)
        if (skippable[e.to] && step.layers[e.from].type == LayerType::BatchedMatmul &&
            isProducer(roles[e.from], policy.maps))
            skippable[e.from] = true;
    // Step 0 never reuses (no map exists yet), whatever the policy says.
    const auto reusedAt = [&](int t) {
        return t > 0 && t < static_cast<int>(policy.reused.size()) && policy.reused[t];
    };

    Network out;
    out.name = step.name + "@" + std::to_string(policy.steps) + "steps";
    std::vector<int> index(step.layers.size());        // this step's layer index -> out's (-1: left out)
    std::vector<int> computed(step.layers.size(), -1); // per softmax: out's index of its last computed map
    for (int t = 0; t < policy.steps; ++t) {
        const bool reuse = reusedAt(t);
        std::string prefix;
        prefix += 's';
        prefix += std::to_string(t);
        prefix += '/';
        const int first = static_cast<int>(out.layers.size());
        for (int i = 0; i < n; ++i) {
            const Layer& l = step.layers[i];
            if (reuse && skippable[i]) {
                index[i] = -1;
                c.skipped_macs += l.macs();
                ++c.skipped_layers;
                continue;
            }
            index[i] = static_cast<int>(out.layers.size());
            Layer copy = l;
            copy.name = prefix + l.name;
            out.layers.push_back(std::move(copy));
            if (reuse && mapOf[i] >= 0) c.map_reads += l.tensorSize(Operand::Input);
        }
        for (const Edge& e : step.edges)
            if (index[e.from] >= 0 && index[e.to] >= 0) out.edges.push_back({index[e.from], index[e.to]});
        for (int i = 0; i < n; ++i) {
            if (mapOf[i] < 0) continue;
            if (reuse) out.edges.push_back({computed[mapOf[i]], index[i]});
            else computed[mapOf[i]] = index[mapOf[i]];
        }
        if (t > 0 && n > 0) out.edges.push_back({first - 1, first});
        // The maps this computing step writes are stored when the next step reads them (the softmax's
        // output write is the store; a map no later step reads is an ordinary intermediate).
        if (!reuse && reusedAt(t + 1))
            for (int i = 0; i < n; ++i)
                if (mapOf[i] >= 0) c.map_writes += step.layers[mapOf[i]].tensorSize(Operand::Output);
    }
    bool anyReuse = false;
    for (int t = 0; t < policy.steps; ++t) anyReuse = anyReuse || reusedAt(t);
    if (anyReuse)
        for (int i = 0; i < n; ++i)
            if (mapOf[i] >= 0) c.stored_elements += step.layers[mapOf[i]].tensorSize(Operand::Output);
    // Edges sorted by consumer, as the workload reader builds them.
    std::sort(out.edges.begin(), out.edges.end(),
              [](const Edge& a, const Edge& b) { return a.to != b.to ? a.to < b.to : a.from < b.from; });
    if (counts) *counts = c;
    return out;
}

} // namespace archscape::workload
