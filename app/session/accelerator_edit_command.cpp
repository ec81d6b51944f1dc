#include "accelerator_edit_command.h"

#include <QDateTime>

#include "session.h"

namespace archscape::app {

AcceleratorEditCommand::AcceleratorEditCommand(Session* session, hardware::Accelerator before,
                                               hardware::Accelerator after, const QString& text, int field)
    : m_session(session),
      m_before(std::move(before)),
      m_after(std::move(after)),
      m_field(field),
      m_lastEditMs(QDateTime::currentMSecsSinceEpoch()) {
    setText(text);
}

void AcceleratorEditCommand::undo() { m_session->setAccelerator(m_before); }

void AcceleratorEditCommand::redo() { m_session->setAccelerator(m_after); }

bool AcceleratorEditCommand::mergeWith(const QUndoCommand* other) {
    if (other->id() != id()) return false;
    const auto* o = static_cast<const AcceleratorEditCommand*>(other);
    if (o->m_lastEditMs - m_lastEditMs > 1000) return false;
    m_lastEditMs = o->m_lastEditMs;
    m_after = o->m_after;
    setText(o->text());
    return true;
}

} // namespace archscape::app
