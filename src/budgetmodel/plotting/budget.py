"""Budget charts: totals against funding, the budget by service area, the improvement plan.

Each function draws on ``ax`` (or a new figure), in ``unit`` (£m unless the
model is small), and returns the Axes. Titles state the finding
(`budgetmodel.plotting.text`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..vocabulary import MEASURES
from . import _data, _layout, style, text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .._results import Result

__all__ = ["GROSS", "INCOME", "plot_plan", "plot_service_areas", "plot_totals"]

GROSS = MEASURES["gross_cash"].short
INCOME = MEASURES["income_cash"].short
_KIND_LABELS = {"one_off": "One-off", "recurring": "Recurring", "saving": "Savings"}
_KIND_COLOURS = {"one_off": style.ORANGE, "recurring": style.DARK_BLUE, "saving": style.TURQUOISE}
_MAX_AREAS = 6  # the palette's size; smaller areas beyond it are grouped


def plot_totals(
    result: Result,
    *,
    basis: str = "cash",
    scenario: str | None = None,
    unit: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    caption: str | None = None,
) -> Axes:
    """Total budget by year for each scenario, with funding as a dashed line.

    The totals are net of income. In a model with income lines (a grant, a
    contribution), one scenario also shows its gross expenditure (dotted) and
    its income (the shaded band between gross and net).

    Parameters
    ----------
    result : Result
        A model run.
    basis : {"cash", "real"}
        Cash, or real terms at base-year prices (funding deflated the same way).
    scenario : str, optional
        The scenario whose gross expenditure and income are shown when the model
        has income lines; by default the first with an improvement initiative.
    unit : {"£m", "£000", "£"}, optional
        The money unit of the axis; £m unless the model's totals are under £1m.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    title, caption : str, optional
        Replace the computed title (stating the finding) or the source caption;
        ``""`` leaves it out.

    Returns
    -------
    matplotlib.axes.Axes
        One line per scenario (labelled with its name) and one per distinct
        funding path (labelled ``"Funding"``), each labelled at its end. With
        income lines, a dotted line labelled ``"Gross expenditure"`` and a band
        labelled ``"Income"`` (each followed by `` (<scenario>)`` when there are
        several scenarios).
    """
    ax = style.new_axes(ax)
    unit = _data.money_unit(result, unit)
    scale = style.unit_scale(unit)
    totals = _data.totals_by_year(result, basis) / scale
    funding = _data.funding_by_year(result, basis) / scale
    x = np.arange(len(result.years))
    ends: list[tuple[float, str, str]] = []
    shown = _data.resolve_scenario(result, scenario) if _data.has_income(result) else None
    for i, name in enumerate(result.scenarios):
        colour = style.PALETTE[i % len(style.PALETTE)]
        y = totals[name].to_numpy(dtype=float)
        ax.plot(x, y, color=colour, linewidth=2.2, marker="o", markersize=3.5, label=name)
        ends.append((float(y[-1]), name, colour))
        if name == shown:
            gross = _data.gross_and_income_by_year(result, basis)[0][name] / scale
            g = gross.to_numpy(dtype=float)
            of = "" if len(result.scenarios) == 1 else f" ({name})"
            ax.plot(
                x,
                g,
                color=colour,
                linewidth=1.5,
                linestyle=(0, (1, 1.5)),
                label=f"{GROSS}{of}",
            )
            ax.fill_between(x, y, g, color=colour, alpha=0.13, linewidth=0, label=f"{INCOME}{of}")
            ends.append((float(g[-1]), f"{GROSS}{of}", colour))
            _band_label(ax, x, y, g, colour)
    # Funding is drawn once per distinct path: in cash it is usually one line; in
    # real terms each inflation scenario deflates it differently.
    paths: dict[tuple[float, ...], list[str]] = {}
    for name in result.scenarios:
        key = tuple(np.round(funding[name].to_numpy(dtype=float), 9))
        paths.setdefault(key, []).append(name)
    for path, names in paths.items():
        one = len(paths) == 1
        label = "Funding" if one else f"Funding ({', '.join(names)})"
        colour = style.DARK_GREY if one else ends[result.scenarios.index(names[0])][2]
        ax.plot(x, np.array(path), color=colour, linewidth=1.6, linestyle=(0, (4, 2)), label=label)
        ends.append((float(path[-1]), label, colour))
    style.style_axes(ax)
    style.year_axis(ax, result.years)
    style.money_axis(ax, unit, basis, result.years[0])
    style.end_labels(
        ax, float(x[-1]), [e[0] for e in ends], [e[1] for e in ends], [e[2] for e in ends]
    )
    found = text.totals_finding(result, basis=basis, unit=unit)
    style.finish(ax, title, found.title, caption, text.source(result))
    return ax


def _band_label(ax: Axes, x: np.ndarray, net: np.ndarray, gross: np.ndarray, colour: str) -> None:
    """Name the income band inside it, at the middle year."""
    m = len(x) // 2
    if gross[m] - net[m] <= 0:
        return
    ax.annotate(
        INCOME,
        (float(x[m]), float(net[m] + gross[m]) / 2),
        ha="center",
        va="center",
        fontsize=style.NOTE_SIZE,
        color=colour,
        fontstyle="italic",
    )


def plot_service_areas(
    result: Result,
    *,
    scenario: str | None = None,
    basis: str = "cash",
    unit: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    caption: str | None = None,
) -> Axes:
    """The budget by year as bars stacked by service area (initiatives included).

    Parameters
    ----------
    result : Result
        A model run.
    scenario : str, optional
        The scenario; by default the first with an improvement initiative.
    basis : {"cash", "real"}
        Cash, or real terms at base-year prices.
    unit : {"£m", "£000", "£"}, optional
        The money unit of the axis; £m unless the model's totals are under £1m.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    title, caption : str, optional
        Replace the computed title or the source caption; ``""`` leaves it out.

    Returns
    -------
    matplotlib.axes.Axes
        One bar container per service area (labelled with its name) whose bar
        heights are the area's sums by year; areas beyond six are grouped as
        ``"Other areas"``. Positive amounts stack up from zero, negative down.
    """
    ax = style.new_axes(ax)
    scenario = _data.resolve_scenario(result, scenario)
    unit = _data.money_unit(result, unit)
    scale = style.unit_scale(unit)
    table = _data.service_areas(result, scenario, basis) / scale
    if table.shape[1] > _MAX_AREAS:
        order = table.abs().sum().sort_values(ascending=False).index
        keep, rest = list(order[: _MAX_AREAS - 1]), list(order[_MAX_AREAS - 1 :])
        table = table[[c for c in table.columns if c in keep]].assign(
            **{"Other areas": table[rest].sum(axis=1)}
        )
    x = np.arange(len(result.years))
    colours = [style.PALETTE[i % len(style.PALETTE)] for i in range(len(table.columns))]
    heights = [table[area].to_numpy(dtype=float) for area in table.columns]
    layers = [(h, c, str(a)) for h, c, a in zip(heights, colours, table.columns, strict=True)]
    up, bottoms = _layout.stacked_bars(ax, x, layers, width=0.62)
    mids = [float(b[-1] + h[-1] / 2) for b, h in zip(bottoms, heights, strict=True)]
    total = table.sum(axis=1).to_numpy(dtype=float)
    for xi, top, t in zip(x, up, total, strict=True):
        ax.annotate(
            text.amount(t * scale, unit),
            (xi, top),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=style.NOTE_SIZE,
            color=style.TEXT,
        )
    ax.axhline(0, color=style.AXIS, linewidth=0.8)
    style.style_axes(ax)
    style.year_axis(ax, result.years)
    style.money_axis(ax, unit, basis, result.years[0])
    lo, hi = ax.get_ylim()
    if hi > 0:
        ax.set_ylim(lo, hi * 1.04)  # room for the totals over the bars
    style.end_labels(ax, x[-1] + 0.31, mids, [str(c) for c in table.columns], colours)
    found = text.service_areas_finding(result, scenario, basis=basis, unit=unit)
    style.finish(ax, title, found.title, caption, text.source(result, scenario))
    return ax


def plot_plan(
    result: Result,
    *,
    scenario: str | None = None,
    basis: str = "cash",
    unit: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    caption: str | None = None,
) -> Axes:
    """The improvement plan's one-off, recurring and saving amounts by year, and the net.

    Parameters
    ----------
    result : Result
        A model run.
    scenario : str, optional
        The scenario; by default the first with an improvement initiative.
    basis : {"cash", "real"}
        Cash, or real terms at base-year prices.
    unit : {"£m", "£000", "£"}, optional
        The money unit of the axis; £m unless the model's totals are under £1m.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    title, caption : str, optional
        Replace the computed title or the source caption; ``""`` leaves it out.

    Returns
    -------
    matplotlib.axes.Axes
        Bar containers labelled ``"One-off"``, ``"Recurring"`` and ``"Savings"``
        (savings below zero) and a line labelled ``"Net"``; when the scenario has
        no initiative with direct amounts, a message saying so.
    """
    ax = style.new_axes(ax)
    scenario = _data.resolve_scenario(result, scenario)
    unit = _data.money_unit(result, unit)
    scale = style.unit_scale(unit)
    table = _data.plan_by_kind(result, scenario, basis) / scale
    found = text.plan_finding(result, scenario, basis=basis, unit=unit)
    if not table.to_numpy().any():
        _layout.nothing_to_draw(
            ax,
            f"Scenario '{scenario}' has no improvement initiatives\n"
            "with one-off, recurring or saving amounts.",
        )
        style.finish(ax, title, found.title, caption, text.source(result, scenario))
        return ax
    x = np.arange(len(result.years))
    amounts = {kind: table[kind].to_numpy(dtype=float) for kind in _data.PLAN_KINDS}
    layers = [(h, _KIND_COLOURS[k], _KIND_LABELS[k]) for k, h in amounts.items() if h.any()]
    _layout.stacked_bars(ax, x, layers, width=0.6)
    net = table.sum(axis=1).to_numpy(dtype=float)
    from matplotlib.patheffects import Normal, Stroke

    # A white halo keeps the net line legible where it crosses the dark bars.
    ax.plot(
        x,
        net,
        color=style.TEXT,
        linewidth=1.8,
        marker="D",
        markersize=4.5,
        markeredgecolor="white",
        label="Net",
        path_effects=[Stroke(linewidth=4.5, foreground="white"), Normal()],
    )
    ax.axhline(0, color=style.AXIS, linewidth=0.8)
    style.style_axes(ax)
    style.year_axis(ax, result.years)
    style.money_axis(ax, unit, basis, result.years[0])
    lo, hi = ax.get_ylim()
    ax.set_ylim(lo, hi + (hi - lo) * 0.22)  # headroom for the legend
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda i: labels[i] == "Net")  # the net line last
    ax.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="upper left",
        ncols=4,
        frameon=False,
        fontsize=style.LABEL_SIZE,
    )
    style.finish(ax, title, found.title, caption, text.source(result, scenario))
    return ax
