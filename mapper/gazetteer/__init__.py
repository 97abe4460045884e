"""Offline place-name resolution: names as English news spells them -> :class:`Place`.

Public API (the stages depend only on this):

- :func:`normalise_name` folds a spelling to its lookup key (token by token, so it can be
  applied to running text).
- :func:`load_gazetteer` returns the shared :class:`Gazetteer` (opened once per process; the
  compiled index is built on first use, about a minute, and cached in ``$MAPPER_CACHE_DIR`` or
  ``~/.cache/mapper``).
- :meth:`Gazetteer.lookup` ranks candidates for one name (results cached per process);
  :meth:`Gazetteer.get` returns a place by id. A candidate's ``matched`` tells how it was found:
  the normalised key, ``#CODE`` for a code, ``~skeleton`` for a romanisation variant
  ("Al Qaem"), ``?key`` for a fuzzy match; the last two score at least 2 lower and never above
  an exact match, so a caller can demand exact matches by checking the prefix.
- :meth:`Gazetteer.keys` yields every normalised name (sorted); :meth:`Gazetteer.key_importance`
  yields ``(key, importance)`` pairs, importance being the log10-population-like static weight of
  the most important place with that name (countries about 9-11, a city of 100,000 about 5,
  a village about 3): use it to leave out keys that name only tiny places.
  :meth:`Gazetteer.codes` yields the codes matched only as written in capitals (ISO, IATA/ICAO,
  postal "GA", "EU", "KRG").
- :func:`open_gazetteer` opens a gazetteer with an explicit user overlay file.

A user adds or corrects places without code in their own overlay CSV (same columns as
``gazetteer/sites.csv``), given by ``--overlay FILE`` or ``$MAPPER_GAZETTEER_OVERLAY``.
"""

from mapper.gazetteer.core import Gazetteer, load_gazetteer, open_gazetteer
from mapper.gazetteer.normalise import normalise_name, skeleton

__all__ = ["Gazetteer", "load_gazetteer", "normalise_name", "open_gazetteer", "skeleton"]
