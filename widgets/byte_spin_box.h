#pragma once
// A spin box for capacities: shows bytes as the canvas does ("108 KiB", "1.5 MiB") and takes what
// an architect types ("64k", "64 KiB", "1 MiB", "1M", "512").
#include <QDoubleSpinBox>

namespace archscape::widgets {

class ByteSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit ByteSpinBox(QWidget* parent = nullptr);

    QString textFromValue(double value) const override;
    double valueFromText(const QString& text) const override;
    QValidator::State validate(QString& text, int& pos) const override;
};

} // namespace archscape::widgets
