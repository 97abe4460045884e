from __future__ import annotations

from pathlib import Path

import pytest

from mapper.documents import read_documents, read_gold
from mapper.errors import IngestError


def test_a_folder_gives_text_files_by_stem_and_jsonl_lines_by_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Fighting in Mosul.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "x", "text": "In Erbil."}\n\n', encoding="utf-8")
    (tmp_path / "sources.csv").write_text("file,outlet\n", encoding="utf-8")
    assert read_documents([tmp_path]) == [("a", "Fighting in Mosul."), ("x", "In Erbil.")]


def test_a_broken_jsonl_line_is_an_error_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text('{"id": "ok", "text": "t"}\n{broken\n', encoding="utf-8")
    with pytest.raises(IngestError, match=r"docs\.jsonl:2: not a JSON object"):
        read_documents([path])


def test_gold_toponyms_need_offsets_and_coordinates(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(
        '{"id": "d", "text": "Erbil", "toponyms": [{"start": 0, "end": 5}]}\n', encoding="utf-8"
    )
    with pytest.raises(IngestError, match="lacks start/end/lat/lon"):
        read_gold(path)


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        read_documents([tmp_path / "nope.txt"])
