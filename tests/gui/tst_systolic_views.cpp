// Issue 15: every view tells the truth about a systolic accelerator (the TPU preset), and the
// inspector's cycle accounting and loop nest explain a data-centric layer completely.
#include <QApplication>
#include <QComboBox>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QUndoStack>
#include <QtTest>

#include <algorithm>

#include "architecture_canvas.h"
#include "hardware_panel.h"
#include "main_window.h"
#include "mapping_inspector.h"
#include "model/systolic_dram_span.h"
#include "parameter_control.h"
#include "presets.h"
#include "project_controller.h"
#include "roofline_chart.h"
#include "session.h"
#include "window_fixture.h"

using namespace archscape;
using test::waitEvaluated;

namespace {

QString preset(const char* kind, const char* name) { return QString::fromStdString(app::presetPath(kind, name)); }

/// With ARCHSCAPE_SCREENSHOT_DIR set (scripts/run-xvfb-tests.sh --screenshots), saves the views as
/// docs/screenshots/ shows them: the inspector, the canvas and the roofline of one preset kind.
void saveViews(app::MainWindow& window, const QString& kind) {
    const QString dir = qEnvironmentVariable("ARCHSCAPE_SCREENSHOT_DIR");
    if (dir.isEmpty()) return;
    auto* inspector = window.findChild<widgets::MappingInspector*>();
    auto* roofline = window.findChild<widgets::RooflineChart*>();
    for (QWidget* w : {static_cast<QWidget*>(inspector), static_cast<QWidget*>(roofline)}) {
        w->resize(std::max(w->width(), 640), std::max(w->height(), 520));
        w->show();
    }
    roofline->replot();
    QCoreApplication::processEvents();
    inspector->grab().save(dir + "/inspector_" + kind + ".png");
    window.canvas()->grab().save(dir + "/canvas_" + kind + ".png");
    roofline->grab().save(dir + "/roofline_" + kind + ".png");
}

} // namespace

class TestSystolicViews : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // As the issue did it: File → New (Eyeriss, rs), then the TPU preset.
    void init() { QVERIFY(m_ui.open()); }
    void cleanup() { m_ui.close(); }

    void dataflowShowsAndEditsTheArray() {
        QVERIFY(m_ui.window->project()->openFile(preset("accelerators", "tpu"), nullptr, true));
        QVERIFY(waitEvaluated(*m_ui.session));
        widgets::HardwarePanel* panel = m_ui.window->hardwarePanel();
        QComboBox* dataflow = panel->dataflowBox();
        QCOMPARE(dataflow->currentText(), QStringLiteral("ws")); // the file's, not Eyeriss's rs
        auto* items = qobject_cast<QStandardItemModel*>(dataflow->model());
        for (int i = 0; i < dataflow->count(); ++i) {
            const QString t = dataflow->itemText(i);
            QCOMPARE(items->item(i)->isEnabled(), t == "os" || t == "ws" || t == "is");
        }
        // The mapping choice and the NoC bandwidth mean nothing to SCALE-Sim: locked, saying why.
        QVERIFY(!panel->mappingModeBox()->isEnabled());
        QVERIFY(panel->mappingModeBox()->toolTip().contains("fixes the mapping"));
        widgets::ParameterControl* noc = panel->control("noc.bandwidth");
        QVERIFY(noc && !noc->isEnabled() && noc->toolTip().contains("no NoC"));
        QVERIFY(panel->control("level.0.bandwidth")->isEnabled()); // DRAM's bandwidth stalls the array

        // Switching to os changes the accelerator (undoably) and the cycles: the control is honoured.
        const double ws = m_ui.session->result()->cycles;
        Q_EMIT dataflow->activated(dataflow->findText("os"));
        QVERIFY(m_ui.session->accelerator().systolic_dataflow == hardware::SystolicDataflow::OutputStationary);
        QVERIFY(waitEvaluated(*m_ui.session));
        QCOMPARE(dataflow->currentText(), QStringLiteral("os"));
        QVERIFY2(m_ui.session->result()->cycles != ws, "os gave the same cycles as ws");
        m_ui.window->undoStack()->undo();
        QVERIFY(m_ui.session->accelerator().systolic_dataflow == hardware::SystolicDataflow::WeightStationary);
        QCOMPARE(dataflow->currentText(), QStringLiteral("ws"));

        // Back on a data-centric design every control is live again.
        QVERIFY(m_ui.window->project()->openFile(preset("accelerators", "eyeriss"), nullptr, true));
        QVERIFY(panel->mappingModeBox()->isEnabled());
        QVERIFY(panel->control("noc.bandwidth")->isEnabled());
        QCOMPARE(dataflow->currentText(), QStringLiteral("rs"));
    }

    void precisionBoxAgreesWithInspector() {
        // The TPU runs int8 operands with int16 partial sums: the box names all three, as the inspector does.
        QVERIFY(m_ui.window->project()->openFile(preset("accelerators", "tpu"), nullptr, true));
        QVERIFY(waitEvaluated(*m_ui.session));
        QComboBox* box = m_ui.window->hardwarePanel()->precisionBox();
        QVERIFY(box->currentText().contains("outputs int16"));
        auto* inspector = m_ui.window->findChild<widgets::MappingInspector*>();
        inspector->show();
        QCoreApplication::processEvents();
        QVERIFY(inspector->toPlainText().contains("outputs int16"));
    }

    void inspectorCanvasAndRooflineShowTheArray_data() {
        QTest::addColumn<QString>("workload");
        QTest::addColumn<QString>("layerName");
        QTest::newRow("resnet50 conv1") << "resnet50"
                                        << "conv1";
        QTest::newRow("bert first layer") << "bert_base_encoder" << QString();
    }
    void inspectorCanvasAndRooflineShowTheArray() {
        QFETCH(QString, workload);
        QFETCH(QString, layerName);
        QVERIFY(m_ui.window->project()->openFile(preset("accelerators", "tpu"), nullptr, true));
        QVERIFY(m_ui.window->project()->openFile(preset("workloads", workload.toUtf8().constData()), nullptr, true));
        QVERIFY(waitEvaluated(*m_ui.session));
        const model::NetworkCost& cost = *m_ui.session->result();
        const auto& net = m_ui.session->network();
        int layer = layerName.isEmpty() ? 0 : net.find(layerName.toStdString());
        while (layer < int(net.layers.size()) && !workload::hasMacs(net.layers[layer].type)) ++layer;
        QVERIFY(layer >= 0 && layer < int(net.layers.size()));
        m_ui.session->selectLayer(layer);
        const model::LayerResult& r = cost.layers[layer];
        QVERIFY(r.mapped && r.systolic);

        // The inspector shows the array's folds and SRAM traffic, not an empty data-centric nest.
        auto* inspector = m_ui.window->findChild<widgets::MappingInspector*>();
        inspector->show();
        QCoreApplication::processEvents();
        const QString text = inspector->toPlainText();
        QVERIFY2(text.contains("Systolic mapping"), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("%1 × %2 folds").arg(r.systolic->row_folds).arg(r.systolic->col_folds)));
        QVERIFY(!text.contains("MAC(w, i, o)"));
        QVERIFY(!text.contains("WeightReg 0 B")); // the per-PE register is not shown as an empty buffer

        // The canvas colours the PEs the first fold uses: min(array, operand dimension) per side.
        const QSize used = m_ui.window->canvas()->usedPes();
        QCOMPARE(used.height(), int(std::min<std::int64_t>(r.systolic->rows, r.systolic->sr)));
        QCOMPARE(used.width(), int(std::min<std::int64_t>(r.systolic->cols, r.systolic->sc)));

        if (layerName == "conv1") saveViews(*m_ui.window, "tpu");

        // Every layer sits at or under both roofs (issue 15: compute-bound layers were drawn ten times
        // above the DRAM roof). The compute roof is one MAC per PE per cycle (SCALE-Sim's), not the
        // data-centric PE mode's rate; the bandwidth roof is the three SRAM-DRAM ports. SCALE-Sim's USER
        // mode preloads before cycle 0 and drains after the last cycle without a stall, so a layer's
        // DRAM words are plotted over the span its ports worked for it (model::dramSpanCycles), and the
        // chart says how many layers that is.
        auto* roofline = m_ui.window->findChild<widgets::RooflineChart*>();
        QVERIFY(!roofline->points().empty());
        const double peak = double(m_ui.session->accelerator().pe.count());
        const double ports = 3 * m_ui.session->accelerator().levels[0].bandwidth_words_per_cycle;
        QVERIFY(roofline->roofAt(1e12) == peak);
        int spanned = 0;
        for (const auto& [p, i] : roofline->points()) {
            const model::LayerResult& lr = cost.layers[i];
            QVERIFY(lr.systolic);
            const double span = model::dramSpanCycles(*lr.systolic);
            const bool longer = span > lr.cost.cycles * (1 + 1e-9);
            spanned += longer;
            // The point: MACs per DRAM word across, MACs per cycle of the longer of cycles and span up.
            QVERIFY(qAbs(p.x() - lr.cost.macs / lr.cost.levels[0].words) <= 1e-9 * p.x());
            QVERIFY(qAbs(p.y() - lr.cost.macs / (longer ? span : lr.cost.cycles)) <= 1e-9 * p.y());
            QVERIFY2(p.y() <= peak * (1 + 1e-9), net.layers[i].name.c_str());
            QVERIFY2(p.y() <= ports * p.x() * (1 + 1e-9), net.layers[i].name.c_str());
            QVERIFY2(p.y() <= roofline->roofAt(p.x()) * (1 + 1e-9), net.layers[i].name.c_str());
        }
        QVERIFY(roofline->warning().isEmpty());
        QCOMPARE(roofline->spannedLayers(), spanned);
        QCOMPARE(roofline->spanNote().isEmpty(), spanned == 0);
        if (spanned > 0) QVERIFY(roofline->spanNote().startsWith(QString::number(spanned) + " layer"));
        // conv1 is the case: 3.21M preloaded ifmap words in its 13.3k cycles.
        if (layerName == "conv1") {
            const auto& c1 = cost.layers[layer];
            QVERIFY(c1.cost.levels[0].words > ports * c1.cost.cycles);
            QVERIFY(model::dramSpanCycles(*c1.systolic) > c1.cost.cycles);
            qInfo(
                "TPU conv1: %.0f DRAM words, %.0f cycles, DRAM span %.0f cycles (%.1f words per cycle of "
                "it, ports %.2f); %d of %d layers plotted over their span",
                c1.cost.levels[0].words, c1.cost.cycles, model::dramSpanCycles(*c1.systolic),
                c1.cost.levels[0].words / model::dramSpanCycles(*c1.systolic), ports, spanned,
                int(roofline->points().size()));
        }
    }

    void dataCentricNestNamesEveryLevel() {
        // Eyeriss 32×32, ws template, conv1 (the case): the bound line lists the GlobalBuffer's
        // serial transfers next to compute, and every level of the table has its place in the nest.
        QVERIFY(m_ui.window->project()->openFile(preset("accelerators", "eyeriss"), nullptr, true));
        hardware::Accelerator acc = m_ui.session->accelerator();
        acc.pe.rows = acc.pe.cols = 32;
        m_ui.session->setAccelerator(acc);
        m_ui.session->setMapperSettings(
            {search::EvaluationPolicy::Mode::Template, mapping::Dataflow::WeightStationary});
        QVERIFY(waitEvaluated(*m_ui.session));
        const int conv1 = m_ui.session->network().find("conv1");
        QVERIFY(conv1 >= 0);
        m_ui.session->selectLayer(conv1);
        auto* inspector = m_ui.window->findChild<widgets::MappingInspector*>();
        inspector->show();
        QCoreApplication::processEvents();
        const QString text = inspector->toPlainText();
        QVERIFY2(text.contains("GlobalBuffer transfers"), qPrintable(text));
        QVERIFY(text.contains("not double-buffered"));
        for (const auto& level : acc.levels)
            QVERIFY2(text.contains("// " + QString::fromStdString(level.name)), level.name.c_str());
        // The data-centric model's runtime is a roofline: every layer at or under both roofs.
        auto* roofline = m_ui.window->findChild<widgets::RooflineChart*>();
        QVERIFY(!roofline->points().empty());
        for (const auto& [p, i] : roofline->points())
            QVERIFY2(p.y() <= roofline->roofAt(p.x()) * (1 + 1e-9), m_ui.session->network().layers[i].name.c_str());
        QVERIFY(roofline->warning().isEmpty());
        saveViews(*m_ui.window, "eyeriss");
    }

    void quantizedDesignScreenshots() {
        // A design of the quantized space (HAWQ-V3 per-layer precisions on ResNet-50): pictures only.
        if (qEnvironmentVariable("ARCHSCAPE_SCREENSHOT_DIR").isEmpty())
            QSKIP("pictures only (ARCHSCAPE_SCREENSHOT_DIR)");
        QVERIFY(m_ui.window->chooseDesignSpace("quantized"));
        QSignalSpy finished(m_ui.session.get(), &app::Session::explorationFinished);
        m_ui.session->startExploration();
        QVERIFY(finished.wait(600000));
        const auto& designs = m_ui.session->designs();
        int pick = -1;
        for (int i = 0; i < int(designs.size()); ++i)
            if (designs[i].accelerator.name.find("hawq") != std::string::npos) pick = i;
        QVERIFY(pick >= 0);
        m_ui.session->makeDesignCurrent(pick);
        QVERIFY(waitEvaluated(*m_ui.session));
        const auto& layers = m_ui.session->network().layers;
        int quantized = 0;
        while (quantized + 1 < int(layers.size()) &&
               !(workload::hasMacs(layers[quantized].type) && layers[quantized].weight_precision))
            ++quantized;
        m_ui.session->selectLayer(quantized);
        saveViews(*m_ui.window, "quantized");
    }

private:
    test::WindowFixture m_ui;
};

QTEST_MAIN(TestSystolicViews)
#include "tst_systolic_views.moc"
