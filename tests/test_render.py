"""The map page as text: self-contained, safe embedding, deterministic; and its data."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path

import pytest

from mapper.models import Article, Incident, Mention
from mapper.render import render_map_html, write_map
from mapper.render.basemap import base_map_data, encode_path
from mapper.render.payload import embed_json, page_payload, safe_href

SCRIPT = re.compile(r"<script([^>]*)>(.*?)</script>", re.DOTALL)


@pytest.fixture()
def page(
    incidents: tuple[Incident, ...],
    articles: tuple[Article, ...],
    mentions: tuple[Mention, ...],
    tmp_path: Path,
) -> str:
    return render_map_html(incidents, articles, mentions, out_dir=tmp_path)


def _data(page: str) -> dict[str, object]:
    match = re.search(r'<script type="application/json" id="mapper-data">(.*?)</script>', page)
    assert match
    data: dict[str, object] = json.loads(match.group(1))
    return data


def test_page_loads_nothing_from_the_network(page: str) -> None:
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page)
    assert "cdn." not in page and "jsdelivr" not in page
    # Remote addresses appear only as the two optional online tile layers (and in the CSP).
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in page
    assert "World_Imagery/MapServer/tile/{z}/{y}/{x}" in page


def test_hostile_strings_cannot_break_out(page: str) -> None:
    scripts = SCRIPT.findall(page)
    # Our data block plus Leaflet, markercluster and map.js: nothing injected.
    assert len(scripts) == 4
    assert "window.__pwned" not in "".join(body for _, body in scripts[1:])
    data_block = scripts[0][1]
    for bad in ("</script", "<!--", "<img", "\u2028", "\u2029"):
        assert bad not in data_block
    data = _data(page)
    evil = [i for i in data["incidents"] if i["id"] == "inc-evil"][0]  # type: ignore[attr-defined]
    assert "<img src=x onerror" in evil["sources"][0]["quote"]  # intact, as text
    assert "\u2028" in evil["sources"][0]["quote"]


def test_embed_json_round_trips() -> None:
    value = {"a": "</script><!-- \u2028\u2029 & <b>", "n": [1, None]}
    text = embed_json(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


def test_csp_allows_exactly_the_inline_scripts(page: str) -> None:
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp
    policy = html.unescape(csp.group(1))
    allowed = set(re.findall(r"'sha256-([^']+)'", policy))
    bodies = [body for attrs, body in SCRIPT.findall(page) if "application/json" not in attrs]
    hashes = {base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() for b in bodies}
    assert allowed == hashes
    assert "default-src 'none'" in policy


def test_render_is_deterministic(
    incidents: tuple[Incident, ...],
    articles: tuple[Article, ...],
    mentions: tuple[Mention, ...],
    tmp_path: Path,
) -> None:
    one = write_map(tmp_path / "a" / "index.html", incidents, articles, mentions)
    two = write_map(tmp_path / "b" / "index.html", incidents, articles, mentions)
    assert one.read_bytes() == two.read_bytes()


def test_safe_href_keeps_only_web_links_and_local_files(tmp_path: Path) -> None:
    assert safe_href("https://example.com/a?b=1", None, None) == "https://example.com/a?b=1"
    assert safe_href("javascript:alert(1)", None, None) is None
    assert safe_href("data:text/html,x", None, None) is None
    article = tmp_path / "seeds" / "a.txt"
    assert safe_href("javascript:alert(1)", str(article), tmp_path / "out") == "../seeds/a.txt"
    assert safe_href(None, None, tmp_path) is None


def test_payload_groups_types_months_outlets(
    incidents: tuple[Incident, ...], articles: tuple[Article, ...], mentions: tuple[Mention, ...]
) -> None:
    data = page_payload(incidents, articles, mentions)
    assert data["meta"] == {
        "incidents": 4,
        "articles": 3,
        "articles_cited": 3,
        "date_min": "2021-02-15",
        "date_max": "2021-06-30",
    }
    assert [t["key"] for t in data["types"]] == [
        "airstrike",
        "drone_attack",
        "other",
        "rocket_attack",
    ]
    assert data["months"] == [("2021-02", 2), ("2021-06", 1), ("undated", 1)]
    assert ("The Wall Street Journal", 2) in data["outlets"]
    by_id = {i["id"]: i for i in data["incidents"]}
    assert by_id["inc-strike"]["sources"][0]["href"] == "https://www.example.com/wsj/strikes"
    assert by_id["inc-strike"]["sources"][1]["href"].endswith("a2.txt")  # local file
    assert by_id["inc-evil"]["sources"][0]["href"] is None  # javascript: dropped
    places = {p["name"]: p for p in data["mentions"]}
    assert places["Abu Kamal"]["count"] == 2
    assert places["Abu Kamal"]["written"] == ["Abu Kamal", "Albu Kamal"]


def test_page_json_from_pieces_is_the_whole_payload_as_json(
    incidents: tuple[Incident, ...],
    articles: tuple[Article, ...],
    mentions: tuple[Mention, ...],
    tmp_path: Path,
) -> None:
    from dataclasses import replace

    from mapper.export import IncidentTexts, incident_digest
    from mapper.render.payload import page_json

    base = {"cities": [["<b>&", 1.5, 2.0]], "attribution": "\u2028x"}
    hostile = replace(incidents[0], id="inc-</script>", location="<!--\u2029")
    changed = (*incidents, hostile)

    def memo(previous: dict[str, str], records: tuple[Incident, ...]) -> IncidentTexts:
        return IncidentTexts(previous, {id(i): incident_digest(i) for i in records})

    def expected(records: tuple[Incident, ...], out: Path) -> str:
        return embed_json(page_payload(records, articles, mentions, out, base))

    first = memo({}, incidents)
    whole = page_json(incidents, articles, mentions, tmp_path, embed_json(base), memo=first)
    assert whole == expected(incidents, tmp_path)
    assert page_json(incidents, articles, mentions, tmp_path, embed_json(base)) == whole
    # reused rows, a new incident, and links that point elsewhere from another folder
    for out in (tmp_path, tmp_path / "deeper" / "out"):
        again = memo(first.current, changed)
        text = page_json(changed, articles, mentions, out, embed_json(base), memo=again)
        assert text == expected(changed, out)
    assert expected(incidents, tmp_path) != expected(incidents, tmp_path / "deeper" / "out")


def test_encode_path_is_delta_encoded() -> None:
    assert encode_path([(40.91, 34.45), (40.92, 34.45), (40.92, 34.45)], 100) == [
        4091,
        3445,
        1,
        0,
    ]


def test_base_map_is_small_and_detailed_near_incidents() -> None:
    data = base_map_data([(34.45, 40.92), (36.19, 44.01)])
    assert data["land"] and data["borders"] and data["coarse_borders"] and data["admin1"]
    names = {c[0] for c in data["cities"]}
    assert {"Baghdad", "Mosul"} <= names
    assert len(json.dumps(data, separators=(",", ":"))) < 600_000


def test_base_map_without_the_divisions_package_still_draws(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mapper.render import basemap

    monkeypatch.setattr(basemap, "_admin1_path", lambda: None)
    data = base_map_data([(34.45, 40.92)])
    assert data["admin1"] == [] and data["land"]


def test_unreadable_countries_file_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from mapper.render import basemap

    monkeypatch.setattr(basemap, "_countries_path", lambda: tmp_path / "missing.zip")
    basemap._countries.cache_clear()
    try:
        with pytest.raises(basemap.BaseMapError, match="missing.zip.*reinstall"):
            base_map_data([(34.45, 40.92)])
    finally:
        basemap._countries.cache_clear()
