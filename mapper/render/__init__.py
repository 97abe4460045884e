"""Incidents -> the HTML map (``index.html``): one self-contained, offline-capable file.

The page is our own template (not folium's, whose output pulls scripts from CDNs and is not
byte-stable): Leaflet and Leaflet.markercluster are inlined from their PyPI packages, the data
is embedded as escaped JSON, and :file:`static/map.js` draws the layers, popups and filters.
A Content-Security-Policy lets only these inline scripts run and only the two online tile
servers load images.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping, Sequence
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from mapper.export import IncidentTexts, write_text_atomic
from mapper.models import Article, Incident, Mention
from mapper.render.assets import load_assets
from mapper.render.basemap import base_map_data
from mapper.render.payload import embed_json, page_json

_PLACEHOLDER = re.compile(r"\{(csp|title|styles|scripts|data)\}")
TILE_HOSTS = ("https://tile.openstreetmap.org", "https://server.arcgisonline.com")

__all__ = ["render_map_html", "write_map"]


def _script_hash(js: str) -> str:
    digest = hashlib.sha256(js.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(scripts: Sequence[str]) -> str:
    """Only our inline scripts run; images come only from data URIs and the tile servers."""
    hashes = " ".join(_script_hash(s) for s in scripts)
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        f"img-src data: {' '.join(TILE_HOSTS)}; base-uri 'none'; form-action 'none'"
    )


def render_map_html(
    incidents: Sequence[Incident],
    articles: Sequence[Article] = (),
    mentions: Sequence[Mention] = (),
    out_dir: Path | None = None,
    title: str = "Incident map",
    base_map: Mapping[str, Any] | str | None = None,
    memo: IncidentTexts | None = None,
) -> str:
    """The whole map page as HTML text (deterministic for the same input).

    ``base_map``: :func:`~mapper.render.basemap.base_map_data` of the incidents' points, or
    its :func:`~mapper.render.payload.embed_json` text, when the caller already has it (from
    a cache); computed here otherwise. ``memo`` reuses unchanged incidents' rows.
    """
    if base_map is None:
        base_map = base_map_data([(i.lat, i.lon) for i in incidents])
    base_json = base_map if isinstance(base_map, str) else embed_json(base_map)
    data = page_json(incidents, articles, mentions, out_dir, base_json, title, memo)
    assets = load_assets()
    template = resources.files("mapper.render").joinpath("static", "page.html").read_text("utf-8")
    values = {
        "csp": escape(content_security_policy(assets.scripts), quote=True),
        "title": escape(title),
        "styles": "".join(f"<style>\n{s}</style>\n" for s in assets.styles).rstrip(),
        "scripts": "".join(f"<script>{s}</script>\n" for s in assets.scripts).rstrip(),
        "data": data,
    }
    # One pass, so that a placeholder-like text inside a script or the data is left alone.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def write_map(
    path: Path,
    incidents: Sequence[Incident],
    articles: Sequence[Article] = (),
    mentions: Sequence[Mention] = (),
    base_map: Mapping[str, Any] | str | None = None,
    memo: IncidentTexts | None = None,
) -> Path:
    """Write ``index.html`` (links to local articles are relative to its folder).

    ``base_map`` and ``memo``: see :func:`render_map_html`.
    """
    html = render_map_html(
        incidents, articles, mentions, out_dir=path.parent, base_map=base_map, memo=memo
    )
    write_text_atomic(path, html)
    return path
