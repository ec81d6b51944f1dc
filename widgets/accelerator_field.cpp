#include "accelerator_field.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace archscape::widgets {

namespace {

using P = AcceleratorField::Parameter;

QString tr(const char* text) { return QCoreApplication::translate("AcceleratorField", text); }

bool hasLevel(const hardware::Accelerator& acc, AcceleratorField f) {
    return f.level >= 0 && f.level < acc.numLevels();
}

} // namespace

QString AcceleratorField::key() const {
    switch (parameter) {
    case P::PeRows: return QStringLiteral("pe.rows");
    case P::PeCols: return QStringLiteral("pe.cols");
    case P::NocBandwidth: return QStringLiteral("noc.bandwidth");
    case P::Clock: return QStringLiteral("clock");
    case P::LevelCapacity: return QStringLiteral("level.%1.capacity").arg(level);
    case P::LevelBandwidth: return QStringLiteral("level.%1.bandwidth").arg(level);
    case P::Precision: return QStringLiteral("precision");
    case P::Technology: return QStringLiteral("technology");
    case P::PeMode: return QStringLiteral("pe.mode");
    case P::SystolicDataflow: return QStringLiteral("systolic.dataflow");
    }
    return {};
}

int AcceleratorField::mergeId() const {
    // Parameters without a level take 1..9; level fields interleave above them, two per level.
    const int p = int(parameter);
    if (parameter == P::LevelCapacity || parameter == P::LevelBandwidth)
        return 16 + 2 * std::max(level, 0) + (parameter == P::LevelBandwidth ? 1 : 0);
    return 1 + p;
}

FieldSpec fieldSpec(AcceleratorField field) {
    switch (field.parameter) {
    case P::PeRows: return {.label = tr("Rows"), .min = 1, .max = 256};
    case P::PeCols: return {.label = tr("Columns"), .min = 1, .max = 256};
    case P::NocBandwidth:
        return {.label = tr("NoC bandwidth"),
                .suffix = tr(" w/cyc"),
                .min = 0,
                .max = 4096,
                .log_scale = true,
                .special_min_text = tr("unlimited")};
    case P::Clock: return {.label = tr("Clock"), .suffix = tr(" MHz"), .min = 50, .max = 3000, .log_scale = true};
    case P::LevelCapacity:
        return {.label = tr("Capacity"), .min = 16, .max = double(64 << 20), .log_scale = true, .bytes = true};
    case P::LevelBandwidth:
        return {.label = tr("Bandwidth"),
                .suffix = tr(" w/cyc"),
                .min = 0,
                .max = 4096,
                .log_scale = true,
                .special_min_text = tr("unlimited")};
    case P::Technology: return {.label = tr("Technology"), .suffix = tr(" nm"), .min = 1, .max = 250};
    case P::PeMode: return {.label = tr("PE mode"), .min = 0, .max = 2};
    case P::Precision: return {.label = tr("Precision")};
    case P::SystolicDataflow: return {.label = tr("Systolic dataflow"), .min = 0, .max = 2};
    }
    return {};
}

QString fieldToolTip(const hardware::Accelerator& acc, AcceleratorField field) {
    switch (field.parameter) {
    case P::NocBandwidth:
        return tr(
            "NoC bandwidth in words per cycle (a word is one operand value at its precision); "
            "unlimited at the slider's left end");
    case P::LevelBandwidth:
        if (!hasLevel(acc, field)) return {};
        return tr("%1 bandwidth in words per cycle (word = %2 bits), all reads and writes; unlimited at the "
                  "slider's left end")
            .arg(QString::fromStdString(acc.levels[field.level].name))
            .arg(acc.levels[field.level].word_bits);
    case P::LevelCapacity:
        if (!hasLevel(acc, field)) return {};
        return tr("%1 capacity%2; type e.g. 64k, 64 KiB, 1.5 MiB or 1M")
            .arg(QString::fromStdString(acc.levels[field.level].name),
                 acc.levels[field.level].per_pe ? tr(" per PE") : QString());
    default: return {};
    }
}

double fieldValue(const hardware::Accelerator& acc, AcceleratorField field) {
    switch (field.parameter) {
    case P::PeRows: return acc.pe.rows;
    case P::PeCols: return acc.pe.cols;
    case P::NocBandwidth: return acc.noc.bandwidth_words_per_cycle;
    case P::Clock: return acc.clock_mhz;
    case P::LevelCapacity: return hasLevel(acc, field) ? double(acc.levels[field.level].capacity_bytes) : 0;
    case P::LevelBandwidth: return hasLevel(acc, field) ? acc.levels[field.level].bandwidth_words_per_cycle : 0;
    case P::Technology: return acc.tech_node_nm;
    case P::PeMode: return int(acc.pe.mode);
    case P::SystolicDataflow: return int(acc.systolic_dataflow);
    case P::Precision: return 0;
    }
    return 0;
}

bool setFieldValue(hardware::Accelerator& acc, AcceleratorField field, double value) {
    switch (field.parameter) {
    case P::PeRows: acc.pe.rows = int(value); return true;
    case P::PeCols: acc.pe.cols = int(value); return true;
    case P::NocBandwidth: acc.noc.bandwidth_words_per_cycle = value; return true;
    case P::Clock: acc.clock_mhz = value; return true;
    case P::LevelCapacity:
        if (!hasLevel(acc, field)) return false;
        acc.levels[field.level].capacity_bytes = std::llround(value);
        return true;
    case P::LevelBandwidth:
        if (!hasLevel(acc, field)) return false;
        acc.levels[field.level].bandwidth_words_per_cycle = value;
        return true;
    case P::Technology: acc.tech_node_nm = int(std::lround(value)); return true;
    case P::PeMode: acc.pe.mode = hardware::PeMode(int(value)); return true;
    case P::SystolicDataflow:
        acc.systolic_dataflow = hardware::SystolicDataflow(std::clamp(int(std::lround(value)), 0, 2));
        return true;
    case P::Precision: return false;
    }
    return false;
}

QString editText(const hardware::Accelerator& acc, AcceleratorField field) {
    const QString level = hasLevel(acc, field) ? QString::fromStdString(acc.levels[field.level].name) : QString();
    switch (field.parameter) {
    case P::PeRows: return tr("PE rows %1").arg(acc.pe.rows);
    case P::PeCols: return tr("PE columns %1").arg(acc.pe.cols);
    case P::NocBandwidth: return tr("NoC bandwidth");
    case P::Clock: return tr("clock %1 MHz").arg(acc.clock_mhz);
    case P::LevelCapacity: return tr("%1 capacity").arg(level);
    case P::LevelBandwidth: return tr("%1 bandwidth").arg(level);
    case P::Technology: return tr("technology %1 nm").arg(acc.tech_node_nm);
    case P::PeMode: return tr("PE mode");
    case P::SystolicDataflow:
        return tr("systolic dataflow %1").arg(QString::fromLatin1(hardware::toString(acc.systolic_dataflow).data()));
    case P::Precision: return tr("precision");
    }
    return {};
}

QString ignoredReason(const hardware::Accelerator& acc, AcceleratorField field) {
    if (acc.kind == hardware::AcceleratorKind::Systolic) {
        // What the systolic engine reads (model/systolic_model.cpp, docs/systolic.md): the array, the
        // clock, the shared SRAMs' capacities and DRAM's bandwidth.
        switch (field.parameter) {
        case P::NocBandwidth:
            return tr(
                "Systolic arrays forward operands between neighbouring PEs: SCALE-Sim's model has no NoC "
                "bandwidth.");
        case P::LevelBandwidth:
            if (field.level > 0)
                return tr(
                    "The systolic model (SCALE-Sim) reads its SRAMs at the array's demand; only DRAM's "
                    "bandwidth can stall it.");
            break;
        case P::LevelCapacity:
            if (hasLevel(acc, field) && acc.levels[field.level].per_pe)
                return tr(
                    "The systolic model (SCALE-Sim) keeps each PE's operand in the PE itself: a per-PE "
                    "buffer's size changes nothing.");
            break;
        default: break;
        }
    } else if (field.parameter == P::SystolicDataflow) {
        return tr("Only systolic accelerators have a systolic dataflow.");
    }
    return {};
}

std::vector<AcceleratorField> arrayFields() { return {{P::PeRows}, {P::PeCols}, {P::NocBandwidth}, {P::Clock}}; }

std::vector<AcceleratorField> levelFields(const hardware::Accelerator& acc, int level) {
    std::vector<AcceleratorField> fields;
    if (level < 0 || level >= acc.numLevels()) return fields;
    if (acc.levels[level].kind != hardware::MemoryKind::Dram) fields.push_back({P::LevelCapacity, level});
    fields.push_back({P::LevelBandwidth, level});
    return fields;
}

} // namespace archscape::widgets
