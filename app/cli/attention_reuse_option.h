#pragma once
#include <string>

#include "args.h"
#include "workload/network.h"

namespace archscape::cli {

/// The options that run a workload over sampling steps with attention-map reuse (docs/templates.md,
/// "Attention-map reuse"): --steps S, --reuse POLICY, --reuse-maps self|cross|both.
inline constexpr const char* kAttentionReuseUsage =
    "  --steps S            run the workload S times, one sampling step each (a diffusion U-Net such\n"
    "                       as sd15_unet; totals are then per image)\n"
    "  --reuse POLICY       with --steps: attention-map reuse: none (default), every:K (compute the\n"
    "                       maps at steps 0, K, 2K, ...), late:N (reuse at the last N steps) or\n"
    "                       steps:I,J,... (0-based reused steps); reused steps skip Q.K^T and softmax\n"
    "                       and read the stored map\n"
    "  --reuse-maps M       self, cross or both (default) attention maps\n";

/// `net` over --steps with --reuse applied, or `net` itself without --steps; CliError (exit 2) on a
/// bad value, on --reuse/--reuse-maps without --steps, and on a reuse of maps the network has none of.
workload::Network withAttentionReuseOptions(const Args& args, workload::Network net);

} // namespace archscape::cli
