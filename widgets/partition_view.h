#pragma once
// A network partitioned across devices (issue 13): the DAG laid out by device, one lane per device,
// each layer a box in its device's lane at its depth (longest path from an input), the tensor edges
// between layers with those that cross devices (cut edges, the ones that cost communication)
// highlighted, and under each lane a bar of the device's load.
#include <QString>
#include <QWidget>

#include <vector>

#include "schedule/partition_problem.h"
#include "schedule/partition_solver.h"

namespace archscape::widgets {

class PartitionView : public QWidget {
    Q_OBJECT
public:
    explicit PartitionView(QWidget* parent = nullptr);

    /// Shows `result`'s partition of `problem` (copied); `title` names the workload and the devices.
    void setPartition(const schedule::PartitionProblem& problem, const schedule::PartitionResult& result,
                      const QString& title);
    /// Shows nothing but how to get a partition.
    void clear();
    bool hasPartition() const { return !m_deviceOf.empty(); }

    int laneCount() const { return int(m_devices.size()); }
    /// Edges drawn highlighted: producer and consumer on different devices.
    int cutEdgeCount() const { return m_cutEdges; }
    /// The line above the lanes: objective, value, bound and gap, solver, communication.
    QString summary() const { return m_summary; }
    /// Where a lane, a node and a lane's load bar are drawn in `area` (default: the widget).
    QRectF laneRect(int device, const QRectF& area = {}) const;
    QRectF nodeRect(int node, const QRectF& area = {}) const;
    /// The filled part of a device's bar: its width over the lane's is busy seconds / max(objective
    /// value, busiest device).
    QRectF loadBarRect(int device, const QRectF& area = {}) const;
    /// Draws the view into `area` of any painter (the PDF report draws it on paper).
    void paintInto(QPainter& painter, const QRectF& area) const;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    struct Frame {
        QRectF summary, lanes, dag, loads;
        double laneWidth = 0, rowHeight = 0;
    };
    Frame frame(const QRectF& area) const;
    QRectF areaOr(const QRectF& area) const { return area.isEmpty() ? QRectF(rect()) : area; }
    double loadFraction(int device) const;

    QString m_title, m_summary;
    std::vector<QString> m_devices, m_nodes;
    std::vector<schedule::PartitionEdge> m_edges;
    std::vector<int> m_deviceOf, m_depth, m_slot, m_slots; // per node: device, depth, slot in its group, group size
    std::vector<double> m_busy, m_memory, m_capacity;      // per device
    std::vector<int> m_deviceNodes;                        // per device
    int m_rows = 0, m_cutEdges = 0;
    double m_value = 0;
};

} // namespace archscape::widgets
