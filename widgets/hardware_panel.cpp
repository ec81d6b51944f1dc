#include "hardware_panel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <cmath>

#include "common/precision.h"
#include "parameter_control.h"

namespace archscape::widgets {

namespace {

constexpr int kTechnologyNodes[] = {7, 12, 16, 22, 28, 45, 65, 90};
constexpr const char* kPrecisions[] = {"int4", "int8", "int16", "fp8_e4m3", "fp16", "bf16", "fp32"};
// Entries of the mapping combo, in search::EvaluationPolicy::Mode order.
constexpr const char* kModes[] = {"dataflow template", "best template per layer", "mapper search"};
using Parameter = AcceleratorField::Parameter;

const char* const kDataflowTip =
    "ws/os/is/rs: weight-, output-, input-, row-stationary; kc-p: NVDLA-like; "
    "yx-p: ShiDianNao-like";
const char* const kModeTip =
    "How each layer's mapping is chosen: the dataflow's template, the best of all "
    "templates, or a search (decoupled mapper) constrained to the dataflow";
const char* const kPeModeTip =
    "Fixed: one MAC per cycle at any precision. Precision-scalable: more MACs per cycle at "
    "narrower integers. Bit-serial: one input bit per cycle (docs/model.md, PE modes)";

/// The data-centric dataflow entry that shows a systolic array's os/ws/is (the combo's items are
/// mapping::kAllDataflows).
int systolicEntry(hardware::SystolicDataflow d) {
    switch (d) {
    case hardware::SystolicDataflow::OutputStationary: return int(mapping::Dataflow::OutputStationary);
    case hardware::SystolicDataflow::WeightStationary: return int(mapping::Dataflow::WeightStationary);
    case hardware::SystolicDataflow::InputStationary: return int(mapping::Dataflow::InputStationary);
    }
    return int(mapping::Dataflow::WeightStationary);
}

} // namespace

HardwarePanel::HardwarePanel(QWidget* parent)
    : QWidget(parent),
      m_levelsBox(new QWidget(this)),
      m_dataflow(new QComboBox(this)),
      m_mode(new QComboBox(this)),
      m_precision(new QComboBox(this)),
      m_technology(new QComboBox(this)),
      m_peMode(new QComboBox(this)) {
    auto* layout = new QVBoxLayout(this);

    auto* choices = new QFormLayout;
    for (mapping::Dataflow d : mapping::kAllDataflows)
        m_dataflow->addItem(QString::fromLatin1(mapping::toString(d).data(), qsizetype(mapping::toString(d).size())));
    m_dataflow->addItem(tr("free (mapper search)"));
    for (const char* m : kModes) m_mode->addItem(tr(m));
    m_mode->setToolTip(tr(kModeTip));
    m_dataflow->setToolTip(tr(kDataflowTip));
    for (const char* p : kPrecisions) m_precision->addItem(QString::fromLatin1(p));
    for (int nm : kTechnologyNodes) m_technology->addItem(tr("%1 nm").arg(nm), nm);
    choices->addRow(tr("&Mapping"), m_mode);
    choices->addRow(tr("&Dataflow"), m_dataflow);
    choices->addRow(tr("&Precision"), m_precision);
    choices->addRow(tr("&Technology"), m_technology);
    // In hardware::PeMode order.
    for (const char* m : {"fixed width", "precision-scalable (Bit Fusion)", "bit-serial (Stripes)"})
        m_peMode->addItem(tr(m));
    m_peMode->setToolTip(tr(kPeModeTip));
    choices->addRow(tr("PE &mode"), m_peMode);
    layout->addLayout(choices);

    auto* array = new QGroupBox(tr("PE array"), this);
    auto* arrayLayout = new QVBoxLayout(array);
    for (AcceleratorField f : arrayFields()) addControl(arrayLayout, m_entries, f);
    layout->addWidget(array);

    new QVBoxLayout(m_levelsBox);
    m_levelsBox->layout()->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_levelsBox);
    layout->addStretch(1);

    connect(m_dataflow, &QComboBox::activated, this, [this](int index) {
        if (m_accelerator.kind == hardware::AcceleratorKind::Systolic) {
            // A systolic array's dataflow is part of the hardware (SCALE-Sim's os/ws/is), not a mapping.
            for (hardware::SystolicDataflow d :
                 {hardware::SystolicDataflow::OutputStationary, hardware::SystolicDataflow::WeightStationary,
                  hardware::SystolicDataflow::InputStationary})
                if (systolicEntry(d) == index && d != m_accelerator.systolic_dataflow) {
                    hardware::Accelerator acc = m_accelerator;
                    const AcceleratorField field{Parameter::SystolicDataflow};
                    setFieldValue(acc, field, int(d));
                    Q_EMIT acceleratorEdited(acc, editText(acc, field), field);
                }
            return;
        }
        search::EvaluationPolicy s = m_policy;
        s.free_mapspace = index >= int(std::size(mapping::kAllDataflows));
        if (!s.free_mapspace) s.dataflow = mapping::kAllDataflows[index];
        Q_EMIT mapperSettingsEdited(s);
    });
    connect(m_mode, &QComboBox::activated, this, [this](int index) {
        search::EvaluationPolicy s = m_policy;
        s.mode = search::EvaluationPolicy::Mode(index);
        Q_EMIT mapperSettingsEdited(s);
    });
    connect(m_precision, &QComboBox::activated, this, [this](int index) {
        if (index < 0 || index >= int(std::size(kPrecisions))) return; // the mixed entry shows, never sets
        hardware::Accelerator acc = m_accelerator;
        const auto p = parsePrecision(kPrecisions[index]);
        if (!p) return;
        acc.precision = workload::PerOperand<Precision>::filled(*p);
        Q_EMIT acceleratorEdited(acc, tr("precision %1").arg(QString::fromLatin1(kPrecisions[index])),
                                 {Parameter::Precision});
    });
    connect(m_peMode, &QComboBox::activated, this, [this](int index) {
        hardware::Accelerator acc = m_accelerator;
        setFieldValue(acc, {Parameter::PeMode}, index);
        Q_EMIT acceleratorEdited(acc, tr("PE mode %1").arg(m_peMode->itemText(index)), {Parameter::PeMode});
    });
    connect(m_technology, &QComboBox::activated, this, [this](int index) {
        hardware::Accelerator acc = m_accelerator;
        const AcceleratorField field{Parameter::Technology};
        setFieldValue(acc, field, m_technology->itemData(index).toInt());
        Q_EMIT acceleratorEdited(acc, editText(acc, field), field);
    });
    refresh();
}

ParameterControl* HardwarePanel::addControl(QVBoxLayout* layout, std::vector<Entry>& into, AcceleratorField field) {
    const FieldSpec spec = fieldSpec(field);
    ParameterControl::Options o;
    o.min = spec.min;
    o.max = spec.max;
    o.log_scale = spec.log_scale;
    o.suffix = spec.suffix;
    o.special_min_text = spec.special_min_text;
    o.log_floor = 0.25;
    o.decimals = (spec.log_scale && spec.min < 1) ? 2 : 0;
    o.bytes = spec.bytes;
    auto* c = new ParameterControl(spec.label, o, layout->parentWidget());
    c->setToolTip(fieldToolTip(m_accelerator, field));
    c->setObjectName(field.key());
    layout->addWidget(c);
    into.push_back({field, c});
    connect(c, &ParameterControl::valueEdited, this, [this, field](double v) { edit(field, v); });
    return c;
}

ParameterControl* HardwarePanel::control(AcceleratorField field) const {
    for (const auto* list : {&m_entries, &m_levelEntries})
        for (const Entry& e : *list)
            if (e.field == field) return e.control;
    return nullptr;
}

ParameterControl* HardwarePanel::control(const QString& key) const {
    for (const auto* list : {&m_entries, &m_levelEntries})
        for (const Entry& e : *list)
            if (e.field.key() == key) return e.control;
    return nullptr;
}

void HardwarePanel::rebuildLevels() {
    m_levelEntries.clear();
    QLayoutItem* item;
    while ((item = m_levelsBox->layout()->takeAt(0)) != nullptr) {
        if (item->widget()) item->widget()->deleteLater();
        delete item;
    }
    const hardware::Accelerator& acc = m_accelerator;
    m_levelNames.clear();
    for (int i = 0; i < acc.numLevels(); ++i) {
        const hardware::MemoryLevel& level = acc.levels[i];
        m_levelNames.push_back(level.name);
        auto* box = new QGroupBox(QString::fromStdString(level.name) + (level.per_pe ? tr(" (per PE)") : QString()),
                                  m_levelsBox);
        auto* l = new QVBoxLayout(box);
        for (AcceleratorField f : levelFields(acc, i)) addControl(l, m_levelEntries, f);
        m_levelsBox->layout()->addWidget(box);
    }
}

void HardwarePanel::showDesign(const DesignSnapshot& snapshot) {
    if (!snapshot.has(DesignSnapshot::AcceleratorChanged) && !snapshot.has(DesignSnapshot::PolicyChanged)) return;
    m_accelerator = snapshot.accelerator;
    m_policy = snapshot.policy;
    refresh();
}

void HardwarePanel::refresh() {
    const hardware::Accelerator& acc = m_accelerator;
    std::vector<std::string> names;
    for (const auto& l : acc.levels) names.push_back(l.name);
    if (names != m_levelNames) rebuildLevels();
    // Controls the engine ignores for this kind of accelerator are locked and say why.
    for (const auto* list : {&m_entries, &m_levelEntries})
        for (const Entry& e : *list) {
            e.control->setValue(fieldValue(acc, e.field));
            const QString ignored = ignoredReason(acc, e.field);
            e.control->setEnabled(ignored.isEmpty());
            e.control->setToolTip(ignored.isEmpty() ? fieldToolTip(acc, e.field) : ignored);
        }

    const QSignalBlocker b1(m_dataflow), b2(m_precision), b3(m_technology), b4(m_mode), b5(m_peMode);
    m_peMode->setCurrentIndex(int(acc.pe.mode));
    const search::EvaluationPolicy& s = m_policy;
    const bool search = s.mode == search::EvaluationPolicy::Mode::Search;
    auto* items = qobject_cast<QStandardItemModel*>(m_dataflow->model());
    m_mode->setCurrentIndex(int(s.mode));
    if (acc.kind == hardware::AcceleratorKind::Systolic) {
        // The systolic engine takes no mapping: the accelerator's os/ws/is fixes it, so the combo
        // shows and edits that, and the mapping choice is locked.
        m_dataflow->setCurrentIndex(systolicEntry(acc.systolic_dataflow));
        for (int i = 0; items && i < items->rowCount(); ++i)
            items->item(i)->setEnabled(i == systolicEntry(hardware::SystolicDataflow::OutputStationary) ||
                                       i == systolicEntry(hardware::SystolicDataflow::WeightStationary) ||
                                       i == systolicEntry(hardware::SystolicDataflow::InputStationary));
        m_dataflow->setEnabled(true);
        m_dataflow->setToolTip(
            tr("Systolic array (SCALE-Sim): os, ws or is, the accelerator's own dataflow; "
               "the data-centric dataflows do not apply"));
        m_mode->setEnabled(false);
        m_mode->setToolTip(
            tr("Systolic arrays need no mapping search: the dataflow fixes the mapping (the "
               "array's folds, shown in the mapping inspector)"));
        m_peMode->setToolTip(tr(kPeModeTip) + tr(". Systolic arrays: the PE mode changes MAC energy only (SCALE-Sim "
                                                 "counts one MAC per PE per cycle)"));
    } else {
        m_dataflow->setCurrentIndex(search && s.free_mapspace ? int(std::size(mapping::kAllDataflows))
                                                              : int(s.dataflow));
        for (int i = 0; items && i < items->rowCount(); ++i) // templates need a dataflow
            items->item(i)->setEnabled(i < int(std::size(mapping::kAllDataflows)) || search);
        m_dataflow->setEnabled(s.mode != search::EvaluationPolicy::Mode::BestTemplate);
        m_dataflow->setToolTip(tr(kDataflowTip));
        m_mode->setEnabled(true);
        m_mode->setToolTip(tr(kModeTip));
        m_peMode->setToolTip(tr(kPeModeTip));
    }
    // The box says what every operand runs at, so it agrees with the inspector: one name when they
    // agree, else an entry naming all three (TPU: int8 operands, int16 partial sums).
    while (m_precision->count() > int(std::size(kPrecisions))) m_precision->removeItem(m_precision->count() - 1);
    const auto name = [&](workload::Operand o) {
        return QString::fromStdString(archscape::toString(acc.precision[o]));
    };
    const QString w = name(workload::Operand::Weight), i = name(workload::Operand::Input),
                  o = name(workload::Operand::Output);
    const int uniform = w == i && i == o ? m_precision->findText(w) : -1;
    if (uniform >= 0) {
        m_precision->setCurrentIndex(uniform);
    } else {
        m_precision->addItem(tr("weights %1 · inputs %2 · outputs %3").arg(w, i, o));
        m_precision->setCurrentIndex(m_precision->count() - 1);
    }
    const int tech = m_technology->findData(acc.tech_node_nm);
    if (tech < 0) m_technology->addItem(tr("%1 nm").arg(acc.tech_node_nm), acc.tech_node_nm);
    m_technology->setCurrentIndex(m_technology->findData(acc.tech_node_nm));
}

void HardwarePanel::edit(AcceleratorField field, double value) {
    hardware::Accelerator acc = m_accelerator;
    if (!setFieldValue(acc, field, value)) return;
    Q_EMIT acceleratorEdited(acc, editText(acc, field), field);
}

} // namespace archscape::widgets
