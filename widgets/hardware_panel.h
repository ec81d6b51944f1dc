#pragma once
// Sliders and spin boxes for the accelerator's parameters, the dataflow and the technology.
// The panel mirrors the design it is shown and asks for changes (acceleratorEdited); it never
// changes the design itself, so that every edit goes through the undo stack.
#include <QWidget>

#include <vector>

#include "accelerator_field.h"
#include "design_view.h"
#include "hardware/accelerator.h"
#include "search/design_evaluation.h"

class QComboBox;
class QVBoxLayout;

namespace archscape::widgets {

class ParameterControl;

class HardwarePanel : public QWidget, public DesignView {
    Q_OBJECT
public:
    explicit HardwarePanel(QWidget* parent = nullptr);

    void showDesign(const DesignSnapshot& snapshot) override;
    /// Control of a slider field; null if absent (tests drive it).
    ParameterControl* control(AcceleratorField field) const;
    /// Control by AcceleratorField::key() ("pe.rows", "level.1.capacity", ...); null if absent.
    ParameterControl* control(const QString& key) const;
    QComboBox* dataflowBox() const { return m_dataflow; }
    QComboBox* mappingModeBox() const { return m_mode; }
    QComboBox* precisionBox() const { return m_precision; }

Q_SIGNALS:
    /// The user changed a parameter; `field` identifies it so consecutive edits can merge.
    void acceleratorEdited(const archscape::hardware::Accelerator& acc, const QString& description,
                           archscape::widgets::AcceleratorField field);
    void mapperSettingsEdited(const archscape::search::EvaluationPolicy& settings);

private:
    struct Entry {
        AcceleratorField field;
        ParameterControl* control;
    };
    ParameterControl* addControl(QVBoxLayout* layout, std::vector<Entry>& into, AcceleratorField field);
    void refresh();
    void rebuildLevels();
    void edit(AcceleratorField field, double value);

    hardware::Accelerator m_accelerator; // as last shown
    search::EvaluationPolicy m_policy;
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
