#include "mapping_inspector.h"

#include <QScrollBar>

#include "mapping_html.h"
#include "session.h"

namespace archscape::widgets {

MappingInspector::MappingInspector(const app::Session* session, QWidget* parent)
    : QTextBrowser(parent), m_session(session) {
    setOpenLinks(false);
    refresh();
}

void MappingInspector::refresh() {
    m_stale = true;
    if (isVisible()) rebuild();
}

void MappingInspector::showEvent(QShowEvent* event) {
    QTextBrowser::showEvent(event);
    if (m_stale) rebuild();
}

void MappingInspector::rebuild() {
    m_stale = false;
    const int layer = m_session->selectedLayer();
    const model::NetworkCost* cost = m_session->result();
    if (layer < 0 || !cost || layer >= int(cost->layers.size())) {
        setHtml(tr("<p><i>Select a layer to see its mapping.</i></p>"));
        return;
    }
    const int scroll = verticalScrollBar()->value();
    setHtml(app::mappingHtml(m_session->network().layers[layer], m_session->accelerator(), cost->layers[layer]));
    verticalScrollBar()->setValue(scroll);
}

} // namespace archscape::widgets
