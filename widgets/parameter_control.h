#pragma once
// A labelled slider with a spin box; log-scaled when the value spans decades (buffer sizes).
// In a scrolled panel the wheel scrolls the panel: slider and spin box take wheel steps only once
// they have focus (a click or Tab). Undo (Ctrl+Z) first commits a value typed but not yet entered,
// so it undoes that edit instead of doing nothing.
#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QSlider;

namespace archscape::widgets {

class ParameterControl : public QWidget {
    Q_OBJECT
public:
    struct Options {
        double min = 1;
        double max = 100;
        bool log_scale = false;
        int decimals = 0;
        QString suffix;
        QString special_min_text; ///< shown instead of the minimum (e.g. "unlimited" for 0)
        double log_floor = 1;     ///< smallest positive value on a log slider whose min is 0
        bool bytes = false;       ///< a capacity: shown and typed as "108 KiB", "64k" (ByteSpinBox)
    };
    ParameterControl(const QString& label, const Options& options, QWidget* parent = nullptr);

    double value() const;
    /// Sets the value without emitting valueEdited (the panel mirrors the Session).
    void setValue(double v);
    QSlider* slider() const { return m_slider; }
    QDoubleSpinBox* spinBox() const { return m_spin; }

Q_SIGNALS:
    /// The user moved the slider or typed a value.
    void valueEdited(double value);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    int toSlider(double v) const;
    double fromSlider(int pos) const;

    Options m_options;
    QLabel* m_label;
    QSlider* m_slider;
    QDoubleSpinBox* m_spin;
};

} // namespace archscape::widgets
