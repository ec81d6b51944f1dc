#pragma once
// Small input files of every format for the file-format tests (core and CLI): an ONNX model built
// with the ONNX protobuf API, the MAESTRO, Timeloop and SCALE-Sim fixtures under tests/data/.
#include <QFile>
#include <QString>

#include <onnx/onnx_pb.h>

#include <string>

#include "test_support.h"

namespace archscape::test {

/// A one-convolution ONNX model: input x [1, 3, 8, 8], weights [4, 3, 3, 3], stride 1, no padding, so
/// the output is [1, 4, 6, 6] (ONNX Conv: 8 − 3 + 1 = 6) and the layer has K·C·R·S·P·Q =
/// 4·3·3·3·6·6 = 3888 MACs; a Relu on its output. With `raw_weight_bytes` > 0 the weights carry that
/// many bytes of raw data, to make the file larger than detect()'s 64 KiB head; with `symbolic_batch`
/// the input's first dimension is the symbol "batch" (an --input-shape must give it).
inline std::string tinyOnnxModel(std::size_t raw_weight_bytes = 0, bool symbolic_batch = false) {
    onnx::ModelProto m;
    m.set_ir_version(8);
    m.set_producer_name("archscape tests");
    auto* op = m.add_opset_import();
    op->set_domain("");
    op->set_version(13);
    auto* g = m.mutable_graph();
    g->set_name("tiny");
    auto* in = g->add_input();
    in->set_name("x");
    auto* t = in->mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto::FLOAT);
    for (std::int64_t d : {1, 3, 8, 8}) {
        auto* dim = t->mutable_shape()->add_dim();
        if (symbolic_batch && d == 1) dim->set_dim_param("batch");
        else dim->set_dim_value(d);
    }
    auto* w = g->add_initializer();
    w->set_name("w");
    w->set_data_type(onnx::TensorProto::FLOAT);
    for (std::int64_t d : {4, 3, 3, 3}) w->add_dims(d);
    if (raw_weight_bytes > 0) w->set_raw_data(std::string(raw_weight_bytes, '\x01'));
    auto* conv = g->add_node();
    conv->set_op_type("Conv");
    conv->set_name("conv1");
    conv->add_input("x");
    conv->add_input("w");
    conv->add_output("y");
    auto* k = conv->add_attribute();
    k->set_name("kernel_shape");
    k->set_type(onnx::AttributeProto::INTS);
    k->add_ints(3);
    k->add_ints(3);
    auto* relu = g->add_node();
    relu->set_op_type("Relu");
    relu->set_name("relu1");
    relu->add_input("y");
    relu->add_output("z");
    auto* out = g->add_output();
    out->set_name("z");
    out->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
    return m.SerializeAsString();
}

/// The text of a file under the source tree (tests/data/...).
inline std::string sourceText(const std::string& rel) {
    QFile f(QString::fromStdString(sourcePath(rel)));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll().toStdString();
}

} // namespace archscape::test
