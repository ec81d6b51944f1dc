#include "accuracy/model_catalog.h"

#include <cstdio>
#include <filesystem>

#include "accuracy/fitted_model.h"
#include "accuracy/measured_model.h"
#include "accuracy/omega_model.h"

namespace archscape::accuracy {

namespace {

using Result = ParseResult<LoadedAccuracyModel>;

Result fail(std::string_view where, std::string message) {
    return Result::failure({{std::string(where), std::move(message)}});
}

/// Prefixes each diagnostic's path with the file or name it came from.
Result failWith(const std::string& where, const std::vector<Diagnostic>& errors) {
    std::vector<Diagnostic> out;
    for (const auto& e : errors) out.push_back({e.path.empty() ? where : where + ": " + e.path, e.message});
    return Result::failure(std::move(out));
}

Result loadHawq(const std::string& net) {
    if (net != "resnet18" && net != "resnet50")
        return fail("hawq:" + net, "expected hawq:resnet18 or hawq:resnet50 (the networks HAWQ's data cover)");
    auto m = OmegaModel::preset(net);
    if (!m.ok()) return failWith("presets/accuracy", m.errors);
    const LogFit& f = m.value->fit();
    char buf[200];
    std::snprintf(buf, sizeof buf, "fit: top1 = %.3f - %.4f ln(Omega), n=%d, RMSE %.3f pp, leave-one-out RMSE %.3f pp",
                  f.a, f.b, f.n, f.rmse, f.loo_rmse);
    return Result::success({std::make_shared<const OmegaModel>(std::move(*m.value)), buf});
}

Result loadMeasured(const std::string& rest) {
    const auto dash = rest.rfind('-');
    const auto arch = dash == std::string::npos ? std::nullopt : parseNetArch(rest.substr(dash + 1));
    if (!arch)
        return fail("measured:" + rest,
                    "expected measured:DATASET-ARCH, e.g. measured:fashion-mnist-cnn or "
                    "measured:digits-mlp (DATASET fashion-mnist or digits, ARCH cnn or mlp)");
    const std::string dataset = rest.substr(0, dash);
    auto data = loadDataset(dataset);
    if (!data.ok()) return failWith("measured:" + rest, data.errors);
    MeasuredOptions opt;
    opt.arch = *arch;
    if (dataset == "digits") opt.train.epochs = 10; // 1,437 images: 2 epochs do not converge
    auto m = MeasuredModel::create(std::make_shared<const Dataset>(std::move(*data.value)), opt);
    if (!m.ok()) return failWith(rest, m.errors);
    char buf[400];
    std::snprintf(buf, sizeof buf, "FP32 test accuracy %.2f%% (%s%s)", m.value->baselineTop1(),
                  m.value->fromCache() ? "weights from " : "trained now, cached in ", m.value->cachePath().c_str());
    return Result::success({std::make_shared<const MeasuredModel>(std::move(*m.value)), buf});
}

Result loadFitted(const std::string& file, const std::string& base_dir) {
    std::filesystem::path p(file);
    if (p.is_relative() && !base_dir.empty()) p = std::filesystem::path(base_dir) / p;
    auto m = FittedModel::fitFile(p.string());
    if (!m.ok()) return failWith(p.string(), m.errors);
    char buf[200];
    std::snprintf(buf, sizeof buf, "ridge fit on %d rows, lambda %.3g, leave-one-out RMSE %.3f pp", m.value->rows(),
                  m.value->lambda(), m.value->cvRmse());
    return Result::success({std::make_shared<const FittedModel>(std::move(*m.value)), buf});
}

} // namespace

ParseResult<LoadedAccuracyModel> loadAccuracyModel(std::string_view spec_view, const std::string& base_dir) {
    const std::string spec(spec_view);
    const auto colon = spec.find(':');
    const std::string kind = spec.substr(0, colon), rest = colon == std::string::npos ? "" : spec.substr(colon + 1);
    if (colon != std::string::npos && kind == "hawq") return loadHawq(rest);
    if (colon != std::string::npos && kind == "measured") return loadMeasured(rest);
    if (colon != std::string::npos && kind == "fitted" && !rest.empty()) return loadFitted(rest, base_dir);
    return fail(spec,
                "expected an accuracy model hawq:resnet18, hawq:resnet50, measured:DATASET-ARCH "
                "(fashion-mnist or digits, cnn or mlp) or fitted:FILE.csv, got \"" +
                    spec + "\"");
}

std::vector<std::string> accuracyModelSpecs() {
    return {"hawq:resnet18",       "hawq:resnet50",      "measured:fashion-mnist-cnn", "measured:fashion-mnist-mlp",
            "measured:digits-cnn", "measured:digits-mlp"};
}

} // namespace archscape::accuracy
