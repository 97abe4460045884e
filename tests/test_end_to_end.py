"""``mapper build`` on the seeds, through the CLI, checked against the output contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from mapper.cli import app
from mapper.geo import haversine_km
from mapper.ingest import read_articles

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "mapper" / "schema" / "incidents.schema.json"
ABU_KAMAL = (34.45, 40.92)

runner = CliRunner()


def _features(out: Path) -> list[dict[str, Any]]:
    data = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))
    features: list[dict[str, Any]] = data["features"]
    return features


def test_build_writes_map_and_valid_geojson(seeds_build: Path) -> None:
    assert (seeds_build / "index.html").stat().st_size > 1000
    data = json.loads((seeds_build / "incidents.geojson").read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["features"], "the seeds must give incidents"


def test_an_airstrike_is_placed_near_abu_kamal_with_sources(seeds_build: Path) -> None:
    near = [
        f
        for f in _features(seeds_build)
        if f["properties"]["event_type"] == "airstrike"
        and haversine_km(
            ABU_KAMAL, (f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0])
        )
        < 60
    ]
    assert near, "no airstrike within 60 km of Abu Kamal"
    sources = near[0]["properties"]["sources"]
    assert {s["doc_id"] for s in sources} >= {"000_1838aaa0b250feb6", "002_db2c456a55f36cb7"}
    assert all(s["quote"] for s in sources)


def test_every_quote_is_verbatim_from_its_article(seeds_build: Path, seeds_dir: Path) -> None:
    texts = {a.doc_id: a.text for a in read_articles([seeds_dir]).articles}
    for feature in _features(seeds_build):
        for source in feature["properties"]["sources"]:
            assert texts[source["doc_id"]][source["start"] : source["end"]] == source["quote"]


def test_outlets_and_dates_come_from_sources_csv(seeds_build: Path) -> None:
    outlets = {
        s["doc_id"]: (s["outlet"], s["published"])
        for f in _features(seeds_build)
        for s in f["properties"]["sources"]
    }
    assert outlets.get("004_8c582f0cff60fa21") == ("Kurdistan 24", "2021-02-26")
    assert outlets.get("001_478670fe5b74dd64") == ("The New York Times", "2021-02-25")


def test_two_builds_give_identical_geojson(seeds_dir: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = runner.invoke(app, ["build", str(seeds_dir), "--out", str(out)])
        assert result.exit_code == 0, result.output
    assert (first / "incidents.geojson").read_bytes() == (second / "incidents.geojson").read_bytes()


def test_build_reports_where_it_wrote(seeds_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(seeds_dir), "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert str(tmp_path / "index.html") in result.output


@pytest.mark.parametrize(
    "args, needle",
    [
        (["build", "no/such/folder"], "no such file or folder"),
        (["build", "--bogus"], "No such option"),
    ],
)
def test_user_mistakes_exit_non_zero_without_traceback(args: list[str], needle: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    assert needle in result.output
    assert "Traceback" not in result.output
