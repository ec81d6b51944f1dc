#pragma once
// The hand-over of an exploration's points from the explorer's threads to the UI thread, shared by
// the Session and the SystemSession: workers push under a mutex and post one notification per batch;
// a ~40 ms single-shot timer on the UI thread then takes the batch (PlotJuggler's replot timer).
// Every job has a generation: cancelling one makes whatever it still pushes stale.
#include <QMetaObject>
#include <QObject>
#include <QTimer>

#include <cstdint>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

namespace archscape::app {

template <class Item>
class ExplorationInbox {
public:
    /// Points are batched for this long before the views replot.
    static constexpr int kFlushIntervalMs = 40;

    /// `flush` runs on `owner`'s thread when a batch is due; it calls take().
    ExplorationInbox(QObject* owner, std::function<void()> flush) : m_owner(owner) {
        m_timer.setSingleShot(true);
        m_timer.setInterval(kFlushIntervalMs);
        QObject::connect(&m_timer, &QTimer::timeout, owner, std::move(flush));
    }

    /// The generation of a new job (UI thread); older jobs' items are dropped from now on.
    std::uint64_t begin() {
        std::lock_guard lock(m_mutex);
        return ++m_generation;
    }
    /// Whether `generation` is the running job's (UI thread, which alone changes it).
    bool isCurrent(std::uint64_t generation) const { return generation == m_generation; }
    /// Drops the pending items; whatever the running job still pushes is dropped too (UI thread).
    void invalidate() {
        std::lock_guard lock(m_mutex);
        ++m_generation;
        m_items.clear();
    }
    /// Adds an item of job `generation` (any thread); false when that job is stale. The first item
    /// of a batch posts the timer's start: one notification per batch, however many points follow.
    bool push(std::uint64_t generation, Item item) {
        bool first;
        {
            std::lock_guard lock(m_mutex);
            if (generation != m_generation) return false;
            first = m_items.empty();
            m_items.push_back(std::move(item));
        }
        if (first)
            QMetaObject::invokeMethod(
                m_owner,
                [this] {
                    if (!m_timer.isActive()) m_timer.start();
                },
                Qt::QueuedConnection);
        return true;
    }
    /// The items pushed since the last take (UI thread).
    std::vector<Item> take() {
        std::vector<Item> batch;
        std::lock_guard lock(m_mutex);
        batch.swap(m_items);
        return batch;
    }

private:
    QObject* m_owner;
    QTimer m_timer;
    std::mutex m_mutex;
    std::uint64_t m_generation = 0; // written under m_mutex, on the UI thread only
    std::vector<Item> m_items;
};

} // namespace archscape::app
