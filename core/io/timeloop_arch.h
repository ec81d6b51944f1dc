#pragma once
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "common/parse_result.h"
#include "hardware/accelerator.h"

namespace archscape::io {

/// A container (or component) with a spatial fan-out: a target for spatial mapping directives.
struct TimeloopFanout {
    std::string name;
    int mesh_x = 1;
    int mesh_y = 1;
};

/// A Timeloop architecture read as an Archscape accelerator.
struct TimeloopArch {
    hardware::Accelerator acc;
    std::vector<TimeloopFanout> fanouts; ///< outermost first; all sit just above the first per-PE level
    std::vector<std::string> notes;      ///< what was approximated or not imported, for the user
};

/// Reads a Timeloop v0.4 `architecture:` (a `nodes` list of !Container, !Component, !Parallel and
/// !Hierarchical). Storage components become memory levels, outermost first (the children of a
/// !Parallel become consecutive levels in their listed order, as Timeloop orders them); the
/// containers with `spatial: {meshX, meshY}` form the PE array (X → columns, Y → rows) and every
/// storage below them is per PE; the last compute component is the MAC. Word counts follow
/// Timeloop: a level holds depth·width/datawidth words of `block_size` = width/datawidth words per
/// access. Archscape has one precision per tensor, taken from the outermost level's datawidth;
/// levels with another datawidth keep their capacity in words (a note says so). Dataspace
/// keep/bypass constraints become MemoryLevel::keeps; other mapspace constraints and bandwidths
/// are listed in `notes`. Structural keys are checked (unknown ones are errors, with their line);
/// `attributes` are open, as in Accelergy.
ParseResult<TimeloopArch> parseTimeloopArch(const YAML::Node& root);

/// Applies an Accelergy energy table (`ERT` or `ERT_summary`, e.g. timeloop-model.ERT_summary.yaml)
/// to the accelerator: each storage level gets read, write (= Timeloop's fill and update) and leak
/// energies, the MAC gets `compute` (or `mac_random`). The NoC hop energy is set to 0, as Timeloop's
/// default network charges nothing. Entries are matched by component name ("System.GlobalBuffer[1..16]"
/// matches level "GlobalBuffer"); a level without an entry is an error.
std::vector<Diagnostic> applyTimeloopErt(const YAML::Node& root, hardware::Accelerator& acc);

/// A Timeloop v0.4 architecture for the accelerator: a top container with technology and clock,
/// one component per level (DRAM class for DRAM, SRAM, regfile), a `PE` container with the array's
/// meshX = columns and meshY = rows above the first per-PE level, and an intmac.
std::string writeTimeloopArch(const hardware::Accelerator& acc);

} // namespace archscape::io
