// The shell's parts outside the main-window scenarios: the typed accelerator field table shared by
// the hardware panel, the canvas and the undo stack; the help viewer and the resources; the
// destruction order of the window (issue 18).
#include <QAction>
#include <QApplication>
#include <QFile>
#include <QMenuBar>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QTableView>
#include <QTextBrowser>
#include <QUndoStack>
#include <QtTest>

#include "accelerator_field.h"
#include "gui_fixtures.h"
#include "hardware_panel.h"
#include "io/accelerator_json.h"
#include "main_window.h"
#include "parameter_control.h"
#include "session.h"
#include "workload_panel.h"

using namespace archscape;
using widgets::AcceleratorField;
using Parameter = AcceleratorField::Parameter;

Q_DECLARE_METATYPE(archscape::widgets::AcceleratorField)

namespace {

/// Every field of an accelerator: the array's, each level's, and the three choices.
/// Accelerators compare by their JSON (every field, as a file would store it).
bool same(const hardware::Accelerator& a, const hardware::Accelerator& b) { return io::toJson(a) == io::toJson(b); }

std::vector<AcceleratorField> allFields(const hardware::Accelerator& acc) {
    std::vector<AcceleratorField> fields = widgets::arrayFields();
    for (int i = 0; i < acc.numLevels(); ++i)
        for (AcceleratorField f : widgets::levelFields(acc, i)) fields.push_back(f);
    for (Parameter p : {Parameter::Precision, Parameter::Technology, Parameter::PeMode}) fields.push_back({p});
    return fields;
}

} // namespace

class TestShell : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QSettings().clear(); }
    void fieldTableIdsAndKeysDistinct();
    void fieldValueRoundTrip_data();
    void fieldValueRoundTrip();
    void fieldOnMissingLevelChangesNothing();
    void panelHasOneControlPerField();
    void panelEditNamesItsField();
    void workloadPanelShowsSnapshot();
    void helpOpensManualWithEveryShortcut();
    void desktopEntryNamesIconAndProgram();
    void undoStackDiesWhileWindowIsWhole();
};

void TestShell::fieldTableIdsAndKeysDistinct() {
    // The fixture has DRAM, GlobalBuffer and RegisterFile: 4 array fields + (bandwidth) + (capacity,
    // bandwidth) x 2 + 3 choices = 4 + 1 + 4 + 3 = 12 fields, each its own undo-merge id and key.
    const auto fields = allFields(test::smallAccelerator());
    QCOMPARE(int(fields.size()), 12);
    QSet<int> ids;
    QSet<QString> keys;
    for (const AcceleratorField& f : fields) {
        QVERIFY2(f.mergeId() > 0, qPrintable(f.key())); // 0 is AcceleratorEditCommand::kNoMerge
        ids.insert(f.mergeId());
        keys.insert(f.key());
    }
    QCOMPARE(ids.size(), 12);
    QCOMPARE(keys.size(), 12);
    // DRAM (level 0) has no capacity control: off-chip memory is not sized here.
    QVERIFY(!keys.contains("level.0.capacity"));
    QVERIFY(keys.contains("level.0.bandwidth"));
    QVERIFY(keys.contains("level.2.capacity"));
}

void TestShell::fieldValueRoundTrip_data() {
    QTest::addColumn<int>("parameter");
    QTest::addColumn<int>("level");
    QTest::addColumn<double>("value");
    QTest::addColumn<double>("expected");
    // Integers are stored as such: rows and columns truncate (as the slider's int() did), capacities
    // round to the nearest byte, technology to the nearest nm.
    QTest::newRow("rows") << int(Parameter::PeRows) << -1 << 16.0 << 16.0;
    QTest::newRow("cols truncate") << int(Parameter::PeCols) << -1 << 12.9 << 12.0;
    QTest::newRow("noc") << int(Parameter::NocBandwidth) << -1 << 0.5 << 0.5;
    QTest::newRow("clock") << int(Parameter::Clock) << -1 << 800.0 << 800.0;
    QTest::newRow("glb capacity rounds") << int(Parameter::LevelCapacity) << 1 << 1000.6 << 1001.0;
    QTest::newRow("rf bandwidth") << int(Parameter::LevelBandwidth) << 2 << 3.0 << 3.0;
    QTest::newRow("technology") << int(Parameter::Technology) << -1 << 28.0 << 28.0;
    QTest::newRow("pe mode") << int(Parameter::PeMode) << -1 << 2.0 << 2.0;
}

void TestShell::fieldValueRoundTrip() {
    QFETCH(int, parameter);
    QFETCH(int, level);
    QFETCH(double, value);
    QFETCH(double, expected);
    const AcceleratorField field{Parameter(parameter), level};
    hardware::Accelerator acc = test::smallAccelerator();
    QVERIFY(widgets::setFieldValue(acc, field, value));
    QCOMPARE(widgets::fieldValue(acc, field), expected);
    // The field is the only thing that changed: setting the original value back restores the fixture.
    QVERIFY(widgets::setFieldValue(acc, field, widgets::fieldValue(test::smallAccelerator(), field)));
    QVERIFY(same(acc, test::smallAccelerator()));
}

void TestShell::fieldOnMissingLevelChangesNothing() {
    hardware::Accelerator acc = test::smallAccelerator();
    QVERIFY(!widgets::setFieldValue(acc, {Parameter::LevelCapacity, 3}, 1024)); // 3 levels: 0..2
    QVERIFY(!widgets::setFieldValue(acc, {Parameter::LevelBandwidth, -1}, 1));
    QVERIFY(!widgets::setFieldValue(acc, {Parameter::Precision}, 8)); // a choice, not a number
    QVERIFY(same(acc, test::smallAccelerator()));
    QVERIFY(widgets::levelFields(acc, 3).empty());
}

void TestShell::panelHasOneControlPerField() {
    widgets::HardwarePanel panel;
    widgets::DesignSnapshot s;
    s.accelerator = test::smallAccelerator();
    panel.showDesign(s);
    for (const AcceleratorField& f : allFields(s.accelerator)) {
        if (!f.numeric() || f.parameter == Parameter::Technology || f.parameter == Parameter::PeMode)
            continue; // combo boxes
        widgets::ParameterControl* c = panel.control(f);
        QVERIFY2(c, qPrintable(f.key()));
        QCOMPARE(c->objectName(), f.key());
        QCOMPARE(panel.control(f.key()), c);
        QCOMPARE(c->value(), widgets::fieldValue(s.accelerator, f)); // the panel shows the snapshot
    }
    QVERIFY(!panel.control(AcceleratorField{Parameter::LevelCapacity, 0})); // DRAM
}

void TestShell::panelEditNamesItsField() {
    widgets::HardwarePanel panel;
    widgets::DesignSnapshot s;
    s.accelerator = test::smallAccelerator();
    panel.showDesign(s);
    QSignalSpy edited(&panel, &widgets::HardwarePanel::acceleratorEdited);
    panel.control(AcceleratorField{Parameter::PeCols})->slider()->setValue(20);
    QCOMPARE(edited.size(), 1);
    const auto acc = edited[0][0].value<hardware::Accelerator>();
    QCOMPARE(acc.pe.cols, 20);
    QCOMPARE(acc.pe.rows, 8); // the rest is the shown design
    QCOMPARE(edited[0][1].toString(), QStringLiteral("PE columns 20"));
    QVERIFY(edited[0][2].value<AcceleratorField>() == AcceleratorField{Parameter::PeCols});
}

void TestShell::workloadPanelShowsSnapshot() {
    // A view is driven by snapshots alone: no Session exists in this test.
    widgets::WorkloadPanel panel;
    QCOMPARE(panel.table()->model()->rowCount(), 0);
    widgets::DesignSnapshot s;
    s.network = std::make_shared<const workload::Network>(test::smallNetwork());
    s.accelerator = test::smallAccelerator();
    s.selected_layer = 0;
    panel.showDesign(s);
    QCOMPARE(panel.table()->model()->rowCount(), 3); // conv3x3, conv1x1, pool
    QSignalSpy selected(&panel, &widgets::WorkloadPanel::layerSelected);
    // The user picks row 2 (the table is sorted by index, so row 2 is layer 2): an intent, nothing else.
    panel.table()->setCurrentIndex(panel.table()->model()->index(2, 0));
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected[0][0].toInt(), 2);
    // A snapshot that changes only the selection moves the current row; the rows stay.
    s.changed = widgets::DesignSnapshot::SelectionChanged;
    s.selected_layer = 1;
    panel.showDesign(s);
    QCOMPARE(panel.table()->currentIndex().row(), 1);
    QCOMPARE(panel.table()->model()->rowCount(), 3);
}

void TestShell::desktopEntryNamesIconAndProgram() {
    // The freedesktop entry starts the program CMake builds and names the icon file of resources/.
    QSettings entry(QStringLiteral(ARCHSCAPE_SOURCE_DIR "/resources/archscape.desktop"), QSettings::IniFormat);
    entry.beginGroup("Desktop Entry");
    QCOMPARE(entry.value("Type").toString(), QStringLiteral("Application"));
    QCOMPARE(entry.value("Exec").toString().section(' ', 0, 0), QStringLiteral("archscape"));
    const QString icon = entry.value("Icon").toString();
    QVERIFY(QFile::exists(QStringLiteral(ARCHSCAPE_SOURCE_DIR "/resources/icons/%1.svg").arg(icon)));
}

void TestShell::helpOpensManualWithEveryShortcut() {
    app::Session session;
    app::MainWindow window(&session);
    QVERIFY(!window.windowIcon().isNull());
    QVERIFY(QFile::exists(":/icons/archscape.svg"));
    QAction* help = nullptr;
    QList<QAction*> withShortcut;
    for (QAction* menu : window.menuBar()->actions())
        for (QAction* a : menu->menu()->actions()) {
            if (a->shortcut() == QKeySequence(Qt::Key_F1)) help = a;
            if (!a->shortcut().isEmpty()) withShortcut << a;
        }
    QVERIFY(help);
    help->trigger();
    QTextBrowser* viewer = window.helpViewer();
    QVERIFY(viewer);
    QVERIFY(viewer->isVisible());
    const QString manual = viewer->toPlainText();
    QVERIFY(manual.contains("Keyboard shortcuts"));
    // The manual lists every shortcut of the menus (as Qt spells them on this platform).
    // Qt's standard keys depend on the platform (offscreen has no Save As or Quit key and redoes
    // with Ctrl+Y); the manual lists both spellings where they differ. The seven set by the code
    // itself or common to every platform are always there.
    QVERIFY(withShortcut.size() >= 7);
    for (QAction* a : withShortcut)
        QVERIFY2(manual.contains(a->shortcut().toString(QKeySequence::PortableText)),
                 qPrintable(a->text() + " " + a->shortcut().toString()));
}

void TestShell::undoStackDiesWhileWindowIsWhole() {
    // Issue 18: ~QUndoStack emits cleanChanged (clear() makes a dirty stack clean), which the
    // window's title slot received while the window was already half destroyed (~QWidget deleting
    // its children): UBSan's "downcast of address ... which does not point to an object of type
    // 'MainWindow'". The stack must die while the window is still a MainWindow.
    app::Session session;
    auto* window = new app::MainWindow(&session);
    QObject* asObject = window;
    window->undoStack()->push(new QUndoCommand(QStringLiteral("an edit"))); // dirty: clear() will emit
    int emitted = 0, whole = 0;
    connect(window->undoStack(), &QUndoStack::cleanChanged, [&] {
        ++emitted;
        if (qobject_cast<app::MainWindow*>(asObject)) ++whole; // metaObject() is virtual: a QWidget in ~QWidget
    });
    delete window;
    QCOMPARE(emitted, 1);
    QCOMPARE(whole, 1);
}

QTEST_MAIN(TestShell)
#include "tst_shell.moc"
