#pragma once
// The shipped presets the benchmarks run on, read once; a preset that does not read aborts the benchmark
// with the reader's diagnostics (a benchmark of a broken preset measures nothing).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "io/accelerator_json.h"
#include "io/workload_json.h"

namespace archscape::bench {

template <class T>
T presetOrDie(ParseResult<T> r, const std::string& path) {
    if (!r.ok()) {
        std::fputs(formatDiagnostics(path, r.errors).c_str(), stderr);
        std::abort();
    }
    return std::move(*r.value);
}

/// presets/workloads/NAME.json.
inline workload::Network presetWorkload(const std::string& name) {
    const std::string path = std::string(ARCHSCAPE_PRESETS_DIR) + "/workloads/" + name + ".json";
    return presetOrDie(io::readWorkloadFile(path), path);
}

/// presets/accelerators/NAME.json.
inline hardware::Accelerator presetAccelerator(const std::string& name) {
    const std::string path = std::string(ARCHSCAPE_PRESETS_DIR) + "/accelerators/" + name + ".json";
    return presetOrDie(io::readAcceleratorFile(path), path);
}

} // namespace archscape::bench
