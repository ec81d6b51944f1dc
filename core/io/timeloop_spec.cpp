#include "io/timeloop_spec.h"

#include <filesystem>

#include "io/timeloop_mapping.h"
#include "io/timeloop_yaml.h"

namespace archscape::io {

namespace {

struct Located {
    YAML::Node node;
    std::string file;
};

void addAll(std::vector<Diagnostic>& out, const std::string& file, const std::vector<Diagnostic>& in) {
    for (const auto& d : in) out.push_back({d.path.empty() ? file : file + ": " + d.path, d.message});
}

ParseResult<TimeloopSpec> readTimeloopFilesUnchecked(const std::vector<std::string>& paths);

} // namespace

ParseResult<TimeloopSpec> readTimeloopFiles(const std::vector<std::string>& paths) {
    // yaml-cpp throws on some malformed trees (a map used as a sequence...); the readers check node
    // kinds first, and this is the net under them so that no input can crash the caller.
    try {
        return readTimeloopFilesUnchecked(paths);
    } catch (const std::exception& e) {
        return ParseResult<TimeloopSpec>::failure(
            {{paths.empty() ? std::string() : paths.front(), std::string("malformed Timeloop input: ") + e.what()}});
    }
}

namespace {
ParseResult<TimeloopSpec> readTimeloopFilesUnchecked(const std::vector<std::string>& paths) {
    std::vector<Diagnostic> errors;
    std::optional<Located> problem, arch, map, ert;
    for (const std::string& path : paths) {
        auto doc = readYamlFile(path);
        if (!doc.ok()) {
            addAll(errors, path, doc.errors);
            continue;
        }
        const YAML::Node& root = *doc.value;
        if (!root.IsMap()) {
            errors.push_back({path, "expected a YAML mapping with problem, architecture, mapping or ERT keys"});
            continue;
        }
        for (const auto& kv : root) {
            const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
            std::optional<Located>* slot = nullptr;
            if (key == "problem") slot = &problem;
            else if (key == "architecture") slot = &arch;
            else if (key == "mapping") slot = &map;
            else if (key == "ERT" || key == "ERT_summary") slot = &ert;
            else if (key == "mapper" || key == "mapspace" || key == "mapspace_constraints" || key == "variables" ||
                     key == "globals")
                continue;
            else {
                errors.push_back({path + ": " + yamlLine(kv.first),
                                  "unknown top-level key \"" + key +
                                      "\" (expected problem, architecture, mapping, ERT or ERT_summary)"});
                continue;
            }
            if (*slot) {
                errors.push_back(
                    {path + ": " + yamlLine(kv.first), "\"" + key + "\" given again (first in " + (*slot)->file + ")"});
                continue;
            }
            YAML::Node wrapped;
            wrapped[key] = kv.second;
            *slot = Located{wrapped, path};
        }
    }
    TimeloopSpec spec;
    if (problem) {
        auto p = parseTimeloopProblem(problem->node);
        addAll(errors, problem->file, p.errors);
        if (p.ok()) spec.problem = std::move(*p.value);
    }
    if (arch) {
        auto a = parseTimeloopArch(arch->node);
        addAll(errors, arch->file, a.errors);
        if (a.ok()) {
            spec.arch = std::move(*a.value);
            if (ert) {
                addAll(errors, ert->file, applyTimeloopErt(ert->node, spec.arch->acc));
                spec.has_ert = true;
            }
        }
    } else if (ert) {
        errors.push_back({ert->file, "an energy table needs an architecture"});
    }
    if (map) {
        if (!problem || !arch) {
            errors.push_back({map->file, "a mapping needs the problem and the architecture as well"});
        } else if (spec.problem && spec.arch) {
            auto m = parseTimeloopMapping(map->node, *spec.problem, *spec.arch);
            addAll(errors, map->file, m.errors);
            if (m.ok()) spec.mapping = *m.value;
        }
    }
    if (!problem && !arch && !map && errors.empty())
        errors.push_back({"", "no problem, architecture or mapping in the given files"});
    if (!errors.empty()) return ParseResult<TimeloopSpec>::failure(errors);
    return ParseResult<TimeloopSpec>::success(std::move(spec));
}
} // namespace

} // namespace archscape::io
