#include "common/atomic_file.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace archscape {

namespace {

bool fail(std::string* error, const std::string& what, int err) {
    if (error) *error = what + ": " + std::strerror(err);
    return false;
}

std::string hostName() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == 0) return "host";
    return buf;
}

// Unique within the process (counter), across processes (pid) and hosts sharing a file system
// (host name); O_EXCL catches the rest.
std::string tempName(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    static const std::string host = hostName();
    return path + ".tmp-" + host + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
}

// Writes in progress, for removeTemporaryFilesNow(): a slot is claimed (1), filled, then published
// (2) before the temporary file is created, so a signal handler only reads complete paths.
constexpr int kSlots = 16;
constexpr std::size_t kPathBytes = 4096;
struct Slot {
    std::atomic<int> state{0}; // 0 free, 1 being filled, 2 published
    char path[kPathBytes];
};
Slot g_slots[kSlots];
static_assert(std::atomic<int>::is_always_lock_free, "signal handlers need lock-free atomics");

/// Records `tmp` in a free slot; -1 when none is free or the path is too long (then not recorded).
int publish(const std::string& tmp) {
    if (tmp.size() >= kPathBytes) return -1;
    for (int i = 0; i < kSlots; ++i) {
        int expected = 0;
        if (!g_slots[i].state.compare_exchange_strong(expected, 1)) continue;
        std::memcpy(g_slots[i].path, tmp.c_str(), tmp.size() + 1);
        g_slots[i].state.store(2);
        return i;
    }
    return -1;
}

void release(int slot) {
    if (slot >= 0) g_slots[slot].state.store(0);
}

bool writeAll(int fd, const std::string& content) {
    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += n;
        left -= std::size_t(n);
    }
    return true;
}

/// "<host>-<pid>-<n>" → host and pid; false when the suffix is not one of ours.
bool parseSuffix(const std::string& suffix, std::string& host, long& pid) {
    const auto last = suffix.rfind('-');
    if (last == std::string::npos || last == 0 || last + 1 == suffix.size()) return false;
    const auto middle = suffix.rfind('-', last - 1);
    if (middle == std::string::npos || middle == 0) return false;
    for (std::size_t i = middle + 1; i < suffix.size(); ++i)
        if (i != last && (suffix[i] < '0' || suffix[i] > '9')) return false;
    if (last - middle - 1 == 0 || last - middle - 1 > 9) return false;
    host = suffix.substr(0, middle);
    pid = std::stol(suffix.substr(middle + 1, last - middle - 1));
    return true;
}

} // namespace

int removeStaleTemporaryFiles(const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    const std::string prefix = target.filename().string() + ".tmp-";
    static const std::string host = hostName();
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) return 0;
    int removed = 0;
    for (const auto& entry : it) {
        const std::string name = entry.path().filename().string();
        if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
        std::string owner;
        long pid = 0;
        if (!parseSuffix(name.substr(prefix.size()), owner, pid)) continue;
        bool stale = false;
        if (owner == host) {
            // Alive (or not ours to signal: EPERM) means a write may be in progress.
            stale = pid != ::getpid() && pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
        } else {
            // Another host's process cannot be asked; a day-old temporary file is not a write in progress.
            const auto age = fs::file_time_type::clock::now() - entry.last_write_time(ec);
            stale = !ec && age > std::chrono::hours(24);
        }
        if (stale && fs::remove(entry.path(), ec)) ++removed;
    }
    return removed;
}

void removeTemporaryFilesNow() noexcept {
    for (auto& s : g_slots)
        if (s.state.load() == 2) ::unlink(s.path);
}

bool writeFileAtomically(const std::string& path, const std::string& content, std::string* error) {
    removeStaleTemporaryFiles(path);
    std::string tmp;
    int fd = -1;
    int slot = -1;
    for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
        tmp = tempName(path);
        slot = publish(tmp);
        fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666); // mode honours the umask
        if (fd < 0) {
            const int err = errno;
            release(slot);
            if (err != EEXIST) return fail(error, "cannot create " + tmp, err);
        }
    }
    if (fd < 0) return fail(error, "cannot create a temporary file beside " + path, EEXIST);
    // From here on every exit path releases the slot after the temporary file is gone (renamed or removed).
    struct Release {
        int slot;
        ~Release() { release(slot); }
    } releaseSlot{slot};

    struct stat old {};
    if (::stat(path.c_str(), &old) == 0) (void)::fchmod(fd, old.st_mode & 07777);

    if (!writeAll(fd, content)) {
        const int err = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        return fail(error, "cannot write " + tmp, err);
    }
    if (::fsync(fd) != 0) {
        const int err = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        return fail(error, "cannot flush " + tmp, err);
    }
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return fail(error, "cannot close " + tmp, err);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return fail(error, "cannot replace " + path, err);
    }
    // Make the rename itself durable; failure here does not undo a completed replacement.
    const auto dir = std::filesystem::path(path).parent_path();
    const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return true;
}

AtomicFileWriter::AtomicFileWriter(std::string path) : m_path(std::move(path)) {
    removeStaleTemporaryFiles(m_path);
    for (int attempt = 0; attempt < 16 && m_fd < 0; ++attempt) {
        m_tmp = tempName(m_path);
        m_slot = publish(m_tmp);
        m_fd = ::open(m_tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (m_fd < 0) {
            const int err = errno;
            release(m_slot);
            m_slot = -1;
            if (err != EEXIST) {
                fail(&m_error, "cannot create " + m_tmp, err);
                return;
            }
        }
    }
    if (m_fd < 0) {
        fail(&m_error, "cannot create a temporary file beside " + m_path, EEXIST);
        return;
    }
    struct stat old {};
    if (::stat(m_path.c_str(), &old) == 0) (void)::fchmod(m_fd, old.st_mode & 07777);
}

AtomicFileWriter::~AtomicFileWriter() { abandon(); }

void AtomicFileWriter::abandon() {
    if (m_fd >= 0) {
        ::close(m_fd);
        ::unlink(m_tmp.c_str());
        m_fd = -1;
    }
    if (m_prepared) ::unlink(m_tmp.c_str()); // written and closed, never renamed
    m_prepared = false;
    release(m_slot);
    m_slot = -1;
}

bool AtomicFileWriter::flush() {
    if (!ok()) return false;
    if (!writeAll(m_fd, m_buffer)) {
        fail(&m_error, "cannot write " + m_tmp, errno);
        abandon();
        return false;
    }
    m_buffer.clear();
    return true;
}

bool AtomicFileWriter::append(std::string_view text) {
    if (!ok()) return false;
    m_buffer.append(text);
    return m_buffer.size() < (std::size_t(1) << 20) || flush();
}

bool AtomicFileWriter::prepare() {
    if (m_prepared) return true;
    if (!flush()) return false;
    const bool synced = ::fsync(m_fd) == 0;
    const int syncError = errno;
    const bool closed = ::close(m_fd) == 0;
    const int closeError = errno;
    m_fd = -1;
    if (!synced || !closed) {
        fail(&m_error, "cannot flush " + m_tmp, synced ? closeError : syncError);
        ::unlink(m_tmp.c_str());
        abandon();
        return false;
    }
    m_prepared = true;
    return true;
}

bool AtomicFileWriter::commit() {
    // prepare() (flush, fsync, close) is idempotent, so a prepared writer and an unprepared one commit alike.
    if (!prepare()) return false;
    m_prepared = false;
    if (::rename(m_tmp.c_str(), m_path.c_str()) != 0) {
        fail(&m_error, "cannot replace " + m_path, errno);
        ::unlink(m_tmp.c_str());
        abandon();
        return false;
    }
    release(m_slot);
    m_slot = -1;
    return true;
}

} // namespace archscape
