#include "mapping/violation.h"

#include "common/format_number.h"
#include "hardware/accelerator.h"
#include "workload/layer.h"

namespace archscape::mapping {

namespace {
std::string num(double x) { return formatNumber(x, "%.0f"); }
} // namespace

std::string describe(const Violation& v, const std::string& level_name) {
    const std::string where =
        v.level < 0 ? std::string()
                    : "level " + std::to_string(v.level) + (level_name.empty() ? "" : " (" + level_name + ")") + ": ";
    const std::string d(workload::toString(v.dim));
    switch (v.kind) {
    case Violation::Kind::None: return "valid";
    case Violation::Kind::LevelCount:
        return "mapping has " + num(v.have) + " levels, the accelerator has " + num(v.need);
    case Violation::Kind::FactorProduct:
        return "factors of " + d + " multiply to " + num(v.have) + ", expected at least the bound " + num(v.need);
    case Violation::Kind::ExcessPadding:
        return "factors of " + d + " multiply to " + num(v.have) +
               ", more than one partial outer iteration beyond the bound " + num(v.need);
    case Violation::Kind::Fanout:
        return "spatial factors use " + num(v.need) + " PEs along an axis that has " + num(v.have);
    case Violation::Kind::Capacity:
        return where + "tiles need " + num(v.need) + " bits, capacity is " + num(v.have) + " bits";
    case Violation::Kind::Order: return where + "loop order is not a permutation of N,G,K,C,P,Q,R,S";
    case Violation::Kind::TopMustKeep: return where + "the outermost level must be shared and keep every operand";
    case Violation::Kind::BadFactor: return where + "factor of " + d + " is " + num(v.have) + ", expected >= 1";
    case Violation::Kind::Resource:
        return "the design needs " + num(v.need) + " " + std::string(hardware::toString(v.resource)) +
               ", the device has " + num(v.have);
    case Violation::Kind::LayerKind:
        return "the " + std::string(hardware::toString(static_cast<hardware::AcceleratorKind>(int(v.have)))) +
               " engine cannot run " + std::string(workload::toString(static_cast<workload::LayerType>(int(v.need)))) +
               " layers (docs/templates.md: structured layers run on their own engine kinds)";
    }
    return "invalid mapping";
}

} // namespace archscape::mapping
