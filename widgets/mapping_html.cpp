#include "mapping_html.h"

#include <QStringList>

#include <algorithm>

#include "format_text.h"
#include "mapping/loop_nest.h"

namespace archscape::app {

namespace {

QString boundSentence(const hardware::Accelerator& acc, const model::LayerCost& c) {
    switch (c.bound) {
    case model::Bound::Compute:
        return QStringLiteral("compute: %1 cycles of the PE array").arg(siText(c.compute_cycles));
    case model::Bound::Memory: {
        const QString level = c.bound_level >= 0 && c.bound_level < acc.numLevels()
                                  ? qstr(acc.levels[c.bound_level].name)
                                  : QStringLiteral("memory");
        const double t = c.bound_level >= 0 ? c.levels[c.bound_level].transfer_cycles : 0;
        return QStringLiteral("%1 bandwidth: %2 transfer cycles vs %3 compute cycles")
            .arg(level.toHtmlEscaped(), siText(t), siText(c.compute_cycles));
    }
    case model::Bound::Noc:
        return QStringLiteral("NoC bandwidth: %1 cycles vs %2 compute cycles")
            .arg(siText(c.noc_cycles), siText(c.compute_cycles));
    }
    return {};
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
    h += QStringLiteral("<p>%1 MACs · %2 cycles · %3 · utilisation %4 % · %5 PEs used<br><b>Bound:</b> %6</p>")
             .arg(siText(c.macs), siText(c.cycles), siText(c.energyPj() * 1e-12, "J"))
             .arg(c.utilization * 100, 0, 'f', 1)
             .arg(c.pes_used)
             .arg(boundSentence(acc, c));
    if (!workload::hasMacs(layer.type)) {
        h += QStringLiteral("<p>Memory-only operator: data streams through the buffers, no loop nest.</p>");
        return h;
    }

    // The loop nest, outermost first, indented per loop as a programmer would write it.
    const mapping::LoopNest nest = mapping::buildLoopNest(r.mapping, acc.fanoutLevel());
    QString code;
    int depth = 0;
    int lastLevel = -1;
    bool spatialHeader = false;
    workload::PerDim<bool> seenSpatial = workload::PerDim<bool>::filled(false);
    for (int k = 0; k < nest.num_loops; ++k) {
        const mapping::Loop& loop = nest.loops[k];
        QString indent(depth * 2, ' ');
        if (loop.spatial && !spatialHeader) {
            code += indent + "// spatial: across the PE array\n";
            spatialHeader = true;
        } else if (!loop.spatial && loop.level != lastLevel) {
            code += indent + "// " + qstr(acc.levels[loop.level].name) + "\n";
            lastLevel = loop.level;
        }
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
    }
    code += QString(depth * 2, ' ') + "MAC(w, i, o)\n";
    h += "<pre style='font-size:small'>" + code.toHtmlEscaped() + "</pre>";

    // Per level: tiles, occupancy, accesses.
    h += "<table cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse'>"
         "<tr bgcolor='#eeeeee'><th>level</th><th>tile W / I / O (elements)</th><th>occupancy</th>"
         "<th>reads W / I / O</th><th>fills W / I / O</th><th>updates O</th><th>instances</th><th>transfer "
         "cycles</th></tr>";
    for (int i = 0; i < acc.numLevels() && i < c.num_levels; ++i) {
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
    h += QStringLiteral("<p>NoC: %1 words injected, %2 delivered (multicast), needs %3 words/cycle.</p>")
             .arg(siText(c.noc_words), siText(c.noc_delivered_words))
             .arg(c.noc_bandwidth_words_per_cycle, 0, 'g', 3);
    return h;
}

} // namespace archscape::app
