#pragma once
// The main window the GUI tests drive: a Session, its MainWindow shown, File → New evaluated; and
// the teardown that answers the unsaved-changes question so closing never blocks on a dialog.
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QSize>
#include <QTest>
#include <QUndoStack>

#include <memory>

#include "main_window.h"
#include "project_controller.h"
#include "session.h"

namespace archscape::test {

/// Waits until the Session has delivered the result of its latest request (requests set the pending
/// flag at once, so a result that already arrived is not waited for again).
inline bool waitEvaluated(app::Session& s, int timeoutMs = 60000) {
    QSignalSpy spy(&s, &app::Session::evaluated);
    while (s.evaluationPending())
        if (!spy.wait(timeoutMs)) return false;
    return s.result() != nullptr;
}

/// A window per test: open() in init(), close() in cleanup().
struct WindowFixture {
    std::unique_ptr<app::Session> session;
    std::unique_ptr<app::MainWindow> window;

    /// Clears the settings (axes, docks, recent files), shows a window (of `size` when given) and,
    /// with `newProject`, runs File → New (ResNet-50 on Eyeriss) and waits for its evaluation.
    bool open(QSize size = {}, bool newProject = true) {
        QSettings().clear();
        session = std::make_unique<app::Session>();
        window = std::make_unique<app::MainWindow>(session.get());
        if (size.isValid()) window->resize(size);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get())) return false;
        if (!newProject) return true;
        window->project()->newProject();
        return waitEvaluated(*session);
    }
    /// Discards unsaved changes and destroys the window, then the Session.
    void close() {
        window->project()->setUnsavedChangesPrompt([] { return int(QMessageBox::Discard); });
        window->undoStack()->setClean();
        window.reset();
        session.reset();
    }
};

} // namespace archscape::test
