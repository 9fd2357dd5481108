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
import pandas as pd

from ..errors import BudgetModelWarning
from ..spec import MONEY_UNITS
from .tables import InputTable, input_tables
from .xlsx import atomic_workbook, write_value

if TYPE_CHECKING:
    from ..model import Model
    from ..results import Result

__all__ = ["RESULT_SHEETS", "write_inputs", "write_workbook"]

RESULT_SHEETS = ("Cover", "Summary", "Budget", "Bridge", "Volumes", "Gap", "Checks")

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


def _wide(frame: pd.DataFrame, keys: list[str], value: str, years: list[str]) -> pd.DataFrame:
    wide = frame.pivot_table(index=keys, columns="year", values=value, sort=False)
    return wide.reindex(columns=years).reset_index()


def _results_sheets(book: Any, result: Result, fmt: _Formats, scale: float) -> None:
    years, unit = result.years, result.model.money_unit
    ny = len(years)

    # Summary: scenario x measure, years across.
    s = result.summary.melt(id_vars=["scenario", "year"], var_name="measure")
    s = _wide(s, ["scenario", "measure"], "value", years)
    s["measure"] = s["measure"].map(_MEASURES)
    ws = book.add_worksheet("Summary")
    rows = [[r[0], r[1], *(v / scale for v in r[2:])] for r in s.itertuples(index=False)]
    _table(
        ws,
        "Summary",
        ["scenario", "measure", *years],
        rows,
        [fmt.text, fmt.text, *[fmt.money] * ny],
        fmt,
        [28, 26, *[11] * ny],
    )
    chart = book.add_chart({"type": "line"})
    for k, scenario in enumerate(result.scenarios):
        r = 1 + k * len(_MEASURES)
        chart.add_series(
            {
                "name": scenario,
                "categories": ["Summary", 0, 2, 0, 1 + ny],
                "values": ["Summary", r, 2, r, 1 + ny],
                "line": {"color": _PALETTE[k % len(_PALETTE)], "width": 2.25},
                "marker": {
                    "type": "circle",
                    "size": 5,
                    "fill": {"color": _PALETTE[k % len(_PALETTE)]},
                    "border": {"color": _PALETTE[k % len(_PALETTE)]},
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
    ws.insert_chart(len(rows) + 3, 1, chart)

    # Budget: every line and initiative, cash by year.
    lines = result.lines
    wide = _wide(lines, ["scenario", "line_id", "line_name", "service_area", "kind"], "cash", years)
    ws = book.add_worksheet("Budget")
    rows = [[*r[:5], *(v / scale for v in r[5:])] for r in wide.itertuples(index=False)]
    _table(
        ws,
        "Budget",
        ["scenario", "line_id", "line_name", "service_area", "kind", *years],
        rows,
        [fmt.text] * 5 + [fmt.money] * ny,
        fmt,
        [24, 18, 40, 22, 10, *[11] * ny],
    )

    # Bridge: steps by year, with a waterfall chart for the last year of each scenario.
    b = _wide(result.bridge, ["scenario", "step"], "value", years)
    ws = book.add_worksheet("Bridge")
    rows = [[r[0], _STEPS[r[1]], *(v / scale for v in r[2:])] for r in b.itertuples(index=False)]
    _table(
        ws,
        "Bridge",
        ["scenario", "step", *years],
        rows,
        [fmt.text, fmt.text, *[fmt.money] * ny],
        fmt,
        [28, 32, *[11] * ny],
    )
    _waterfalls(book, ws, result, fmt, scale, first_row=len(rows) + 3)

    # Volumes: driver volumes without and with the plan.
    d = result.drivers.melt(id_vars=["scenario", "driver_id", "year"], var_name="measure")
    d = _wide(d, ["scenario", "driver_id", "measure"], "value", years)
    d["measure"] = d["measure"].map(
        {"volume_counterfactual": "without plan", "volume": "with plan"}
    )
    ws = book.add_worksheet("Volumes")
    _table(
        ws,
        "Volumes",
        ["scenario", "driver_id", "measure", *years],
        [list(r) for r in d.itertuples(index=False)],
        [fmt.text] * 3 + [fmt.number] * ny,
        fmt,
        [28, 18, 14, *[11] * ny],
    )

    # Gap: funding rows, total funding, budget, gap and cumulative gap by scenario.
    ws = book.add_worksheet("Gap")
    rows = []
    for scenario in result.scenarios:
        a = result.arrays(scenario)
        for f in result.model.funding:
            rows.append(
                [
                    scenario,
                    f"Funding: {f.name or f.id}",
                    *(
                        v * result.model.money_scale / scale if v is not None else None
                        for v in f.values
                    ),
                ]
            )
        for key, label in (
            ("funding", "Funding, total"),
            ("total_cash", "Total budget (cash)"),
            ("gap", "Gap (+ shortfall)"),
            ("cumulative_gap", "Cumulative gap"),
        ):
            rows.append([scenario, label, *(getattr(a, key)[0] / scale)])
    _table(
        ws,
        "Gap",
        ["scenario", "item", *years],
        rows,
        [fmt.text, fmt.text, *[fmt.money] * ny],
        fmt,
        [28, 34, *[11] * ny],
    )
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
    ws.insert_chart(len(rows) + 3, 1, chart)


def _waterfalls(
    book: Any, ws: Any, result: Result, fmt: _Formats, scale: float, first_row: int
) -> None:
    """A stacked-column waterfall per scenario, from helper columns (invisible base)."""
    year = result.years[-1]
    unit = result.model.money_unit
    row = first_row
    ws.write_string(row, 0, f"Waterfall data, {year} ({unit})", fmt.subtitle)
    row += 1
    for scenario in result.scenarios:
        steps = result.bridge.query("scenario == @scenario and year == @year")
        values = dict(zip(steps["step"], steps["value"] / scale, strict=True))
        ws.write_row(
            row, 0, ["scenario", "step", "base (hidden)", "increase", "decrease"], fmt.header
        )
        top = row + 1
        running = 0.0
        lowest = float("inf")
        for i, step in enumerate(_STEPS):
            v = float(values[step])
            if step in ("base", "total"):
                hidden, up, down = 0.0, v, 0.0
                running = v
            else:
                low = min(running, running + v)
                hidden, up, down = low, max(v, 0.0), max(-v, 0.0)
                running += v
            lowest = min(lowest, running if step in ("base", "total") else low)
            ws.write_string(top + i, 0, scenario)
            ws.write_string(top + i, 1, _STEPS[step])
            for j, x in enumerate((hidden, up, down)):
                ws.write_number(top + i, 2 + j, x, fmt.money)
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
        ws.insert_chart(top - 1, 6, chart)
        row = top + 18  # a chart is about 17 rows high


def _cover(ws: Any, result: Result, fmt: _Formats, path: Path) -> None:
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


def write_workbook(result: Result, path: str | os.PathLike[str]) -> Path:
    """Write ``result`` as a results workbook.

    Parameters
    ----------
    result : Result
        From :meth:`budgetmodel.Model.run`.
    path : path-like
        The ``.xlsx`` file to write. It is written to a temporary file and renamed,
        so a failure leaves any previous file untouched; the input workbook itself
        is never overwritten.

    Returns
    -------
    pathlib.Path
        The file written.

    Notes
    -----
    The input sheets are written from the model exactly (every assumption to the
    bit, extra columns such as ``source`` included), so ``read_workbook`` on the
    results gives back the same model, and edits to them are honoured by the next
    run. Sheets of the input workbook that the library does not own are carried
    over; what cannot travel (charts, images, pivot tables) is named in a
    :class:`~budgetmodel.BudgetModelWarning` and on the Checks sheet.
    """
    from .carry import carry_sheets, plan_carry

    model = result.model
    scale = MONEY_UNITS[model.money_unit]
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
        cover = book.add_worksheet("Cover")
        _results_sheets(book, result, fmt, scale)
        _checks(book.add_worksheet("Checks"), result, fmt, notes)
        for table in input_tables(model):
            _input_sheet(book, table, fmt)
        carry_sheets(book, carried)
        _cover(cover, result, fmt, target)
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
