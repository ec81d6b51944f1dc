#pragma once
#include <cstdint>

namespace archscape::hardware {

/// Intel's M20K embedded memory block (Arria 10 Core Fabric and General Purpose I/Os Handbook,
/// "Embedded Memory Blocks", Intel doc 683461): 20 Kibit with parity, two ports, and a fixed set
/// of depth × width aspect ratios. docs/templates.md, "M20K blocks".
struct M20kMode {
    int depth_words; ///< addresses
    int width_bits;  ///< bits per word (with parity bits)
};

/// Bits of one M20K block (512 × 40).
inline constexpr std::int64_t kM20kBits = 20480;
/// Read and write ports of one block (simple or true dual-port).
inline constexpr int kM20kPorts = 2;
/// The aspect ratios the handbook lists for the M20K: 512×40, 1K×20, 2K×10, 4K×5, 8K×2, 16K×1.
inline constexpr M20kMode kM20kModes[] = {{512, 40}, {1024, 20}, {2048, 10}, {4096, 5}, {8192, 2}, {16384, 1}};

/// M20K blocks for a buffer of `depth_words` words of `width_bits` bits: the fewest over the aspect
/// ratios of ceil(width / mode width) × ceil(depth / mode depth) (0 for an empty buffer).
std::int64_t m20kBlocks(std::int64_t width_bits, std::int64_t depth_words);

} // namespace archscape::hardware
