// Chart colours (issue 15: MAC and compute-bound were the same blue, IfmapSpad and memory-bound the
// same red, PsumSpad and NoC-bound the same orange, and DRAM yellow on one accelerator, teal on
// another). On every preset accelerator: components have distinct colours, none is a bound's, and a
// component name has one colour whatever the accelerator.
#include <QtTest>

#include <map>

#include "chart_style.h"
#include "io/file_readers.h"

using namespace archscape;

class TestChartPalette : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void componentsAndBoundsNeverShareAColour() {
        std::map<QString, QRgb> seen; // component name -> colour on the first accelerator that has it
        for (const char* preset : {"eyeriss", "nvdla", "shidiannao", "tpu"}) {
            const auto acc =
                io::readAcceleratorAny(std::string(ARCHSCAPE_PRESETS_DIR) + "/accelerators/" + preset + ".json");
            QVERIFY2(acc.ok(), preset);
            // The breakdown chart's components, in its order.
            QStringList names{"MAC"};
            for (const auto& level : acc.value->accelerator.levels) names << QString::fromStdString(level.name);
            names << "NoC"
                  << "leakage";
            const std::vector<QColor> colors = widgets::componentColors(names);
            QCOMPARE(int(colors.size()), int(names.size()));
            for (int i = 0; i < int(names.size()); ++i) {
                for (int j = 0; j < i; ++j)
                    QVERIFY2(colors[i] != colors[j],
                             qPrintable(QString("%1: %2 and %3").arg(preset, names[i], names[j])));
                for (int b = 0; b < 3; ++b) QVERIFY2(colors[i] != widgets::boundColor(b), qPrintable(names[i]));
                const auto [it, inserted] = seen.emplace(names[i], colors[i].rgb());
                QVERIFY2(inserted || it->second == colors[i].rgb(),
                         qPrintable(QString("%1 on %2").arg(names[i], preset)));
            }
        }
        QVERIFY(widgets::boundColor(0) != widgets::boundColor(1) && widgets::boundColor(1) != widgets::boundColor(2));
        // Names the presets do not use get distinct colours too, the same on every call.
        const QStringList custom{"MAC", "L2", "L1", "Scratch", "DRAM", "NoC", "leakage"};
        const auto a = widgets::componentColors(custom), b = widgets::componentColors(custom);
        QVERIFY(a == b);
        for (int i = 0; i < int(a.size()); ++i)
            for (int j = 0; j < i; ++j) QVERIFY(a[i] != a[j]);
    }
};

QTEST_MAIN(TestChartPalette)
#include "tst_chart_palette.moc"
