"""Pipeline: all-or-nothing outputs, the result cache, and engines that agree byte for byte."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from mapper import cache as cache_module
from mapper import engines, outputs
from mapper.cache import ResultCache, article_key, decode_record, encode_record, pipeline_version
from mapper.errors import EngineError, ExportError, StrictModeError, UsageError
from mapper.gazetteer import load_gazetteer
from mapper.ingest import read_articles
from mapper.models import Article, ArticleResult, EventMention, Mention, Place
from mapper.outputs import CACHE_DIR_NAME, output_transaction, safe_child, staging_prefix
from mapper.pipeline import HOLD_BEFORE_SWAP_ENV, BuildOptions, build, process_article

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (but the cache) with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and CACHE_DIR_NAME not in p.relative_to(folder).parts
    }


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "out"
    build([SEEDS], out, BuildOptions(use_cache=False))
    return out


def test_build_writes_outputs_and_stats(seed_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    outputs = build([SEEDS], out)
    assert {p.name for p in outputs.files} >= {"incidents.geojson", "index.html"}
    assert all(p.parent == out for p in outputs.files)
    assert outputs.stats.articles == 5 and outputs.stats.files_read == 5
    assert outputs.stats.processed == 5 and outputs.stats.cached == 0
    assert outputs.stats.incidents == len(outputs.result.incidents) > 0
    assert snapshot(out) == snapshot(seed_build)
    assert not list(tmp_path.glob(".*staging*"))


def test_rebuild_uses_the_cache_and_gives_identical_bytes(seed_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([SEEDS], out)
    again = build([SEEDS], out)
    assert (again.stats.processed, again.stats.cached) == (0, 5)
    assert snapshot(out) == snapshot(seed_build)
    fresh = build([SEEDS], out, BuildOptions(use_cache=False))
    assert fresh.stats.processed == 5


def test_one_new_article_is_the_only_one_processed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    out = tmp_path / "out"
    build([corpus], out)
    (corpus / "new.txt").write_text("Rockets hit Erbil airport on Monday.\n", encoding="utf-8")
    outputs = build([corpus], out)
    assert (outputs.stats.processed, outputs.stats.cached) == (1, 5)


def test_unchanged_outputs_are_kept_and_changed_ones_rewritten(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    out = tmp_path / "out"
    build([corpus], out)
    first = snapshot(out)
    inodes = {p.name: p.stat().st_ino for p in out.iterdir() if p.is_file()}
    build([corpus], out)
    assert snapshot(out) == first
    assert {p.name: p.stat().st_ino for p in out.iterdir() if p.is_file()} == inodes
    # a file changed by hand is written again, not kept
    (out / "incidents.csv").write_text("edited\n", encoding="utf-8")
    build([corpus], out)
    assert snapshot(out) == first
    # a new article changes the map (it counts articles) and gives fresh bytes everywhere
    (corpus / "new.txt").write_text("Rockets hit Erbil airport on Monday.\n", encoding="utf-8")
    build([corpus], out)
    fresh = tmp_path / "fresh"
    build([corpus], fresh, BuildOptions(use_cache=False))
    assert snapshot(out) == snapshot(fresh)
    assert (out / "index.html").stat().st_ino != inodes["index.html"]


def test_the_base_map_is_cached_by_incident_places(tmp_path: Path) -> None:
    from mapper.pipeline import cached_base_map
    from mapper.render.basemap import base_map_data
    from mapper.render.payload import embed_json

    incidents = build([SEEDS], tmp_path / "out", BuildOptions(use_cache=False)).result.incidents
    cache_dir = tmp_path / "cache"
    first = cached_base_map(incidents, cache_dir)
    cache = ResultCache(cache_dir)
    try:
        assert cache.get_artifact("base_map", "another key") is None
    finally:
        cache.close()
    assert cached_base_map(incidents, cache_dir) == first
    # kept as the text the page embeds
    assert first == embed_json(base_map_data([(i.lat, i.lon) for i in incidents]))


def test_cache_key_changes_with_text_metadata_and_version() -> None:
    article = read_articles([SEEDS]).articles[0]
    from dataclasses import replace

    base = article_key(article, "v1")
    assert article_key(article, "v1") == base
    assert article_key(article, "v2") != base
    assert article_key(replace(article, text=article.text + " "), "v1") != base
    assert article_key(replace(article, outlet="Other"), "v1") != base
    # every field counts on its own: text moved across a field boundary is another article
    one = Article(doc_id="a", text="b\nstr 1 c", title="")
    two = Article(doc_id="a\nstr 1 b", text="c", title="")
    assert article_key(one, "v1") != article_key(two, "v1")
    assert article_key(replace(one, url=""), "v1") != article_key(replace(one, url=None), "v1")
    dated = replace(one, published=date(2021, 2, 25))
    assert article_key(dated, "v1") != article_key(replace(one, url="2021-02-25"), "v1")


def test_decoders_refuse_tuples_of_mixed_types() -> None:
    from dataclasses import dataclass

    from mapper.cache import decoder_of

    @dataclass(frozen=True)
    class Mixed:
        pair: tuple[str, int]

    with pytest.raises(TypeError, match="mixed"):
        decoder_of(Mixed)


def test_pipeline_version_follows_code_and_gazetteer(monkeypatch: pytest.MonkeyPatch) -> None:
    version = pipeline_version()
    assert version == f"{cache_module.code_fingerprint()}-{cache_module.gazetteer_fingerprint()}"
    assert len(version) == 33


def test_a_user_gazetteer_overlay_changes_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = pipeline_version()
    overlay = tmp_path / "mine.csv"
    overlay.write_text("id,name,lat,lon\nx,Somewhere,1,2\n", encoding="utf-8")
    monkeypatch.setenv("MAPPER_GAZETTEER_OVERLAY", str(overlay))
    cache_module.gazetteer_fingerprint.cache_clear()
    try:
        assert pipeline_version() != before
    finally:
        monkeypatch.delenv("MAPPER_GAZETTEER_OVERLAY")
        cache_module.gazetteer_fingerprint.cache_clear()
    assert pipeline_version() == before


def test_cache_round_trips_results_exactly(tmp_path: Path) -> None:
    gazetteer = load_gazetteer()
    results = [process_article(a, gazetteer) for a in read_articles([SEEDS]).articles]
    assert all(decode_record(ArticleResult, encode_record(r)) == r for r in results)
    store = ResultCache(tmp_path)
    store.put_many((str(i), r) for i, r in enumerate(results))
    store.close()
    reopened = ResultCache(tmp_path)
    wanted = [("0", results[0].article), ("1", results[1].article), ("x", results[2].article)]
    assert reopened.get_many(wanted) == {"0": results[0], "1": results[1]}
    reopened.close()


def test_nested_records_round_trip() -> None:
    place = Place("p1", "Abu Kamal", 34.45, 40.92, "SY", "city", 1, "Deir ez-Zor", 2.5)
    earlier = EventMention(
        "d1", "rocket_attack", 0, 5, "Boom.", date_start=date(2021, 2, 15), lat=36.2, lon=44.0
    )
    event = EventMention(
        "d2", "airstrike", 3, 9, "Strike", date_start=date(2021, 2, 25), date_end=None,
        location_raw=("Abu Kamal", "Albu Kamal"), actors=("US",), fatalities_low=1,
        answers=earlier, retaliation_evidence="in retaliation for",
    )  # fmt: skip
    mention = Mention("d2", 3, 12, "Abu Kamal", place, 0.5)
    for record in (place, earlier, event, mention, Mention("d", 0, 1, "X")):
        decoded = decode_record(type(record), json.loads(json.dumps(encode_record(record))))
        assert decoded == record


def test_corrupt_cache_entries_are_misses(tmp_path: Path) -> None:
    store = ResultCache(tmp_path)
    store._db.execute("INSERT INTO results VALUES ('k', '[[1, 2], []]')")
    store._db.execute("INSERT INTO results VALUES ('j', 'not json')")
    store._db.commit()
    article = read_articles([SEEDS]).articles[0]
    assert store.get_many([("k", article), ("j", article)]) == {}
    store.close()


def test_damaged_records_inside_entries_are_misses(tmp_path: Path) -> None:
    store = ResultCache(tmp_path)
    place = ["p", "Abu Kamal", 34.4, 40.9, "SY", "city", 1, "", 0.0, "", ""]
    good = json.dumps([[["a", 0, 1, "X", place, 0.5]], []])
    damaged = {
        "short": [[["a", 0, 1, "X", place]], []],
        "place too short": [[["a", 0, 1, "X", place[:-1], 0.5]], []],
        "list in a scalar": [[["a", 0, 1, "X", [*place[:-1], [1]], 0.5]], []],
        "number for text": [[[7, 0, 1, "X", None, 0.5]], []],
        "bad date": [[], [["a", "raid", 0, 1, "q", 20210101] + [None] * 18]],
    }
    store._db.execute("INSERT INTO results VALUES ('good', ?)", (good,))
    for key, value in damaged.items():
        store._db.execute("INSERT INTO results VALUES (?, ?)", (key, json.dumps(value)))
    store._db.commit()
    article = read_articles([SEEDS]).articles[0]
    found = store.get_many([(key, article) for key in ["good", *damaged]])
    store.close()
    assert list(found) == ["good"]
    (mention,) = found["good"].mentions
    assert mention.place == Place("p", "Abu Kamal", 34.4, 40.9, "SY", "city", 1, "", 0.0)


def test_decoded_places_are_shared() -> None:
    from mapper.cache import decode_mention

    place = ["p", "Abu Kamal", 34.4, 40.9, "SY", "city", 1, "", 0.0, "", ""]
    one = decode_mention(["a", 0, 1, "X", place, 0.5])
    two = decode_mention(["b", 5, 6, "Y", list(place), 0.7])
    assert one.place is two.place and one.place is not None


@pytest.mark.slow
def test_jobs_2_is_byte_identical_to_jobs_1(seed_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    outputs = build([SEEDS], out, BuildOptions(jobs=2, use_cache=False))
    assert outputs.stats.processed == 5
    assert snapshot(out) == snapshot(seed_build)


def _die(batch: object) -> None:
    os._exit(3)  # a worker killed mid-build (out of memory, kill -9)


@pytest.mark.slow
def test_dead_worker_process_is_one_clear_error(
    seed_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    shutil.copytree(seed_build, out)
    before = snapshot(out)
    monkeypatch.setattr(engines, "process_batch", _die)
    with pytest.raises(EngineError, match="worker process died"):
        build([SEEDS], out, BuildOptions(jobs=2, use_cache=False))
    assert snapshot(out) == before


@pytest.mark.slow
def test_dask_local_cluster_is_byte_identical(seed_build: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
    ):
        out = tmp_path / "out"
        options = BuildOptions(engine="dask", scheduler=cluster.scheduler_address, use_cache=False)
        outputs = build([SEEDS], out, options)
    assert outputs.stats.processed == 5
    assert snapshot(out) == snapshot(seed_build)


@pytest.mark.slow
def test_dask_unreachable_scheduler_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr(engines, "DASK_CONNECT_TIMEOUT", "1s")
    options = BuildOptions(engine="dask", scheduler="tcp://127.0.0.1:9", use_cache=False)
    with pytest.raises(EngineError, match="tcp://127.0.0.1:9"):
        build([SEEDS], tmp_path / "out", options)
    assert not (tmp_path / "out").exists()


def test_bad_engine_options_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--engine"):
        build([SEEDS], tmp_path / "o", BuildOptions(engine="spark", use_cache=False))
    with pytest.raises(UsageError, match="--scheduler"):
        build([SEEDS], tmp_path / "o", BuildOptions(scheduler="tcp://x:1", use_cache=False))


def test_strict_fails_before_writing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "empty.txt").write_bytes(b"")
    with pytest.raises(StrictModeError, match="1 warning"):
        build([corpus], tmp_path / "out", BuildOptions(strict=True, use_cache=False))
    assert not (tmp_path / "out").exists()


def test_failed_write_leaves_previous_output(
    seed_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    shutil.copytree(seed_build, out)
    before = snapshot(out)
    from mapper import pipeline

    def broken(path: Path, incidents: object) -> Path:
        path.write_text("half", encoding="utf-8")
        raise ExportError(f"{path}: disk full")

    monkeypatch.setattr(
        pipeline, "OUTPUT_WRITERS", (*pipeline.OUTPUT_WRITERS, ("extra.csv", broken))
    )
    with pytest.raises(ExportError):
        build([SEEDS], out, BuildOptions(use_cache=False))
    assert snapshot(out) == before
    assert not list(tmp_path.glob(staging_prefix(out) + "*"))


def test_swap_keeps_files_the_build_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "notes").mkdir(parents=True)
    (out / ".gitkeep").write_bytes(b"")
    (out / "notes" / "mine.txt").write_text("keep me", encoding="utf-8")
    (out / "index.html").write_text("old map", encoding="utf-8")
    (out / CACHE_DIR_NAME).mkdir()
    (out / CACHE_DIR_NAME / "marker").write_text("cache", encoding="utf-8")
    with output_transaction(out) as staging:
        (staging / "index.html").write_text("new map", encoding="utf-8")
    assert (out / "index.html").read_text(encoding="utf-8") == "new map"
    assert (out / "notes" / "mine.txt").read_text(encoding="utf-8") == "keep me"
    assert (out / ".gitkeep").exists()
    assert (out / CACHE_DIR_NAME / "marker").read_text(encoding="utf-8") == "cache"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_swap_without_atomic_exchange_falls_back_to_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outputs, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    (out / CACHE_DIR_NAME).mkdir(parents=True)
    (out / "index.html").write_text("old", encoding="utf-8")
    with output_transaction(out) as staging:
        (staging / "index.html").write_text("new", encoding="utf-8")
    assert (out / "index.html").read_text(encoding="utf-8") == "new"
    assert (out / CACHE_DIR_NAME).is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_out_that_is_a_symlink_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "out"
    link.symlink_to(real)
    with output_transaction(link) as staging:
        (staging / "index.html").write_text("map", encoding="utf-8")
    assert link.is_symlink()
    assert (real / "index.html").read_text(encoding="utf-8") == "map"


def test_out_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ExportError, match="not a folder"):
        build([SEEDS], target, BuildOptions(use_cache=False))


@pytest.mark.parametrize("name", ["../evil.html", "/etc/passwd", "a/../../b", "", "x\x00y"])
def test_safe_child_refuses_names_that_escape(tmp_path: Path, name: str) -> None:
    with pytest.raises(ExportError):
        safe_child(tmp_path, name)


def test_safe_child_refuses_symlink_escape(tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to("/tmp")
    with pytest.raises(ExportError):
        safe_child(tmp_path, "link/x.html")
    assert safe_child(tmp_path, "sub/ok.html") == tmp_path / "sub" / "ok.html"


def test_hostile_metadata_writes_only_inside_out(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(
        '{"id": "../../escape", "title": "<script>alert(1)</script>", "outlet": "/etc/x", '
        '"text": "Rockets hit Erbil airport <img src=x onerror=alert(2)> today."}\n',
        encoding="utf-8",
    )
    work = tmp_path / "work"
    out = work / "out"
    build([corpus], out, BuildOptions(use_cache=False))
    assert sorted(p.name for p in work.iterdir()) == ["out"]
    assert not (tmp_path / "escape").exists()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Erbil" in page  # the hostile article did reach the map, escaped
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page


def test_build_opens_no_network_connection(
    seed_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    out = tmp_path / "out"
    build([SEEDS], out, BuildOptions(use_cache=False))
    assert snapshot(out) == snapshot(seed_build)


@pytest.mark.slow
def test_killed_build_leaves_previous_output_untouched(seed_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(seed_build, out)
    (out / "index.html").write_text("previous map", encoding="utf-8")
    before = snapshot(out)
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "new.txt").write_text("Rockets hit Erbil airport.\n", encoding="utf-8")
    marker = tmp_path / "staged"
    env = {**os.environ, HOLD_BEFORE_SWAP_ENV: str(marker)}
    process = subprocess.Popen(
        [sys.executable, "-m", "mapper", "build", str(corpus), "--out", str(out), "--no-cache"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None, "the build ended before staging its outputs"
            assert time.monotonic() < deadline, "the build never staged its outputs"
            time.sleep(0.05)
        staging = Path(marker.read_text(encoding="utf-8"))
        assert (staging / "incidents.geojson").exists()
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert snapshot(out) == before
    build([corpus], out, BuildOptions(use_cache=False))  # the next build cleans up
    assert not staging.exists()
    assert (out / "index.html").read_text(encoding="utf-8") != "previous map"


def test_incident_texts_are_added_then_pruned_in_the_cache(tmp_path: Path) -> None:
    from mapper.cache import ResultCache
    from mapper.export import IncidentTexts
    from mapper.pipeline import cached_incident_texts, save_incident_texts

    def build_with(digests: list[str]) -> IncidentTexts:
        memo = cached_incident_texts(tmp_path, {n: d for n, d in enumerate(digests)})
        for digest in digests:
            key = f"csv:{digest}"
            memo.current[key] = memo.previous.get(key, f"row {digest}\n")
        save_incident_texts(tmp_path, memo)
        return memo

    build_with(["a", "b"])
    assert build_with(["a", "b", "c"]).previous == {"csv:a": "row a\n", "csv:b": "row b\n"}
    assert set(build_with(["d"]).previous) == {"csv:a", "csv:b", "csv:c"}
    # three stale texts against one live one: only the live ones are kept
    cache = ResultCache(tmp_path)
    try:
        assert len(cache.get_texts("other")) == 0
        stored = next(iter(cache._db.execute("SELECT count(*) FROM texts")))[0]
    finally:
        cache.close()
    assert stored == 1


def test_code_fingerprint_follows_the_map_script_too(tmp_path: Path) -> None:
    # Kept outputs are keyed by it: a change to the page's script must make a new page.
    from mapper import cache as cache_module

    package = Path(cache_module.__file__).parent
    copy = tmp_path / "mapper"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.c"))
    before = cache_module.package_fingerprint(copy)
    assert before == cache_module.code_fingerprint()
    script = copy / "render" / "static" / "map.js"
    script.write_text(script.read_text(encoding="utf-8") + "\n// changed\n", encoding="utf-8")
    assert cache_module.package_fingerprint(copy) != before
