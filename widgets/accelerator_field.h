#pragma once
// The accelerator's editable parameters as one typed table: what the hardware panel shows a control
// for, what the architecture canvas edits in place, and what the undo stack merges consecutive edits
// of. One entry per parameter holds its getter/setter on hardware::Accelerator, label, unit and range.
#include <QString>

#include <cstdint>
#include <vector>

#include "hardware/accelerator.h"

namespace archscape::widgets {

/// One editable parameter of an accelerator; the level ones name the memory level too.
struct AcceleratorField {
    enum class Parameter : std::uint8_t {
        PeRows,
        PeCols,
        NocBandwidth, ///< words per cycle, 0 = unlimited
        Clock,        ///< MHz
        LevelCapacity,
        LevelBandwidth, ///< words per cycle, 0 = unlimited
        Precision,      ///< every operand's precision (a choice, not a number)
        Technology,     ///< nm
        PeMode,
        SystolicDataflow, ///< systolic accelerators' os/ws/is (a choice, hardware::SystolicDataflow index)
    };
    Parameter parameter = Parameter::PeRows;
    int level = -1; ///< memory level index, for LevelCapacity and LevelBandwidth only

    /// Name of the control (its objectName, stable for tests and settings): "pe.rows", "pe.cols",
    /// "noc.bandwidth", "clock", "level.<i>.capacity", "level.<i>.bandwidth", "precision",
    /// "technology", "pe.mode", "systolic.dataflow".
    QString key() const;
    /// Undo-merge id, distinct for every field and > 0 (QUndoCommand::id()).
    int mergeId() const;
    /// Whether value() and setValue() apply (every parameter but Precision).
    bool numeric() const { return parameter != Parameter::Precision; }

    friend bool operator==(const AcceleratorField&, const AcceleratorField&) = default;
};

/// How a numeric field is shown and bounded.
struct FieldSpec {
    QString label;
    QString suffix; ///< unit as the spin box shows it, e.g. " MHz"
    double min = 0;
    double max = 0;
    bool log_scale = false;
    QString special_min_text; ///< shown instead of the minimum, e.g. "unlimited" for a bandwidth of 0
    bool bytes = false;       ///< a capacity, shown and typed in B / KiB / MiB
};

/// Label, unit and range of a slider-controlled field.
FieldSpec fieldSpec(AcceleratorField field);
/// What the field means on `acc`, for its tooltip: bandwidths name the word they count ("words per
/// cycle; a GlobalBuffer word is 16 bits").
QString fieldToolTip(const hardware::Accelerator& acc, AcceleratorField field);
/// The field's value on `acc` (PE mode as its enum index); 0 for Precision or a missing level.
double fieldValue(const hardware::Accelerator& acc, AcceleratorField field);
/// Sets the field on `acc` (rounded where the parameter is an integer); false for Precision or a
/// missing level (then `acc` is unchanged).
bool setFieldValue(hardware::Accelerator& acc, AcceleratorField field, double value);
/// Undo text of an edit that left `acc` with its new value, e.g. "PE rows 16", "GlobalBuffer capacity".
QString editText(const hardware::Accelerator& acc, AcceleratorField field);
/// Why the cost engine of `acc`'s kind ignores `field` (e.g. a systolic array's NoC bandwidth: SCALE-Sim
/// has no NoC), or an empty string when the field changes its results. The panel locks ignored
/// controls with this as their tooltip instead of letting edits do nothing.
QString ignoredReason(const hardware::Accelerator& acc, AcceleratorField field);
/// The slider fields of the PE array box, in panel order.
std::vector<AcceleratorField> arrayFields();
/// The slider fields of memory level `level` of `acc`, in panel order (DRAM has no capacity).
std::vector<AcceleratorField> levelFields(const hardware::Accelerator& acc, int level);

} // namespace archscape::widgets
