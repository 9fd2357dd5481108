"""``write_template``: an empty input workbook with every sheet, dropdowns and a Guide."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError, Issue
from ..spec import (
    COST_PARAMETERS,
    DRIVER_PARAMETERS,
    INITIATIVE_KINDS,
    LINE_TYPES,
    METHODS,
    MONEY_UNITS,
)
from ..years import MAX_HORIZON, MIN_HORIZON, format_year, parse_year, year_labels
from .layout import SHEETS
from .xlsx import atomic_workbook

__all__ = ["GUIDE", "write_template"]

_ROWS = 200  # rows given dropdowns and formats below each header

#: What each column means, with an example: (sheet, column, meaning, example).
GUIDE: list[tuple[str, str, str, str]] = [
    (
        "Settings",
        "setting / value",
        "One row per setting: authority, base_year (the latest year "
        "with a known budget), horizon (projection years, 1-15), money_unit (£, £000 or £m), "
        "deflator (the price category for real terms, or none), base_budget (optional: the "
        "known base-year budget, checked against the cost lines within 0.5%).",
        "base_year | 2013-14",
    ),
    (
        "Populations",
        "population_id, name, years",
        "A population by year, base year included (a level: every year needs a value).",
        "children_0_17 | Children aged 0-17 | 281019 | …",
    ),
    ("Drivers", "driver_id", "A short unique id for an activity volume.", "cla"),
    (
        "Drivers",
        "method",
        "growth (V grows by a rate), rate (a rate per head of a population), "
        "share (a share of another driver), stock_flow (stock with entries and an exit rate; "
        "costed on the average stock), explicit (volumes typed in).",
        "rate",
    ),
    (
        "Drivers",
        "basis",
        "For rate: a population_id. For share: a driver_id. Blank otherwise.",
        "children_0_17",
    ),
    ("Drivers", "base_volume", "The base-year volume (>= 0).", "1801"),
    (
        "DriverAssumptions",
        "driver_id, parameter, years",
        "A driver's parameter by projection "
        "year (base-year cell blank). growth, rate_change, exit_rate: blank means 0. share: blank "
        "holds last year's share. entries, volume: every projection year needed.",
        "cin | rate_change | (blank) | 0.015 | 0.015 | …",
    ),
    (
        "CostLines",
        "type",
        "activity (volume x unit cost), fixed (a constant base cost), "
        "staffing (cases / caseload = FTE, x cost per FTE x (1 + agency share x premium)).",
        "activity",
    ),
    (
        "CostLines",
        "inflation",
        "The price category that inflates the line (a category of the Inflation sheet, or none).",
        "placements",
    ),
    (
        "CostLines",
        "unit_cost / base_cost",
        "Money in the money unit, at base-year prices. "
        "activity: unit_cost per unit per year, or base_cost (unit cost = base_cost / base "
        "volume). fixed: base_cost.",
        "25829.231",
    ),
    (
        "CostLines",
        "cost_per_fte, agency_premium",
        "staffing: cost of an employed FTE a year, "
        "and the agency premium as a fraction (0.5 = 50% dearer).",
        "48 | 0.5",
    ),
    (
        "CostAssumptions",
        "line_id, parameter, years",
        "A staffing line's caseload (cases per "
        "FTE) and agency_share (fraction of FTE from agencies), every year including the base "
        "year.",
        "social_workers | caseload | 29 | 26 | …",
    ),
    (
        "Improvement",
        "initiative_id, kind, years",
        "An initiative's direct amounts at base-year "
        "prices, by projection year: one_off, recurring or saving (savings entered positive). At "
        "most one row per initiative and kind.",
        "early_help | … | recurring | … | 2000 | …",
    ),
    (
        "Effects",
        "initiative_id, driver_id, effect, years",
        "The initiative's full-year "
        "proportional effect on a driver (-0.10 = 10% fewer) and its phasing in [0, 1] by "
        "projection year.",
        "early_help | cin | -0.05 | (blank) | 0.25 | 0.5 | …",
    ),
    (
        "Inflation",
        "scenario, category, years",
        "Annual rates by price category for each "
        "inflation scenario (every projection year). The category none always exists at 0.",
        "2014 view | pay | (blank) | 0.01 | …",
    ),
    (
        "Funding",
        "funding_id, name, years",
        "Cash funding by year, base year included.",
        "base | Base budget | 164989.743 | …",
    ),
    (
        "Scenarios",
        "scenario, inflation_scenario, initiatives, description",
        "A scenario: its "
        "inflation scenario and its initiatives (all, none, or ids separated by commas).",
        "Improvement plan | 2014 view | all | …",
    ),
    (
        "Overrides",
        "scenario, driver_id, parameter, years",
        "Optional: a driver parameter that replaces DriverAssumptions in one scenario only.",
        "High demand | cla | entries | …",
    ),
    (
        "Any sheet",
        "source, notes",
        "Extra columns are kept and ignored by the engine: say where every figure comes from.",
        "DfE SSDA903 2014",
    ),
]

_DROPDOWNS = {
    ("Drivers", "method"): list(METHODS),
    ("CostLines", "type"): list(LINE_TYPES),
    ("Improvement", "kind"): list(INITIATIVE_KINDS),
    ("DriverAssumptions", "parameter"): sorted(
        {p for ps in DRIVER_PARAMETERS.values() for p in ps}
    ),
    ("CostAssumptions", "parameter"): list(COST_PARAMETERS),
    ("Overrides", "parameter"): sorted({p for ps in DRIVER_PARAMETERS.values() for p in ps}),
}
_RATES = {
    ("Inflation", "years"),
    ("Effects", "effect"),
    ("Effects", "years"),
    ("CostLines", "agency_premium"),
}
_MONEY = {
    ("CostLines", "unit_cost"),
    ("CostLines", "base_cost"),
    ("CostLines", "cost_per_fte"),
    ("Improvement", "years"),
    ("Funding", "years"),
}


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
        head = book.add_format(
            {
                "bold": True,
                "bg_color": "#12436D",
                "font_color": "#FFFFFF",
                "text_wrap": True,
                "valign": "top",
            }
        )
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        rate = book.add_format({"num_format": "0.0##%"})
        money = book.add_format({"num_format": "#,##0.00##;(#,##0.00##)"})
        guide = book.add_worksheet("Guide")
        guide.set_column(0, 0, 20)
        guide.set_column(1, 1, 34)
        guide.set_column(2, 2, 90)
        guide.set_column(3, 3, 40)
        guide.write_string(
            0, 0, "How to fill this workbook", book.add_format({"bold": True, "font_size": 14})
        )
        guide.write_string(
            1,
            0,
            "One table per sheet, header in row 1, one record per row, no "
            "blank rows. Rates are fractions (0.03 = 3%). Money is in "
            f"{money_unit} (Settings: money_unit). Run it with: "
            "budgetmodel run WORKBOOK --out results.xlsx",
        )
        guide.write_row(3, 0, ["sheet", "column", "meaning", "example"], head)
        for i, row in enumerate(GUIDE, start=4):
            guide.write_row(i, 0, row, wrap)
        for layout in SHEETS.values():
            ws = book.add_worksheet(layout.name)
            header = list(layout.columns) + (years if layout.years else []) + ["source"]
            rows: list[list[object]] = []
            if layout.name == "Settings":
                rows = [
                    ["authority", ""],
                    ["base_year", format_year(parse_year(base_year))],
                    ["horizon", horizon],
                    ["money_unit", money_unit],
                    ["deflator", "none"],
                    ["base_budget", None],
                ]
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
                ws.write_string(0, j, h, head)
                kind = "years" if h in years else h
                fmt = (
                    rate
                    if (layout.name, kind) in _RATES
                    else money
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
    return target
