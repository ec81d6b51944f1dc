// Golden tests of the presets in presets/: every workload and accelerator parses, the workloads
// match the published architectures (MAC totals, layer counts, distinct shapes, residual edges),
// the accelerators carry the published figures, and the data-centric dataflow templates map every
// MAC layer of every workload onto every data-centric accelerator.
//
// Every expected number below is derived by hand from the papers' architecture tables; the
// derivations are in the comments. None is copied from the program's (or the generator's) output.
#include <QtTest>

#include <algorithm>
#include <set>
#include <string>

#include "io/accelerator_json.h"
#include "io/preset_catalog.h"
#include "io/workload_json.h"
#include "mapping/dataflow.h"
#include "mapping/validity.h"
#include "model/evaluate_layer.h"
#include "model/network_cost.h"
#include "schedule/evaluate_network.h"
#include "test_support.h"

using namespace archscape;
using workload::Dim;
using workload::LayerType;

namespace {

std::string workloadPath(const QString& name) {
    return test::sourcePath("presets/workloads/" + name.toStdString() + ".json");
}
std::string acceleratorPath(const QString& name) {
    return test::sourcePath("presets/accelerators/" + name.toStdString() + ".json");
}

workload::Network loadWorkload(const QString& name) {
    const std::string path = workloadPath(name);
    auto r = io::readWorkloadFile(path);
    if (!r.ok()) qWarning("%s", formatDiagnostics(path, r.errors).c_str());
    return r.value.value_or(workload::Network{});
}

hardware::Accelerator loadAccelerator(const QString& name) {
    const std::string path = acceleratorPath(name);
    auto r = io::readAcceleratorFile(path);
    if (!r.ok()) qWarning("%s", formatDiagnostics(path, r.errors).c_str());
    return r.value.value_or(hardware::Accelerator{});
}

int countType(const workload::Network& net, LayerType t) {
    int n = 0;
    for (const auto& l : net.layers) n += l.type == t;
    return n;
}

const QStringList kWorkloads = {"alexnet",  "vgg16",       "resnet18",         "resnet34",
                                "resnet50", "mobilenetv2", "bert_base_encoder"};

} // namespace

class TestPresets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void workloadTotals_data();
    void workloadTotals();
    void layerShapes_data();
    void layerShapes();
    void residualEdges_data();
    void residualEdges();
    void accelerators_data();
    void accelerators();
    void templateMapsEveryLayer_data();
    void templateMapsEveryLayer();
    void systolicEvaluatesEveryLayer_data();
    void systolicEvaluatesEveryLayer();
    void catalogNamesEveryPreset();
};

// ---- MAC totals, layer counts, distinct shapes -----------------------------------------------------
//
// MACs of a convolution = P·Q·K·(C/groups)·R·S, of a GEMM = M·N·K, of a batched matmul = batch·M·N·K.
//
// AlexNet, torchvision (224x224): conv1 11x11/4 pad 2 → P = ⌊(224+4−11)/4⌋+1 = 55; maxpool 3/2 → 27;
// conv2 5x5 pad 2 → 27; pool → 13; conv3-5 3x3 → 13; pool → 6; flatten 256·36 = 9216.
//   conv1 55²·64·3·121      =  70,276,800
//   conv2 27²·192·64·25     = 223,948,800
//   conv3 13²·384·192·9     = 112,140,288
//   conv4 13²·256·384·9     = 149,520,384
//   conv5 13²·256·256·9     =  99,680,256
//   fc6 9216·4096 = 37,748,736; fc7 4096² = 16,777,216; fc8 4096·1000 = 4,096,000
//   total = 655,566,528 + 58,621,952 = 714,188,480 (≈ 0.71 G)
// Layers: 5 conv + 3 pool + 3 fc = 11, all shapes distinct (the pools see 64@55, 192@27, 256@13).
//
// VGG-16 (config D), 3x3 pad 1 convs; per stage (H², channels):
//   224²=50176: conv1_1 50176·64·3·9 = 86,704,128; conv1_2 50176·64·64·9 = 1,849,688,064
//   112²=12544: conv2_1 12544·128·64·9 = 924,844,032; conv2_2 12544·128·128·9 = 1,849,688,064
//    56²=3136:  conv3_1 3136·256·128·9 = 924,844,032; conv3_2, conv3_3 3136·256·256·9 = 1,849,688,064 each
//    28²=784:   conv4_1 784·512·256·9 = 924,844,032; conv4_2, conv4_3 784·512·512·9 = 1,849,688,064 each
//    14²=196:   conv5_1..3 196·512·512·9 = 462,422,016 each
//   conv total 15,346,630,656; fc 25088·4096 + 4096² + 4096·1000 = 123,633,664
//   total = 15,470,264,320 (≈ 15.47 G)
// Layers: 13 conv + 5 pool + 3 fc = 21. Distinct convs: conv1_1, conv1_2, conv2_1, conv2_2, conv3_1,
// conv3_2(=3_3), conv4_1, conv4_2(=4_3), conv5_x = 9; pools 5 (different C or H); fc 3 → 17.
//
// ResNet-18 (basic blocks [2,2,2,2]): conv1 7x7/2 at 112² = 12544·64·3·49 = 118,013,952
//   stage1 (56², 64): 4 × 3136·64·64·9 = 4 × 115,605,504 = 462,422,016
//   stages 2-4 each: first 3x3/2 conv (at half size, C = K/2) 57,802,752 + three 3x3 convs
//     115,605,504 each + 1x1/2 projection 6,422,528 = 411,041,792
//     (stage2: 784·128·64·9, 784·128·128·9, 784·128·64; stage3 196·256·..., stage4 49·512·... —
//      halving H² and doubling both C and K keeps every product equal)
//   fc 512·1000 = 512,000
//   total = 118,013,952 + 462,422,016 + 3·411,041,792 + 512,000 = 1,814,073,344 (≈ 1.81 G)
// Layers: 1 + 16 + 3 projections = 20 conv, 8 adds, 2 pools, 1 fc = 31.
// Distinct convs: conv1; stage1 one 3x3 shape; stages 2-4 three each (strided 3x3, 3x3, projection)
// = 11. Adds: one shape per stage = 4. Pools 2, fc 1 → 18.
//
// ResNet-50 v1.5 (bottlenecks [3,4,6,3], width w, output 4w, stride in the 3x3):
//   conv1 118,013,952
//   stage1 (56², w=64): block1 1x1 64→64 12,845,056 + 3x3 115,605,504 + 1x1 64→256 51,380,224
//     + projection 64→256 51,380,224 = 231,211,008; blocks 2-3: 1x1 256→64 51,380,224 + 3x3
//     115,605,504 + 1x1 64→256 51,380,224 = 218,365,952 each → 667,942,912
//   stages 2-4, first block: 1x1 (at the input size, C=2w... i.e. 4w_prev → w) 102,760,448
//     + 3x3/2 115,605,504 + 1x1 w→4w 51,380,224 + projection/2 102,760,448 = 372,506,624;
//     other blocks 218,365,952 each (same products as stage1's, by the halving/doubling argument)
//     stage2 372,506,624 + 3·218,365,952 = 1,027,604,480
//     stage3 372,506,624 + 5·218,365,952 = 1,464,336,384
//     stage4 372,506,624 + 2·218,365,952 =   809,238,528
//   fc 2048·1000 = 2,048,000
//   total = 4,089,184,256 (≈ 4.09 G; He et al. quote 3.8 G FLOPs for v1, whose stride sits in the first 1x1)
// Layers: 1 + 16·3 + 4 projections = 53 conv, 16 adds, 2 pools, 1 fc = 72.
// Distinct convs: conv1; stage1: 1x1 64→64, 3x3, 1x1 64→256 (= its projection: same C, K, size,
// stride), 1x1 256→64 = 4; each later stage: first block's 1x1 (at the previous size), strided 3x3,
// 1x1 w→4w, strided projection, then 1x1 4w→w and unstrided 3x3 of the other blocks = 6 → 1+4+18 = 23.
// Adds 4 shapes (256@56, 512@28, 1024@14, 2048@7), pools 2, fc 1 → 30.
//
// MobileNetV2 1.0 (Table 2: t,c,n,s = 1,16,1,1 | 6,24,2,2 | 6,32,3,2 | 6,64,4,2 | 6,96,3,1 | 6,160,3,2 |
// 6,320,1,1): stem 3x3/2 3→32 at 112² = 12544·32·27 = 10,838,016
//   block0 (t=1): dw 12544·32·9 = 3,612,672 + project 12544·32·16 = 6,422,528 → 10,035,200
//   24-stage: b1 exp 12544·16·96 19,267,584 + dw/2 3136·96·9 2,709,504 + proj 3136·96·24 7,225,344
//     = 29,202,432; b2 exp 3136·24·144 10,838,016 + dw 3136·144·9 4,064,256 + proj 10,838,016 = 25,740,288
//   32-stage: b1 exp 10,838,016 + dw/2 784·144·9 1,016,064 + proj 784·144·32 3,612,672 = 15,466,752;
//     b2,b3 exp 784·32·192 4,816,896 + dw 784·192·9 1,354,752 + proj 4,816,896 = 10,988,544 each → 37,443,840
//   64-stage: b1 4,816,896 + 196·192·9 338,688 + 196·192·64 2,408,448 = 7,564,032;
//     b2-b4 196·64·384 4,816,896 + 196·384·9 677,376 + 4,816,896 = 10,311,168 each → 38,497,536
//   96-stage: b1 4,816,896 + 677,376 + 196·384·96 7,225,344 = 12,719,616;
//     b2,b3 196·96·576 10,838,016 + 196·576·9 1,016,064 + 10,838,016 = 22,692,096 each → 58,103,808
//   160-stage: b1 10,838,016 + 49·576·9 254,016 + 49·576·160 4,515,840 = 15,607,872;
//     b2,b3 49·160·960 7,526,400 + 49·960·9 423,360 + 7,526,400 = 15,476,160 each → 46,560,192
//   320-stage: 7,526,400 + 423,360 + 49·960·320 15,052,800 = 23,002,560
//   conv_last 49·320·1280 = 20,070,400; classifier 1280·1000 = 1,280,000
//   total = 300,774,272 (≈ 0.30 G; the paper quotes 300 M multiply-adds)
// Layers: stem + 2 (block0) + 16·3 + conv_last = 52 conv (17 depthwise); residual adds where stride 1
// and C_in = C_out: 1 + 2 + 3 + 2 + 2 = 10; 1 pool; 1 fc → 64.
// Distinct convs: stem 1, block0 2, 24-stage 6, 32-stage 5 (its first expand equals the 24-stage b2
// expand), 64-stage 5 (same reason), 96-stage 4 (b1's expand and dw equal the 64-stage b2's),
// 160-stage 5, 320-stage 1 (only the projection is new), conv_last 1 = 30. Adds: 5 shapes
// (24@56, 32@28, 64@14, 96@14, 160@7); pool 1; fc 1 → 37.
//
// BERT-base encoder layer, sequence 512, hidden 768, 12 heads of 64, FFN 3072:
//   Q, K, V, O projections 4·512·768·768 = 1,207,959,552
//   attention Q·Kᵀ and A·V 2·12·512·512·64 = 402,653,184
//   FFN 2·512·768·3072 = 2,415,919,104
//   total = 4,026,531,840
// Layers: 6 gemm, 2 batched matmuls, softmax, 2 adds, 2 norms = 13. Distinct: the four projections
// share one shape; Q·Kᵀ (M=N=512, K=64) and A·V (M=512, N=64, K=512) differ; ffn1 (768→3072) and
// ffn2 (3072→768) differ; the two adds are alike, as are the two norms; softmax 1 → 1+2+2+1+1+1 = 8.
void TestPresets::workloadTotals_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<qint64>("macs");
    QTest::addColumn<int>("layers");
    QTest::addColumn<int>("convs");
    QTest::addColumn<int>("gemms");
    QTest::addColumn<int>("bmms");
    QTest::addColumn<int>("pools");
    QTest::addColumn<int>("elementwise");
    QTest::addColumn<int>("uniqueConvs");
    QTest::addColumn<int>("uniqueAll");
    QTest::newRow("alexnet") << "alexnet" << qint64(714188480) << 11 << 5 << 3 << 0 << 3 << 0 << 5 << 11;
    QTest::newRow("vgg16") << "vgg16" << qint64(15470264320) << 21 << 13 << 3 << 0 << 5 << 0 << 9 << 17;
    QTest::newRow("resnet18") << "resnet18" << qint64(1814073344) << 31 << 20 << 1 << 0 << 2 << 8 << 11 << 18;
    // ResNet-34 (issue 17), basic blocks [3,4,6,3]: conv1 64·3·49·112² = 118,013,952; layer1 6·64·64·9·56²
    // = 693,633,024; layer2 128·64·9·28² + 7·128·128·9·28² + 128·64·28² = 873,463,808; layer3
    // 1,335,885,824 and layer4 642,252,800 alike; fc 512,000: 3,663,761,408 (He et al. Table 1: 3.6e9).
    // 1 + 1 + 16·3 + 3 downsample + 1 + 1 = 55 layers, 36 convs; distinct shapes as in ResNet-18.
    QTest::newRow("resnet34") << "resnet34" << qint64(3663761408) << 55 << 36 << 1 << 0 << 2 << 16 << 11 << 18;
    QTest::newRow("resnet50") << "resnet50" << qint64(4089184256) << 72 << 53 << 1 << 0 << 2 << 16 << 23 << 30;
    QTest::newRow("mobilenetv2") << "mobilenetv2" << qint64(300774272) << 64 << 52 << 1 << 0 << 1 << 10 << 30 << 37;
    QTest::newRow("bert_base_encoder") << "bert_base_encoder" << qint64(4026531840) << 13 << 0 << 6 << 2 << 0 << 2 << 0
                                       << 8;
}

void TestPresets::workloadTotals() {
    QFETCH(QString, name);
    QFETCH(qint64, macs);
    QFETCH(int, layers);
    QFETCH(int, convs);
    QFETCH(int, gemms);
    QFETCH(int, bmms);
    QFETCH(int, pools);
    QFETCH(int, elementwise);
    QFETCH(int, uniqueConvs);
    QFETCH(int, uniqueAll);

    const std::string path = workloadPath(name);
    const auto r = io::readWorkloadFile(path);
    QVERIFY2(r.ok(), formatDiagnostics(path, r.errors).c_str());
    const workload::Network& net = *r.value;
    QCOMPARE(QString::fromStdString(net.name), name);
    QCOMPARE(qint64(net.totalMacs()), macs);
    QCOMPARE(int(net.layers.size()), layers);
    QCOMPARE(countType(net, LayerType::Conv), convs);
    QCOMPARE(countType(net, LayerType::Gemm), gemms);
    QCOMPARE(countType(net, LayerType::BatchedMatmul), bmms);
    QCOMPARE(countType(net, LayerType::Pool), pools);
    QCOMPARE(countType(net, LayerType::Elementwise), elementwise);

    const auto shapes = net.uniqueShapes();
    QCOMPARE(int(shapes.size()), uniqueAll);
    int unique_convs = 0;
    std::size_t members = 0;
    for (const auto& s : shapes) {
        unique_convs += net.layers[s.representative].type == LayerType::Conv;
        members += s.members.size();
        for (int i : s.members) QVERIFY(net.layers[i].sameShape(net.layers[s.representative]));
    }
    QCOMPARE(unique_convs, uniqueConvs);
    QCOMPARE(members, net.layers.size()); // a partition: every layer in exactly one group
}

// ---- individual layers: the size arithmetic lands where the papers say --------------------------
void TestPresets::layerShapes_data() {
    QTest::addColumn<QString>("net");
    QTest::addColumn<QString>("layer");
    QTest::addColumn<qint64>("G");
    QTest::addColumn<qint64>("K");
    QTest::addColumn<qint64>("C");
    QTest::addColumn<qint64>("P");
    QTest::addColumn<qint64>("R");
    QTest::addColumn<int>("stride");
    // AlexNet conv1: ⌊(224 + 2·2 − 11)/4⌋ + 1 = 55.
    QTest::newRow("alexnet conv1") << "alexnet"
                                   << "conv1" << qint64(1) << qint64(64) << qint64(3) << qint64(55) << qint64(11) << 4;
    // fc6 reads the 256x6x6 map after pool5: GEMM C = 9216, K = 4096, P = M = 1.
    QTest::newRow("alexnet fc6") << "alexnet"
                                 << "fc6" << qint64(1) << qint64(4096) << qint64(9216) << qint64(1) << qint64(1) << 1;
    // VGG-16 fc6 reads 512x7x7 = 25088.
    QTest::newRow("vgg16 fc6") << "vgg16"
                               << "fc6" << qint64(1) << qint64(4096) << qint64(25088) << qint64(1) << qint64(1) << 1;
    QTest::newRow("vgg16 conv5_3") << "vgg16"
                                   << "conv5_3" << qint64(1) << qint64(512) << qint64(512) << qint64(14) << qint64(3)
                                   << 1;
    // v1.5: the stride-2 3x3 of stage 2 maps 56 → 28 on 128 channels.
    QTest::newRow("resnet50 layer2.0.conv2")
        << "resnet50"
        << "layer2.0.conv2" << qint64(1) << qint64(128) << qint64(128) << qint64(28) << qint64(3) << 2;
    // ... and its first 1x1 still runs at 56x56.
    QTest::newRow("resnet50 layer2.0.conv1")
        << "resnet50"
        << "layer2.0.conv1" << qint64(1) << qint64(128) << qint64(256) << qint64(56) << qint64(1) << 1;
    QTest::newRow("resnet50 layer4.0.downsample")
        << "resnet50"
        << "layer4.0.downsample" << qint64(1) << qint64(2048) << qint64(1024) << qint64(7) << qint64(1) << 2;
    QTest::newRow("resnet50 fc") << "resnet50"
                                 << "fc" << qint64(1) << qint64(1000) << qint64(2048) << qint64(1) << qint64(1) << 1;
    QTest::newRow("resnet18 layer3.0.downsample")
        << "resnet18"
        << "layer3.0.downsample" << qint64(1) << qint64(256) << qint64(128) << qint64(14) << qint64(1) << 2;
    // Depthwise: groups = channels, so G = 96 with one input and one output channel per group;
    // block1 is the first of the 24-channel stage (stride 2: 112 → 56), expanded 16·6 = 96.
    QTest::newRow("mobilenetv2 block1.dw")
        << "mobilenetv2"
        << "block1.dw" << qint64(96) << qint64(1) << qint64(1) << qint64(56) << qint64(3) << 2;
    QTest::newRow("mobilenetv2 block16.project")
        << "mobilenetv2"
        << "block16.project" << qint64(1) << qint64(320) << qint64(960) << qint64(7) << qint64(1) << 1;
    // Q·Kᵀ: G = 12 heads, P = M = 512 queries, K = N = 512 keys, C = head dim 64.
    QTest::newRow("bert attn_scores") << "bert_base_encoder"
                                      << "attn_scores" << qint64(12) << qint64(512) << qint64(64) << qint64(512)
                                      << qint64(1) << 1;
    // A·V: reduces over the 512 keys into 64 features per head.
    QTest::newRow("bert attn_context") << "bert_base_encoder"
                                       << "attn_context" << qint64(12) << qint64(64) << qint64(512) << qint64(512)
                                       << qint64(1) << 1;
    QTest::newRow("bert ffn2") << "bert_base_encoder"
                               << "ffn2" << qint64(1) << qint64(768) << qint64(3072) << qint64(512) << qint64(1) << 1;
}

void TestPresets::layerShapes() {
    QFETCH(QString, net);
    QFETCH(QString, layer);
    QFETCH(qint64, G);
    QFETCH(qint64, K);
    QFETCH(qint64, C);
    QFETCH(qint64, P);
    QFETCH(qint64, R);
    QFETCH(int, stride);
    const workload::Network n = loadWorkload(net);
    const int i = n.find(layer.toStdString());
    QVERIFY2(i >= 0, qPrintable(layer));
    const workload::Layer& l = n.layers[i];
    QCOMPARE(qint64(l.bound(Dim::G)), G);
    QCOMPARE(qint64(l.bound(Dim::K)), K);
    QCOMPARE(qint64(l.bound(Dim::C)), C);
    QCOMPARE(qint64(l.bound(Dim::P)), P);
    QCOMPARE(qint64(l.bound(Dim::Q)), l.type == LayerType::Conv ? P : qint64(1));
    QCOMPARE(qint64(l.bound(Dim::R)), R);
    QCOMPARE(l.stride_h, stride);
}

// ---- DAG edges: residual adds take two producers ---------------------------------------------------
void TestPresets::residualEdges_data() {
    QTest::addColumn<QString>("net");
    QTest::addColumn<int>("adds");
    QTest::newRow("resnet18") << "resnet18" << 8;
    QTest::newRow("resnet34") << "resnet34" << 16;
    QTest::newRow("resnet50") << "resnet50" << 16;
    QTest::newRow("mobilenetv2") << "mobilenetv2" << 10;
}

void TestPresets::residualEdges() {
    QFETCH(QString, net);
    QFETCH(int, adds);
    const workload::Network n = loadWorkload(net);
    QVERIFY(!n.layers.empty());
    int seen = 0;
    for (int i = 0; i < int(n.layers.size()); ++i) {
        if (n.layers[i].type != LayerType::Elementwise) continue;
        ++seen;
        QCOMPARE(n.layers[i].elementwise_inputs, 2);
        std::set<int> from;
        for (const auto& e : n.edges)
            if (e.to == i) from.insert(e.from);
        QCOMPARE(int(from.size()), 2);
        // One producer is the block's last conv, right before the add; the other is a shortcut:
        // a projection conv or an earlier layer (the block input).
        QVERIFY(from.count(i - 1) == 1);
    }
    QCOMPARE(seen, adds);
    // The network is a DAG in topological order (edges point forward).
    for (const auto& e : n.edges) QVERIFY(e.from < e.to);
}

// ---- accelerators: parse, and carry the published figures ----------------------------------------
//
// DRAM bandwidth in words per core cycle = bytes per second / (word bytes · clock):
//   eyeriss: 64-bit off-chip bus at the 60 MHz link clock = 8 B · 60 MHz = 480 MB/s;
//            / (2 B · 200 MHz) = 1.2 words per cycle
//   nvdla:   256-bit primary memory interface (nv_large) at the 1 GHz core clock = 32 B per cycle
//            = 32 INT8 words per cycle
//   tpu:     34 GB/s DDR3 / (1 B · 700 MHz) = 48.571... ≈ 48.57 words per cycle
//   shidiannao: assumed 64-bit DDR3-1600 = 12.8 GB/s / (2 B · 1 GHz) = 6.4 words per cycle
// Largest on-chip buffer: eyeriss 108 KB = 108·1024 = 110,592 B; nvdla 16 banks · 512 · 64 B = 524,288 B;
// tpu 24 MiB = 25,165,824 B; shidiannao SB 128 KB = 131,072 B.
void TestPresets::accelerators_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("systolic");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::addColumn<double>("clockMhz");
    QTest::addColumn<int>("nodeNm");
    QTest::addColumn<int>("bits");
    QTest::addColumn<double>("dramWordsPerCycle");
    QTest::addColumn<qint64>("largestBuffer");
    QTest::addColumn<qint64>("perPeBytes");
    QTest::addColumn<QString>("cites");
    QTest::newRow("eyeriss") << "eyeriss" << false << 12 << 14 << 200.0 << 65 << 16 << (8.0 * 60e6) / (2.0 * 200e6)
                             << qint64(108 * 1024) << qint64((12 + 224 + 24) * 2) // 520 B ≈ 0.5 KB
                             << "ISCA 2016";
    QTest::newRow("nvdla") << "nvdla" << false << 64 << 32 << 1000.0 << 16 << 8 << 256.0 / 8 << qint64(16 * 512 * 64)
                           << qint64(1) << "nv_large.spec";
    QTest::newRow("tpu") << "tpu" << true << 256 << 256 << 700.0 << 28 << 8 << 34e9 / (1.0 * 700e6)
                         << qint64(24 * 1024 * 1024) << qint64(1) << "ISCA 2017";
    QTest::newRow("shidiannao") << "shidiannao" << false << 8 << 8 << 1000.0 << 65 << 16 << 12.8e9 / (2.0 * 1e9)
                                << qint64(128 * 1024) << qint64(2) << "ISCA 2015";
}

void TestPresets::accelerators() {
    QFETCH(QString, name);
    QFETCH(bool, systolic);
    QFETCH(int, rows);
    QFETCH(int, cols);
    QFETCH(double, clockMhz);
    QFETCH(int, nodeNm);
    QFETCH(int, bits);
    QFETCH(double, dramWordsPerCycle);
    QFETCH(qint64, largestBuffer);
    QFETCH(qint64, perPeBytes);
    QFETCH(QString, cites);

    const std::string path = acceleratorPath(name);
    const auto r = io::readAcceleratorFile(path);
    QVERIFY2(r.ok(), formatDiagnostics(path, r.errors).c_str());
    const hardware::Accelerator& acc = *r.value;
    QCOMPARE(QString::fromStdString(acc.name), name);
    QVERIFY2(QString::fromStdString(acc.description).contains(cites), qPrintable(cites));
    QCOMPARE(acc.kind == hardware::AcceleratorKind::Systolic, systolic);
    if (systolic) QVERIFY(acc.systolic_dataflow == hardware::SystolicDataflow::WeightStationary);
    QCOMPARE(acc.pe.rows, rows);
    QCOMPARE(acc.pe.cols, cols);
    QCOMPARE(acc.clock_mhz, clockMhz);
    QCOMPARE(acc.tech_node_nm, nodeNm);
    QCOMPARE(acc.precision[workload::Operand::Weight].bits, bits);
    QCOMPARE(acc.precision[workload::Operand::Input].bits, bits);

    QVERIFY(acc.numLevels() >= 3);
    const hardware::MemoryLevel& dram = acc.levels[0];
    QVERIFY(dram.kind == hardware::MemoryKind::Dram);
    QVERIFY(dram.double_buffered);
    QVERIFY(qAbs(dram.bandwidth_words_per_cycle - dramWordsPerCycle) < 0.01);

    std::int64_t largest = 0, per_pe = 0;
    for (int i = 1; i < acc.numLevels(); ++i) {
        const auto& l = acc.levels[i];
        QVERIFY(l.kind != hardware::MemoryKind::Dram);
        if (l.per_pe) per_pe += l.capacity_bytes;
        else largest = std::max(largest, l.capacity_bytes);
    }
    QCOMPARE(qint64(largest), largestBuffer);
    QCOMPARE(qint64(per_pe), perPeBytes);
    // Every operand has a path from DRAM to the PEs: each is kept by some per-PE level or else
    // delivered from a shared level over the NoC; at minimum DRAM keeps everything.
    for (auto o : workload::kAllOperands) QVERIFY(dram.keeps[o]);
}

// ---- template mappings: every MAC layer of every workload on every data-centric accelerator --------
void TestPresets::templateMapsEveryLayer_data() {
    QTest::addColumn<QString>("acc");
    QTest::addColumn<QString>("dataflow");
    QTest::addColumn<QString>("net");
    const std::pair<const char*, const char*> accs[] = {{"eyeriss", "rs"}, {"nvdla", "kc-p"}, {"shidiannao", "yx-p"}};
    for (const auto& [a, d] : accs)
        for (const QString& w : kWorkloads)
            QTest::newRow(qPrintable(QString("%1 %2").arg(a, w))) << QString(a) << QString(d) << w;
}

void TestPresets::templateMapsEveryLayer() {
    QFETCH(QString, acc);
    QFETCH(QString, dataflow);
    QFETCH(QString, net);
    const hardware::Accelerator a = loadAccelerator(acc);
    const workload::Network n = loadWorkload(net);
    QVERIFY(a.numLevels() > 0);
    QVERIFY(!n.layers.empty());
    const auto d = mapping::parseDataflow(dataflow.toStdString());
    QVERIFY(d.has_value());

    QStringList failed;
    for (const auto& s : n.uniqueShapes()) {
        const workload::Layer& l = n.layers[s.representative];
        if (!workload::hasMacs(l.type)) continue;
        const auto m = mapping::templateMapping(l, a, *d);
        if (!m) {
            failed << QString::fromStdString(l.name);
            continue;
        }
        QVERIFY2(!mapping::check(l, a, *m), qPrintable(QString::fromStdString(l.name)));
    }
    QVERIFY2(failed.isEmpty(), qPrintable("no template mapping for: " + failed.join(", ")));

    const auto cost =
        schedule::evaluateNetwork(n, a, [&](const workload::Layer& l) { return mapping::templateMapping(l, a, *d); });
    QCOMPARE(cost.unmapped, 0);
    // Conservation: the evaluated MACs are the network's MACs, layer by layer.
    QCOMPARE(cost.macs, double(n.totalMacs()));
    QVERIFY(cost.cycles > 0);
    QVERIFY(cost.energy_pj > 0);
    // No layer can beat the array's peak: cycles >= MACs / (PEs · MACs per PE).
    QVERIFY(cost.cycles >= double(n.totalMacs()) / (double(a.pe.count()) * a.pe.macs_per_pe));
}

// ---- the TPU preset is systolic: SCALE-Sim semantics evaluate every MAC layer --------------------
void TestPresets::systolicEvaluatesEveryLayer_data() {
    QTest::addColumn<QString>("net");
    for (const QString& w : kWorkloads) QTest::newRow(qPrintable(w)) << w;
}

void TestPresets::systolicEvaluatesEveryLayer() {
    QFETCH(QString, net);
    const hardware::Accelerator a = loadAccelerator("tpu");
    const workload::Network n = loadWorkload(net);
    QVERIFY(a.kind == hardware::AcceleratorKind::Systolic);
    QVERIFY(!n.layers.empty());
    double macs = 0;
    for (const auto& s : n.uniqueShapes()) {
        const workload::Layer& l = n.layers[s.representative];
        if (!workload::hasMacs(l.type)) continue;
        const model::LayerCost c = model::evaluateLayer(l, a, nullptr);
        QVERIFY2(c.valid(), qPrintable(QString::fromStdString(l.name)));
        QCOMPARE(c.macs, double(l.macs()));
        // A 256x256 array does at most 65,536 MACs per cycle.
        QVERIFY(c.cycles >= double(l.macs()) / (256.0 * 256.0));
        macs += c.macs * double(s.members.size());
    }
    QCOMPARE(macs, double(n.totalMacs()));
}

// ---- the catalog resolves every preset by name (what the CLI's --workload resnet50 relies on) -----
void TestPresets::catalogNamesEveryPreset() {
    const auto workloads = io::listPresets("workloads");
    for (const QString& w : kWorkloads) {
        QVERIFY2(std::find(workloads.begin(), workloads.end(), w.toStdString()) != workloads.end(), qPrintable(w));
        const auto path = io::resolvePreset("workloads", w.toStdString());
        QVERIFY2(path.has_value(), qPrintable(w));
        QVERIFY(io::readWorkloadFile(*path).ok());
    }
    const auto accelerators = io::listPresets("accelerators");
    for (const char* a : {"eyeriss", "nvdla", "tpu", "shidiannao"}) {
        QVERIFY2(std::find(accelerators.begin(), accelerators.end(), a) != accelerators.end(), a);
        const auto path = io::resolvePreset("accelerators", a);
        QVERIFY2(path.has_value(), a);
        QVERIFY(io::readAcceleratorFile(*path).ok());
    }
}

QTEST_GUILESS_MAIN(TestPresets)
#include "tst_presets.moc"
