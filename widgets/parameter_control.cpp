#include "parameter_control.h"

#include <QAbstractScrollArea>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

#include "byte_spin_box.h"

namespace archscape::widgets {

namespace {
constexpr int kSliderSteps = 1000;
}

ParameterControl::ParameterControl(const QString& label, const Options& options, QWidget* parent)
    : QWidget(parent),
      m_options(options),
      m_label(new QLabel(label, this)),
      m_slider(new QSlider(Qt::Horizontal, this)),
      m_spin(options.bytes ? new ByteSpinBox(this) : new QDoubleSpinBox(this)) {
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label, 0, 0, 1, 2);
    layout->addWidget(m_slider, 1, 0);
    layout->addWidget(m_spin, 1, 1);
    layout->setColumnStretch(0, 1);

    const bool integral = options.decimals == 0 && !options.log_scale;
    m_slider->setRange(integral ? int(options.min) : 0, integral ? int(options.max) : kSliderSteps);
    m_spin->setRange(options.min, options.max);
    m_spin->setDecimals(options.decimals);
    m_spin->setSuffix(options.suffix);
    m_spin->setSpecialValueText(options.special_min_text);
    m_spin->setKeyboardTracking(false);
    m_spin->setMinimumWidth(110);
    m_label->setBuddy(m_spin);
    for (QWidget* w : {static_cast<QWidget*>(m_slider), static_cast<QWidget*>(m_spin)}) {
        w->setFocusPolicy(Qt::StrongFocus); // not Qt::WheelFocus: a wheel turn must not grab focus
        w->installEventFilter(this);
    }

    connect(m_slider, &QSlider::valueChanged, this, [this](int pos) {
        const double v = fromSlider(pos);
        const QSignalBlocker block(m_spin);
        m_spin->setValue(v);
        Q_EMIT valueEdited(m_spin->value());
    });
    connect(m_spin, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(toSlider(v));
        Q_EMIT valueEdited(v);
    });
}

bool ParameterControl::eventFilter(QObject* watched, QEvent* event) {
    auto* widget = qobject_cast<QWidget*>(watched);
    if (event->type() == QEvent::Wheel && widget && !widget->hasFocus()) {
        // The panel scrolls instead (issue 15: scrolling the panel set a GlobalBuffer of 92688 B).
        // Handed to the scroll area's viewport explicitly: QApplication propagates an ignored wheel
        // event only when it came from the window system.
        QWidget* area = parentWidget();
        while (area && !qobject_cast<QAbstractScrollArea*>(area)) area = area->parentWidget();
        if (!area) {
            event->ignore();
            return true;
        }
        QWidget* viewport = static_cast<QAbstractScrollArea*>(area)->viewport();
        const auto* wheel = static_cast<QWheelEvent*>(event);
        QWheelEvent copy(viewport->mapFromGlobal(wheel->globalPosition()), wheel->globalPosition(), wheel->pixelDelta(),
                         wheel->angleDelta(), wheel->buttons(), wheel->modifiers(), wheel->phase(), wheel->inverted(),
                         Qt::MouseEventNotSynthesized, wheel->pointingDevice());
        QCoreApplication::sendEvent(viewport, &copy);
        event->accept();
        return true;
    }
    if (event->type() == QEvent::ShortcutOverride && watched == m_spin) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo)) {
            // The line edit would take Ctrl+Z for its own text undo; commit what was typed (an undoable
            // edit) and leave the shortcut to the window's Edit > Undo.
            m_spin->interpretText();
            event->ignore();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

double ParameterControl::value() const { return m_spin->value(); }

void ParameterControl::setValue(double v) {
    const QSignalBlocker blockSpin(m_spin);
    const QSignalBlocker blockSlider(m_slider);
    m_spin->setValue(v);
    m_slider->setValue(toSlider(v));
}

int ParameterControl::toSlider(double v) const {
    const auto& o = m_options;
    if (o.decimals == 0 && !o.log_scale) return int(std::lround(v));
    v = std::clamp(v, o.min, o.max);
    if (!o.log_scale) return int(std::lround((v - o.min) / (o.max - o.min) * kSliderSteps));
    // A log slider whose minimum is 0 keeps position 0 for it and spreads the rest from log_floor.
    const bool zeroSlot = o.min <= 0;
    if (zeroSlot && v <= 0) return 0;
    const double lo = std::log(zeroSlot ? o.log_floor : o.min);
    const double t = std::clamp((std::log(v) - lo) / (std::log(o.max) - lo), 0.0, 1.0);
    const int first = zeroSlot ? 1 : 0;
    return first + int(std::lround(t * (kSliderSteps - first)));
}

double ParameterControl::fromSlider(int pos) const {
    const auto& o = m_options;
    if (o.decimals == 0 && !o.log_scale) return pos;
    if (!o.log_scale) return o.min + double(pos) / kSliderSteps * (o.max - o.min);
    const bool zeroSlot = o.min <= 0;
    if (zeroSlot && pos == 0) return 0;
    const int first = zeroSlot ? 1 : 0;
    const double lo = std::log(zeroSlot ? o.log_floor : o.min);
    const double t = double(pos - first) / (kSliderSteps - first);
    double v = std::exp(lo + t * (std::log(o.max) - lo));
    if (o.decimals == 0) {
        // Sizes snap to powers of two and their halves so dragging lands on realistic buffers.
        const double p = std::exp2(std::round(std::log2(v) * 2) / 2);
        v = p >= 16 ? std::round(p / 16) * 16 : std::round(p);
    }
    return std::clamp(v, o.min, o.max);
}

} // namespace archscape::widgets
