"""Exports: CSV (ACLED columns), GeoPackage (three layers), KML, and their determinism."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from mapper.export import csv_text, write_csv, write_geojson, write_gpkg, write_kml
from mapper.models import Incident, Mention
from mapper.records import CSV_COLUMNS, csv_row

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
]
OUR_COLUMNS = ["uncertainty_km", "fatalities_low", "fatalities_high", "links"]


def _rows(incidents: tuple[Incident, ...]) -> dict[str, dict[str, str]]:
    return {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(csv_text(incidents)))}


def test_csv_has_acled_columns_then_ours(incidents: tuple[Incident, ...]) -> None:
    header = next(csv.reader(io.StringIO(csv_text(incidents))))
    assert header[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert header[len(ACLED_COLUMNS) : len(ACLED_COLUMNS) + 4] == OUR_COLUMNS
    assert tuple(header) == CSV_COLUMNS


def test_csv_values_follow_acled_conventions(incidents: tuple[Incident, ...]) -> None:
    rows = _rows(incidents)
    strike = rows["inc-strike"]
    assert strike["event_date"] == "2021-02-25"
    assert strike["time_precision"] == "1"
    assert strike["event_type"] == "Explosions/Remote violence"
    assert strike["sub_event_type"] == "Air/drone strike"
    assert (strike["actor1"], strike["actor2"]) == ("United States", "Kataib Hezbollah")
    assert strike["country"] == "Syrian Arab Republic"
    assert (strike["latitude"], strike["longitude"]) == ("34.4507", "40.9186")
    assert strike["source"] == "The Wall Street Journal; The New York Times"
    assert strike["fatalities"] == "1"
    assert (strike["fatalities_low"], strike["fatalities_high"]) == ("1", "17")
    assert strike["links"] == "retaliation_for:inc-rockets"
    assert "Abu Kamal" in strike["notes"]
    assert rows["inc-evil"]["time_precision"] == "3"
    assert rows["inc-evil"]["uncertainty_km"] == "80.0"
    # Unknown stays unknown: an empty cell, never a made-up zero.
    assert rows["inc-undated"]["fatalities"] == ""
    assert rows["inc-undated"]["event_date"] == ""
    assert rows["inc-undated"]["event_type"] == ""
    assert rows["inc-undated"]["mapper_event_type"] == "other"


def test_csv_round_trips_hostile_text(incidents: tuple[Incident, ...], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "incidents.csv", incidents)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = {r["event_id_cnty"]: r for r in csv.DictReader(handle)}
    evil = incidents[2]
    assert rows["inc-evil"]["location"] == evil.location
    assert rows["inc-evil"]["actor1"] == evil.actors[0]
    assert evil.sources[0].quote in rows["inc-evil"]["notes"]


def test_gpkg_has_three_layers_geopandas_reads(
    incidents: tuple[Incident, ...], mentions: tuple[Mention, ...], tmp_path: Path
) -> None:
    gpd = pytest.importorskip("geopandas")
    import pyogrio

    path = write_gpkg(tmp_path / "incidents.gpkg", incidents, mentions)
    layers = {name: kind for name, kind in pyogrio.list_layers(path)}
    assert layers == {"incidents": "Point", "links": "LineString", "mentions": "Point"}
    frame = gpd.read_file(path, layer="incidents")
    assert list(frame.columns[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert set(frame["event_id_cnty"]) == {i.id for i in incidents}
    strike = frame.set_index("event_id_cnty").loc["inc-strike"]
    assert (round(strike.geometry.x, 4), round(strike.geometry.y, 4)) == (40.9186, 34.4507)
    assert frame.crs.to_epsg() == 4326
    links = gpd.read_file(path, layer="links")
    assert list(links["source_id"]) == ["inc-strike"]
    assert list(links["target_id"]) == ["inc-rockets"]
    start, end = links.geometry.iloc[0].coords
    assert start == (40.9186, 34.4507) and end == (44.01, 36.19)
    found = gpd.read_file(path, layer="mentions")
    assert len(found) == 3  # the unresolved "Syria" is left out
    row = found[found["name_as_written"] == "Albu Kamal"].iloc[0]
    assert (row["doc_id"], row["place_name"]) == ("a2", "Abu Kamal")
    assert row["end"] - row["start"] == len("Albu Kamal")


def test_every_export_is_byte_identical_across_builds(
    incidents: tuple[Incident, ...], mentions: tuple[Mention, ...], tmp_path: Path
) -> None:
    for name in ("one", "two"):
        out = tmp_path / name
        write_geojson(out / "incidents.geojson", incidents)
        write_csv(out / "incidents.csv", incidents)
        write_gpkg(out / "incidents.gpkg", incidents, mentions)
        write_kml(out / "incidents.kml", incidents)
    for file in ("incidents.geojson", "incidents.csv", "incidents.gpkg", "incidents.kml"):
        assert (tmp_path / "one" / file).read_bytes() == (tmp_path / "two" / file).read_bytes()


def test_kml_is_valid_xml_with_escaped_descriptions(
    incidents: tuple[Incident, ...], tmp_path: Path
) -> None:
    path = write_kml(tmp_path / "incidents.kml", incidents)
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    root = ET.parse(path).getroot()
    placemarks = root.findall(".//k:Placemark[k:Point]", ns)
    assert sorted(p.get("id") or "" for p in placemarks) == sorted(i.id for i in incidents)
    evil = root.find(".//k:Placemark[@id='inc-evil']", ns)
    assert evil is not None
    description = evil.findtext("k:description", namespaces=ns) or ""
    # Google Earth renders the description as HTML: article strings must arrive escaped.
    assert "<script" not in description and "<img" not in description
    assert "&lt;img src=x onerror=alert(1)&gt;" in description
    assert evil.findtext(".//k:TimeSpan/k:begin", namespaces=ns) == "2021-06-01"
    coords = evil.findtext(".//k:coordinates", namespaces=ns)
    assert coords == "40.14,35.33"
    lines = root.findall(".//k:Placemark/k:LineString", ns)
    assert len(lines) == 1


def test_kml_text_is_what_elementtree_would_write(
    incidents: tuple[Incident, ...], tmp_path: Path
) -> None:
    # The KML is written as text for speed; ElementTree, parsing it and writing it again
    # with the same indentation, must give the same bytes (escaping included).
    hostile = "a\"<b>&c\r\n\t'</Placemark>]]> é"
    odd = replace(incidents[0], id="inc-odd" + hostile, location=hostile, actors=(hostile, ""))
    text = write_kml(tmp_path / "i.kml", (*incidents, odd)).read_text("utf-8")
    header, body = text.split("\n", 1)
    root = ET.fromstring(body.replace("\r", "&#13;"))
    for element in root.iter():  # ElementTree names the namespace; the file does not
        element.tag = element.tag.split("}")[-1]
    root.set("xmlns", "http://www.opengis.net/kml/2.2")
    ET.indent(root, space=" ")
    assert ET.tostring(root, encoding="unicode") + "\n" == body


def test_geojson_keeps_contract_fields(incidents: tuple[Incident, ...], tmp_path: Path) -> None:
    data = json.loads(write_geojson(tmp_path / "i.geojson", incidents).read_text("utf-8"))
    props = data["features"][0]["properties"]
    for key in ("id", "event_type", "sources", "links", "uncertainty_km", "geo_precision"):
        assert key in props
    assert csv_row(incidents[0])["event_id_cnty"] == props["id"]


def test_geojson_of_every_field_validates_against_the_schema(
    incidents: tuple[Incident, ...], tmp_path: Path
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = Path(__file__).resolve().parents[1] / "mapper/schema/incidents.schema.json"
    schema = json.loads(schema_path.read_text("utf-8"))
    data = json.loads(write_geojson(tmp_path / "i.geojson", incidents).read_text("utf-8"))
    jsonschema.validate(data, schema)


def test_seeds_build_writes_every_output(seeds_build: Path) -> None:
    for name in ("index.html", "incidents.geojson", "incidents.csv", "incidents.gpkg"):
        assert (seeds_build / name).stat().st_size > 0
    ET.parse(seeds_build / "incidents.kml")
    assert (seeds_build / "index.html").stat().st_size < 2_000_000


def test_csv_cells_cannot_run_as_spreadsheet_formulas(incidents: tuple[Incident, ...]) -> None:
    from dataclasses import replace

    evil = replace(incidents[0], location='=HYPERLINK("http://x")', actors=("+cmd", "@SUM(1)"))
    row = next(csv.DictReader(io.StringIO(csv_text((evil,)))))
    assert row["location"] == '\'=HYPERLINK("http://x")'
    assert (row["actor1"], row["actor2"]) == ("'+cmd", "'@SUM(1)")
    assert row["latitude"] == "34.4507"  # numbers untouched


def test_reused_incident_texts_give_the_same_files(incidents: tuple[Incident, ...]) -> None:
    from mapper.export import IncidentTexts, dumps_json, geojson_text, incident_digest
    from mapper.kml import kml_document
    from mapper.records import feature_collection

    hostile = replace(incidents[0], location='=cmd\n"<b>', id="inc-hostile")
    changed = (*incidents, hostile)
    digests = {id(i): incident_digest(i) for i in incidents}
    first = IncidentTexts({}, digests)
    for writer in (geojson_text, csv_text, kml_document):
        writer(incidents, first)
    second = IncidentTexts(first.current, {id(i): incident_digest(i) for i in changed})
    expected = {
        geojson_text: dumps_json(feature_collection(changed)),
        csv_text: csv_text(changed),
        kml_document: kml_document(changed),
    }
    for writer, text in expected.items():
        assert writer(changed, second) == text
        assert writer(changed) == text
    assert geojson_text(()) == dumps_json(feature_collection(()))
    # a changed incident gets its own text, not its old one
    assert incident_digest(hostile) != incident_digest(incidents[0])
    assert len(second.current) == 3 * len(changed)


def test_damaged_incident_texts_are_made_again(incidents: tuple[Incident, ...]) -> None:
    from mapper.export import IncidentTexts, incident_digest

    digests = {id(i): incident_digest(i) for i in incidents}
    damaged = IncidentTexts({f"csv:{d}": 7 for d in digests.values()}, digests)  # type: ignore[dict-item]
    assert csv_text(incidents, damaged) == csv_text(incidents)
