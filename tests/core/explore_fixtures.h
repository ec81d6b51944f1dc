#pragma once
// Design-space documents shared by the explorer's library tests and its CLI tests.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/search_fixtures.h"
#include "io/accelerator_json.h"
#include "test_support.h"

namespace archscape::test {

using nlohmann::json;

inline json baseAccelerator() { return io::toJson(edgeAccelerator()); }

/// A 3 x 3 x 2 x 2 = 36-point space.
inline json smallSpace() {
    return json{{"format", "archscape/design-space"},
                {"version", 1},
                {"name", "small"},
                {"base", baseAccelerator()},
                {"parameters",
                 {{"pe_rows", {4, 8, 16}},
                  {"pe_cols", {{"min", 4}, {"max", 16}, {"factor", 2}}},
                  {"levels", {{"GlobalBuffer", {{"capacity_bytes", {16384, 65536}}}}}},
                  {"clock_mhz", {200, 400}}}},
                {"mapper", {{"strategy", "decoupled"}, {"budget", 60}}}};
}

/// Σ_i Tr(H_i)/n_i · ‖ΔW_i‖² at 8 or 4 bits for every layer, read straight from the CSV (columns
/// hessian_trace_per_param, delta_w_sq_8bit, delta_w_sq_4bit), independently of the library's reader.
inline double handOmega(const std::string& network, int bits) {
    std::ifstream in(sourcePath("presets/accuracy/hawq_" + network + "_layers.csv"));
    std::string line;
    std::getline(in, line); // header
    double sum = 0;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::stringstream ss(line);
        for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
        if (cells.size() < 12) continue;
        sum += std::stod(cells[9]) * std::stod(cells[bits == 8 ? 10 : 11]);
    }
    return sum;
}

/// One 8x8 array at two precisions (or quantizations) on ResNet-18 with the hawq:resnet18 model.
inline json accuracySpace(const json& parameters) {
    return json{{"format", "archscape/design-space"},
                {"version", 1},
                {"name", "acc"},
                {"base", baseAccelerator()},
                {"accuracy", {{"model", "hawq:resnet18"}}},
                {"parameters", parameters},
                {"mapper", {{"strategy", "random"}, {"budget", 20}}}};
}

} // namespace archscape::test
