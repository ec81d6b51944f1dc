#pragma once
// Builds ONNX models in memory with the ONNX protobuf API, for the importer's tests and the CLI's:
// no weights (initializers carry dims only, as in models with external or stripped data).
#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace archscape::test {

/// Builds a graph node by node; shapes of intermediate tensors are left to ONNX shape inference.
class ModelBuilder {
public:
    explicit ModelBuilder(int opset = 13) {
        m_model.set_ir_version(8);
        auto* op = m_model.add_opset_import();
        op->set_domain("");
        op->set_version(opset);
        m_model.mutable_graph()->set_name("test");
    }
    /// A float graph input; a negative dimension becomes the symbolic "batch".
    void input(const std::string& name, std::vector<std::int64_t> dims) {
        auto* in = m_model.mutable_graph()->add_input();
        in->set_name(name);
        auto* t = in->mutable_type()->mutable_tensor_type();
        t->set_elem_type(onnx::TensorProto::FLOAT);
        auto* s = t->mutable_shape();
        for (auto d : dims) {
            auto* dim = s->add_dim();
            if (d < 0) dim->set_dim_param("batch");
            else dim->set_dim_value(d);
        }
    }
    /// A weight tensor with dims and no data.
    void weight(const std::string& name, std::vector<std::int64_t> dims) {
        auto* w = m_model.mutable_graph()->add_initializer();
        w->set_name(name);
        w->set_data_type(onnx::TensorProto::FLOAT);
        for (auto d : dims) w->add_dims(d);
    }
    /// An int64 constant with data (shape operands of Reshape need values).
    void ints(const std::string& name, std::vector<std::int64_t> values) {
        auto* w = m_model.mutable_graph()->add_initializer();
        w->set_name(name);
        w->set_data_type(onnx::TensorProto::INT64);
        w->add_dims(std::int64_t(values.size()));
        for (auto v : values) w->add_int64_data(v);
    }
    onnx::NodeProto* node(const std::string& op, const std::string& name, std::vector<std::string> in,
                          std::vector<std::string> out) {
        auto* n = m_model.mutable_graph()->add_node();
        n->set_op_type(op);
        n->set_name(name);
        for (auto& i : in) n->add_input(i);
        for (auto& o : out) n->add_output(o);
        return n;
    }
    static void attr(onnx::NodeProto* n, const std::string& name, std::vector<std::int64_t> v) {
        auto* a = n->add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::INTS);
        for (auto x : v) a->add_ints(x);
    }
    static void attr(onnx::NodeProto* n, const std::string& name, std::int64_t v) {
        auto* a = n->add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::INT);
        a->set_i(v);
    }
    void output(const std::string& name) {
        auto* o = m_model.mutable_graph()->add_output();
        o->set_name(name);
        o->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
    }
    std::string bytes() const { return m_model.SerializeAsString(); }
    onnx::ModelProto& model() { return m_model; }

    /// Conv + weights in one call; returns the output name.
    std::string conv(const std::string& name, const std::string& x, std::int64_t cin, std::int64_t cout, int k,
                     int stride, int pad, int group = 1) {
        weight(name + ".w", {cout, cin / group, k, k});
        auto* n = node("Conv", name, {x, name + ".w"}, {name + ".y"});
        attr(n, "kernel_shape", {k, k});
        attr(n, "strides", {stride, stride});
        attr(n, "pads", {pad, pad, pad, pad});
        if (group != 1) attr(n, "group", std::int64_t(group));
        return name + ".y";
    }

private:
    onnx::ModelProto m_model;
};

/// ResNet-50 v1.5 (torchvision layout: stride in the 3x3 of a stage's first bottleneck).
inline ModelBuilder resnet50(std::int64_t batch = 1) {
    ModelBuilder b;
    b.input("image", {batch, 3, 224, 224});
    std::string x = b.conv("conv1", "image", 3, 64, 7, 2, 3);
    b.node("Relu", "relu1", {x}, {"relu1.y"});
    auto* mp = b.node("MaxPool", "maxpool", {"relu1.y"}, {"maxpool.y"});
    ModelBuilder::attr(mp, "kernel_shape", {3, 3});
    ModelBuilder::attr(mp, "strides", {2, 2});
    ModelBuilder::attr(mp, "pads", {1, 1, 1, 1});
    x = "maxpool.y";
    std::int64_t in = 64;
    const int blocks[4] = {3, 4, 6, 3};
    for (int s = 0; s < 4; ++s) {
        const std::int64_t w = 64 << s;
        for (int i = 0; i < blocks[s]; ++i) {
            const std::string p = "layer" + std::to_string(s + 1) + "." + std::to_string(i);
            const int stride = (i == 0 && s > 0) ? 2 : 1;
            std::string y = b.conv(p + ".conv1", x, in, w, 1, 1, 0);
            b.node("Relu", p + ".relu1", {y}, {p + ".r1"});
            y = b.conv(p + ".conv2", p + ".r1", w, w, 3, stride, 1);
            b.node("Relu", p + ".relu2", {y}, {p + ".r2"});
            y = b.conv(p + ".conv3", p + ".r2", w, 4 * w, 1, 1, 0);
            std::string shortcut = x;
            if (i == 0) shortcut = b.conv(p + ".downsample", x, in, 4 * w, 1, stride, 0);
            b.node("Add", p + ".add", {y, shortcut}, {p + ".sum"});
            b.node("Relu", p + ".relu3", {p + ".sum"}, {p + ".out"});
            x = p + ".out";
            in = 4 * w;
        }
    }
    b.node("GlobalAveragePool", "avgpool", {x}, {"gap"});
    b.node("Flatten", "flatten", {"gap"}, {"flat"});
    b.weight("fc.w", {1000, 2048});
    auto* fc = b.node("Gemm", "fc", {"flat", "fc.w"}, {"logits"});
    ModelBuilder::attr(fc, "transB", std::int64_t(1));
    b.output("logits");
    return b;
}

} // namespace archscape::test
