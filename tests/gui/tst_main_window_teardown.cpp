// Destroying the main window (issue 18). ~QWidget deletes the window's children after
// ~MainWindow has run, when the object is only a QWidget; a signal that reached a MainWindow slot
// or lambda then (the undo stack's cleanChanged from ~QUndoStack, any Session signal) ran on a
// half-destroyed window: UBSan's "downcast of address ... which does not point to an object of type
// 'MainWindow'" under the sanitizer build, silent undefined behaviour in the others. Checked here
// without a sanitizer: at the moment the children die, nothing outside the window may still be
// connected to it, and the undo stack must have died while the window was still a MainWindow.
#include <QApplication>
#include <QMetaMethod>
#include <QPointer>
#include <QUndoStack>
#include <QtTest>

#include <functional>

#include "gui_fixtures.h"
#include "main_window.h"
#include "session.h"

using namespace archscape;

namespace {

/// A Session that can count the connections leaving it (QObject::receivers is protected).
class CountingSession : public app::Session {
public:
    int connections() const {
        int n = 0;
        const QMetaObject& mo = app::Session::staticMetaObject;
        for (int i = mo.methodOffset(); i < mo.methodCount(); ++i) {
            const QMetaMethod m = mo.method(i);
            if (m.methodType() == QMetaMethod::Signal) n += receivers(("2" + m.methodSignature()).constData());
        }
        return n;
    }
};

/// Created last among the window's children, so ~QWidget deletes it after every other part: its
/// destructor runs `probe` in the middle of the window's teardown.
class TeardownProbe : public QObject {
public:
    TeardownProbe(QObject* parent, std::function<void()> probe) : QObject(parent), m_probe(std::move(probe)) {}
    ~TeardownProbe() override { m_probe(); }

private:
    std::function<void()> m_probe;
};

} // namespace

class TestMainWindowTeardown : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nothingReachesAHalfDestroyedWindow_data();
    void nothingReachesAHalfDestroyedWindow();
};

void TestMainWindowTeardown::nothingReachesAHalfDestroyedWindow_data() {
    QTest::addColumn<bool>("edited");    // an edit on the undo stack: ~QUndoStack's clear() emits cleanChanged
    QTest::addColumn<bool>("exploring"); // the Session still posts results after the window is gone
    QTest::newRow("clean stack") << false << false;
    QTest::newRow("edited") << true << false;
    QTest::newRow("edited while exploring") << true << true;
}

void TestMainWindowTeardown::nothingReachesAHalfDestroyedWindow() {
    QFETCH(bool, edited);
    QFETCH(bool, exploring);
    CountingSession session;
    auto* window = new app::MainWindow(&session);
    session.setNetwork(test::smallNetwork());
    session.setAccelerator(test::smallAccelerator());
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY(session.connections() > 0); // the window listens to the Session: the check below can fail
    if (edited) {
        window->undoStack()->push(new QUndoCommand("an edit"));
        QVERIFY(!window->undoStack()->isClean());
    }
    if (exploring) {
        session.startExploration();
        QVERIFY(session.exploring());
    }

    // qobject_cast asks the object's dynamic type: MainWindow while ~MainWindow runs, QWidget after.
    QObject* const asObject = window;
    bool stackDied = false, stackDiedInWholeWindow = false;
    QObject::connect(window->undoStack(), &QObject::destroyed, [&] {
        stackDied = true;
        stackDiedInWholeWindow = qobject_cast<app::MainWindow*>(asObject) != nullptr;
    });
    int connectionsDuringTeardown = -1;
    bool wholeAtProbe = true;
    new TeardownProbe(window, [&] {
        connectionsDuringTeardown = session.connections();
        wholeAtProbe = qobject_cast<app::MainWindow*>(asObject) != nullptr;
    });
    delete window;

    QVERIFY(!wholeAtProbe); // the probe did run among the children, after ~MainWindow
    QVERIFY(stackDied);
    QVERIFY2(stackDiedInWholeWindow, "the undo stack died after ~MainWindow, among the children");
    QCOMPARE(connectionsDuringTeardown, 0);
    // The Session lives on without the window: results still arriving go nowhere.
    if (exploring) {
        session.cancelExploration();
        QTest::qWait(50);
    }
    QCOMPARE(session.connections(), 0);
}

QTEST_MAIN(TestMainWindowTeardown)
#include "tst_main_window_teardown.moc"
