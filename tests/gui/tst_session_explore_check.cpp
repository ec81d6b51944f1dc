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

using namespace archscape;

class TestSessionExploreCheck : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rejectedRequestIsReported();
    void acceptedRequestRaisesNoError();
};

namespace {

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
    auto choice = std::make_shared<app::SpaceChoice>();
    choice->source = "test";
    choice->space = std::make_shared<const search::DesignSpace>(std::move(s));
    return choice;
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

QTEST_MAIN(TestSessionExploreCheck)
#include "tst_session_explore_check.moc"
