"""Write the build's data files: GeoJSON, CSV, GeoPackage and KML.

Files are written to a temporary name and renamed into place, so a reader never sees half
a file. Every file is deterministic: the same incidents give the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from mapper.errors import ExportError
from mapper.models import Incident, Mention
from mapper.records import (
    CSV_COLUMNS,
    csv_row,
    feature_collection,
    incident_feature,
    link_rows,
    mention_row,
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


def write_gpkg(path: Path, incidents: Sequence[Incident], mentions: Sequence[Mention] = ()) -> Path:
    """Write ``incidents.gpkg`` with layers ``incidents``, ``links`` and ``mentions``.

    GeoPackage keeps a modification time per layer; it is pinned to
    :data:`FIXED_GPKG_TIMESTAMP` so that two builds give the same bytes.
    """
    # pyogrio's raw writer with the arrays ``pyogrio.write_dataframe`` would build from a
    # GeoDataFrame (same column types, same WKB): the same bytes, without geopandas.
    import numpy as np
    import pandas as pd
    import pyogrio.raw
    import shapely

    from mapper.geo import to_lonlat

    def points(latlons: list[tuple[float, float]]) -> Any:
        coords = np.array([to_lonlat(lat, lon) for lat, lon in latlons], dtype=float)
        return shapely.points(coords.reshape(-1, 2))

    incident_rows = [csv_row(i) for i in incidents]
    incident_geoms = points([(i.lat, i.lon) for i in incidents])
    links = link_rows(incidents)
    link_geoms = shapely.linestrings(
        np.array(
            [
                [to_lonlat(*r.pop("source_latlon")), to_lonlat(*r.pop("target_latlon"))]
                for r in links
            ],
            dtype=float,
        ).reshape(-1, 2, 2)
    )
    resolved = [row for row in (mention_row(m) for m in mentions) if row is not None]
    mention_geoms = points([(r["latitude"], r["longitude"]) for r in resolved])
    layers: list[tuple[str, list[dict[str, Any]], Any, str, list[str]]] = [
        ("incidents", incident_rows, incident_geoms, "Point", list(CSV_COLUMNS)),
        (
            "links",
            links,
            link_geoms,
            "LineString",
            ["source_id", "target_id", "relation", "evidence"],
        ),
        (
            "mentions",
            resolved,
            mention_geoms,
            "Point",
            ["doc_id", "start", "end", "name_as_written", "place_id", "place_name"]
            + ["country_code", "feature", "score", "latitude", "longitude"],
        ),
    ]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".gpkg", dir=path.parent)
        os.close(fd)
        os.unlink(tmp_name)
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": FIXED_GPKG_TIMESTAMP})
        try:
            for name, rows, geoms, geometry_type, columns in layers:
                # pandas infers each column's type as the GeoDataFrame did (int64, float64
                # with NaN for missing numbers, text; float64 when there are no rows)
                frame = pd.DataFrame({c: [r.get(c) for r in rows] for c in columns})
                field_data, field_mask = _field_arrays([frame[c].values for c in columns])
                pyogrio.raw.write(
                    tmp_name,
                    layer=name,
                    driver="GPKG",
                    geometry=shapely.to_wkb(geoms, hex=False),
                    field_data=field_data,
                    field_mask=field_mask,
                    fields=columns,
                    crs="EPSG:4326",
                    geometry_type=geometry_type if rows else "Unknown",
                    encoding=None,
                    promote_to_multi=None,
                    nan_as_null=True,
                    append=False,
                    dataset_metadata=None,
                    layer_metadata=None,
                    metadata=None,
                    dataset_options=None,
                    layer_options=None,
                    gdal_tz_offsets={},
                )
        finally:
            pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
        os.replace(tmp_name, path)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    return path


def _field_arrays(columns: list[Any]) -> tuple[list[Any], list[Any]]:
    """Values and null masks per column, as ``pyogrio.write_dataframe`` passes them on."""
    import numpy as np
    from pandas.api.extensions import ExtensionArray
    from pandas.arrays import BooleanArray, FloatingArray, IntegerArray

    data: list[Any] = []
    masks: list[Any] = []
    for values in columns:
        if isinstance(values, IntegerArray | FloatingArray | BooleanArray):
            data.append(values._data)
            masks.append(values._mask)
        elif isinstance(values, ExtensionArray):  # pandas 3 text columns
            data.append(np.asarray(values))
            masks.append(np.asarray(values.isna()))
        else:
            data.append(values)
            masks.append(None)
    return data, masks


def write_kml(path: Path, incidents: Sequence[Incident], memo: IncidentTexts | None = None) -> Path:
    """Write ``incidents.kml`` for Google Earth (one folder per event type, links as lines)."""
    from mapper.kml import kml_document

    write_text_atomic(path, kml_document(incidents, memo))
    return path
