#pragma once
// Sliders and spin boxes for the accelerator's parameters, the dataflow and the technology.
// The panel mirrors the Session and asks for changes; it never changes the design itself, so
// that every edit goes through the undo stack.
#include <QWidget>

#include <vector>

#include "hardware/accelerator.h"
#include "search/design_evaluation.h"

class QComboBox;
class QVBoxLayout;

namespace archscape::app {
class Session;
}

namespace archscape::widgets {

class ParameterControl;

class HardwarePanel : public QWidget {
    Q_OBJECT
public:
    explicit HardwarePanel(const app::Session* session, QWidget* parent = nullptr);

    /// Control of a named parameter ("pe.rows", "pe.cols", "clock", "noc.bandwidth",
    /// "level.<i>.capacity", "level.<i>.bandwidth"); null if absent (tests drive it).
    ParameterControl* control(const QString& key) const;
    QComboBox* dataflowBox() const { return m_dataflow; }
    QComboBox* mappingModeBox() const { return m_mode; }

Q_SIGNALS:
    /// The user changed a parameter; `field` identifies it so consecutive edits can merge.
    void acceleratorEdited(const archscape::hardware::Accelerator& acc, const QString& description, int field);
    void mapperSettingsEdited(const archscape::search::EvaluationPolicy& settings);

public Q_SLOTS:
    /// Re-reads the Session's accelerator (after loads, undo, a Pareto click...).
    void refresh();

private:
    struct Entry {
        QString key;
        ParameterControl* control;
    };
    ParameterControl* addControl(QVBoxLayout* layout, std::vector<Entry>& into, const QString& key,
                                 const QString& label, bool logScale, double min, double max, const QString& suffix,
                                 const QString& minText = {});
    void rebuildLevels();
    void edit(const QString& key, double value);

    const app::Session* m_session;
    QWidget* m_levelsBox;
    QComboBox* m_dataflow;
    QComboBox* m_mode;
    QComboBox* m_precision;
    QComboBox* m_technology;
    QComboBox* m_peMode;
    std::vector<Entry> m_entries;
    std::vector<Entry> m_levelEntries;
    std::vector<std::string> m_levelNames; // the structure the level controls were built for
};

} // namespace archscape::widgets
