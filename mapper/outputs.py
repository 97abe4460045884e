"""All-or-nothing output folders: a build writes into a staging folder, then swaps it in.

A build writes every file into a fresh staging folder next to ``--out`` (same file system,
so renames are atomic). Only when the whole build succeeded does :func:`commit` put it in
place; a build that fails or is killed before that leaves the previous output exactly as it
was. On Linux the swap is one ``renameat2(RENAME_EXCHANGE)`` call; elsewhere it is two renames
(a window of microseconds).

Files already in ``--out`` that this build does not write (a ``.gitkeep``, the user's notes,
the result cache in ``.cache``) are carried over: a build never deletes what it did not write.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from mapper.errors import ExportError

CACHE_DIR_NAME = ".cache"
"""The result cache's folder inside ``--out``; it lives outside the transaction."""

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def staging_prefix(out_dir: Path) -> str:
    """Name prefix of the staging folders of ``out_dir`` (hidden, next to it)."""
    return f".{out_dir.name}.staging-"


def _backup_prefix(out_dir: Path) -> str:
    return f".{out_dir.name}.old-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_staging(out_dir: Path) -> None:
    """Remove staging and backup folders left by builds that were killed.

    A result cache stranded in a backup folder (a kill between swap and carry-over) is
    moved back into ``out_dir``.
    """
    parent = out_dir.parent
    if not parent.is_dir():
        return
    for prefix in (staging_prefix(out_dir), _backup_prefix(out_dir)):
        for stale in parent.glob(prefix + "*"):
            pid_text = stale.name[len(prefix) :].split("-", 1)[0]
            if pid_text.isdigit() and _pid_alive(int(pid_text)) and int(pid_text) != os.getpid():
                continue  # another build is running right now
            stranded = stale / CACHE_DIR_NAME
            if stranded.is_dir() and out_dir.is_dir() and not (out_dir / CACHE_DIR_NAME).exists():
                with contextlib.suppress(OSError):
                    os.rename(stranded, out_dir / CACHE_DIR_NAME)
            shutil.rmtree(stale, ignore_errors=True)


def make_staging(out_dir: Path) -> Path:
    """Create an empty staging folder next to ``out_dir`` and return it.

    Raises
    ------
    ExportError
        ``out_dir`` is a file, or its parent folder cannot be written.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"{out_dir}: exists and is not a folder; choose another --out folder")
    parent = out_dir.parent
    name = f"{staging_prefix(out_dir)}{os.getpid()}-{secrets.token_hex(4)}"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = parent / name
        staging.mkdir(mode=0o777)
    except OSError as exc:
        raise ExportError(
            f"{parent}: cannot create the staging folder for --out ({exc.strerror or exc}); "
            "choose an --out folder whose parent you can write"
        ) from exc
    return staging


def safe_child(root: Path, relative: str | Path) -> Path:
    """``root / relative``, refusing any name that would land outside ``root``.

    Use it for every file name derived from article metadata (ids, titles, outlets).

    Raises
    ------
    ExportError
        ``relative`` is absolute, contains ``..`` or a NUL, or resolves outside ``root``.
    """
    text = str(relative)
    candidate = Path(text)
    if (
        not text
        or "\x00" in text
        or candidate.is_absolute()
        or ".." in candidate.parts
        or candidate.drive
    ):
        raise ExportError(f"{text!r}: not a safe file name inside {root}; refusing to write it")
    target = (root / candidate).resolve()
    base = root.resolve()
    if target != base and base not in target.parents:
        raise ExportError(f"{text!r}: resolves outside {root}; refusing to write it")
    return root / candidate


def _link_or_copy(source: Path, target: Path) -> None:
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    elif source.is_dir():
        shutil.copytree(source, target, symlinks=True, copy_function=_link_file)
    else:
        _link_file(str(source), str(target))


def _link_file(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux ``renameat2``); ``False`` when unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    c_path, c_int = ctypes.c_char_p, ctypes.c_int
    renameat2.argtypes = [c_int, c_path, c_int, c_path, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), str(a))


def commit(staging: Path, out_dir: Path) -> None:
    """Put the staged build in place of ``out_dir``, carrying over files it did not write.

    Raises
    ------
    ExportError
        The swap failed; ``out_dir`` is left as it was.
    """
    try:
        mask = _umask()
        for path in staging.rglob("*"):  # temp-file writers leave 0600; use the umask
            if path.is_file() and not path.is_symlink():
                path.chmod(0o666 & ~mask)
        staging.chmod(0o777 & ~mask)
        if not out_dir.exists():
            os.rename(staging, out_dir)
            return
        staging.chmod(out_dir.stat().st_mode & 0o7777)
        for entry in sorted(out_dir.iterdir()):
            if entry.name == CACHE_DIR_NAME or (staging / entry.name).exists():
                continue
            _link_or_copy(entry, staging / entry.name)
        if _exchange(staging, out_dir):
            old = staging
        else:
            old = out_dir.parent / f"{_backup_prefix(out_dir)}{os.getpid()}-{secrets.token_hex(4)}"
            os.rename(out_dir, old)
            os.rename(staging, out_dir)
        if (old / CACHE_DIR_NAME).exists() and not (out_dir / CACHE_DIR_NAME).exists():
            os.rename(old / CACHE_DIR_NAME, out_dir / CACHE_DIR_NAME)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise ExportError(
            f"{out_dir}: cannot swap in the new build ({exc.strerror or exc}); the previous "
            f"output is unchanged; check permissions of {out_dir.parent}"
        ) from exc


def discard(staging: Path) -> None:
    """Remove a staging folder after a failed build."""
    shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def output_transaction(out_dir: Path) -> Iterator[Path]:
    """Yield a staging folder; on normal exit swap it in, on any exception discard it.

    When ``out_dir`` is a symbolic link, the folder it points to is replaced (the link stays).
    """
    if out_dir.is_symlink():
        out_dir = out_dir.resolve()
    clean_stale_staging(out_dir)
    staging = make_staging(out_dir)
    try:
        yield staging
    except BaseException:
        discard(staging)
        raise
    commit(staging, out_dir)
