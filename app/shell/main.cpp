// archscape: the desktop explorer.
//   archscape [FILE]                          open a project, workload or accelerator (default: ResNet-50 on Eyeriss)
//   archscape --report P.json --output R.pdf  write the PDF report of a project headless
//   archscape --screenshot S.png [FILE]       open, wait for the evaluation, save a picture of the window, quit
//             [--explore] [--space NAME|PATH] [--export-report R.pdf]
//             (first run Explore, on that design space; also export the report)
//             [--axes X,Y]  (Pareto axes: latency, energy, edp, area, power, accuracy)
//             [--system S [--mix M] [--scheduler K] [--explore-systems SPACE] [--select-task N]]
//             (open a system and a workload mix, schedule, optionally explore a system space and
//             click the Gantt bar of task N, then save the picture)
//             [--grab NAME]  (save only the widget of that object name, e.g. SystemCanvas, ScheduleDock)
#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>

#include "main_window.h"
#include "pareto_chart.h"
#include "pareto_panel.h"
#include "project.h"
#include "project_controller.h"
#include "report_writer.h"
#include "session.h"
#include "system_controller.h"
#include "system_session.h"

namespace {

int writeReportHeadless(const QString& projectPath, const QString& output) {
    const auto r = archscape::app::readAnyFile(projectPath.toStdString());
    if (!r.ok()) {
        std::fputs(archscape::formatDiagnostics(projectPath.toStdString(), r.errors).c_str(), stderr);
        return 2;
    }
    if (r.value->kind != archscape::app::OpenedFile::Kind::Project) {
        // A workload or an accelerator alone has no design to report on (it used to print the report
        // of a 1x1-PE accelerator with every layer unmapped: issue 15).
        const char* what =
            r.value->kind == archscape::app::OpenedFile::Kind::Workload ? "a workload" : "an accelerator";
        std::fprintf(stderr,
                     "%s: is %s, not a project (expected \"format\": \"archscape/project\"; save one "
                     "from the GUI or write one as docs/formats.md describes)\n",
                     qPrintable(projectPath), what);
        return 2;
    }
    archscape::app::Project p = r.value->project;
    p.name = archscape::app::projectTitle(p.name, projectPath.toStdString(), p.accelerator.name);
    QString error;
    if (!archscape::app::writeReport(output, p, nullptr, &error)) {
        std::fprintf(stderr, "archscape: %s\n", qPrintable(error));
        return 1;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    // The report needs no display: run it on the offscreen platform unless one was chosen.
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--report") == 0 && !std::getenv("QT_QPA_PLATFORM"))
            setenv("QT_QPA_PLATFORM", "offscreen", 1);

    QApplication app(argc, argv);
    QApplication::setApplicationName("Archscape");
    QApplication::setOrganizationName("Archscape");
    QApplication::setApplicationVersion("0.1.0");

    QCommandLineParser parser;
    parser.setApplicationDescription("Design-space explorer for DNN accelerators.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("file",
                                 "Project, workload or accelerator file to open (any format of docs/formats.md), or an "
                                 "explore result of archscape-cli explore (.json or .jsonl) for the Pareto chart.");
    const QCommandLineOption report("report", "Write the PDF report of <project> and exit.", "project");
    const QCommandLineOption output("output", "Report file (with --report).", "pdf");
    const QCommandLineOption screenshot("screenshot", "Save a PNG of the window once evaluated, then exit.", "png");
    const QCommandLineOption explore("explore", "With --screenshot: run Explore first.");
    const QCommandLineOption exportReport("export-report", "With --screenshot: also export the report.", "pdf");
    const QCommandLineOption space("space", "Design space Explore uses (preset name or file).", "space");
    const QCommandLineOption axes("axes", "Pareto chart axes, e.g. energy,accuracy.", "x,y");
    const QCommandLineOption partition("partition",
                                       "With --screenshot: partition the workload over these devices (a file or a "
                                       "preset of presets/devices; ',throughput' for a pipelined stream) and show "
                                       "the device view.",
                                       "devices[,throughput]");
    const QCommandLineOption system("system", "Open a system (preset name or archscape/system file).", "system");
    const QCommandLineOption mix("mix", "Open a workload mix (preset name or archscape/workload-mix file).", "mix");
    const QCommandLineOption scheduler("scheduler", "Scheduler of the system: baseline, herald or exact.", "name");
    const QCommandLineOption exploreSystems("explore-systems", "With --screenshot: explore a system space first.",
                                            "space");
    const QCommandLineOption selectTask("select-task", "With --screenshot: click the Gantt bar of task N.", "n");
    const QCommandLineOption grabWidget("grab", "With --screenshot: save only the widget of this object name.", "name");
    parser.addOptions({report, output, screenshot, explore, exportReport, space});
    parser.addOptions({axes, system, mix, scheduler, exploreSystems, selectTask, grabWidget});
    parser.addOption(partition);
    parser.process(app);

    if (parser.isSet(report)) {
        if (!parser.isSet(output)) {
            std::fputs("archscape: --report needs --output R.pdf\n", stderr);
            return 2;
        }
        return writeReportHeadless(parser.value(report), parser.value(output));
    }

    archscape::app::Session session;
    archscape::app::MainWindow window(&session);
    QString error;
    if (!window.project()->loadDefaultDesign(&error)) std::fprintf(stderr, "archscape: %s\n", qPrintable(error));
    const QStringList files = parser.positionalArguments();
    if (!files.isEmpty()) {
        if (!window.project()->openFile(files.first(), &error, parser.isSet(screenshot))) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            if (parser.isSet(screenshot)) return 2;
        }
    }
    if (parser.isSet(space) && !window.chooseDesignSpace(parser.value(space), &error, parser.isSet(screenshot))) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        if (parser.isSet(screenshot)) return 2;
    }
    if (parser.isSet(axes)) {
        const QStringList xy = parser.value(axes).split(',');
        const auto x = archscape::search::parseMetric(xy.value(0).toStdString());
        const auto y = archscape::search::parseMetric(xy.value(1).toStdString());
        if (!x || !y) {
            std::fprintf(stderr, "archscape: --axes %s: expected two of latency, energy, edp, area, power, accuracy\n",
                         qPrintable(parser.value(axes)));
            return 2;
        }
        if (auto* panel = window.findChild<archscape::widgets::ParetoPanel*>()) panel->chooseAxes(*x, *y);
    }
    archscape::app::SystemController* systems = window.systems();
    if (parser.isSet(system) && !systems->open("systems", parser.value(system), &error, parser.isSet(screenshot))) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        if (parser.isSet(screenshot)) return 2;
    }
    if (parser.isSet(mix) && !systems->open("mixes", parser.value(mix), &error, parser.isSet(screenshot))) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        if (parser.isSet(screenshot)) return 2;
    }
    if (parser.isSet(scheduler)) {
        const QString k = parser.value(scheduler);
        archscape::app::SystemState s = systems->session()->state();
        if (k == "baseline") s.scheduler = archscape::app::SystemSchedulerKind::Baseline;
        else if (k == "herald") s.scheduler = archscape::app::SystemSchedulerKind::Herald;
        else if (k == "exact") s.scheduler = archscape::app::SystemSchedulerKind::Exact;
        else {
            std::fprintf(stderr, "archscape: --scheduler %s: expected baseline, herald or exact\n", qPrintable(k));
            return 2;
        }
        systems->session()->setState(s);
    }
    if (parser.isSet(exploreSystems) && !systems->chooseSpace(parser.value(exploreSystems), &error, true)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    window.show();

    if (parser.isSet(screenshot) && parser.isSet(system)) {
        // A picture of one system view gets the window to itself: the single-accelerator docks close.
        if (parser.isSet(grabWidget))
            for (QDockWidget* d : window.findChildren<QDockWidget*>())
                if (d != systems->scheduleDock() && d != systems->paretoDock()) d->close();
        // The system path: wait (polling) for the schedule, the exploration and the clicked layer.
        window.project()->setUnsavedChangesPrompt([] { return int(QMessageBox::Discard); });
        archscape::app::SystemSession* ss = systems->session();
        const QString path = parser.value(screenshot);
        const QString pdf = parser.value(exportReport);
        const QString grabName = parser.value(grabWidget);
        const bool exploreFirst = parser.isSet(exploreSystems);
        const int task = parser.isSet(selectTask) ? parser.value(selectTask).toInt() : -1;
        auto* poll = new QTimer(&window);
        auto stage = std::make_shared<int>(0);
        QObject::connect(poll, &QTimer::timeout, &window, [=, &window, &session] {
            const bool scheduled = ss->result() && !ss->evaluationPending();
            switch (*stage) {
            case 0: // the schedule
                if (!scheduled || session.evaluationPending()) return;
                if (exploreFirst) systems->startExploration();
                *stage = 1;
                return;
            case 1: // the exploration
                if (ss->exploring()) return;
                if (task >= 0) ss->selectTask(task);
                *stage = 2;
                return;
            case 2: // the clicked layer's mapping on its unit
                if (task >= 0 && !(ss->selectedLayerResult() && ss->selectedLayerResult()->cost)) return;
                *stage = 3;
                return;
            default: { // one more tick for the queued replots, then the picture
                QWidget* target =
                    grabName.isEmpty() ? static_cast<QWidget*>(&window) : window.findChild<QWidget*>(grabName);
                if (!target) {
                    std::fprintf(stderr, "archscape: --grab %s: no such widget\n", qPrintable(grabName));
                    QApplication::exit(2);
                    return;
                }
                target->grab().save(path);
                QString error;
                const auto schedule = systems->reportSnapshot();
                if (!pdf.isEmpty() &&
                    !archscape::app::writeReport(pdf, window.project()->currentProject(), session.result(), &error,
                                                 {.schedule = schedule ? &*schedule : nullptr}))
                    std::fprintf(stderr, "archscape: %s\n", qPrintable(error));
                QApplication::quit();
                return;
            }
            }
        });
        poll->start(300);
    } else if (parser.isSet(screenshot)) {
        // Nothing to save in a picture-taking run: quitting must not stop at the unsaved-changes question.
        window.project()->setUnsavedChangesPrompt([] { return int(QMessageBox::Discard); });
        const QString path = parser.value(screenshot);
        const QString pdf = parser.value(exportReport);
        // Grab once the results have arrived and the queued replots have run.
        auto grab = [&window, &session, path, pdf] {
            QTimer::singleShot(500, &window, [&window, &session, path, pdf] {
                window.grab().save(path);
                QString error;
                if (!pdf.isEmpty() &&
                    !archscape::app::writeReport(pdf, window.project()->currentProject(), session.result(), &error,
                                                 {.partition = session.partition().get()}))
                    std::fprintf(stderr, "archscape: %s\n", qPrintable(error));
                QApplication::quit();
            });
        };
        // With --partition, the partition runs once the design is evaluated, and the picture follows it.
        const QStringList partitionArgs = parser.value(partition).split(',');
        const QString devices = parser.isSet(partition) ? partitionArgs.value(0) : QString();
        const bool throughput = partitionArgs.value(1) == QLatin1String("throughput");
        auto partitioned = [&window, &session, devices, throughput, grab] {
            QString error;
            if (!window.partitionWorkload(devices, &error, true, throughput)) {
                std::fprintf(stderr, "archscape: %s\n", qPrintable(error));
                QApplication::exit(2);
                return;
            }
            QObject::connect(&session, &archscape::app::Session::partitionChanged, &window, grab,
                             Qt::SingleShotConnection);
        };
        const std::function<void()> settled = devices.isEmpty() ? std::function<void()>(grab) : partitioned;
        // The search's result, not the preview that comes before it (Session::refining).
        auto finish = [&window, &session, settled] {
            auto connection = std::make_shared<QMetaObject::Connection>();
            *connection = QObject::connect(&session, &archscape::app::Session::evaluated, &window,
                                           [&session, connection, settled] {
                                               if (session.evaluationPending()) return;
                                               QObject::disconnect(*connection);
                                               settled();
                                           });
        };
        // An explore result given as the file is still being read: the picture waits for it, as for Explore.
        QObject::connect(window.project(), &archscape::app::ProjectController::openFailed, &window,
                         [](const QString&, const QString& message) {
                             std::fprintf(stderr, "%s\n", qPrintable(message));
                             QApplication::exit(2);
                         });
        if (parser.isSet(explore) || session.exploring()) {
            if (parser.isSet(explore))
                QObject::connect(
                    &session, &archscape::app::Session::evaluated, &session, [&session] { session.startExploration(); },
                    Qt::SingleShotConnection);
            QObject::connect(
                &session, &archscape::app::Session::explorationFinished, &window,
                [&window, &session, finish] {
                    // Show a front design as the current one, as after a click.
                    finish();
                    const auto& front = window.paretoChart()->front();
                    if (!front.empty()) session.makeDesignCurrent(front[front.size() / 2]);
                },
                Qt::SingleShotConnection);
        } else {
            finish();
        }
    }
    return app.exec();
}
