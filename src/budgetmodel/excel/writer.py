"""``write_workbook``: a Result as a results workbook a finance team can audit.

Sheets: Cover, Summary, Budget, Bridge, Volumes, Gap, Checks; then the input
sheets exactly as the model holds them (so the file is itself a valid input);
then every other sheet of the input workbook, carried over. Money is shown in
the model's money unit; native Excel charts sit beside the tables.
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import BudgetModelWarning
from .formulas import F, Grid, build_grids, col_letter
from .layout import CALC_SHEETS, RESULT_SHEETS
from .tables import InputTable, input_tables
from .xlsx import atomic_workbook, write_value

if TYPE_CHECKING:
    from ..model import Model
    from ..results import Result
    from ..uncertainty import Simulation

__all__ = ["RESULT_SHEETS", "write_inputs", "write_workbook"]


_MEASURES = {
    "total_cash": "Total budget (cash)",
    "total_real": "Total budget (real terms)",
    "funding": "Funding",
    "gap": "Gap (+ shortfall)",
    "cumulative_gap": "Cumulative gap",
}
_STEPS = {
    "base": "Base year budget",
    "demand": "Demand and baseline assumptions",
    "plan_demand": "Plan: effects on demand",
    "plan_direct": "Plan: direct costs and savings",
    "inflation": "Inflation",
    "total": "Total",
}
_RATE_PARAMETERS = {"growth", "rate_change", "share", "exit_rate", "agency_share"}
# GOV.UK Analysis Function palette: dark blue, turquoise, dark pink, orange, dark grey, ...
_PALETTE = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]


class _Formats:
    def __init__(self, book: Any, unit: str) -> None:
        decimals = ".0" if unit == "£m" else ""
        money = f'#,##0{decimals};(#,##0{decimals});"–"'
        self.header = book.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "bottom": 1}
        )
        self.money = book.add_format({"num_format": money})
        self.money_bold = book.add_format({"num_format": money, "bold": True})
        self.exact = book.add_format({"num_format": "#,##0.00###;(#,##0.00###)"})
        self.rate = book.add_format({"num_format": "0.0##%"})
        self.number = book.add_format({"num_format": "#,##0.0"})
        self.index = book.add_format({"num_format": "0.00000"})
        self.text = book.add_format({"text_wrap": False})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.title = book.add_format({"bold": True, "font_size": 16, "font_color": _PALETTE[0]})
        self.subtitle = book.add_format({"bold": True, "font_size": 12})
        self.date = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.ok = book.add_format({"font_color": "#00703C", "bold": True})
        self.bad = book.add_format({"font_color": "#D4351C", "bold": True})


def _table(
    ws: Any,
    name: str,
    header: list[str],
    rows: list[list[Any]],
    formats: list[Any],
    fmt: _Formats,
    widths: list[float] | None = None,
) -> None:
    """Write a table at A1 (an Excel Table when it has rows) with frozen header."""
    for j, h in enumerate(header):
        ws.write_string(0, j, str(h), fmt.header)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            if isinstance(value, float) and not np.isfinite(value):
                value = None
            write_value(ws, i, j, value, formats[j] if j < len(formats) else None, fmt.date)
    if rows and header:
        ws.add_table(
            0,
            0,
            len(rows),
            len(header) - 1,
            {
                "name": name,
                "style": "Table Style Light 1",
                "columns": [{"header": str(h)} for h in header],
            },
        )
    ws.freeze_panes(1, 0)
    _print_setup(ws)
    for j, h in enumerate(header):
        width = widths[j] if widths and j < len(widths) else max(10, min(40, len(str(h)) + 2))
        ws.set_column(j, j, width)


def _print_setup(ws: Any) -> None:
    """A4 landscape, one page wide, header row repeated: a sheet that prints well."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)


def _write_grid(book: Any, g: Grid, fmt: _Formats, formulas: bool, widths: Sequence[float]) -> Any:
    """One results or calculation sheet: formulas with stored values, or plain values."""
    ws = book.add_worksheet(g.name)
    kinds = {"money": fmt.money, "number": fmt.number, "index": fmt.index}
    for j, h in enumerate(g.header):
        ws.write_string(0, j, str(h), fmt.header)
    for i, (row, kind) in enumerate(zip(g.rows, g.kinds, strict=True), start=1):
        for j, cell in enumerate(row):
            f = kinds[kind] if j >= g.keys else fmt.text
            if isinstance(cell, F):
                if formulas:
                    ws.write_formula(i, j, cell.text, f, cell.value)
                else:
                    ws.write_number(i, j, cell.value, f)
            else:
                write_value(ws, i, j, cell, f)
    if g.rows:
        ws.add_table(
            0,
            0,
            len(g.rows),
            len(g.header) - 1,
            {
                "name": g.name,
                "style": "Table Style Light 1",
                "columns": [{"header": str(h)} for h in g.header],
            },
        )
    ws.freeze_panes(1, g.keys)
    _print_setup(ws)
    for j in range(len(g.header)):
        ws.set_column(j, j, widths[j] if j < len(widths) else 11)
    return ws


# Widths of each results and calculation sheet's key columns (year columns are 11).
_WIDTHS = {
    "Summary": [28, 26],
    "Budget": [24, 18, 40, 22, 10],
    "Bridge": [28, 32],
    "Volumes": [28, 18, 14],
    "Gap": [28, 34],
    "Index": [22, 16],
    "DriverCalc": [24, 18, 18],
    "CostCalc": [24, 20, 22],
}


def _results_sheets(
    book: Any, result: Result, fmt: _Formats, grids: dict[str, Grid], formulas: bool
) -> None:
    years, unit = result.years, result.model.money_unit
    ny = len(years)
    sheets = {
        name: _write_grid(book, grids[name], fmt, formulas, _WIDTHS[name])
        for name in ("Summary", "Budget", "Bridge", "Volumes", "Gap")
    }

    ws = sheets["Summary"]
    chart = book.add_chart({"type": "line"})
    per = len(_MEASURES)
    for k, scenario in enumerate(result.scenarios):
        r = 1 + k * per
        colour = _PALETTE[k % len(_PALETTE)]
        chart.add_series(
            {
                "name": scenario,
                "categories": ["Summary", 0, 2, 0, 1 + ny],
                "values": ["Summary", r, 2, r, 1 + ny],
                "line": {"color": colour, "width": 2.25},
                "marker": {
                    "type": "circle",
                    "size": 5,
                    "fill": {"color": colour},
                    "border": {"color": colour},
                },
            }
        )
    if result.scenarios:
        chart.add_series(
            {
                "name": "Funding",
                "categories": ["Summary", 0, 2, 0, 1 + ny],
                "values": ["Summary", 3, 2, 3, 1 + ny],
                "line": {"color": "#000000", "dash_type": "dash", "width": 2},
            }
        )
    chart.set_title({"name": f"Total budget and funding, {unit} cash"})
    chart.set_y_axis(
        {
            "num_format": "#,##0",
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
            "name": unit,
        }
    )
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 380})
    ws.insert_chart(len(grids["Summary"].rows) + 3, 1, chart)

    _waterfalls(book, sheets["Bridge"], result, fmt, grids["Bridge"], formulas)

    ws = sheets["Gap"]
    chart = book.add_chart({"type": "column"})
    per = len(result.model.funding) + 4
    for k, scenario in enumerate(result.scenarios):
        r = 1 + k * per + per - 2
        chart.add_series(
            {
                "name": scenario,
                "categories": ["Gap", 0, 2, 0, 1 + ny],
                "values": ["Gap", r, 2, r, 1 + ny],
                "fill": {"color": _PALETTE[k % len(_PALETTE)]},
                "gap": 80,
            }
        )
    chart.set_title({"name": f"Funding gap by year, {unit} (positive = shortfall)"})
    chart.set_y_axis(
        {
            "num_format": "#,##0;(#,##0)",
            "name": unit,
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 380})
    ws.insert_chart(len(grids["Gap"].rows) + 3, 1, chart)


def _waterfalls(
    book: Any, ws: Any, result: Result, fmt: _Formats, bridge: Grid, formulas: bool
) -> None:
    """A stacked-column waterfall per scenario, from helper columns (invisible base)."""
    year = result.years[-1]
    unit = result.model.money_unit
    last = bridge.keys + len(result.years) - 1  # the Bridge column of the final year
    row = len(bridge.rows) + 3
    ws.write_string(row, 0, f"Waterfall data, {year} ({unit})", fmt.subtitle)
    row += 1

    def put(r: int, c: int, text: str, value: float) -> None:
        if formulas:
            ws.write_formula(r, c, text, fmt.money, value)
        else:
            ws.write_number(r, c, value, fmt.money)

    for k, scenario in enumerate(result.scenarios):
        ws.write_row(
            row,
            0,
            ["scenario", "step", "base (hidden)", "increase", "decrease", "level after"],
            fmt.header,
        )
        top = row + 1
        level = 0.0
        lowest = float("inf")
        for i, step in enumerate(_STEPS):
            source_row = 1 + k * len(_STEPS) + i
            cell = f"Bridge!{col_letter(last)}{source_row + 1}"
            v = float(bridge.rows[source_row - 1][last].value)
            r = top + i
            ws.write_string(r, 0, scenario)
            ws.write_string(r, 1, _STEPS[step])
            before = f"F{r}"  # the level after the previous step
            if step in ("base", "total"):
                put(r, 2, "=0", 0.0)
                put(r, 3, f"={cell}", v)
                put(r, 4, "=0", 0.0)
                put(r, 5, f"={cell}", v)
                level = v
                lowest = min(lowest, v)
            else:
                low = min(level, level + v)
                put(r, 2, f"=MIN({before},{before}+{cell})", low)
                put(r, 3, f"=MAX({cell},0)", max(v, 0.0))
                put(r, 4, f"=MAX(-{cell},0)", max(-v, 0.0))
                level += v
                put(r, 5, f"={before}+{cell}", level)
                lowest = min(lowest, low)
        chart = book.add_chart({"type": "column", "subtype": "stacked"})
        cats = ["Bridge", top, 1, top + 5, 1]
        chart.add_series(
            {
                "name": "base",
                "categories": cats,
                "values": ["Bridge", top, 2, top + 5, 2],
                "fill": {"none": True},
                "border": {"none": True},
            }
        )
        chart.add_series(
            {
                "name": "Increase",
                "categories": cats,
                "values": ["Bridge", top, 3, top + 5, 3],
                "fill": {"color": _PALETTE[0]},
                "gap": 50,
            }
        )
        chart.add_series(
            {
                "name": "Decrease",
                "categories": cats,
                "values": ["Bridge", top, 4, top + 5, 4],
                "fill": {"color": _PALETTE[3]},
            }
        )
        # Start the axis at a round figure below the lowest level, so the steps show.
        step_size = 10 ** max(0, int(np.floor(np.log10(max(abs(lowest), 1.0)))) - 1)
        axis_min = max(0.0, np.floor(0.9 * lowest / step_size) * step_size) if lowest > 0 else None
        note = f" (axis from {axis_min:,.0f})" if axis_min else ""
        chart.set_title(
            {
                "name": f"{scenario}: {result.years[0]} to {year}, {unit}{note}",
                "name_font": {"size": 11},
            }
        )
        chart.set_legend({"none": True})
        chart.set_y_axis(
            {
                "num_format": "#,##0",
                "min": axis_min,
                "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
            }
        )
        chart.set_size({"width": 640, "height": 340})
        ws.insert_chart(top - 1, 7, chart)
        row = top + 18  # a chart is about 17 rows high


def _cover(ws: Any, result: Result, fmt: _Formats, path: Path, *, risk: bool = False) -> None:
    from .. import __version__

    model = result.model
    _print_setup(ws)
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


def _checks(ws: Any, result: Result, fmt: _Formats, notes: list[str]) -> None:
    checks = result.checks
    rows = [list(r) for r in checks.itertuples(index=False)]
    rows += [["Sheet not carried in full", "warning", n] for n in notes]
    _table(
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


def _input_sheet(book: Any, table: InputTable, fmt: _Formats) -> None:
    ws = book.add_worksheet(table.name)
    formats = []
    for h in table.header:
        if h in table.money or (table.name == "Settings" and h == "value"):
            formats.append(fmt.exact)
        elif h in ("effect", "agency_premium") or (table.name == "Inflation" and h in table.years):
            formats.append(fmt.rate)
        else:
            formats.append(None)
    rows = table.rows
    param = table.header.index("parameter") if "parameter" in table.header else -1
    for j, h in enumerate(table.header):
        ws.write_string(0, j, str(h), fmt.header)
    for i, row in enumerate(rows, start=1):
        rate_row = param >= 0 and row[param] in _RATE_PARAMETERS
        for j, value in enumerate(row):
            f = formats[j]
            if table.name == "Effects" and table.header[j] in table.years:
                f = fmt.rate
            elif rate_row and table.header[j] in table.years:
                f = fmt.rate
            write_value(ws, i, j, value, f, fmt.date)
    if rows:
        ws.add_table(
            0,
            0,
            len(rows),
            len(table.header) - 1,
            {
                "name": f"in_{table.name}",
                "style": "Table Style Light 9",
                "columns": [{"header": str(h)} for h in table.header],
            },
        )
    ws.freeze_panes(1, 1)
    for j, h in enumerate(table.header):
        width = (
            44
            if h in ("source", "notes", "description", "name")
            else max(10, min(24, len(str(h)) + 3))
        )
        ws.set_column(j, j, width)


def write_workbook(
    result: Result,
    path: str | os.PathLike[str],
    *,
    values_only: bool = False,
    simulation: Simulation | None = None,
) -> Path:
    """Write ``result`` as a results workbook.

    Parameters
    ----------
    result : Result
        From :meth:`budgetmodel.Model.run`.
    path : path-like
        The ``.xlsx`` file to write. It is written to a temporary file and renamed,
        so a failure leaves any previous file untouched; the input workbook itself
        is never overwritten.
    values_only : bool, default False
        Write plain numbers instead of live formulas.
    simulation : Simulation, optional
        From :meth:`budgetmodel.Model.simulate`: adds the Risk sheet (percentiles,
        the chance of a cumulative shortfall, the uncertain inputs).

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import budgetmodel as bm
    >>> result = bm.load_sample().run()
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = bm.write_workbook(result, pathlib.Path(tmp) / "results.xlsx")
    ...     bm.read_workbook(path) == result.model  # the results workbook is an input too
    True

    Notes
    -----
    Every computed number in Summary, Budget, Bridge, Volumes and Gap is a live
    formula that follows the model back to the input sheets' cells, through the
    calculation sheets Index, DriverCalc and CostCalc, with the engine's value
    stored as its result: change an assumption in Excel and the budget moves.

    The input sheets are written from the model exactly (every assumption to the
    bit, extra columns such as ``source`` included), so ``read_workbook`` on the
    results gives back the same model, and edits to them are honoured by the next
    run. Sheets of the input workbook that the library does not own are carried
    over; what cannot travel (charts, images, pivot tables) is named in a
    :class:`~budgetmodel.BudgetModelWarning` and on the Checks sheet.
    """
    from .carry import carry_sheets, plan_carry

    model = result.model
    target = Path(path)
    carried, notes = plan_carry(model)
    for note in notes:
        warnings.warn(
            f"Not carried into the results workbook: {note}", BudgetModelWarning, stacklevel=2
        )
    with atomic_workbook(target, refuse=model.source) as book:
        book.set_properties(
            {
                "title": f"{model.authority} indicative budget".strip(),
                "comments": "Written by budgetmodel",
            }
        )
        fmt = _Formats(book, model.money_unit)
        tables = input_tables(model)
        grids = build_grids(result, tables)
        formulas = not values_only
        cover = book.add_worksheet("Cover")
        _results_sheets(book, result, fmt, grids, formulas)
        _checks(book.add_worksheet("Checks"), result, fmt, notes)
        if simulation is not None:
            from .risk import add_risk_sheet

            add_risk_sheet(book, simulation, money_unit=model.money_unit)
        for name in CALC_SHEETS:
            _write_grid(book, grids[name], fmt, formulas, _WIDTHS[name])
        for table in tables:
            _input_sheet(book, table, fmt)
        carry_sheets(book, carried)
        _cover(cover, result, fmt, target, risk=simulation is not None)
        cover.activate()
    return target


def write_inputs(model: Model, path: str | os.PathLike[str]) -> Path:
    """Write ``model`` as an input workbook: the input sheets only, exactly.

    Reading the file back with :func:`~budgetmodel.read_workbook` gives a model
    equal to ``model``, every assumption to the bit.

    Returns
    -------
    pathlib.Path
    """
    target = Path(path)
    with atomic_workbook(target, refuse=model.source) as book:
        fmt = _Formats(book, model.money_unit)
        for table in input_tables(model):
            _input_sheet(book, table, fmt)
    return target
