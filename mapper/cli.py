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
def geocode(
    names: Annotated[
        list[str],
        typer.Argument(help="Place names; '-' reads names from standard input, one a line."),
    ],
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            "-c",
            help="Prefer places in this country (ISO alpha-2; repeat or comma-separate).",
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="Most candidates per name.")
    ] = 5,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per name, in input order.")
    ] = False,
    online: Annotated[
        bool,
        typer.Option(
            "--online",
            help="Ask OpenStreetMap Nominatim for names the offline data lacks (network).",
        ),
    ] = False,
    user_agent: Annotated[
        str | None,
        typer.Option("--user-agent", help="User agent for --online (default $MAPPER_USER_AGENT)."),
    ] = None,
    overlay: Annotated[
        Path | None,
        typer.Option(
            "--overlay", help="Your own places CSV (default $MAPPER_GAZETTEER_OVERLAY); see README."
        ),
    ] = None,
) -> None:
    """Look place names up in the offline gazetteer: ranked candidates with coordinates."""
    from mapper.gazetteer.cli_support import geocode_names, read_names

    try:
        queries = read_names(names, typer.get_text_stream("stdin"))
        for line in geocode_names(
            queries,
            countries=country or [],
            limit=limit,
            as_json=as_json,
            online=online,
            user_agent=user_agent,
            overlay=overlay,
        ):
            typer.echo(line)
    except MapperError as error:
        raise fail(error) from None


gazetteer_app = typer.Typer(no_args_is_help=True, help="Inspect the offline gazetteer.")
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("info")
def gazetteer_info(
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Rebuild the compiled index first.")
    ] = False,
    overlay: Annotated[
        Path | None,
        typer.Option("--overlay", help="Your own places CSV (default $MAPPER_GAZETTEER_OVERLAY)."),
    ] = None,
) -> None:
    """Sources, versions, counts and where the compiled index lives."""
    from mapper.gazetteer.cli_support import info_lines

    try:
        for line in info_lines(rebuild=rebuild, overlay=overlay):
            typer.echo(line)
    except MapperError as error:
        raise fail(error) from None


def main() -> None:  # pragma: no cover - console entry point
    app()
