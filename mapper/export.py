"""Write the build's data files: GeoJSON (and, as they land, CSV, GeoPackage, KML).

Files are written to a temporary name and renamed into place, so a reader never sees half
a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mapper.errors import ExportError
from mapper.models import Incident
from mapper.records import feature_collection


def dumps_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, fixed indent, UTF-8 text, trailing newline."""
    return json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise ExportError(
            f"{path}: cannot write ({exc.strerror or exc}); choose another --out folder"
        ) from exc


def write_geojson(path: Path, incidents: Sequence[Incident]) -> Path:
    """Write ``incidents.geojson`` (RFC 7946)."""
    write_text_atomic(path, dumps_json(feature_collection(incidents)))
    return path
