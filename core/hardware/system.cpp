#include "hardware/system.h"

#include "hardware/technology.h"

namespace archscape::hardware {

std::int64_t System::totalPes() const {
    std::int64_t n = 0;
    for (const SystemUnit& u : units) n += u.accelerator.pe.count();
    return n;
}

double areaUm2(const System& sys) {
    double a = sys.shared_area_um2;
    for (const SystemUnit& u : sys.units) a += areaUm2(u.accelerator);
    return a;
}

double idleLeakagePjPerCycle(const Accelerator& acc) {
    const CostTables tables = costTables(acc);
    double leak = 0;
    for (int i = 0; i < acc.numLevels(); ++i) {
        const double instances = acc.levels[i].per_pe ? double(acc.pe.count()) : 1.0;
        leak += tables.level[i].leak_pj_per_cycle * instances;
    }
    return leak;
}

System systemOfOne(const Accelerator& acc) {
    System s;
    s.name = acc.name;
    s.description = acc.description;
    s.units.push_back({acc.name, acc});
    if (!acc.levels.empty())
        s.dram_bandwidth_bytes_per_cycle = acc.levels[0].bandwidth_words_per_cycle * acc.levels[0].word_bits / 8.0;
    s.pe_budget = acc.pe.count();
    return s;
}

} // namespace archscape::hardware
