"""``python -m mapper`` runs the command line."""

from mapper.cli import app

app(prog_name="mapper")
