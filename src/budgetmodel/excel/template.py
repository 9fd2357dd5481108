"""``write_template``: an empty input workbook with every sheet, dropdowns and a Guide.

The Guide's text is built in ``guide.py`` and the blank input sheets are written by
``templatesheets.py``; ``SHEET``, ``YEARS`` and ``guide`` are importable from here too.
"""

from __future__ import annotations

import os
from pathlib import Path

from .._spec import MONEY_UNITS
from .._years import MAX_HORIZON, MIN_HORIZON, parse_year, year_labels
from ..errors import InputError, Issue
from .formats import TemplateFormats
from .guide import SHEET, YEARS, guide, write_guide
from .templatesheets import write_input_sheets
from .xlsx import atomic_workbook

__all__ = ["SHEET", "YEARS", "guide", "write_template"]


def _check_arguments(
    target: Path, base_year: object, horizon: object, money_unit: object, force: bool
) -> list[str]:
    """The template's year labels; every bad argument is one issue of an InputError."""
    issues = []
    if target.is_dir():
        issues.append(Issue(str(target), "a folder", "a file name ending .xlsx"))
    elif target.exists() and not force:
        issues.append(
            Issue(
                str(target),
                "an existing file",
                "a new file name",
                "A template is empty: writing it over a workbook would lose its contents. "
                "Choose another name, or use --force to replace the file.",
            )
        )
    start = None
    try:
        start = parse_year(base_year)
    except ValueError as err:
        issues.append(
            Issue("--base-year", repr(base_year), "a financial year such as '2025-26'", str(err))
        )
    good_horizon = (
        isinstance(horizon, int)
        and not isinstance(horizon, bool)
        and MIN_HORIZON <= horizon <= MAX_HORIZON
    )
    if not good_horizon:
        issues.append(
            Issue("--horizon", repr(horizon), f"a whole number from {MIN_HORIZON} to {MAX_HORIZON}")
        )
    if money_unit not in MONEY_UNITS:
        issues.append(Issue("--money-unit", repr(money_unit), "one of £, £000, £m"))
    if issues:
        raise InputError(issues)
    assert start is not None and isinstance(horizon, int)
    return year_labels(start, horizon)


def write_template(
    path: str | os.PathLike[str],
    *,
    base_year: object = "2025-26",
    horizon: int = 5,
    money_unit: str = "£000",
    force: bool = False,
) -> Path:
    """Write an empty input workbook: every sheet as an Excel Table, with guidance.

    Parameters
    ----------
    path : path-like
        The ``.xlsx`` file to write (atomically).
    base_year : str or int
        The base year, e.g. ``"2013-14"``.
    horizon : int
        Projection years, 1 to 15.
    money_unit : {"£", "£000", "£m"}
    force : bool, default False
        Overwrite ``path`` if it exists; otherwise an existing file is refused, so
        that a filled workbook is never replaced by an empty one.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    InputError
        For an existing ``path`` (without ``force``), a base year that is not a
        financial year, a horizon outside 1 to 15 or an unknown money unit.
    """
    target = Path(path)
    years = _check_arguments(target, base_year, horizon, money_unit, force)
    with atomic_workbook(target) as book:
        formats = TemplateFormats(book)
        write_guide(book, years, money_unit, formats)
        write_input_sheets(
            book,
            years,
            base_year=base_year,
            horizon=horizon,
            money_unit=money_unit,
            formats=formats,
        )
    return target
