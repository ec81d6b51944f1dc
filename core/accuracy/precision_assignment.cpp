#include "accuracy/precision_assignment.h"

#include <charconv>

namespace archscape::accuracy {

PrecisionAssignment PrecisionAssignment::uniform(int n, Precision p) {
    return {std::vector<LayerPrecision>(n, LayerPrecision{p, p})};
}

PrecisionAssignment PrecisionAssignment::fromBits(const std::vector<int>& bits) {
    PrecisionAssignment a;
    for (int b : bits) a.layers.push_back({Precision::integer(b), Precision::integer(b)});
    return a;
}

std::string toString(const PrecisionAssignment& a) {
    std::string s;
    for (const auto& l : a.layers) {
        if (!s.empty()) s += ',';
        s += archscape::toString(l.weight);
        if (l.activation != l.weight) s += '/' + archscape::toString(l.activation);
    }
    return s;
}

namespace {
std::optional<Precision> parseOne(std::string_view s) {
    int bits = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), bits);
    if (ec == std::errc{} && ptr == s.data() + s.size()) {
        if (bits == 32) return parsePrecision("fp32");
        return parsePrecision("int" + std::string(s));
    }
    return parsePrecision(s);
}
} // namespace

ParseResult<PrecisionAssignment> parseAssignment(std::string_view s) {
    PrecisionAssignment a;
    std::vector<Diagnostic> errors;
    std::size_t start = 0;
    int index = 0;
    while (start <= s.size()) {
        const std::size_t comma = s.find(',', start);
        std::string_view item = s.substr(start, comma == std::string_view::npos ? s.npos : comma - start);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        const std::size_t slash = item.find('/');
        const auto w = parseOne(item.substr(0, slash));
        const auto act = slash == item.npos ? w : parseOne(item.substr(slash + 1));
        if (!w || !act)
            errors.push_back({"layer " + std::to_string(index),
                              "'" + std::string(item) +
                                  "' is not a precision (expected int2..int16, fp8_e4m3, "
                                  "fp8_e5m2, fp16, bf16, fp32, a bit count, or weight/activation)"});
        else a.layers.push_back({*w, *act});
        ++index;
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    if (!errors.empty()) return ParseResult<PrecisionAssignment>::failure(std::move(errors));
    return ParseResult<PrecisionAssignment>::success(std::move(a));
}

} // namespace archscape::accuracy
