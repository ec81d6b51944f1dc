// Shared fixtures of the template-engine tests (tst_butterfly, tst_product_quantization): a
// two-level engine, DRAM of 8-bit words and one on-chip buffer, both of unlimited bandwidth.
#pragma once
#include <string>

#include "hardware/accelerator.h"

namespace archscape::test {

/// What differs between the template engines the tests build.
struct TemplateEngine {
    hardware::AcceleratorKind kind = hardware::AcceleratorKind::Lookup;
    std::string name;
    int rows = 1, cols = 1, macs_per_pe = 1;
    workload::PerOperand<Precision> precision{Precision::integer(8), Precision::integer(8), Precision::integer(16)};
    std::string buffer_name;
    std::int64_t buffer_bytes = 0;
    int buffer_word_bits = 8;
};

/// The accelerator: DRAM (level 0, 8-bit words) and the named buffer (level 1).
inline hardware::Accelerator templateEngine(const TemplateEngine& e) {
    hardware::Accelerator a;
    a.name = e.name;
    a.kind = e.kind;
    a.pe.rows = e.rows;
    a.pe.cols = e.cols;
    a.pe.macs_per_pe = e.macs_per_pe;
    a.precision = e.precision;
    hardware::MemoryLevel dram;
    dram.name = "DRAM";
    dram.kind = hardware::MemoryKind::Dram;
    dram.word_bits = 8;
    hardware::MemoryLevel buffer;
    buffer.name = e.buffer_name;
    buffer.kind = hardware::MemoryKind::Sram;
    buffer.capacity_bytes = e.buffer_bytes;
    buffer.word_bits = e.buffer_word_bits;
    a.levels = {dram, buffer};
    return a;
}

} // namespace archscape::test
