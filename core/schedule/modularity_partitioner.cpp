#include "schedule/modularity_partitioner.h"

#include <algorithm>
#include <cmath>
#include <span>

#include "schedule/community_detection.h"
#include "schedule/greedy_partitioner.h"
#include "schedule/incremental_partition_evaluator.h"
#include "schedule/split_refinement.h"
#include "workload/randwire.h"

namespace archscape::schedule {

namespace {

// Kicks of the iterated local search, on graphs up to kKickNodes nodes: kKicks, fewer on dense graphs so
// that kicks × edges stays under kKickEdges (each descent after a kick tries moves along every edge). A
// count, not a time budget, keeps the result the same on every machine.
constexpr int kKickNodes = 256;
constexpr int kKicks = 48;
constexpr long kKickEdges = 48L * 512;

bool better(double candidate, double current) { return candidate < current * (1 - 1e-12); }

// (value, spread) lexicographically: a lower value, or an equal value with a lower spread.
bool betterPair(double value, double spread, double cur_value, double cur_spread) {
    if (better(value, cur_value)) return true;
    return value <= cur_value * (1 + 1e-12) && spread < cur_spread * (1 - 1e-9);
}

struct Improver {
    const PartitionProblem& p;
    const std::vector<std::vector<int>>& members; // community → nodes
    IncrementalPartitionEvaluator eval;
    std::stop_token stop;
    std::vector<char> boundary;
    double value = 0, spread = 0;

    // Tries the move and keeps it when it improves (value, spread).
    bool tryMove(std::span<const int> nodes, int d) {
        const double x = eval.tryMove(nodes, d, value);
        if (std::isfinite(x) && betterPair(x, eval.spread(), value, spread)) {
            eval.accept();
            value = x;
            spread = eval.spread();
            return true;
        }
        eval.revert();
        return false;
    }

    // Community moves, then edge moves, then single-node moves, repeated until none improves.
    double run(std::vector<int>& start) {
        const int n = p.numNodes(), D = p.numDevices();
        eval.reset(start);
        value = eval.value();
        spread = eval.spread();
        const std::vector<int>& a = eval.assignment();
        boundary.assign(n, 1);
        for (int round = 0; round < 50 && !stop.stop_requested(); ++round) {
            bool improved = false;
            for (const auto& nodes : members)
                for (int d = 0; d < D; ++d) {
                    bool all_there = true;
                    for (int v : nodes) all_there = all_there && a[v] == d;
                    if (!all_there) improved = tryMove(nodes, d) || improved;
                }
            // Moves of both ends of an edge: a node leaving alone cuts its edges, its neighbour
            // following it may not (small graphs only: E × D evaluations per round).
            if (n <= 256)
                for (const auto& e : p.edges)
                    for (int d = 0; d < D; ++d) {
                        if (a[e.from] == d && a[e.to] == d) continue;
                        const int both[2] = {e.from, e.to};
                        improved = tryMove(both, d) || improved;
                    }
            // Single-node moves. On large graphs only nodes next to a cut edge move (a node whose
            // neighbours all share its device rarely gains by leaving alone; the community moves cover it).
            if (n > 256) {
                std::fill(boundary.begin(), boundary.end(), 0);
                for (const auto& e : p.edges)
                    if (a[e.from] != a[e.to]) boundary[e.from] = boundary[e.to] = 1;
            }
            for (int v = 0; v < n; ++v) {
                if (!boundary[v]) continue;
                const int own = a[v];
                for (int d = 0; d < D; ++d)
                    if (d != own) improved = tryMove(std::span<const int>(&v, 1), d) || improved;
            }
            if (!improved) break;
        }
        start = a;
        return value;
    }
};

} // namespace

ModularityOutcome modularityAssignment(const PartitionProblem& p, std::stop_token stop) {
    const int n = p.numNodes(), D = p.numDevices();
    std::vector<WeightedEdge> edges;
    // +1 byte so that edges of zero-byte tensors still tie their nodes.
    for (const auto& e : p.edges) edges.push_back({e.from, e.to, e.bytes + 1});
    const std::vector<int> comm = detectCommunities(n, edges);
    ModularityOutcome out;
    out.communities = comm.empty() ? 0 : *std::max_element(comm.begin(), comm.end()) + 1;
    std::vector<std::vector<int>> members(out.communities);
    for (int v = 0; v < n; ++v) members[comm[v]].push_back(v);

    std::vector<std::vector<int>> starts{greedyAssignment(p)};
    for (int d = 0; d < D; ++d) starts.emplace_back(n, d);
    Improver improver{p, members, IncrementalPartitionEvaluator(p), stop};
    double best = kNoLimit;
    for (auto& a : starts) {
        if (stop.stop_requested() && !out.assignment.empty()) break;
        const double v = improver.run(a);
        if (out.assignment.empty() || better(v, best)) {
            best = v;
            out.assignment = a;
        }
    }
    // Iterated local search: the descent stops where no single move helps, but a kick of a node with its
    // neighbours, or of a community, to another device followed by a new descent often finds a better
    // optimum (a kept kick is how a group of nodes crosses to an idle device whose first node alone would
    // only add a transfer). Small graphs only; a fixed seed keeps the heuristic deterministic.
    if (n <= kKickNodes && D > 1 && std::isfinite(best)) {
        workload::PortableRandom rng(0x5eed);
        std::vector<int> trial;
        const int kicks =
            static_cast<int>(std::min<long>(kKicks, kKickEdges / std::max<long>(1, static_cast<long>(p.edges.size()))));
        for (int kick = 0; kick < kicks && !stop.stop_requested(); ++kick) {
            trial = out.assignment;
            const int d = static_cast<int>(rng.below(D));
            if (kick % 2 == 0) {
                const int v = static_cast<int>(rng.below(n));
                trial[v] = d;
                for (const auto& e : p.edges)
                    if (e.from == v || e.to == v) trial[e.from == v ? e.to : e.from] = d;
            } else {
                for (int v : members[rng.below(members.size())]) trial[v] = d;
            }
            const double v = improver.run(trial);
            if (better(v, best)) {
                best = v;
                out.assignment = trial;
            }
        }
    }
    // The moves above keep every layer whole; the split pass then tries splitting layers.
    if (p.split != SplitMode::None && std::isfinite(best)) refineSplits(p, out.assignment, stop);
    return out;
}

} // namespace archscape::schedule
