// Capacities as typed and shown (issue 15: "64k" was rejected, the panel said "110592 B" where the
// canvas said "108 KiB") and the one engineering-unit rule of every view.
#include <QLineEdit>
#include <QtTest>

#include "byte_spin_box.h"
#include "format_text.h"

using namespace archscape;

class TestCapacityText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parses_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("bytes"); // -1 = rejected
        // Binary multiples whatever the spelling: buffers are sized in powers of two.
        QTest::addRow("64k") << "64k" << qint64(65536);
        QTest::addRow("64K") << "64K" << qint64(65536);
        QTest::addRow("64 KiB") << "64 KiB" << qint64(65536);
        QTest::addRow("64KB") << "64KB" << qint64(65536);
        QTest::addRow("1 MiB") << "1 MiB" << qint64(1048576);
        QTest::addRow("1M") << "1M" << qint64(1048576);
        QTest::addRow("1.5 MiB") << "1.5 MiB" << qint64(1572864);
        QTest::addRow("108 KiB") << "108 KiB" << qint64(110592);
        QTest::addRow("512") << "512" << qint64(512);
        QTest::addRow("512 B") << " 512 B " << qint64(512);
        QTest::addRow("2G") << "2G" << qint64(2147483648LL);
        QTest::addRow("empty") << "" << qint64(-1);
        QTest::addRow("negative") << "-4k" << qint64(-1);
        QTest::addRow("unit only") << "KiB" << qint64(-1);
        QTest::addRow("unknown unit") << "64 q" << qint64(-1);
        QTest::addRow("two numbers") << "64 64" << qint64(-1);
    }
    void parses() {
        QFETCH(QString, text);
        QFETCH(qint64, bytes);
        const auto parsed = app::parseBytesText(text);
        if (bytes < 0) {
            QVERIFY2(!parsed, qPrintable(text));
        } else {
            QVERIFY2(parsed, qPrintable(text));
            QCOMPARE(qint64(*parsed), bytes);
        }
    }

    void showsExactly_data() {
        QTest::addColumn<double>("bytes");
        QTest::addColumn<QString>("text");
        QTest::addRow("108 KiB") << 110592.0 << "108 KiB";
        QTest::addRow("1.5 MiB") << 1572864.0 << "1.5 MiB";
        QTest::addRow("22.625 KiB") << 23168.0 << "22.625 KiB"; // a slider stop: 2^14.5 rounded to 16 B
        QTest::addRow("not a KiB multiple") << 92688.0 << "92688 B";
        QTest::addRow("small") << 512.0 << "512 B";
        QTest::addRow("1 GiB") << 1073741824.0 << "1 GiB";
    }
    void showsExactly() {
        QFETCH(double, bytes);
        QFETCH(QString, text);
        QCOMPARE(app::exactBytesText(bytes), text);
        // What is shown reads back as the same number of bytes.
        QCOMPARE(double(app::parseBytesText(text).value_or(-1)), bytes);
    }

    void spinBoxTakesUnits() {
        widgets::ByteSpinBox box;
        box.setRange(16, 64 << 20);
        box.setValue(110592);
        QCOMPARE(box.text(), QStringLiteral("108 KiB"));
        QString typed = "64k";
        int pos = 0;
        QCOMPARE(box.validate(typed, pos), QValidator::Acceptable);
        QCOMPARE(box.valueFromText(typed), 65536.0);
        typed = "64 K";
        QCOMPARE(box.validate(typed, pos), QValidator::Acceptable);
        typed = "1.";
        QCOMPARE(box.validate(typed, pos), QValidator::Intermediate); // still being typed
        typed = "x";
        QCOMPARE(box.validate(typed, pos), QValidator::Invalid);
        typed = "128M"; // above the range
        QCOMPARE(box.validate(typed, pos), QValidator::Intermediate);
        box.findChild<QLineEdit*>()->setText("1 MiB");
        box.interpretText();
        QCOMPARE(box.value(), 1048576.0);
    }

    void engineeringScale_data() {
        QTest::addColumn<double>("magnitude");
        QTest::addColumn<double>("factor");
        QTest::addColumn<QString>("prefix");
        QTest::addRow("0.5 ms") << 5e-4 << 1e6 << "µ"; // 500 µs: three digits before the point
        QTest::addRow("1 ms") << 1e-3 << 1e3 << "m";
        QTest::addRow("999.7 µs rounds to 1 ms") << 999.7e-6 << 1e3 << "m";
        QTest::addRow("2.5 s") << 2.5 << 1.0 << "";
        QTest::addRow("1.97 M") << 1.97e6 << 1e-6 << "M";
        QTest::addRow("zero") << 0.0 << 1.0 << "";
    }
    void engineeringScale() {
        QFETCH(double, magnitude);
        QFETCH(double, factor);
        QFETCH(QString, prefix);
        const app::EngineeringScale s = app::engineeringScale(magnitude);
        QCOMPARE(s.prefix, prefix);
        QVERIFY(std::abs(s.factor / factor - 1) < 1e-12);
        if (magnitude > 0)
            QCOMPARE(app::siText(magnitude, "s"), QString::number(magnitude * factor, 'g', 3) + " " + prefix + "s");
    }
};

QTEST_MAIN(TestCapacityText)
#include "tst_capacity_text.moc"
