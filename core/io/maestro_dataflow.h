#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/parse_result.h"

namespace archscape::io {

/// One MAESTRO dataflow directive, with Sz() and constants already resolved.
struct MaestroDirective {
    enum class Kind { Temporal, Spatial, Cluster } kind = Kind::Temporal;
    std::int64_t size = 1;   ///< mapping size (Cluster: sub-cluster size)
    std::int64_t offset = 1; ///< mapping offset (unused for Cluster)
    std::string dim;         ///< MAESTRO dimension name ("K", "Y'", ...); empty for Cluster
    int line = 0;
};

/// One `Layer` block of a MAESTRO mapping file.
struct MaestroLayer {
    std::string name;         ///< as written ("Conv2d-1"), made unique within the network
    std::string maestro_name; ///< MAESTRO's name: the last '-'-separated piece ("1"), as its reports print it
    std::string type;         ///< CONV, DSCONV, GEMM, ...
    std::map<std::string, std::int64_t> dims;   ///< as written: input-centric Y/X (or Y'/X')
    std::map<std::string, std::int64_t> stride; ///< "X", "Y"
    std::vector<MaestroDirective> dataflow;     ///< outermost first; inherited from the previous layer when absent
    bool inherited_dataflow = false;            ///< no Dataflow block: the previous layer's directives were copied
    int line = 0;
};

/// A MAESTRO mapping (.m) file: a network of layers with their dataflows.
struct MaestroNetwork {
    std::string name;         ///< as written ("BERT-like")
    std::string maestro_name; ///< MAESTRO's name: the last '-'-separated piece ("like")
    std::vector<MaestroLayer> layers;
    std::vector<Diagnostic> notes; ///< what was changed to read the file (duplicate layer names renamed)
};

/// Parses MAESTRO's mapping language (DFSL, shared/reference/maestro.md §3): `Constant` lines,
/// `Network name { Layer name { Type: T; Stride {..} Dimensions {..} Dataflow {..} } }`, directives
/// `TemporalMap(sz,ofs) D`, `SpatialMap(sz,ofs) D`, `Cluster(n,P|L)`, sizes as integers, constants or
/// `Sz(D)`. As in MAESTRO, `:`, `,`, `(`, `)` and `;` are separators, `//` starts a comment, and a
/// layer without a Dataflow block reuses the previous layer's directives (sizes frozen). Names run
/// up to their '{' and may contain '-' (MAESTRO keeps only the last piece; both are kept). A layer
/// name used before gets a suffix "_2", "_3", … (MAESTRO allows duplicates, Archscape needs unique
/// names), with a note. Errors name the line and what was expected.
ParseResult<MaestroNetwork> parseMaestroMapping(const std::string& text);

} // namespace archscape::io
