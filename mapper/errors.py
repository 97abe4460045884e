"""The one exception hierarchy of ``mapper``.

Every message says what went wrong, with which file or value, and how to fix it. The CLI
prints ``str(error)`` as one line and exits non-zero; anything else escaping is a bug.
"""

from __future__ import annotations


class MapperError(Exception):
    """Base class for every error a user can cause and fix."""

    exit_code: int = 1


class UsageError(MapperError):
    """A bad option or argument value."""

    exit_code = 2


class IngestError(MapperError):
    """An input file or folder cannot be read as articles."""

    exit_code = 3


class GazetteerError(MapperError):
    """The gazetteer's data or index cannot be loaded or built."""

    exit_code = 4


class GeocodeError(MapperError):
    """A name could not be geocoded, or the online geocoder failed."""

    exit_code = 4


class ExportError(MapperError):
    """An output file cannot be written."""

    exit_code = 5


class StrictModeError(MapperError):
    """``--strict`` was given and the build produced warnings."""

    exit_code = 6


class CacheError(MapperError):
    """The result cache cannot be opened or written."""

    exit_code = 5


class EngineError(MapperError):
    """The processes or the Dask cluster that run the per-article stages failed."""

    exit_code = 7
