// Partitioning a network over devices: evaluation by hand, MILP = brute force, bound ≤ MILP ≤ heuristic ≤
// greedy, memory refusals, one device = that device's network cost, device symmetry, repeated blocks,
// community detection (issue 13).
#include <QtTest>

#include <cmath>

#include "io/accelerator_json.h"
#include "io/devices_json.h"
#include "io/preset_catalog.h"
#include "mapping/dataflow.h"
#include "model/cost_model.h"
#include "model/network_cost.h"
#include "partition_fixtures.h"
#include "schedule/branch_and_bound_partitioner.h"
#include "schedule/brute_force_partitioner.h"
#include "schedule/community_detection.h"
#include "schedule/device_symmetry.h"
#include "schedule/greedy_partitioner.h"
#include "schedule/incremental_partition_evaluator.h"
#include "schedule/milp_partitioner.h"
#include "schedule/modularity_partitioner.h"
#include "schedule/partition.h"
#include "schedule/partition_bound.h"
#include "schedule/partition_solver.h"
#include "schedule/repeated_blocks.h"
#include "schedule/split_refinement.h"
#include "test_support.h"
#include "workload/randwire.h"

using namespace archscape;
using namespace archscape::schedule;

namespace {

bool close(double a, double b, double rel = 1e-6) {
    return std::abs(a - b) <= rel * std::max({1e-12, std::abs(a), std::abs(b)});
}

// Three nodes A → B → C on two devices; every edge 10 bytes over a link of 0.5 s + 0.1 s/byte = 1.5 s.
PartitionProblem chain() {
    PartitionProblem p;
    p.node_names = {"A", "B", "C"};
    p.device_names = {"d0", "d1"};
    p.seconds = {{1, 2}, {3, 1}, {1, 1}};
    p.unavailable.assign(3, std::vector<std::string>(2));
    p.weight_bytes.assign(3, std::vector<double>(2, 0));
    p.activation_bytes.assign(3, std::vector<double>(2, 0));
    p.memory_bytes = {1e9, 1e9};
    p.edges = {{0, 1, 10}, {1, 2, 10}};
    p.link_latency_s = {{0, 0.5}, {0.5, 0}};
    p.link_s_per_byte = {{0, 0.1}, {0.1, 0}};
    p.finalize();
    return p;
}

// Two devices in one class, memory/links symmetric, four independent nodes of 1 s each.
PartitionProblem fourIndependent() {
    PartitionProblem p;
    p.node_names = {"a", "b", "c", "d"};
    p.device_names = {"x", "y"};
    p.seconds.assign(4, std::vector<double>(2, 1.0));
    p.unavailable.assign(4, std::vector<std::string>(2));
    p.weight_bytes.assign(4, std::vector<double>(2, 0));
    p.activation_bytes.assign(4, std::vector<double>(2, 0));
    p.memory_bytes = {1, 1};
    p.link_latency_s = {{0, 1}, {1, 0}};
    p.link_s_per_byte = {{0, 0}, {0, 0}};
    p.finalize();
    return p;
}

// A (2 s) → B (8 s) → C (1 s) on two devices, 100 B per edge over a link of 1 s + 0.01 s/B; B (and C) may be
// split in halves of 4 s (0.5 s).
PartitionProblem splitToy(SplitMode mode) {
    PartitionProblem p;
    p.node_names = {"A", "B", "C"};
    p.device_names = {"d0", "d1"};
    p.seconds = {{2, 2}, {8, 8}, {1, 1}};
    p.unavailable.assign(3, std::vector<std::string>(2));
    p.weight_bytes.assign(3, std::vector<double>(2, 0));
    p.activation_bytes.assign(3, std::vector<double>(2, 0));
    p.memory_bytes = {1e9, 1e9};
    p.edges = {{0, 1, 100}, {1, 2, 100}};
    p.link_latency_s = {{0, 1}, {1, 0}};
    p.link_s_per_byte = {{0, 0.01}, {0.01, 0}};
    p.split = mode;
    p.split_share = {{0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}};
    p.split_offset = {{0, 0.5}, {0, 0.5}, {0, 0.5}};
    p.split_seconds = {{1, 1}, {4, 4}, {0.5, 0.5}};
    p.split_weight_bytes.assign(3, std::vector<double>(2, 0));
    p.split_activation_bytes.assign(3, std::vector<double>(2, 0));
    p.finalize();
    return p;
}

double valueOf(const PartitionProblem& p, const std::vector<int>& a) {
    const Partition e = evaluatePartition(p, a);
    return e.feasible ? e.value(p.objective) : kNoLimit;
}

} // namespace

class TestPartition : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void evaluationByHand() {
        const PartitionProblem p = chain();
        // A on d0 ends at 1; B on d1 waits for A's tensor (1 + 1.5 = 2.5), ends at 3.5; C on d0 waits for
        // B's tensor (3.5 + 1.5 = 5) although d0 is free at 1, ends at 6.
        const Partition e = evaluatePartition(p, {0, 1, 0});
        QVERIFY(e.feasible);
        QCOMPARE(e.latency_s, 6.0);
        QCOMPARE(e.start_s[1], 2.5);
        // Period: d0 computes 1 + 1 = 2 s, d1 1 s, each link direction carries one 1.5 s transfer → 2 s.
        QCOMPARE(e.period_s, 2.0);
        QCOMPARE(e.cut_edges, 2);
        QCOMPARE(e.cut_bytes, 20.0);
        QCOMPARE(e.link_busy_s[0][1], 1.5);
        // All on d0: 1 + 3 + 1 = 5 s latency and period (no transfer).
        QCOMPARE(evaluatePartition(p, {0, 0, 0}).latency_s, 5.0);
        QCOMPARE(evaluatePartition(p, {0, 0, 0}).period_s, 5.0);
        // The evaluator used by the searches agrees.
        PartitionEvaluator eval(p);
        QCOMPARE(eval({0, 1, 0}), 6.0);
    }

    void inOrderDevice() {
        // Independent nodes on one device run one after another: 4 × 1 s on x = 4 s; two per device = 2 s.
        const PartitionProblem p = fourIndependent();
        QCOMPARE(evaluatePartition(p, {0, 0, 0, 0}).latency_s, 4.0);
        QCOMPARE(evaluatePartition(p, {0, 1, 0, 1}).latency_s, 2.0);
    }

    void lowerBoundByHand() {
        // Critical path 1 s (no edges); fractional load: 4 node-seconds over 2 identical devices = 2 s, which
        // the best partition (two per device) reaches.
        const PartitionProblem p = fourIndependent();
        const PartitionBound b = lowerBound(p);
        QCOMPARE(b.critical_path_s, 1.0);
        QVERIFY(close(b.load_s, 2.0, 1e-3));
        QVERIFY(b.load_s <= 2.0 + 1e-12);
        // Chain: fastest times 1 + 1 + 1 = 3 s on the critical path.
        QCOMPARE(lowerBound(chain()).critical_path_s, 3.0);
    }

    void milpEqualsBruteForce_data() {
        QTest::addColumn<int>("objective");
        QTest::addColumn<int>("nodes");
        QTest::addColumn<int>("devices");
        QTest::addColumn<bool>("memory");
        for (int obj = 0; obj < 2; ++obj)
            for (int n : {3, 5, 8})
                for (int D : {2, 3})
                    for (bool mem : {false, true}) {
                        const std::string name = std::string(obj ? "throughput" : "latency") + " n" +
                                                 std::to_string(n) + " D" + std::to_string(D) + (mem ? " memory" : "");
                        QTest::newRow(name.c_str()) << obj << n << D << mem;
                    }
    }
    void milpEqualsBruteForce() {
        QFETCH(int, objective);
        QFETCH(int, nodes);
        QFETCH(int, devices);
        QFETCH(bool, memory);
        const int seeds = nodes == 8 && devices == 3 ? 3 : 6;
        for (int seed = 1; seed <= seeds; ++seed) {
            test::RandomInstanceOptions o{.nodes = nodes,
                                          .devices = devices,
                                          .memory = memory,
                                          .objective = static_cast<PartitionObjective>(objective)};
            const PartitionProblem p = test::randomInstance(1000 * nodes + 10 * devices + seed + (memory ? 7 : 0), o);
            const std::vector<int> brute = bruteForceAssignment(p);
            const MilpOutcome m = solveMilp(p, {.time_limit_s = 60});
            if (brute.empty()) {
                QVERIFY2(m.assignment.empty() || !evaluatePartition(p, m.assignment).feasible, "brute force: none");
                continue;
            }
            QVERIFY2(m.optimal, m.status.c_str());
            const double b = valueOf(p, brute), v = valueOf(p, m.assignment);
            QVERIFY2(close(b, v),
                     (std::to_string(b) + " vs MILP " + std::to_string(v) + " seed " + std::to_string(seed)).c_str());
            // The MILP's objective is the evaluation of its assignment, and its bound does not exceed it.
            QVERIFY(close(m.objective_s, v, 1e-5));
            QVERIFY(m.bound_s <= v * (1 + 1e-6));
            // With the heuristic's assignment as incumbent the makespan limit T ≤ incumbent fixes the
            // devices a node cannot use within it; the optimum must not change.
            const MilpOutcome w = solveMilp(p, {.time_limit_s = 60, .incumbent = modularityAssignment(p).assignment});
            QVERIFY2(w.optimal, w.status.c_str());
            QVERIFY2(close(b, valueOf(p, w.assignment)),
                     (std::to_string(b) + " vs MILP with incumbent " + std::to_string(valueOf(p, w.assignment)) +
                      " seed " + std::to_string(seed))
                         .c_str());
        }
    }

    void branchAndBoundEqualsBruteForce_data() {
        QTest::addColumn<int>("objective");
        QTest::addColumn<int>("nodes");
        QTest::addColumn<int>("devices");
        QTest::addColumn<bool>("memory");
        QTest::addColumn<double>("side");
        QTest::addColumn<int>("split");
        for (int obj = 0; obj < 2; ++obj)
            for (int n : {3, 5, 8})
                for (int D : {2, 3})
                    for (bool mem : {false, true})
                        for (double side : {0.0, 0.8})
                            for (int split = 0; split < 3; ++split) {
                                const std::string name = std::string(obj ? "throughput" : "latency") + " n" +
                                                         std::to_string(n) + " D" + std::to_string(D) +
                                                         (mem ? " memory" : "") + (side > 0 ? " side limit" : "") +
                                                         (split == 0   ? ""
                                                          : split == 1 ? " split batch"
                                                                       : " split channels");
                                QTest::newRow(name.c_str()) << obj << n << D << mem << side << split;
                            }
    }
    void branchAndBoundEqualsBruteForce() {
        // The branch and bound's optimum equals brute force's, with and without the heuristic's incumbent
        // (which turns on the pruning by the cut), under memory limits and side constraints (the period
        // limit at 0.8 × all on device 0's period, or the latency limit at 1/0.8 × its latency), with
        // and without layer splitting.
        QFETCH(int, objective);
        QFETCH(int, nodes);
        QFETCH(int, devices);
        QFETCH(bool, memory);
        QFETCH(double, side);
        QFETCH(int, split);
        // Brute force over (D + 1)^8 split choices evaluates fully: fewer seeds there.
        const int seeds = split != 0 && nodes == 8 ? 3 : 8;
        for (int seed = 1; seed <= seeds; ++seed) {
            test::RandomInstanceOptions o{.nodes = nodes,
                                          .devices = devices,
                                          .memory = memory,
                                          .objective = static_cast<PartitionObjective>(objective),
                                          .split = static_cast<SplitMode>(split)};
            PartitionProblem p = test::randomInstance(3000 * nodes + 10 * devices + seed + (memory ? 7 : 0), o);
            if (side > 0) {
                const Partition all0 = evaluatePartition(p, std::vector<int>(nodes, 0));
                if (objective == 0) p.max_period_s = side * all0.period_s;
                else p.max_latency_s = all0.latency_s / side;
            }
            const std::vector<int> brute = bruteForceAssignment(p);
            for (bool incumbent : {false, true}) {
                const BranchAndBoundOutcome b = branchAndBoundAssignment(
                    p, {.incumbent = incumbent ? modularityAssignment(p).assignment : std::vector<int>{}});
                QVERIFY2(b.optimal, b.status.c_str());
                if (brute.empty()) {
                    QVERIFY2(b.assignment.empty() || !evaluatePartition(p, b.assignment).feasible, "brute force: none");
                    continue;
                }
                const double want = valueOf(p, brute), got = valueOf(p, b.assignment);
                QVERIFY2(close(want, got), (std::to_string(want) + " vs branch and bound " + std::to_string(got) +
                                            " seed " + std::to_string(seed) + (incumbent ? " with incumbent" : ""))
                                               .c_str());
                QVERIFY(close(b.value_s, got, 1e-9));
                QVERIFY(b.bound_s <= got * (1 + 1e-12));
                QVERIFY(b.bound_s >= got * (1 - 1e-5));
            }
        }
    }

    void branchAndBoundStopsWithValidBound() {
        // A stop before the start, and a time limit too short to finish a 40-node instance over 3 devices:
        // the result is the incumbent (or better) and the bound lies between the solver-free bound's
        // neighbourhood and the value, so the gap reported is honest.
        const PartitionProblem p = test::randomInstance(41, {.nodes = 40, .devices = 3, .edge_p = 0.15});
        const std::vector<int> start = modularityAssignment(p).assignment;
        std::stop_source s;
        s.request_stop();
        const BranchAndBoundOutcome stopped = branchAndBoundAssignment(p, {.incumbent = start}, s.get_token());
        QVERIFY(!stopped.optimal);
        QCOMPARE(stopped.status, std::string("stopped"));
        QVERIFY(stopped.bound_s <= valueOf(p, stopped.assignment) * (1 + 1e-12));
        const BranchAndBoundOutcome quick = branchAndBoundAssignment(p, {.time_limit_s = 0.01, .incumbent = start});
        QVERIFY(valueOf(p, quick.assignment) <= valueOf(p, start) * (1 + 1e-12));
        QVERIFY(quick.bound_s <= valueOf(p, quick.assignment) * (1 + 1e-12));
        // Whatever stopped it, the bound is a bound: the finished search's optimum is not below it.
        const BranchAndBoundOutcome full = branchAndBoundAssignment(p, {.time_limit_s = 120, .incumbent = start});
        if (full.optimal) QVERIFY(quick.bound_s <= full.value_s * (1 + 1e-9));
    }

    void splitByHand_data() {
        QTest::addColumn<int>("mode");
        QTest::addColumn<double>("latency");
        QTest::addColumn<double>("out01");
        QTest::addColumn<double>("out10");
        QTest::addColumn<double>("cut");
        // A (2 s) → B (8 s) → C (1 s) on d0 and d1; each edge 100 B over a link of 1 s + 0.01 s/B. A and C
        // on d0, B split in halves of 4 s:
        // - channels: B's part on d1 needs all of A: 1 + 100·0.01 = 2 s, so it runs 4 → 8; C gathers the
        //   half on d1: 1 + 50·0.01 = 1.5 s, arriving at 9.5, and ends at 10.5. Links: 2 s and 1.5 s;
        //   bytes cut 100 + 50.
        // - batch: B's part on d1 needs half of A: 1.5 s, runs 3.5 → 7.5; C's gather arrives at 9, ends at 10.
        QTest::newRow("channels") << int(SplitMode::Channels) << 10.5 << 2.0 << 1.5 << 150.0;
        QTest::newRow("batch") << int(SplitMode::Batch) << 10.0 << 1.5 << 1.5 << 100.0;
    }
    void splitByHand() {
        QFETCH(int, mode);
        QFETCH(double, latency);
        QFETCH(double, out01);
        QFETCH(double, out10);
        QFETCH(double, cut);
        PartitionProblem p = splitToy(static_cast<SplitMode>(mode));
        const Partition e = evaluatePartition(p, {0, p.splitValue(), 0});
        QVERIFY2(e.feasible, e.reason.c_str());
        QVERIFY(close(e.latency_s, latency));
        QVERIFY(close(e.link_busy_s[0][1], out01));
        QVERIFY(close(e.link_busy_s[1][0], out10));
        QVERIFY(close(e.cut_bytes, cut));
        QCOMPARE(e.cut_edges, 2);
        // Busy: d0 runs A, its half of B and C: 2 + 4 + 1 = 7 s; d1 its half: 4 s. Period = 7 s.
        QVERIFY(close(e.device_busy_s[0], 7));
        QVERIFY(close(e.device_busy_s[1], 4));
        QVERIFY(close(e.period_s, 7));
        QCOMPARE(e.device_nodes, (std::vector<int>{3, 1}));
        // Whole, B on d0: 2 + 8 + 1 = 11 s, so splitting is better, and the split pass and brute force
        // (3^3 choices) find it; the solver-free bound stays below.
        QVERIFY(close(valueOf(p, {0, 0, 0}), 11));
        const std::vector<int> brute = bruteForceAssignment(p);
        QVERIFY(valueOf(p, brute) <= latency * (1 + 1e-12));
        std::vector<int> a{0, 0, 0};
        refineSplits(p, a);
        QCOMPARE(a[1], p.splitValue());
        QVERIFY(lowerBound(p).value <= valueOf(p, brute) * (1 + 1e-12));
        for (auto s : {PartitionSolver::Heuristic, PartitionSolver::Milp, PartitionSolver::BranchAndBound}) {
            const PartitionResult r = solvePartition(p, {.solver = s});
            QVERIFY(r.value(p.objective) <= latency * (1 + 1e-12));
            QVERIFY(r.value(p.objective) >= valueOf(p, brute) * (1 - 1e-12));
            QVERIFY(!(s == PartitionSolver::Milp && r.optimal)); // the MILP keeps layers whole
        }
        // The branch and bound models the splits: it proves brute force's optimum.
        const PartitionResult exact = solvePartition(p, {.solver = PartitionSolver::BranchAndBound});
        QVERIFY(exact.optimal);
        QVERIFY(close(exact.value(p.objective), valueOf(p, brute)));
    }

    void splitBatchSlicesOverlap() {
        // B and C both batch-split: B in halves, C in 3/4 (d0) and 1/4 (d1). C's part on d0 works on samples
        // [0, 3/4): the half B made on d0 is local, and [1/2, 3/4) comes from B's part on d1: 1/4 of 100 B,
        // 1 + 25·0.01 = 1.25 s. C's part on d1, samples [3/4, 1), needs only B's part on d1 (local).
        PartitionProblem p = splitToy(SplitMode::Batch);
        p.split_share[2] = {0.75, 0.25};
        p.split_offset[2] = {0, 0.75};
        p.split_seconds[2] = {0.75, 0.25};
        const PartitionEdge& bc = p.edges[1];
        QCOMPARE(p.transferShare(bc, 2, 0, 2, 0), 0.5);
        QCOMPARE(p.transferShare(bc, 2, 1, 2, 0), 0.25);
        QCOMPARE(p.transferShare(bc, 2, 0, 2, 1), 0.0);
        QCOMPARE(p.transferShare(bc, 2, 1, 2, 1), 0.25);
        const Partition e = evaluatePartition(p, {0, 2, 2});
        QVERIFY2(e.feasible, e.reason.c_str());
        // B: d0 2 → 6, d1 3.5 → 7.5 (as in splitByHand). C on d0: max(6, 7.5 + 1.25) + 0.75 = 9.5;
        // on d1: 7.5 + 0.25 = 7.75.
        QVERIFY(close(e.latency_s, 9.5));
        QVERIFY(close(e.link_busy_s[1][0], 1.25));
        // Channels instead: every part needs all of B, and a whole consumer gathers every part.
        p.split = SplitMode::Channels;
        QCOMPARE(p.transferShare(bc, 2, 1, 2, 0), 0.5);
        QCOMPARE(p.transferShare(bc, 0, 0, 2, 1), 1.0);
        QCOMPARE(p.transferShare(bc, 2, 1, 0, 0), 0.5);
        // A node that cannot be split is refused with the reason.
        p.split_share[0] = {1, 0};
        const Partition bad = evaluatePartition(p, {2, 0, 0});
        QVERIFY(!bad.feasible);
        QVERIFY2(bad.reason.find("A cannot be split along its channels") != std::string::npos, bad.reason.c_str());
    }

    void splitPartsFromTheCostModel() {
        // Two rooflines, fast (2e9 MAC/s) and slow (1e9), efficiency 0.5, launch 10 µs, ample bandwidth; one
        // GEMM 64×64 · 64×3 (K = 3 output columns, 12,288 MACs): fast 12.288 + 10 = 22.288 µs, slow 24.576
        // + 10 = 34.576 µs. Channel shares in proportion to speed: 3 · 34.576 / 56.864 = 1.82 and 1.18, so
        // 1 + 1 by the floors and the larger remainder gives fast the third: 2/3 and 1/3. The parts are
        // GEMMs of K = 2 and K = 1: 8,192 / 1e9 + 10 = 18.192 µs and 4,096 / 0.5e9 + 10 = 18.192 µs.
        workload::Network net;
        net.name = "one_gemm";
        workload::Layer l;
        l.name = "g";
        l.type = workload::LayerType::Gemm;
        l.bounds[workload::Dim::P] = l.bounds[workload::Dim::C] = 64;
        l.bounds[workload::Dim::K] = 3;
        net.layers.push_back(l);
        DeviceSet set;
        for (auto [name, peak] : {std::pair{"fast", 2e9}, std::pair{"slow", 1e9}}) {
            Device d;
            d.name = name;
            d.kind = DeviceKind::Roofline;
            d.memory_bytes = 1e9;
            d.roofline.peak_macs_per_s["fp16"] = peak;
            d.roofline.memory_bandwidth_bytes_per_s = 1e15;
            d.roofline.efficiency[workload::LayerType::Gemm] = 0.5;
            d.roofline.launch_overhead_s = 10e-6;
            set.devices.push_back(d);
        }
        set.links.push_back({.a = "fast", .b = "slow", .bandwidth_bytes_per_s = 1e9, .latency_s = 1e-6});
        auto built = buildPartitionProblem(net, set, {.split = SplitMode::Channels});
        QVERIFY2(built.problem, built.error.c_str());
        const PartitionProblem& p = *built.problem;
        QVERIFY(close(p.seconds[0][0], 22.288e-6, 1e-9));
        QVERIFY(close(p.seconds[0][1], 34.576e-6, 1e-9));
        QVERIFY(p.splittable(0));
        QVERIFY(close(p.split_share[0][0], 2.0 / 3));
        QVERIFY(close(p.split_share[0][1], 1.0 / 3));
        QVERIFY(close(p.split_offset[0][1], 2.0 / 3));
        QVERIFY(close(p.split_seconds[0][0], 18.192e-6, 1e-6));
        QVERIFY(close(p.split_seconds[0][1], 18.192e-6, 1e-6));
        // Weights of the parts: 64 × 2 and 64 × 1 elements at 2 bytes.
        QVERIFY(close(p.split_weight_bytes[0][0], 256));
        QVERIFY(close(p.split_weight_bytes[0][1], 128));
        // Split, the layer ends when both parts do: 18.192 µs, against 22.288 µs whole on fast.
        const PartitionResult r = solvePartition(p, {.solver = PartitionSolver::Heuristic});
        QCOMPARE(r.partition.device_of[0], p.splitValue());
        QVERIFY(close(r.partition.latency_s, 18.192e-6, 1e-6));
        // Batch 1 cannot be split along the batch.
        auto batch = buildPartitionProblem(net, set, {.split = SplitMode::Batch});
        QVERIFY(!batch.problem->splittable(0));
    }

    void splitBoundAndSolvers() {
        // With splits on random instances: bound ≤ brute force ≤ heuristic ≤ greedy, and the exact solvers
        // (whole layers, then the split pass) are feasible and not below brute force.
        for (auto mode : {SplitMode::Batch, SplitMode::Channels})
            for (int obj = 0; obj < 2; ++obj)
                for (int seed = 1; seed <= 6; ++seed) {
                    const PartitionProblem p = test::randomInstance(
                        7000 + seed + 10 * obj + 100 * int(mode),
                        {.nodes = 6, .devices = 2, .objective = static_cast<PartitionObjective>(obj), .split = mode});
                    const std::vector<int> brute = bruteForceAssignment(p);
                    QVERIFY(!brute.empty());
                    const double best = valueOf(p, brute);
                    QVERIFY2(lowerBound(p).value <= best * (1 + 1e-12), std::to_string(seed).c_str());
                    const double heur = solvePartition(p, {.solver = PartitionSolver::Heuristic}).value(p.objective);
                    const double greedy = solvePartition(p, {.solver = PartitionSolver::Greedy}).value(p.objective);
                    QVERIFY(best <= heur * (1 + 1e-12));
                    QVERIFY(heur <= greedy * (1 + 1e-12));
                    for (auto s : {PartitionSolver::Milp, PartitionSolver::BranchAndBound}) {
                        const PartitionResult r = solvePartition(p, {.solver = s});
                        QVERIFY2(r.partition.feasible, r.partition.reason.c_str());
                        QVERIFY(best <= r.value(p.objective) * (1 + 1e-12));
                        QVERIFY(r.value(p.objective) <= heur * (1 + 1e-12));
                        QVERIFY(r.lower_bound_s <= best * (1 + 1e-12));
                    }
                }
    }

    void targetsOn32NodeRandWire_data() {
        QTest::addColumn<int>("objective");
        QTest::addColumn<int>("seed");
        QTest::newRow("latency seed 1") << 0 << 1;
        QTest::newRow("latency seed 4") << 0 << 4;
        QTest::newRow("throughput seed 1") << 1 << 1;
    }
    void targetsOn32NodeRandWire() {
        // The targets on the benchmark's instances (32-node WS graph over cpu_2gpu_node): the exact
        // solver optimal within 1 % by its own bound in under 60 s, the heuristic within 10 % of it.
        // Latency seed 4 is where the heuristic was 13 % above the optimum before the kicks.
        QFETCH(int, objective);
        QFETCH(int, seed);
        const auto path = io::resolvePreset("devices", "cpu_2gpu_node");
        QVERIFY(path);
        const auto devices = io::readDevicesFile(*path);
        QVERIFY(devices.ok());
        workload::RandWireOptions w;
        w.model = workload::RandomGraphModel::WattsStrogatz;
        w.nodes = 32;
        w.seed = static_cast<std::uint64_t>(seed);
        const auto built = buildPartitionProblem(workload::randWireNetwork(w), *devices.value,
                                                 {.objective = static_cast<PartitionObjective>(objective)});
        QVERIFY2(built.problem, built.error.c_str());
        const PartitionProblem& p = *built.problem;
        const PartitionResult exact =
            solvePartition(p, {.solver = PartitionSolver::BranchAndBound, .time_limit_s = 60});
        QVERIFY2(exact.optimal, exact.status.c_str());
        QVERIFY(exact.gap(p.objective) <= 0.01);
        QVERIFY(exact.solve_s < 60);
        QVERIFY(exact.lower_bound_s <= exact.value(p.objective) * (1 + 1e-12));
        const PartitionResult heur = solvePartition(p, {.solver = PartitionSolver::Heuristic});
        QVERIFY2(heur.value(p.objective) <= 1.10 * exact.value(p.objective),
                 (std::to_string(heur.value(p.objective)) + " vs " + std::to_string(exact.value(p.objective))).c_str());
        QVERIFY(exact.value(p.objective) <= heur.value(p.objective) * (1 + 1e-12));
    }

    void incrementalEvaluator_data() {
        QTest::addColumn<int>("objective");
        QTest::addColumn<bool>("memory");
        QTest::addColumn<double>("side");
        QTest::newRow("latency") << 0 << false << 0.0;
        QTest::newRow("latency memory") << 0 << true << 0.0;
        QTest::newRow("latency, period limit") << 0 << false << 0.6;
        QTest::newRow("throughput") << 1 << false << 0.0;
        QTest::newRow("throughput memory") << 1 << true << 0.0;
        QTest::newRow("throughput, latency limit") << 1 << false << 1.2;
    }
    void incrementalEvaluator() {
        // Random moves of one, two or several nodes, kept or undone at random: after every one the
        // incremental value equals a full evaluation of the same assignment (evaluatePartition).
        QFETCH(int, objective);
        QFETCH(bool, memory);
        QFETCH(double, side);
        for (int seed = 1; seed <= 4; ++seed) {
            PartitionProblem p =
                test::randomInstance(900 + seed, {.nodes = 40,
                                                  .devices = 3,
                                                  .edge_p = 0.15,
                                                  .memory = memory,
                                                  .objective = static_cast<PartitionObjective>(objective)});
            const Partition all0 = evaluatePartition(p, std::vector<int>(40, 0));
            if (side > 0 && objective == 0) p.max_period_s = side * all0.period_s;
            if (side > 0 && objective == 1) p.max_latency_s = side * all0.latency_s;
            workload::PortableRandom rng(seed);
            std::vector<int> a(40);
            for (int& d : a) d = static_cast<int>(rng.below(3));
            IncrementalPartitionEvaluator inc(p);
            inc.reset(a);
            QVERIFY(close(inc.value(), valueOf(p, a), 1e-9) || (std::isinf(inc.value()) && std::isinf(valueOf(p, a))));
            for (int step = 0; step < 300; ++step) {
                std::vector<int> nodes;
                const int count = 1 + static_cast<int>(rng.below(step % 3 == 0 ? 8 : 2));
                for (int k = 0; k < count; ++k) nodes.push_back(static_cast<int>(rng.below(40)));
                std::sort(nodes.begin(), nodes.end());
                nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
                const int d = static_cast<int>(rng.below(3));
                std::vector<int> b = a;
                for (int v : nodes) b[v] = d;
                const double want = valueOf(p, b);
                // Every other move with the current value as cutoff, as the heuristic calls it: then +∞
                // only when the move's value exceeds the cutoff.
                const double cutoff = step % 2 ? inc.value() : kNoLimit;
                const double got = inc.tryMove(nodes, d, cutoff);
                const std::string where = "seed " + std::to_string(seed) + " step " + std::to_string(step);
                const bool cut = std::isinf(got) && want > cutoff;
                QVERIFY2(close(got, want, 1e-9) || (std::isinf(got) && std::isinf(want)) || cut,
                         (where + ": " + std::to_string(got) + " vs " + std::to_string(want)).c_str());
                if (std::isfinite(got) && rng.uniform() < 0.5) {
                    inc.accept();
                    a = b;
                    QVERIFY2(inc.assignment() == a, where.c_str());
                } else {
                    inc.revert();
                    QVERIFY2(inc.assignment() == a, where.c_str());
                }
                QVERIFY2(
                    close(inc.value(), valueOf(p, a), 1e-9) || (std::isinf(inc.value()) && std::isinf(valueOf(p, a))),
                    where.c_str());
                // The tie-breaker agrees with the full evaluator's.
                PartitionEvaluator full(p);
                if (std::isfinite(full(a))) QVERIFY2(close(inc.spread(), full.spread(), 1e-9), where.c_str());
            }
        }
    }

    void sideConstraints() {
        // Latency under a period limit, throughput under a latency limit: the MILP equals brute force and
        // its assignment meets the limit.
        for (int seed = 1; seed <= 6; ++seed)
            for (int obj = 0; obj < 2; ++obj) {
                PartitionProblem p = test::randomInstance(
                    77 + seed, {.nodes = 6, .devices = 2, .objective = static_cast<PartitionObjective>(obj)});
                const Partition all0 = evaluatePartition(p, std::vector<int>(6, 0));
                if (obj == 0) p.max_period_s = 0.7 * all0.period_s;
                else p.max_latency_s = 1.1 * all0.latency_s;
                const auto brute = bruteForceAssignment(p);
                const MilpOutcome m = solveMilp(p, {});
                if (brute.empty()) {
                    QVERIFY(m.assignment.empty() || !evaluatePartition(p, m.assignment).feasible);
                    continue;
                }
                const Partition e = evaluatePartition(p, m.assignment);
                QVERIFY2(e.feasible, e.reason.c_str());
                QVERIFY(close(valueOf(p, brute), e.value(p.objective)));
            }
    }

    void orderingOfSolvers_data() {
        QTest::addColumn<int>("objective");
        QTest::newRow("latency") << 0;
        QTest::newRow("throughput") << 1;
    }
    void orderingOfSolvers() {
        // lower bound ≤ MILP ≤ heuristic ≤ greedy on random 12-node instances over 3 devices.
        QFETCH(int, objective);
        for (int seed = 1; seed <= 8; ++seed) {
            const PartitionProblem p = test::randomInstance(
                500 + seed,
                {.nodes = 12, .devices = 3, .edge_p = 0.3, .objective = static_cast<PartitionObjective>(objective)});
            const double lb = lowerBound(p).value;
            const PartitionResult milp = solvePartition(p, {.solver = PartitionSolver::Milp, .time_limit_s = 60});
            const PartitionResult bnb =
                solvePartition(p, {.solver = PartitionSolver::BranchAndBound, .time_limit_s = 60});
            const PartitionResult heur = solvePartition(p, {.solver = PartitionSolver::Heuristic});
            const PartitionResult greedy = solvePartition(p, {.solver = PartitionSolver::Greedy});
            QVERIFY(milp.partition.feasible && heur.partition.feasible && greedy.partition.feasible);
            const auto o = p.objective;
            QVERIFY2(lb <= milp.value(o) * (1 + 1e-9), std::to_string(seed).c_str());
            QVERIFY(milp.value(o) <= heur.value(o) * (1 + 1e-9));
            QVERIFY(heur.value(o) <= greedy.value(o) * (1 + 1e-12));
            QVERIFY(milp.optimal);
            QVERIFY(milp.lower_bound_s <= milp.value(o) * (1 + 1e-6));
            QVERIFY(milp.gap(o) >= 0 && milp.gap(o) < 1e-5);
            // Both exact solvers agree.
            QVERIFY(bnb.optimal);
            QVERIFY2(close(bnb.value(o), milp.value(o), 1e-5), std::to_string(seed).c_str());
            QVERIFY(bnb.gap(o) >= 0 && bnb.gap(o) < 1e-5);
        }
    }

    void memoryRefused() {
        // Node weights 6 MB each on device 0 with 10 MB: two nodes do not fit there; the reason names the
        // device and both sizes.
        PartitionProblem p = chain();
        for (auto& row : p.weight_bytes) row = {6e6, 6e6};
        p.memory_bytes = {10e6, 1e12};
        const Partition e = evaluatePartition(p, {0, 0, 1});
        QVERIFY(!e.feasible);
        QVERIFY2(e.reason.find("d0") != std::string::npos && e.reason.find("12 MB") != std::string::npos &&
                     e.reason.find("10 MB") != std::string::npos,
                 e.reason.c_str());
        QCOMPARE(PartitionEvaluator(p)({0, 0, 1}), kNoLimit);
        // Every solver returns a partition that fits.
        for (auto s : {PartitionSolver::Milp, PartitionSolver::Heuristic, PartitionSolver::Greedy})
            QVERIFY(solvePartition(p, {.solver = s}).partition.feasible);
        // A node no device holds: nothing is feasible, and the reason says why.
        p.memory_bytes = {1e6, 1e6};
        const PartitionResult r = solvePartition(p, {.solver = PartitionSolver::Heuristic});
        QVERIFY(!r.partition.feasible);
        QVERIFY(r.partition.reason.find("MB") != std::string::npos);
    }

    void oneRooflineDevice() {
        // One roofline device: latency = period = Σ layer times; a layer's time by hand:
        // gemm 64×64·64×64 = 262,144 MACs at 1e9 MAC/s × 0.5 = 524.288 µs; bytes (4096 + 4096 + 4096) × 2
        // = 24,576 B at 1e9 B/s × 0.5 = 49.152 µs → compute-bound: 524.288 µs + 10 µs launch.
        workload::Network net;
        net.name = "two_gemms";
        for (const char* name : {"g0", "g1"}) {
            workload::Layer l;
            l.name = name;
            l.type = workload::LayerType::Gemm;
            l.bounds[workload::Dim::P] = l.bounds[workload::Dim::C] = l.bounds[workload::Dim::K] = 64;
            net.layers.push_back(l);
        }
        net.edges = {{0, 1}};
        DeviceSet set;
        Device d;
        d.name = "cpu";
        d.kind = DeviceKind::Roofline;
        d.memory_bytes = 1e9;
        d.roofline.peak_macs_per_s["fp16"] = 1e9;
        d.roofline.memory_bandwidth_bytes_per_s = 1e9;
        d.roofline.efficiency[workload::LayerType::Gemm] = 0.5;
        d.roofline.launch_overhead_s = 10e-6;
        set.devices.push_back(d);
        auto built = buildPartitionProblem(net, set, {});
        QVERIFY2(built.problem, built.error.c_str());
        const double layer = 262144 / 0.5e9 + 10e-6;
        QVERIFY(close(built.problem->seconds[0][0], layer, 1e-12));
        for (auto s : {PartitionSolver::Milp, PartitionSolver::Heuristic, PartitionSolver::Greedy}) {
            const PartitionResult r = solvePartition(*built.problem, {.solver = s});
            QVERIFY(close(r.partition.latency_s, 2 * layer, 1e-12));
            QVERIFY(close(r.partition.period_s, 2 * layer, 1e-12));
        }
        // Memory-bound when the bandwidth is low: 24,576 B at 1e6 B/s × 0.5 = 49.152 ms.
        set.devices[0].roofline.memory_bandwidth_bytes_per_s = 1e6;
        auto slow = buildPartitionProblem(net, set, {});
        QVERIFY(close(slow.problem->seconds[0][0], 24576 / 0.5e6 + 10e-6, 1e-12));
    }

    void oneAcceleratorDevice() {
        // One accelerator device: the partition's latency is the accelerator's network cost (each layer at
        // the dataflow template with the fewest cycles), summed here independently of the partitioner.
        const auto path = io::resolvePreset("accelerators", "eyeriss");
        QVERIFY(path);
        auto acc = io::readAcceleratorFile(*path);
        QVERIFY(acc.ok());
        workload::Network net;
        net.name = "convs";
        for (int i = 0; i < 3; ++i) {
            workload::Layer l;
            l.name = "c" + std::to_string(i);
            l.bounds[workload::Dim::K] = l.bounds[workload::Dim::C] = 32;
            l.bounds[workload::Dim::P] = l.bounds[workload::Dim::Q] = 14;
            l.bounds[workload::Dim::R] = l.bounds[workload::Dim::S] = 3;
            l.pad_h = l.pad_w = 1;
            net.layers.push_back(l);
        }
        net.edges = {{0, 1}, {1, 2}};
        const auto tables = hardware::costTables(*acc.value);
        double cycles = 0;
        for (const auto& l : net.layers) {
            double best = kNoLimit;
            for (auto df : mapping::kAllDataflows)
                if (auto m = mapping::templateMapping(l, *acc.value, df)) {
                    const auto c = model::evaluate(l, *acc.value, tables, *m);
                    if (c.valid()) best = std::min(best, c.cycles);
                }
            QVERIFY(std::isfinite(best));
            cycles += best;
        }
        DeviceSet set;
        Device d;
        d.name = "eyeriss";
        d.kind = DeviceKind::Accelerator;
        d.memory_bytes = 1e9;
        d.accelerator = *acc.value;
        set.devices.push_back(d);
        auto built = buildPartitionProblem(net, set, {});
        QVERIFY2(built.problem, built.error.c_str());
        const PartitionResult r = solvePartition(*built.problem, {.solver = PartitionSolver::Milp});
        QVERIFY(close(r.partition.latency_s, cycles / (acc.value->clock_mhz * 1e6), 1e-12));
    }

    void missingLinkAndUnrunnable() {
        workload::Network net;
        net.name = "one";
        workload::Layer l;
        l.name = "only";
        net.layers.push_back(l);
        DeviceSet set;
        Device a;
        a.name = "m";
        a.kind = DeviceKind::Measured; // no figure for "only"
        a.memory_bytes = 1;
        set.devices.push_back(a);
        auto r = buildPartitionProblem(net, set, {});
        QVERIFY(!r.problem);
        QVERIFY2(r.error.find("only") != std::string::npos && r.error.find("no measured latency") != std::string::npos,
                 r.error.c_str());
        set.devices[0].measured_s["only"] = 1e-3;
        Device b = set.devices[0];
        b.name = "n";
        set.devices.push_back(b);
        r = buildPartitionProblem(net, set, {});
        QVERIFY(!r.problem);
        QVERIFY2(r.error.find("no link between m and n") != std::string::npos, r.error.c_str());
    }

    void deviceSymmetry() {
        const PartitionProblem p = fourIndependent();
        QCOMPARE(deviceClasses(p), (std::vector<int>{0, 0}));
        QCOMPARE(canonicalAssignment({1, 0, 1, 1}, {0, 0}), (std::vector<int>{0, 1, 0, 0}));
        QVERIFY(isCanonical({0, 1, 1, 0}, {0, 0}));
        QVERIFY(!isCanonical({1, 1, 0, 0}, {0, 0}));
        // Relabelling identical devices keeps the value.
        QCOMPARE(valueOf(p, {1, 0, 1, 1}), valueOf(p, {0, 1, 0, 0}));
        // Three devices, 0 and 2 identical, 1 different: the MILP with symmetry breaking still finds the
        // brute-force optimum (which enumerates every labelling when symmetry is off... and canonical ones
        // otherwise; both agree with the MILP without symmetry breaking).
        PartitionProblem q = test::randomInstance(9, {.nodes = 7, .devices = 3, .unavailable_p = 0});
        for (int l = 0; l < q.numNodes(); ++l) {
            q.seconds[l][2] = q.seconds[l][0];
            q.weight_bytes[l][2] = q.weight_bytes[l][0];
            q.activation_bytes[l][2] = q.activation_bytes[l][0];
        }
        q.memory_bytes[2] = q.memory_bytes[0];
        q.link_latency_s[0][2] = q.link_latency_s[2][0];
        q.link_s_per_byte[0][2] = q.link_s_per_byte[2][0];
        q.link_latency_s[2][1] = q.link_latency_s[1][2] = q.link_latency_s[0][1];
        q.link_s_per_byte[2][1] = q.link_s_per_byte[1][2] = q.link_s_per_byte[0][1];
        QCOMPARE(deviceClasses(q), (std::vector<int>{0, 1, 0}));
        const double with = valueOf(q, solveMilp(q, {.break_device_symmetry = true}).assignment);
        const double without = valueOf(q, solveMilp(q, {.break_device_symmetry = false}).assignment);
        QVERIFY(close(with, without));
        QVERIFY(close(with, valueOf(q, bruteForceAssignment(q))));
        const double bnb_with = valueOf(q, branchAndBoundAssignment(q, {.break_device_symmetry = true}).assignment);
        const double bnb_without = valueOf(q, branchAndBoundAssignment(q, {.break_device_symmetry = false}).assignment);
        QVERIFY(close(bnb_with, with));
        QVERIFY(close(bnb_without, with));
    }

    void repeatedBlocks() {
        // head, 4 blocks of (x → y, x → z, y → w, z → w) chained w → next x, tail: period 4, 4 repeats.
        PartitionProblem p;
        const int D = 2;
        auto node = [&](const std::string& name, double t) {
            p.node_names.push_back(name);
            p.seconds.push_back({t, 2 * t});
            p.unavailable.push_back(std::vector<std::string>(D));
            p.weight_bytes.push_back({t, t});
            p.activation_bytes.push_back({1, 1});
        };
        node("head", 9);
        for (int b = 0; b < 4; ++b) {
            node("x", 1);
            node("y", 2);
            node("z", 3);
            node("w", 4);
        }
        node("tail", 7);
        p.edges.push_back({0, 1, 5});
        for (int b = 0; b < 4; ++b) {
            const int x = 1 + 4 * b;
            p.edges.push_back({x, x + 1, 1});
            p.edges.push_back({x, x + 2, 1});
            p.edges.push_back({x + 1, x + 3, 1});
            p.edges.push_back({x + 2, x + 3, 1});
            p.edges.push_back({x + 3, x + 4, 1}); // to the next block's x, or the tail
        }
        p.device_names = {"a", "b"};
        p.memory_bytes = {1e9, 1e9};
        p.link_latency_s = {{0, 1}, {1, 0}};
        p.link_s_per_byte = {{0, 0}, {0, 0}};
        p.finalize();
        const BlockGrouping g = findRepeatedBlocks(p);
        QCOMPARE(g.period, 4);
        QCOMPARE(g.repeats, 4);
        QCOMPARE(g.first, 1);
        QCOMPARE(g.groups, 6); // head, 4 blocks, tail
        const PartitionProblem c = contractGroups(p, g.group_of, g.groups);
        // A block takes 1 + 2 + 3 + 4 = 10 s on a, 20 s on b; edges between groups: head→x, 3 between
        // blocks, last w → tail = 5.
        QCOMPARE(c.seconds[1][0], 10.0);
        QCOMPARE(c.seconds[1][1], 20.0);
        QCOMPARE(c.weight_bytes[1][0], 10.0);
        QCOMPARE(static_cast<int>(c.edges.size()), 5);
        // Groups: head 0, nodes 1–4 block 0 → group 1, nodes 5–8 → group 2, ..., tail (node 17) → group 5.
        const std::vector<int> a = expandGroups({0, 1, 0, 1, 0, 1}, g.group_of);
        QCOMPARE(a[0], 0);
        QCOMPARE(a[1], 1);
        QCOMPARE(a[4], 1);
        QCOMPARE(a[5], 0);
        QCOMPARE(a[17], 1);
        // Breaking the shift invariance (an extra edge inside block 0 only) leaves at most 3 blocks.
        p.edges.push_back({1, 4, 1});
        p.finalize();
        const BlockGrouping h = findRepeatedBlocks(p);
        QVERIFY(h.period * h.repeats <= 12);
    }

    void communities() {
        // Two triangles {0,1,2} and {3,4,5} joined by the bridge 2–3, all weights 1: m = 7, each community
        // has 3 inner edges and degree sum 2 + 2 + 3 = 7, so Q = 2 · (3/7 − (7/14)²) = 6/7 − 1/2.
        const std::vector<WeightedEdge> e{{0, 1, 1}, {1, 2, 1}, {0, 2, 1}, {3, 4, 1}, {4, 5, 1}, {3, 5, 1}, {2, 3, 1}};
        const std::vector<int> c = detectCommunities(6, e);
        QCOMPARE(c, (std::vector<int>{0, 0, 0, 1, 1, 1}));
        QVERIFY(close(modularity(6, e, c), 6.0 / 7.0 - 0.5, 1e-12));
        // Everything in one community: Q = 1 − 1 = 0.
        QVERIFY(close(modularity(6, e, std::vector<int>(6, 0)) + 1, 1.0, 1e-12));
    }

    void stopRequested() {
        // A stop before the start: the MILP returns the heuristic's start and says it is incomplete.
        const PartitionProblem p = test::randomInstance(3, {.nodes = 10, .devices = 3});
        std::stop_source s;
        s.request_stop();
        const PartitionResult r = solvePartition(p, {.solver = PartitionSolver::Milp}, s.get_token());
        QVERIFY(r.partition.feasible);
        QVERIFY(!r.complete);
        QVERIFY(!r.optimal);
        QVERIFY(r.lower_bound_s <= r.value(p.objective) * (1 + 1e-9));
    }
};

QTEST_APPLESS_MAIN(TestPartition)
#include "tst_partition.moc"
