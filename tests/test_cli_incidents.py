import json

from typer.testing import CliRunner

from mapper.cli import app


def test_incidents_table_and_json(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    table = runner.invoke(app, ["incidents", str(seeds_dir)])
    assert table.exit_code == 0, table.output
    assert "airstrike" in table.output and "retaliation_for" in table.output
    as_json = runner.invoke(app, ["incidents", str(seeds_dir), "--json"])
    assert as_json.exit_code == 0
    records = json.loads(as_json.output)
    assert {"id", "event_type", "date_start", "sources", "links"} <= set(records[0])


def test_incidents_missing_path_is_one_line_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(app, ["incidents", str(tmp_path / "nope")])
    assert result.exit_code != 0
    assert "no such file" in result.output
