#pragma once
#include <QUndoCommand>

#include "hardware/accelerator.h"

namespace archscape::app {

class Session;

/// One undoable change of the accelerator. Consecutive edits of the same field (a slider drag)
/// merge into one step (when less than a second apart), so undo returns to where the drag began.
class AcceleratorEditCommand : public QUndoCommand {
public:
    /// `mergeId` of an edit that never merges (a loaded file, a Pareto click, a canvas drag).
    static constexpr int kNoMerge = 0;
    /// `mergeId` names the edited field (widgets::AcceleratorField::mergeId(), > 0), or kNoMerge.
    AcceleratorEditCommand(Session* session, hardware::Accelerator before, hardware::Accelerator after,
                           const QString& text, int mergeId);

    void undo() override;
    void redo() override;
    int id() const override { return m_field > 0 ? m_field : -1; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    Session* m_session;
    hardware::Accelerator m_before;
    hardware::Accelerator m_after;
    int m_field;
    qint64 m_lastEditMs;
};

} // namespace archscape::app
