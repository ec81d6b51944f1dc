#pragma once
// The selected layer's mapping under the current design, in readable form.
#include <QTextBrowser>

#include "design_view.h"

namespace archscape::widgets {

class MappingInspector : public QTextBrowser, public DesignView {
    Q_OBJECT
public:
    explicit MappingInspector(QWidget* parent = nullptr);

    /// On new costs or another selected layer, rebuilds the text now if the inspector is visible,
    /// else when it is next shown: laying out the HTML takes ~30 ms, too long to spend on a hidden
    /// tab at every evaluation.
    void showDesign(const DesignSnapshot& snapshot) override;

protected:
    void showEvent(QShowEvent* event) override;

private:
    void rebuild();

    DesignSnapshot m_design; // as last shown
    bool m_stale = true;
};

} // namespace archscape::widgets
