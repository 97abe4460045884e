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


@app.command()
def build(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Article files or folders (searched recursively). Default: seeds/"),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("output"),
) -> None:
    """Build the incident map and data files from articles."""
    from mapper.pipeline import build as run_build

    try:
        outputs = run_build(paths or [Path("seeds")], out)
    except MapperError as error:
        raise fail(error) from None
    for warning in outputs.warnings:
        typer.echo(f"warning: {warning}", err=True)
    result = outputs.result
    typer.echo(
        f"{len(result.articles)} articles, {len(result.incidents)} incidents, "
        f"{len(outputs.warnings)} warnings"
    )
    typer.echo(f"wrote {out / 'index.html'}")


@app.command()
def incidents(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Article files or folders (searched recursively). Default: seeds/"),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the incidents as GeoJSON properties (JSON).")
    ] = False,
) -> None:
    """Print the incident table (date, type, place, precision, sources, links)."""
    from mapper.incident_table import incident_rows, render_table
    from mapper.ingest import read_articles
    from mapper.pipeline import analyse_articles

    try:
        ingested = read_articles(paths or [Path("seeds")])
        result = analyse_articles(ingested.articles)
    except MapperError as error:
        raise fail(error) from None
    for warning in ingested.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if as_json:
        import json

        from mapper.records import incident_properties

        records = [incident_properties(i) for i in result.incidents]
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2, sort_keys=True))
        return
    typer.echo(render_table(incident_rows(result.incidents)))


def main() -> None:  # pragma: no cover - console entry point
    app()
