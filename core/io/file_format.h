#pragma once
// The one table of the file formats Archscape reads (docs/formats.md, section "Reading any format"):
// for each, its extensions, how its content is recognised, and what it holds. detect() says what a
// file is; the readers by kind (io/file_readers.h) read every format of one kind.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/parse_result.h"

namespace archscape::io {

/// What a file holds, as far as a command that takes it cares.
enum class FileKind : std::uint8_t {
    Workload,     ///< a network of layers
    Accelerator,  ///< a hardware description
    Mapping,      ///< loop nests for the layers of a workload on an accelerator
    DesignSpace,  ///< axes of a hardware exploration
    Project,      ///< a GUI session
    Result,       ///< something Archscape wrote (an evaluation, a search or an exploration result)
    EnergyTable,  ///< per-action energies (Accelergy's ERT)
    AnyArchscape, ///< Archscape JSON that does not say its kind: read as the kind asked for
};

/// The rows of the format table.
enum class FileFormatId : std::uint8_t {
    ArchscapeJson, ///< JSON without a "format" field, or with a value no row knows
    ArchscapeWorkload,
    ArchscapeAccelerator,
    ArchscapeMapping,
    ArchscapeDesignSpace,
    ArchscapeProject,
    ArchscapeExploreResult,
    ArchscapeEvaluation,
    ArchscapeSearchResult,
    Onnx,
    MaestroMapping,  ///< MAESTRO's `.m` network of layers with their dataflows
    MaestroHardware, ///< MAESTRO's `.m` hardware file (num_pes, buffer sizes, bandwidths)
    TimeloopProblem,
    TimeloopArchitecture,
    TimeloopMapping,
    TimeloopEnergyTable, ///< Accelergy ERT / ERT_summary, as Timeloop reads it
    ScaleSimConfig,      ///< SCALE-Sim v2 `.cfg`
    ScaleSimTopology,    ///< SCALE-Sim topology `.csv` (conv or GEMM layout)
};

/// One row of the table.
struct FileFormat {
    FileFormatId id;
    std::string_view noun;               ///< as messages say it: "a MAESTRO hardware file"
    std::string_view family;             ///< the tool it comes from, for file dialogs: "MAESTRO"
    std::vector<std::string> extensions; ///< lower case, with the dot: ".m"
    FileKind kind;
    std::string_view json_format; ///< the "format" value of an Archscape JSON row; empty otherwise
    std::string_view sniff;       ///< how detect() recognises the content, in words (docs/formats.md)
};

/// Every row, in the order detect() tries them.
const std::vector<FileFormat>& fileFormats();
/// The row of one format.
const FileFormat& fileFormat(FileFormatId id);
/// A kind as messages say it: "a workload", "an accelerator".
std::string_view describeKind(FileKind kind);

/// What a file is, as detect() found it.
struct Detection {
    /// Every row the file matches, in table order: one, except for a Timeloop YAML that holds several
    /// of problem, architecture, mapping and energy table.
    std::vector<FileFormatId> formats;
    /// True when the content decided; false when only the file name's extension did (content that no
    /// row recognises, e.g. a broken file, is then left to the extension's reader to diagnose).
    bool by_content = false;

    /// The first matching row that holds `kind`; an Archscape JSON that does not say its kind
    /// (FileKind::AnyArchscape) holds every kind.
    std::optional<FileFormatId> holding(FileKind kind) const;
    /// "a Timeloop problem and a Timeloop mapping".
    std::string describe() const;
};

/// Says what the file at `path` is. The content wins over the extension: JSON by its "format" value,
/// ONNX by its protobuf fields, MAESTRO by its `Network` block or hardware keys, Timeloop by its
/// top-level keys, SCALE-Sim by its INI sections or CSV header. Only when no content rule matches
/// does the extension decide. Errors, with an empty path: a missing or unreadable file, a
/// directory or device, an empty file, and a file that neither content nor extension identifies.
ParseResult<Detection> detect(const std::string& path);
/// The content rules and the extension of `file_name` applied to `bytes` (the whole file, or its
/// first 64 KiB for formats other than JSON). formats is empty when nothing matches.
Detection detectContent(std::string_view bytes, std::string_view file_name);

/// The diagnostic for a file of the wrong kind: "looks like <what detection found> (expected <what>)",
/// with an empty path (formatDiagnostics puts the file name in front).
Diagnostic wrongKind(const Detection& found, std::string_view expected);

/// Qt file-dialog filters built from the table: all readable files, one entry per family, all files.
std::string fileDialogFilter();

} // namespace archscape::io
