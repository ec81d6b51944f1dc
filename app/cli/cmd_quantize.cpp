// archscape-cli quantize: accuracy of per-layer precision assignments, quantization search
// (target-conditioned proposals priced under a hardware budget) and HAWQ-V3's exact integer program.
#include <cstdio>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "accuracy/bit_allocation.h"
#include "accuracy/measured_model.h"
#include "accuracy/model_catalog.h"
#include "accuracy/omega_model.h"
#include "accuracy/quantization_search.h"
#include "args.h"
#include "command.h"
#include "common/format_number.h"
#include "inputs.h"
#include "mapping/dataflow.h"
#include "search/design_evaluation.h"
#include "stop_signals.h"

namespace archscape::cli {

namespace {

constexpr std::string_view kUsage =
    R"(usage: archscape-cli quantize --model M [--assignment S | --target T | --ilp] [options]

  --model M            accuracy model:
                         hawq:resnet18, hawq:resnet50   Hessian-weighted Ω fitted to HAWQ-V3's published points
                         measured:DATASET-ARCH          trained here and measured: DATASET fashion-mnist or digits,
                                                        ARCH cnn or mlp (weights cached in ~/.cache/archscape)
                         fitted:FILE.csv                ridge regression on your measurements (columns = layers,
                                                        cells int8 / fp16 / int4/int8, plus a top1 column)
  --assignment S       predict one assignment: comma-separated per layer, "8,4,..." or "int8,fp8_e4m3,int4/int8"
  --target T           propose diverse assignments predicted to reach T % top-1
  --count N            proposals to return (default 12)
  --choices LIST       precisions the search may use, highest first (default int8,int6,int4)
  --sigmas K           require top1 − K·uncertainty ≥ target (default 0)
  --ilp                HAWQ-V3 integer program (hawq models): minimise Ω under --size-mb, --bops-g and
                       --latency-ms budgets, solved exactly with GLPK; bit choices from --choices (integers)
  --size-mb X, --bops-g X, --latency-ms X   ILP budgets (omit for none)
  --accelerator A      price proposals on this accelerator (preset name or file) ...
  --workload W         ... running this workload (default: the model's own layers)
  --dataflow D         mapping template for pricing (default ws)
  --max-latency-s X, --max-energy-j X, --max-area-mm2 X, --max-weight-mb X   hardware budget
  --format F           table (default) or json
  --output FILE        write there (atomically) instead of stdout

Exit codes: 0 ok, 1 nothing meets the target or the budgets (unreachable, infeasible), 2 bad input.
)";

std::string fmt(const char* f, double v) { return formatNumber(v, f); }

nlohmann::json predictionJson(const accuracy::AccuracyPrediction& p) {
    return {{"top1", p.top1}, {"uncertainty", p.uncertainty}, {"extrapolating", p.extrapolating}};
}

std::string predictionText(const accuracy::AccuracyPrediction& p) {
    return fmt("%.2f%%", p.top1) + " ± " + fmt("%.2f", p.uncertainty) + (p.extrapolating ? "  (extrapolating)" : "");
}

int run(const std::vector<std::string>& argv) {
    const Args a(argv,
                 {"model", "assignment", "target", "count", "choices", "sigmas", "size-mb", "bops-g", "latency-ms",
                  "accelerator", "workload", "dataflow", "max-latency-s", "max-energy-j", "max-area-mm2",
                  "max-weight-mb", "format", "output"},
                 {"ilp"});
    if (!a.positional().empty()) throw CliError("unexpected argument '" + a.positional()[0] + "'");
    checkOutputPath(a.get("output"));
    const std::string format = a.get("format").value_or("table");
    if (format != "table" && format != "json") throw CliError("--format: expected table or json, got '" + format + "'");
    // No cancellation points in the searches and the ILP: a signal ends the command at once, exit 1,
    // leaving --output as it was.
    const StopSignals signals(StopSignals::Mode::ExitAtOnce);
    const int modes = a.has("assignment") + a.has("target") + a.has("ilp");
    if (modes != 1) throw CliError("give exactly one of --assignment, --target or --ilp");

    auto loaded = accuracy::loadAccuracyModel(a.require("model"));
    if (!loaded.ok()) throw CliError(formatDiagnostics("--model", loaded.errors));
    const auto model = loaded.value->model;
    const std::string& note = loaded.value->note;
    const int L = static_cast<int>(model->layers().layers.size());
    std::vector<Precision> choices;
    {
        auto c = accuracy::parseAssignment(a.get("choices").value_or("int8,int6,int4"));
        if (!c.ok()) throw CliError(formatDiagnostics("--choices", c.errors));
        for (const auto& l : c.value->layers) choices.push_back(l.weight);
    }
    std::ostringstream text;
    nlohmann::json js{{"model", model->name()}, {"note", note}, {"baseline_top1", model->baselineTop1()}};
    text << "model " << model->name() << ": " << note << "\n";
    int exit_code = kExitOk;

    if (auto s = a.get("assignment")) {
        auto parsed = accuracy::parseAssignment(*s);
        if (!parsed.ok()) throw CliError(formatDiagnostics("--assignment", parsed.errors));
        if (static_cast<int>(parsed.value->layers.size()) != L)
            throw CliError("--assignment: " + std::to_string(parsed.value->layers.size()) + " entries, the model has " +
                           std::to_string(L) + " layers");
        const auto p = model->predict(*parsed.value);
        text << "assignment " << accuracy::toString(*parsed.value) << "\npredicted top-1 " << predictionText(p) << "\n";
        js["assignment"] = accuracy::toString(*parsed.value);
        js["prediction"] = predictionJson(p);
    } else if (a.has("ilp")) {
        const auto* omega = dynamic_cast<const accuracy::OmegaModel*>(model.get());
        if (!omega) throw CliError("--ilp needs a hawq: model (the program minimises HAWQ's Ω)");
        std::vector<int> bits;
        for (const auto& c : choices) {
            if (c.is_float) throw CliError("--ilp: --choices must be integer precisions");
            bits.push_back(c.bits);
        }
        const auto problem =
            accuracy::hawqProblem(*omega, bits, a.getDouble("size-mb", 0, 0, 1e9), a.getDouble("bops-g", 0, 0, 1e12),
                                  a.getDouble("latency-ms", 0, 0, 1e9));
        const auto sol = accuracy::solveExact(problem);
        js["ilp"] = {{"status", sol.status}, {"feasible", sol.feasible}};
        text << "ILP (GLPK): " << sol.status << "\n";
        if (sol.feasible) {
            const auto assignment = accuracy::PrecisionAssignment::fromBits(sol.bits(problem));
            const auto p = model->predict(assignment);
            js["ilp"]["omega"] = sol.objective;
            js["ilp"]["assignment"] = accuracy::toString(assignment);
            js["ilp"]["prediction"] = predictionJson(p);
            for (const auto& r : problem.resources) {
                double use = 0;
                for (int l = 0; l < L; ++l) use += r.use[l][sol.choice[l]];
                js["ilp"][r.name] = use;
                text << "  " << r.name << " " << fmt("%.4g", use) << " (budget " << fmt("%.4g", r.budget) << ")\n";
            }
            text << "  Omega " << fmt("%.6g", sol.objective) << "\n  assignment " << accuracy::toString(assignment)
                 << "\n  predicted top-1 " << predictionText(p) << "\n";
        } else {
            exit_code = kExitFailure;
        }
    } else {
        accuracy::ProposalOptions opt;
        opt.target_top1 = a.getDouble("target", 0, 0, 100);
        opt.count = static_cast<int>(a.getInt("count", 12, 1, 1000));
        opt.sigmas = a.getDouble("sigmas", 0, 0, 10);
        opt.choices = choices;
        if (dynamic_cast<const accuracy::MeasuredModel*>(model.get())) opt.max_evaluations = 400;
        const auto r = accuracy::proposeAssignments(*model, opt);
        text << r.message << "\n";
        js["search"] = {{"message", r.message}, {"unreachable", r.unreachable}, {"evaluations", r.evaluations}};
        if (r.proposals.empty()) exit_code = kExitFailure;
        if (a.has("accelerator") && !r.proposals.empty()) {
            const hardware::Accelerator acc = loadAccelerator(*a.get("accelerator"));
            const workload::Network net = a.has("workload") ? loadWorkload(*a.get("workload")) : model->layers();
            const auto df = mapping::parseDataflow(a.get("dataflow").value_or("ws"));
            if (!df) throw CliError("--dataflow: expected ws, os, is, rs, kc-p or yx-p");
            if (!accuracy::matchLayers(model->layers(), net))
                throw CliError("--workload: network '" + net.name + "' does not contain the layers of model " +
                               model->name());
            accuracy::HardwareBudget budget;
            budget.latency_s = a.getDouble("max-latency-s", 0, 0, 1e9);
            budget.energy_j = a.getDouble("max-energy-j", 0, 0, 1e9);
            budget.area_mm2 = a.getDouble("max-area-mm2", 0, 0, 1e9);
            budget.weight_mb = a.getDouble("max-weight-mb", 0, 0, 1e9);
            const auto priced = accuracy::selectUnderBudget(
                r.proposals, *model, net, acc,
                [&](const workload::Network& quantized) {
                    return search::evaluateDesign(quantized, acc,
                                                  {.mode = search::EvaluationPolicy::Mode::Template, .dataflow = *df});
                },
                budget);
            text << "top1      ±     latency_s    energy_j     area_mm2  weight_mb  budget  assignment\n";
            js["proposals"] = nlohmann::json::array();
            int within = 0;
            for (const auto& p : priced) {
                within += p.within_budget;
                text << fmt("%-9.2f", p.proposal.accuracy.top1) << fmt("%-6.2f", p.proposal.accuracy.uncertainty)
                     << fmt("%-13.6g", p.latency_s) << fmt("%-13.6g", p.energy_j) << fmt("%-13.6g", p.area_mm2)
                     << fmt("%-11.4g", p.weight_mb) << (p.within_budget ? "ok      " : "over    ")
                     << accuracy::toString(p.proposal.assignment)
                     << (p.proposal.accuracy.extrapolating ? " (extrap.)" : "") << "\n";
                js["proposals"].push_back({{"assignment", accuracy::toString(p.proposal.assignment)},
                                           {"prediction", predictionJson(p.proposal.accuracy)},
                                           {"latency_s", p.latency_s},
                                           {"energy_j", p.energy_j},
                                           {"area_mm2", p.area_mm2},
                                           {"weight_mb", p.weight_mb},
                                           {"mapped", p.mapped},
                                           {"within_budget", p.within_budget}});
            }
            if (within == 0) {
                text << "no proposal meets the hardware budget\n";
                exit_code = kExitFailure;
            }
        } else {
            js["proposals"] = nlohmann::json::array();
            for (const auto& p : r.proposals) {
                text << fmt("%-9.2f", p.accuracy.top1) << accuracy::toString(p.assignment)
                     << (p.accuracy.extrapolating ? " (extrapolating)" : "") << "\n";
                js["proposals"].push_back(
                    {{"assignment", accuracy::toString(p.assignment)}, {"prediction", predictionJson(p.accuracy)}});
            }
        }
    }
    writeOutput(a.get("output"), format == "json" ? js.dump(2) + "\n" : text.str());
    return exit_code;
}

const CommandRegistration kRegistration{
    {"quantize", "accuracy of per-layer precisions, quantization search and HAWQ-V3's integer program", kUsage, &run}};

} // namespace

} // namespace archscape::cli
