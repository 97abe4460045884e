"""Generate N synthetic news articles (JSONL shards) for benchmarks.

Articles are written from our own templates with real place names (towns that appear in
conflict reporting; names only, no coordinates). Each synthetic event is reported by one to
three articles from different outlets on nearby days, so linking has real work to do. The
output is deterministic for a given ``--seed``.

Usage::

    python benchmarks/make_corpus.py 10000 /tmp/bench/corpus-10k
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta
from pathlib import Path

PLACES: tuple[tuple[str, str], ...] = (
    ("Abu Kamal", "Syria"), ("Al-Qaim", "Iraq"), ("Deir ez-Zor", "Syria"), ("Mayadin", "Syria"),
    ("Raqqa", "Syria"), ("Aleppo", "Syria"), ("Idlib", "Syria"), ("Homs", "Syria"),
    ("Hama", "Syria"), ("Palmyra", "Syria"), ("Mosul", "Iraq"), ("Erbil", "Iraq"),
    ("Kirkuk", "Iraq"), ("Tikrit", "Iraq"), ("Fallujah", "Iraq"), ("Ramadi", "Iraq"),
    ("Samarra", "Iraq"), ("Sinjar", "Iraq"), ("Kharkiv", "Ukraine"), ("Donetsk", "Ukraine"),
    ("Mariupol", "Ukraine"), ("Kherson", "Ukraine"), ("Zaporizhzhia", "Ukraine"),
    ("Bakhmut", "Ukraine"), ("Avdiivka", "Ukraine"), ("Kramatorsk", "Ukraine"),
    ("Mykolaiv", "Ukraine"), ("Sanaa", "Yemen"), ("Aden", "Yemen"), ("Taiz", "Yemen"),
    ("Marib", "Yemen"), ("Mogadishu", "Somalia"), ("Kismayo", "Somalia"),
    ("Baidoa", "Somalia"), ("Kandahar", "Afghanistan"), ("Kunduz", "Afghanistan"),
    ("Jalalabad", "Afghanistan"), ("Herat", "Afghanistan"), ("Gao", "Mali"),
    ("Timbuktu", "Mali"), ("Mopti", "Mali"), ("Kidal", "Mali"), ("Maiduguri", "Nigeria"),
    ("Gwoza", "Nigeria"), ("Benghazi", "Libya"), ("Sirte", "Libya"), ("Misrata", "Libya"),
    ("El Fasher", "Sudan"), ("Nyala", "Sudan"), ("Goma", "Democratic Republic of the Congo"),
    ("Beni", "Democratic Republic of the Congo"), ("Bunia", "Democratic Republic of the Congo"),
)  # fmt: skip
OUTLETS = (
    "Reuters", "Associated Press", "Agence France-Presse", "BBC News", "Al Jazeera",
    "The New York Times", "The Washington Post", "The Guardian", "Kurdistan 24", "Kyiv Independent",
)  # fmt: skip
ACTORS = (
    "government forces", "coalition aircraft", "an armed group", "militants",
    "unidentified gunmen", "the army", "insurgents", "a local militia",
)  # fmt: skip
EVENTS = (
    ("airstrike", "{actor} carried out an airstrike near {place}, {country}, on {day}, "
     "killing {n} people, officials said."),
    ("drone_strike", "A drone strike hit a vehicle near {place} on {day}, killing {n}, "
     "according to local officials."),
    ("rocket_attack", "A rocket attack struck {place} on {day}; {n} people were wounded, "
     "a spokesman said."),
    ("shelling", "Heavy shelling hit residential areas of {place} on {day}, killing {n} "
     "civilians, residents said."),
    ("car_bombing", "A car bomb exploded at a checkpoint in {place}, {country}, on {day}, "
     "killing {n}, police said."),
    ("raid", "Security forces carried out a raid in {place} on {day} and detained {n} "
     "suspects, officials said."),
)  # fmt: skip
FILLER = (
    "The statement gave no further details about the operation.",
    "Officials said an investigation had been opened.",
    "Residents described hearing several loud explosions before dawn.",
    "Aid groups said access to the area remained difficult.",
    "The claims could not be independently verified.",
    "A spokesman declined to comment on casualty figures.",
    "Hospitals in the region reported receiving wounded people overnight.",
    "The incident followed weeks of rising tension in the area.",
    "Local media published photographs of damaged buildings.",
    "Diplomats called for restraint from all sides.",
)  # fmt: skip
START = date(2015, 1, 1)
DAYS = 3650


def make_articles(count: int, seed: int = 7) -> list[dict[str, str]]:
    """``count`` article records (``id``, ``title``, ``outlet``, ``published``, ``text``)."""
    rng = random.Random(seed)
    articles: list[dict[str, str]] = []
    event_number = 0
    while len(articles) < count:
        event_number += 1
        kind, template = rng.choice(EVENTS)
        place, country = rng.choice(PLACES)
        day = START + timedelta(days=rng.randrange(DAYS))
        casualties = rng.randint(2, 40)
        reports = rng.choice((1, 1, 2, 2, 3))
        for outlet in rng.sample(OUTLETS, reports):
            if len(articles) == count:
                break
            published = day + timedelta(days=rng.choice((0, 0, 1)))
            sentence = template.format(
                actor=rng.choice(ACTORS).capitalize() if template[0] == "{" else "",
                place=place,
                country=country,
                day=day.strftime("%A, %B %d"),
                n=casualties,
            )
            body = [sentence, *rng.sample(FILLER, 6)]
            text = (
                f"{kind.replace('_', ' ').capitalize()} reported in {place}\n\n"
                + " ".join(body[:3])
                + "\n\n"
                + " ".join(body[3:])
                + "\n"
            )
            articles.append(
                {
                    "id": f"synth-{len(articles):07d}",
                    "title": f"{kind.replace('_', ' ').capitalize()} reported in {place}",
                    "outlet": outlet,
                    "published": published.isoformat(),
                    "text": text,
                }
            )
    return articles


def write_corpus(count: int, folder: Path, seed: int = 7, shard_size: int = 1000) -> list[Path]:
    """Write ``count`` articles as JSONL shards of ``shard_size`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    articles = make_articles(count, seed)
    paths = []
    for first in range(0, count, shard_size):
        path = folder / f"shard-{first // shard_size:05d}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for record in articles[first : first + shard_size]:
                handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of articles")
    parser.add_argument("folder", type=Path, help="output folder (JSONL shards)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = write_corpus(args.count, args.folder, args.seed)
    print(f"wrote {args.count} articles in {len(paths)} files under {args.folder}")


if __name__ == "__main__":
    main()
