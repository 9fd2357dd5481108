"""The results workbook's Risk sheet: what a Monte Carlo run found, for finance teams.

Percentiles by scenario and year in the model's money unit, the chance of a
cumulative shortfall, and the Uncertainty rows drawn from with their reasons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..vocabulary import MEASURES, MONEY_UNITS

if TYPE_CHECKING:
    from ..uncertainty import Simulation

__all__ = ["RISK_SHEET", "add_risk_sheet"]

RISK_SHEET = "Risk"
_STATISTICS = {
    "p5": "5th percentile",
    "p10": "10th percentile",
    "p25": "25th percentile",
    "p50": "Median",
    "p75": "75th percentile",
    "p90": "90th percentile",
    "p95": "95th percentile",
    "mean": "Mean",
}


def _formats(book: Any, unit: str) -> dict[str, Any]:
    """The number formats of the rest of the results workbook."""
    decimals = ".0" if unit == "£m" else ""
    money = f'#,##0{decimals};(#,##0{decimals});"–"'
    return {
        "title": book.add_format({"bold": True, "font_size": 16, "font_color": "#12436D"}),
        "subtitle": book.add_format({"bold": True, "font_size": 12}),
        "header": book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1}),
        "money": book.add_format({"num_format": money}),
        "median": book.add_format({"num_format": money, "bold": True}),
        "share": book.add_format({"num_format": "0%"}),
        "value": book.add_format({"num_format": "0.0##"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "note": book.add_format({"italic": True, "font_color": "#505A5F"}),
        "text": book.add_format({"text_wrap": False}),
    }


def _table(
    ws: Any,
    row: int,
    name: str,
    header: list[str],
    rows: list[list[Any]],
    formats: list[Any],
    header_format: Any,
) -> int:
    """An Excel Table at ``row``; returns the first row after it."""
    ws.write_row(row, 0, header, header_format)
    for i, values in enumerate(rows, start=row + 1):
        for j, v in enumerate(values):
            if v is None or v == "":
                continue
            if isinstance(v, str):
                ws.write_string(i, j, v, formats[j])
            else:
                ws.write_number(i, j, float(v), formats[j])
    if rows:
        ws.add_table(
            row,
            0,
            row + len(rows),
            len(header) - 1,
            {
                "name": name,
                "style": "Table Style Light 1",
                "columns": [{"header": h} for h in header],
            },
        )
    return row + len(rows) + 1


def add_risk_sheet(book: Any, simulation: Simulation, *, money_unit: str) -> Any:
    """Write the Risk sheet into an XlsxWriter workbook and return the worksheet.

    Parameters
    ----------
    book : xlsxwriter.Workbook
    simulation : Simulation
        From `budgetmodel.uncertainty.simulate`.
    money_unit : {"£", "£000", "£m"}
        The unit money is shown in (the model's, like the rest of the workbook).

    Notes
    -----
    Three Excel Tables, one under another: ``Risk_percentiles`` (scenario,
    measure, statistic, then a column per year), ``Risk_shortfall`` (the chance
    that the cumulative gap exceeds zero, by scenario and year) and
    ``Risk_inputs`` (each Uncertainty row, its 10th and 90th percentiles and its
    description).
    """
    from ..uncertainty import quantile

    scale = MONEY_UNITS[money_unit]
    fmt = _formats(book, money_unit)
    ws = book.add_worksheet(RISK_SHEET)
    years = simulation.years
    ny = len(years)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 24)
    ws.set_column(2, 2, 18)
    ws.set_column(3, 2 + ny, 12)
    who = simulation.model.authority or "Model"
    ws.write_string(0, 0, f"{who}: risk to the budget, {money_unit} cash", fmt["title"])
    ws.write_string(
        1,
        0,
        f"{simulation.n_draws:,} draws of the Uncertainty rows (seed {simulation.seed}); each "
        "draw applies one value per row to every projection year of every scenario. "
        "Percentiles are of the draws; the base year is the same in every draw.",
        fmt["note"],
    )

    row = 3
    ws.write_string(row, 0, f"Percentiles by scenario and year ({money_unit})", fmt["subtitle"])
    p = simulation.percentiles
    table = p.pivot_table(
        index=["scenario", "measure", "statistic"], columns="year", values="value", sort=False
    ).reindex(columns=years)
    rows: list[list[Any]] = []
    formats = [fmt["wrap"], fmt["wrap"], fmt["wrap"]]
    for (scenario, measure, statistic), values in zip(
        table.index, table.to_numpy(dtype=float) / scale, strict=True
    ):
        rows.append([scenario, MEASURES[measure].text, _STATISTICS[statistic], *values.tolist()])
    row = _table(
        ws,
        row + 1,
        "Risk_percentiles",
        ["scenario", "measure", "statistic", *years],
        rows,
        [*formats, *[fmt["money"]] * ny],
        fmt["header"],
    )
    for i, r in enumerate(rows, start=row - len(rows)):
        if r[2] == "Median":  # the median in bold, as the central figure
            for j in range(ny):
                ws.write_number(i, 3 + j, r[3 + j], fmt["median"])

    row += 1
    ws.write_string(
        row, 0, "Chance of a cumulative shortfall (cumulative gap above 0)", fmt["subtitle"]
    )
    wide = simulation.exceedance("cumulative_gap", 0.0).pivot(
        index="scenario", columns="year", values="probability"
    )
    chance = [[s, *wide.loc[s, years].to_numpy(dtype=float).tolist()] for s in simulation.scenarios]
    row = _table(
        ws,
        row + 1,
        "Risk_shortfall",
        ["scenario", *years],
        chance,
        [fmt["wrap"], *[fmt["share"]] * ny],
        fmt["header"],
    )

    row += 1
    ws.write_string(row, 0, "Uncertain inputs (Uncertainty sheet)", fmt["subtitle"])
    inputs = [
        [
            u.target,
            u.distribution,
            u.p1,
            u.p2,
            u.p3,
            quantile(u, 0.1),
            quantile(u, 0.9),
            u.description,
        ]
        for u in simulation.uncertainty
    ]
    header = [
        "target",
        "distribution",
        "p1",
        "p2",
        "p3",
        "10th percentile",
        "90th percentile",
        "description",
    ]
    number = fmt["value"]
    row = _table(
        ws,
        row + 1,
        "Risk_inputs",
        header,
        inputs,
        # The description runs on over the empty cells to its right.
        [fmt["wrap"], fmt["wrap"], number, number, number, number, number, fmt["text"]],
        fmt["header"],
    )
    if not inputs:
        ws.write_string(
            row, 0, "No Uncertainty rows: every draw is the model as entered.", fmt["note"]
        )
    return ws
