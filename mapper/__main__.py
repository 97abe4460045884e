"""``python -m mapper`` (and the ``mapper`` script) runs the command line."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading

from mapper.cli import app


def main() -> None:
    """Run the command line, then leave without tearing the interpreter down.

    After a build the interpreter holds the gazetteer's name set, the geoparser's tables and
    word lists (millions of objects); freeing them one by one at exit takes a few tenths of
    a second, about a tenth of an incremental rebuild. Every file is closed by then, so once
    the output is flushed the process can end at once. Not when a thread or a child process
    is still running, nor under a profiler or coverage tool (their clean-up and reports run
    at normal exit).
    """
    try:
        app(prog_name="mapper")
    except SystemExit as done:
        code = done.code
    else:  # pragma: no cover - typer always ends with SystemExit
        code = 0
    if code is None:
        code = 0
    alone = threading.active_count() == 1 and not multiprocessing.active_children()
    # a profiler or coverage tool writes its report at normal exit
    watched = sys.gettrace() is not None or sys.getprofile() is not None
    if isinstance(code, int) and alone and not watched:
        with contextlib.suppress(OSError):
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    main()
