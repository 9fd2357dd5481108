"""CSV export of a Result: the four frames, in pounds, at full float precision."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .results import Result

__all__ = ["FRAMES", "write_csv"]

FRAMES = ("lines", "drivers", "bridge", "summary")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_csv(result: Result, directory: str | os.PathLike[str]) -> list[Path]:
    """Write ``lines.csv``, ``drivers.csv``, ``bridge.csv`` and ``summary.csv``.

    Numbers are written at full precision (no rounding), so reading a file back
    gives the engine's floats exactly. Each file is written to a temporary name
    and renamed, so a failure never leaves a half-written file.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FRAMES:
        target = folder / f"{name}.csv"
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".csv", dir=folder)
        try:
            with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
                getattr(result, name).to_csv(handle, index=False)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes owner-only files
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(target)
    return written
