#include "io/input_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace archscape::io {

ParseResult<std::string> readInputFile(const std::string& path, std::uint64_t max_bytes) {
    using R = ParseResult<std::string>;
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        std::ifstream probe(path, std::ios::binary); // for errno's reason (missing, permission)
        return R::failure({{"", std::string("cannot open: ") + std::strerror(errno ? errno : ENOENT)}});
    }
    if (fs::is_directory(status)) return R::failure({{"", "cannot read: it is a directory, expected a file"}});
    if (!fs::is_regular_file(status)) return R::failure({{"", "cannot read: it is a device or a pipe, not a file"}});
    const auto bytes = fs::file_size(path, ec);
    if (!ec && bytes > max_bytes)
        return R::failure({{"", "the file has " + std::to_string(bytes) + " bytes, more than the " +
                                    std::to_string(max_bytes >> 20) + " MiB this reader accepts"}});
    std::ifstream in(path, std::ios::binary);
    if (!in) return R::failure({{"", std::string("cannot open: ") + std::strerror(errno)}});
    std::string text(ec ? 0 : bytes, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.bad() || static_cast<std::uint64_t>(in.gcount()) != text.size())
        return R::failure({{"", "cannot read the file"}});
    return R::success(std::move(text));
}

std::size_t firstInvalidUtf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len = 0;
        unsigned lo = 0x80, hi = 0xBF; // allowed range of the second byte (RFC 3629, table 3-7)
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) len = 3, lo = 0xA0;
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) len = 3;
        else if (c == 0xED) len = 3, hi = 0x9F; // no UTF-16 surrogates
        else if (c == 0xF0) len = 4, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else if (c == 0xF4) len = 4, hi = 0x8F; // nothing above U+10FFFF
        else return i;
        if (i + len > n) return i;
        if (p[i + 1] < lo || p[i + 1] > hi) return i;
        for (int k = 2; k < len; ++k)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
        i += len;
    }
    return std::string_view::npos;
}

std::optional<Diagnostic> checkUtf8(std::string_view text) {
    const std::size_t at = firstInvalidUtf8(text);
    if (at == std::string_view::npos) return std::nullopt;
    std::size_t line = 1, start = 0;
    for (std::size_t i = 0; i < at; ++i)
        if (text[i] == '\n') ++line, start = i + 1;
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[at]));
    return Diagnostic{"line " + std::to_string(line) + ", column " + std::to_string(at - start + 1),
                      std::string("not valid UTF-8 (byte ") + byte + "): save the file as UTF-8"};
}

} // namespace archscape::io
