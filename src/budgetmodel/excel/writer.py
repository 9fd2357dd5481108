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
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import BudgetModelWarning
from ..vocabulary import PALETTE, PARAMETERS
from .formulas import build_grids
from .grid import F, Grid
from .layout import CALC_SHEETS, RESULT_SHEETS
from .tables import InputTable, input_tables
from .xlsx import atomic_workbook, write_value

if TYPE_CHECKING:
    from ..model import Model
    from ..results import Result
    from ..uncertainty import Simulation

__all__ = ["RESULT_SHEETS", "write_inputs", "write_workbook"]


_RATE_PARAMETERS = {name for name, p in PARAMETERS.items() if p.kind == "rate"}


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
        self.title = book.add_format({"bold": True, "font_size": 16, "font_color": PALETTE[0]})
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


def _write_grid(ws: Any, g: Grid, fmt: _Formats, formulas: bool, *, table: bool = True) -> None:
    """One grid at its place on ``ws``: formulas with stored values, or plain values."""
    kinds = {"money": fmt.money, "number": fmt.number, "index": fmt.index}
    keys = len(g.keys)
    for j, h in enumerate(g.header):
        ws.write_string(g.top, j, str(h), fmt.header)
    for row in g.rows:
        i = g.row_of(row.key)
        for j, cell in enumerate([*row.labels, *row.cells]):
            f = kinds[row.kind] if j >= keys else fmt.text
            if isinstance(cell, F):
                if formulas:
                    ws.write_formula(i, j, "=" + cell.text, f, cell.value)
                else:
                    ws.write_number(i, j, cell.value, f)
            else:
                write_value(ws, i, j, cell, f)
    if table and g.rows:
        ws.add_table(
            g.top,
            0,
            g.top + len(g.rows),
            len(g.header) - 1,
            {
                "name": g.name,
                "style": "Table Style Light 1",
                "columns": [{"header": str(h)} for h in g.header],
            },
        )


def _grid_sheet(book: Any, g: Grid, fmt: _Formats, formulas: bool) -> Any:
    """A results or calculation sheet holding one grid, frozen and set up to print."""
    ws = book.add_worksheet(g.sheet)
    _write_grid(ws, g, fmt, formulas)
    ws.freeze_panes(1, len(g.keys))
    _print_setup(ws)
    widths = _WIDTHS[g.name]
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


def _series(g: Grid, key: tuple[Any, ...], **style: Any) -> dict[str, Any]:
    """A chart series over one grid row's years, named by the row's first label cell
    (a reference, so no name is ever read as a formula)."""
    row, first, last = g.row_of(key), g.column_of(0), g.column_of(len(g.years) - 1)
    return {
        "name": [g.sheet, row, 0],
        "categories": [g.sheet, g.top, first, g.top, last],
        "values": [g.sheet, row, first, row, last],
        **style,
    }


_GRIDLINES = {"visible": True, "line": {"color": "#D9D9D9"}}


def _below(g: Grid) -> int:
    """The first free row a little below a grid, where its chart goes."""
    return g.top + len(g.rows) + 3


def _results_sheets(
    book: Any, result: Result, fmt: _Formats, grids: dict[str, Grid], formulas: bool
) -> None:
    unit = result.model.money_unit
    sheets = {
        name: _grid_sheet(book, grids[name], fmt, formulas)
        for name in ("Summary", "Budget", "Bridge", "Volumes", "Gap")
    }
    summary = grids["Summary"]
    chart = book.add_chart({"type": "line"})
    for k, scenario in enumerate(result.scenarios):
        colour = PALETTE[k % len(PALETTE)]
        marker = {
            "type": "circle",
            "size": 5,
            "fill": {"color": colour},
            "border": {"color": colour},
        }
        chart.add_series(
            _series(
                summary,
                (scenario, "total_cash"),
                line={"color": colour, "width": 2.25},
                marker=marker,
            )
        )
    if result.scenarios:
        funding = _series(
            summary,
            (result.scenarios[0], "funding"),
            line={"color": "#000000", "dash_type": "dash", "width": 2},
        )
        chart.add_series({**funding, "name": "Funding"})
    chart.set_title({"name": f"Total budget and funding, {unit} cash"})
    chart.set_y_axis({"num_format": "#,##0", "major_gridlines": _GRIDLINES, "name": unit})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 380})
    sheets["Summary"].insert_chart(_below(summary), 1, chart)

    _waterfalls(book, sheets["Bridge"], result, fmt, grids["Waterfall"], formulas)

    gap = grids["Gap"]
    chart = book.add_chart({"type": "column"})
    for k, scenario in enumerate(result.scenarios):
        chart.add_series(
            _series(gap, (scenario, "gap"), fill={"color": PALETTE[k % len(PALETTE)]}, gap=80)
        )
    chart.set_title({"name": f"Funding gap by year, {unit} (positive = shortfall)"})
    chart.set_y_axis({"num_format": "#,##0;(#,##0)", "name": unit, "major_gridlines": _GRIDLINES})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 380})
    sheets["Gap"].insert_chart(_below(gap), 1, chart)


_CHART_ROWS = 18  # a waterfall chart is about 17 rows high


def _waterfalls(book: Any, ws: Any, result: Result, fmt: _Formats, g: Grid, formulas: bool) -> None:
    """A stacked-column waterfall per scenario, from the Waterfall grid's helper columns."""
    year, unit = result.years[-1], result.model.money_unit
    ws.write_string(g.top - 1, 0, f"Waterfall data, {year} ({unit})", fmt.subtitle)
    _write_grid(ws, g, fmt, formulas, table=False)
    steps = [key for key in (r.key for r in g.rows)]
    for k, scenario in enumerate(result.scenarios):
        mine = [key for key in steps if key[0] == scenario]
        first, last = g.row_of(mine[0]), g.row_of(mine[-1])
        cats = [g.sheet, first, 1, last, 1]

        def values(column: str, first: int = first, last: int = last) -> list[Any]:
            j = g.column_of(g.years.index(column))
            return [g.sheet, first, j, last, j]

        chart = book.add_chart({"type": "column", "subtype": "stacked"})
        chart.add_series(
            {
                "name": "base",
                "categories": cats,
                "values": values("hidden"),
                "fill": {"none": True},
                "border": {"none": True},
            }
        )
        chart.add_series(
            {
                "name": "Increase",
                "categories": cats,
                "values": values("increase"),
                "fill": {"color": PALETTE[0]},
                "gap": 50,
            }
        )
        chart.add_series(
            {
                "name": "Decrease",
                "categories": cats,
                "values": values("decrease"),
                "fill": {"color": PALETTE[3]},
            }
        )
        # Start the axis at a round figure below the lowest level, so the steps show.
        rows = [r for r in g.rows if r.key[0] == scenario]
        lowest = min([r.cells[3].value for r in rows] + [r.cells[0].value for r in rows[1:-1]])
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
        chart.set_y_axis({"num_format": "#,##0", "min": axis_min, "major_gridlines": _GRIDLINES})
        chart.set_size({"width": 640, "height": 340})
        ws.insert_chart(g.top + k * _CHART_ROWS, len(g.header) + 1, chart)


def _cover(ws: Any, result: Result, fmt: _Formats, path: Path, *, risk: bool = False) -> None:
    from .._version import __version__

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
            _grid_sheet(book, grids[name], fmt, formulas)
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
