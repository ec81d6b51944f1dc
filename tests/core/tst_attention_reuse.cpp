// Attention-map reuse in diffusion sampling (issue 17, item 5; arXiv 2401.01008): the reuse
// transform on a tiny self- and cross-attention block over 4 steps (MACs and map traffic by hand),
// its invariants on the sd15_unet preset, the preset's MAC total against a closed form derived from
// the SD-1.5 configuration, the design-space axis (and its errors), and the explorer over that axis.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "io/design_space_json.h"
#include "io/explore_result_json.h"
#include "io/workload_json.h"
#include "search/explorer.h"
#include "test_support.h"
#include "workload/attention_reuse.h"

using namespace archscape;
using nlohmann::json;
using workload::AttentionMaps;
using workload::AttentionReusePolicy;
using workload::Operand;

namespace {

// One transformer block's attention at T = 4 tokens, C = 8 channels, 2 heads of 4; the cross-
// attention's context is 3 tokens of 6 (a graph input). By hand (GEMM M×N×K MACs = M·N·K,
// batched matmul batch·M·N·K):
//   self:  to_q, to_k, to_v, to_out 4·8·8 = 256 each; scores 2·4·4·4 = 128; context 2·4·4·4 = 128
//          -> 1280; its map (softmax output) 2·4·4 = 32 elements
//   cross: to_q, to_out 256 each; to_k, to_v 3·8·6 = 144 each; scores 2·4·3·4 = 96; context
//          2·4·4·3 = 96 -> 992; its map 2·4·3 = 24 elements
// One step: 2272 MACs, 14 layers.
const char* kTinyAttention = R"({"format": "archscape/workload", "version": 1, "name": "tiny_attention", "layers": [
  {"name": "blk.attn1.to_q", "type": "gemm", "M": 4, "N": 8, "K": 8, "inputs": []},
  {"name": "blk.attn1.to_k", "type": "gemm", "M": 4, "N": 8, "K": 8, "inputs": []},
  {"name": "blk.attn1.to_v", "type": "gemm", "M": 4, "N": 8, "K": 8, "inputs": []},
  {"name": "blk.attn1.scores", "type": "batched_matmul", "batch": 2, "M": 4, "N": 4, "K": 4,
   "inputs": ["blk.attn1.to_q", "blk.attn1.to_k"]},
  {"name": "blk.attn1.softmax", "type": "softmax", "C": 2, "H": 4, "W": 4},
  {"name": "blk.attn1.context", "type": "batched_matmul", "batch": 2, "M": 4, "N": 4, "K": 4,
   "inputs": ["blk.attn1.softmax", "blk.attn1.to_v"]},
  {"name": "blk.attn1.to_out", "type": "gemm", "M": 4, "N": 8, "K": 8},
  {"name": "blk.attn2.to_q", "type": "gemm", "M": 4, "N": 8, "K": 8},
  {"name": "blk.attn2.to_k", "type": "gemm", "M": 3, "N": 8, "K": 6, "inputs": []},
  {"name": "blk.attn2.to_v", "type": "gemm", "M": 3, "N": 8, "K": 6, "inputs": []},
  {"name": "blk.attn2.scores", "type": "batched_matmul", "batch": 2, "M": 4, "N": 3, "K": 4,
   "inputs": ["blk.attn2.to_q", "blk.attn2.to_k"]},
  {"name": "blk.attn2.softmax", "type": "softmax", "C": 2, "H": 4, "W": 3},
  {"name": "blk.attn2.context", "type": "batched_matmul", "batch": 2, "M": 4, "N": 4, "K": 3,
   "inputs": ["blk.attn2.softmax", "blk.attn2.to_v"]},
  {"name": "blk.attn2.to_out", "type": "gemm", "M": 4, "N": 8, "K": 8}
]})";

workload::Network tiny() {
    auto r = io::parseWorkload(json::parse(kTinyAttention));
    if (!r.ok()) qFatal("tiny attention: %s", formatDiagnostics("tiny", r.errors).c_str());
    return *r.value;
}

workload::Network sd15() {
    auto r = io::readWorkloadFile(test::sourcePath("presets/workloads/sd15_unet.json"));
    if (!r.ok()) qFatal("sd15_unet: %s", formatDiagnostics("sd15_unet", r.errors).c_str());
    return *r.value;
}

AttentionReusePolicy policy(const char* text, int steps, AttentionMaps maps) {
    std::string error;
    auto p = workload::parseAttentionReusePolicy(text, steps, maps, &error);
    if (!p) qFatal("%s", error.c_str());
    return *p;
}

json space(const json& reuse) {
    return {{"format", "archscape/design-space"},
            {"version", 1},
            {"name", "reuse"},
            {"base", "eyeriss"},
            {"mapper", {{"strategy", "random"}, {"budget", 50}}},
            {"parameters", {{"attention_reuse", reuse}}}};
}

struct NullSink : search::ProgressSink {};

} // namespace

class TstAttentionReuse : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tinyNetworkByHand() {
        const auto step = tiny();
        QCOMPARE(qint64(step.totalMacs()), qint64(2272));
        QCOMPARE(workload::attentionMapCount(step, AttentionMaps::Self), 1);
        QCOMPARE(workload::attentionMapCount(step, AttentionMaps::Both), 2);
    }

    void fourSteps_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("maps");
        QTest::addColumn<qint64>("macs");
        QTest::addColumn<int>("layers");
        QTest::addColumn<qint64>("reads");
        QTest::addColumn<qint64>("writes");
        QTest::addColumn<qint64>("stored");
        // 4 steps × 2272 = 9088 MACs and 4 × 14 = 56 layers without reuse. A reused step leaves out the
        // scores and softmax of each reused kind (2 layers a kind) and their scores MACs (self 128,
        // cross 96), and its context layer reads the stored map (self 32, cross 24 elements). The map
        // is written (the softmax's output) by each computing step that a reused step follows.
        // every:2, both: steps 1, 3 reused: 9088 − 2·(128 + 96) = 8640; 56 − 2·4 = 48 layers; reads
        // 2·(32 + 24) = 112; written at steps 0 and 2: 112; stored 32 + 24 = 56.
        QTest::newRow("every:2 both") << "every:2" << int(AttentionMaps::Both) << qint64(8640) << 48 << qint64(112)
                                      << qint64(112) << qint64(56);
        // late:1, self: step 3 reused: 9088 − 128 = 8960; 54 layers; reads 32, written at step 2: 32.
        QTest::newRow("late:1 self") << "late:1" << int(AttentionMaps::Self) << qint64(8960) << 54 << qint64(32)
                                     << qint64(32) << qint64(32);
        // steps:1,2, cross: 9088 − 2·96 = 8896; 52 layers; reads 2·24 = 48; written once, at step 0: 24.
        QTest::newRow("steps:1,2 cross") << "steps:1,2" << int(AttentionMaps::Cross) << qint64(8896) << 52 << qint64(48)
                                         << qint64(24) << qint64(24);
        // none: 4 × one step exactly, no map traffic of its own.
        QTest::newRow("none") << "none" << int(AttentionMaps::Both) << qint64(9088) << 56 << qint64(0) << qint64(0)
                              << qint64(0);
    }
    void fourSteps() {
        QFETCH(QString, text);
        QFETCH(int, maps);
        QFETCH(qint64, macs);
        QFETCH(int, layers);
        QFETCH(qint64, reads);
        QFETCH(qint64, writes);
        QFETCH(qint64, stored);
        const auto p = policy(text.toUtf8().constData(), 4, static_cast<AttentionMaps>(maps));
        workload::AttentionReuseCounts c;
        const auto net = workload::applyAttentionReuse(tiny(), p, &c);
        QCOMPARE(qint64(net.totalMacs()), macs);
        QCOMPARE(int(net.layers.size()), layers);
        QCOMPARE(qint64(c.map_reads), reads);
        QCOMPARE(qint64(c.map_writes), writes);
        QCOMPARE(qint64(c.stored_elements), stored);
        QCOMPARE(qint64(c.skipped_macs), qint64(9088) - macs);
        // The map read is charged as a tensor read: every reused step's context layer is still there,
        // its input (the map) read from the backing store by every engine, and it depends on the
        // computing step's softmax. Summing those inputs gives the map reads again.
        qint64 consumerInputs = 0;
        for (int t = 1; t < 4; ++t) {
            if (!p.reused[t]) continue;
            const std::string prefix = QStringLiteral("s%1/blk.").arg(t).toStdString();
            for (const char* kind : {"attn1", "attn2"}) {
                const std::string name = prefix + kind + ".context";
                const int i = net.find(name);
                QVERIFY2(i >= 0, name.c_str());
                const bool reusedKind = (std::string(kind) == "attn1") ? maps != int(AttentionMaps::Cross)
                                                                       : maps != int(AttentionMaps::Self);
                if (!reusedKind) continue;
                consumerInputs += net.layers[i].tensorSize(Operand::Input);
                QVERIFY(net.find(prefix + kind + ".softmax") < 0);
                bool fed = false;
                for (const auto& e : net.edges) {
                    QVERIFY(e.from < e.to); // still a DAG in topological order
                    fed = fed || (e.to == i && net.layers[e.from].type == workload::LayerType::Softmax &&
                                  net.layers[e.from].name.ends_with(std::string(kind) + ".softmax"));
                }
                QVERIFY2(fed, name.c_str());
            }
        }
        QCOMPARE(consumerInputs, reads);
    }

    void policies() {
        // every:3 over 7 steps computes at 0, 3, 6.
        const auto p = policy("every:3", 7, AttentionMaps::Both);
        QVERIFY((p.reused == std::vector<bool>{false, true, true, false, true, true, false}));
        QVERIFY(
            (policy("late:2", 5, AttentionMaps::Both).reused == std::vector<bool>{false, false, false, true, true}));
        for (const char* bad : {"every:0", "late:5", "steps:0", "steps:2,2", "steps:9", "sometimes", "every:x"}) {
            std::string error;
            QVERIFY2(!workload::parseAttentionReusePolicy(bad, 5, AttentionMaps::Both, &error), bad);
            QVERIFY2(error.find("expected none, every:K") == 0, error.c_str());
        }
    }

    void sd15MacsByHand() {
        // SD-1.5's U-Net (diffusers config of runwayml/stable-diffusion-v1-5, 64×64 latent), counted in
        // closed form per block rather than layer by layer as scripts/gen_workloads.py does:
        //   conv k×k at h×h: h²·Cin·Cout·k²
        //   ResnetBlock2D(Cin→Cout, h): 9h²(Cin·Cout + Cout²) + [Cin ≠ Cout] h²·Cin·Cout (1×1 shortcut)
        //                               + 1280·Cout (time_emb_proj)
        //   Transformer(C, h), T = h²: proj_in + proj_out 2TC²; self-attention 4TC² (q, k, v, out)
        //     + 2T²C (Q·Kᵀ and map·V: heads·T·T·C/heads each); cross-attention 2TC² (q, out)
        //     + 2·77·768·C (k, v of the text context) + 2·77·T·C; GEGLU FF T·C·8C + T·4C·C = 12TC²
        //     -> 20TC² + 2T²C + 154TC + 118272C
        // Down: 2 resnets + 2 transformers per level (none at the last), a stride-2 3×3 conv after the
        // first three; mid: resnet, transformer, resnet at 8×8; up: 3 resnets per level reading the
        // concatenated skip (channels in = current + skip: 2560,2560,2560 | 2560,2560,1920 |
        // 1920,1280,960 | 960,640,640), transformers after each at all but the first level, and a
        // 3×3 conv on the 2× map after the first three; plus time MLP 320·1280 + 1280², conv_in
        // 4→320 and conv_out 320→4 at 64×64.
        const auto conv = [](qint64 h, qint64 ci, qint64 co, qint64 k) { return h * h * ci * co * k * k; };
        const auto res = [](qint64 ci, qint64 co, qint64 h) {
            return 9 * h * h * (ci * co + co * co) + (ci != co ? h * h * ci * co : 0) + 1280 * co;
        };
        const auto tr = [](qint64 c, qint64 h) {
            const qint64 t = h * h;
            return 20 * t * c * c + 2 * t * t * c + 154 * t * c + 118272 * c;
        };
        qint64 total = 320 * 1280 + 1280 * 1280 + conv(64, 4, 320, 3) + conv(64, 320, 4, 3);
        total += 2 * res(320, 320, 64) + 2 * tr(320, 64) + conv(32, 320, 320, 3);
        total += res(320, 640, 32) + res(640, 640, 32) + 2 * tr(640, 32) + conv(16, 640, 640, 3);
        total += res(640, 1280, 16) + res(1280, 1280, 16) + 2 * tr(1280, 16) + conv(8, 1280, 1280, 3);
        total += 2 * res(1280, 1280, 8);
        total += 2 * res(1280, 1280, 8) + tr(1280, 8);
        total += 3 * res(2560, 1280, 8) + conv(16, 1280, 1280, 3);
        total += 2 * res(2560, 1280, 16) + res(1920, 1280, 16) + 3 * tr(1280, 16) + conv(32, 1280, 1280, 3);
        total += res(1920, 640, 32) + res(1280, 640, 32) + res(960, 640, 32) + 3 * tr(640, 32) + conv(64, 640, 640, 3);
        total += res(960, 320, 64) + 2 * res(640, 320, 64) + 3 * tr(320, 64);
        QCOMPARE(total, qint64(401636720640)); // the closed form evaluated: 0.40 TMAC per U-Net evaluation
        const auto net = sd15();
        QCOMPARE(qint64(net.totalMacs()), total);
        // 16 transformer blocks (6 down, 1 mid, 9 up), each with one self and one cross map.
        QCOMPARE(workload::attentionMapCount(net, AttentionMaps::Self), 16);
        QCOMPARE(workload::attentionMapCount(net, AttentionMaps::Cross), 16);
    }

    void invariantsOnSd15() {
        const auto step = sd15();
        constexpr int kSteps = 10;
        const qint64 one = qint64(step.totalMacs());
        const std::size_t shapes = step.uniqueShapes().size();
        for (AttentionMaps maps : {AttentionMaps::Self, AttentionMaps::Cross, AttentionMaps::Both}) {
            // Zero reuse = S × one step, exactly.
            QCOMPARE(qint64(workload::applyAttentionReuse(step, AttentionReusePolicy::none(kSteps, maps)).totalMacs()),
                     kSteps * one);
            // Reusing more steps never increases MACs (late:n ⊂ late:n+1), and reuse never does.
            qint64 previous = kSteps * one;
            for (int n = 0; n < kSteps; ++n) {
                const auto net = workload::applyAttentionReuse(step, AttentionReusePolicy::late(kSteps, n, maps));
                QVERIFY(qint64(net.totalMacs()) <= previous);
                if (n > 0) QVERIFY(qint64(net.totalMacs()) < previous); // every reused step skips some Q·Kᵀ
                previous = qint64(net.totalMacs());
                // Step 0 computes every layer, so no shape disappears (the explorer's shape list is stable).
                if (n == kSteps - 1) QCOMPARE(int(net.uniqueShapes().size()), int(shapes));
            }
            for (int k = 1; k <= kSteps; ++k)
                QVERIFY(
                    workload::applyAttentionReuse(step, AttentionReusePolicy::everyK(kSteps, k, maps)).totalMacs() <=
                    kSteps * one);
        }
    }

    void axisParses() {
        auto s =
            io::parseDesignSpace(space({{"steps", 4}, {"maps", "self"}, {"values", {0, 1, "every:2", "steps:1,3"}}}));
        QVERIFY2(s.ok(), formatDiagnostics("space", s.errors).c_str());
        const int a = s.value->axisOf(search::Param::AttentionReuse);
        QVERIFY(a >= 0);
        const auto& axis = s.value->axes[a];
        QVERIFY((axis.labels == std::vector<std::string>{"0", "1", "every:2", "steps:1,3"}));
        QVERIFY((axis.reuse_policies[1].reused == std::vector<bool>{false, false, false, true})); // late:1
        QVERIFY(axis.reuse_policies[2].maps == AttentionMaps::Self);
        QCOMPARE(s.value->pointAt(2).attention_reuse, 2);
        // The step count is part of the fingerprint even though the labels are the same.
        auto t =
            io::parseDesignSpace(space({{"steps", 5}, {"maps", "self"}, {"values", {0, 1, "every:2", "steps:1,3"}}}));
        QVERIFY(t.ok());
        QVERIFY(s.value->fingerprint() != t.value->fingerprint());
    }

    void axisErrors() {
        // A bad value names the file, the field path and what was expected.
        QTemporaryDir dir;
        const std::string path = dir.filePath("space.json").toStdString();
        std::ofstream(path) << space({{"steps", 4}, {"values", {0, 4}}}).dump();
        auto r = io::readDesignSpaceFile(path);
        QVERIFY(!r.ok());
        const std::string text = formatDiagnostics(path, r.errors);
        QVERIFY2(text.find(path) != std::string::npos, text.c_str());
        QVERIFY2(text.find("/parameters/attention_reuse/values/1") != std::string::npos, text.c_str());
        QVERIFY2(text.find("expected none, every:K (K >= 1), late:N (0 <= N < steps)") != std::string::npos,
                 text.c_str());
        for (const json& bad :
             {json{{"values", {1}}}, json{{"steps", 0}, {"values", {0}}}, json{{"steps", 4}, {"values", json::array()}},
              json{{"steps", 4}, {"values", {true}}}, json{{"steps", 4}, {"maps", "both_ways"}, {"values", {0}}}}) {
            auto e = io::parseDesignSpace(space(bad));
            QVERIFY2(!e.ok(), bad.dump().c_str());
            QVERIFY2(e.errors.front().path.rfind("/parameters/attention_reuse", 0) == 0, e.errors.front().path.c_str());
        }
    }

    void explorerPerImage() {
        // The tiny block on eyeriss over 4 steps: no reuse costs 4 × one step (the same shapes, counted
        // 4 times); each further reused step (late:n) can only remove layers, so latency and energy per
        // image do not rise.
        auto s = io::parseDesignSpace(space({{"steps", 4}, {"values", {0, 1, 2, 3}}}));
        QVERIFY2(s.ok(), formatDiagnostics("space", s.errors).c_str());
        search::ExploreRequest req;
        req.space = *s.value;
        req.network = tiny();
        req.objectives = {search::Metric::Latency, search::Metric::Energy};
        NullSink sink;
        const auto r = search::run(req, sink);
        QCOMPARE(int(r.points.size()), 4);
        auto single = io::parseDesignSpace(json{{"format", "archscape/design-space"},
                                                {"version", 1},
                                                {"name", "one"},
                                                {"base", "eyeriss"},
                                                {"mapper", {{"strategy", "random"}, {"budget", 50}}},
                                                {"parameters", {{"pe_rows", {12}}}}});
        QVERIFY(single.ok());
        search::ExploreRequest one = req;
        one.space = *single.value;
        const auto r1 = search::run(one, sink);
        QVERIFY(r1.points.front().feasible());
        QVERIFY(r.points[0].feasible());
        QVERIFY(qFuzzyCompare(r.points[0].latency_s, 4 * r1.points.front().latency_s));
        QVERIFY(qFuzzyCompare(r.points[0].energy_j, 4 * r1.points.front().energy_j));
        for (int i = 1; i < 4; ++i) {
            QVERIFY(r.points[i].latency_s < r.points[i - 1].latency_s);
            QVERIFY(r.points[i].energy_j < r.points[i - 1].energy_j);
        }
        // The result's front details list the step's 14 layers (step 0's, which computes all of them),
        // although the point's shapes count the 4-step network's layers (a fixed out-of-bounds write).
        const json doc = io::toJson(req, r);
        QVERIFY(!doc["front_details"].empty());
        for (const auto& [index, details] : doc["front_details"].items()) {
            QCOMPARE(int(details["layers"].size()), 14);
            QCOMPARE(details["layers"][13]["name"].get<std::string>(), std::string("blk.attn2.to_out"));
        }
        // A network without attention maps is refused with the reason.
        search::ExploreRequest plain = req;
        plain.network.layers.resize(3); // the three projections only
        plain.network.edges.clear();
        const auto why = search::checkRequest(plain);
        QVERIFY(why && why->find("has none") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TstAttentionReuse)
#include "tst_attention_reuse.moc"
