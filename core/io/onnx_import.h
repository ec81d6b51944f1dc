#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/parse_result.h"
#include "workload/network.h"

namespace archscape::io {

/// Choices for an ONNX import.
struct OnnxImportOptions {
    /// Shapes for graph inputs whose dimensions are symbolic or missing ("input" → {1, 3, 224, 224}).
    std::map<std::string, std::vector<std::int64_t>> input_shapes;
};

/// An operator type that has no Archscape counterpart, and how often it occurs.
struct OnnxOpCount {
    std::string op_type;
    int count = 0;
};

/// An imported ONNX graph.
struct OnnxImport {
    workload::Network network;
    /// Ops kept as memory-only (element-wise) layers because Archscape has no model for them
    /// (Transpose, Concat, Resize, ...), by type, in order of first appearance.
    std::vector<OnnxOpCount> unsupported;
    /// Ops that only reinterpret a tensor's shape (Reshape, Flatten, Squeeze, Identity, Dropout,
    /// Constant...) and move no data: no layer, their consumers connect to their producer.
    std::vector<OnnxOpCount> folded;
    /// Activations (Relu, Clip, Sigmoid...) applied to the output of a convolution or matrix
    /// multiplication that nothing else reads: fused into that layer, as accelerators apply them on
    /// the way out of the array (no layer, no memory traffic of their own; issue 15).
    std::vector<OnnxOpCount> fused;
    int opset = 0; ///< default-domain opset of the model
};

/// Highest default-domain opset this build's ONNX library knows.
int onnxMaxOpset();

/// Imports a serialised ONNX ModelProto. Weights are never read: shapes come from the graph's
/// types, the initializers' dims (external or absent data are fine) and ONNX shape inference.
/// Conv (groups, dilation, padding, stride; 1-D and 2-D) → conv; Gemm and MatMul with a constant
/// operand → gemm (leading dimensions folded into M); MatMul of two activations (attention QKᵀ and
/// AV) → batched_matmul; Max/Average/Global pooling → pool; element-wise ops → elementwise;
/// Softmax → softmax; Batch/Layer/Instance/Group normalisation → norm. Memory-only layers map a
/// tensor [d0, d1, d2, d3...] to N = d0, channels = d1, P = d2, Q = d3·d4·... Edges follow the
/// tensors. Errors name the node ("node 'conv3' (Conv)") or the input: not a model, an unknown
/// opset, a dynamic input dimension without an `input_shapes` entry, a node whose shapes cannot
/// be inferred.
ParseResult<OnnxImport> parseOnnxModel(const std::string& bytes, const OnnxImportOptions& options = {});

/// Reads the file and imports it; diagnostics do not repeat the file name.
ParseResult<OnnxImport> readOnnxFile(const std::string& path, const OnnxImportOptions& options = {});

/// Parses "name=1x3x224x224" (as given to --input-shape); false when malformed.
bool parseInputShape(const std::string& text, std::string& name, std::vector<std::int64_t>& dims);

} // namespace archscape::io
