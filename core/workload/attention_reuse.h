#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workload/network.h"

namespace archscape::workload {

/// Which attention maps a reuse policy reuses (docs/templates.md, "Attention-map reuse").
enum class AttentionMaps : std::uint8_t { Self, Cross, Both };

std::string_view toString(AttentionMaps m);
std::optional<AttentionMaps> parseAttentionMaps(std::string_view s);
/// "self-attention", "cross-attention" or "self- or cross-attention" (for messages).
std::string describe(AttentionMaps m);

/// A layer's part in an attention map, found by name as diffusers names the modules (and
/// scripts/gen_workloads.py's sd15_unet): `….attn1.scores` (Q·Kᵀ) and `….attn1.softmax` produce a
/// self-attention map, `….attn1.context` (map · V) consumes it; `attn2` is cross-attention.
enum class AttentionRole : std::uint8_t { None, SelfProducer, SelfConsumer, CrossProducer, CrossConsumer };

AttentionRole attentionRole(const Layer& layer);

/// The sampling steps of one image and the steps at which attention maps are read from memory
/// instead of computed (arXiv 2401.01008). Step 0 always computes: there is no map to reuse yet.
struct AttentionReusePolicy {
    int steps = 1;
    AttentionMaps maps = AttentionMaps::Both;
    std::vector<bool> reused; ///< per step; reused[0] is false

    /// Steps whose maps are read from memory.
    int reusedCount() const;
    /// No reuse: every step computes its maps.
    static AttentionReusePolicy none(int steps, AttentionMaps maps);
    /// Recompute at steps 0, k, 2k, …; reuse at the others (k = 1: no reuse).
    static AttentionReusePolicy everyK(int steps, int k, AttentionMaps maps);
    /// Reuse the last n steps (HURRY-style late reuse: the paper finds later reuse distorts less).
    static AttentionReusePolicy late(int steps, int n, AttentionMaps maps);
};

/// The largest step count a policy accepts (one map per attention layer held between steps).
constexpr int kMaxSamplingSteps = 10000;

/// Parses "none", "every:K", "late:N" or "steps:I,J,…" (0-based reused steps) for `steps` sampling
/// steps; nullopt with `error` saying what was expected.
std::optional<AttentionReusePolicy> parseAttentionReusePolicy(std::string_view text, int steps, AttentionMaps maps,
                                                              std::string* error);

/// Attention-map traffic and storage of a transformed network, in elements (the softmax's output).
struct AttentionReuseCounts {
    std::int64_t skipped_macs = 0;    ///< Q·Kᵀ MACs not done at reused steps
    std::int64_t skipped_layers = 0;  ///< Q·Kᵀ and softmax layers left out
    std::int64_t map_writes = 0;      ///< maps written at computing steps (softmax outputs)
    std::int64_t map_reads = 0;       ///< maps read at reused steps (the map · V layers' input)
    std::int64_t stored_elements = 0; ///< maps held between steps: one per reused layer (0: no reuse)
};

/// The network `step` (one U-Net evaluation) run `policy.steps` times: layers of step t are named
/// "s<t>/<name>"; at a reused step, the Q·Kᵀ and softmax layers of the policy's maps are left out and
/// the map · V layer reads the map the last computing step wrote (an edge from that step's softmax).
/// Every engine costs a layer with its inputs read from the backing store, so that layer's input
/// read is the map read; the computing step's softmax output write is its store. Step t's last layer
/// feeds step t + 1's first (the denoised latent).
Network applyAttentionReuse(const Network& step, const AttentionReusePolicy& policy,
                            AttentionReuseCounts* counts = nullptr);

/// Number of attention maps of kind `maps` in `net` (softmax layers whose role matches).
int attentionMapCount(const Network& net, AttentionMaps maps);

} // namespace archscape::workload
