#include "io/explore_checkpoint.h"

#include <bit>
#include <cstring>

#include "common/atomic_file.h"
#include "io/input_file.h"
#include "search/rng.h"
#include "search/shape_key.h"

namespace archscape::io {

namespace {

constexpr char kMagic[] = "archscape/explore-checkpoint 1\n"; // 31 bytes, no NUL written
constexpr std::size_t kMagicBytes = sizeof kMagic - 1;
constexpr std::uint64_t kMaxCheckpointBytes = std::uint64_t(4) << 30;

static_assert(std::endian::native == std::endian::little, "the checkpoint is written little-endian as in memory");

/// FNV-1a over 8-byte words (then the tail): fast enough for a 100 MB checkpoint, and any changed,
/// missing or added byte changes it.
std::uint64_t checksum(const char* p, std::size_t n) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        h = (h ^ w) * 0x100000001b3ull;
    }
    for (; i < n; ++i) h = (h ^ static_cast<unsigned char>(p[i])) * 0x100000001b3ull;
    return h;
}

class Writer {
public:
    template <class T>
    void put(T v) {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto at = m_out.size();
        m_out.resize(at + sizeof v);
        std::memcpy(m_out.data() + at, &v, sizeof v);
    }
    void bytes(const void* p, std::size_t n) { m_out.append(static_cast<const char*>(p), n); }
    std::string& out() { return m_out; }

private:
    std::string m_out;
};

class Reader {
public:
    Reader(const std::string& s, std::size_t end) : m_s(s), m_end(end) {}
    template <class T>
    bool get(T& v) {
        if (m_end - m_at < sizeof v) return false;
        std::memcpy(&v, m_s.data() + m_at, sizeof v);
        m_at += sizeof v;
        return true;
    }
    std::size_t at() const { return m_at; }
    void skip(std::size_t n) { m_at += n; }
    bool done() const { return m_at == m_end; }

private:
    const std::string& m_s;
    std::size_t m_end;
    std::size_t m_at = kMagicBytes;
};

std::string hex(std::uint64_t v) {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

} // namespace

std::uint64_t networkHash(const workload::Network& network) {
    std::uint64_t h = search::mixSeed(0x6e6574, network.layers.size());
    for (char c : network.name) h = search::mixSeed(h, static_cast<unsigned char>(c));
    for (const auto& l : network.layers) h = search::mixSeed(h, search::shapeHash(l));
    return h;
}

CheckpointKey checkpointKey(const search::ExploreRequest& r) {
    return {r.space.fingerprint(), r.space.size(), networkHash(r.network), r.objectives, r.seed,
            r.shard_index,         r.shard_count};
}

std::optional<std::string> checkpointMismatch(const CheckpointKey& c, const CheckpointKey& r) {
    if (c.space_fingerprint != r.space_fingerprint || c.space_size != r.space_size)
        return "it belongs to another design space or mapper settings (fingerprint " + hex(c.space_fingerprint) +
               ", the run's " + hex(r.space_fingerprint) + ")";
    if (c.network_hash != r.network_hash) return "it belongs to another workload";
    if (c.objectives != r.objectives) return "its objectives differ from the run's";
    if (c.seed != r.seed)
        return "its seed " + std::to_string(c.seed) + " differs from the run's " + std::to_string(r.seed);
    if (c.shard_index != r.shard_index || c.shard_count != r.shard_count)
        return "it is shard " + std::to_string(c.shard_index) + "/" + std::to_string(c.shard_count) +
               ", the run is shard " + std::to_string(r.shard_index) + "/" + std::to_string(r.shard_count);
    return std::nullopt;
}

std::string encodeCheckpoint(const ExploreCheckpoint& c) {
    Writer w;
    w.bytes(kMagic, kMagicBytes);
    w.put(c.key.space_fingerprint);
    w.put(c.key.space_size);
    w.put(c.key.network_hash);
    w.put(static_cast<std::uint32_t>(c.key.objectives.size()));
    for (auto m : c.key.objectives) w.put(static_cast<std::uint8_t>(m));
    w.put(c.key.seed);
    w.put(static_cast<std::int32_t>(c.key.shard_index));
    w.put(static_cast<std::int32_t>(c.key.shard_count));
    w.put(static_cast<std::uint64_t>(c.points.size()));
    for (const auto& p : c.points) {
        w.put(p.index);
        w.put(static_cast<std::uint8_t>(p.reason));
        w.put(static_cast<std::uint8_t>(p.accuracy_extrapolating));
        w.put(static_cast<std::int32_t>(p.unmapped));
        w.put(p.latency_s);
        w.put(p.energy_j);
        w.put(p.area_mm2);
        w.put(p.power_w);
        w.put(p.accuracy_top1);
        w.put(p.accuracy_uncertainty);
        w.put(static_cast<std::uint16_t>(p.choice.size()));
        w.bytes(p.choice.data(), p.choice.size() * sizeof(std::uint16_t));
        w.put(static_cast<std::uint32_t>(p.shapes.size()));
        for (const auto& s : p.shapes) {
            w.put(s.cycles);
            w.put(s.energy_pj);
        }
    }
    w.put(checksum(w.out().data(), w.out().size()));
    return std::move(w.out());
}

ParseResult<ExploreCheckpoint> decodeCheckpoint(const std::string& s) {
    using R = ParseResult<ExploreCheckpoint>;
    const auto fail = [](std::size_t at, const std::string& what) {
        return R::failure({{"byte " + std::to_string(at), what}});
    };
    if (s.size() < kMagicBytes || s.compare(0, kMagicBytes, kMagic) != 0)
        return fail(0, "expected an archscape/explore-checkpoint file (written by explore --checkpoint)");
    if (s.size() < kMagicBytes + 8) return fail(s.size(), "the file ends before its checksum (truncated)");
    std::uint64_t stored;
    std::memcpy(&stored, s.data() + s.size() - 8, 8);
    if (stored != checksum(s.data(), s.size() - 8))
        return fail(s.size() - 8, "checksum mismatch: the file is damaged or truncated");

    ExploreCheckpoint c;
    Reader r(s, s.size() - 8);
    std::uint32_t nobj = 0;
    if (!r.get(c.key.space_fingerprint) || !r.get(c.key.space_size) || !r.get(c.key.network_hash) || !r.get(nobj))
        return fail(r.at(), "the header ends early");
    if (nobj > 16) return fail(r.at() - 4, "expected at most 16 objectives, got " + std::to_string(nobj));
    for (std::uint32_t i = 0; i < nobj; ++i) {
        std::uint8_t m = 0;
        if (!r.get(m)) return fail(r.at(), "the header ends early");
        if (m >= std::size(search::kAllMetrics)) return fail(r.at() - 1, "unknown objective " + std::to_string(m));
        c.key.objectives.push_back(static_cast<search::Metric>(m));
    }
    std::int32_t si = 0, sc = 0;
    std::uint64_t count = 0;
    if (!r.get(c.key.seed) || !r.get(si) || !r.get(sc) || !r.get(count)) return fail(r.at(), "the header ends early");
    if (sc < 1 || si < 0 || si >= sc)
        return fail(r.at() - 16,
                    "expected a shard i/N with 0 <= i < N, got " + std::to_string(si) + "/" + std::to_string(sc));
    c.key.shard_index = si;
    c.key.shard_count = sc;
    // Each point takes at least 64 bytes: a count beyond that is a lie, not a reason to allocate.
    if (count > s.size() / 64) return fail(r.at() - 8, "point count " + std::to_string(count) + " is too large");
    c.points.reserve(count);
    for (std::uint64_t i = 0; i < count; ++i) {
        search::PointResult p;
        std::uint8_t reason = 0, extrapolating = 0;
        std::int32_t unmapped = 0;
        std::uint16_t nchoice = 0;
        std::uint32_t nshapes = 0;
        const std::size_t start = r.at();
        if (!r.get(p.index) || !r.get(reason) || !r.get(extrapolating) || !r.get(unmapped) || !r.get(p.latency_s) ||
            !r.get(p.energy_j) || !r.get(p.area_mm2) || !r.get(p.power_w) || !r.get(p.accuracy_top1) ||
            !r.get(p.accuracy_uncertainty) || !r.get(nchoice))
            return fail(start, "point " + std::to_string(i) + " ends early");
        if (p.index < 0 || p.index >= c.key.space_size || p.index % sc != si)
            return fail(start, "point " + std::to_string(i) + ": index " + std::to_string(p.index) +
                                   " is not a point of shard " + std::to_string(si) + "/" + std::to_string(sc));
        if (reason >= search::kNumInfeasibilities || extrapolating > 1 || unmapped < 0)
            return fail(start, "point " + std::to_string(i) + ": invalid reason, flag or unmapped count");
        p.reason = static_cast<search::Infeasibility>(reason);
        p.accuracy_extrapolating = extrapolating != 0;
        p.unmapped = unmapped;
        p.choice.resize(nchoice);
        for (auto& v : p.choice)
            if (!r.get(v)) return fail(start, "point " + std::to_string(i) + " ends early");
        if (!r.get(nshapes) || nshapes > (s.size() - r.at()) / 8)
            return fail(start, "point " + std::to_string(i) + " ends early");
        p.shapes.resize(nshapes);
        for (auto& sh : p.shapes)
            if (!r.get(sh.cycles) || !r.get(sh.energy_pj))
                return fail(start, "point " + std::to_string(i) + " ends early");
        c.points.push_back(std::move(p));
    }
    if (!r.done()) return fail(r.at(), "unexpected bytes after the last point");
    return R::success(std::move(c));
}

ParseResult<ExploreCheckpoint> readCheckpointFile(const std::string& path) {
    auto bytes = readInputFile(path, kMaxCheckpointBytes);
    if (!bytes.ok()) return ParseResult<ExploreCheckpoint>::failure(std::move(bytes.errors));
    return decodeCheckpoint(*bytes.value);
}

bool writeCheckpointFile(const std::string& path, const ExploreCheckpoint& c, std::string* error) {
    return writeFileAtomically(path, encodeCheckpoint(c), error);
}

} // namespace archscape::io
