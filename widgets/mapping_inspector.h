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
    void refresh();

private:
    const app::Session* m_session;
};

} // namespace archscape::widgets
