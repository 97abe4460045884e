"""Incidents -> the HTML map (``index.html``).

A first version with folium: one marker per incident, every source in its popup. The map
issue makes it layered, offline and self-contained.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

import folium

from mapper.export import write_text_atomic
from mapper.models import Incident


def popup_html(incident: Incident) -> str:
    """The popup of one incident; every article string is escaped."""
    date = escape(str(incident.date_start or "date unknown"))
    parts = [
        f"<b>{escape(incident.event_type.replace('_', ' '))}</b> · {date}",
        f"<br>{escape(incident.location)}",
    ]
    for source in incident.sources:
        parts.append(
            f"<hr><i>{escape(source.outlet)}</i>: {escape(source.title)}"
            f"<blockquote>{escape(source.quote)}</blockquote>"
        )
    return "".join(parts)


def render_map_html(incidents: Sequence[Incident]) -> str:
    """The whole map page as HTML text."""
    if incidents:
        lats = [i.lat for i in incidents]
        lons = [i.lon for i in incidents]
        center = [(min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2]
    else:
        center = [20.0, 0.0]
    fmap = folium.Map(location=center, zoom_start=5, tiles="OpenStreetMap")
    for incident in incidents:
        folium.Marker(
            [incident.lat, incident.lon],
            popup=folium.Popup(popup_html(incident), max_width=420),
            tooltip=escape(f"{incident.event_type} · {incident.location}"),
        ).add_to(fmap)
    if len(incidents) > 1:
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]])
    return str(fmap.get_root().render())


def write_map(path: Path, incidents: Sequence[Incident]) -> Path:
    """Write ``index.html``."""
    write_text_atomic(path, render_map_html(incidents))
    return path
