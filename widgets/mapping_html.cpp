#include "mapping_html.h"

#include <QStringList>

#include <algorithm>

#include "format_text.h"
#include "mapping/loop_nest.h"
#include "model/cycle_terms.h"
#include "model/systolic_memory.h"

namespace archscape::app {

namespace {

QString levelName(const hardware::Accelerator& acc, int level) {
    return level >= 0 && level < acc.numLevels() ? qstr(acc.levels[level].name).toHtmlEscaped()
                                                 : QStringLiteral("memory");
}

// The cycle count as the sum the engines compute (model::cycleTerms), so the listed parts add up to
// it: the overlapped term first, then what does not overlap it. The bound is the largest part.
QString cycleSentence(const hardware::Accelerator& acc, const model::LayerCost& c, bool systolic) {
    QStringList parts;
    QString bound;
    double largest = -1;
    for (const model::CycleTerm& t : model::cycleTerms(c)) {
        QString name, text;
        const QString level = levelName(acc, t.level), cycles = siText(t.cycles);
        switch (t.kind) {
        case model::CycleTerm::Kind::Compute:
            name = QStringLiteral("compute");
            text = systolic ? QStringLiteral("<b>array streaming</b> %1 (folds × T)").arg(cycles)
                            : QStringLiteral("<b>compute</b> %1").arg(cycles);
            break;
        case model::CycleTerm::Kind::Transfer:
            name = level + QStringLiteral(" bandwidth");
            text = QStringLiteral("<b>%1 transfers</b> %2 (double-buffered: %3 compute cycles hide under them)")
                       .arg(level, cycles, siText(c.compute_cycles));
            break;
        case model::CycleTerm::Kind::Noc:
            name = QStringLiteral("NoC bandwidth");
            text = QStringLiteral("<b>NoC transfers</b> %1 (%2 compute cycles hide under them)")
                       .arg(cycles, siText(c.compute_cycles));
            break;
        case model::CycleTerm::Kind::Startup:
            text = systolic ? QStringLiteral("skewed fill and drain %1").arg(cycles)
                            : QStringLiteral("pipeline fill %1").arg(cycles);
            break;
        case model::CycleTerm::Kind::Stall:
            name = level + QStringLiteral(" bandwidth");
            text = systolic
                       ? QStringLiteral("<b>%1 stalls</b> %2 (fills slower than the array consumes)").arg(level, cycles)
                       : QStringLiteral("<b>%1 transfers</b> %2 (not double-buffered: serial to compute)")
                             .arg(level, cycles);
            break;
        }
        parts << text;
        if (!name.isEmpty() && t.cycles > largest) {
            largest = t.cycles;
            bound = name;
        }
    }
    return QStringLiteral("<b>Bound:</b> %1 · <b>%2 cycles</b> = %3")
        .arg(bound, siText(c.cycles), parts.join(QStringLiteral(" + ")));
}

QString occupancyBar(double fraction) {
    const int pct = std::clamp(int(fraction * 100 + 0.5), 0, 100);
    const QString colour = fraction > 0.9 ? "#e15759" : fraction > 0.6 ? "#f28e2b" : "#59a14f";
    QString bar =
        QStringLiteral("<table width='140' cellspacing='0' cellpadding='0' style='border:1px solid #999'><tr>");
    if (pct > 0) bar += QStringLiteral("<td width='%1%' bgcolor='%2'>&nbsp;</td>").arg(pct).arg(colour);
    if (pct < 100) bar += QStringLiteral("<td width='%1%'>&nbsp;</td>").arg(100 - pct);
    return bar + "</tr></table>";
}

} // namespace

QString precisionText(const workload::Layer& layer, const hardware::Accelerator& acc) {
    const auto p = acc.precisionOf(layer);
    auto one = [&](const char* what, workload::Operand op, const std::optional<Precision>& own) {
        return QStringLiteral("%1 <b>%2</b> (%3)")
            .arg(QLatin1String(what), qstr(archscape::toString(p[op])),
                 own ? QStringLiteral("layer") : QStringLiteral("accelerator"));
    };
    return QStringLiteral("Precision: %1 · %2 · %3")
        .arg(one("weights", workload::Operand::Weight, layer.weight_precision),
             one("inputs", workload::Operand::Input, layer.input_precision),
             one("outputs", workload::Operand::Output, std::nullopt));
}

namespace {

QString systolicHtml(const hardware::Accelerator& acc, const workload::Layer& layer, const model::SystolicReport& s) {
    using hardware::SystolicDataflow;
    // SCALE-Sim's lowering (docs/systolic.md): M ofmap pixels, N filters, K = R·S·C window elements.
    const char* names[] = {"M (ofmap pixels)", "N (filters)", "K (window R·S·C)"};
    const char *rowsDim = names[2], *colsDim = names[1], *timeDim = names[0], *stays = "weights";
    switch (s.dataflow) {
    case SystolicDataflow::OutputStationary:
        rowsDim = names[0], colsDim = names[1], timeDim = names[2], stays = "partial sums";
        break;
    case SystolicDataflow::WeightStationary: break;
    case SystolicDataflow::InputStationary:
        rowsDim = names[2], colsDim = names[0], timeDim = names[1], stays = "inputs";
        break;
    }
    const QString df = qstr(hardware::toString(s.dataflow));
    QString h = QStringLiteral(
                    "<p><b>Systolic mapping</b> (%1: %2 stay in the PEs) of the GEMM M %3 × N %4 × K %5%6 "
                    "on the %7 × %8 array: <b>%9 × %10 folds</b> of %11 lines each (%12 − 2).</p>")
                    .arg(df, QLatin1String(stays))
                    .arg(s.m)
                    .arg(s.n)
                    .arg(s.k)
                    .arg(s.groups > 1 ? QStringLiteral(", %1 groups one after another").arg(s.groups) : QString())
                    .arg(s.rows)
                    .arg(s.cols)
                    .arg(s.row_folds)
                    .arg(s.col_folds)
                    .arg(s.lines_per_fold)
                    .arg(s.dataflow == SystolicDataflow::OutputStationary ? QStringLiteral("T + R + C")
                                                                          : QStringLiteral("2R + C + T"));
    QString code;
    code += QStringLiteral("// %1 × %2 array, %3 dataflow\n").arg(s.rows).arg(s.cols).arg(df);
    code +=
        QStringLiteral("for col_fold in [0, %1)      // columns: %2 = %3\n").arg(s.col_folds).arg(colsDim).arg(s.sc);
    code += QStringLiteral("  for row_fold in [0, %1)    // rows: %2 = %3\n").arg(s.row_folds).arg(rowsDim).arg(s.sr);
    code += QStringLiteral("    stream %1 = %2 through the array   // %3 lines per fold\n")
                .arg(timeDim)
                .arg(s.t)
                .arg(s.lines_per_fold);
    h += "<pre style='font-size:small'>" + code.toHtmlEscaped() + "</pre>";
    h += QStringLiteral(
             "<p>Mapping efficiency %1 % · compute utilisation %2 % · %3 compute cycles (R<sub>f</sub>·C"
             "<sub>f</sub>·L − 1) + %4 stall cycles per group</p>")
             .arg(s.mapping_efficiency_pct, 0, 'f', 1)
             .arg(s.compute_util_pct, 0, 'f', 1)
             .arg(siText(s.compute_cycles), siText(s.stall_cycles));
    const model::SystolicMemory mem = model::systolicMemory(acc, acc.precisionOf(layer));
    h += "<table cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse'>"
         "<tr bgcolor='#eeeeee'><th>operand</th><th>SRAM</th><th>SRAM accesses</th><th>peak SRAM elements/cycle</th>"
         "<th>DRAM accesses</th><th>DRAM elements/cycle (avg)</th></tr>";
    for (workload::Operand o : {workload::Operand::Input, workload::Operand::Weight, workload::Operand::Output}) {
        const int li = mem.level[o];
        const QString sram =
            li > 0 && li < acc.numLevels()
                ? QStringLiteral("%1 (%2 elements)").arg(levelName(acc, li), siText(mem.sram_elements[o]))
                : QStringLiteral("none (from DRAM)");
        h += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td></tr>")
                 .arg(o == workload::Operand::Input    ? QStringLiteral("ifmap")
                      : o == workload::Operand::Weight ? QStringLiteral("filter")
                                                       : QStringLiteral("ofmap"),
                      sram, siText(s.sram[o].count), siText(s.peak_sram_bandwidth[o]), siText(s.dram[o].count),
                      siText(s.dram[o].averageBandwidth()));
    }
    h += "</table>";
    return h;
}

} // namespace

QString mappingHtml(const workload::Layer& layer, const hardware::Accelerator& acc, const model::LayerResult& r) {
    QString h;
    h += QStringLiteral("<h3>%1 <small>(%2: %3)</small></h3>")
             .arg(qstr(layer.name).toHtmlEscaped(), qstr(workload::toString(layer.type)), layerShapeText(layer));
    h += "<p>" + precisionText(layer, acc) + "</p>";
    const model::LayerCost& c = r.cost;
    if (!r.mapped) {
        h += QStringLiteral("<p><b style='color:#c00'>No valid mapping.</b> %1</p>")
                 .arg(qstr(mapping::describe(c.violation)).toHtmlEscaped());
        return h;
    }
    h += QStringLiteral("<p>%1 MACs · %2 cycles · %3 · utilisation %4 % · %5 PEs used<br>%6</p>")
             .arg(siText(c.macs), siText(c.cycles), siText(c.energyPj() * 1e-12, "J"))
             .arg(c.utilization * 100, 0, 'f', 1)
             .arg(c.pes_used)
             .arg(cycleSentence(acc, c, r.systolic.has_value()));
    if (workload::isStructured(layer.type)) {
        h += QStringLiteral(
            "<p>Structured operator: its engine runs it stage by stage, no loop nest "
            "(docs/templates.md).</p>");
        return h;
    }
    if (!workload::hasMacs(layer.type)) {
        h += QStringLiteral("<p>Memory-only operator: data streams through the buffers, no loop nest.</p>");
        return h;
    }
    if (r.systolic) {
        h += systolicHtml(acc, layer, *r.systolic);
    } else {
        // The loop nest, outermost first, indented per loop as a programmer would write it; every
        // level of the table below gets its header, also one whose loops all have bound 1.
        const mapping::LoopNest nest = mapping::buildLoopNest(r.mapping, acc.fanoutLevel());
        QString code;
        int depth = 0;
        workload::PerDim<bool> seenSpatial = workload::PerDim<bool>::filled(false);
        auto print = [&](int k) {
            const mapping::Loop& loop = nest.loops[k];
            const QString indent(depth * 2, ' ');
            const QString dim = qstr(workload::toString(loop.dim));
            bool overRows = false;
            if (loop.spatial) {
                // buildLoopNest pushes a dimension's column (x) loop before its row (y) loop.
                overRows = seenSpatial[loop.dim] || r.mapping.spatial_x[loop.dim] <= 1;
                seenSpatial[loop.dim] = true;
            }
            code += indent + (loop.spatial ? QStringLiteral("parallel_for %1 in [0, %2)   // over PE %3\n")
                                                 .arg(dim.toLower())
                                                 .arg(loop.bound)
                                                 .arg(overRows ? "rows" : "columns")
                                           : QStringLiteral("for %1 in [0, %2)\n").arg(dim.toLower()).arg(loop.bound));
            ++depth;
        };
        const int levels = std::min(nest.num_levels, acc.numLevels());
        for (int i = 0; i < levels; ++i) {
            if (i == nest.fanout) {
                code += QString(depth * 2, ' ') + "// spatial: across the PE array\n";
                for (int k = 0; k < nest.level_begin[i]; ++k)
                    if (nest.loops[k].spatial) print(k);
            }
            const int begin = nest.level_begin[i], finish = nest.level_begin[i + 1];
            int temporal = 0;
            for (int k = begin; k < finish; ++k) temporal += !nest.loops[k].spatial;
            code += QString(depth * 2, ' ') + "// " + qstr(acc.levels[i].name) +
                    (temporal == 0 ? QStringLiteral(": no loops of its own (holds the tile below whole)\n")
                                   : QStringLiteral("\n"));
            for (int k = begin; k < finish; ++k)
                if (!nest.loops[k].spatial) print(k);
        }
        if (nest.fanout >= levels) {
            code += QString(depth * 2, ' ') + "// spatial: across the PE array\n";
            for (int k = 0; k < nest.num_loops; ++k)
                if (nest.loops[k].spatial) print(k);
        }
        code += QString(depth * 2, ' ') + "MAC(w, i, o)\n";
        h += "<pre style='font-size:small'>" + code.toHtmlEscaped() + "</pre>";
    }

    // Per level: tiles, occupancy, accesses.
    h += "<table cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse'>"
         "<tr bgcolor='#eeeeee'><th>level</th><th>tile W / I / O (elements)</th><th>occupancy</th>"
         "<th>reads W / I / O</th><th>fills W / I / O</th><th>updates O</th><th>instances</th><th>transfer "
         "cycles</th></tr>";
    QStringList inPes;
    for (int i = 0; i < acc.numLevels() && i < c.num_levels; ++i) {
        // SCALE-Sim's PEs hold their operand registers themselves: the systolic engine has no
        // per-PE level figures to show.
        if (r.systolic && acc.levels[i].per_pe) {
            inPes << levelName(acc, i);
            continue;
        }
        const model::LevelStats& s = c.levels[i];
        auto triple = [](const workload::PerOperand<double>& v) {
            return QStringLiteral("%1 / %2 / %3")
                .arg(siText(v[workload::Operand::Weight]), siText(v[workload::Operand::Input]),
                     siText(v[workload::Operand::Output]));
        };
        const double frac = s.capacity_bits > 0 ? s.occupancy_bits / s.capacity_bits : 0;
        const QString occ =
            s.capacity_bits > 0
                ? occupancyBar(frac) +
                      QStringLiteral("%1 of %2").arg(bytesText(s.occupancy_bits / 8), bytesText(s.capacity_bits / 8))
                : QStringLiteral("unbounded");
        h += QStringLiteral(
                 "<tr><td><b>%1</b></td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td><td>%7</td><td>%8</td></"
                 "tr>")
                 .arg(qstr(acc.levels[i].name).toHtmlEscaped(), triple(s.tile), occ, triple(s.reads), triple(s.fills),
                      siText(s.updates[workload::Operand::Output]), siText(s.instances), siText(s.transfer_cycles));
    }
    h += "</table>";
    if (!inPes.isEmpty())
        h +=
            QStringLiteral("<p>%1: inside the PEs (the systolic model counts the array's registers with the MACs).</p>")
                .arg(inPes.join(QStringLiteral(", ")));
    h += QStringLiteral("<p>NoC: %1 words injected, %2 delivered (multicast), needs %3 words/cycle.</p>")
             .arg(siText(c.noc_words), siText(c.noc_delivered_words))
             .arg(c.noc_bandwidth_words_per_cycle, 0, 'g', 3);
    return h;
}

} // namespace archscape::app
