#include "byte_spin_box.h"

#include "format_text.h"

namespace archscape::widgets {

ByteSpinBox::ByteSpinBox(QWidget* parent) : QDoubleSpinBox(parent) {
    setDecimals(0);
    setToolTip(tr("Bytes; type e.g. 64k, 64 KiB, 1.5 MiB or 1M (k and M are 1024 and 1024²)"));
}

QString ByteSpinBox::textFromValue(double value) const { return app::exactBytesText(value); }

double ByteSpinBox::valueFromText(const QString& text) const {
    const auto bytes = app::parseBytesText(text);
    return bytes ? double(*bytes) : value();
}

QValidator::State ByteSpinBox::validate(QString& text, int&) const {
    const auto bytes = app::parseBytesText(text);
    if (!bytes) {
        // Half-typed input ("64 K", "1.") stays editable; anything without a leading number does not.
        const QString t = text.trimmed();
        return t.isEmpty() || t[0].isDigit() || t[0] == '.' ? QValidator::Intermediate : QValidator::Invalid;
    }
    return *bytes >= minimum() && *bytes <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
}

} // namespace archscape::widgets
