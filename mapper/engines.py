"""Where the per-article stages run: this process, a pool of processes, or a Dask cluster.

Every engine maps :func:`mapper.pipeline.process_article` over articles and returns the
results in input order, so the output does not depend on the engine. Workers load their own
gazetteer once (``load_gazetteer`` is cached per process).
"""

from __future__ import annotations

import importlib
import math
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from mapper.errors import EngineError, UsageError
from mapper.models import Article, ArticleResult

ProgressCallback = Callable[[int], None]
"""Called with the number of articles just finished."""

ENGINES = ("local", "dask")
DASK_CONNECT_TIMEOUT = "20s"
"""How long to wait for a Dask scheduler before giving up."""


def process_batch(articles: Sequence[Article]) -> tuple[str, list[ArticleResult]]:
    """Run the per-article stages on a batch, in the worker (returns the worker's code hash)."""
    from mapper.cache import code_fingerprint
    from mapper.gazetteer import load_gazetteer
    from mapper.pipeline import process_article

    gazetteer = load_gazetteer()
    return code_fingerprint(), [process_article(article, gazetteer) for article in articles]


def batches_of(articles: Sequence[Article], workers: int) -> list[list[Article]]:
    """Split into batches: several per worker (for balance), at most 200 articles each."""
    if not articles:
        return []
    size = max(1, min(200, math.ceil(len(articles) / (workers * 8))))
    return [list(articles[i : i + size]) for i in range(0, len(articles), size)]


def run_local(
    articles: Sequence[Article], on_progress: ProgressCallback | None = None
) -> list[ArticleResult]:
    """Run in this process."""
    from mapper.gazetteer import load_gazetteer
    from mapper.pipeline import process_article

    if not articles:
        return []
    gazetteer = load_gazetteer()
    results = []
    for article in articles:
        results.append(process_article(article, gazetteer))
        if on_progress:
            on_progress(1)
    return results


def _check_version(version: str) -> None:
    from mapper.cache import code_fingerprint

    if version != code_fingerprint():
        raise EngineError(
            "a worker runs another version of mapper's code; install the same mapper version "
            "on the client and on every worker"
        )


def run_processes(
    articles: Sequence[Article], jobs: int, on_progress: ProgressCallback | None = None
) -> list[ArticleResult]:
    """Run in ``jobs`` worker processes (forked on Linux: workers share the parent's imports)."""
    batches = batches_of(articles, jobs)
    if not batches:
        return []
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    ordered: list[list[ArticleResult] | None] = [None] * len(batches)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            pending: dict[Future[tuple[str, list[ArticleResult]]], int] = {
                pool.submit(process_batch, batch): index for index, batch in enumerate(batches)
            }
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    index = pending.pop(future)
                    version, results = future.result()
                    _check_version(version)
                    ordered[index] = results
                    if on_progress:
                        on_progress(len(results))
    except BrokenProcessPool as exc:  # a worker died (killed, out of memory)
        raise EngineError(
            f"a worker process died ({exc}); retry with fewer --jobs (memory) or with --jobs 1 "
            "to see the article that causes it"
        ) from exc
    return [result for batch in ordered if batch is not None for result in batch]


def run_dask(
    articles: Sequence[Article],
    jobs: int,
    scheduler: str | None = None,
    on_progress: ProgressCallback | None = None,
) -> list[ArticleResult]:
    """Run on a Dask cluster: ``scheduler`` (``tcp://host:8786``), else a LocalCluster.

    Raises
    ------
    UsageError
        dask.distributed is not installed.
    EngineError
        The scheduler cannot be reached, or a task failed.
    """
    try:
        # typed as Any: dask.distributed ships no complete type hints
        distributed: Any = importlib.import_module("distributed")
    except ImportError as exc:
        raise UsageError(
            "--engine dask needs dask.distributed; install it with "
            "pip install 'dask[distributed]' (or pip install 'mapper[dask]')"
        ) from exc
    if not articles:
        return []
    cluster = None
    try:
        if scheduler:
            client = distributed.Client(
                scheduler, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False
            )
        else:
            cluster = distributed.LocalCluster(
                n_workers=max(1, jobs),
                threads_per_worker=1,
                dashboard_address=None,
            )
            client = distributed.Client(cluster, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise EngineError(
            f"{scheduler or 'LocalCluster'}: cannot connect to the Dask scheduler ({exc}); "
            "check the address (tcp://HOST:8786) and that the scheduler is running"
        ) from exc
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        batches = batches_of(articles, workers)
        futures = client.map(process_batch, batches, pure=False)
        index_of = {future.key: index for index, future in enumerate(futures)}
        ordered: list[list[ArticleResult] | None] = [None] * len(batches)
        with client.as_current():
            for future in distributed.as_completed(futures):
                version, results = future.result()
                _check_version(version)
                ordered[index_of[future.key]] = results
                if on_progress:
                    on_progress(len(results))
    except (OSError, TimeoutError, distributed.KilledWorker) as exc:
        # lost connection or workers; any other exception from a task is a bug and keeps
        # its traceback, like it would with --engine local
        raise EngineError(
            f"the Dask cluster failed ({type(exc).__name__}: {exc}); check the scheduler and "
            "workers, or retry with --engine local"
        ) from exc
    except ModuleNotFoundError as exc:
        raise EngineError(
            f"a Dask worker cannot import {exc.name!r}; install the same mapper version on "
            "every worker"
        ) from exc
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return [result for batch in ordered if batch is not None for result in batch]


def validate_options(engine: str, jobs: int, scheduler: str | None) -> None:
    """Check the engine options before any work starts.

    Raises
    ------
    UsageError
        An unknown engine, ``jobs`` under 1, or a scheduler without the dask engine.
    """
    if engine not in ENGINES:
        raise UsageError(f"--engine {engine!r}: unknown engine; use one of {', '.join(ENGINES)}")
    if jobs < 1:
        raise UsageError(f"--jobs {jobs}: must be 1 or more")
    if scheduler and engine != "dask":
        raise UsageError("--scheduler needs --engine dask; add --engine dask or drop --scheduler")


def run_per_article(
    articles: Sequence[Article],
    *,
    engine: str = "local",
    jobs: int = 1,
    scheduler: str | None = None,
    on_progress: ProgressCallback | None = None,
) -> list[ArticleResult]:
    """Dispatch to the engine; results come back in the order of ``articles``."""
    validate_options(engine, jobs, scheduler)
    if engine == "dask":
        return run_dask(articles, jobs, scheduler, on_progress)
    if jobs == 1 or len(articles) < 2:
        return run_local(articles, on_progress)
    return run_processes(articles, jobs, on_progress)
