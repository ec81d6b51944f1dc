#include "fuzz_input.h"
#include "project.h"

// The GUI's project reader (app/session/project.cpp is Qt-free, so the harness links it without Qt).
// A project that reads is written and read again: what the reader accepts, the writer must keep.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return archscape::fuzz::withJson(data, size, [](const nlohmann::json& j) {
        auto p = archscape::app::parseProject(j);
        if (p.ok()) (void)archscape::app::parseProject(archscape::app::toJson(*p.value));
        return p;
    });
}
