// Fitted predictor, quantization proposals, budgeted selection and the HAWQ-V3 integer program.
#include <QtTest>

#include <cmath>
#include <fstream>

#include "accuracy/bit_allocation.h"
#include "accuracy/csv_table.h"
#include "accuracy/fitted_model.h"
#include "accuracy/omega_model.h"
#include "accuracy/quantization_search.h"
#include "mapping/dataflow.h"

using namespace archscape;
using namespace archscape::accuracy;
using archscape::Precision;

class TstAccuracySearch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ilpTinyByHand();
    void ilpMatchesBruteForce();
    void ilpBeatsPublishedConfigs();
    void fittedRecoversLaw();
    void fittedBadInput_data();
    void fittedBadInput();
    void proposalsMeetTarget();
    void unreachableTarget();
    void selectionUnderBudget();
};

void TstAccuracySearch::ilpTinyByHand() {
    // Two layers, choices {8, 4}; cost [[1, 5], [2, 3]]; size [[8, 4], [8, 4]] ≤ 12.
    // (8,8): size 16, infeasible. (8,4): size 12, cost 1+3 = 4. (4,8): 12, 5+2 = 7. (4,4): 8, 8.
    // Optimum: (8,4) at 4. With budget 7 nothing fits.
    BitAllocationProblem p;
    p.choices = {8, 4};
    p.cost = {{1, 5}, {2, 3}};
    p.resources = {{"size", {{8, 4}, {8, 4}}, 12}};
    const auto exact = solveExact(p);
    QVERIFY(exact.feasible);
    QCOMPARE(exact.bits(p), (std::vector<int>{8, 4}));
    QCOMPARE(exact.objective, 4.0);
    p.resources[0].budget = 7;
    QVERIFY(!solveExact(p).feasible);
    QVERIFY(QString::fromStdString(solveExact(p).status).startsWith("infeasible"));
    // Tying the layers forbids (8,4) and (4,8): at budget 12 only (4,4) remains, cost 8.
    p.resources[0].budget = 12;
    p.tied = {{0, 1}};
    QCOMPARE(solveExact(p).objective, 8.0);
}

void TstAccuracySearch::ilpMatchesBruteForce() {
    // Seven layers, three choices (3^7 = 2187 points), two resources and a tie: the solver's optimum
    // must equal exhaustive enumeration's for a sweep of budgets.
    BitAllocationProblem p;
    p.choices = {8, 6, 4};
    BitResource size{"size", {}, 0}, bops{"bops", {}, 0};
    for (int l = 0; l < 7; ++l) {
        const double sens = 1.0 + std::fmod(l * 3.7, 5.0);
        const double params = 10.0 + 7 * ((l * 5) % 4);
        const double macs = 30.0 + 11 * ((l * 3) % 5);
        std::vector<double> c, s, o;
        for (int b : p.choices) {
            c.push_back(sens * std::pow(4.0, -(b - 4)));
            s.push_back(params * b);
            o.push_back(macs * b * b / 64.0);
        }
        p.cost.push_back(c);
        size.use.push_back(s);
        bops.use.push_back(o);
    }
    p.tied = {{2, 5}};
    for (double frac : {0.5, 0.6, 0.7, 0.8, 0.9, 1.0}) {
        double max_size = 0, max_bops = 0;
        for (int l = 0; l < 7; ++l) {
            max_size += size.use[l][0];
            max_bops += bops.use[l][0];
        }
        size.budget = frac * max_size;
        bops.budget = (1.1 - frac / 2) * max_bops;
        p.resources = {size, bops};
        const auto exact = solveExact(p);
        const auto brute = solveBruteForce(p);
        QCOMPARE(exact.feasible, brute.feasible);
        if (brute.feasible)
            QVERIFY2(std::abs(exact.objective - brute.objective) < 1e-9, qPrintable(QString::number(frac)));
    }
}

void TstAccuracySearch::ilpBeatsPublishedConfigs() {
    // Every published HAWQ-V3 configuration is a feasible point of the program with budgets set to its
    // own size and BOPs and the same ties, so the exact optimum's Ω can be no larger than its Ω.
    auto m = OmegaModel::preset("resnet18");
    QVERIFY(m.ok());
    for (const auto& c : m.value->configs()) {
        BitAllocationProblem p = hawqProblem(*m.value, {8, 4}, 1e9, 1e9, 0);
        std::vector<double> use(p.resources.size(), 0);
        for (std::size_t r = 0; r < p.resources.size(); ++r)
            for (std::size_t l = 0; l < c.bits.size(); ++l) use[r] += p.resources[r].use[l][c.bits[l] == 8 ? 0 : 1];
        for (std::size_t r = 0; r < p.resources.size(); ++r) p.resources[r].budget = use[r] + 1e-9;
        p.tied = {{4, 6}, {9, 11}, {14, 16}}; // the notebook's equality constraints
        const auto exact = solveExact(p);
        QVERIFY(exact.feasible);
        QVERIFY2(exact.objective <= m.value->omega(PrecisionAssignment::fromBits(c.bits)) + 1e-12, c.key.c_str());
    }
}

namespace {
// The law the synthetic measurements follow: top1 = 90 − 200·noise(l0) − 50·noise(l1) − 0·noise(l2),
// noise(int b) = 4^−(b−2) (weights = activations): int8 0.000244, int6 0.00390625, int4 0.0625.
double law(int b0, int b1) { return 90 - 200 * std::pow(4.0, -(b0 - 2)) - 50 * std::pow(4.0, -(b1 - 2)); }
} // namespace

void TstAccuracySearch::fittedRecoversLaw() {
    std::string csv = "conv1,conv2,fc,top1\n";
    for (int b0 : {8, 6, 4})
        for (int b1 : {8, 6, 4})
            for (int b2 : {8, 4})
                csv += "int" + std::to_string(b0) + "," + std::to_string(b1) + ",int" + std::to_string(b2) + "," +
                       QString::number(law(b0, b1), 'g', 12).toStdString() + "\n";
    auto t = parseCsv(csv);
    QVERIFY(t.ok());
    auto f = FittedModel::fit(*t.value);
    QVERIFY2(f.ok(), f.errors.empty() ? "" : f.errors[0].message.c_str());
    QCOMPARE(f.value->rows(), 18);
    QVERIFY(f.value->cvRmse() < 0.05); // noiseless data: only the ridge shrinkage remains
    const auto p = f.value->predict(PrecisionAssignment::fromBits({6, 4, 8}));
    QVERIFY(std::abs(p.top1 - law(6, 4)) < 0.05);
    QVERIFY(!p.extrapolating);
    // 2 bits on conv1 lies outside every measured row: flagged, not silently returned.
    QVERIFY(f.value->predict(PrecisionAssignment::fromBits({2, 8, 8})).extrapolating);
    QVERIFY(f.value->predict(PrecisionAssignment::fromBits({8, 8})).extrapolating); // wrong size
}

void TstAccuracySearch::fittedBadInput_data() {
    QTest::addColumn<QString>("csv");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("what");
    QString rows;
    for (int i = 0; i < 6; ++i) rows += QString("int%1,int8,%2\n").arg(4 + (i % 3) * 2).arg(80 + i);
    QTest::newRow("no top1") << "a,b\nint8,int8\n"
                             << "line 1"
                             << "missing column 'top1'";
    QTest::newRow("nan") << "a,b,top1\n" + rows + "int8,int8,nan\n"
                         << "line 8"
                         << "finite number";
    QTest::newRow("bad precision") << "a,b,top1\n" + rows + "int9x,int8,80\n"
                                   << "line 8"
                                   << "column 'a'";
    // Reported at the last row (line 3): the file as a whole is too short.
    QTest::newRow("too few rows") << "a,b,top1\nint8,int8,80\nint4,int8,70\n"
                                  << "line 3"
                                  << "too few rows";
    QTest::newRow("out of range") << "a,b,top1\n" + rows + "int8,int8,180\n"
                                  << "line 8"
                                  << "0..100";
}

void TstAccuracySearch::fittedBadInput() {
    QFETCH(QString, csv);
    QFETCH(QString, where);
    QFETCH(QString, what);
    auto t = parseCsv(csv.toStdString());
    QVERIFY(t.ok());
    auto f = FittedModel::fit(*t.value);
    QVERIFY(!f.ok());
    QCOMPARE(QString::fromStdString(f.errors[0].path), where);
    QVERIFY2(QString::fromStdString(f.errors[0].message).contains(what), f.errors[0].message.c_str());
}

void TstAccuracySearch::proposalsMeetTarget() {
    auto m = OmegaModel::preset("resnet18");
    QVERIFY(m.ok());
    ProposalOptions opt;
    opt.target_top1 = 70.0;
    opt.choices = {Precision::integer(8), Precision::integer(4)};
    opt.count = 8;
    const auto r = proposeAssignments(*m.value, opt);
    QVERIFY(!r.unreachable);
    QCOMPARE(int(r.proposals.size()), 8);
    for (std::size_t i = 0; i < r.proposals.size(); ++i) {
        QVERIFY(m.value->predict(r.proposals[i].assignment).top1 >= 70.0);
        for (std::size_t j = 0; j < i; ++j) QVERIFY(!(r.proposals[i].assignment == r.proposals[j].assignment));
        // Pushed to the boundary: not all-8-bit (uniform 8 predicts 71.47 > 70 with room to spare).
        QVERIFY(!(r.proposals[i].assignment == PrecisionAssignment::fromBits(std::vector<int>(19, 8))));
    }
}

void TstAccuracySearch::unreachableTarget() {
    auto m = OmegaModel::preset("resnet18");
    QVERIFY(m.ok());
    ProposalOptions opt;
    opt.target_top1 = 75.0; // above the FP32 baseline 71.47
    const auto r = proposeAssignments(*m.value, opt);
    QVERIFY(r.unreachable);
    QVERIFY(r.proposals.empty());
    QVERIFY(QString::fromStdString(r.message).contains("unreachable"));
    QVERIFY(QString::fromStdString(r.message).contains("71.47"));
}

void TstAccuracySearch::selectionUnderBudget() {
    auto m = OmegaModel::preset("resnet18");
    QVERIFY(m.ok());
    hardware::Accelerator acc;
    acc.name = "test";
    hardware::MemoryLevel dram{"DRAM", hardware::MemoryKind::Dram, 0, 64, 1, 0, false, false};
    hardware::MemoryLevel glb{"GLB", hardware::MemoryKind::Sram, 256 * 1024, 64, 1, 0, true, false};
    hardware::MemoryLevel rf{"RF", hardware::MemoryKind::RegFile, 512, 8, 1, 0, false, true};
    acc.levels = {dram, glb, rf};
    acc.pe = {16, 16, 1};
    const PrecisionMappingChooser choose = [](const workload::Layer& l, const hardware::Accelerator& a) {
        return mapping::templateMapping(l, a, mapping::Dataflow::WeightStationary);
    };
    ProposalOptions opt;
    opt.target_top1 = 69.5;
    opt.choices = {Precision::integer(8), Precision::integer(4)};
    opt.count = 6;
    const auto props = proposeAssignments(*m.value, opt);
    QVERIFY(props.proposals.size() >= 2);
    const workload::Network& net = m.value->layers();
    // Budget: model size between the smallest and largest proposal.
    auto priced = selectUnderBudget(props.proposals, *m.value, net, acc, choose, {});
    QCOMPARE(priced.size(), props.proposals.size());
    double lo = 1e300, hi = 0;
    for (const auto& p : priced) {
        QVERIFY(p.mapped);
        lo = std::min(lo, p.weight_mb);
        hi = std::max(hi, p.weight_mb);
        // Model size by hand: Σ params·bits/8 over HAWQ's 19 convs.
        double bytes = 0;
        for (std::size_t l = 0; l < net.layers.size(); ++l)
            bytes += double(m.value->data()[l].parameters) * p.network_assignment.layers[l].weight.bits / 8.0;
        QVERIFY(std::abs(p.weight_mb - bytes / (1024.0 * 1024.0)) < 1e-9);
    }
    if (hi > lo) {
        HardwareBudget budget;
        budget.weight_mb = (lo + hi) / 2;
        priced = selectUnderBudget(props.proposals, *m.value, net, acc, choose, budget);
        QVERIFY(priced.front().within_budget);
        QVERIFY(!priced.back().within_budget);
        for (const auto& p : priced) QCOMPARE(p.within_budget, p.weight_mb <= budget.weight_mb);
    }
}

QTEST_APPLESS_MAIN(TstAccuracySearch)
#include "tst_accuracy_search.moc"
