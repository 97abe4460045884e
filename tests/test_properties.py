"""Property-based tests: random and unicode text never crashes ingest, geoparse or date
parsing, and every offset they return is valid."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapper.errors import IngestError
from mapper.events import extract_events, split_sentences
from mapper.gazetteer import Gazetteer, load_gazetteer
from mapper.geoparse import find_mentions
from mapper.ingest import (
    decode_bytes,
    html_to_text,
    parse_date,
    parse_front_matter,
    parse_html,
    parse_plain_text,
    read_file,
)
from mapper.models import Article

PLACE_WORDS = ["Abu Kamal", "Erbil", "Syria", "Iraq", "Deir ez-Zor", "Baghdad", "al-Qaim", "Kyiv"]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

texts = st.text(max_size=400)
newsy_texts = st.lists(
    st.one_of(
        st.sampled_from(PLACE_WORDS),
        st.sampled_from([" ", ". ", "\n", ", ", "’", "-", " the ", " airstrike ", " near "]),
        st.text(max_size=12),
    ),
    max_size=40,
).map("".join)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@FAST
@given(st.binary(max_size=600))
def test_decode_bytes_returns_text_or_raises_ingest_error(data: bytes) -> None:
    try:
        text, warning = decode_bytes(data, "x.txt")
    except IngestError as error:
        assert "x.txt" in str(error)
    else:
        assert isinstance(text, str)
        assert warning is None or "x.txt" in warning


@FAST
@given(texts)
def test_plain_text_and_front_matter_never_crash(text: str) -> None:
    meta, body = parse_front_matter(text)
    assert text.endswith(body)
    article = parse_plain_text(text, "doc")
    assert article.doc_id == "doc"
    assert article.text in text


@FAST
@given(
    st.one_of(
        texts,
        st.lists(
            st.sampled_from(
                [
                    "<p>",
                    "</p>",
                    "<script>",
                    "</script>",
                    "<!--",
                    "-->",
                    "<title>",
                    "&amp;",
                    "&#x0;",
                    "<br/>",
                    "x",
                    "<a href='",
                    "'>",
                ]
            ),
            max_size=30,
        ).map("".join),
    )
)
def test_html_parsing_never_crashes(markup: str) -> None:
    text, meta, title = html_to_text(markup)
    assert isinstance(text, str) and isinstance(title, str) and isinstance(meta, dict)
    parse_html(markup, "doc")


@FAST
@given(st.binary(max_size=300), st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl"]))
def test_read_file_never_crashes_on_random_bytes(data: bytes, suffix: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"random{suffix}"
        path.write_bytes(data)
        try:
            articles, warnings = read_file(path, {})
        except IngestError as error:
            assert str(path) in str(error)
            return
        assert all(str(path) in w for w in warnings)
        assert all(a.text.strip() for a in articles)


@FAST
@given(st.one_of(texts, st.dates().map(str), st.dates().map(lambda d: d.strftime("%B %d, %Y"))))
def test_parse_date_never_crashes(value: str) -> None:
    result = parse_date(value)
    assert result is None or isinstance(result, date)


@given(st.dates())
def test_parse_date_round_trips_iso(value: date) -> None:
    assert parse_date(value.isoformat()) == value


@FAST
@given(st.one_of(texts, newsy_texts))
def test_geoparse_offsets_are_valid(gazetteer: Gazetteer, text: str) -> None:
    mentions = find_mentions("doc", text, gazetteer)
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.surface
    assert list(mentions) == sorted(mentions, key=lambda m: (m.start, m.end))


@FAST
@given(st.one_of(texts, newsy_texts), st.one_of(st.none(), st.dates()))
def test_event_quotes_are_verbatim_slices(
    gazetteer: Gazetteer, text: str, published: date | None
) -> None:
    for start, end in split_sentences(text):
        assert 0 <= start < end <= len(text)
    article = Article(doc_id="doc", text=text, title="t", published=published)
    for event in extract_events(article, find_mentions("doc", text, gazetteer)):
        assert text[event.start : event.end] == event.quote
