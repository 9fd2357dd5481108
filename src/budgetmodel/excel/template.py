"""``write_template``: an empty input workbook with every sheet, dropdowns and a Guide.

The Guide's text is built in ``guide.py``; ``SHEET``, ``YEARS`` and ``guide`` are
importable from here too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .._spec import (
    COST_PARAMETERS,
    COST_PER,
    DISTRIBUTIONS,
    DRIVER_PARAMETERS,
    INITIATIVE_KINDS,
    LINE_KINDS,
    LINE_TYPES,
    METHODS,
    MONEY_UNITS,
)
from .._years import MAX_HORIZON, MIN_HORIZON, format_year, parse_year, year_labels
from ..core.levers import CHANGES
from ..errors import InputError, Issue
from .formats import TemplateFormats
from .guide import SHEET, YEARS, guide, write_guide
from .layout import SHEETS
from .xlsx import atomic_workbook

__all__ = ["SHEET", "YEARS", "guide", "write_template"]

_ROWS = 200  # rows given dropdowns and formats below each header

#: Every parameter an Overrides row may name (DESIGN.md, "Scenarios and overrides").
OVERRIDE_PARAMETERS = [
    *sorted({p for ps in DRIVER_PARAMETERS.values() for p in ps}),
    *COST_PARAMETERS,
    "amount",
    "population",
    *INITIATIVE_KINDS,
    "delivery",
    "effect",
]
_DROPDOWNS = {
    ("Drivers", "method"): list(METHODS),
    ("CostLines", "type"): list(LINE_TYPES),
    ("CostLines", "kind"): list(LINE_KINDS),
    ("CostLines", "cost_per"): list(COST_PER),
    ("Uncertainty", "distribution"): list(DISTRIBUTIONS),
    ("Improvement", "kind"): list(INITIATIVE_KINDS),
    ("DriverAssumptions", "parameter"): sorted(
        {p for ps in DRIVER_PARAMETERS.values() for p in ps}
    ),
    ("CostAssumptions", "parameter"): list(COST_PARAMETERS),
    ("Overrides", "parameter"): OVERRIDE_PARAMETERS,
    ("Effects", "parameter"): list(CHANGES),
    ("Effects", "change"): list(dict.fromkeys(c for cs in CHANGES.values() for c in cs)),
}
_RATES = {
    ("Inflation", "years"),
    ("Effects", "years"),
    ("CostLines", "agency_premium"),
}
_MONEY = {
    ("CostLines", "unit_cost"),
    ("CostLines", "base_cost"),
    ("CostLines", "cost_per_fte"),
    ("Improvement", "years"),
    ("Funding", "years"),
    ("Outturn", "years"),
}


def _settings(base_year: object, horizon: int, money_unit: str) -> list[list[object]]:
    """The Settings sheet's rows: the template's own settings, the others blank or default."""
    return [
        ["authority", ""],
        ["base_year", format_year(parse_year(base_year))],
        ["horizon", horizon],
        ["money_unit", money_unit],
        ["deflator", "none"],
        ["base_budget", None],
        ["discount_rate", 0.035],
    ]


def write_input_sheets(
    book: Any,
    years: list[str],
    *,
    base_year: object,
    horizon: int,
    money_unit: str,
    formats: TemplateFormats,
) -> None:
    """Add every input sheet of the contract to ``book``, in the contract's order.

    Each sheet is an Excel Table with its columns, the year columns where it has
    them and a ``source`` column; the Settings table holds the template's settings,
    the others no rows.

    Parameters
    ----------
    book : xlsxwriter Workbook
    years : list of str
        The template's year labels, base year first.
    base_year : str or int
        The base year as given (a financial year).
    horizon : int
        Projection years.
    money_unit : {"£", "£000", "£m"}
    formats : TemplateFormats
        The template's cell formats.
    """
    for layout in SHEETS.values():
        ws = book.add_worksheet(layout.name)
        header = list(layout.columns) + (years if layout.years else []) + ["source"]
        rows: list[list[object]] = []
        if layout.name == "Settings":
            rows = _settings(base_year, horizon, money_unit)
        ws.add_table(
            0,
            0,
            max(len(rows), 1),
            len(header) - 1,
            {
                "name": f"tbl_{layout.name}",
                "style": "Table Style Medium 2",
                "columns": [{"header": h} for h in header],
                **({"data": [[*r, None] for r in rows]} if rows else {}),
            },
        )
        for j, h in enumerate(header):
            ws.write_string(0, j, h, formats.head)
            kind = "years" if h in years else h
            fmt = (
                formats.rate
                if (layout.name, kind) in _RATES
                else formats.money
                if (layout.name, kind) in _MONEY
                else None
            )
            ws.set_column(j, j, 44 if h in ("source", "name", "description") else 14, fmt)
            choices = _DROPDOWNS.get((layout.name, h))
            if choices:
                ws.data_validation(
                    1,
                    j,
                    _ROWS,
                    j,
                    {
                        "validate": "list",
                        "source": choices,
                        "error_title": f"{h}",
                        "error_message": "Choose one of: " + ", ".join(choices),
                    },
                )
        ws.freeze_panes(1, 1)


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
