"""The Cover and Checks sheets: what the workbook holds, and what to look at."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .formats import Formats, print_setup, table

if TYPE_CHECKING:
    from ..results import Result

__all__ = ["checks_sheet", "cover_sheet"]


def cover_sheet(ws: Any, result: Result, fmt: Formats, path: Path, *, risk: bool = False) -> None:
    from .._version import __version__

    model = result.model
    print_setup(ws)
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 28)
    ws.set_column(2, 3, 60)
    ws.write_string(
        0,
        0,
        f"{model.authority or 'Model'}: indicative budget for children's social care",
        fmt.title,
    )
    info = [
        ("Base year", result.years[0]),
        ("Projection years", f"{result.years[1]} to {result.years[-1]}"),
        ("Money unit", f"{model.money_unit} (cash unless stated)"),
        ("Real terms", f"{result.years[0]} prices, deflated by '{model.deflator}'"),
        ("Input workbook", os.path.basename(model.source) if model.source else "built in Python"),
        ("Written", dt.datetime.now().strftime("%Y-%m-%d %H:%M")),
        ("budgetmodel version", __version__),
    ]
    for i, (k, v) in enumerate(info, start=2):
        ws.write_string(i, 0, k, fmt.header)
        ws.write_string(i, 1, v)
    r = len(info) + 3
    ws.write_string(r, 0, "Scenarios", fmt.subtitle)
    ws.write_row(
        r + 1, 0, ["scenario", "inflation scenario", "initiatives", "description"], fmt.header
    )
    runs = set(result.scenarios)
    for i, sc in enumerate([s for s in model.scenarios if s.name in runs], start=r + 2):
        for j, v in enumerate((sc.name, sc.inflation_scenario, sc.initiatives, sc.description)):
            ws.write_string(i, j, v)
    r = r + 3 + len(runs)
    ws.write_string(r, 0, "Sheets", fmt.subtitle)
    guide = [
        ("Summary", "Total budget, funding, gap and cumulative gap by scenario and year."),
        ("Budget", "Every cost line and initiative, cash by year."),
        (
            "Bridge",
            "From the base year to each year: demand, the plan's effects on demand, "
            "its direct costs and savings, and inflation; waterfall charts.",
        ),
        ("Volumes", "Demand-driver volumes without and with the plan's effects."),
        ("Gap", "Funding rows against the budget; the gap and cumulative gap."),
        ("Checks", "Reconciliations and anything a reviewer should look at."),
        *(
            [
                (
                    "Risk",
                    "Monte Carlo percentiles of the budget and the gap, the chance of a "
                    "cumulative shortfall, and the uncertain inputs with their reasons.",
                )
            ]
            if risk
            else []
        ),
        (
            "Settings … Scenarios",
            "The input sheets, as read: edit them and run this workbook "
            "again to update the results.",
        ),
    ]
    for i, (k, v) in enumerate(guide, start=r + 1):
        ws.write_string(i, 0, k, fmt.header)
        ws.write_string(i, 1, v)


def checks_sheet(ws: Any, result: Result, fmt: Formats, notes: list[str]) -> None:
    checks = result.checks
    rows = [list(r) for r in checks.itertuples(index=False)]
    rows += [["Sheet not carried in full", "warning", n] for n in notes]
    table(
        ws,
        "Checks",
        ["check", "status", "detail"],
        rows,
        [fmt.wrap, fmt.text, fmt.wrap],
        fmt,
        [60, 10, 100],
    )
    for i, row in enumerate(rows, start=1):
        ws.write_string(i, 1, row[1], fmt.ok if row[1] == "ok" else fmt.bad)
