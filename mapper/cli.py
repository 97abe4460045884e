"""The ``mapper`` command line: a thin typer layer over :mod:`mapper.pipeline`.

A :class:`~mapper.errors.MapperError` is printed as one line on standard error and the
process exits with its code; any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mapper.documents import read_documents, read_gold
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


@app.command()
def geoparse(
    paths: Annotated[
        list[Path], typer.Argument(help='Text files, or .jsonl files of {"id", "text"} lines.')
    ],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the JSON lines here.")
    ] = None,
    demonyms: Annotated[
        bool, typer.Option(help="Count nationality words (Iraqi) as mentions of their country.")
    ] = False,
) -> None:
    """Find and resolve the place names of documents: one JSON line per document."""
    import json

    from mapper.gazetteer import load_gazetteer
    from mapper.geoparse import mentions_record, parser_for

    try:
        documents = read_documents(paths)
        parser = parser_for(load_gazetteer(), demonyms=demonyms)
        lines = [
            json.dumps(
                mentions_record(doc_id, parser.parse(doc_id, text)),
                ensure_ascii=False,
                sort_keys=True,
            )
            for doc_id, text in documents
        ]
        if out is None:
            for line in lines:
                typer.echo(line)
        else:
            try:
                out.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
            except OSError as exc:
                from mapper.errors import ExportError

                raise ExportError(f"{out}: cannot write the output ({exc})") from exc
    except MapperError as error:
        raise fail(error) from None


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


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold corpus (.jsonl, ../shared/bench format).")],
    worst: Annotated[int, typer.Option(help="How many of the worst errors to list.")] = 10,
    demonyms: Annotated[
        bool, typer.Option(help="Count nationality words (Iraqi) as mentions of their country.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
) -> None:
    """Geoparse a gold corpus and print precision, recall, F1, acc@161, km errors and AUC."""
    import json

    from mapper.evaluate import format_report, score_corpus
    from mapper.gazetteer import load_gazetteer
    from mapper.geoparse import mentions_record, parser_for

    try:
        corpus = read_gold(gold)
        parser = parser_for(load_gazetteer(), demonyms=demonyms)
        predicted = {
            doc_id: mentions_record(doc_id, parser.parse(doc_id, str(doc["text"])))
            for doc_id, doc in corpus.items()
        }
    except MapperError as error:
        raise fail(error) from None
    scores = score_corpus(corpus, predicted)
    if as_json:
        typer.echo(json.dumps(scores.metrics(), sort_keys=True))
    else:
        typer.echo(format_report(scores, worst=worst))


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
