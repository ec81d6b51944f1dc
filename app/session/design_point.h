#pragma once
#include "search/evaluated_design.h"

namespace archscape::app {

/// The Session's and the project file's name for an explored design (the type lives in core so that
/// views can show it without seeing the Session).
using DesignPoint = search::EvaluatedDesign;

} // namespace archscape::app
