"""The GeoPackage writer: a valid GeoPackage that GDAL (pyogrio) reads back row for row."""

from __future__ import annotations

import math
import sqlite3
import struct
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from mapper.export import (
    FIXED_GPKG_TIMESTAMP,
    GPKG_INCIDENT_TYPES,
    GPKG_LINK_COLUMNS,
    GPKG_MENTION_COLUMNS,
    GPKG_MENTION_TYPES,
    write_gpkg,
)
from mapper.geo import to_lonlat
from mapper.gpkg import (
    APPLICATION_ID,
    USER_VERSION,
    Layer,
    linestring_blob,
    point_blob,
    write_geopackage,
)
from mapper.models import Incident, Mention
from mapper.records import CSV_COLUMNS, csv_row, link_rows, mention_row

pyogrio = pytest.importorskip("pyogrio")


def _plain(value: Any) -> Any:
    """A value read by pyogrio as a plain Python value (NaN and None both mean NULL)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return float(value) if isinstance(value, int | float) else value


def _read(path: Path, layer: str) -> tuple[dict[str, list[Any]], list[Any]]:
    meta, _, geometry, fields = pyogrio.raw.read(path, layer=layer)
    columns = {
        name: [_plain(v) for v in values]
        for name, values in zip(meta["fields"], fields, strict=True)
    }
    return columns, list(geometry)


def test_gdal_reads_back_every_layer_column_and_row(
    incidents: tuple[Incident, ...], mentions: tuple[Mention, ...], tmp_path: Path
) -> None:
    hostile = "a\"<b>&c\r\n\t'é ' OR 1=1; --"
    odd = replace(incidents[0], id="inc-odd", location=hostile, actors=(hostile,))
    everything = (*incidents, odd)
    path = write_gpkg(tmp_path / "incidents.gpkg", everything, mentions)
    assert {name: kind for name, kind in pyogrio.list_layers(path)} == {
        "incidents": "Point",
        "links": "LineString",
        "mentions": "Point",
    }
    assert pyogrio.read_info(path, layer="incidents")["crs"] == "EPSG:4326"

    columns, geometry = _read(path, "incidents")
    assert list(columns) == list(CSV_COLUMNS)
    expected = [csv_row(i) for i in everything]
    for name in CSV_COLUMNS:
        assert columns[name] == [_plain(row[name]) for row in expected], name
    points = [struct.unpack("<dd", wkb[5:21]) for wkb in geometry]
    assert points == [to_lonlat(i.lat, i.lon) for i in everything]

    columns, geometry = _read(path, "links")
    links = link_rows(everything)
    assert list(columns) == [name for name, _ in GPKG_LINK_COLUMNS]
    assert columns["source_id"] == [r["source_id"] for r in links] == ["inc-strike", "inc-odd"]
    for name in ("target_id", "relation", "evidence"):
        assert columns[name] == [r[name] for r in links], name
    for wkb, link in zip(geometry, links, strict=True):
        assert struct.unpack("<BII", wkb[:9]) == (1, 2, 2)  # a two-point LineString
        ends = [struct.unpack("<dd", wkb[9 + 16 * k : 25 + 16 * k]) for k in range(2)]
        assert ends == [to_lonlat(*link["source_latlon"]), to_lonlat(*link["target_latlon"])]

    columns, _ = _read(path, "mentions")
    resolved = [r for r in (mention_row(m) for m in mentions) if r is not None]
    assert list(columns) == [name for name, _ in GPKG_MENTION_COLUMNS]
    for name, _ in GPKG_MENTION_COLUMNS:
        assert columns[name] == [_plain(r[name]) for r in resolved], name


def test_file_is_a_geopackage_with_pinned_times_and_spatial_indexes(
    incidents: tuple[Incident, ...], mentions: tuple[Mention, ...], tmp_path: Path
) -> None:
    path = write_gpkg(tmp_path / "incidents.gpkg", incidents, mentions)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
        assert db.execute("PRAGMA user_version").fetchone() == (USER_VERSION,)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert {srs for (srs,) in db.execute("SELECT srs_id FROM gpkg_spatial_ref_sys")} == {
            -1,
            0,
            4326,
        }
        contents = db.execute(
            "SELECT table_name, data_type, last_change, min_x, max_x FROM gpkg_contents"
        ).fetchall()
        assert {row[:3] for row in contents} == {
            (name, "features", FIXED_GPKG_TIMESTAMP) for name in ("incidents", "links", "mentions")
        }
        lons = [to_lonlat(i.lat, i.lon)[0] for i in incidents]
        assert ("incidents", min(lons), max(lons)) in {(r[0], r[3], r[4]) for r in contents}
        for layer in ("incidents", "links"):
            (rows,) = db.execute(f"SELECT count(*) FROM {layer}").fetchone()
            (indexed,) = db.execute(f"SELECT count(*) FROM rtree_{layer}_geom").fetchone()
            assert rows == indexed > 0
        indexed_layers = {t for (t,) in db.execute("SELECT table_name FROM gpkg_extensions")}
        assert indexed_layers == {"incidents", "links"}  # mentions: an audit table, no R-tree
        names = {n for (n,) in db.execute("SELECT name FROM sqlite_master")}
        assert not any(n.startswith("rtree_mentions") for n in names)


def test_gdal_can_append_to_the_file_through_the_index_triggers(
    incidents: tuple[Incident, ...], tmp_path: Path
) -> None:
    # the R-tree triggers call GDAL's ST_* functions: appending exercises them
    path = write_gpkg(tmp_path / "incidents.gpkg", incidents)
    meta, _, geometry, fields = pyogrio.raw.read(path, layer="incidents")
    pyogrio.raw.write(
        path,
        geometry=geometry[:1],
        field_data=[values[:1] for values in fields],
        fields=meta["fields"],
        layer="incidents",
        driver="GPKG",
        geometry_type="Point",
        crs="EPSG:4326",
        append=True,
    )
    with sqlite3.connect(path) as db:
        count = db.execute("SELECT count(*) FROM rtree_incidents_geom").fetchone()[0]
    assert count == len(incidents) + 1
    found = pyogrio.read_info(path, layer="incidents")["features"]
    assert found == len(incidents) + 1


def test_empty_layers_keep_their_columns_and_type(tmp_path: Path) -> None:
    path = write_gpkg(tmp_path / "incidents.gpkg", ())
    assert dict(pyogrio.list_layers(path)) == {
        "incidents": "Point",
        "links": "LineString",
        "mentions": "Point",
    }
    info = pyogrio.read_info(path, layer="incidents")
    assert list(info["fields"]) == list(CSV_COLUMNS)
    assert info["features"] == 0


def test_column_types_match_the_values(
    incidents: tuple[Incident, ...], mentions: tuple[Mention, ...]
) -> None:
    # a number in a TEXT column would come back as text: every numeric value needs its type
    rows = [(GPKG_INCIDENT_TYPES, csv_row(i)) for i in incidents]
    rows += [(GPKG_MENTION_TYPES, mention_row(m) or {}) for m in mentions]
    for types, row in rows:
        for name, value in row.items():
            kind = types.get(name, "TEXT")
            if value is None:
                continue
            if kind == "TEXT":
                assert isinstance(value, str), name
            elif kind == "INTEGER":
                assert isinstance(value, int) and not isinstance(value, bool), name
            else:
                assert isinstance(value, float), name


def test_blobs_follow_the_geopackage_binary_layout() -> None:
    blob = point_blob(40.5, 34.25)
    assert blob[:4] == b"GP\x00\x01"  # version 0, little-endian, no envelope
    assert struct.unpack("<i", blob[4:8]) == (4326,)
    assert struct.unpack("<BIdd", blob[8:]) == (1, 1, 40.5, 34.25)
    line = linestring_blob([(1.0, 5.0), (3.0, 2.0)])
    assert line[:4] == b"GP\x00\x03"  # envelope [minx, maxx, miny, maxy]
    assert struct.unpack("<4d", line[8:40]) == (1.0, 3.0, 2.0, 5.0)
    assert struct.unpack("<BII4d", line[40:]) == (1, 2, 2, 1.0, 5.0, 3.0, 2.0)


def test_writer_refuses_unknown_types_and_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "x.gpkg"
    bad = Layer("x", "POINT", (("a", "DATE"),), [("2020-01-01",)], [((0.0, 0.0),)])
    with pytest.raises(ValueError, match="DATE"):
        write_geopackage(path, [bad], FIXED_GPKG_TIMESTAMP)
    with pytest.raises(FileExistsError):
        path.touch()
        write_geopackage(path, [], FIXED_GPKG_TIMESTAMP)


def test_same_layers_give_the_same_bytes(
    incidents: tuple[Incident, ...], mentions: tuple[Mention, ...], tmp_path: Path
) -> None:
    one = write_gpkg(tmp_path / "one.gpkg", incidents, mentions).read_bytes()
    two = write_gpkg(tmp_path / "two.gpkg", incidents, mentions).read_bytes()
    assert one == two


def test_reused_rows_give_the_same_file(
    incidents: tuple[Incident, ...], mentions: tuple[Mention, ...], tmp_path: Path
) -> None:
    from mapper.export import IncidentTexts, incident_digest

    hostile = replace(incidents[0], id="inc-h", location="\u2028'\"<é>", fatalities_low=None)
    changed = (*incidents, hostile)
    first = IncidentTexts({}, {id(i): incident_digest(i) for i in incidents})
    write_gpkg(tmp_path / "first.gpkg", incidents, mentions, first)
    again = IncidentTexts(first.current, {id(i): incident_digest(i) for i in changed})
    reused = write_gpkg(tmp_path / "reused.gpkg", changed, mentions, again).read_bytes()
    assert reused == write_gpkg(tmp_path / "fresh.gpkg", changed, mentions).read_bytes()
    assert (tmp_path / "first.gpkg").read_bytes() == write_gpkg(
        tmp_path / "plain.gpkg", incidents, mentions
    ).read_bytes()


def test_a_failed_write_is_one_clear_error_and_leaves_nothing(
    incidents: tuple[Incident, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mapper import export
    from mapper.errors import ExportError

    def full_disk(path: Path, layers: object, timestamp: str) -> None:
        path.write_bytes(b"half a file")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(export, "write_geopackage", full_disk)
    with pytest.raises(ExportError, match="incidents.gpkg: cannot write .*disk is full"):
        write_gpkg(tmp_path / "incidents.gpkg", incidents)
    assert list(tmp_path.iterdir()) == []
