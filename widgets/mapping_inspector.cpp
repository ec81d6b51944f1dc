#include "mapping_inspector.h"

#include <QScrollBar>

#include "mapping_html.h"

namespace archscape::widgets {

MappingInspector::MappingInspector(QWidget* parent) : QTextBrowser(parent) { setOpenLinks(false); }

void MappingInspector::showDesign(const DesignSnapshot& snapshot) {
    if (!snapshot.has(DesignSnapshot::CostsChanged) && !snapshot.has(DesignSnapshot::SelectionChanged)) return;
    m_design = snapshot;
    m_design.designs = nullptr; // not shown, and not valid past this call
    m_stale = true;
    if (isVisible()) rebuild();
}

void MappingInspector::showEvent(QShowEvent* event) {
    QTextBrowser::showEvent(event);
    if (m_stale) rebuild();
}

void MappingInspector::rebuild() {
    m_stale = false;
    const int layer = m_design.selected_layer;
    const model::NetworkCost* cost = m_design.costs.get();
    if (layer < 0 || !cost || layer >= int(cost->layers.size())) {
        setHtml(tr("<p><i>Select a layer to see its mapping.</i></p>"));
        return;
    }
    const int scroll = verticalScrollBar()->value();
    setHtml(app::mappingHtml(m_design.network->layers[layer], m_design.accelerator, cost->layers[layer]));
    verticalScrollBar()->setValue(scroll);
}

} // namespace archscape::widgets
