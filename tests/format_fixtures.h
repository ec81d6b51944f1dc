#pragma once
// Small input files of every format for the file-format tests (core and CLI): an ONNX model built
// with test::ModelBuilder, the MAESTRO, Timeloop and SCALE-Sim fixtures under tests/data/.
#include <QFile>
#include <QString>

#include <string>

#include "onnx_model_builder.h"
#include "test_support.h"

namespace archscape::test {

/// A one-convolution ONNX model: input x [1, 3, 8, 8], weights [4, 3, 3, 3], stride 1, no padding, so
/// the output is [1, 4, 6, 6] (ONNX Conv: 8 − 3 + 1 = 6) and the layer has K·C·R·S·P·Q =
/// 4·3·3·3·6·6 = 3888 MACs; a Relu on its output. With `raw_weight_bytes` > 0 the weights carry that
/// many bytes of raw data, to make the file larger than detect()'s 64 KiB head; with `symbolic_batch`
/// the input's first dimension is the symbol "batch" (an --input-shape must give it).
inline std::string tinyOnnxModel(std::size_t raw_weight_bytes = 0, bool symbolic_batch = false) {
    ModelBuilder b;
    b.model().mutable_graph()->set_name("tiny");
    b.input("x", {symbolic_batch ? -1 : 1, 3, 8, 8});
    b.weight("w", {4, 3, 3, 3});
    if (raw_weight_bytes > 0)
        b.model().mutable_graph()->mutable_initializer(0)->set_raw_data(std::string(raw_weight_bytes, '\x01'));
    ModelBuilder::attr(b.node("Conv", "conv1", {"x", "w"}, {"y"}), "kernel_shape", {3, 3});
    b.node("Relu", "relu1", {"y"}, {"z"});
    b.output("z");
    return b.bytes();
}

/// The text of a file under the source tree (tests/data/...).
inline std::string sourceText(const std::string& rel) {
    QFile f(QString::fromStdString(sourcePath(rel)));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll().toStdString();
}

} // namespace archscape::test
