#include "fuzz_input.h"
#include "io/scalesim_config.h"
#include "io/scalesim_topology.h"

// SCALE-Sim .cfg and topology .csv (both layouts) on the same bytes.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string t = archscape::fuzz::text(data, size);
    (void)archscape::io::parseScaleSimConfig(t);
    using F = archscape::io::ScaleSimTopologyFormat;
    for (F f : {F::Auto, F::Conv, F::Gemm})
        if (auto topo = archscape::io::parseScaleSimTopology(t, "fuzz", f); topo.ok()) (void)topo.value->network();
    return 0;
}
