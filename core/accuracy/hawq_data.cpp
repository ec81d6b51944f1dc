#include "accuracy/hawq_data.h"

#include <cstdlib>

#include "accuracy/csv_table.h"

namespace archscape::accuracy {

ParseResult<std::vector<HawqLayer>> readHawqLayers(const std::string& path) {
    auto csv = readCsv(path);
    if (!csv.ok()) return ParseResult<std::vector<HawqLayer>>::failure(std::move(csv.errors));
    const CsvTable& t = *csv.value;
    CsvReader r(t);
    const int key = r.require("layer_key"), k = r.require("K"), c = r.require("C"), rr = r.require("R"),
              s = r.require("S"), st = r.require("stride"), p = r.require("P"), q = r.require("Q"),
              tr = r.require("hessian_trace_per_param"), d8 = r.require("delta_w_sq_8bit"),
              d4 = r.require("delta_w_sq_4bit"), par = r.require("parameters"), mac = r.require("macs"),
              l8 = r.require("latency_int8_ms_t4"), l4 = r.require("latency_int4_ms_t4");
    if (!r.errors().empty()) return ParseResult<std::vector<HawqLayer>>::failure(std::move(r.errors()));
    std::vector<HawqLayer> layers;
    for (int i = 0; i < static_cast<int>(t.rows.size()); ++i) {
        HawqLayer l;
        l.key = r.text(i, key);
        l.K = r.integer(i, k);
        l.C = r.integer(i, c);
        l.R = r.integer(i, rr);
        l.S = r.integer(i, s);
        l.P = r.integer(i, p);
        l.Q = r.integer(i, q);
        l.stride = static_cast<int>(r.integer(i, st));
        l.trace_per_param = r.number(i, tr);
        l.delta_w_sq_8bit = r.number(i, d8);
        l.delta_w_sq_4bit = r.number(i, d4);
        l.parameters = r.integer(i, par);
        l.macs = r.integer(i, mac);
        l.latency_int8_ms = r.number(i, l8);
        l.latency_int4_ms = r.number(i, l4);
        if (l.K < 1 || l.C < 1 || l.R < 1 || l.S < 1 || l.P < 1 || l.Q < 1 || l.stride < 1)
            r.errors().push_back({"line " + std::to_string(t.row_line[i]), "K, C, R, S, P, Q and stride must be >= 1"});
        if (l.trace_per_param < 0 || l.delta_w_sq_8bit <= 0 || l.delta_w_sq_4bit <= 0)
            r.errors().push_back(
                {"line " + std::to_string(t.row_line[i]), "trace must be >= 0 and quantization errors > 0"});
        layers.push_back(std::move(l));
    }
    if (layers.empty()) r.errors().push_back({"line 2", "no layer rows"});
    if (!r.errors().empty()) return ParseResult<std::vector<HawqLayer>>::failure(std::move(r.errors()));
    return ParseResult<std::vector<HawqLayer>>::success(std::move(layers));
}

ParseResult<std::vector<HawqConfig>> readHawqConfigs(const std::string& path) {
    auto csv = readCsv(path);
    if (!csv.ok()) return ParseResult<std::vector<HawqConfig>>::failure(std::move(csv.errors));
    const CsvTable& t = *csv.value;
    CsvReader r(t);
    const int net = r.require("network"), key = r.require("bit_config_key"), sch = r.require("model_zoo_scheme"),
              top1 = r.require("top1"), base = r.require("baseline_top1"), size = r.require("size_mb"),
              bops = r.require("bops_g"), bits = r.require("layer_bits");
    if (!r.errors().empty()) return ParseResult<std::vector<HawqConfig>>::failure(std::move(r.errors()));
    std::vector<HawqConfig> configs;
    for (int i = 0; i < static_cast<int>(t.rows.size()); ++i) {
        HawqConfig c;
        c.network = r.text(i, net);
        c.key = r.text(i, key);
        c.scheme = r.text(i, sch);
        c.top1 = r.number(i, top1);
        c.baseline_top1 = r.number(i, base);
        c.size_mb = r.number(i, size);
        c.bops_g = r.number(i, bops);
        const std::string& s = r.text(i, bits);
        for (std::size_t pos = 0; pos < s.size();) {
            char* end = nullptr;
            const long b = std::strtol(s.c_str() + pos, &end, 10);
            if (end == s.c_str() + pos || b < 2 || b > 16) {
                r.errors().push_back({"line " + std::to_string(t.row_line[i]),
                                      "column 'layer_bits': expected comma-separated bit widths 2..16"});
                break;
            }
            c.bits.push_back(static_cast<int>(b));
            pos = static_cast<std::size_t>(end - s.c_str());
            if (pos < s.size() && s[pos] == ',') ++pos;
        }
        configs.push_back(std::move(c));
    }
    if (!r.errors().empty()) return ParseResult<std::vector<HawqConfig>>::failure(std::move(r.errors()));
    return ParseResult<std::vector<HawqConfig>>::success(std::move(configs));
}

} // namespace archscape::accuracy
