"""The results sheets: Summary, Budget, Bridge, Volumes, Gap and the calculation
sheets, each one grid of live formulas, with their native Excel charts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..vocabulary import PALETTE
from .formats import Formats, print_setup
from .grid import F, Grid
from .xlsx import write_value

if TYPE_CHECKING:
    from .._results import Result

__all__ = ["backtest_sheet", "grid_sheet", "results_sheets"]


def _write_grid(ws: Any, g: Grid, fmt: Formats, formulas: bool, *, table: bool = True) -> None:
    """One grid at its place on ``ws``: formulas with stored values, or plain values."""
    kinds = {"money": fmt.money, "number": fmt.number, "index": fmt.index, "rate": fmt.rate}
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
                    write_value(ws, i, j, cell.value, f)
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


#: Results sheets that can run long (a row per driver, or per initiative, and pass).
_LONG = frozenset({"Volumes", "Plan", "Budget", "Backtest"})


def grid_sheet(book: Any, g: Grid, fmt: Formats, formulas: bool) -> Any:
    """A results or calculation sheet holding one grid, frozen and set up to print."""
    ws = book.add_worksheet(g.sheet)
    _write_grid(ws, g, fmt, formulas)
    ws.freeze_panes(1, len(g.keys))
    print_setup(ws)
    if g.name in _LONG:
        # long tables of figures with no chart: one page wide, at most two pages tall
        ws.fit_to_pages(1, 2)
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
    "Plan": [28, 22, 26],
    "Business_case": [28, 22, 44, 14, 14, 14, 14, 12],
    "Backtest": [28, 26, 16],
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


def results_sheets(
    book: Any, result: Result, fmt: Formats, grids: dict[str, Grid], formulas: bool
) -> None:
    unit = result.model.money_unit
    sheets = {
        name: grid_sheet(book, grids[name], fmt, formulas)
        for name in ("Summary", "Budget", "Plan", "Business_case", "Bridge", "Volumes", "Gap")
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


def _waterfalls(book: Any, ws: Any, result: Result, fmt: Formats, g: Grid, formulas: bool) -> None:
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
        # The title is text in a cell the chart refers to: a scenario's name is never
        # read as a formula or a cell reference.
        title_at = (g.top + k * _CHART_ROWS, len(g.header))
        ws.write_string(*title_at, f"{scenario}: {result.years[0]} to {year}, {unit}{note}")
        chart.set_title({"name": [g.sheet, *title_at], "name_font": {"size": 11}})
        chart.set_legend({"none": True})
        chart.set_y_axis({"num_format": "#,##0", "min": axis_min, "major_gridlines": _GRIDLINES})
        chart.set_size({"width": 640, "height": 340})
        ws.insert_chart(g.top + k * _CHART_ROWS, len(g.header) + 1, chart)


def backtest_sheet(book: Any, result: Result, fmt: Formats, g: Grid, formulas: bool) -> None:
    """The Back-test sheet: its grid, and a chart of each scenario's projected total
    against the outturn (years without an outturn are gaps)."""
    ws = grid_sheet(book, g, fmt, formulas)
    unit = result.model.money_unit
    chart = book.add_chart({"type": "line"})
    for k, scenario in enumerate(result.scenarios):
        colour = PALETTE[k % len(PALETTE)]
        chart.add_series(
            _series(g, (scenario, "Total", "projected"), line={"color": colour, "width": 2})
        )
    if result.scenarios:
        actual = _series(
            g,
            (result.scenarios[0], "Total", "actual"),
            line={"color": "#000000", "width": 2.5},
            marker={"type": "square", "size": 6, "fill": {"color": "#000000"}},
        )
        chart.add_series({**actual, "name": "Outturn"})
    chart.set_title({"name": f"Projected against outturn, {unit} cash"})
    chart.set_y_axis({"num_format": "#,##0", "major_gridlines": _GRIDLINES, "name": unit})
    chart.show_blanks_as("gap")
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 380})
    ws.insert_chart(_below(g), 1, chart)
