#pragma once
// The internals of the MAESTRO-faithful analysis (core/model/maestro_analysis.h), shared by its two
// source files; nothing outside them includes this.
#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "model/maestro_analysis.h"

namespace archscape::model::maestro_engine {

// MAESTRO's dimension variables. Yo/Xo are its output rows/columns (Y', X').
enum Var : int { vN, vK, vC, vR, vS, vY, vX, vM, vG, vYo, vXo, kVars };
constexpr std::array<const char*, kVars> kVarName{"N", "K", "C", "R", "S", "Y", "X", "M", "G", "Y'", "X'"};

using Table = std::array<std::int64_t, kVars>;
constexpr std::int64_t kAbsent = -1;

struct Directive {
    bool spatial = false;
    std::int64_t size = 1, ofs = 1;
    Var var = vK;
};

enum class Pos : std::uint8_t { Init, Steady, Edge };

/// One position of one directive (MAESTRO's IterationState).
struct State {
    Pos pos = Pos::Init;
    std::int64_t occ = 1;
    bool unrolled = false;
    bool init_edge = false;
    bool sp_edge_edge = false;
    bool isEdge() const { return pos == Pos::Edge || init_edge; }
};

/// Tensors as MAESTRO couples them (API_user-interface-v2.hpp ConfigConvTensors).
struct Tensors {
    std::vector<Var> input, weight, output;
    std::vector<Var> input_vars; ///< variables of the input tensors, sorted by name, unique
    bool overlap = false;        ///< Y/R and X/S slide (convolutions)
};

/// A cluster level after MAESTRO's completion rules, with its static mapping sizes (§3.2, §4).
struct Level {
    std::vector<Directive> dirs;
    std::int64_t subs = 1;      ///< sub-clusters
    std::int64_t edge_subs = 1; ///< active sub-clusters at the spatial edge
    Table dims{};               ///< dimension sizes the level was built with
    Table mapped{}, mapped_edge{}, unique{}, unique_edge{};
    int first_spatial = -1;
    int dirOf(Var v) const {
        for (int j = 0; j < int(dirs.size()); ++j)
            if (dirs[j].var == v) return j;
        return -1;
    }
};

/// What one analysis of a level produces (MAESTRO's CostAnalysisResults).
struct LevelResult {
    std::int64_t runtime = 0;
    std::int64_t computations = 0;
    std::array<std::int64_t, 3> up_rd{}, up_wr{}, down_rd{}, down_wr{}, up_size{}, down_size{};
    std::int64_t peak_bw = 0, offchip = 0;
    double avg_bw = 0;
    double avg_active = 0;
    std::int64_t spatial_occ = 1;
    double ai = 0;
    MaestroDelay in{std::numeric_limits<std::int64_t>::max(), 0, 0}, eg = in, cp = in;
    bool any_case = false;
};

struct Failure {
    std::string why;
};

inline bool has(const std::vector<Var>& t, Var v) { return std::find(t.begin(), t.end(), v) != t.end(); }

/// MAESTRO's analysis of one layer (setUp and buildLevels in maestro_engine.cpp, the per-case
/// reuse analysis and the report in maestro_analysis.cpp).
class MaestroEngine {
public:
    MaestroEngine(const MaestroProblem& p, const MaestroConfig& c) : p_(p), c_(c) {}

    MaestroResult run();

private:
    const MaestroProblem& p_;
    const MaestroConfig& c_;
    Tensors t_;
    std::vector<Level> levels_;
    Table full_{};
    // L1 sizes as MAESTRO reports them: from the first analysis of the innermost level to finish.
    bool have_l1_ = false;
    std::array<std::int64_t, 3> l1_size_{};

    void setUp();
    void buildLevels();
    void analyzeSizes(Level& L) const;
    std::vector<std::vector<State>> states(const Level& L, const Table& dims) const;
    LevelResult analyze(std::size_t l, const Table& dims);

    // Reuse analysis of one case at level L (CA_reuse-analysis.hpp), own code after §6.
    struct Case {
        std::array<State, kVars> st{};
        std::int64_t occ = 1;
        bool all_init = true;
    };
    std::int64_t mappedVolume(const Level& L, const Case& cs, const std::vector<Var>& T, bool first, bool ee) const;
    std::int64_t ingressVolume(const Level& L, const Case& cs, const std::vector<Var>& T, bool first, bool ee) const;
    std::int64_t spatialIngress(const Level& L, const Case& cs, const std::vector<Var>& T) const;
    std::int64_t egressVolume(const Level& L, const Case& cs, bool psum, bool first, bool ee,
                              bool reuse_edge = true) const;
    std::int64_t spatialEgress(const Level& L, const Case& cs) const;
    std::int64_t criticalPartialSums(const Level& L, const Case& cs) const;
    std::int64_t outputMappingSize(const Level& L, const Case& cs) const;
    Table subDims(const Level& L, const Case& cs, bool ee) const;
    std::int64_t delay(std::int64_t n) const {
        const std::int64_t sends = n / c_.noc_bw + (n % c_.noc_bw != 0 ? 1 : 0);
        return c_.noc_latency + sends - 1;
    }
};

/// A directive's dimension name as MAESTRO's variable; throws Failure for a name the layer lacks.
Var parseVar(const std::string& d, bool gemm, bool grouped);

} // namespace archscape::model::maestro_engine
