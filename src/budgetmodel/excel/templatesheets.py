"""The template's blank input sheets: every sheet of the contract as an empty Excel
Table, with dropdowns for the closed vocabularies, rate and money column formats,
and the Settings sheet's rows filled in."""

from __future__ import annotations

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
)
from .._years import format_year, parse_year
from ..core.levers import CHANGES
from .formats import TemplateFormats
from .layout import SHEETS

__all__ = ["OVERRIDE_PARAMETERS", "write_input_sheets"]

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
