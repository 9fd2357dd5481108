"""The back-test chart: the projection held against what was actually spent, in total
and by service area as small multiples, with the error in per cent."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from . import _data, style, text
from .panels import _frame, _legend, _panel_style, _panels

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .._results import Result

__all__ = ["OUTTURN_LABEL", "TOTAL", "backtest_finding", "plot_backtest"]

OUTTURN_LABEL = "Outturn (actual)"
TOTAL = "Total"


def _pct(value: float) -> str:
    return f"{value * 100:+.1f}%".replace("-", style.MINUS)


def backtest_finding(result: Result, scenario: str | None = None) -> text.Finding:
    """The back-test's title and takeaway for ``scenario`` (the main one by default).

    Examples
    --------
    >>> import budgetmodel as bm
    >>> finding = backtest_finding(bm.load_sample().run())
    >>> "outturn" in finding.title
    True
    """
    frame = result.backtest
    if frame.empty:
        return text.Finding("No outturn to test the projection against", "")
    scenario = _data.resolve_scenario(result, scenario)
    mine = frame[frame["scenario"] == scenario]
    total = mine[mine["service_area"] == TOTAL].dropna(subset=["difference_pct"])
    areas = mine[mine["service_area"] != TOTAL].dropna(subset=["difference_pct"])
    if total.empty:
        return text.Finding("No outturn to test the projection against", "")
    pct = total["difference_pct"].to_numpy(dtype=float)
    worst_total = float(np.max(np.abs(pct)))
    years = total["year"].tolist()
    span = years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"
    if np.all(pct < 0) or np.all(pct > 0):
        side = "below" if pct[0] < 0 else "above"
        title = (
            f"The projection ran {float(np.min(np.abs(pct))) * 100:.1f}% to "
            f"{worst_total * 100:.1f}% {side} the outturn, {span}"
        )
    else:
        title = (
            f"The projection came within {worst_total * 100:.1f}% of the outturn each year, {span}"
        )
    by_year = ", ".join(f"{y} {_pct(p)}" for y, p in zip(years, pct, strict=True))
    takeaway = f"Scenario '{scenario}', total against outturn: {by_year}."
    if not areas.empty:
        worst = areas.iloc[int(np.argmax(areas["difference"].abs().to_numpy()))]
        unit = _data.money_unit(result, None)
        takeaway += (
            f" Largest miss by area: {worst['service_area']}, "
            f"{text.money(float(worst['difference']), unit, signed=True)} "
            f"({_pct(float(worst['difference_pct']))}) in {worst['year']}."
        )
    return text.Finding(title, takeaway)


def plot_backtest(
    result: Result,
    *,
    scenario: str | None = None,
    unit: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    caption: str | None = None,
) -> Axes:
    """Each scenario's projection against the outturn, by year: the total, then each
    service area with an outturn, as small multiples.

    Parameters
    ----------
    result : Result
        A run of a model with an ``Outturn`` sheet.
    scenario : str, optional
        The scenario whose error in per cent is written beside each outturn point;
        by default the first with an improvement initiative.
    unit : {"£m", "£000", "£"}, optional
        The money unit of the axes; £m unless the model's totals are under £1m.
    ax : matplotlib.axes.Axes, optional
        The frame to draw the panels in; a new figure sized for them when omitted.
    title, caption : str, optional
        Replace the computed title or the source caption; ``""`` leaves it out.

    Returns
    -------
    matplotlib.axes.Axes
        The frame; its ``child_axes`` are the panels, ``"Total"`` first then each
        service area, each with one line per scenario (labelled with its name,
        projected cash in the years with an outturn) and the outturn as points
        labelled `OUTTURN_LABEL`, each annotated with ``scenario``'s
        difference in per cent. With no outturn, a message saying so.
    """
    from matplotlib.lines import Line2D

    frame = result.backtest
    shown = _data.resolve_scenario(result, scenario)
    areas = [a for a in result.compiled.areas if a in set(frame["service_area"])]
    names = [TOTAL, *areas] if not frame.empty else []
    n = max(len(names), 1)
    ncols = n if n <= 3 else 3
    nrows = math.ceil(n / ncols)
    ax = style.new_axes(ax, figsize=(min(3.6 * ncols, 12.0), 1.2 + 2.6 * nrows))
    _frame(ax)
    if frame.empty:
        style.no_data(ax, "The model has no Outturn sheet.")
        found = backtest_finding(result)
        style.title(ax, found.title if title is None else title)
        return ax
    unit = _data.money_unit(result, unit)
    scale = style.unit_scale(unit)
    years = result.years
    x_of = {y: i for i, y in enumerate(years)}
    cell_in = ax.get_position().width * style.figure_size(ax)[0] / ncols
    for panel, area in zip(_panels(ax, len(names), ncols), names, strict=False):
        rows = frame[frame["service_area"] == area]
        for i, s in enumerate(result.scenarios):
            mine = rows[rows["scenario"] == s]
            x = mine["year"].map(x_of).to_numpy(dtype=float)
            panel.plot(
                x,
                mine["projected"].to_numpy(dtype=float) / scale,
                color=style.PALETTE[i % len(style.PALETTE)],
                linewidth=1.8,
                marker="o",
                markersize=3,
                label=s,
            )
        ours = rows[rows["scenario"] == shown]
        x = ours["year"].map(x_of).to_numpy(dtype=float)
        actual = ours["actual"].to_numpy(dtype=float) / scale
        panel.plot(
            x, actual, linestyle="none", marker="s", markersize=5.5, color=style.TEXT,
            label=OUTTURN_LABEL,
        )  # fmt: skip
        for xi, yi, p in zip(x, actual, ours["difference_pct"].to_numpy(dtype=float), strict=True):
            if p == p:  # not NaN (an actual of 0 has no per cent)
                # Beyond the outturn point, away from the projection it is compared with.
                up = p < 0
                panel.annotate(
                    _pct(p), (xi, yi), textcoords="offset points", xytext=(0, 7 if up else -7),
                    ha="center", va="bottom" if up else "top", fontsize=style.NOTE_SIZE - 1,
                    color=style.MUTED,
                )  # fmt: skip
        _panel_style(panel, years, area, max(14, int(cell_in * 72 / (style.LABEL_SIZE * 0.58))))
        # Only the years with an outturn, each labelled ("2015-16" as "15-16").
        known = sorted(x_of[y] for y in set(rows["year"]))
        panel.set_xticks(known, [years[i][2:] for i in known])
        panel.set_xlim(known[0] - 0.5, known[-1] + 0.5)
        lo, hi = panel.get_ylim()
        panel.set_ylim(min(0.0, lo), hi * 1.1 if hi > 0 else hi)
        panel.yaxis.set_major_formatter(style.number_formatter())
    handles: list[object] = [
        Line2D([], [], color=style.PALETTE[i % len(style.PALETTE)], linewidth=1.8, label=s)
        for i, s in enumerate(result.scenarios)
    ]
    handles.append(
        Line2D([], [], linestyle="none", marker="s", color=style.TEXT, label=OUTTURN_LABEL)
    )
    _legend(ax, handles)
    found = backtest_finding(result, shown)
    style.title(ax, found.title if title is None else title)
    note = f"{unit}, cash. Per cent: scenario '{shown}' against the outturn. "
    style.caption(ax, note + text.source(result) if caption is None else caption)
    return ax
