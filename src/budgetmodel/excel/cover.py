"""The Cover and Checks sheets: what the workbook holds, and what to look at."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .formats import Formats, money_text, print_setup, table, wrapped_height
from .grid import a1

if TYPE_CHECKING:
    from .._results import Result

__all__ = ["GUIDE", "checks_sheet", "cover_sheet"]


def cover_sheet(
    ws: Any, result: Result, fmt: Formats, path: Path, sheets: list[tuple[str, str]]
) -> None:
    """The title, the model's settings, its scenarios, and ``sheets``: every sheet of
    the workbook as (name, one line on what it holds)."""
    from .._version import __version__

    model = result.model
    print_setup(ws, None)
    ws.fit_to_pages(1, 1)  # a cover is one page
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 2, 24)
    ws.set_column(3, 3, 56)
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
        texts = (sc.name, sc.inflation_scenario, sc.initiatives, sc.description)
        for j, v in enumerate(texts):
            ws.write_string(i, j, v, fmt.wrap)
        ws.set_row(i, wrapped_height(list(zip(texts, (22, 22, 24, 56), strict=True))))
    r = r + 3 + len(runs)
    ws.write_string(r, 0, "Sheets", fmt.subtitle)
    ws.write_string(r + 1, 0, "sheet", fmt.header)
    ws.merge_range(r + 1, 1, r + 1, 3, "what it holds", fmt.header)
    for i, (name, what) in enumerate(sheets, start=r + 2):
        ws.write_url(i, 0, f"internal:{a1(name, 0, 0)}", fmt.link, name)
        ws.merge_range(i, 1, i, 3, what, fmt.wrap)
        ws.set_row(i, wrapped_height([(what, 102)]))


#: One line on what each sheet the library writes holds.
GUIDE = {
    "Cover": "This page: the model, its scenarios and every sheet of the workbook.",
    "Summary": "Total budget, funding, gap and cumulative gap by scenario and year; chart.",
    "Budget": "Every cost line and initiative, cash by year, with subtotals by service area; "
    "income apart; gross, income and net totals.",
    "Plan": "Each initiative's direct costs and savings and the effects of its levers alone, "
    "and the interaction of initiatives acting together, cash by year.",
    "Business case": "Each initiative's cost, saving, net benefit, NPV and payback year.",
    "Bridge": "From the base year to each year: demand, the plan's effects on the service, "
    "its direct costs and savings, and inflation; waterfall charts.",
    "Volumes": "Demand-driver volumes and stocks at 31 March, without the plan, with it, and "
    "with each initiative alone.",
    "Gap": "Funding rows against the budget; the gap and cumulative gap; chart.",
    "Checks": "Reconciliations, what was carried from the input workbook, and anything a "
    "reviewer should look at.",
    "Back-test": "Each service area's projection against what was actually spent (Outturn "
    "sheet): difference and per cent by scenario and year; chart.",
    "Risk": "Monte Carlo percentiles of the budget and the gap, the chance of a cumulative "
    "shortfall, and the uncertain inputs with their reasons.",
    "Index": "Calculation (hidden; unhide to trace): price indices by inflation scenario, "
    "category and year.",
    "DriverCalc": "Calculation (hidden; unhide to trace): rates, shares, stocks, levered "
    "parameters and transfers behind the volumes, pass by pass.",
    "CostCalc": "Calculation (hidden; unhide to trace): each cost line's cost at base-year "
    "prices and FTE, pass by pass, staffing steps, price indices and direct amounts.",
    "Settings": "Input: authority, base year, horizon, money unit and deflator.",
    "Populations": "Input: population series by year.",
    "Drivers": "Input: demand drivers, their method and base-year volume.",
    "DriverAssumptions": "Input: each driver's growth, rates, shares and flows by year.",
    "CostLines": "Input: baseline cost lines, their unit or base cost and inflation category.",
    "CostAssumptions": "Input: caseloads and agency shares by year for staffing lines.",
    "Improvement": "Input: the improvement plan's initiatives and their amounts by year.",
    "Effects": "Input: each initiative's levers on the service and their phasing.",
    "Inflation": "Input: inflation rates by scenario, category and year.",
    "Funding": "Input: the money available by year.",
    "Scenarios": "Input: the scenarios, their inflation and the initiatives they include.",
    "Overrides": "Input: the inputs a scenario changes (assumptions, funding, populations, "
    "initiatives' amounts, delivery and effect).",
    "Uncertainty": "Input: the uncertain inputs for the Monte Carlo Risk sheet.",
    "Outturn": "Input: what was spent, by service area and year, for the back-test.",
}


def checks_sheet(ws: Any, result: Result, fmt: Formats, notes: list[tuple[str, str, str]]) -> None:
    """The reconciliations of ``result.checks`` (amounts in the money unit), then
    ``notes``: (check, status, detail) rows on what was carried and what was not."""
    unit = result.model.money_unit
    rows = [
        [check, status, money_text(str(detail), unit)]
        for check, status, detail in result.checks.itertuples(index=False)
    ]
    rows += [list(n) for n in notes]
    table(
        ws,
        "Checks",
        ["check", "status", "detail"],
        rows,
        [fmt.wrap, fmt.top, fmt.wrap],
        fmt,
        [44, 10, 76],
    )
    for i, row in enumerate(rows, start=1):
        ws.write_string(i, 1, row[1], fmt.ok if row[1] == "ok" else fmt.bad)
        ws.set_row(i, wrapped_height([(row[0], 44), (row[2], 76)]))
