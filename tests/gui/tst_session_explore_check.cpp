// The Session explores only what the explorer accepts: a request search::run rejects (here a space
// whose accuracy model does not cover the session's network) is reported through errorOccurred,
// with the explorer's own diagnostic, and evaluates nothing.
#include <QSignalSpy>
#include <QtTest>

#include "accuracy/model_catalog.h"
#include "explore_settings.h"
#include "gui_fixtures.h"
#include "search/design_space.h"
#include "session.h"
#include "workload/attention_reuse.h"

using namespace archscape;

class TestSessionExploreCheck : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rejectedRequestIsReported();
    void acceptedRequestRaisesNoError();
    void tooLargeSpaceIsRefusedAndKeepsTheDesigns();
    void attentionReuseSpaceIsRefused();
};

namespace {

std::shared_ptr<const app::SpaceChoice> choiceOf(search::DesignSpace s) {
    auto choice = std::make_shared<app::SpaceChoice>();
    choice->source = "test";
    choice->space = std::make_shared<const search::DesignSpace>(std::move(s));
    return choice;
}

/// Starts an exploration of `space` that the Session must refuse at once: the one error's text.
QString refusalOf(app::Session& session, std::shared_ptr<const app::SpaceChoice> space) {
    app::ExploreSettings settings;
    settings.space = std::move(space);
    session.setExploreSettings(settings);
    QSignalSpy errors(&session, &app::Session::errorOccurred);
    session.startExploration();
    if (errors.count() != 1 || session.exploring()) return QStringLiteral("(not refused at once)");
    return errors.first().first().toString();
}

std::shared_ptr<const app::SpaceChoice> space(bool with_accuracy) {
    search::DesignSpace s;
    s.name = "rows";
    s.base = test::smallAccelerator();
    search::Axis rows;
    rows.param = search::Param::PeRows;
    rows.name = "pe_rows";
    rows.values = {4, 8};
    rows.labels = {"4", "8"};
    s.axes.push_back(rows);
    if (with_accuracy) {
        auto m = accuracy::loadAccuracyModel("hawq:resnet50");
        if (m.ok()) s.accuracy_model = m.value->model;
    }
    return choiceOf(std::move(s));
}

} // namespace

void TestSessionExploreCheck::rejectedRequestIsReported() {
    app::Session session;
    session.setNetwork(test::smallNetwork());
    session.setAccelerator(test::smallAccelerator());
    app::ExploreSettings settings;
    settings.space = space(true);
    QVERIFY(settings.space->space->accuracy_model); // the HAWQ data ships with the presets
    session.setExploreSettings(settings);
    QSignalSpy finished(&session, &app::Session::explorationFinished);
    QSignalSpy errors(&session, &app::Session::errorOccurred);
    session.startExploration();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().first().toBool(), false); // not cancelled: refused
    QCOMPARE(errors.count(), 1);
    const QString message = errors.first().first().toString();
    // search::checkRequest's words (the network lacks the accuracy model's layers), prefixed with the
    // space's name.
    QVERIFY2(message.contains("design space rows") && message.contains("does not contain the"), qPrintable(message));
    QCOMPARE(session.designs().size(), std::size_t(0));
}

void TestSessionExploreCheck::acceptedRequestRaisesNoError() {
    app::Session session;
    session.setNetwork(test::smallNetwork());
    session.setAccelerator(test::smallAccelerator());
    app::ExploreSettings settings;
    settings.space = space(false);
    session.setExploreSettings(settings);
    QSignalSpy finished(&session, &app::Session::explorationFinished);
    QSignalSpy errors(&session, &app::Session::errorOccurred);
    session.startExploration();
    QVERIFY(finished.wait(30000));
    QCOMPARE(errors.count(), 0);
    QCOMPARE(session.designs().size(), std::size_t(2)); // pe_rows 4 and 8
}

// A grid of 1,001 x 1,001 points is over the GUI's 10^6 (the `huge` preset has 1.07e9): refused at
// once with the size, and the designs of the previous exploration stay on the chart.
void TestSessionExploreCheck::tooLargeSpaceIsRefusedAndKeepsTheDesigns() {
    app::Session session;
    session.setNetwork(test::smallNetwork());
    session.setAccelerator(test::smallAccelerator());
    app::ExploreSettings settings;
    settings.space = space(false);
    session.setExploreSettings(settings);
    QSignalSpy finished(&session, &app::Session::explorationFinished);
    session.startExploration();
    QVERIFY(finished.wait(30000));
    QCOMPARE(session.designs().size(), std::size_t(2));

    search::DesignSpace big;
    big.name = "big";
    big.base = test::smallAccelerator();
    for (const auto param : {search::Param::PeRows, search::Param::PeCols}) {
        search::Axis a;
        a.param = param;
        a.name = param == search::Param::PeRows ? "pe_rows" : "pe_cols";
        for (int v = 1; v <= 1001; ++v) {
            a.values.push_back(v);
            a.labels.push_back(std::to_string(v));
        }
        big.axes.push_back(std::move(a));
    }
    const QString message = refusalOf(session, choiceOf(std::move(big)));
    QVERIFY2(message.contains("design space big has 1002001 points") && message.contains("at most 1000000"),
             qPrintable(message));
    QCOMPARE(session.designs().size(), std::size_t(2));
}

// A design of an attention_reuse space is the workload over S sampling steps; the Session's designs
// re-evaluate one step, so the GUI refuses such a space (pointing to the CLI) instead of showing a
// picked design with another design's figures.
void TestSessionExploreCheck::attentionReuseSpaceIsRefused() {
    app::Session session;
    session.setNetwork(test::smallNetwork());
    session.setAccelerator(test::smallAccelerator());
    search::DesignSpace s;
    s.name = "reuse";
    s.base = test::smallAccelerator();
    search::Axis reuse;
    reuse.param = search::Param::AttentionReuse;
    reuse.name = "attention_reuse";
    reuse.reuse_policies = {workload::AttentionReusePolicy::none(4, workload::AttentionMaps::Both),
                            workload::AttentionReusePolicy::late(4, 2, workload::AttentionMaps::Both)};
    reuse.labels = {"0", "2"};
    s.axes.push_back(reuse);
    const QString message = refusalOf(session, choiceOf(std::move(s)));
    QVERIFY2(message.contains("attention_reuse") && message.contains("archscape-cli explore --space reuse"),
             qPrintable(message));
    QCOMPARE(session.designs().size(), std::size_t(0));
}

QTEST_MAIN(TestSessionExploreCheck)
#include "tst_session_explore_check.moc"
