"""The geoparser's modules as they run: each one's compiled build while it matches its source.

``setup.py`` compiles ``recognise.py`` and ``resolve.py`` unchanged (and ``parser.py``, which
imports this module); :func:`~mapper.geoparse.compiled.compiled_build` checks that a build was
made from the source as it is now, else the source runs (the same code, slower).
"""

from __future__ import annotations

from pathlib import Path

from mapper.geoparse import recognise as _recognise_source
from mapper.geoparse import resolve as _resolve_source
from mapper.geoparse.compiled import compiled_build

__all__ = ["recognise", "resolve"]

recognise = (
    compiled_build("mapper.geoparse._recognise_c", Path(_recognise_source.__file__))
    or _recognise_source
)
resolve = (
    compiled_build("mapper.geoparse._resolve_c", Path(_resolve_source.__file__)) or _resolve_source
)
