#pragma once
// qcustomplot.h uses Qt's `signals` and `foreach` keywords, which QT_NO_KEYWORDS (set because
// they clash with oneTBB) removes; spell them for it and take them back afterwards.
#define signals Q_SIGNALS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef foreach
