"""Risk charts: a fan chart of a Simulation, and a tornado of one-at-a-time swings.

Each function draws in the house style (`budgetmodel.plotting.style`) on
``ax`` (or a new figure) and returns the Axes; its title states the finding
(`fan_finding`, `tornado_finding`), computed from the numbers drawn.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import numpy as np

from ..errors import InputError, Issue
from ..uncertainty._shocks import ADDITIVE, FACTOR
from . import style, text

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from ..uncertainty import Simulation

__all__ = ["BANDS", "fan_finding", "plot_fan", "plot_tornado", "tornado_finding"]

#: The fan's bands, outermost first: (low, high) statistics, label, strength of colour.
BANDS = (
    ("p5", "p95", "5th to 95th percentile", 0.22),
    ("p10", "p90", "10th to 90th percentile", 0.42),
    ("p25", "p75", "25th to 75th percentile", 0.68),
)
_MEASURES = {"total_cash": "the budget", "gap": "the gap", "cumulative_gap": "the cumulative gap"}
_ADDITIVE = tuple(ADDITIVE)
_FACTOR = tuple(FACTOR)


def _tint(colour: str, strength: float) -> str:
    """``colour`` mixed with white: ``strength`` 1 is the colour, 0 is white."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 - (255 - c) * strength) for c in rgb]
    return "#" + "".join(f"{c:02X}" for c in mixed)


def _scenario(simulation: Simulation, scenario: str | None) -> str:
    if scenario is None:
        plans = {s.name for s in simulation.model.scenarios if s.initiatives.strip() != "none"}
        return next((s for s in simulation.scenarios if s in plans), simulation.scenarios[0])
    if scenario not in simulation.scenarios:
        known = ", ".join(map(repr, simulation.scenarios))
        raise InputError([Issue("Scenarios", repr(scenario), f"a scenario simulated: {known}")])
    return scenario


def _unit(largest: float, unit: str | None) -> str:
    if unit is not None:
        style.unit_scale(unit)
        return unit
    return "£m" if largest >= 1e6 else "£000" if largest >= 1e4 else "£"


def _fan_table(simulation: Simulation, scenario: str, measure: str) -> pd.DataFrame:
    """Statistics [£] by year (rows) and statistic (columns) for one scenario and measure."""
    p = simulation.percentiles
    p = p[(p["scenario"] == scenario) & (p["measure"] == measure)]
    table = p.pivot(index="year", columns="statistic", values="value")
    return table.reindex(simulation.years)


def fan_finding(
    simulation: Simulation, scenario: str, measure: str = "total_cash", *, unit: str | None = None
) -> text.Finding:
    """The fan chart's title and the pack's takeaway, from the final year's percentiles."""
    table = _fan_table(simulation, scenario, measure)
    central = simulation.central
    unit = _unit(float(central["total_cash"].abs().max()), unit)
    last = simulation.years[-1]
    lo, mid, hi = (float(v) for v in table.loc[last, ["p5", "p50", "p95"]].to_numpy(dtype=float))
    spread = (
        f"9 in 10 of {simulation.n_draws:,} draws lie between {text.money(lo, unit)} and "
        f"{text.money(hi, unit)}"
    )
    if measure == "total_cash":
        mine = (central["scenario"] == scenario) & (central["year"] == last)
        funding = float(central.loc[mine, "funding"].to_numpy(dtype=float)[0])
        title = (
            f"In {last} the budget is {text.money(lo, unit)} to {text.money(hi, unit)} "
            "in 9 of 10 draws"
        )
        takeaway = (
            f"The median budget in {last} is {text.money(mid, unit)} against funding of "
            f"{text.money(funding, unit)}; {spread}."
        )
        return text.Finding(title, takeaway)
    chance = float(simulation.probability(measure, last).loc[scenario])
    what = "a cumulative shortfall by" if measure == "cumulative_gap" else "a shortfall in"
    title = f"A {chance:.0%} chance of {what} {last}"
    takeaway = (
        f"The median {_MEASURES[measure].removeprefix('the ')} in {last} is "
        f"{text.money(mid, unit)} (above zero: shortfall); {spread}."
    )
    return text.Finding(title, takeaway)


def plot_fan(
    simulation: Simulation,
    *,
    scenario: str | None = None,
    measure: str = "total_cash",
    unit: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    caption: str | None = None,
) -> Axes:
    """A fan chart: bands of a measure's percentiles by year around the median.

    Parameters
    ----------
    simulation : Simulation
        From `budgetmodel.uncertainty.simulate`.
    scenario : str, optional
        By default the first simulated scenario with improvement initiatives.
    measure : {"total_cash", "gap", "cumulative_gap"}
    unit : {"£m", "£000", "£"}, optional
        The money unit of the axis; £m unless the model's totals are under £1m.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    title, caption : str, optional
        Replace the computed title or the source caption; ``""`` leaves it out.

    Returns
    -------
    matplotlib.axes.Axes
        Three filled bands (labelled ``"5th to 95th percentile"``, ``"10th to 90th
        percentile"``, ``"25th to 75th percentile"``, darker toward the median), the
        median line (``"Median"``), and the funding line (``"Funding"``, as entered)
        for the total or the zero line for a gap. The fan opens after the base year,
        which every draw shares.
    """
    ax = style.new_axes(ax)
    scenario = _scenario(simulation, scenario)
    if measure not in _MEASURES:
        raise ValueError(f"measure must be one of {', '.join(_MEASURES)}, not {measure!r}")
    central = simulation.central
    unit = _unit(float(central["total_cash"].abs().max()), unit)
    scale = style.unit_scale(unit)
    table = _fan_table(simulation, scenario, measure) / scale
    years = simulation.years
    x = np.arange(len(years))
    for z, (low, high, label, strength) in enumerate(BANDS, start=1):
        ax.fill_between(
            x,
            table[low].to_numpy(dtype=float),
            table[high].to_numpy(dtype=float),
            color=_tint(style.DARK_BLUE, strength),
            linewidth=0,
            label=label,
            zorder=z,
        )
    ax.plot(
        x,
        table["p50"].to_numpy(dtype=float),
        color=style.DARK_BLUE,
        linewidth=2.2,
        label="Median",
        zorder=5,
    )
    if measure == "total_cash":
        funding = central.loc[central["scenario"] == scenario, "funding"].to_numpy(dtype=float)
        ax.plot(
            x,
            funding / scale,
            color=style.DARK_GREY,
            linewidth=1.6,
            linestyle=(0, (4, 2)),
            label="Funding",
            zorder=6,
        )
    else:
        ax.axhline(
            0,
            color=style.DARK_GREY,
            linewidth=1.2,
            linestyle=(0, (4, 2)),
            label="Funding (no gap)",
            zorder=6,
        )
    style.style_axes(ax)
    style.year_axis(ax, years)
    style.money_axis(ax, unit, "cash", years[0])
    if measure != "total_cash":
        ax.set_ylabel(
            f"{unit}, cash (above 0: shortfall)", fontsize=style.LABEL_SIZE, color=style.TEXT
        )
    ax.legend(loc="upper left", frameon=False, fontsize=style.LABEL_SIZE)
    found = fan_finding(simulation, scenario, measure, unit=unit)
    source = (
        f"Source: budgetmodel simulation for {simulation.model.authority or 'the model'}; "
        f"scenario '{scenario}', {simulation.n_draws:,} draws (seed {simulation.seed})."
    )
    style.finish(ax, title, found.title, caption, source)
    return ax


def _input_value(target: str, value: float) -> str:
    """An input's value as an analyst reads it: ``+1.0 pt``, ``−5.0%``, ``80%``."""
    kind = target.split(":", 1)[0]
    if kind in _ADDITIVE:
        written = f"{value * 100:+.1f} pt"
    elif kind in _FACTOR:
        written = f"{value:.0%}"
    else:
        written = f"{value:+.1%}"
    return written.replace("-", style.MINUS)


def tornado_finding(frame: pd.DataFrame, *, unit: str | None = None) -> text.Finding:
    """The tornado's title and the pack's takeaway: the input that moves the output most."""
    measure = str(frame.attrs.get("measure", "cumulative_gap"))
    year = str(frame.attrs.get("year", ""))
    what = f"{_MEASURES.get(measure, measure)} in {year}".strip()
    if frame.empty:
        return text.Finding("No uncertain inputs", f"The model has no Uncertainty rows for {what}.")
    unit = _unit(float(frame[["low", "high", "base"]].abs().to_numpy().max()), unit)
    labels, swings = list(frame["label"]), frame["swing"].to_numpy(dtype=float)
    title = f"{labels[0]} swings {what} most"
    takeaway = (
        f"Between its 10th and 90th percentiles, {labels[0]} moves {what} by "
        f"{text.money(float(swings[0]), unit)}"
    )
    if len(frame) > 1:
        takeaway += f"; next is {labels[1]} ({text.money(float(swings[1]), unit)})"
    return text.Finding(title, takeaway + ".")


def plot_tornado(
    frame: pd.DataFrame,
    *,
    unit: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    caption: str | None = None,
) -> Axes:
    """A tornado chart: one bar per uncertain input, largest swing at the top.

    Parameters
    ----------
    frame : pandas.DataFrame
        From `budgetmodel.uncertainty.tornado`.
    unit : {"£m", "£000", "£"}, optional
        The money unit of the axis; £m for amounts of £1m or more.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    title, caption : str, optional
        Replace the computed title or the source caption; ``""`` leaves it out.

    Returns
    -------
    matplotlib.axes.Axes
        One horizontal bar container (labelled ``"swing"``) whose bars run from the
        output with the input at its 10th percentile to the output at its 90th, so
        each bar's width is the row's ``swing``; the input's value is written at
        each end, and a dashed line (``"As entered"``) marks the output as entered.
    """
    ax = style.new_axes(ax, figsize=(9.0, 1.6 + 0.45 * max(len(frame), 1)))
    found = tornado_finding(frame, unit=unit)
    if frame.empty:
        style.no_data(ax, "No uncertain inputs: add rows to the Uncertainty sheet")
        style.finish(ax, title, found.title, caption, "")
        return ax
    unit = _unit(float(frame[["low", "high", "base"]].abs().to_numpy().max()), unit)
    scale = style.unit_scale(unit)
    low = frame["low"].to_numpy(dtype=float) / scale
    high = frame["high"].to_numpy(dtype=float) / scale
    base = float(frame["base"].iloc[0]) / scale
    y = np.arange(len(frame))
    ax.barh(
        y,
        np.abs(high - low),
        left=np.minimum(low, high),
        height=0.6,
        color=style.DARK_BLUE,
        label="swing",
    )
    ax.axvline(
        base, color=style.DARK_GREY, linewidth=1.2, linestyle=(0, (4, 2)), label="As entered"
    )
    low_input = frame["low_input"].to_numpy(dtype=float)
    high_input = frame["high_input"].to_numpy(dtype=float)
    for i, target in enumerate(frame["input"].astype(str)):
        ends = (
            (low_input[i], low[i], low[i] >= high[i]),
            (high_input[i], high[i], high[i] > low[i]),
        )
        for value, output, right in ends:
            ax.annotate(
                _input_value(target, float(value)),
                (output, i),
                xytext=(4 if right else -4, 0),
                textcoords="offset points",
                ha="left" if right else "right",
                va="center",
                fontsize=style.NOTE_SIZE,
                color=style.TEXT,
            )
    ax.set_yticks(y, [textwrap.fill(str(v), 30) for v in frame["label"]])
    ax.invert_yaxis()
    style.style_axes(ax, grid=False)
    ax.grid(axis="x", color=style.GRID, linewidth=0.7)
    ax.xaxis.set_major_formatter(style.number_formatter())
    lo, hi = ax.get_xlim()
    pad = (hi - lo) * 0.12
    ax.set_xlim(lo - pad, hi + pad)
    measure = str(frame.attrs.get("measure", "cumulative_gap"))
    who = frame.attrs.get("authority") or "the model"
    scenario = frame.attrs.get("scenario", "")
    source = (
        f"{_MEASURES.get(measure, measure).capitalize()} in {frame.attrs.get('year', '')}, "
        f"{unit} cash. Each bar runs from the input at its 10th percentile to its 90th (the "
        f"input's value at each end), others as entered. Source: budgetmodel for {who}; "
        f"scenario '{scenario}'."
    )
    style.finish(ax, title, found.title, caption, source)
    return ax
