"""A GeoPackage writer on the standard library's ``sqlite3``.

A GeoPackage (OGC 12-128r18, version 1.4) is an SQLite file with a few metadata tables
(``gpkg_spatial_ref_sys``, ``gpkg_contents``, ``gpkg_geometry_columns``) and one table per
feature layer whose geometry column holds "GeoPackage binary": a small header (magic ``GP``,
flags, SRS id, optional envelope) followed by the geometry as ISO WKB. Writing it directly
costs a fraction of GDAL's writer and its imports (pandas, geopandas), which dominated an
incremental rebuild.

A layer can get the spec's R-tree spatial index (extension ``gpkg_rtree_index``) with its
triggers, as GDAL writes it, so QGIS and GDAL can use and maintain it. The file is
deterministic: the same layers give the same bytes (same SQLite version).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

APPLICATION_ID = 0x47504B47
"""``PRAGMA application_id`` of a GeoPackage: ASCII ``GPKG``."""
USER_VERSION = 10400
"""``PRAGMA user_version``: GeoPackage 1.4.0."""
WGS84_SRS_ID = 4326

WGS84_DEFINITION = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)
"""EPSG:4326 as OGC WKT 1 (the form GDAL stores)."""

COLUMN_TYPES = frozenset({"TEXT", "INTEGER", "REAL"})
"""The attribute types this writer supports (GeoPackage data types)."""

_WKB_POINT = 1
_WKB_LINESTRING = 2
# header: magic, version 0, flags (bit 0: little-endian; bits 1-3: envelope kind), SRS id
_POINT_PREFIX = b"GP\x00\x01" + struct.pack("<i", WGS84_SRS_ID) + struct.pack("<BI", 1, _WKB_POINT)
_LINE_HEADER = b"GP\x00\x03" + struct.pack("<i", WGS84_SRS_ID)  # envelope [minx, maxx, miny, maxy]
_pack_xy = struct.Struct("<dd").pack


def point_blob(x: float, y: float) -> bytes:
    """A Point as GeoPackage binary (no envelope, as GDAL writes points)."""
    return _POINT_PREFIX + _pack_xy(x, y)


def linestring_blob(coords: Sequence[tuple[float, float]]) -> bytes:
    """A LineString of ``(x, y)`` vertices as GeoPackage binary, with its envelope."""
    envelope = struct.pack("<4d", *_box(coords))
    wkb = struct.pack("<BII", 1, _WKB_LINESTRING, len(coords))
    return _LINE_HEADER + envelope + wkb + b"".join(_pack_xy(x, y) for x, y in coords)


@dataclass(frozen=True, slots=True)
class Layer:
    """One feature layer: a geometry and attribute values per row.

    ``geometry_type`` is ``"POINT"`` or ``"LINESTRING"``; ``columns`` are ``(name, type)`` with
    a type from :data:`COLUMN_TYPES`; each row holds one value per column (``None`` = NULL);
    ``shapes`` are each row's vertices as ``(x, y)`` = ``(lon, lat)`` (one for a point).
    ``spatial_index``: whether the layer gets an R-tree (about 5 microseconds a row).
    """

    name: str
    geometry_type: str
    columns: tuple[tuple[str, str], ...]
    rows: Sequence[Sequence[object]]
    shapes: Sequence[Sequence[tuple[float, float]]]
    spatial_index: bool = True


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_METADATA_TABLES = (
    "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, "
    "srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL, "
    "organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)",
    "CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, "
    "data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', "
    "last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), "
    "min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, "
    "CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))",
    "CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, "
    "geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, "
    "m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), "
    "CONSTRAINT uk_gc_table_name UNIQUE (table_name), "
    "CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), "
    "CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))",
    "CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, "
    "extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, "
    "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))",
)

_SPATIAL_REF_SYS = (
    ("Undefined Cartesian SRS", -1, "NONE", -1, "undefined", "undefined Cartesian coordinate "
     "reference system"),
    ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate "
     "reference system"),
    ("WGS 84 geodetic", WGS84_SRS_ID, "EPSG", 4326, WGS84_DEFINITION, "longitude/latitude "
     "coordinates in decimal degrees on the WGS 84 spheroid"),
)  # fmt: skip

_RTREE_EXTENSION = "http://www.geopackage.org/spec120/#extension_rtree"


def _rtree_triggers(table: str, column: str) -> list[str]:
    """The triggers that keep a layer's R-tree in step with edits (spec annex, 1.4 set).

    They call the ``ST_*`` functions that GeoPackage readers (GDAL, QGIS) register; they
    are created after the rows are in, so this writer never needs those functions.
    """
    t, c, i = table, column, "fid"
    rtree = _quote(f"rtree_{t}_{c}")
    tq, cq = _quote(t), _quote(c)
    values = (
        f"(NEW.{i}, ST_MinX(NEW.{cq}), ST_MaxX(NEW.{cq}), ST_MinY(NEW.{cq}), ST_MaxY(NEW.{cq}))"
    )
    present_new = f"(NEW.{cq} NOTNULL AND NOT ST_IsEmpty(NEW.{cq}))"
    present_old = f"(OLD.{cq} NOTNULL AND NOT ST_IsEmpty(OLD.{cq}))"
    absent_new = f"(NEW.{cq} ISNULL OR ST_IsEmpty(NEW.{cq}))"
    absent_old = f"(OLD.{cq} ISNULL OR ST_IsEmpty(OLD.{cq}))"
    name = f"rtree_{t}_{c}"
    return [
        f"CREATE TRIGGER {_quote(name + '_insert')} AFTER INSERT ON {tq} "
        f"WHEN {present_new} BEGIN INSERT OR REPLACE INTO {rtree} VALUES {values}; END",
        f"CREATE TRIGGER {_quote(name + '_update6')} AFTER UPDATE OF {cq} ON {tq} "
        f"WHEN OLD.{i} = NEW.{i} AND {present_new} AND {present_old} BEGIN "
        f"UPDATE {rtree} SET minx = ST_MinX(NEW.{cq}), maxx = ST_MaxX(NEW.{cq}), "
        f"miny = ST_MinY(NEW.{cq}), maxy = ST_MaxY(NEW.{cq}) WHERE id = NEW.{i}; END",
        f"CREATE TRIGGER {_quote(name + '_update7')} AFTER UPDATE OF {cq} ON {tq} "
        f"WHEN OLD.{i} = NEW.{i} AND {present_new} AND {absent_old} BEGIN "
        f"INSERT INTO {rtree} VALUES {values}; END",
        f"CREATE TRIGGER {_quote(name + '_update2')} AFTER UPDATE OF {cq} ON {tq} "
        f"WHEN OLD.{i} = NEW.{i} AND {absent_new} BEGIN "
        f"DELETE FROM {rtree} WHERE id = OLD.{i}; END",
        f"CREATE TRIGGER {_quote(name + '_update5')} AFTER UPDATE ON {tq} "
        f"WHEN OLD.{i} != NEW.{i} AND {present_new} BEGIN "
        f"DELETE FROM {rtree} WHERE id = OLD.{i}; INSERT OR REPLACE INTO {rtree} VALUES {values}; "
        "END",
        f"CREATE TRIGGER {_quote(name + '_update4')} AFTER UPDATE ON {tq} "
        f"WHEN OLD.{i} != NEW.{i} AND {absent_new} BEGIN "
        f"DELETE FROM {rtree} WHERE id IN (OLD.{i}, NEW.{i}); END",
        f"CREATE TRIGGER {_quote(name + '_delete')} AFTER DELETE ON {tq} "
        f"WHEN OLD.{cq} NOT NULL BEGIN DELETE FROM {rtree} WHERE id = OLD.{i}; END",
    ]


def _box(shape: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs = [x for x, _ in shape]
    ys = [y for _, y in shape]
    return min(xs), max(xs), min(ys), max(ys)


def _check(layer: Layer) -> None:
    if layer.geometry_type not in ("POINT", "LINESTRING"):
        raise ValueError(f"{layer.name}: unsupported geometry type {layer.geometry_type!r}")
    for column, kind in layer.columns:
        if kind not in COLUMN_TYPES:
            raise ValueError(f"{layer.name}.{column}: unsupported column type {kind!r}")


def _write_layer(db: sqlite3.Connection, layer: Layer, timestamp: str) -> None:
    table = _quote(layer.name)
    fields = "".join(f", {_quote(name)} {kind}" for name, kind in layer.columns)
    db.execute(
        f"CREATE TABLE {table} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "
        f"geom {layer.geometry_type}{fields})"
    )
    point = layer.geometry_type == "POINT"
    blobs = [point_blob(*shape[0]) if point else linestring_blob(shape) for shape in layer.shapes]
    marks = ", ".join("?" * (len(layer.columns) + 2))
    db.executemany(
        f"INSERT INTO {table} VALUES ({marks})",
        (
            (fid, blob, *row)
            for fid, (blob, row) in enumerate(zip(blobs, layer.rows, strict=True), start=1)
        ),
    )
    if point:
        boxes = [(x, x, y, y) for ((x, y),) in layer.shapes]
    else:
        boxes = [_box(shape) for shape in layer.shapes]
    extent: tuple[float | None, ...] = (None, None, None, None)
    if boxes:
        extent = (
            min(b[0] for b in boxes),
            min(b[2] for b in boxes),
            max(b[1] for b in boxes),
            max(b[3] for b in boxes),
        )
    db.execute(
        "INSERT INTO gpkg_contents VALUES (?, 'features', ?, '', ?, ?, ?, ?, ?, ?)",
        (layer.name, layer.name, timestamp, *extent, WGS84_SRS_ID),
    )
    db.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)",
        (layer.name, layer.geometry_type, WGS84_SRS_ID),
    )
    if not layer.spatial_index:
        return
    rtree = _quote(f"rtree_{layer.name}_geom")
    db.execute(f"CREATE VIRTUAL TABLE {rtree} USING rtree(id, minx, maxx, miny, maxy)")
    # SQLite's R-tree stores 32-bit floats, rounding each box outwards
    db.executemany(
        f"INSERT INTO {rtree} VALUES (?, ?, ?, ?, ?)",
        ((fid, *box) for fid, box in enumerate(boxes, start=1)),
    )
    db.execute(
        "INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index', ?, 'write-only')",
        (layer.name, _RTREE_EXTENSION),
    )
    for trigger in _rtree_triggers(layer.name, "geom"):
        db.execute(trigger)


def write_geopackage(path: Path, layers: Iterable[Layer], timestamp: str) -> None:
    """Write ``layers`` (EPSG:4326) as a new GeoPackage at ``path`` (which must not exist).

    ``timestamp`` is every layer's ``last_change`` (fixed, so the bytes are reproducible).

    Raises
    ------
    OSError
        ``path`` exists already.
    sqlite3.Error
        The file cannot be written (the disk is full, the folder is read-only).
    ValueError
        A layer has a geometry or column type this writer does not support.
    """
    layers = list(layers)
    for layer in layers:
        _check(layer)
    if path.exists():
        raise FileExistsError(f"{path}: exists already")
    try:
        db = sqlite3.connect(path, isolation_level=None)
        try:
            # one transaction, no journal: a failed write leaves a file the caller deletes
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {USER_VERSION}")
            db.execute("BEGIN")
            for statement in _METADATA_TABLES:
                db.execute(statement)
            db.executemany(
                "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", _SPATIAL_REF_SYS
            )
            for layer in layers:
                _write_layer(db, layer, timestamp)
            db.execute("COMMIT")
        finally:
            db.close()
    except sqlite3.Error:
        with contextlib.suppress(OSError):
            os.unlink(path)  # half a file is no GeoPackage
        raise
