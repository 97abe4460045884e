"""How each event type looks on the map and in KML: a label, a colour and a marker shape.

Colours are distinct, colour-blind-aware hues (red/orange/purple/blue families) so that
types stay apart on both the vector base map and satellite imagery.
"""

from __future__ import annotations

from dataclasses import dataclass

from mapper.models import EVENT_TYPES


@dataclass(frozen=True, slots=True)
class TypeStyle:
    """The look of one event type."""

    key: str
    label: str
    color: str
    shape: str
    """One of ``circle``, ``square``, ``diamond``, ``triangle``, ``star``, ``hexagon``."""


TYPE_STYLES: dict[str, TypeStyle] = {
    s.key: s
    for s in (
        TypeStyle("airstrike", "Airstrike", "#d62728", "triangle"),
        TypeStyle("drone_strike", "Drone strike", "#e377c2", "triangle"),
        TypeStyle("rocket_attack", "Rocket attack", "#ff7f0e", "diamond"),
        TypeStyle("missile_attack", "Missile attack", "#8c564b", "diamond"),
        TypeStyle("drone_attack", "Drone attack", "#9467bd", "square"),
        TypeStyle("shelling", "Shelling", "#bcbd22", "hexagon"),
        TypeStyle("bombing", "Bombing", "#1f77b4", "star"),
        TypeStyle("car_bombing", "Car bombing", "#17becf", "star"),
        TypeStyle("suicide_bombing", "Suicide bombing", "#393b79", "star"),
        TypeStyle("ied", "IED", "#637939", "star"),
        TypeStyle("armed_clash", "Armed clash", "#2ca02c", "circle"),
        TypeStyle("raid", "Raid", "#843c39", "square"),
        TypeStyle("other", "Other", "#7f7f7f", "circle"),
    )
}
assert tuple(TYPE_STYLES) == EVENT_TYPES, "every event type needs a style"


def type_style(event_type: str) -> TypeStyle:
    """The style of ``event_type``; unknown types look like ``other`` with their own label."""
    style = TYPE_STYLES.get(event_type)
    if style is not None:
        return style
    other = TYPE_STYLES["other"]
    return TypeStyle(event_type, event_type.replace("_", " ").capitalize(), other.color, "circle")


def kml_color(hex_rgb: str, alpha: str = "ff") -> str:
    """``#rrggbb`` -> KML's ``aabbggrr``."""
    rgb = hex_rgb.lstrip("#")
    return f"{alpha}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}"
