#pragma once
// Texts the system views, the status bar and the report share.
#include <QString>

#include "schedule/schedule_problem.h"
#include "search/design_evaluation.h"

namespace archscape::widgets {

/// A unit's evaluation policy in a few words: "kc-p template", "best template", "mapper search (rs)".
QString unitPolicyText(const search::EvaluationPolicy& policy);
/// The network of a task, with its instance when the entry has several: "resnet50", "unet#1" (as
/// `archscape-cli schedule` prints it).
QString taskNetworkText(const schedule::ScheduleProblem& problem, int task);
/// The task's network and layer: "resnet50 · conv1".
QString taskText(const schedule::ScheduleProblem& problem, int task);

} // namespace archscape::widgets
