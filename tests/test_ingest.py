"""Ingest: every kind of bad input gives one warning naming the file, and the rest is read."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from mapper import ingest
from mapper.errors import IngestError
from mapper.ingest import decode_bytes, read_articles, read_sidecar

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def warnings_about(warnings: tuple[str, ...], name: str) -> list[str]:
    return [w for w in warnings if name in w]


def test_seeds_read_with_sidecar_metadata() -> None:
    result = read_articles([SEEDS])
    assert len(result.articles) == 5
    assert result.warnings == ()
    assert (result.files_read, result.files_skipped) == (5, 0)
    by_id = {a.doc_id: a for a in result.articles}
    assert by_id["000_1838aaa0b250feb6"].outlet == "The Wall Street Journal"
    assert by_id["000_1838aaa0b250feb6"].published == date(2021, 2, 26)


def test_empty_and_whitespace_files_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("  \n\t\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text("Shelling hit Aleppo.\n", encoding="utf-8")
    result = read_articles([tmp_path])
    assert [a.doc_id for a in result.articles] == ["good"]
    assert "empty" in warnings_about(result.warnings, "empty.txt")[0]
    assert len(warnings_about(result.warnings, "blank.md")) == 1
    assert result.files_skipped == 2


def test_binary_files_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp_path / "noise.html").write_bytes(bytes(range(1, 32)) * 50)
    result = read_articles([tmp_path])
    assert result.articles == ()
    for name in ("image.txt", "noise.html"):
        (warning,) = warnings_about(result.warnings, name)
        assert "binary" in warning


def test_cp1252_is_detected_decoded_and_warned(tmp_path: Path) -> None:
    text = "Officials in Deir ez-Zor said the “strike” killed 17 – reports.\n"
    (tmp_path / "win.txt").write_bytes(text.encode("cp1252"))
    result = read_articles([tmp_path])
    (article,) = result.articles
    assert article.text == text
    (warning,) = result.warnings
    assert "win.txt" in warning and "cp1252" in warning


def test_latin1_fallback_when_cp1252_cannot_decode() -> None:
    data = "Caf\u00e9 \x81".encode("latin-1")  # 0x81 is undefined in cp1252
    text, warning = decode_bytes(data, "x.txt")
    assert text == "Caf\u00e9 \x81"
    assert warning is not None and "latin-1" in warning


def test_utf8_bom_is_dropped() -> None:
    text, warning = decode_bytes("\ufeffAbu Kamal".encode(), "x.txt")
    assert (text, warning) == ("Abu Kamal", None)


def test_binary_raises_with_file_name() -> None:
    with pytest.raises(IngestError, match="blob.txt"):
        decode_bytes(b"abc\x00def", "blob.txt")


def test_html_scripts_and_styles_vanish(tmp_path: Path) -> None:
    hostile = (
        "<html><head><title>Strike</title><script>var a='</p>Fake Damascus';</script></head>"
        "<body><script>alert(1)</script><style>p{}</style>"
        "<p>Rockets hit Erbil airport.</p><noscript>Fake</noscript>"
        "<script>document.write('<p>Kabul</p>')</script></body></html>"
    )
    (tmp_path / "page.html").write_text(hostile * 200, encoding="utf-8")
    result = read_articles([tmp_path])
    (article,) = result.articles
    assert "Rockets hit Erbil airport." in article.text
    assert "alert" not in article.text and "Kabul" not in article.text
    assert "Fake" not in article.text
    assert result.warnings == ()


def test_html_with_only_scripts_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "ads.html").write_text("<script>" + "x=1;" * 1000 + "</script>", encoding="utf-8")
    result = read_articles([tmp_path])
    assert result.articles == ()
    (warning,) = result.warnings
    assert "ads.html" in warning and "no visible text" in warning


def test_huge_text_file_is_rejected_without_reading(tmp_path: Path) -> None:
    huge = tmp_path / "dump.txt"
    with huge.open("wb") as handle:  # 50 MB, sparse: fast to make
        handle.truncate(50 * 1024 * 1024)
    (tmp_path / "ok.txt").write_text("Shelling hit Aleppo.\n", encoding="utf-8")
    result = read_articles([tmp_path])
    assert [a.doc_id for a in result.articles] == ["ok"]
    (warning,) = result.warnings
    assert "dump.txt" in warning and "MiB limit" in warning and "JSONL" in warning


def test_overlong_article_text_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_TEXT_CHARS", 100)
    (tmp_path / "long.html").write_text(
        "<script>" + "x" * 5000 + "</script><p>Shelling hit Aleppo.</p>",
        encoding="utf-8",
    )
    (tmp_path / "book.txt").write_text("Shelling hit Aleppo. " * 10, encoding="utf-8")
    result = read_articles([tmp_path])
    assert [a.doc_id for a in result.articles] == ["long"]
    (warning,) = result.warnings
    assert "book.txt" in warning and "over the limit of 100" in warning


def test_jsonl_broken_and_oversized_lines_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest, "MAX_ARTICLE_BYTES", 1000)
    lines = [
        json.dumps({"id": "a", "text": "Shelling hit Aleppo."}),
        '{"id": "b", "text": "unterminated',
        json.dumps({"id": "c", "text": "x" * 5000}),
        json.dumps({"id": "d", "title": "no text"}),
        "",
        json.dumps({"id": "e", "text": "Rockets hit Erbil."}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_articles([tmp_path])
    assert [a.doc_id for a in result.articles] == ["a", "e"]
    assert len(result.warnings) == 3
    assert all("feed.jsonl" in w for w in result.warnings)
    assert any("line 2" in w and "invalid JSON" in w for w in result.warnings)
    assert any("line 3" in w and "limit" in w for w in result.warnings)
    assert any("record 4" in w for w in result.warnings)


def test_invalid_json_file_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"text": "x",', encoding="utf-8")
    result = read_articles([tmp_path / "bad.json"])
    assert result.articles == ()
    (warning,) = result.warnings
    assert "bad.json" in warning and "invalid JSON" in warning


def test_deeply_nested_json_is_skipped_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 100_000, encoding="utf-8")
    (tmp_path / "deep.jsonl").write_text(
        "[" * 100_000 + '\n{"id": "ok", "text": "Shelling hit Aleppo."}\n', encoding="utf-8"
    )
    result = read_articles([tmp_path])
    assert [a.doc_id for a in result.articles] == ["ok"]
    assert len(result.warnings) == 2
    assert all("nested too deeply" in w for w in result.warnings)


def test_symlink_loops_do_not_hang(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("Shelling hit Aleppo.\n", encoding="utf-8")
    (tmp_path / "a" / "up").symlink_to("..")
    result = read_articles([tmp_path])
    assert [a.doc_id for a in result.articles] == ["x"]


def test_malformed_sidecar_is_ignored_and_articles_still_read(tmp_path: Path) -> None:
    shutil.copy(SEEDS / "001_478670fe5b74dd64.txt", tmp_path)
    (tmp_path / "sources.csv").write_text("name,outlet\nx,y\n", encoding="utf-8")
    result = read_articles([tmp_path])
    assert len(result.articles) == 1
    (warning,) = result.warnings
    assert "sources.csv" in warning and "'file' or 'id'" in warning


def test_sidecar_bad_rows_warn_per_row(tmp_path: Path) -> None:
    sidecar = tmp_path / "sources.csv"
    sidecar.write_text(
        'file,outlet,published\na.txt,BBC,yesterday\n,CNN,2021-01-01\nb.txt,"x,y,z\n',
        encoding="utf-8",
    )
    table, warnings = read_sidecar(sidecar)
    assert "a.txt" in table and table["a.txt"].published is None
    assert any(":2:" in w and "not a date" in w for w in warnings)
    assert any(":3:" in w and "no 'file'" in w for w in warnings)


def test_sidecar_with_nul_bytes_is_ignored(tmp_path: Path) -> None:
    sidecar = tmp_path / "sources.csv"
    sidecar.write_bytes(b"file,outlet\x00\na,b\n")
    table, warnings = read_sidecar(sidecar)
    assert table == {}
    (warning,) = warnings
    assert "sources.csv" in warning


def test_front_matter_problems_warn(tmp_path: Path) -> None:
    (tmp_path / "open.md").write_text("---\ntitle: x\nShelling hit Aleppo.\n", encoding="utf-8")
    (tmp_path / "date.md").write_text(
        "---\ntitle: T\npublished: last week\n---\nShelling hit Aleppo.\n", encoding="utf-8"
    )
    result = read_articles([tmp_path])
    assert len(result.articles) == 2
    assert "not closed" in warnings_about(result.warnings, "open.md")[0]
    assert "not a date" in warnings_about(result.warnings, "date.md")[0]
    titles = {a.doc_id: a.title for a in result.articles}
    assert titles["date"] == "T"


def test_duplicate_ids_are_renamed_with_a_warning(tmp_path: Path) -> None:
    rows = [{"id": "same", "text": "One."}, {"id": "same", "text": "Two."}]
    (tmp_path / "a.json").write_text(json.dumps(rows), encoding="utf-8")
    result = read_articles([tmp_path])
    assert [a.doc_id for a in result.articles] == ["same", "same~2"]
    assert len(result.warnings) == 1


def test_missing_path_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        read_articles([tmp_path / "nope"])


def test_folder_without_articles_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(IngestError, match="no article files"):
        read_articles([tmp_path])


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Shelling hit Aleppo.\n", encoding="utf-8")
    locked.chmod(0)
    try:
        result = read_articles([tmp_path])
    finally:
        locked.chmod(0o644)
    (warning,) = result.warnings
    assert "locked.txt" in warning and "cannot be read" in warning
