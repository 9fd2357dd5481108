"""Writing files so that a failure never leaves a half-written or lost file."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = ["atomic_path", "atomic_write"]


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed over it if the block completes.

    The temporary file is hidden, unique to this writer and created like any
    other file (so it gets the user's umask); on failure it is removed and any
    previous ``target`` is left untouched.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with atomic_path(folder / "a.txt") as tmp:
    ...     _ = tmp.write_text("done")
    >>> (folder / "a.txt").read_text(), sorted(p.name for p in folder.iterdir())
    ('done', ['a.txt'])
    """
    final = Path(target)
    tmp = final.with_name(f".{final.stem}-{uuid.uuid4().hex[:12]}{final.suffix}")
    try:
        yield tmp
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write(target: str | os.PathLike[str], write: Callable[[IO[bytes]], object]) -> Path:
    """Call ``write`` with a binary handle and put the result at ``target`` atomically."""
    with atomic_path(target) as tmp:
        with open(tmp, "xb") as handle:
            write(handle)
    return Path(target)
