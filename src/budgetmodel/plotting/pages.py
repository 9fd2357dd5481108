"""The pages of the Commissioner's pack, on A4 landscape: cover, summary, one chart each.

Pages are `matplotlib.figure.Figure` objects built without pyplot; each
chart page is laid out once (`budgetmodel.plotting.style.fit`), so the
PDF page and the chart files cut from it share one layout.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import _data, budget, style, text

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.transforms import Bbox

    from .._results import Result

__all__ = ["A4_LANDSCAPE", "Chart", "chart_page", "cover", "summary"]

A4_LANDSCAPE = (11.69, 8.27)  # inches
CHART_SIZE = (9.0, 5.2)  # inches: the proportions of a chart on its page


@dataclass(frozen=True)
class Chart:
    """One chart of the pack.

    Attributes
    ----------
    name : str
        The file stem (``"bridge"`` gives ``bridge.png`` and ``bridge.svg``).
    draw : callable
        Draws the chart on the Axes it is given and returns it.
    finding : budgetmodel.plotting.Finding
        The chart's title and its one-line takeaway.
    size : tuple of float
        The chart's proportions, width and height [inches]; on its page it
        takes the page's width, or less if it would be too tall.
    """

    name: str
    draw: Callable[[Axes], Axes]
    finding: text.Finding
    size: tuple[float, float] = CHART_SIZE


def _page(result: Result, number: int | None, total: int) -> Figure:
    """An A4 landscape page with the running header and the page number."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=A4_LANDSCAPE)
    if number is not None:
        who = result.model.authority or "Indicative budget"
        fig.text(
            0.045,
            0.955,
            f"{who} · children's social care · indicative budget",
            fontsize=8.5,
            color=style.MUTED,
        )
        fig.text(0.955, 0.955, f"{number} of {total}", fontsize=8.5, color=style.MUTED, ha="right")
        fig.add_artist(_rule(fig, 0.942))
    return fig


def _rule(fig: Figure, y: float, x0: float = 0.045, x1: float = 0.955) -> Line2D:
    """A thin grey rule across the page at height ``y`` (figure fractions)."""
    from matplotlib.lines import Line2D

    return Line2D([x0, x1], [y, y], transform=fig.transFigure, color=style.GREY, linewidth=0.6)


def cover(result: Result, scenario: str, date: dt.date, version: str) -> Figure:
    """The cover: authority, title, years, date and every scenario with its description.

    Parameters
    ----------
    result : Result
        A model run.
    scenario : str
        The scenario the single-scenario charts show (named in the note).
    date : datetime.date
        The date printed on the cover.
    version : str
        The budgetmodel version, for the note.

    Returns
    -------
    matplotlib.figure.Figure
        An A4 landscape page.
    """
    fig = _page(result, None, 0)
    years = result.years
    fig.add_artist(_rule(fig, 0.80))
    fig.text(
        0.08,
        0.86,
        result.model.authority or "Indicative budget model",
        fontsize=16,
        color=style.MUTED,
    )
    fig.text(
        0.08,
        0.70,
        f"Children's social care:\nan indicative {len(years) - 1}-year budget",
        fontsize=28,
        fontweight="bold",
        color=style.DARK_BLUE,
        va="top",
        linespacing=1.25,
    )
    fig.text(
        0.08,
        0.53,
        f"Base year {years[0]}; projections {years[1]} to {years[-1]}"
        if len(years) > 1
        else f"Base year {years[0]}",
        fontsize=13,
        color=style.TEXT,
    )
    fig.text(0.08, 0.49, f"{date.day} {date:%B %Y}", fontsize=13, color=style.TEXT)
    fig.text(0.08, 0.41, "Scenarios", fontsize=12, fontweight="bold", color=style.TEXT)
    descriptions = {sc.name: sc.description for sc in result.model.scenarios}
    y = 0.375
    for name in result.scenarios:
        line = f"{name}" + (f": {descriptions[name]}" if descriptions.get(name) else "")
        wrapped = textwrap.fill(line, 120)
        fig.text(0.08, y, wrapped, fontsize=10.5, color=style.TEXT, va="top")
        y -= 0.035 * (wrapped.count("\n") + 1) + 0.01
    note = (
        f"Money in {_data.money_unit(result, None)}, cash unless stated; real terms at "
        f"{years[0]} prices. Single-scenario charts show '{scenario}'. Indicative projections "
        f"from the assumptions in the input workbook, produced with budgetmodel {version}."
    )
    fig.text(0.08, 0.07, textwrap.fill(note, 150), fontsize=9, color=style.MUTED)
    return fig


def summary(result: Result, items: Sequence[Chart], total: int) -> Figure:
    """Headline numbers, the headline chart (totals against funding) and the key points.

    Parameters
    ----------
    result : Result
        A model run.
    items : sequence of Chart
        The pack's charts, whose takeaways become the key points.
    total : int
        The pack's number of pages, for the page number.

    Returns
    -------
    matplotlib.figure.Figure
        An A4 landscape page: the base-year budget; each scenario's final-year
        budget, gap and cumulative gap; the totals chart; the key points. With
        income lines, the budget is given as gross expenditure, income and net.
    """
    fig = _page(result, 2, total)
    first, last = result.years[0], result.years[-1]
    unit = _data.money_unit(result, None)
    fig.text(0.045, 0.885, "Summary", fontsize=20, fontweight="bold", color=style.DARK_BLUE)
    totals = _data.totals_by_year(result)
    base = float(totals.to_numpy(dtype=float)[0, 0])
    fig.text(0.045, 0.815, text.money(base, unit), fontsize=26, fontweight="bold", color=style.TEXT)
    if _data.has_income(result):
        gross, income = (
            float(t.to_numpy(dtype=float)[0, 0]) for t in _data.gross_and_income_by_year(result)
        )
        fig.text(
            0.045, 0.785, f"net budget in the base year, {first}", fontsize=10, color=style.MUTED
        )
        fig.text(
            0.045,
            0.762,
            f"{text.money(gross, unit)} gross, less {text.money(income, unit)} income",
            fontsize=10,
            color=style.MUTED,
        )
    else:
        fig.text(0.045, 0.785, f"budget in the base year, {first}", fontsize=10, color=style.MUTED)
    _headline_table(fig, result, left=0.30, top=0.86)
    rect = (0.045, 0.07, 0.52, 0.58)
    style.fit(fig, budget.plot_totals(result, ax=fig.add_axes(rect), caption=""), rect)
    fig.text(0.61, 0.64, "Key points", fontsize=12, fontweight="bold", color=style.TEXT)
    y = 0.60
    for chart in items:
        if chart.name in {"totals_real", "service_areas"} or chart.name.startswith("drivers_"):
            continue
        wrapped = textwrap.fill(chart.finding.takeaway, 54)
        if y - 0.026 * (wrapped.count("\n") + 1) < 0.06:
            break
        fig.text(0.61, y, "•", fontsize=10, color=style.DARK_BLUE, va="top")
        fig.text(0.625, y, wrapped, fontsize=10, color=style.TEXT, va="top", linespacing=1.3)
        y -= 0.026 * (wrapped.count("\n") + 1) + 0.022
    fig.text(
        0.045,
        0.035,
        text.source(result) + f" Money in {unit} cash; {last} is the final "
        "year; the gap is the budget minus funding (above zero: shortfall).",
        fontsize=8,
        color=style.MUTED,
    )
    return fig


def _headline_table(fig: Figure, result: Result, *, left: float, top: float) -> None:
    """Final-year total, gap and cumulative gap for each scenario, as aligned text.

    With income lines the total is shown as gross expenditure, income and net.
    """
    last = result.years[-1]
    unit = _data.money_unit(result, None)
    frame = result.summary
    final = frame[frame["year"] == last].set_index("scenario")
    # (x, alignment) of each column: the scenario name, then right-aligned money.
    if _data.has_income(result):
        measures = ["gross_cash", "income_cash", "total_cash", "gap", "cumulative_gap"]
        steps: tuple[float, ...] = (0.30, 0.385, 0.48, 0.555, 0.66)
        heads = ["Scenario", f"Gross {last}", "Income", "Net budget", "Gap", "Cumulative gap"]
        width = 34
    else:
        measures = ["total_cash", "gap", "cumulative_gap"]
        steps = (0.40, 0.53, 0.66)
        heads = ["Scenario", f"Budget {last}", f"Gap {last}", "Cumulative gap"]
        width = 40
    columns = [(left, "left")] + [(left + dx, "right") for dx in steps]
    for (x, ha), head in zip(columns, heads, strict=True):
        fig.text(x, top, head, fontsize=9.5, fontweight="bold", color=style.MUTED, ha=ha)
    # Rows shrink to keep up to a dozen scenarios above the chart.
    step = min(0.038, 0.16 / max(len(result.scenarios), 1))
    size = min(11.0, step * A4_LANDSCAPE[1] * 72 * 0.8)
    y = top - 0.04
    for name in result.scenarios:
        row = final.loc[name, measures].to_numpy(dtype=float)
        cells = [textwrap.shorten(name, width, placeholder="…")]
        cells += [text.money(float(v), unit) for v in row]
        for (x, ha), cell in zip(columns, cells, strict=True):
            fig.text(x, y, cell, fontsize=size, color=style.TEXT, ha=ha)
        y -= step
    fig.add_artist(_rule(fig, top - 0.013, left, left + 0.66))


def chart_page(result: Result, chart: Chart, number: int, total: int) -> tuple[Figure, Bbox]:
    """A page with one chart and its takeaway, laid out.

    The chart keeps its own proportions (``chart.size``) at the page's width, so
    a row of three panels is not stretched to the page's height.

    Parameters
    ----------
    result : Result
        A model run.
    chart : Chart
        The chart to draw.
    number, total : int
        This page's number and the pack's number of pages.

    Returns
    -------
    page : matplotlib.figure.Figure
        An A4 landscape page.
    box : matplotlib.transforms.Bbox
        The chart's extent on the page [inches], to crop it out.
    """
    fig = _page(result, number, total)
    width, height = chart.size
    area_w, area_h = 0.91, 0.78  # of the page, under the header, above the takeaway
    page_w, page_h = A4_LANDSCAPE
    h = min(area_h, area_w * page_w * height / width / page_h)
    rect = (0.045, 0.915 - h, area_w, h)
    ax = chart.draw(fig.add_axes(rect))
    box = style.fit(fig, ax, rect)
    fig.add_artist(_rule(fig, 0.105))
    fig.text(
        0.045,
        0.08,
        textwrap.fill(chart.finding.takeaway, 100),
        fontsize=12,
        fontweight="bold",
        color=style.DARK_BLUE,
        va="top",
        linespacing=1.4,
    )
    return fig, box.padded(0.12)
