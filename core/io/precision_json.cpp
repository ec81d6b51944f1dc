#include "io/precision_json.h"

namespace archscape::io {

using archscape::Precision;
using nlohmann::json;
using workload::Operand;

std::optional<Precision> readPrecisionName(const json& j, const std::string& pointer, std::vector<Diagnostic>& errors) {
    const auto s = checkString(j, pointer, errors);
    if (!s) return std::nullopt;
    auto p = parsePrecision(*s);
    if (!p) errors.push_back({pointer, "expected one of " + std::string(kPrecisionNames) + ", got \"" + *s + "\""});
    return p;
}

bool readOperandPrecisions(ObjectReader& r, std::string_view key, std::span<const Operand> operands, bool all_required,
                           workload::PerOperand<std::optional<Precision>>& out) {
    const json* j = r.field(key);
    if (!j) return false;
    const std::string ptr = r.at(key);
    std::string names;
    for (Operand o : operands) names += (names.empty() ? "" : ", ") + std::string(toString(o));
    if (j->is_string()) {
        if (const auto p = readPrecisionName(*j, ptr, r.errors()))
            for (Operand o : operands) out[o] = *p;
        return true;
    }
    if (!j->is_object()) {
        r.error(ptr, "expected a precision name or an object {" + names + "}, got " + describeValue(*j));
        return true;
    }
    ObjectReader obj(*j, ptr, r.errors());
    bool any = false;
    for (Operand o : operands) {
        const std::string name(toString(o));
        if (const json* v = obj.field(name, all_required)) {
            any = true;
            if (const auto p = readPrecisionName(*v, obj.at(name), r.errors())) out[o] = *p;
        }
    }
    if (!any && !all_required) r.error(ptr, "expected at least one of " + names + ", got an empty object");
    obj.finish();
    return true;
}

json operandPrecisionsJson(std::span<const Operand> operands, const workload::PerOperand<std::optional<Precision>>& p) {
    // One name only when it reads back to the same thing: every listed operand set, all equal.
    bool same = true;
    for (Operand o : operands) same = same && p[o] && *p[o] == *p[operands[0]];
    if (same && !operands.empty()) return archscape::toString(*p[operands[0]]);
    json out = json::object();
    for (Operand o : operands)
        if (p[o]) out[std::string(toString(o))] = archscape::toString(*p[o]);
    return out;
}

} // namespace archscape::io
