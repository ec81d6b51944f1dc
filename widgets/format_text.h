#pragma once
// Numbers and names as every view and the report print them.
#include <QString>

#include <cstdint>
#include <optional>

#include "hardware/accelerator.h"
#include "workload/layer.h"

namespace archscape::app {

/// Loop bounds that are not 1, e.g. "K64 C3 P112 Q112 R7 S7 /2" (stride after the slash).
QString layerShapeText(const workload::Layer& layer);
/// A power of 1000 to show numbers of one magnitude in: 2.5e-4 s as 0.25 ms.
struct EngineeringScale {
    double factor = 1; ///< shown number = value * factor
    QString prefix;    ///< SI prefix of the unit: "m", "µ", "k"; empty for 1
};
/// The scale that shows `magnitude` (and numbers near it) with 1 to 3 digits before the point; one
/// rule for every number the views print, so axes, hover labels and the report agree.
EngineeringScale engineeringScale(double magnitude);
/// Engineering notation with an SI prefix: 1.23 G, 456 k.
QString siText(double value, const QString& unit = {});
/// Bytes as B / KiB / MiB.
QString bytesText(double bytes);
/// Bytes in the largest of B / KiB / MiB / GiB that shows them exactly with at most 3 decimals
/// ("108 KiB", "1.5 MiB", "92688 B"): what a capacity field shows, so reading it back gives the
/// same number of bytes.
QString exactBytesText(double bytes);
/// A capacity as typed: a number with an optional unit, binary multiples whatever the spelling
/// ("64k", "64K", "64 KB", "64 KiB" = 65536; "1M", "1 MB", "1 MiB" = 1048576; "G"; "512", "512 B").
/// Rounded to whole bytes; nullopt for anything else (negative, no number, unknown unit).
std::optional<std::int64_t> parseBytesText(const QString& text);
/// Seconds as s / ms / µs.
QString secondsText(double s);
/// "12×14 PEs, 108 KiB GlobalBuffer, 200 MHz, 65 nm": a one-line summary of the design.
QString acceleratorSummary(const hardware::Accelerator& acc);
QString qstr(std::string_view s);

} // namespace archscape::app
