"""Leaflet and its plugins, read from their installed registry packages and inlined.

Nothing is copied into this repository: the XStatic packages on PyPI are dependencies, and
the page carries their files verbatim except for source-map comments (which would make a
browser's developer tools try to fetch a file) and CSS image URLs (inlined as data URIs).
"""

from __future__ import annotations

import base64
import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from mapper.errors import MapperError

_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=.*$", re.MULTILINE)
_CSS_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=.*?\*/")
_CSS_IMAGE = re.compile(r"url\((images/[A-Za-z0-9_.-]+\.png)\)")


class AssetError(MapperError):
    """A JavaScript or CSS asset of the map cannot be found."""

    exit_code = 5


@dataclass(frozen=True, slots=True)
class Assets:
    """Every script and style sheet the page inlines, in load order."""

    scripts: tuple[str, ...]
    styles: tuple[str, ...]


def _xstatic_dir(module: str, dist: str) -> Path:
    import importlib

    try:
        package = importlib.import_module(f"xstatic.pkg.{module}")
    except ImportError as exc:
        raise AssetError(
            f"the map needs the Python package {dist}; install mapper's dependencies "
            "(pip install -e .)"
        ) from exc
    return Path(package.BASE_DIR)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AssetError(f"{path}: cannot read map asset ({exc.strerror}); reinstall it") from exc


def _inline_css_images(css: str, base: Path) -> str:
    def data_uri(match: re.Match[str]) -> str:
        data = (base / match.group(1)).read_bytes()
        return "url(data:image/png;base64," + base64.b64encode(data).decode("ascii") + ")"

    return _CSS_IMAGE.sub(data_uri, _CSS_SOURCE_MAP.sub("", css))


def script_safe(js: str) -> str:
    """JavaScript that cannot close or comment out its ``<script>`` element."""
    return js.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def _own(name: str) -> str:
    return resources.files("mapper.render").joinpath("static", name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def load_assets() -> Assets:
    """Leaflet, Leaflet.markercluster and our own map script and style sheet."""
    leaflet = _xstatic_dir("leaflet", "XStatic-Leaflet")
    cluster = _xstatic_dir("leaflet_markercluster", "XStatic-Leaflet-MarkerCluster")
    scripts = (
        _read(leaflet / "leaflet.js"),
        _read(cluster / "leaflet.markercluster.js"),
        _own("map.js"),
    )
    styles = (
        _inline_css_images(_read(leaflet / "leaflet.css"), leaflet),
        _read(cluster / "MarkerCluster.css"),
        _read(cluster / "MarkerCluster.Default.css"),
        _own("map.css"),
    )
    return Assets(
        scripts=tuple(script_safe(_SOURCE_MAP.sub("", s)).rstrip() + "\n" for s in scripts),
        styles=tuple(s.replace("</style", "<\\/style").rstrip() + "\n" for s in styles),
    )
