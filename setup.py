"""Build the optional compiled parts of the geoparser; everything else is in pyproject.toml.

Cython compiles, from copies under ``build/cython-src``:

- ``mapper/geoparse/recognise.py`` (unchanged Python, typed by ``recognise.pxd``) as
  ``mapper.geoparse._recognise_c``, and ``resolve.py`` and ``parser.py`` (unchanged) as
  ``_resolve_c`` and ``_parser_c``;
- ``mapper/geoparse/_settle.pyx``, the resolver's numeric core in C loops, and
  ``_scan.pyx``, recognition's word scanner.

Each copy records the SHA-256 of its source; :mod:`mapper.geoparse.compiled` uses a build
only while its source is unchanged. Without Cython or a C compiler the extensions are
skipped (``optional=True``) and the Python sources run instead: same results, slower.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from setuptools import Extension, setup

HERE = Path(__file__).resolve().parent
COPIES = Path("build") / "cython-src"
# source file -> (module name, typing declarations for a pure Python source)
COMPILED = {
    "mapper/geoparse/recognise.py": (
        "mapper.geoparse._recognise_c",
        "mapper/geoparse/recognise.pxd",
    ),
    "mapper/geoparse/resolve.py": ("mapper.geoparse._resolve_c", None),
    "mapper/geoparse/parser.py": ("mapper.geoparse._parser_c", None),
    "mapper/geoparse/_settle.pyx": ("mapper.geoparse._settle", None),
    "mapper/geoparse/_scan.pyx": ("mapper.geoparse._scan", None),
}


def _copy_for_cython(source: str, module: str, declarations: str | None) -> str:
    body = (HERE / source).read_bytes()
    digest = hashlib.sha256(body).hexdigest()
    target = HERE / COPIES / (module.replace(".", "/") + Path(source).suffix)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Cython finds a module's .pxd through its package, so the copies form packages too.
    for package in target.relative_to(HERE / COPIES).parents:
        if package.parts:
            (HERE / COPIES / package / "__init__.py").touch()
    target.write_bytes(body + f"\n\nSOURCE_SHA256 = {digest!r}\n".encode())
    if declarations:
        shutil.copyfile(HERE / declarations, target.with_suffix(".pxd"))
    return str(target.relative_to(HERE))


def _extensions() -> list[Extension]:
    try:
        from Cython.Build import cythonize
    except ImportError:  # Cython is a build requirement; a bare setup.py call may lack it
        return []
    extensions = [
        Extension(module, [_copy_for_cython(source, module, pxd)], optional=True)
        for source, (module, pxd) in COMPILED.items()
    ]
    compiled = cythonize(
        extensions,
        # The .pxd files give the C types; the sources' Python annotations are for mypy.
        compiler_directives={"language_level": "3", "annotation_typing": False},
        quiet=True,
    )
    for extension in compiled:
        # cythonize makes new Extension objects: a failed compile must still only warn.
        extension.optional = True
    return list(compiled)


setup(ext_modules=_extensions())
