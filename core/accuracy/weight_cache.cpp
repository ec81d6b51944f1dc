#include "accuracy/weight_cache.h"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/atomic_file.h"

namespace archscape::accuracy {

namespace {
constexpr char kMagic[8] = {'A', 'S', 'N', 'E', 'T', '0', '1', '\n'};

std::uint64_t keyHash(const CacheKey& k) {
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&h](std::uint64_t v) { h = (h ^ v) * 1099511628211ull; };
    mix(static_cast<std::uint64_t>(k.arch));
    for (char c : k.dataset) mix(static_cast<unsigned char>(c));
    mix(k.dataset_fingerprint);
    mix(k.train.epochs);
    mix(k.train.batch);
    mix(k.train.seed);
    mix(k.train.max_train_images);
    std::uint32_t bits = 0;
    std::memcpy(&bits, &k.train.learning_rate, 4);
    mix(bits);
    std::memcpy(&bits, &k.train.momentum, 4);
    mix(bits);
    return h;
}

template <class T>
void put(std::string& out, T v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

struct Reader {
    const std::string& s;
    std::size_t pos = 0;
    bool ok = true;
    template <class T>
    T get() {
        T v{};
        if (pos + sizeof v > s.size()) {
            ok = false;
            return v;
        }
        std::memcpy(&v, s.data() + pos, sizeof v);
        pos += sizeof v;
        return v;
    }
};
} // namespace

std::string cacheDirectory() {
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && x[0] == '/') return std::string(x) + "/archscape";
    if (const char* h = std::getenv("HOME"); h && h[0]) return std::string(h) + "/.cache/archscape";
    return {};
}

std::string CacheKey::fileName() const {
    std::ostringstream s;
    s << dataset << '-' << toString(arch) << '-' << std::hex << keyHash(*this) << ".bin";
    return s.str();
}

bool saveNet(const std::string& path, const CacheKey& key, const SmallNet& net, std::string* error) {
    std::string out(kMagic, sizeof kMagic);
    put<std::uint64_t>(out, keyHash(key));
    put<std::int32_t>(out, static_cast<std::int32_t>(net.arch));
    put<std::int32_t>(out, net.height);
    put<std::int32_t>(out, net.width);
    put<std::int32_t>(out, net.classes);
    put<std::int32_t>(out, static_cast<std::int32_t>(net.layers.size()));
    for (const auto& l : net.layers) {
        put<float>(out, l.act_lo);
        put<float>(out, l.act_hi);
        put<std::uint32_t>(out, static_cast<std::uint32_t>(l.weights.size()));
        out.append(reinterpret_cast<const char*>(l.weights.data()), l.weights.size() * sizeof(float));
        put<std::uint32_t>(out, static_cast<std::uint32_t>(l.bias.size()));
        out.append(reinterpret_cast<const char*>(l.bias.data()), l.bias.size() * sizeof(float));
    }
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    if (ec) {
        if (error) *error = "cannot create " + std::filesystem::path(path).parent_path().string() + ": " + ec.message();
        return false;
    }
    return writeFileAtomically(path, out, error);
}

std::optional<SmallNet> loadNet(const std::string& path, const CacheKey& key, std::string* why) {
    auto fail = [&](const std::string& w) -> std::optional<SmallNet> {
        if (why) *why = path + ": " + w;
        return std::nullopt;
    };
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail("no cached weights");
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string data = ss.str();
    if (data.size() < sizeof kMagic || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0)
        return fail("not an Archscape weight file");
    Reader r{data, sizeof kMagic};
    if (r.get<std::uint64_t>() != keyHash(key)) return fail("trained with different data or options");
    const auto arch = static_cast<NetArch>(r.get<std::int32_t>());
    const int h = r.get<std::int32_t>(), w = r.get<std::int32_t>(), classes = r.get<std::int32_t>();
    const int layers = r.get<std::int32_t>();
    if (!r.ok || arch != key.arch || h < 4 || w < 4 || h > SmallNet::kMaxImageSide || w > SmallNet::kMaxImageSide ||
        classes < 2 || classes > 1000)
        return fail("bad header");
    SmallNet net = SmallNet::make(arch, h, w, classes, 0);
    if (layers != static_cast<int>(net.layers.size())) return fail("wrong layer count");
    for (auto& l : net.layers) {
        l.act_lo = r.get<float>();
        l.act_hi = r.get<float>();
        for (auto* v : {&l.weights, &l.bias}) {
            const std::uint32_t n = r.get<std::uint32_t>();
            if (!r.ok || n != v->size() || r.pos + n * sizeof(float) > data.size())
                return fail("truncated or wrong sizes");
            std::memcpy(v->data(), data.data() + r.pos, n * sizeof(float));
            r.pos += n * sizeof(float);
        }
    }
    if (r.pos != data.size()) return fail("trailing bytes");
    return net;
}

} // namespace archscape::accuracy
