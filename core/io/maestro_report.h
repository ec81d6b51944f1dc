#pragma once
#include <string>
#include <vector>

#include "model/maestro_problem.h"
#include "model/maestro_result.h"

namespace archscape::io {

/// One layer of a MAESTRO report: its names as MAESTRO prints them and its analysis.
struct MaestroReportRow {
    std::string network; ///< MAESTRO's network name (last '-'-separated piece)
    std::string layer;   ///< MAESTRO's layer name
    model::MaestroResult result;
    int levels = 1; ///< cluster levels of the layer's dataflow (the CSV energy depends on it)
};

/// The header line of MAESTRO's `--print_res_csv_file` CSV (DSE_csv_writer.hpp at commit 4eb08d1),
/// byte for byte, without the newline.
std::string maestroCsvHeader();

/// MAESTRO's CSV: the header and one row per layer, with its columns and number formatting
/// (C++ stream defaults: 6 significant digits). Area and power follow MAESTRO's 28 nm tables for
/// the layer's required L1/L2 sizes; the energy column reproduces MAESTRO's bug (no MAC or
/// output-L2-read term; a multi-level layer takes the previous layer's L1 counts,
/// shared/reference/maestro.md §9).
std::string maestroCsv(const std::vector<MaestroReportRow>& rows, const model::MaestroConfig& config);

} // namespace archscape::io
