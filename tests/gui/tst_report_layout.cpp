// The PDF report as issue 15 found it: the breakdown legend cut on page 2 ("GlobalBuffe", "DRA",
// "leakag"), mapping loop nests at ~5 pt, and a title that differed between File > Export Report
// ("proj1") and `archscape-cli report` of the same file (the accelerator's name).
#include <QDir>
#include <QFontMetrics>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QWidget>
#include <QtTest>

#include "breakdown_chart.h"
#include "chart_style.h"
#include "gui_fixtures.h"
#include "presets.h"
#include "project.h"
#include "project_controller.h"
#include "report_writer.h"
#include "roofline_chart.h"
#include "search/design_evaluation.h"
#include "session.h"

using namespace archscape;

namespace {

QString run(const QString& program, const QStringList& args, int* code = nullptr) {
    QProcess p;
    p.start(program, args);
    p.waitForFinished(300000);
    if (code) *code = p.exitCode();
    return QString::fromUtf8(p.readAllStandardOutput()) + QString::fromUtf8(p.readAllStandardError());
}

/// The first line of the PDF's text: the report's title.
QString titleOf(const QString& pdf) { return run("pdftotext", {"-l", "1", pdf, "-"}).section('\n', 0, 0).trimmed(); }

/// Every legend item fits its box: icon, padding and the name as the legend's font measures it.
void verifyLegendFits(QCustomPlot& plot, int width) {
    // As the report draws a chart (toPainter sets the viewport: a hidden widget's resize is deferred).
    plot.resize(width, 380);
    plot.setViewport(QRect(0, 0, width, 380));
    widgets::fitLegendColumns(plot.legend, width);
    plot.replot();
    int items = 0;
    for (int i = 0; i < plot.legend->itemCount(); ++i) { // cells of the grid, the last row's may be empty
        auto* item = qobject_cast<QCPPlottableLegendItem*>(plot.legend->item(i));
        if (!item) continue;
        ++items;
        const QString name = item->plottable()->name();
        const int need = plot.legend->iconSize().width() + plot.legend->iconTextPadding() +
                         QFontMetrics(item->font()).horizontalAdvance(name);
        QVERIFY2(item->rect().width() >= need,
                 qPrintable(QString("%1: %2 px for %3 px").arg(name).arg(item->rect().width()).arg(need)));
        QVERIFY2(item->outerRect().right() <= width, qPrintable(name));
    }
    QVERIFY(items >= 5);
}

} // namespace

class TestReportLayout : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void legendsFitThePage_data() {
        QTest::addColumn<int>("width");
        QTest::addRow("A4 page (515 pt)") << 515;
        QTest::addRow("narrow dock") << 320;
    }
    void legendsFitThePage() {
        QFETCH(int, width);
        // Eyeriss: five memory levels with long names, so 8 energy components and 3 bounds.
        const auto preset = app::loadDefaultPreset();
        QVERIFY(preset.ok());
        const app::Project& p = *preset.value;
        workload::Network net = test::smallNetwork();
        const model::NetworkCost cost = search::evaluateDesign(net, p.accelerator, p.mapper);
        widgets::BreakdownChart breakdown;
        breakdown.setDesign(net, p.accelerator, &cost);
        verifyLegendFits(breakdown, width);
        widgets::RooflineChart roofline;
        roofline.setDesign(net, p.accelerator, &cost);
        verifyLegendFits(roofline, width);
    }

    void loopNestsAtLeastEightPoints() {
        app::Project p;
        p.name = "fonts";
        p.network = test::smallNetwork();
        p.accelerator = test::smallAccelerator();
        p.mapper = {search::EvaluationPolicy::Mode::Template, mapping::Dataflow::WeightStationary};
        const QString pdf = QDir(m_dir.path()).filePath("fonts.pdf");
        QString error;
        QVERIFY2(app::writeReport(pdf, p, nullptr, &error), qPrintable(error));
        // pdftotext -bbox: each word with its box; a box is the font's ascent + descent high
        // (DejaVu: 1.16 em), so 8 pt text is about 9.3 pt high and the 6 pt of issue 15 about 7.
        const QString html = run("pdftotext", {"-bbox", pdf, "-"});
        const QRegularExpression word(QStringLiteral(
            "<word xMin=\"[0-9.]+\" yMin=\"([0-9.]+)\" xMax=\"[0-9.]+\" yMax=\"([0-9.]+)\">MAC\\(w,</word>"));
        int found = 0;
        for (auto it = word.globalMatch(html); it.hasNext();) {
            const auto m = it.next();
            const double height = m.captured(2).toDouble() - m.captured(1).toDouble();
            QVERIFY2(height >= 8 * 1.1, qPrintable(QString("loop nest text %1 pt high").arg(height)));
            ++found;
        }
        QCOMPARE(found, 2); // one mapping page per distinct MAC shape: the two convolutions
    }

    void titleIsTheSameInTheGuiAndTheCli() {
        // An unnamed project saved from the GUI as proj1.json.
        app::Session session;
        QUndoStack undo;
        QWidget parent;
        app::ProjectController controller(&session, &undo, &parent);
        app::Project p;
        p.network = test::smallNetwork();
        p.accelerator = test::smallAccelerator();
        p.mapper = {search::EvaluationPolicy::Mode::Template, mapping::Dataflow::WeightStationary};
        const QString unnamed = QDir(m_dir.path()).filePath("unnamed.json");
        std::string why;
        QVERIFY(app::writeProjectFile(unnamed.toStdString(), p, &why));
        QVERIFY(controller.openFile(unnamed, nullptr, true));
        QCOMPARE(controller.displayName(), QStringLiteral("unnamed")); // no name: the file's
        const QString proj1 = QDir(m_dir.path()).filePath("proj1.json");
        QString error;
        QVERIFY2(controller.saveProject(proj1, &error), qPrintable(error));
        QCOMPARE(controller.displayName(), QStringLiteral("proj1"));

        const QString gui = QDir(m_dir.path()).filePath("gui.pdf");
        QVERIFY2(app::writeReport(gui, controller.currentProject(), nullptr, &error), qPrintable(error));
        const QString cli = QDir(m_dir.path()).filePath("cli.pdf");
        int code = -1;
        const QString out = run(ARCHSCAPE_CLI, {"report", "--project", proj1, "--output", cli}, &code);
        QVERIFY2(code == 0, qPrintable(out));
        QCOMPARE(titleOf(gui), QStringLiteral("Archscape report: proj1"));
        QCOMPARE(titleOf(cli), titleOf(gui));
        // A file without a name (written by hand) is called after itself by the CLI too.
        const QString cliUnnamed = QDir(m_dir.path()).filePath("cli-unnamed.pdf");
        const QString out2 = run(ARCHSCAPE_CLI, {"report", "--project", unnamed, "--output", cliUnnamed}, &code);
        QVERIFY2(code == 0, qPrintable(out2));
        QCOMPARE(titleOf(cliUnnamed), QStringLiteral("Archscape report: unnamed"));
    }
};

QTEST_MAIN(TestReportLayout)
#include "tst_report_layout.moc"
