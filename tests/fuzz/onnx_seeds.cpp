// Writes the ONNX seed corpus of fuzz_onnx (tests/fuzz/corpus/fuzz_onnx/) with the tests' own model
// builder (tests/onnx_model_builder.h): small models, no weight data, covering the operator kinds
// the importer maps (Conv in 1-D, 2-D, grouped and depthwise form, Gemm, MatMul, attention with a
// Transpose and a Softmax, pools, an elementwise Add, a Reshape with a shape constant, an
// unsupported operator of a foreign domain), a whole ResNet-50 and the regressions of issue 18 that
// the builder can express. Usage: onnx_seed_writer DIR
#include <cstdio>
#include <fstream>
#include <string>

#include "onnx_model_builder.h"

using archscape::test::ModelBuilder;

namespace {

bool write(const std::string& dir, const std::string& name, const ModelBuilder& b) {
    const std::string path = dir + "/" + name + ".onnx";
    std::ofstream out(path, std::ios::binary);
    out << b.bytes();
    if (out.flush()) return true;
    std::fprintf(stderr, "onnx_seed_writer: cannot write %s\n", path.c_str());
    return false;
}

ModelBuilder convs() {
    ModelBuilder b;
    b.input("x", {1, 3, 32, 32});
    std::string y = b.conv("c1", "x", 3, 16, 3, 1, 1);
    b.node("Relu", "r1", {y}, {"r1.y"});
    y = b.conv("dw", "r1.y", 16, 16, 3, 2, 1, 16);
    b.node("Clip", "clip", {y}, {"clip.y"});
    y = b.conv("grouped", "clip.y", 16, 32, 1, 1, 0, 4);
    auto* mp = b.node("MaxPool", "pool", {y}, {"pool.y"});
    ModelBuilder::attr(mp, "kernel_shape", {2, 2});
    ModelBuilder::attr(mp, "strides", {2, 2});
    b.node("GlobalAveragePool", "gap", {"pool.y"}, {"gap.y"});
    b.node("Flatten", "flat", {"gap.y"}, {"flat.y"});
    b.weight("fc.w", {10, 32});
    auto* fc = b.node("Gemm", "fc", {"flat.y", "fc.w"}, {"logits"});
    ModelBuilder::attr(fc, "transB", std::int64_t(1));
    b.output("logits");
    return b;
}

ModelBuilder matmuls() {
    ModelBuilder b;
    b.input("t", {4, 10, 64});
    b.weight("w", {64, 32});
    b.node("MatMul", "proj", {"t", "w"}, {"z"});
    b.input("s", {1, 4, 20});
    b.weight("w1d", {8, 4, 3});
    auto* c = b.node("Conv", "conv1d", {"s", "w1d"}, {"u"});
    ModelBuilder::attr(c, "dilations", std::vector<std::int64_t>{2});
    b.output("z"), b.output("u");
    return b;
}

ModelBuilder attention() {
    ModelBuilder b;
    for (const char* t : {"q", "k", "v"}) b.input(t, {1, 2, 16, 8});
    auto* tr = b.node("Transpose", "kt", {"k"}, {"k_t"});
    ModelBuilder::attr(tr, "perm", {0, 1, 3, 2});
    b.node("MatMul", "qk", {"q", "k_t"}, {"scores"});
    auto* sm = b.node("Softmax", "softmax", {"scores"}, {"probs"});
    ModelBuilder::attr(sm, "axis", std::int64_t(-1));
    b.node("MatMul", "av", {"probs", "v"}, {"ctx"});
    b.ints("shape", {1, 16, 16});
    b.node("Reshape", "merge_heads", {"ctx", "shape"}, {"merged"});
    b.output("merged");
    return b;
}

ModelBuilder residual() {
    ModelBuilder b;
    b.input("x", {1, 8, 8, 8});
    const std::string y = b.conv("c", "x", 8, 8, 3, 1, 1);
    b.node("Add", "add", {y, "x"}, {"sum"});
    b.node("Sigmoid", "act", {"sum"}, {"act.y"});
    auto* ap = b.node("AveragePool", "avg", {"act.y"}, {"avg.y"});
    ModelBuilder::attr(ap, "kernel_shape", {2, 2});
    b.node("FancyOp", "fancy", {"avg.y"}, {"f"})->set_domain("com.example");
    b.output("f");
    return b;
}

// Regression seed of issue 18 (the original crash file is gone): a memory-only node whose output
// has 4035225266123964402 x 14 elements, a product beyond int64 (UBSan in the importer's product()).
ModelBuilder tensorOverflow() {
    ModelBuilder b;
    b.input("x", {1, 1, 1, 4035225266123964402, 14});
    b.node("Softmax", "sm", {"x"}, {"y"});
    b.output("y");
    return b;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: onnx_seed_writer DIR\n");
        return 2;
    }
    const std::string dir = argv[1];
    const bool ok = write(dir, "convs", convs()) && write(dir, "matmuls", matmuls()) &&
                    write(dir, "attention", attention()) && write(dir, "residual", residual()) &&
                    write(dir, "resnet50", archscape::test::resnet50(1)) &&
                    write(dir, "regress_tensor_overflow", tensorOverflow());
    return ok ? 0 : 1;
}
