#pragma once
// What the system views show (the system canvas, the Gantt chart, the system Pareto chart): the open
// system with its units' policies, the workload mix, the last schedule of the mix on the system, the
// selected task and the explored systems. The shell builds one from the SystemSession after every
// change; views keep what they need and answer with intents.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "schedule/schedule_problem.h"
#include "schedule/system_schedule.h"
#include "search/evaluated_design.h"
#include "search/system_design.h"
#include "workload/workload_mix.h"

namespace archscape::widgets {

struct SystemSnapshot {
    /// The parts that changed since the previous snapshot.
    enum Change : std::uint32_t {
        SystemChanged = 1 << 0,    ///< another system or an edit of it (the canvas redraws)
        MixChanged = 1 << 1,       ///< another workload mix
        ScheduleChanged = 1 << 2,  ///< a new schedule arrived (`evaluation`)
        SelectionChanged = 1 << 3, ///< `selected_task`
        DesignsChanged = 1 << 4,   ///< explored systems appended from `designs_first`, or replaced (0)
        CurrentDesignChanged = 1 << 5,
        Everything = 0xffffffffu,
    };
    std::uint32_t changed = Everything;

    std::shared_ptr<const search::SystemDesign> design; ///< null: no system open
    std::shared_ptr<const workload::WorkloadMix> mix;   ///< null: no mix open
    /// The last schedule and the problem it solves (tasks, names, per-(layer, unit) costs); older than
    /// `design` while a new one is being computed, null before the first (both or neither).
    std::shared_ptr<const schedule::ScheduleProblem> problem;
    std::shared_ptr<const schedule::SystemSchedule> schedule;
    std::string scheduler;   ///< of `schedule`: "baseline", "herald" or "exact"
    double area_um2 = 0;     ///< hardware::areaUm2 of the scheduled system
    double clock_mhz = 1000; ///< the system clock (every unit's)
    int selected_task = -1;  ///< index into problem->tasks, -1 = none

    /// Explored systems, in arrival order, as the Pareto chart plots them (the list belongs to the
    /// shell and outlives the views). Null = none.
    const std::vector<search::EvaluatedDesign>* designs = nullptr;
    int designs_first = 0;
    int current_design = -1;

    bool has(Change c) const { return (changed & c) != 0; }
    bool scheduled() const { return problem && schedule; }
    double makespanSeconds() const { return schedule ? schedule->makespan_cycles / (clock_mhz * 1e6) : 0.0; }
    double energyJ() const { return schedule ? schedule->energy_pj * 1e-12 : 0.0; }
};

} // namespace archscape::widgets
