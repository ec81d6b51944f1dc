#pragma once
// Numbers and names as every view and the report print them.
#include <QString>

#include "hardware/accelerator.h"
#include "workload/layer.h"

namespace archscape::app {

/// Loop bounds that are not 1, e.g. "K64 C3 P112 Q112 R7 S7 /2" (stride after the slash).
QString layerShapeText(const workload::Layer& layer);
/// Engineering notation with an SI prefix: 1.23 G, 456 k.
QString siText(double value, const QString& unit = {});
/// Bytes as B / KiB / MiB.
QString bytesText(double bytes);
/// Seconds as s / ms / µs.
QString secondsText(double s);
/// "12×14 PEs, 108 KiB GlobalBuffer, 200 MHz, 65 nm": a one-line summary of the design.
QString acceleratorSummary(const hardware::Accelerator& acc);
QString qstr(std::string_view s);

} // namespace archscape::app
