#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accuracy/accuracy_model.h"
#include "hardware/accelerator.h"
#include "hardware/fpga_resource.h"
#include "mapping/dataflow.h"
#include "search/mapper.h"
#include "workload/attention_reuse.h"

namespace archscape::search {

/// A hardware parameter a design space varies.
enum class Param : std::uint8_t {
    PeRows,
    PeCols,
    MacsPerPe,
    LevelCapacity,
    LevelBandwidth,
    NocBandwidth,
    ClockMhz,
    TechnologyNm,
    Dataflow,
    Precision,
    Quantization,
    PeMode,
    FpgaQvec,        ///< FPGA template: output columns per cycle (hardware::FpgaTemplate::qvec)
    FpgaCvec,        ///< input channels per cycle
    FpgaKvec,        ///< output channels per cycle
    FpgaFilterCache, ///< filter-cache bytes (its M20K blocks are the ones that compute in BRAM)
    FpgaBramCompute, ///< the hardware::BramCompute code
    AttentionReuse,  ///< the workload over S sampling steps with an attention-map reuse policy
};

/// One value of the quantization axis: the precision each layer of the network runs at.
struct Quantization {
    /// Set: every layer of the network (MAC and memory-only) at this precision ("uniform:int4").
    std::optional<accuracy::LayerPrecision> uniform;
    /// Otherwise: one entry per layer of the space's accuracy model, in its order; the network's
    /// other layers (e.g. the stem conv and the FC that HAWQ keeps at 8 bits) run at the accelerator's.
    accuracy::PrecisionAssignment per_model_layer;
};

/// One axis of the space: a parameter and the values it takes, in the order listed.
struct Axis {
    Param param = Param::PeRows;
    std::string name;           ///< as in the JSON: "pe_rows", "GlobalBuffer.capacity_bytes", ...
    int level = -1;             ///< memory level (LevelCapacity, LevelBandwidth)
    std::vector<double> values; ///< numeric parameters (PeMode, FpgaBramCompute: the enum's code)
    std::vector<std::optional<mapping::Dataflow>> dataflows;    ///< Dataflow: nullopt = free mapspace
    std::vector<Precision> precisions;                          ///< Precision (all three operands)
    std::vector<Quantization> quantizations;                    ///< Quantization (per-layer weights/activations)
    std::vector<workload::AttentionReusePolicy> reuse_policies; ///< AttentionReuse: one per value
    std::vector<std::string> labels;                            ///< every value as written, for reports

    std::size_t size() const { return labels.size(); }
};

/// Limits a design must meet; unset = no limit.
struct Constraints {
    std::optional<double> max_area_mm2;
    std::optional<double> max_power_w;
    std::optional<double> max_latency_ms;
    std::optional<std::int64_t> min_pe_count;
    std::optional<std::int64_t> max_pe_count;
    /// FPGA designs: the most of the device's DSP blocks, M20K blocks and ALMs (hardware::FpgaResource
    /// order) a design may use, in percent.
    std::array<std::optional<double>, hardware::kNumFpgaResources> max_fpga_percent{};
};

/// One design of a space: the accelerator and the mapspace constraint of its dataflow.
struct DesignPoint {
    std::int64_t index = 0;
    std::vector<std::uint16_t> choice; ///< value index per axis
    hardware::Accelerator accelerator;
    std::optional<mapping::Dataflow> dataflow;
    int quantization = -1;    ///< value index on the quantization axis, -1 = no such axis
    int precision = -1;       ///< value index on the precision axis, -1 = no such axis
    int attention_reuse = -1; ///< value index on the attention-reuse axis, -1 = no such axis
};

/// A hardware design space: a base accelerator and axes whose cartesian product are the design
/// points, indexed in mixed radix with the last axis varying fastest.
struct DesignSpace {
    std::string name;
    std::string description;
    hardware::Accelerator base;
    std::vector<Axis> axes;
    Constraints constraints;
    MapperOptions mapper; ///< per-layer mapping search of every point
    /// Accuracy model (model_catalog.h spec, e.g. "hawq:resnet50"); empty = none. Part of the fingerprint.
    std::string accuracy_spec;
    /// The model loaded from accuracy_spec; a point's accuracy is its prediction for the point's
    /// per-layer precisions (quantization axis, else the precision axis / base precision, uniform).
    std::shared_ptr<const accuracy::AccuracyModel> accuracy_model;

    /// Number of points (saturates at INT64_MAX).
    std::int64_t size() const;
    /// Value index per axis of point `index` (0 <= index < size()).
    std::vector<std::uint16_t> choiceOf(std::int64_t index) const;
    /// The design at `index`.
    DesignPoint pointAt(std::int64_t index) const;
    /// A stable hash of the space's contents (base, axes, constraints, mapper): shards of different
    /// spaces cannot be merged.
    std::uint64_t fingerprint() const;
    /// Index of the axis varying `param`, or -1.
    int axisOf(Param param) const;
};

std::string_view toString(Param p);

} // namespace archscape::search
