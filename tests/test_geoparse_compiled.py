"""The geoparser's compiled builds: used when they match their sources, and same results.

``setup.py`` compiles ``recognise.py``, ``resolve.py`` and ``parser.py`` (unchanged) and
``_settle.pyx`` (the resolver's numeric core, a C-loop twin of ``resolve._settle_numpy``) at
install time.
"""

from __future__ import annotations

import hashlib
import importlib
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mapper.geoparse as geoparse
from mapper.geoparse import GeoParser
from mapper.geoparse import recognise as recognise_source
from mapper.geoparse.compiled import compiled_build

SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"

resolve_module = importlib.import_module("mapper.geoparse.resolve")
DATA = Path(__file__).parent / "data"


def _texts() -> list[str]:
    paths = sorted(SEEDS_DIR.glob("*.txt")) + sorted((DATA / "incidents").glob("*"))
    texts = [p.read_text(encoding="utf-8") for p in paths if p.is_file()]
    assert len(texts) >= 30
    return texts


def test_the_install_built_and_uses_the_compiled_geoparser() -> None:
    # `pip install -e .` compiles both; a silent fallback would cost 2x in speed.
    if geoparse.compiled.pure_python_forced():
        pytest.skip("MAPPER_PURE_PYTHON is set")
    assert geoparse.COMPILED_RECOGNITION
    assert geoparse.COMPILED_PARSER
    assert geoparse._resolve is not resolve_module
    assert resolve_module.COMPILED


def _fake_module(tmp_path: Path, name: str, built_from: str) -> None:
    (tmp_path / f"{name}.py").write_text(f"SOURCE_SHA256 = {built_from!r}\n", encoding="utf-8")


def test_a_build_is_used_only_while_its_source_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "source.py"
    source.write_text("x = 1\n", encoding="utf-8")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    _fake_module(tmp_path, "fresh_build", digest)
    _fake_module(tmp_path, "stale_build", "0" * 64)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        assert compiled_build("fresh_build", source) is not None
        assert compiled_build("stale_build", source) is None
        assert compiled_build("no_such_build", source) is None
        # An installed wheel ships no .pyx: nothing to compare with, the build is used.
        assert compiled_build("fresh_build", tmp_path / "missing.pyx") is not None
        monkeypatch.setenv("MAPPER_PURE_PYTHON", "1")
        assert compiled_build("fresh_build", source) is None
    finally:
        for name in ("fresh_build", "stale_build"):
            sys.modules.pop(name, None)


@pytest.mark.skipif(not geoparse.COMPILED_RECOGNITION, reason="recognition not compiled")
def test_compiled_recognition_finds_the_same_spans(gazetteer: Any) -> None:
    names = list(geoparse.cached_names(gazetteer))
    normalise = geoparse.normalise_name
    compiled = geoparse.Recogniser(names, normalise, filtered=True)
    plain = recognise_source.Recogniser(names, normalise, filtered=True)
    for text in _texts():
        assert [tuple(s) for s in compiled.find(text)[1]] == [tuple(s) for s in plain.find(text)[1]]


@pytest.mark.skipif(not resolve_module.COMPILED, reason="resolver core not compiled")
def test_compiled_resolver_core_settles_like_the_numpy_reference(
    gazetteer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, ...]] = []
    in_use = geoparse._resolve  # resolve.py itself or its compiled build
    compiled = in_use._settle_compiled

    def recording(*args: Any) -> Any:
        calls.append(args)
        return compiled(*args)

    monkeypatch.setattr(in_use, "_settle_compiled", recording)
    parser = GeoParser(gazetteer)
    for index, text in enumerate(_texts()):
        parser.parse(str(index), text)
    assert len(calls) >= 30
    for args in calls:
        fast, reference = compiled(*args), resolve_module._settle_numpy(*args)
        assert fast.best == reference.best
        assert fast.chosen.tolist() == reference.chosen.tolist()
        assert fast.chooser.tolist() == reference.chooser.tolist()
        # A point's distance to itself (or a twin) is the arc of a chord of rounding error:
        # about 1e-4 km either way, whichever order the dot product is summed in.
        for field in ("score", "country_support", "ads", "local", "closeness", "vote", "point"):
            np.testing.assert_allclose(
                getattr(fast, field), getattr(reference, field), rtol=1e-9, atol=1e-5
            )
        assert np.array_equal(fast.same_admin, reference.same_admin)


_scan = recognise_source._scan


@pytest.mark.skipif(_scan is None, reason="word scanner not compiled")
def test_compiled_word_scanner_splits_like_the_regular_expression() -> None:
    split = recognise_source._TOKEN_SPLIT.split
    texts = [
        *_texts(),
        "Iraq's Qa'im, O'Fallon and Ain al-Asad’s base; 'quoted' words' ends’ s_ a's",
        "",
        "'",
        "ʼS",
        "x's_y",
        "العراق ,中文 Ελλάδα ½ ²3 e\u0301",
    ]
    # Every code point, alone and between apostrophes (the category tables must agree).
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    for start in range(0, len(everything), 20_000):
        chunk = everything[start : start + 20_000]
        texts += [chunk, "'".join(chunk[:3000]) + "’s"]
    for text in texts:
        assert _scan.scan_words(text, frozenset())[0] == split(text)


@pytest.mark.skipif(_scan is None, reason="word scanner not compiled")
@given(st.text(alphabet=st.sampled_from("aAsSé1_ '’ʼ-.,\n中"), max_size=40) | st.text(max_size=40))
def test_compiled_word_scanner_agrees_on_random_text(text: str) -> None:
    assert _scan.scan_words(text, frozenset())[0] == recognise_source._TOKEN_SPLIT.split(text)


@pytest.mark.skipif(_scan is None, reason="word scanner not compiled")
def test_compiled_scan_tells_only_forms_the_recogniser_would_give(gazetteer: Any) -> None:
    plain = recognise_source.Recogniser(["baghdad"], geoparse.normalise_name, filtered=True)
    text = " ".join(_texts()) + " de al of the intl airbase st iphone iPhone a1 x2y Über über"
    parts, forms = _scan.scan_words(text, recognise_source.PARTICLES)
    assert parts == recognise_source._TOKEN_SPLIT.split(text)
    words = parts[1::2]
    assert len(forms) == len(words)
    told = [(w, f) for w, f in zip(words, forms, strict=True) if f is not None]
    assert len(told) > len(words) // 2  # most words are ordinary lower-case words
    for word, form in told:
        assert form == plain.match_fold(word), word
