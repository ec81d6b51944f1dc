#include "fuzz_input.h"
#include "io/timeloop_arch.h"
#include "io/timeloop_problem.h"
#include "io/timeloop_yaml.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto y = archscape::io::parseYaml(archscape::fuzz::text(data, size));
    if (!y.ok()) return 0;
    (void)archscape::io::parseTimeloopProblem(*y.value);
    (void)archscape::io::parseTimeloopArch(*y.value);
    return 0;
}
