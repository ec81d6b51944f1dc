#include "system_text.h"

#include "format_text.h"

namespace archscape::widgets {

QString unitPolicyText(const search::EvaluationPolicy& policy) {
    const QString df = app::qstr(mapping::toString(policy.dataflow));
    switch (policy.mode) {
    case search::EvaluationPolicy::Mode::Template: return QStringLiteral("%1 template").arg(df);
    case search::EvaluationPolicy::Mode::BestTemplate: return QStringLiteral("best template");
    case search::EvaluationPolicy::Mode::MappingFile: return QStringLiteral("mapping file");
    case search::EvaluationPolicy::Mode::Search: return QStringLiteral("mapper search (%1)").arg(df);
    }
    return {};
}

QString taskNetworkText(const schedule::ScheduleProblem& problem, int task) {
    if (task < 0 || task >= int(problem.tasks.size())) return {};
    const schedule::ScheduleTask& t = problem.tasks[task];
    QString s = app::qstr(problem.network_names[t.entry]);
    if (problem.instances[t.entry] > 1) s += QStringLiteral("#%1").arg(t.instance);
    return s;
}

QString taskText(const schedule::ScheduleProblem& problem, int task) {
    if (task < 0 || task >= int(problem.tasks.size())) return {};
    const schedule::ScheduleTask& t = problem.tasks[task];
    return taskNetworkText(problem, task) + QStringLiteral(" · ") + app::qstr(problem.layer_names[t.entry][t.layer]);
}

} // namespace archscape::widgets
