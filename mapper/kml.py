"""Incidents -> a KML document for Google Earth (text, no I/O).

Descriptions are HTML that Google Earth renders: every article string is HTML-escaped
first, and the XML serializer escapes the result again, so no article can inject markup.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from html import escape

from mapper.geo import to_lonlat
from mapper.models import Incident
from mapper.records import csv_row, link_rows
from mapper.symbology import kml_color, type_style

KML_NS = "http://www.opengis.net/kml/2.2"


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def description_html(incident: Incident) -> str:
    """The balloon of one incident: facts, then every source with its quote."""
    style = type_style(incident.event_type)
    when = str(incident.date_start or "date unknown")
    if incident.date_end and incident.date_end != incident.date_start:
        when += f" to {incident.date_end}"
    parts = [
        f"<b>{escape(style.label)}</b> · {escape(when)} ({escape(incident.time_precision)})",
        f"<br>{escape(incident.location)} (as written: {escape(', '.join(incident.location_raw))})",
        f"<br>geo precision {incident.geo_precision}, ±{incident.uncertainty_km:g} km",
    ]
    if incident.actors:
        parts.append(f"<br>Actors: {escape(', '.join(incident.actors))}")
    for source in incident.sources:
        link = ""
        if source.url and source.url.startswith(("http://", "https://")):
            link = f' <a href="{escape(source.url, quote=True)}">article</a>'
        parts.append(
            f"<hr><i>{escape(source.outlet)}</i>, {escape(source.title)}"
            f" ({escape(str(source.published or 'date unknown'))}){link}"
            f"<blockquote>{escape(source.quote)}</blockquote>"
        )
    return "".join(parts)


def kml_document(incidents: Sequence[Incident]) -> str:
    """The whole KML file as text (UTF-8, deterministic)."""
    root = ET.Element("kml", xmlns=KML_NS)
    doc = _sub(root, "Document")
    _sub(doc, "name", "mapper incidents")
    types = sorted({i.event_type for i in incidents})
    for key in types:
        style = type_style(key)
        style_el = ET.SubElement(doc, "Style", id=f"type-{key}")
        icon_style = _sub(style_el, "IconStyle")
        _sub(icon_style, "color", kml_color(style.color))
        _sub(icon_style, "scale", "1.1")
        icon = _sub(icon_style, "Icon")
        _sub(icon, "href", "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png")
    link_style = ET.SubElement(doc, "Style", id="link")
    line_style = _sub(link_style, "LineStyle")
    _sub(line_style, "color", kml_color("#444444", "cc"))
    _sub(line_style, "width", "2")
    for key in types:
        folder = _sub(doc, "Folder")
        _sub(folder, "name", type_style(key).label)
        for incident in (i for i in incidents if i.event_type == key):
            placemark = ET.SubElement(folder, "Placemark", id=incident.id)
            _sub(placemark, "name", f"{type_style(key).label}: {incident.location}")
            _sub(placemark, "description", description_html(incident))
            _sub(placemark, "styleUrl", f"#type-{key}")
            if incident.date_start:
                span = _sub(placemark, "TimeSpan")
                _sub(span, "begin", incident.date_start.isoformat())
                _sub(span, "end", (incident.date_end or incident.date_start).isoformat())
            extended = _sub(placemark, "ExtendedData")
            for column, value in csv_row(incident).items():
                data = ET.SubElement(extended, "Data", name=column)
                _sub(data, "value", "" if value is None else str(value))
            point = _sub(placemark, "Point")
            lon, lat = to_lonlat(incident.lat, incident.lon)
            _sub(point, "coordinates", f"{lon},{lat}")
    links = link_rows(incidents)
    if links:
        folder = _sub(doc, "Folder")
        _sub(folder, "name", "Links")
        for row in links:
            placemark = _sub(folder, "Placemark")
            _sub(placemark, "name", f"{row['relation']}: {row['source_id']} -> {row['target_id']}")
            _sub(placemark, "description", escape(row["evidence"]))
            _sub(placemark, "styleUrl", "#link")
            line = _sub(placemark, "LineString")
            _sub(line, "tessellate", "1")
            ends = [to_lonlat(*row["source_latlon"]), to_lonlat(*row["target_latlon"])]
            _sub(line, "coordinates", " ".join(f"{lon},{lat}" for lon, lat in ends))
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
