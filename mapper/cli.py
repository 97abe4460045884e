"""The ``mapper`` command line: a thin typer layer over :mod:`mapper.pipeline`.

A :class:`~mapper.errors.MapperError` is printed as one line on standard error and the
process exits with its code; any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mapper.errors import MapperError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn news articles about armed-conflict incidents into a sourced incident map.",
)


@app.callback()
def main_callback() -> None:
    """Turn news articles about armed-conflict incidents into a sourced incident map."""


def fail(error: MapperError) -> typer.Exit:
    """Print ``error`` as one line and return the exit to raise."""
    typer.echo(f"mapper: error: {error}", err=True)
    return typer.Exit(code=error.exit_code)


_CONTROL_CHARACTERS = {code: f"\\x{code:02x}" for code in [*range(32), 127] if code != 9}


def one_line(message: str) -> str:
    """``message`` with control characters escaped: one line, no terminal escape sequences.

    File names and ids come from untrusted input and end up in messages.
    """
    return message.translate(_CONTROL_CHARACTERS)


EXIT_CODES_HELP = (
    "Exit codes: 0 built; 1 other error; 2 bad option; 3 unreadable input; 4 gazetteer or "
    "geocoder; 5 output or cache cannot be written; 6 --strict and there were warnings; "
    "7 worker processes or Dask cluster failed; 130 interrupted."
)


@app.command(epilog=EXIT_CODES_HELP)
def build(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Article files or folders (searched recursively). Default: seeds/"),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("output"),
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", min=1, help="Processes for the per-article stages."),
    ] = 1,
    engine: Annotated[
        str,
        typer.Option(help="Where the per-article stages run: local (this machine) or dask."),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Dask scheduler address (tcp://HOST:8786) for --engine dask; "
            "default: a LocalCluster of --jobs workers."
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ignore cached per-article results.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat input warnings as errors (exit code 6).")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only warnings and errors.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also print stage timings and cache use.")
    ] = False,
) -> None:
    """Build the incident map and data files from articles."""
    from mapper.pipeline import BuildOptions
    from mapper.pipeline import build as run_build
    from mapper.progress import BuildProgress

    options = BuildOptions(
        jobs=jobs, engine=engine, scheduler=scheduler, use_cache=not no_cache, strict=strict
    )

    def warn(message: str) -> None:
        typer.echo(f"warning: {one_line(message)}", err=True)

    try:
        with BuildProgress(quiet=quiet) as progress:
            outputs = run_build(paths or [Path("seeds")], out, options, progress, warn)
    except MapperError as error:
        raise fail(error) from None
    except KeyboardInterrupt:
        typer.echo("mapper: interrupted; the previous output is unchanged", err=True)
        raise typer.Exit(code=130) from None
    stats = outputs.stats
    if verbose:
        timings = ", ".join(f"{stage} {seconds:.2f}s" for stage, seconds in stats.timings)
        typer.echo(f"timings: {timings}", err=True)
        typer.echo(
            f"per-article results: {stats.processed} processed, {stats.cached} from cache",
            err=True,
        )
    if not quiet:
        typer.echo(
            f"read {stats.articles} articles from {stats.files_read} files, skipped "
            f"{stats.files_skipped} files, {stats.incidents} incidents, "
            f"{len(outputs.warnings)} warnings"
        )
        typer.echo(f"wrote {out / 'index.html'}")


def main() -> None:  # pragma: no cover - console entry point
    app()
