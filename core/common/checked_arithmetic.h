#pragma once
// Overflow-checked int64 arithmetic for readers: sizes and counts built from user-given dimensions
// (an ONNX tensor of 4035225266123964402 x 14 elements; issue 18) are checked here before any
// product is formed, so a reader can refuse them with an error instead of undefined behaviour.
#include <cstdint>
#include <iterator>
#include <optional>

namespace archscape {

/// a·b, or nullopt when it does not fit in an int64.
constexpr std::optional<std::int64_t> checkedMul(std::int64_t a, std::int64_t b) {
    std::int64_t r = 0;
    if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
    return r;
}

/// a + b, or nullopt when it does not fit in an int64.
constexpr std::optional<std::int64_t> checkedAdd(std::int64_t a, std::int64_t b) {
    std::int64_t r = 0;
    if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
    return r;
}

/// The product of [first, last), or nullopt when a partial product does not fit in an int64 (1 for
/// an empty range).
template <class It>
constexpr std::optional<std::int64_t> checkedProduct(It first, It last) {
    std::int64_t p = 1;
    for (; first != last; ++first)
        if (__builtin_mul_overflow(p, std::int64_t(*first), &p)) return std::nullopt;
    return p;
}

/// The product of every element of `range`, or nullopt on overflow.
template <class Range>
constexpr std::optional<std::int64_t> checkedProduct(const Range& range) {
    return checkedProduct(std::begin(range), std::end(range));
}

} // namespace archscape
