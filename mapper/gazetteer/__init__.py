"""Offline place-name resolution: names as English news spells them -> :class:`Place`.

Public API (the stages depend only on this):

- :func:`normalise_name` folds a spelling to its lookup key.
- :func:`load_gazetteer` returns the shared :class:`Gazetteer` (built once, cached).
- :meth:`Gazetteer.lookup` ranks candidates for one name.
"""

from mapper.gazetteer.core import Gazetteer, load_gazetteer, normalise_name

__all__ = ["Gazetteer", "load_gazetteer", "normalise_name"]
