#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "workload/dim.h"

namespace archscape::hardware {

/// The technology of a storage level; it selects the energy and area model.
enum class MemoryKind : std::uint8_t { Dram, Sram, RegFile };

std::string_view toString(MemoryKind k);
std::optional<MemoryKind> parseMemoryKind(std::string_view s);

/// One level of the memory hierarchy (DRAM, a global buffer, a register file...).
struct MemoryLevel {
    std::string name;
    MemoryKind kind = MemoryKind::Sram;
    std::int64_t capacity_bytes = 0;        ///< per instance; 0 = unbounded (DRAM)
    int word_bits = 8;                      ///< bits of one word
    int block_words = 1;                    ///< words per access (vector width)
    double bandwidth_words_per_cycle = 0.0; ///< per instance, all reads and writes; 0 = unlimited
    bool double_buffered = false;           ///< transfers overlap compute (roofline) when true
    bool per_pe = false;                    ///< replicated in every PE (below the array fan-out)
    workload::PerOperand<bool> keeps = workload::PerOperand<bool>::filled(true); ///< false = bypassed

    // Overrides of the technology model; unset = derived from kind, capacity and node.
    std::optional<double> read_energy_pj;    ///< per access of block_words words
    std::optional<double> write_energy_pj;   ///< per access of block_words words
    std::optional<double> leak_pj_per_cycle; ///< per instance
    std::optional<double> area_um2;          ///< per instance
};

} // namespace archscape::hardware
