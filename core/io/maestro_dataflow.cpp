#include "io/maestro_dataflow.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>

namespace archscape::io {

namespace {

struct Token {
    std::string text;
    int line = 0;
    std::size_t begin = 0; ///< offset of the first character in the text
};

// MAESTRO's tokenizer: space, tab, ',', '-', '>', '(', ')', ':' and ';' separate; braces are tokens.
std::vector<Token> tokenize(const std::string& s) {
    std::vector<Token> out;
    int line = 1;
    std::string cur;
    std::size_t start = 0;
    const auto flush = [&] {
        if (!cur.empty()) out.push_back({cur, line, start});
        cur.clear();
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
            flush();
            while (i < s.size() && s[i] != '\n') ++i;
            --i;
            continue;
        }
        if (c == '\n') {
            flush();
            ++line;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == ',' || c == '-' || c == '>' || c == '(' || c == ')' ||
                   c == ':' || c == ';') {
            flush();
        } else if (c == '{' || c == '}') {
            flush();
            out.push_back({std::string(1, c), line, i});
        } else {
            if (cur.empty()) start = i;
            cur += c;
        }
    }
    flush();
    return out;
}

/// Largest dimension and stride of a layer (the ranges of an archscape/workload file).
constexpr std::int64_t kMaxSize = 2147483647, kMaxStride = 1 << 20;

bool isInt(const std::string& s) {
    return !s.empty() && s.size() < 16 &&
           std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

struct Parser {
    const std::string* text = nullptr;
    std::vector<Token> t;
    std::size_t i = 0;
    std::vector<Diagnostic> errors;
    std::map<std::string, std::int64_t> constants;

    bool done() const { return i >= t.size(); }
    std::string where() const { return "line " + std::to_string(done() ? (t.empty() ? 1 : t.back().line) : t[i].line); }
    void fail(const std::string& what) {
        errors.push_back(
            {where(), "expected " + what + ", got " + (done() ? std::string("end of file") : "'" + t[i].text + "'")});
    }
    bool accept(const char* s) {
        if (!done() && t[i].text == s) {
            ++i;
            return true;
        }
        return false;
    }
    bool expect(const char* s) {
        if (accept(s)) return true;
        fail(std::string("'") + s + "'");
        return false;
    }
    std::optional<std::int64_t> value(const MaestroLayer* layer) {
        if (done()) {
            fail("a size");
            return std::nullopt;
        }
        const std::string s = t[i].text;
        if (isInt(s)) {
            ++i;
            return std::stoll(s);
        }
        if (s == "Sz") {
            ++i;
            if (done()) {
                fail("a dimension after Sz");
                return std::nullopt;
            }
            const std::string d = t[i].text;
            if (layer) {
                const auto it = layer->dims.find(d);
                if (it != layer->dims.end()) {
                    ++i;
                    return it->second;
                }
            }
            errors.push_back({where(), "Sz(" + d + ") names a dimension not declared (Dimensions must come first)"});
            ++i;
            return std::nullopt;
        }
        if (const auto c = constants.find(s); c != constants.end()) {
            ++i;
            return c->second;
        }
        fail("an integer, a constant or Sz(dimension)");
        ++i;
        return std::nullopt;
    }

    // A name runs up to the next '{'. MAESTRO's tokenizer splits it at '-' (and the other separators)
    // and keeps the last piece; Archscape keeps the text as written ("Conv2d-1").
    bool name(std::string& full, std::string& last) {
        const std::size_t first = i;
        while (!done() && t[i].text != "{" && t[i].text != "}") ++i;
        if (i == first) return false;
        const Token& a = t[first];
        const Token& b = t[i - 1];
        full = text->substr(a.begin, b.begin + b.text.size() - a.begin);
        last = b.text;
        return true;
    }

    void block(MaestroLayer& L, std::map<std::string, std::int64_t>& into, const char* what) {
        if (!expect("{")) return;
        while (!done() && t[i].text != "}") {
            const std::string d = t[i].text;
            ++i;
            const auto v = value(&L);
            // The workload's ranges (io/workload_json.cpp): a stride of 2^32 became 0 as an int and
            // divided by zero (SIGFPE); products of 15-digit sizes overflowed int64 (issue 18).
            const std::int64_t most = std::string_view(what) == "Stride" ? kMaxStride : kMaxSize;
            if (v) {
                if (*v < 1 || *v > most)
                    errors.push_back({where(), std::string(what) + " " + d + ": expected a size from 1 to " +
                                                   std::to_string(most) + ", got " + std::to_string(*v)});
                into[d] = *v;
            }
        }
        expect("}");
    }

    void dataflow(MaestroLayer& L) {
        if (!expect("{")) return;
        while (!done() && t[i].text != "}") {
            MaestroDirective d;
            d.line = t[i].line;
            const std::string k = t[i].text;
            ++i;
            if (k == "TemporalMap" || k == "SpatialMap") {
                d.kind = k == "TemporalMap" ? MaestroDirective::Kind::Temporal : MaestroDirective::Kind::Spatial;
                const auto sz = value(&L);
                const auto ofs = value(&L);
                if (done()) {
                    fail("a dimension");
                    return;
                }
                d.dim = t[i++].text;
                if (!sz || !ofs) continue;
                d.size = *sz;
                d.offset = *ofs;
                if (d.size < 1 || d.offset < 1)
                    errors.push_back({"line " + std::to_string(d.line), k + ": size and offset must be positive"});
            } else if (k == "Cluster") {
                d.kind = MaestroDirective::Kind::Cluster;
                const auto n = value(&L);
                if (!done() && (t[i].text == "P" || t[i].text == "L")) ++i;
                else fail("P or L");
                if (!n) continue;
                d.size = *n;
                if (d.size < 1) errors.push_back({"line " + std::to_string(d.line), "Cluster: size must be positive"});
            } else {
                --i;
                fail("TemporalMap, SpatialMap or Cluster");
                ++i;
                continue;
            }
            L.dataflow.push_back(d);
        }
        expect("}");
    }

    MaestroNetwork run() {
        MaestroNetwork net;
        while (accept("Constant")) {
            if (done()) return fail("a constant name"), net;
            const std::string name = t[i++].text;
            if (done() || !isInt(t[i].text)) {
                fail("an integer value for constant " + name);
                return net;
            }
            constants[name] = std::stoll(t[i++].text);
        }
        if (!expect("Network")) return net;
        name(net.name, net.maestro_name);
        if (!expect("{")) return net;
        const std::vector<MaestroDirective>* previous = nullptr;
        while (!done() && t[i].text != "}") {
            if (!expect("Layer")) return net;
            MaestroLayer L;
            L.line = done() ? 0 : t[i].line;
            if (!name(L.name, L.maestro_name)) return fail("a layer name"), net;
            if (!expect("{")) return net;
            bool have_flow = false;
            while (!done() && t[i].text != "}") {
                const std::string k = t[i].text;
                ++i;
                if (k == "Type") {
                    if (done()) return fail("a layer type"), net;
                    L.type = t[i++].text;
                } else if (k == "Stride") {
                    block(L, L.stride, "Stride");
                } else if (k == "Dimensions") {
                    block(L, L.dims, "Dimensions");
                } else if (k == "Dataflow") {
                    dataflow(L);
                    have_flow = true;
                } else {
                    --i;
                    fail("Type, Stride, Dimensions or Dataflow");
                    return net;
                }
            }
            expect("}");
            if (L.type.empty())
                errors.push_back({"line " + std::to_string(L.line), "layer " + L.name + ": missing Type"});
            if (!have_flow) {
                if (previous) {
                    L.dataflow = *previous;
                    L.inherited_dataflow = true;
                } else {
                    errors.push_back(
                        {"line " + std::to_string(L.line),
                         "layer " + L.name + ": no Dataflow block and no earlier layer to inherit one from"});
                }
            }
            net.layers.push_back(std::move(L));
            previous = &net.layers.back().dataflow;
        }
        expect("}");
        if (!done()) fail("end of file after the Network block");
        return net;
    }
};

} // namespace

ParseResult<MaestroNetwork> parseMaestroMapping(const std::string& text) {
    Parser p;
    p.text = &text;
    p.t = tokenize(text);
    MaestroNetwork net = p.run();
    if (p.errors.empty() && net.layers.empty()) p.errors.push_back({"line 1", "the Network has no layers"});
    if (!p.errors.empty()) return ParseResult<MaestroNetwork>::failure(std::move(p.errors));
    std::set<std::string> used;
    for (const auto& l : net.layers) used.insert(l.name);
    std::set<std::string> seen;
    for (auto& l : net.layers) {
        if (seen.insert(l.name).second) continue;
        std::string fresh;
        for (int k = 2; fresh.empty() || used.count(fresh); ++k) fresh = l.name + "_" + std::to_string(k);
        net.notes.push_back(
            {"line " + std::to_string(l.line), "layer name " + l.name + " is used before; renamed " + fresh});
        l.name = fresh;
        used.insert(fresh);
        seen.insert(fresh);
    }
    return ParseResult<MaestroNetwork>::success(std::move(net));
}

} // namespace archscape::io
