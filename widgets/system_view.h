#pragma once
// The one interface through which the shell updates a system view (system_snapshot.h).
#include "system_snapshot.h"

namespace archscape::widgets {

class SystemView {
public:
    virtual ~SystemView() = default;
    /// Shows the system; `snapshot.changed` says which parts differ from the previous call.
    virtual void showSystem(const SystemSnapshot& snapshot) = 0;
};

} // namespace archscape::widgets
