"""How big is the map of N synthetic incidents, and how fast does Chromium open and draw it?

Usage: python benchmarks/bench_render.py [N] [--runs R]   (default N=10000, R=3)

Synthetic incidents are spread over the Syria-Iraq theatre with every field filled (two
sources each with quotes, links, precision circles). The page is opened in Debian's headless
Chromium with every network request blocked; "open and draw" is the time from navigation
until the page reports ready (every marker clustered and the first frame painted after it).
The target is under 5 s for 10,000 incidents.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mapper.models import EVENT_TYPES, Article, Incident, Link, Mention, Place, Source  # noqa: E402
from mapper.render import write_map  # noqa: E402

OUTLETS = ("Reuters", "AP", "AFP", "Al Jazeera", "Kurdistan 24", "BBC", "The New York Times")


def synthetic(n: int, seed: int = 7) -> tuple[list[Incident], list[Article], list[Mention]]:
    """``n`` incidents with two sources each, a link every tenth, 20 % imprecise."""
    rng = random.Random(seed)
    articles: list[Article] = []
    incidents: list[Incident] = []
    mentions: list[Mention] = []
    for k in range(n):
        lat, lon = rng.uniform(31.0, 37.5), rng.uniform(36.0, 47.5)
        day = date(2020, 1, 1) + timedelta(days=rng.randrange(0, 730))
        place = f"Place {k % 997}"
        sources = []
        for j in range(2):
            text = (
                f"On {day:%B %d}, a strike hit {place}, killing {rng.randrange(0, 20)} people, "
                "officials said. " + "Background sentence about the conflict. " * 3
            )
            outlet = OUTLETS[(k + j) % len(OUTLETS)]
            doc = Article(f"d{k}-{j}", text, f"Report {k}-{j}", outlet, day, None, f"/a/{k}-{j}")
            articles.append(doc)
            quote = text.split(". ")[0] + "."
            sources.append(Source(doc.doc_id, outlet, doc.title, day, quote, 0, len(quote)))
            start = text.index(place)
            p = Place(f"p{k % 997}", place, lat, lon, "SY")
            mentions.append(Mention(doc.doc_id, start, start + len(place), place, p, 0.9))
        imprecise = rng.random() < 0.2
        links = (Link("retaliation_for", f"inc-{k - 1:06d}", "in retaliation for"),)
        incidents.append(
            Incident(
                id=f"inc-{k:06d}",
                event_type=EVENT_TYPES[k % len(EVENT_TYPES)],
                date_start=day,
                date_end=day,
                time_precision="day",
                location=place,
                location_raw=(place,),
                country_code="SY",
                lat=lat,
                lon=lon,
                geo_precision=2 if imprecise else 1,
                uncertainty_km=25.0 if imprecise else 2.0,
                actors=("Actor A", "Actor B"),
                fatalities_low=1,
                fatalities_high=5,
                sources=tuple(sources),
                links=links if k % 10 == 1 else (),
            )
        )
    return incidents, articles, mentions


def open_and_draw(path: Path) -> float:
    """Seconds from navigation until the page says it is ready, network blocked."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        own = path.resolve().as_uri()
        page.route("**/*", lambda r: r.continue_() if r.request.url == own else r.abort())
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        start = time.perf_counter()
        page.goto(own)
        try:
            page.wait_for_selector("body[data-ready='1']", state="attached", timeout=60_000)
        except Exception as exc:  # playwright's TimeoutError; say what the page said
            raise SystemExit(f"the map did not get ready: {errors or exc}") from None
        elapsed = time.perf_counter() - start
        browser.close()
    if errors:
        raise SystemExit(f"page errors: {errors}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    incidents, articles, mentions = synthetic(args.n)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.html"
        start = time.perf_counter()
        write_map(path, incidents, articles, mentions)
        render_s = time.perf_counter() - start
        size_mb = path.stat().st_size / 1e6
        times = [open_and_draw(path) for _ in range(args.runs)]
    print(f"incidents: {args.n}")
    print(f"index.html: {size_mb:.2f} MB, written in {render_s:.2f} s")
    print("open+draw in Chromium: " + ", ".join(f"{t:.2f} s" for t in times))
    print(f"median: {sorted(times)[len(times) // 2]:.2f} s (target < 5 s)")


if __name__ == "__main__":
    main()
