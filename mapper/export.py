"""Write the build's data files: GeoJSON, CSV, GeoPackage and KML.

Files are written to a temporary name and renamed into place, so a reader never sees half
a file. Every file is deterministic: the same incidents give the same bytes.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from mapper.errors import ExportError
from mapper.gpkg import Layer, write_geopackage
from mapper.models import Incident, Mention
from mapper.records import (
    CSV_COLUMNS,
    MENTION_COLUMNS,
    csv_row,
    feature_collection,
    incident_feature,
    link_rows,
    mention_values,
)

FIXED_GPKG_TIMESTAMP = "2000-01-01T00:00:00.000Z"
"""GeoPackage stores a ``last_change`` time per layer; a fixed one keeps the file stable."""


def _file_mode() -> int:
    # mkstemp creates 0600 files; outputs are meant to be shared, so honour the umask instead.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()


def dumps_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, fixed indent, UTF-8 text, trailing newline."""
    return json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def _cannot_write(path: Path, exc: OSError) -> ExportError:
    return ExportError(f"{path}: cannot write ({exc.strerror or exc}); choose another --out folder")


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, path)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc


class IncidentTexts:
    """Each incident's piece of an output file, reused from the previous build when unchanged.

    Every piece (a GeoJSON feature, a CSV row, a KML placemark) is a pure function of one
    incident and of our code, so it is looked up by a hash of the incident's content (see
    :func:`incident_digest`); only new or changed incidents are formatted again.

    Parameters
    ----------
    previous
        The pieces of the previous build, by ``"<file>:<digest>"`` (:attr:`current` of its
        memo); they must come from the same code.
    digests
        :func:`incident_digest` of each incident, by identity (``id(incident)``).
    """

    def __init__(self, previous: Mapping[str, str], digests: Mapping[int, str]) -> None:
        self.previous = previous
        self.digests = digests
        self.current: dict[str, str] = {}
        """Every piece this build used, for the next build."""

    def text(self, kind: str, incident: Incident, make: Callable[[Incident], str]) -> str:
        """The ``kind`` piece of ``incident``: the previous one, or ``make(incident)``."""
        digest = self.digests.get(id(incident))
        if digest is None:
            return make(incident)
        key = f"{kind}:{digest}"
        text = self.previous.get(key)
        if not isinstance(text, str):  # new, changed, or not text (a damaged cache)
            text = make(incident)
        self.current[key] = text
        return text


def incident_digest(incident: Incident) -> str:
    """A hash of every field of ``incident`` (its ``repr``: frozen dataclasses, exact floats)."""
    return hashlib.sha256(repr(incident).encode("utf-8", "surrogatepass")).hexdigest()


def _feature_text(incident: Incident) -> str:
    # at the depth of a feature inside the collection: two more spaces on every line
    return "  " + dumps_json(incident_feature(incident))[:-1].replace("\n", "\n  ")


def geojson_text(incidents: Sequence[Incident], memo: IncidentTexts | None = None) -> str:
    """``incidents.geojson`` as text, the same as :func:`dumps_json` of the collection."""
    if not incidents:
        return dumps_json(feature_collection(incidents))
    if memo is None:
        features = [_feature_text(i) for i in incidents]
    else:
        features = [memo.text("geojson", i, _feature_text) for i in incidents]
    # dumps_json sorts the keys: "features" before "type"
    return '{\n "features": [\n' + ",\n".join(features) + '\n ],\n "type": "FeatureCollection"\n}\n'


def write_geojson(
    path: Path, incidents: Sequence[Incident], memo: IncidentTexts | None = None
) -> Path:
    """Write ``incidents.geojson`` (RFC 7946); ``memo`` reuses unchanged features' text."""
    write_text_atomic(path, geojson_text(incidents, memo))
    return path


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A cell value that a spreadsheet will not run as a formula.

    Text from an article that starts like a formula (``=HYPERLINK(...)``) gets a leading
    apostrophe, the usual guard against CSV injection; numbers and empty cells are unchanged.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(incidents: Sequence[Incident], memo: IncidentTexts | None = None) -> str:
    """``incidents.csv`` as text: a header of :data:`~mapper.records.CSV_COLUMNS`, one row each.

    ``memo`` reuses the rows of unchanged incidents.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()
    if memo is None:
        for incident in incidents:
            row = csv_row(incident)
            writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
        return buffer.getvalue()
    parts = [buffer.getvalue()]
    for incident in incidents:
        parts.append(memo.text("csv", incident, _csv_line))
    return "".join(parts)


def _csv_line(incident: Incident) -> str:
    # the csv writer keeps no state between rows: one row alone is the same text
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    writer.writerow({k: spreadsheet_safe(v) for k, v in csv_row(incident).items()})
    return buffer.getvalue()


def write_csv(path: Path, incidents: Sequence[Incident], memo: IncidentTexts | None = None) -> Path:
    """Write ``incidents.csv`` (ACLED column names where ACLED has one)."""
    write_text_atomic(path, csv_text(incidents, memo))
    return path


GPKG_INCIDENT_TYPES: dict[str, str] = {
    "time_precision": "INTEGER",
    "latitude": "REAL",
    "longitude": "REAL",
    "geo_precision": "INTEGER",
    "fatalities": "INTEGER",
    "uncertainty_km": "REAL",
    "fatalities_low": "INTEGER",
    "fatalities_high": "INTEGER",
}
"""The GeoPackage type of each numeric column of the ``incidents`` layer (the rest are TEXT)."""

GPKG_LINK_COLUMNS: tuple[tuple[str, str], ...] = (
    ("source_id", "TEXT"),
    ("target_id", "TEXT"),
    ("relation", "TEXT"),
    ("evidence", "TEXT"),
)
GPKG_MENTION_TYPES: dict[str, str] = {
    "start": "INTEGER",
    "end": "INTEGER",
    "score": "REAL",
    "latitude": "REAL",
    "longitude": "REAL",
}
"""The GeoPackage type of each numeric column of the ``mentions`` layer (the rest are TEXT)."""
GPKG_MENTION_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (c, GPKG_MENTION_TYPES.get(c, "TEXT")) for c in MENTION_COLUMNS
)


def _gpkg_row_json(incident: Incident) -> str:
    return json.dumps(list(csv_row(incident).values()), ensure_ascii=False)


def gpkg_layers(
    incidents: Sequence[Incident],
    mentions: Sequence[Mention] = (),
    memo: IncidentTexts | None = None,
) -> list[Layer]:
    """The GeoPackage's layers: ``incidents`` (points), ``links`` (lines), ``mentions`` (points).

    Every column has a fixed type, whatever the data (a column of whole numbers with gaps
    stays INTEGER), so a GIS project built on the file keeps working after a rebuild.
    ``memo`` reuses unchanged incidents' rows (as JSON: reading them back costs a third of
    making them).
    """
    from mapper.geo import to_lonlat

    incident_columns = tuple((c, GPKG_INCIDENT_TYPES.get(c, "TEXT")) for c in CSV_COLUMNS)
    if memo is None:
        incident_rows = [tuple(csv_row(i).values()) for i in incidents]
    else:
        texts = [memo.text("gpkg", i, _gpkg_row_json) for i in incidents]
        incident_rows = json.loads("[" + ",".join(texts) + "]")
    links = link_rows(incidents)
    resolved = [row for row in map(mention_values, mentions) if row is not None]
    return [
        Layer(
            "incidents",
            "POINT",
            incident_columns,
            incident_rows,
            [(to_lonlat(i.lat, i.lon),) for i in incidents],
        ),
        Layer(
            "links",
            "LINESTRING",
            GPKG_LINK_COLUMNS,
            [tuple(r[c] for c, _ in GPKG_LINK_COLUMNS) for r in links],
            [(to_lonlat(*r["source_latlon"]), to_lonlat(*r["target_latlon"])) for r in links],
        ),
        Layer(
            "mentions",
            "POINT",
            GPKG_MENTION_COLUMNS,
            resolved,
            [(to_lonlat(r[-2], r[-1]),) for r in resolved],  # latitude, longitude
            # An audit table, looked up by document rather than by place; its R-tree (four
            # mentions an incident) would cost a third of the file's writing time.
            spatial_index=False,
        ),
    ]


def write_gpkg(
    path: Path,
    incidents: Sequence[Incident],
    mentions: Sequence[Mention] = (),
    memo: IncidentTexts | None = None,
) -> Path:
    """Write ``incidents.gpkg`` with layers ``incidents``, ``links`` and ``mentions``.

    GeoPackage keeps a modification time per layer; it is pinned to
    :data:`FIXED_GPKG_TIMESTAMP` so that two builds give the same bytes. ``memo`` reuses
    unchanged incidents' rows.
    """
    layers = gpkg_layers(incidents, mentions, memo)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".gpkg", dir=path.parent)
        os.close(fd)
        os.unlink(tmp_name)  # SQLite creates the file
        try:
            write_geopackage(Path(tmp_name), layers, FIXED_GPKG_TIMESTAMP)
            os.chmod(tmp_name, _FILE_MODE)
            os.replace(tmp_name, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            raise
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    except sqlite3.Error as exc:
        raise ExportError(
            f"{path}: cannot write ({exc}); free disk space or choose another --out folder"
        ) from exc
    return path


def write_kml(path: Path, incidents: Sequence[Incident], memo: IncidentTexts | None = None) -> Path:
    """Write ``incidents.kml`` for Google Earth (one folder per event type, links as lines)."""
    from mapper.kml import kml_document

    write_text_atomic(path, kml_document(incidents, memo))
    return path
