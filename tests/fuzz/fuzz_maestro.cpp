#include "fuzz_input.h"
#include "io/maestro_dataflow.h"
#include "io/maestro_hardware.h"
#include "io/maestro_mapping.h"

// The .m dataflow reader, each layer's conversion to an Archscape layer and mapping, and the
// hardware reader, on the same bytes.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string t = archscape::fuzz::text(data, size);
    if (auto net = archscape::io::parseMaestroMapping(t); net.ok())
        for (const auto& l : net.value->layers)
            if (auto layer = archscape::io::maestroLayer(l); layer.ok()) (void)layer;
    (void)archscape::io::parseMaestroHardware(t);
    return 0;
}
