"""CSV export of a Result: the four frames, in pounds, at full float precision."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .files import atomic_path

if TYPE_CHECKING:
    import pandas as pd

    from .results import Result
    from .uncertainty import Simulation

__all__ = ["FRAMES", "write_csv", "write_simulation_csv"]

FRAMES = ("lines", "drivers", "bridge", "summary")


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
    return _write_frames({name: getattr(result, name) for name in FRAMES}, directory)


def write_simulation_csv(simulation: Simulation, directory: str | os.PathLike[str]) -> list[Path]:
    """Write ``percentiles.csv`` and ``exceedance.csv`` (the chance of a cumulative
    shortfall by scenario and year) of a Monte Carlo run, at full precision."""
    frames = {"percentiles": simulation.percentiles, "exceedance": simulation.exceedance()}
    return _write_frames(frames, directory)


def _write_frames(frames: dict[str, pd.DataFrame], directory: str | os.PathLike[str]) -> list[Path]:
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in frames.items():
        target = folder / f"{name}.csv"
        with atomic_path(target) as tmp:
            frame.to_csv(tmp, index=False, encoding="utf-8")
        written.append(target)
    return written
