#pragma once
#include <array>
#include <cstddef>

namespace archscape {

/// A fixed-size array indexed by an enum class whose values run 0..N-1.
/// Keeps per-dimension and per-operand data allocation-free and typo-proof.
template <class E, class T, std::size_t N>
struct EnumArray {
    std::array<T, N> v{};

    constexpr T& operator[](E e) { return v[static_cast<std::size_t>(e)]; }
    constexpr const T& operator[](E e) const { return v[static_cast<std::size_t>(e)]; }
    constexpr T& at(std::size_t i) { return v[i]; }
    constexpr const T& at(std::size_t i) const { return v[i]; }
    static constexpr std::size_t size() { return N; }
    constexpr auto begin() { return v.begin(); }
    constexpr auto end() { return v.end(); }
    constexpr auto begin() const { return v.begin(); }
    constexpr auto end() const { return v.end(); }
    static constexpr EnumArray filled(const T& x) {
        EnumArray a;
        a.v.fill(x);
        return a;
    }
    friend constexpr bool operator==(const EnumArray&, const EnumArray&) = default;
};

} // namespace archscape
