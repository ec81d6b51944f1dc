#pragma once
#include <QUndoCommand>

#include <functional>
#include <utility>

namespace archscape::app {

/// One undoable change of a Session value other than the accelerator (the workload, the mapping
/// settings, the design space): the value before and after, and the Session slot that applies it.
template <class T>
class ValueEditCommand : public QUndoCommand {
public:
    using Apply = std::function<void(const T&)>;
    ValueEditCommand(T before, T after, Apply apply, const QString& text)
        : m_before(std::move(before)), m_after(std::move(after)), m_apply(std::move(apply)) {
        setText(text);
    }
    void undo() override { m_apply(m_before); }
    void redo() override { m_apply(m_after); }

private:
    T m_before;
    T m_after;
    Apply m_apply;
};

} // namespace archscape::app
