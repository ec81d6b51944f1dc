// core/ is the Qt-free engine (DESIGN.md): no file under it may include a Qt header.
#include <QDirIterator>
#include <QRegularExpression>
#include <QtTest>

class TestCoreNoQt : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void noQtIncludes() {
        // Built from pieces: moc's tokenizer trips over raw strings that contain a directive.
        const QString hash = QStringLiteral("#");
        const QRegularExpression qt(hash + QStringLiteral("\\s*include\\s*[<\"](Q[A-Z]\\w*|Qt\\w+/|qcustomplot)"));
        QDirIterator it(ARCHSCAPE_SOURCE_DIR "/core", {"*.h", "*.cpp"}, QDir::Files, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(f.readAll());
            QVERIFY2(!qt.match(text).hasMatch(), qPrintable(f.fileName() + " includes a Qt header"));
            ++files;
        }
        QVERIFY(files > 20);
    }
};

QTEST_GUILESS_MAIN(TestCoreNoQt)
#include "tst_core_no_qt.moc"
