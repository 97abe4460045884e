"""Incidents -> a KML document for Google Earth (text, no I/O).

Descriptions are HTML that Google Earth renders: every article string is HTML-escaped
first, and the XML serializer escapes the result again, so no article can inject markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from html import escape
from typing import TYPE_CHECKING

from mapper.geo import to_lonlat
from mapper.models import Incident
from mapper.records import CSV_COLUMNS, csv_row, link_rows
from mapper.symbology import kml_color, type_style

if TYPE_CHECKING:
    from mapper.export import IncidentTexts

KML_NS = "http://www.opengis.net/kml/2.2"


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


class _XmlWriter:
    """Indented XML text, byte for byte what ``ElementTree.indent(space=" ")`` and
    ``tostring`` give for the same tree, without building the tree (ten times faster)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.level = 0

    def open(self, tag: str, **attributes: str) -> None:
        attrs = "".join(f' {k}="{_escape_attribute(v)}"' for k, v in attributes.items())
        if self.level:
            self.parts.append("\n" + " " * self.level)
        self.parts.append(f"<{tag}{attrs}>")
        self.level += 1

    def close(self, tag: str) -> None:
        self.level -= 1
        self.parts.append(f"\n{' ' * self.level}</{tag}>")

    def leaf(self, tag: str, text: str) -> None:
        indent = "\n" + " " * self.level
        if text:
            self.parts.append(f"{indent}<{tag}>{_escape_text(text)}</{tag}>")
        else:
            self.parts.append(f"{indent}<{tag} />")

    def raw(self, text: str) -> None:
        """Append text that is already indented for the current level."""
        self.parts.append(text)

    def text(self) -> str:
        return "".join(self.parts)


def _escape_text(text: str) -> str:
    # the same replacements, in the same order, as ElementTree's serializer
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _escape_attribute(text: str) -> str:
    text = _escape_text(text)
    for char, entity in (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;")):
        if char in text:
            text = text.replace(char, entity)
    return text


def _leaf(indent: str, tag: str, text: str) -> str:
    if text:
        return f"{indent}<{tag}>{_escape_text(text)}</{tag}>"
    return f"{indent}<{tag} />"


_DATA_OPEN = {column: f'<Data name="{_escape_attribute(column)}">' for column in CSV_COLUMNS}


def _placemark(incident: Incident, label: str, key: str) -> str:
    """One incident's Placemark, indented as the third level (kml > Document > Folder).

    Written as one piece of text: this is the bulk of the file, and method calls per element
    cost more than the text itself.
    """
    i4, i5, i6 = "\n    ", "\n     ", "\n      "
    parts = [
        f'\n   <Placemark id="{_escape_attribute(incident.id)}">',
        _leaf(i4, "name", f"{label}: {incident.location}"),
        _leaf(i4, "description", description_html(incident)),
        _leaf(i4, "styleUrl", f"#type-{key}"),
    ]
    if incident.date_start:
        end = (incident.date_end or incident.date_start).isoformat()
        parts.append(
            f"{i4}<TimeSpan>{_leaf(i5, 'begin', incident.date_start.isoformat())}"
            f"{_leaf(i5, 'end', end)}{i4}</TimeSpan>"
        )
    parts.append(f"{i4}<ExtendedData>")
    for column, value in csv_row(incident).items():
        opening = _DATA_OPEN.get(column) or f'<Data name="{_escape_attribute(column)}">'
        text = "" if value is None else str(value)
        parts.append(f"{i5}{opening}{_leaf(i6, 'value', text)}{i5}</Data>")
    lon, lat = to_lonlat(incident.lat, incident.lon)
    parts.append(
        f"{i4}</ExtendedData>{i4}<Point>{_leaf(i5, 'coordinates', f'{lon},{lat}')}{i4}</Point>"
        "\n   </Placemark>"
    )
    return "".join(parts)


def kml_document(incidents: Sequence[Incident], memo: IncidentTexts | None = None) -> str:
    """The whole KML file as text (UTF-8, deterministic); ``memo`` reuses unchanged placemarks."""
    xml = _XmlWriter()
    xml.open("kml", xmlns=KML_NS)
    xml.open("Document")
    xml.leaf("name", "mapper incidents")
    types = sorted({i.event_type for i in incidents})
    for key in types:
        style = type_style(key)
        xml.open("Style", id=f"type-{key}")
        xml.open("IconStyle")
        xml.leaf("color", kml_color(style.color))
        xml.leaf("scale", "1.1")
        xml.open("Icon")
        xml.leaf("href", "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png")
        xml.close("Icon")
        xml.close("IconStyle")
        xml.close("Style")
    xml.open("Style", id="link")
    xml.open("LineStyle")
    xml.leaf("color", kml_color("#444444", "cc"))
    xml.leaf("width", "2")
    xml.close("LineStyle")
    xml.close("Style")
    by_type: dict[str, list[Incident]] = {key: [] for key in types}
    for incident in incidents:
        by_type[incident.event_type].append(incident)
    for key in types:
        label = type_style(key).label
        xml.open("Folder")
        xml.leaf("name", label)
        for incident in by_type[key]:
            if memo is None:
                xml.raw(_placemark(incident, label, key))
            else:
                # the label and style come from the event type, a field of the incident
                xml.raw(memo.text("kml", incident, partial(_placemark, label=label, key=key)))
        xml.close("Folder")
    links = link_rows(incidents)
    if links:
        xml.open("Folder")
        xml.leaf("name", "Links")
        for row in links:
            xml.open("Placemark")
            xml.leaf("name", f"{row['relation']}: {row['source_id']} -> {row['target_id']}")
            xml.leaf("description", escape(row["evidence"]))
            xml.leaf("styleUrl", "#link")
            xml.open("LineString")
            xml.leaf("tessellate", "1")
            ends = [to_lonlat(*row["source_latlon"]), to_lonlat(*row["target_latlon"])]
            xml.leaf("coordinates", " ".join(f"{lon},{lat}" for lon, lat in ends))
            xml.close("LineString")
            xml.close("Placemark")
        xml.close("Folder")
    xml.close("Document")
    xml.close("kml")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml.text() + "\n"
