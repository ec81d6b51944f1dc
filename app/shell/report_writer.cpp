#include "report_writer.h"

#include <QAbstractTextDocumentLayout>
#include <QDateTime>
#include <QFileInfo>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "breakdown_chart.h"
#include "chart_style.h"
#include "format_text.h"
#include "gantt_chart.h"
#include "hardware/technology.h"
#include "mapping_html.h"
#include "pareto_chart.h"
#include "partition_view.h"
#include "roofline_chart.h"
#include "search/design_evaluation.h"
#include "system_snapshot.h"
#include "system_text.h"

namespace archscape::app {

namespace {

using widgets::BreakdownChart;
using widgets::ParetoChart;
using widgets::RooflineChart;

// The writer works in points (72 per inch), so fonts and chart sizes read as on paper.
constexpr int kDpi = 72;
constexpr double kMargin = 40;
// Mapping pages: tables at 7.5 pt (wider wraps the level names), the loop nest at 8 pt. mappingHtml
// sets the nest in "small" for the inspector, 0.8 of the base: 6 pt on paper, unreadable (issue 15).
// tst_report_layout measures the nest's size in the PDF, so a change of that markup shows.
constexpr double kMappingPointSize = 7.5;
const QString kInspectorNestStyle = QStringLiteral("<pre style='font-size:small'>");
const QString kReportNestStyle = QStringLiteral("<pre style='font-size:8pt'>");

/// MAC layers with a valid mapping, most energy first.
std::vector<int> expensiveLayers(const workload::Network& net, const model::NetworkCost& cost) {
    std::vector<int> layers;
    for (int i = 0; i < int(cost.layers.size()); ++i)
        if (cost.layers[i].mapped && workload::hasMacs(net.layers[i].type)) layers.push_back(i);
    std::stable_sort(layers.begin(), layers.end(),
                     [&cost](int a, int b) { return cost.layers[a].cost.energyPj() > cost.layers[b].cost.energyPj(); });
    // Identical shapes have identical mappings: show each shape once.
    std::vector<int> distinct;
    for (int i : layers) {
        const bool seen = std::any_of(distinct.begin(), distinct.end(),
                                      [&](int j) { return net.layers[i].sameShape(net.layers[j]); });
        if (!seen) distinct.push_back(i);
        if (int(distinct.size()) == kReportMappingPages) break;
    }
    return distinct;
}

QString mapperText(const search::EvaluationPolicy& m) {
    const QString df = qstr(mapping::toString(m.dataflow));
    switch (m.mode) {
    case search::EvaluationPolicy::Mode::Template: return QStringLiteral("%1 dataflow template").arg(df);
    case search::EvaluationPolicy::Mode::BestTemplate: return QStringLiteral("best dataflow template per layer");
    case search::EvaluationPolicy::Mode::MappingFile: return QStringLiteral("mappings from a mapping file");
    case search::EvaluationPolicy::Mode::Search:
        return QStringLiteral("decoupled mapper search (%1 candidates per layer shape), %2")
            .arg(m.budget)
            .arg(m.free_mapspace ? QStringLiteral("free mapspace") : QStringLiteral("%1 spatial unrolling").arg(df));
    }
    return {};
}

/// The project's title rule (project.h): the callers put the file name in where there is one.
QString reportTitle(const Project& p) { return qstr(projectTitle(p.name, {}, p.accelerator.name)); }

class Report {
public:
    Report(QPdfWriter& writer, const Project& p, const model::NetworkCost& cost, const ReportExtras& extras)
        : m_writer(writer),
          m_painter(&writer),
          m_p(p),
          m_cost(cost),
          m_schedule(extras.schedule),
          m_partition(extras.partition) {
        m_page = QRectF(kMargin, kMargin, writer.width() - 2 * kMargin, writer.height() - 2 * kMargin);
    }

    bool ok() const { return m_painter.isActive(); }

    void write() {
        summaryPage();
        newPage();
        chartsPage();
        if (m_partition) {
            newPage();
            partitionPage();
        }
        const int layers = int(m_p.currentNetwork().layers.size());
        for (int first = 0; first < std::max(layers, 1); first += kReportRowsPerPage) {
            newPage();
            layerTablePage(first, std::min(layers, first + kReportRowsPerPage));
        }
        for (int layer : expensiveLayers(m_p.currentNetwork(), m_cost)) {
            newPage();
            html(m_page.top(),
                 QStringLiteral("<h2>Mapping of %1</h2>")
                         .arg(qstr(m_p.currentNetwork().layers[layer].name).toHtmlEscaped()) +
                     app::mappingHtml(m_p.currentNetwork().layers[layer], m_p.accelerator, m_cost.layers[layer])
                         .replace(kInspectorNestStyle, kReportNestStyle),
                 kMappingPointSize);
        }
        if (m_schedule && m_schedule->scheduled()) {
            newPage();
            schedulePage(*m_schedule);
        }
        m_painter.end();
    }

private:
    void newPage() { m_writer.newPage(); }

    /// Draws rich text at `top`; returns the bottom of what was drawn.
    double html(double top, const QString& body, double pointSize = 9) {
        QTextDocument doc;
        doc.documentLayout()->setPaintDevice(&m_writer);
        QFont f("DejaVu Sans");
        f.setPointSizeF(pointSize);
        doc.setDefaultFont(f);
        doc.setDefaultStyleSheet("h1{font-size:18pt;} h2{font-size:13pt;} th{text-align:left;}");
        doc.setTextWidth(m_page.width());
        doc.setHtml(body);
        m_painter.save();
        m_painter.translate(m_page.left(), top);
        doc.drawContents(&m_painter, QRectF(0, 0, m_page.width(), m_page.bottom() - top));
        m_painter.restore();
        return top + doc.size().height();
    }

    void chart(QCustomPlot& plot, double top, double height) {
        plot.resize(int(m_page.width()), int(height));
        // A hidden widget gets its resize event only when shown: fit the legend to the page here.
        widgets::fitLegendColumns(plot.legend, int(m_page.width()));
        plot.replot();
        m_painter.save();
        m_painter.translate(m_page.left(), top);
        plot.toPainter(&m_painter, int(m_page.width()), int(height));
        m_painter.restore();
    }

    void summaryPage() {
        const auto& acc = m_p.accelerator;
        const double clock = acc.clock_mhz;
        const double latency = m_cost.latencySeconds(clock);
        const double energyJ = m_cost.energy_pj * 1e-12;
        const hardware::AreaBreakdown area = hardware::areaBreakdown(acc);
        QString s;
        s += QStringLiteral("<h1>Archscape report: %1</h1>").arg(reportTitle(m_p).toHtmlEscaped());
        s += QStringLiteral("<p>%1 · workload <b>%2</b> (%3 layers, %4 MACs) · accelerator <b>%5</b></p>")
                 .arg(QDateTime::currentDateTime().toString("yyyy-MM-dd HH:mm"),
                      qstr(m_p.currentNetwork().name).toHtmlEscaped())
                 .arg(m_p.currentNetwork().layers.size())
                 .arg(app::siText(double(m_p.currentNetwork().totalMacs())), qstr(acc.name).toHtmlEscaped());
        if (!acc.description.empty()) s += "<p><i>" + qstr(acc.description).toHtmlEscaped() + "</i></p>";
        s += "<p>" + app::acceleratorSummary(acc) + QStringLiteral(" · mapping: %1</p>").arg(mapperText(m_p.mapper));
        auto row = [](const QString& k, const QString& v) {
            return QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>").arg(k, v);
        };
        s += "<table cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse'>";
        s += row("Latency", app::secondsText(latency) +
                                QStringLiteral(" (%1 cycles at %2 MHz)").arg(app::siText(m_cost.cycles)).arg(clock));
        s += row("Energy", app::siText(energyJ, "J"));
        s += row("Average power", app::siText(latency > 0 ? energyJ / latency : 0, "W"));
        s += row("Energy-delay product", QString::number(energyJ * latency, 'g', 3) + " J·s");
        s += row("Area", QStringLiteral("%1 mm² (MACs %2, storage %3, NoC %4)")
                             .arg(area.total() * 1e-6, 0, 'f', 3)
                             .arg(area.mac_um2 * 1e-6, 0, 'f', 3)
                             .arg(area.storage_um2 * 1e-6, 0, 'f', 3)
                             .arg(area.noc_um2 * 1e-6, 0, 'f', 3));
        s += row("Throughput", QStringLiteral("%1 MACs/cycle of %2 peak")
                                   .arg(m_cost.cycles > 0 ? m_cost.macs / m_cost.cycles : 0, 0, 'f', 1)
                                   .arg(double(acc.pe.count() * acc.pe.macs_per_pe)));
        if (m_cost.unmapped > 0) s += row("Unmapped layers", QString::number(m_cost.unmapped));
        const bool currentExplored = m_p.current_design >= 0 && m_p.current_design < int(m_p.designs.size());
        if (currentExplored && std::isfinite(m_p.designs[m_p.current_design].accuracy_pct))
            s += row("Predicted top-1 accuracy",
                     QStringLiteral("%1 %").arg(m_p.designs[m_p.current_design].accuracy_pct, 0, 'f', 2));
        s += "</table>";
        // Energy by component over the whole network.
        model::EnergyBreakdown total;
        for (const auto& r : m_cost.layers) {
            if (!r.mapped) continue;
            total.mac_pj += r.cost.energy.mac_pj;
            total.noc_pj += r.cost.energy.noc_pj;
            total.leakage_pj += r.cost.energy.leakage_pj;
            for (int l = 0; l < mapping::kMaxLevels; ++l) total.level_pj[l] += r.cost.energy.level_pj[l];
        }
        const double t = std::max(total.total(), 1e-30);
        QStringList parts;
        parts << QStringLiteral("MAC %1 %").arg(100 * total.mac_pj / t, 0, 'f', 1);
        for (int l = 0; l < acc.numLevels(); ++l)
            parts
                << QStringLiteral("%1 %2 %").arg(qstr(acc.levels[l].name)).arg(100 * total.level_pj[l] / t, 0, 'f', 1);
        parts << QStringLiteral("NoC %1 %").arg(100 * total.noc_pj / t, 0, 'f', 1)
              << QStringLiteral("leakage %1 %").arg(100 * total.leakage_pj / t, 0, 'f', 1);
        s += "<p><b>Energy by component:</b> " + parts.join(" · ") + "</p>";
        const double bottom = html(m_page.top(), s);

        const double top = bottom + 12;
        if (m_p.designs.empty()) {
            html(top,
                 "<p><i>No design-space exploration in this project: run Explore in the GUI to add a Pareto "
                 "chart.</i></p>");
            return;
        }
        ParetoChart pareto;
        pareto.setDesigns(&m_p.designs);
        pareto.setCurrentDesign(m_p.current_design);
        // With an accuracy model the trade-off that matters is accuracy against energy.
        const bool accuracy = pareto.hasMetric(search::Metric::Accuracy);
        if (accuracy) pareto.setAxes(search::Metric::Energy, search::Metric::Accuracy);
        const QString space =
            m_p.explore.space ? qstr(m_p.explore.space->space->name).toHtmlEscaped() : QStringLiteral("sweep");
        const double chartTop =
            html(top, QStringLiteral("<h2>Design space %1: %2 designs, %3 on the %4 front</h2>")
                          .arg(space)
                          .arg(m_p.designs.size())
                          .arg(pareto.front().size())
                          .arg(accuracy ? QStringLiteral("energy-accuracy") : QStringLiteral("latency-energy")));
        chart(pareto, chartTop, std::min(m_page.bottom() - chartTop, m_page.width() * 0.8));
    }

    void chartsPage() {
        // Charts start below their headings (a chart paints its own background over what is under it).
        const double half = (m_page.height() - 80) / 2;
        double top = html(m_page.top(), "<h2>Per-layer energy and latency</h2>");
        BreakdownChart breakdown;
        breakdown.setMaxLayers(60);
        breakdown.setDesign(m_p.currentNetwork(), m_p.accelerator, &m_cost);
        chart(breakdown, top, half);
        top = html(top + half + 8, "<h2>Roofline</h2>");
        RooflineChart roofline;
        roofline.setDesign(m_p.currentNetwork(), m_p.accelerator, &m_cost);
        chart(roofline, top, m_page.bottom() - top);
    }

    static QString gigabytes(double bytes) { return QStringLiteral("%1 GB").arg(bytes / 1e9, 0, 'g', 4); }

    void partitionPage() {
        // Issue 13: the workload split over devices, as the device view draws it, with the figures.
        const PartitionOutcome& o = *m_partition;
        const auto& p = o.problem;
        const auto& part = o.result.partition;
        const QString objective =
            p.objective == schedule::PartitionObjective::Latency ? QStringLiteral("latency") : QStringLiteral("period");
        QString s = QStringLiteral("<h2>Partition across devices: %1</h2>").arg(qstr(o.devices_name).toHtmlEscaped());
        s += QStringLiteral(
                 "<p>%1 over %2 devices (%3), solver %4 (%5, %6). %7 %8, lower bound %9, gap %10 %. "
                 "Latency %11, period %12. %13 of %14 edges cut, %15.</p>")
                 .arg(qstr(o.network->name).toHtmlEscaped())
                 .arg(p.numDevices())
                 .arg(QFileInfo(qstr(o.devices_file)).fileName().toHtmlEscaped(),
                      qstr(schedule::toString(o.result.solver)), qstr(o.result.status),
                      app::secondsText(o.result.solve_s), objective, app::secondsText(part.value(p.objective)),
                      app::secondsText(o.result.lower_bound_s))
                 .arg(100 * o.result.gap(p.objective), 0, 'f', 1)
                 .arg(app::secondsText(part.latency_s), app::secondsText(part.period_s))
                 .arg(part.cut_edges)
                 .arg(p.edges.size())
                 .arg(app::bytesText(part.cut_bytes));
        s += "<table width='100%' cellspacing='0' cellpadding='1.5' border='1' style='border-collapse:collapse'>"
             "<tr bgcolor='#eeeeee'><th>device</th><th>layers</th><th>busy</th><th>memory</th><th>of</th>"
             "<th>alone</th></tr>";
        for (int d = 0; d < p.numDevices(); ++d) {
            const bool alone = d < int(o.single_device.size()) && o.single_device[d].feasible;
            s += QStringLiteral(
                     "<tr><td>%1</td><td align='right'>%2</td><td align='right'>%3</td>"
                     "<td align='right'>%4</td><td align='right'>%5</td><td>%6</td></tr>")
                     .arg(qstr(p.device_names[d]).toHtmlEscaped())
                     .arg(part.device_nodes[d])
                     .arg(app::secondsText(part.device_busy_s[d]), gigabytes(part.device_memory_bytes[d]),
                          gigabytes(p.memory_bytes[d]),
                          alone ? app::secondsText(o.single_device[d].value(p.objective))
                                : (d < int(o.single_device.size())
                                       ? "infeasible: " + qstr(o.single_device[d].reason).toHtmlEscaped()
                                       : QString()));
        }
        s += "</table>";
        const double top = html(m_page.top(), s, 8) + 10;
        widgets::PartitionView view;
        QFont f("DejaVu Sans");
        f.setPointSizeF(7);
        view.setFont(f);
        view.setPartition(p, o.result, qstr(o.network->name) + " over " + qstr(o.devices_name));
        view.paintInto(m_painter, QRectF(m_page.left(), top, m_page.width(), m_page.bottom() - top));
    }

    void layerTablePage(int first, int last) {
        QString s = QStringLiteral("<h2>Layers %1–%2 of %3</h2>")
                        .arg(first + 1)
                        .arg(last)
                        .arg(m_p.currentNetwork().layers.size());
        s += "<table width='100%' cellspacing='0' cellpadding='1.5' border='1' style='border-collapse:collapse'>"
             "<tr bgcolor='#eeeeee'><th>#</th><th>layer</th><th>type</th><th>shape</th><th>MACs</th><th>cycles</th>"
             "<th>energy</th><th>bound</th><th>util.</th></tr>";
        for (int i = first; i < last; ++i) {
            const auto& layer = m_p.currentNetwork().layers[i];
            const auto& r = m_cost.layers[i];
            s += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td align='right'>%5</td>")
                     .arg(i)
                     .arg(qstr(layer.name).toHtmlEscaped(), qstr(workload::toString(layer.type)),
                          app::layerShapeText(layer), app::siText(double(layer.macs())));
            if (r.mapped)
                s +=
                    QStringLiteral(
                        "<td align='right'>%1</td><td align='right'>%2</td><td>%3</td><td align='right'>%4 %</td></tr>")
                        .arg(app::siText(r.cost.cycles), app::siText(r.cost.energyPj() * 1e-12, "J"),
                             qstr(model::toString(r.cost.bound)))
                        .arg(r.cost.utilization * 100, 0, 'f', 1);
            else s += "<td colspan='4'><font color='#c00'>no valid mapping</font></td></tr>";
        }
        s += "</table>";
        html(m_page.top(), s, 7);
    }

    /// The system's schedule of the mix: totals, the Gantt chart (the GUI's drawing) and per unit its
    /// PEs, layers, busy time, layer energy and idle leakage.
    void schedulePage(const widgets::SystemSnapshot& s) {
        const auto& problem = *s.problem;
        const auto& sched = *s.schedule;
        const hardware::System& sys = s.design->system;
        const double spc = 1.0 / (s.clock_mhz * 1e6);
        const double seconds = sched.makespan_cycles * spc;
        const double joules = sched.energy_pj * 1e-12;
        QString h = QStringLiteral("<h2>Schedule: %1 on %2 (%3 scheduler)</h2>")
                        .arg(qstr(s.mix ? s.mix->name : std::string()).toHtmlEscaped(), qstr(sys.name).toHtmlEscaped(),
                             QString::fromStdString(s.scheduler));
        if (!sys.description.empty()) h += "<p><i>" + qstr(sys.description).toHtmlEscaped() + "</i></p>";
        auto row = [](const QString& k, const QString& v) {
            return QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>").arg(k, v);
        };
        h += "<table cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse'>";
        h += row("Makespan",
                 app::secondsText(seconds) +
                     QStringLiteral(" (%1 cycles at %2 MHz)").arg(app::siText(sched.makespan_cycles)).arg(s.clock_mhz));
        h += row("Energy", QStringLiteral("%1 (layers %2, idle leakage %3)")
                               .arg(app::siText(joules, "J"), app::siText(sched.layer_energy_pj * 1e-12, "J"),
                                    app::siText(sched.idle_leakage_pj * 1e-12, "J")));
        h += row("Energy-delay product", QString::number(joules * seconds, 'g', 3) + " J·s");
        h += row("Area", QStringLiteral("%1 mm²").arg(s.area_um2 * 1e-6, 0, 'f', 3));
        h += row(
            "Lower bound",
            QStringLiteral("%1 cycles (gap %2 %)")
                .arg(app::siText(sched.lower_bound_cycles))
                .arg(sched.lower_bound_cycles > 0 ? 100 * (sched.makespan_cycles / sched.lower_bound_cycles - 1) : 0.0,
                     0, 'f', 1));
        h += row("Layers scheduled", QStringLiteral("%1 (of %2 networks on %3 units)")
                                         .arg(problem.tasks.size() - sched.unmapped)
                                         .arg(problem.network_names.size())
                                         .arg(problem.units));
        if (sched.deadline_misses > 0) h += row("Deadline misses", QString::number(sched.deadline_misses));
        if (sched.unmapped > 0) h += row("Layers no unit can run", QString::number(sched.unmapped));
        h += "</table>";
        double top = html(m_page.top(), h) + 10;
        const double ganttHeight = std::min(60.0 + 40.0 * problem.units, m_page.height() * 0.35);
        QFont f("DejaVu Sans");
        f.setPointSizeF(7.5);
        widgets::GanttChart::draw(m_painter, QRectF(m_page.left(), top, m_page.width(), ganttHeight), s, f, QPalette());
        top += ganttHeight + 12;
        // Per unit: what ran there and what it cost.
        QString t =
            "<h2>Units</h2><table width='100%' cellspacing='0' cellpadding='2' border='1' "
            "style='border-collapse:collapse'><tr bgcolor='#eeeeee'><th>unit</th><th>mapping</th>"
            "<th>PEs</th><th>share</th><th>layers</th><th>busy</th><th>busy %</th><th>layer energy</th>"
            "<th>idle leakage</th></tr>";
        const std::int64_t totalPes = std::max<std::int64_t>(sys.totalPes(), 1);
        for (int u = 0; u < problem.units; ++u) {
            int layers = 0;
            double energy = 0;
            for (const auto& l : sched.layers)
                if (l.unit == u) {
                    ++layers;
                    energy += problem.tasks[l.task].costs[u].energy_pj;
                }
            const auto& acc = sys.units[u].accelerator;
            const double busy = u < int(sched.busy_cycles.size()) ? sched.busy_cycles[u] : 0.0;
            const double idle = std::max(sched.makespan_cycles - busy, 0.0) * problem.idle_leak_pj_per_cycle[u];
            t += QStringLiteral(
                     "<tr><td>%1</td><td>%2</td><td>%3×%4 = %5</td><td align='right'>%6 %</td>"
                     "<td align='right'>%7</td><td align='right'>%8</td><td align='right'>%9 %</td>")
                     .arg(qstr(problem.unit_names[u]).toHtmlEscaped(),
                          u < int(s.design->policies.size()) ? widgets::unitPolicyText(s.design->policies[u]) : "")
                     .arg(acc.pe.rows)
                     .arg(acc.pe.cols)
                     .arg(acc.pe.count())
                     .arg(100.0 * double(acc.pe.count()) / double(totalPes), 0, 'f', 1)
                     .arg(layers)
                     .arg(app::siText(busy * spc, "s"))
                     .arg(sched.makespan_cycles > 0 ? 100 * busy / sched.makespan_cycles : 0.0, 0, 'f', 1);
            t += QStringLiteral("<td align='right'>%1</td><td align='right'>%2</td></tr>")
                     .arg(app::siText(energy * 1e-12, "J"), app::siText(idle * 1e-12, "J"));
        }
        t += "</table><p>Bars: one per scheduled layer, coloured by network; time at the system clock. The "
             "shared DRAM bandwidth is split in proportion to demand while layers overlap (docs/schedule.md).</p>";
        html(top, t, 8);
    }

    QPdfWriter& m_writer;
    QCPPainter m_painter;
    const Project& m_p;
    const model::NetworkCost& m_cost;
    const widgets::SystemSnapshot* m_schedule;
    const PartitionOutcome* m_partition;
    QRectF m_page;
};

} // namespace

int reportPageCount(const Project& project, const model::NetworkCost& cost, const ReportExtras& extras) {
    const auto& net = project.currentNetwork();
    const int layers = std::max(int(net.layers.size()), 1);
    return 2 + (extras.partition ? 1 : 0) + (layers + kReportRowsPerPage - 1) / kReportRowsPerPage +
           int(expensiveLayers(net, cost).size()) + (extras.schedule && extras.schedule->scheduled() ? 1 : 0);
}

bool writeReport(const QString& path, const Project& project, const model::NetworkCost* cost, QString* error,
                 const ReportExtras& extras) {
    model::NetworkCost evaluated;
    if (!cost) {
        evaluated = search::evaluateDesign(project.currentNetwork(), project.accelerator, project.mapper);
        cost = &evaluated;
    }
    if (cost->layers.size() != project.currentNetwork().layers.size()) {
        if (error) *error = QStringLiteral("the design has not been evaluated yet");
        return false;
    }
    // QSaveFile writes a temporary file and renames it on commit: a failed export never leaves
    // half a PDF behind, and an existing report survives until the new one is complete.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error) *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    {
        QPdfWriter writer(&file);
        writer.setResolution(kDpi);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setTitle(QStringLiteral("Archscape report: %1").arg(reportTitle(project)));
        writer.setCreator(QStringLiteral("Archscape"));
        Report report(writer, project, *cost, extras);
        if (!report.ok()) {
            if (error) *error = QStringLiteral("cannot paint on %1").arg(path);
            file.cancelWriting();
            return false;
        }
        report.write();
    }
    if (!file.commit()) {
        if (error) *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace archscape::app
