// archscape-cli evaluate over diffusion sampling steps with attention-map reuse (issue 17, item 5):
// --steps/--reuse/--reuse-maps on a tiny attention block (MACs by hand, as in tst_attention_reuse),
// and their errors.
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include "cli/cli_run.h"

using namespace archscape;

namespace {

// One self-attention block: T = 4 tokens, C = 8, 2 heads of 4. MACs by hand: to_q, to_k, to_v,
// to_out 4·8·8 = 256 each; scores and context 2·4·4·4 = 128 each -> 1280 a step.
const char* kBlock = R"({"format": "archscape/workload", "version": 1, "name": "block", "layers": [
  {"name": "b.attn1.to_q", "type": "gemm", "M": 4, "N": 8, "K": 8, "inputs": []},
  {"name": "b.attn1.to_k", "type": "gemm", "M": 4, "N": 8, "K": 8, "inputs": []},
  {"name": "b.attn1.to_v", "type": "gemm", "M": 4, "N": 8, "K": 8, "inputs": []},
  {"name": "b.attn1.scores", "type": "batched_matmul", "batch": 2, "M": 4, "N": 4, "K": 4,
   "inputs": ["b.attn1.to_q", "b.attn1.to_k"]},
  {"name": "b.attn1.softmax", "type": "softmax", "C": 2, "H": 4, "W": 4},
  {"name": "b.attn1.context", "type": "batched_matmul", "batch": 2, "M": 4, "N": 4, "K": 4,
   "inputs": ["b.attn1.softmax", "b.attn1.to_v"]},
  {"name": "b.attn1.to_out", "type": "gemm", "M": 4, "N": 8, "K": 8}
]})";

} // namespace

class TestCliAttentionReuse : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void evaluateOverSteps_data() {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<qint64>("macs");
        QTest::addColumn<int>("layers");
        // No --steps: one step, 1280 MACs, 7 layers.
        QTest::newRow("one step") << QStringList{} << qint64(1280) << 7;
        // 4 steps, no reuse: 4 × 1280 = 5120 MACs, 28 layers.
        QTest::newRow("none") << QStringList{"--steps", "4"} << qint64(5120) << 28;
        // every:2 reuses steps 1 and 3: each drops scores (128 MACs) and softmax: 5120 − 256 = 4864, 24 layers.
        QTest::newRow("every:2") << QStringList{"--steps", "4", "--reuse", "every:2"} << qint64(4864) << 24;
        // Self maps, late:3: steps 1–3 reused: 5120 − 3·128 = 4736, 22 layers.
        QTest::newRow("late:3 self") << QStringList{"--steps", "4", "--reuse", "late:3", "--reuse-maps", "self"}
                                     << qint64(4736) << 22;
    }
    void evaluateOverSteps() {
        QFETCH(QStringList, options);
        QFETCH(qint64, macs);
        QFETCH(int, layers);
        const QString w = test::writeFile(m_dir, "block.json", kBlock);
        const auto r = test::runCli(QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", w, "--dataflow",
                                                "ws", "--format", "json"} +
                                    options);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["totals"]["macs"].get<qint64>(), macs);
        QCOMPARE(int(j["layers"].size()), layers);
    }

    void errors_data() {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("message");
        QTest::newRow("reuse without steps") << QStringList{"--reuse", "every:2"} << "--reuse: needs --steps S";
        QTest::newRow("bad policy") << QStringList{"--steps", "4", "--reuse", "every:0"}
                                    << "--reuse: expected none, every:K (K >= 1)";
        QTest::newRow("step 0") << QStringList{"--steps", "4", "--reuse", "steps:0,1"} << "step 0 is out of range";
        QTest::newRow("bad maps") << QStringList{"--steps", "4", "--reuse-maps", "all"}
                                  << "--reuse-maps: expected self, cross or both, got 'all'";
        QTest::newRow("no cross maps") << QStringList{"--steps", "4", "--reuse", "every:2", "--reuse-maps", "cross"}
                                       << "has no cross-attention maps";
    }
    void errors() {
        QFETCH(QStringList, options);
        QFETCH(QString, message);
        const QString w = test::writeFile(m_dir, "block.json", kBlock);
        const auto r = test::runCli(
            QStringList{"evaluate", "--accelerator", "eyeriss", "--workload", w, "--dataflow", "ws"} + options);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliAttentionReuse)
#include "tst_cli_attention_reuse.moc"
