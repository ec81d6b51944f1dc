#include "system_inputs.h"

#include <iostream>

#include "args.h"
#include "inputs.h"
#include "io/preset_catalog.h"
#include "io/system_json.h"
#include "io/workload_mix_json.h"
#include "schedule/exact_scheduler.h"
#include "schedule/herald_scheduler.h"
#include "schedule/list_scheduler.h"

namespace archscape::cli {

namespace {

/// The first of `kinds` under which `name_or_path` resolves, read with `read`.
template <class T, class Read>
T load(const std::vector<std::string>& kinds, const std::string& name_or_path, Read read) {
    for (const std::string& kind : kinds) {
        const auto path = io::resolvePreset(kind, name_or_path);
        if (!path) continue;
        auto r = read(*path);
        if (!r.ok()) throw CliError(diagnosticsMessage(*path, r.errors));
        return std::move(*r.value);
    }
    std::string known;
    for (const std::string& kind : kinds)
        for (const auto& p : io::listPresets(kind)) known += (known.empty() ? "" : ", ") + p;
    throw CliError(name_or_path + ": no such file or preset (presets: " + known + ")");
}

} // namespace

search::SystemDesign loadSystemDesign(const std::string& name_or_path) {
    return load<search::SystemDesign>({"systems", "accelerators"}, name_or_path,
                                      [](const std::string& p) { return io::readSystemFile(p); });
}

workload::WorkloadMix loadWorkloadMix(const std::string& name_or_path, double clock_mhz) {
    return load<workload::WorkloadMix>({"mixes", "workloads"}, name_or_path, [clock_mhz](const std::string& p) {
        return io::readWorkloadMixFile(p, clock_mhz);
    });
}

void checkSchedulerName(const std::string& name) {
    if (name != "baseline" && name != "herald" && name != "exact")
        throw CliError(std::string("--scheduler: expected ") + kSchedulerNames + ", got '" + name + "'");
}

schedule::SystemSchedule runScheduler(const schedule::ScheduleProblem& problem, const std::string& name,
                                      const std::string& command) {
    checkSchedulerName(name);
    if (name == "baseline") return schedule::baselineSchedule(problem);
    if (name == "herald") return schedule::heraldSchedule(problem);
    const auto r = schedule::exactSchedule(problem);
    if (!r)
        throw CliError("--scheduler exact: the mix has " + std::to_string(problem.tasks.size()) +
                       " layers in all; the exact solver takes at most 14 (use baseline or herald)");
    if (!r->optimal)
        std::cerr << "archscape-cli " << command << ": exact search stopped at its node limit; not proven optimal\n";
    return r->schedule;
}

} // namespace archscape::cli
