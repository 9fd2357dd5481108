"""Change charts: the bridge from the base year as a waterfall, and the funding gap.

Each function draws on ``ax`` (or a new figure), in ``unit`` (£m unless the
model is small), and returns the Axes. Titles state the finding
(`budgetmodel.plotting.text`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import _data, _layout, style, text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .._results import Result

__all__ = ["plot_bridge", "plot_gap"]


def plot_bridge(
    result: Result,
    *,
    scenario: str | None = None,
    year: str | None = None,
    unit: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    caption: str | None = None,
) -> Axes:
    """The bridge as a waterfall from the base-year budget to ``year``'s total.

    Parameters
    ----------
    result : Result
        A model run.
    scenario : str, optional
        The scenario; by default the first with an improvement initiative.
    year : str, optional
        The year to bridge to (``"2018-19"``); the final year by default.
    unit : {"£m", "£000", "£"}, optional
        The money unit of the axis; £m unless the model's totals are under £1m.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    title, caption : str, optional
        Replace the computed title or the source caption; ``""`` leaves it out.

    Returns
    -------
    matplotlib.axes.Axes
        One bar container of six bars (base, demand, plan effects on the service,
        plan direct costs, inflation, total): base and total stand on zero, each
        step floats from the running total, so the heights of the first five sum
        to the sixth.
    """
    ax = style.new_axes(ax)
    scenario = _data.resolve_scenario(result, scenario)
    year = _data.resolve_year(result, year)
    unit = _data.money_unit(result, unit)
    scale = style.unit_scale(unit)
    steps = _data.bridge_steps(result, scenario, year) / scale
    x, _, _ = _layout.waterfall(
        ax,
        steps.to_numpy(dtype=float),
        first=style.DARK_BLUE,
        label="bridge",
        width=0.6,
        size=style.LABEL_SIZE,
        scale=scale,
        unit=unit,
    )
    names = [
        f"Budget\n{result.years[0]}",
        "Demand",
        "Plan: effects\non the service",
        "Plan: direct\ncosts",
        "Inflation",
        f"Budget\n{year}",
    ]
    style.style_axes(ax)
    ax.set_xticks(x, names)
    ax.axhline(0, color=style.AXIS, linewidth=0.8)
    style.money_axis(ax, unit, "cash", result.years[0])
    lo, hi = ax.get_ylim()
    ax.set_ylim(min(lo, 0.0), hi + (hi - min(lo, 0.0)) * 0.04)
    found = text.bridge_finding(result, scenario, year, unit=unit)
    style.finish(ax, title, found.title, caption, text.source(result, scenario))
    return ax


def plot_gap(
    result: Result,
    *,
    scenario: str | None = None,
    unit: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    caption: str | None = None,
) -> Axes:
    """The funding gap by year as bars, and the cumulative gap as a line.

    Parameters
    ----------
    result : Result
        A model run.
    scenario : str, optional
        The scenario; by default the first with an improvement initiative.
    unit : {"£m", "£000", "£"}, optional
        The money unit of the axis; £m unless the model's totals are under £1m.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    title, caption : str, optional
        Replace the computed title or the source caption; ``""`` leaves it out.

    Returns
    -------
    matplotlib.axes.Axes
        A bar container labelled ``"gap"`` (total minus funding; above zero is a
        shortfall, below a surplus) and a line labelled ``"Cumulative gap"``.
    """
    ax = style.new_axes(ax)
    scenario = _data.resolve_scenario(result, scenario)
    unit = _data.money_unit(result, unit)
    scale = style.unit_scale(unit)
    table = _data.gap_by_year(result, scenario) / scale
    gap = table["gap"].to_numpy(dtype=float)
    cumulative = table["cumulative_gap"].to_numpy(dtype=float)
    x = np.arange(len(result.years))
    colours = [style.DARK_PINK if v > 0 else style.TURQUOISE for v in gap]
    ax.bar(x, gap, width=0.6, color=colours, label="gap")
    ax.plot(
        x,
        cumulative,
        color=style.DARK_BLUE,
        linewidth=2.2,
        marker="o",
        markersize=4,
        label="Cumulative gap",
    )
    ax.axhline(0, color=style.AXIS, linewidth=0.8)
    style.style_axes(ax)
    style.year_axis(ax, result.years)
    style.money_axis(ax, unit, "cash", result.years[0])
    ax.set_ylabel(f"{unit}, cash (above 0: shortfall)", fontsize=style.LABEL_SIZE, color=style.TEXT)
    lo, hi = ax.get_ylim()
    pad = (hi - lo) * 0.08
    ax.set_ylim(lo - pad, hi + pad)
    # Values sit on the zero line's far side from their bar: at the bar's end they
    # would collide with the cumulative line, which starts where the first bar ends.
    shown = np.array([text.money(abs(v) * scale, unit) != text.money(0.0, unit) for v in gap])
    for xi, v in zip(x[shown], gap[shown], strict=True):
        ax.annotate(
            text.amount(v * scale, unit),
            (xi, 0),
            xytext=(0, -3 if v >= 0 else 3),
            textcoords="offset points",
            ha="center",
            va="top" if v >= 0 else "bottom",
            fontsize=style.NOTE_SIZE,
            color=style.TEXT,
        )
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Patch | Line2D] = []
    if (shown & (gap > 0)).any():
        handles.append(Patch(color=style.DARK_PINK, label="Shortfall in the year"))
    if (shown & (gap < 0)).any():
        handles.append(Patch(color=style.TURQUOISE, label="Surplus in the year"))
    handles.append(
        Line2D(
            [],
            [],
            color=style.DARK_BLUE,
            linewidth=2.2,
            marker="o",
            markersize=4,
            label="Cumulative gap",
        )
    )
    ax.legend(handles=handles, loc="best", frameon=False, fontsize=style.LABEL_SIZE)
    found = text.gap_finding(result, scenario, unit=unit)
    style.finish(ax, title, found.title, caption, text.source(result, scenario))
    return ax
