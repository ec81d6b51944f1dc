#include "io/fpga_resources_json.h"

#include <cmath>

namespace archscape::io {

nlohmann::json toJson(const hardware::FpgaResources& r, const hardware::Accelerator& acc) {
    nlohmann::json j = nlohmann::json::object();
    for (hardware::FpgaResource x : hardware::kAllFpgaResources)
        j[std::string(hardware::keyOf(x))] = {
            {"used", r.usedOf(x)}, {"available", r.availableOf(x)}, {"utilization", r.utilization(x)}};
    j["filter_cache_brams"] = r.filter_cache_brams;
    j["stream_buffer_brams"] = r.stream_buffer_brams;
    j["products_per_dsp"] = r.products_per_dsp;
    j["alms_per_mac"] = r.alms_per_mac;
    j["bram_compute"] = std::string(hardware::toString(acc.fpga.bram_compute));
    j["cib_area_percent"] =
        std::isnan(r.cib_area_percent) ? nlohmann::json(nullptr) : nlohmann::json(r.cib_area_percent);
    const auto over = r.exceeded();
    j["exceeds"] = over ? nlohmann::json(std::string(hardware::toString(*over))) : nlohmann::json(nullptr);
    return j;
}

} // namespace archscape::io
