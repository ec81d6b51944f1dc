#include "attention_reuse_option.h"

#include "workload/attention_reuse.h"

namespace archscape::cli {

workload::Network withAttentionReuseOptions(const Args& args, workload::Network net) {
    if (!args.has("steps")) {
        if (args.has("reuse") || args.has("reuse-maps"))
            throw CliError(std::string("--") + (args.has("reuse") ? "reuse" : "reuse-maps") +
                           ": needs --steps S (the sampling steps the maps are reused over)");
        return net;
    }
    const int steps = static_cast<int>(args.getInt("steps", 1, 1, workload::kMaxSamplingSteps));
    const std::string maps_text = args.get("reuse-maps").value_or("both");
    const auto maps = workload::parseAttentionMaps(maps_text);
    if (!maps) throw CliError("--reuse-maps: expected self, cross or both, got '" + maps_text + "'");
    std::string error;
    const auto policy = workload::parseAttentionReusePolicy(args.get("reuse").value_or("none"), steps, *maps, &error);
    if (!policy) throw CliError("--reuse: " + error);
    if (policy->reusedCount() > 0 && workload::attentionMapCount(net, *maps) == 0)
        throw CliError("--reuse: network '" + net.name + "' has no " + workload::describe(*maps) +
                       " maps (softmax layers named ...attn1.softmax (self) or ...attn2.softmax (cross) "
                       "feeding ...attnN.context, as in sd15_unet)");
    return workload::applyAttentionReuse(net, *policy);
}

} // namespace archscape::cli
