#include "accuracy/dataset.h"

#include <zlib.h>

#include <filesystem>

namespace archscape::accuracy {

std::uint64_t Dataset::fingerprint() const {
    std::uint64_t h = 1469598103934665603ull; // FNV-1a over sizes and a strided sample of bytes
    auto mix = [&h](std::uint64_t v) { h = (h ^ v) * 1099511628211ull; };
    mix(height);
    mix(width);
    mix(train_labels.size());
    mix(test_labels.size());
    for (std::size_t i = 0; i < train_pixels.size(); i += 97) mix(train_pixels[i]);
    for (std::size_t i = 0; i < train_labels.size(); i += 7) mix(train_labels[i]);
    return h;
}

namespace {
bool readGz(const std::string& path, std::vector<std::uint8_t>& out, std::string& error) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) {
        error = "cannot open";
        return false;
    }
    std::uint8_t buf[1 << 16];
    int n = 0;
    while ((n = gzread(f, buf, sizeof buf)) > 0) out.insert(out.end(), buf, buf + n);
    int errnum = 0;
    const char* msg = gzerror(f, &errnum);
    const bool ok = n == 0 && errnum == Z_OK;
    if (!ok) error = std::string("corrupt gzip data: ") + msg;
    gzclose(f);
    return ok;
}

std::uint32_t be32(const std::vector<std::uint8_t>& d, std::size_t at) {
    return std::uint32_t(d[at]) << 24 | std::uint32_t(d[at + 1]) << 16 | std::uint32_t(d[at + 2]) << 8 | d[at + 3];
}

// IDX: magic 0x00000803 (ubyte, 3 dims) for images, 0x00000801 for labels; big-endian sizes.
bool readIdx(const std::string& path, int dims, std::vector<std::uint8_t>& data, std::vector<int>& shape,
             std::vector<Diagnostic>& errors) {
    std::vector<std::uint8_t> raw;
    std::string err;
    if (!readGz(path, raw, err)) {
        errors.push_back({path, err});
        return false;
    }
    const std::size_t header = 4 + 4 * static_cast<std::size_t>(dims);
    if (raw.size() < header || be32(raw, 0) != 0x800u + static_cast<unsigned>(dims)) {
        errors.push_back({path, "not an IDX file of unsigned bytes with " + std::to_string(dims) + " dimensions"});
        return false;
    }
    std::size_t count = 1;
    shape.clear();
    for (int i = 0; i < dims; ++i) {
        shape.push_back(static_cast<int>(be32(raw, 4 + 4 * i)));
        count *= shape.back();
    }
    if (raw.size() != header + count) {
        errors.push_back({path, "expected " + std::to_string(count) + " data bytes after the header, found " +
                                    std::to_string(raw.size() - std::min(raw.size(), header))});
        return false;
    }
    data.assign(raw.begin() + header, raw.end());
    return true;
}

std::string installHint(const std::string& package) {
    return "install the Debian package " + package + " (sudo apt-get install -y " + package + ")";
}
} // namespace

ParseResult<Dataset> loadFashionMnist(const std::string& dir) {
    const char* files[4] = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                            "t10k-labels-idx1-ubyte.gz"};
    std::vector<Diagnostic> errors;
    for (const char* f : files)
        if (!std::filesystem::exists(dir + "/" + f))
            errors.push_back({dir + "/" + f, "Fashion-MNIST file not found: " + installHint("dataset-fashion-mnist")});
    if (!errors.empty()) return ParseResult<Dataset>::failure(std::move(errors));
    Dataset d;
    d.name = "fashion-mnist";
    std::vector<int> si, sl, ti, tl;
    readIdx(dir + "/" + files[0], 3, d.train_pixels, si, errors);
    readIdx(dir + "/" + files[1], 1, d.train_labels, sl, errors);
    readIdx(dir + "/" + files[2], 3, d.test_pixels, ti, errors);
    readIdx(dir + "/" + files[3], 1, d.test_labels, tl, errors);
    if (errors.empty()) {
        if (si[0] != sl[0] || ti[0] != tl[0] || si[1] != ti[1] || si[2] != ti[2])
            errors.push_back({dir, "image and label counts or image sizes disagree between the IDX files"});
        d.height = si[1];
        d.width = si[2];
        for (auto* labels : {&d.train_labels, &d.test_labels})
            for (auto l : *labels)
                if (l >= 10) {
                    errors.push_back({dir, "label " + std::to_string(l) + " outside 0..9"});
                    break;
                }
    }
    if (!errors.empty()) return ParseResult<Dataset>::failure(std::move(errors));
    return ParseResult<Dataset>::success(std::move(d));
}

ParseResult<Dataset> loadDigits(const std::string& path) {
    if (!std::filesystem::exists(path))
        return ParseResult<Dataset>::failure(
            {{path, "scikit-learn digits file not found: " + installHint("python3-sklearn")}});
    std::vector<std::uint8_t> raw;
    std::string err;
    if (!readGz(path, raw, err)) return ParseResult<Dataset>::failure({{path, err}});
    Dataset d;
    d.name = "digits";
    d.height = d.width = 8;
    d.pixel_scale = 1.0f / 16.0f;
    std::vector<Diagnostic> errors;
    int line = 0;
    std::size_t pos = 0;
    while (pos < raw.size()) {
        std::size_t end = pos;
        while (end < raw.size() && raw[end] != '\n') ++end;
        ++line;
        std::vector<int> values;
        int v = 0;
        bool digit = false, bad = false;
        for (std::size_t i = pos; i <= end; ++i) {
            const char c = i < end ? char(raw[i]) : ',';
            if (c >= '0' && c <= '9') {
                v = v * 10 + (c - '0');
                digit = true;
            } else if (c == ',' && digit) {
                values.push_back(v);
                v = 0;
                digit = false;
            } else if (c != '\r') bad = true;
        }
        pos = end + 1;
        if (values.empty() && !bad) continue;
        if (bad || values.size() != 65 || values[64] > 9) {
            errors.push_back(
                {path + ": line " + std::to_string(line), "expected 64 pixel values 0..16 and a label 0..9"});
            if (errors.size() > 10) break;
            continue;
        }
        const bool test = (line - 1) % 5 == 0;
        auto& px = test ? d.test_pixels : d.train_pixels;
        for (int i = 0; i < 64; ++i) px.push_back(static_cast<std::uint8_t>(std::min(values[i], 16)));
        (test ? d.test_labels : d.train_labels).push_back(static_cast<std::uint8_t>(values[64]));
    }
    if (errors.empty() && d.test_labels.empty()) errors.push_back({path, "no images"});
    if (!errors.empty()) return ParseResult<Dataset>::failure(std::move(errors));
    return ParseResult<Dataset>::success(std::move(d));
}

ParseResult<Dataset> loadDataset(const std::string& name) {
    if (name == "fashion-mnist") return loadFashionMnist();
    if (name == "digits") return loadDigits();
    return ParseResult<Dataset>::failure({{name, "unknown dataset: expected 'fashion-mnist' or 'digits'"}});
}

} // namespace archscape::accuracy
