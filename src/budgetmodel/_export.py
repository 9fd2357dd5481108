"""CSV export of a Result: its frames, in pounds, at full float precision.

Text is never interpreted: a text field that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is written with a leading ``'`` (OWASP's advice
against CSV injection), so that a spreadsheet shows it as text instead of running
it as a formula. Numbers are never changed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._files import atomic_path, make_dirs

if TYPE_CHECKING:
    import pandas as pd

    from ._results import Result
    from .uncertainty import Simulation

__all__ = ["FRAMES", "escape_text", "write_csv", "write_simulation_csv"]

FRAMES = ("lines", "drivers", "bridge", "summary", "backtest")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_text(value: Any) -> Any:
    """``value`` with a leading ``'`` if it is text a spreadsheet would run as a formula.

    Examples
    --------
    >>> escape_text("=HYPERLINK(1)"), escape_text("-5 agency"), escape_text("Plan")
    ("'=HYPERLINK(1)", "'-5 agency", 'Plan')
    >>> escape_text(-5.0)  # a number is never changed
    -5.0
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _escaped(frame: pd.DataFrame) -> pd.DataFrame:
    from pandas.api.types import is_string_dtype

    text = [c for c in frame.columns if frame[c].dtype == object or is_string_dtype(frame[c])]
    if not text:
        return frame
    out = frame.copy()
    for column in text:
        out[column] = out[column].map(escape_text)
    return out


def write_csv(result: Result, directory: str | os.PathLike[str]) -> list[Path]:
    """Write ``lines.csv``, ``drivers.csv``, ``bridge.csv``, ``summary.csv`` and
    ``backtest.csv`` (only its header when the model has no outturn).

    Numbers are written at full precision (no rounding), so reading a file back
    gives the engine's floats exactly. Text that a spreadsheet would take for a
    formula is escaped (see the module's description). Each file is written to a
    temporary name and renamed, so a failure never leaves a half-written file.

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
    folder = make_dirs(directory)
    written = []
    for name, frame in frames.items():
        target = folder / f"{name}.csv"
        with atomic_path(target) as tmp:
            _escaped(frame).to_csv(tmp, index=False, encoding="utf-8")
        written.append(target)
    return written
