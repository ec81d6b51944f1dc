#pragma once
#include <functional>
#include <span>
#include <utility>

#include "search/explorer.h"

namespace archscape::app {

/// Hands each finished point of an exploration to a facade's buffer (the explorers serialise the calls).
class StreamingSink : public search::ProgressSink {
public:
    using Push = std::function<void(const search::PointResult&)>;
    explicit StreamingSink(Push push) : m_push(std::move(push)) {}
    void pointFinished(const search::PointResult& point, std::span<const mapping::Mapping>, bool) override {
        m_push(point);
    }

private:
    Push m_push;
};

} // namespace archscape::app
