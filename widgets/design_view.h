#pragma once
// The one interface through which the shell updates a view: adding a chart is a new class that
// implements showDesign() plus one line in the main window that adds it to the views.
#include "design_snapshot.h"

namespace archscape::widgets {

class DesignView {
public:
    virtual ~DesignView() = default;
    /// Shows the design; `snapshot.changed` says which parts differ from the previous call. Called on
    /// the UI thread after every change of the Session (cheap when nothing the view shows changed).
    virtual void showDesign(const DesignSnapshot& snapshot) = 0;
};

} // namespace archscape::widgets
