#pragma once
// The selected layer's mapping under the current design, in readable form.
#include <QTextBrowser>

namespace archscape::app {
class Session;
}

namespace archscape::widgets {

class MappingInspector : public QTextBrowser {
    Q_OBJECT
public:
    explicit MappingInspector(const app::Session* session, QWidget* parent = nullptr);

public Q_SLOTS:
    /// Rebuilds the text now if the inspector is visible, else when it is next shown: laying out
    /// the HTML takes ~30 ms, too long to spend on a hidden tab at every evaluation.
    void refresh();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void rebuild();

    const app::Session* m_session;
    bool m_stale = true;
};

} // namespace archscape::widgets
