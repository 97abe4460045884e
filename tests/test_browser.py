"""The map in real headless Chromium (Debian's /usr/bin/chromium), with the network blocked.

Every request other than the page itself is aborted and recorded: the page must load and
work with none.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import make_articles, make_incidents, make_mentions

from mapper.models import Incident
from mapper.render import write_map

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("browser tests need Debian's chromium: apt-get install -y chromium")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class MapPage:
    """An opened map with what it tried to fetch and what it logged."""

    def __init__(self, page: Any, blocked: list[str], console: list[str]) -> None:
        self.page = page
        self.blocked = blocked
        self.console = console

    def js(self, expression: str) -> Any:
        return self.page.evaluate(expression)

    def visible_ids(self) -> list[str]:
        ids: list[str] = self.js("() => window.mapper.visibleIds()")
        return ids

    def settle(self) -> None:
        self.page.wait_for_timeout(400)  # the filters are debounced by 120 ms


def open_map(browser: Any, html_path: Path) -> MapPage:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    blocked: list[str] = []
    console: list[str] = []
    own = html_path.resolve().as_uri()

    def route(route: Any) -> None:
        if route.request.url == own:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.goto(own)
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=20_000)
    return MapPage(page, blocked, console)


@pytest.fixture(scope="module")
def map_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    articles = make_articles()
    out = tmp_path_factory.mktemp("map") / "out" / "index.html"
    return write_map(out, make_incidents(articles), articles, make_mentions(articles))


@pytest.fixture()
def opened(browser: Any, map_file: Path) -> Iterator[MapPage]:
    opened = open_map(browser, map_file)
    yield opened
    opened.page.close()


def test_map_loads_offline_without_errors(opened: MapPage) -> None:
    assert opened.blocked == []
    assert opened.console == []
    title = opened.page.inner_text("#mapper-title")
    assert "4 incidents from 3 articles" in title
    assert "2021-02-15 to 2021-06-30" in title
    assert opened.page.locator(".leaflet-container canvas").count() >= 1  # offline base layer


def test_every_incident_has_a_marker_whose_popup_names_its_sources(
    opened: MapPage, incidents: tuple[Incident, ...]
) -> None:
    assert opened.visible_ids() == sorted(i.id for i in incidents)
    for incident in incidents:
        assert opened.js(f"() => window.mapper.openIncident({incident.id!r})")
        popup = opened.page.locator(f".leaflet-popup .pop[data-incident='{incident.id}']")
        popup.wait_for(timeout=5_000)
        text = popup.inner_text()
        for source in incident.sources:
            assert source.outlet in text
            assert source.quote.split("\n")[0][:30] in text
    assert opened.console == []


def test_popup_shows_differing_fatalities_and_highlights_place(opened: MapPage) -> None:
    opened.js("() => window.mapper.openIncident('inc-strike')")
    popup = opened.page.locator(".leaflet-popup .pop[data-incident='inc-strike']")
    popup.wait_for()
    text = popup.inner_text()
    assert "sources differ" in text
    assert "The Wall Street Journal: 17" in text and "The New York Times: 1" in text
    assert "geo precision 2" in text and "± 10 km" in text
    assert popup.locator("mark", has_text="Abu Kamal").count() >= 1
    assert popup.locator("mark", has_text="Albu Kamal").count() >= 1
    link = popup.locator("a", has_text="open article")
    assert link.get_attribute("href") == "https://www.example.com/wsj/strikes"
    local = popup.locator("a", has_text="open local file").get_attribute("href") or ""
    assert local.startswith("../") and local.endswith("/data/articles/a2.txt")
    assert "retaliation for" in text.lower()


def test_layers_toggle(opened: MapPage) -> None:
    page = opened.page
    page.uncheck("input[data-group='type'][data-key='airstrike']")
    opened.settle()
    assert "inc-strike" not in opened.visible_ids()
    assert page.locator(".arrow").count() == 0  # its link hides with it
    page.check("input[data-group='type'][data-key='airstrike']")
    opened.settle()
    assert "inc-strike" in opened.visible_ids()
    assert page.locator(".arrow").count() == 1
    page.uncheck("input[data-group='overlay'][data-key='links']")
    opened.settle()
    assert page.locator(".arrow").count() == 0
    page.uncheck("input[data-group='outlet'][data-key='The New York Times']")
    page.uncheck("input[data-group='outlet'][data-key='The Wall Street Journal']")
    opened.settle()
    assert opened.visible_ids() == ["inc-evil", "inc-undated"]
    page.uncheck("input[data-group='month'][data-key='undated']")
    opened.settle()
    assert opened.visible_ids() == ["inc-evil"]
    assert "showing 1 of 4" in page.inner_text("#mapper-title")
    assert opened.console == []


def test_time_filter_hides_and_shows(opened: MapPage) -> None:
    page = opened.page

    def slide(selector: str, iso: str) -> None:
        page.eval_on_selector(
            selector,
            """(input, iso) => {
                input.value = String(Math.round(Date.parse(iso) / 86400000));
                input.dispatchEvent(new Event('input', {bubbles: true}));
            }""",
            iso,
        )

    slide("#mapper-time-from", "2021-02-20")
    opened.settle()
    assert "inc-rockets" not in opened.visible_ids()
    assert "inc-strike" in opened.visible_ids()
    slide("#mapper-time-to", "2021-03-01")
    opened.settle()
    assert "inc-evil" not in opened.visible_ids()
    page.uncheck("#mapper-undated")
    opened.settle()
    assert opened.visible_ids() == ["inc-strike"]
    slide("#mapper-time-from", "2021-01-01")
    slide("#mapper-time-to", "2021-12-31")
    page.check("#mapper-undated")
    opened.settle()
    assert len(opened.visible_ids()) == 4


def test_search_filters_and_lists_matches(opened: MapPage) -> None:
    page = opened.page
    page.fill("#mapper-search", "erbil")
    opened.settle()
    assert opened.visible_ids() == ["inc-rockets", "inc-strike"]  # the strike's quote names it
    page.fill("#mapper-search", "kataib")
    opened.settle()
    assert opened.visible_ids() == ["inc-strike"]
    assert page.locator("#mapper-title .results button").count() == 1
    page.fill("#mapper-search", "")
    opened.settle()
    assert len(opened.visible_ids()) == 4


def test_hostile_article_shows_as_text(opened: MapPage) -> None:
    opened.js("() => window.mapper.openIncident('inc-evil')")
    popup = opened.page.locator(".leaflet-popup .pop[data-incident='inc-evil']")
    popup.wait_for()
    text = popup.inner_text()
    assert '<img src=x onerror="window.__pwned=2">' in text
    assert "`${window.__pwned=3}`" in text
    assert 'Evil "Times" <i>' in text
    assert popup.locator("img").count() == 0 and popup.locator("i").count() == 0
    assert popup.locator("a[href^='javascript']").count() == 0
    opened.js("() => window.mapper.openIncident('inc-undated')")
    opened.page.locator(".leaflet-popup .pop[data-incident='inc-undated']").wait_for()
    assert opened.js("() => window.__pwned === undefined")
    assert opened.page.locator("script").count() == 4
    assert opened.console == []


def test_seeds_map_opens_offline_with_every_incident(browser: Any, seeds_build: Path) -> None:
    import json

    features = json.loads((seeds_build / "incidents.geojson").read_text("utf-8"))["features"]
    opened = open_map(browser, seeds_build / "index.html")
    try:
        assert opened.blocked == [] and opened.console == []
        assert opened.visible_ids() == sorted(f["properties"]["id"] for f in features)
        for feature in features[:3]:
            props = feature["properties"]
            assert opened.js(f"() => window.mapper.openIncident({props['id']!r})")
            popup = opened.page.locator(f".leaflet-popup .pop[data-incident='{props['id']}']")
            popup.wait_for(timeout=5_000)
            text = popup.inner_text()
            assert all(s["outlet"] in text for s in props["sources"])
        assert opened.console == []
    finally:
        opened.page.close()


def test_clusters_follow_the_type_toggles(opened: MapPage) -> None:
    page = opened.page

    def drawn() -> int:
        """Incidents drawn: single markers plus the counts on cluster rings."""
        singles = page.locator(".leaflet-marker-pane .mi").count()
        counts = page.locator(".leaflet-marker-pane .cluster span").all_inner_texts()
        return singles + sum(int(c) for c in counts)

    opened.js("() => window.mapper._map.setView([34.5, 42], 4, {animate: false})")
    opened.settle()
    assert page.locator(".leaflet-marker-pane .cluster").count() >= 1  # they do cluster
    assert drawn() == 4
    page.uncheck("input[data-group='type'][data-key='rocket_attack']")
    opened.settle()
    assert drawn() == 3
    page.check("input[data-group='type'][data-key='rocket_attack']")
    opened.settle()
    assert drawn() == 4
