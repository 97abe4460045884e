"""Choose between a module's compiled build and its Python source.

``setup.py`` compiles the geoparser's hot modules with Cython at install time, from a copy
that records the SHA-256 of the source it was built from. A build is used only while that
source is unchanged, so an edit to the ``.py`` file takes effect at once (in the slower pure
Python form) until the package is reinstalled, and never runs stale compiled code.
``MAPPER_PURE_PYTHON=1`` turns every compiled build off (for debugging and comparison).
"""

from __future__ import annotations

import hashlib
import importlib
import os
from pathlib import Path
from types import ModuleType

__all__ = ["compiled_build", "pure_python_forced"]


def pure_python_forced() -> bool:
    """Whether ``MAPPER_PURE_PYTHON`` asks for the Python sources only."""
    return os.environ.get("MAPPER_PURE_PYTHON", "") not in ("", "0")


def compiled_build(name: str, source: Path) -> ModuleType | None:
    """The compiled module ``name`` if it was built from ``source`` as it is now, else None.

    A missing ``source`` (an installed wheel ships no ``.pyx``) counts as unchanged.
    """
    if pure_python_forced():
        return None
    try:
        module = importlib.import_module(name)
    except ImportError:
        return None
    built_from = getattr(module, "SOURCE_SHA256", None)
    if not isinstance(built_from, str):
        return None
    try:
        current = hashlib.sha256(source.read_bytes()).hexdigest()
    except OSError:
        return module
    return module if current == built_from else None
