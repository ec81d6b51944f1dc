#pragma once
#include <atomic>
#include <functional>
#include <span>
#include <utility>

#include "search/explorer.h"

namespace archscape::app {

/// Hands each finished point of an exploration to a facade's buffer and, when given `hypervolume`,
/// the progress's front hypervolume to it (the explorers serialise the calls). `Sink` is the
/// explorer's sink interface: search::ProgressSink, or search::SystemProgressSink for system spaces
/// (whose designs reach pointFinished through its default systemPointFinished).
template <class Sink = search::ProgressSink>
class StreamingSink : public Sink {
public:
    using Push = std::function<void(const search::PointResult&)>;
    explicit StreamingSink(Push push, std::atomic<double>* hypervolume = nullptr)
        : m_push(std::move(push)), m_hypervolume(hypervolume) {}
    void pointFinished(const search::PointResult& point, std::span<const mapping::Mapping>, bool) override {
        m_push(point);
    }
    void progress(const search::ExploreProgress& p) override {
        if (m_hypervolume) m_hypervolume->store(p.hypervolume, std::memory_order_relaxed);
    }

private:
    Push m_push;
    std::atomic<double>* m_hypervolume;
};

} // namespace archscape::app
