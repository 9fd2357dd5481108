"""Each initiative's net benefit over the horizon under uncertainty: the range of the
draws, the middle half, the median and the value as entered, with the chance that it
pays back (DESIGN.md, "Two passes and the plan, initiative by initiative")."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import style
from ._words import capitalised, listed, mid_sentence
from .text import Finding, money

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..uncertainty import Simulation

__all__ = ["initiative_range_finding", "plot_initiative_range"]


def initiative_range_finding(
    simulation: Simulation, scenario: str, *, unit: str | None = None
) -> Finding:
    """Which initiatives are sure to pay back, and whose net benefit is least certain."""
    every = simulation.initiative_table("£")
    if scenario not in every.index.get_level_values(0):
        return Finding(
            "No improvement initiatives in this scenario",
            f"Scenario '{scenario}' includes no improvement initiatives.",
        )
    table = pd.DataFrame(every.xs(scenario, level="scenario"))
    unit = unit or ("£m" if table[["p5", "p95"]].abs().to_numpy().max() >= 1e6 else "£000")
    width = table["p95"] - table["p5"]
    widest = str(width.idxmax())
    chance = table["pays back"].astype(float)
    sure = [mid_sentence(str(table.loc[k, "name"])) for k in table.index if chance[k] >= 0.995]
    if sure:
        verb = "is" if len(sure) == 1 else "are"
        title = f"{capitalised(listed(sure))} {verb} sure to pay back"
    else:
        title = "No initiative is sure to pay back"
    if float(width[widest]) > 0:
        title += f"; {mid_sentence(str(table.loc[widest, 'name']))} is the least certain"
    years = len(simulation.years) - 1
    unsure = [
        f"{mid_sentence(str(table.loc[k, 'name']))} {chance[k]:.0%}"
        for k in table.index
        if 0.005 < chance[k] < 0.995
    ]
    most = capitalised(mid_sentence(str(table.loc[widest, "name"])))
    takeaway = (
        f"{most}'s net benefit over {years} years runs "
        f"from {money(float(table['p5'][widest]), unit)} to "
        f"{money(float(table['p95'][widest]), unit)} (5th to 95th percentile)"
    )
    if unsure:
        takeaway += "; chance of paying back: " + ", ".join(unsure)
    return Finding(title, takeaway + ".")


def plot_initiative_range(
    simulation: Simulation,
    *,
    scenario: str | None = None,
    unit: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    caption: str | None = None,
) -> Axes:
    """Each initiative's net benefit over the horizon: 5th to 95th percentile, the middle
    half, the median and the value as entered, with its chance of paying back.

    Parameters
    ----------
    simulation : Simulation
        From ``simulate(..., by_initiative=True)``.
    scenario : str, optional
        A scenario simulated; the first by default.
    unit : {"£m", "£000", "£"}, optional
        £m unless every percentile is under £1m.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    title, caption : str, optional
        Replace the computed title or the caption; ``""`` leaves it out.

    Returns
    -------
    matplotlib.axes.Axes
        Horizontal bar containers labelled ``"5th to 95th percentile"`` and ``"25th to
        75th percentile"`` (one bar per initiative, top to bottom in plan order), a
        line labelled ``"median"`` and markers labelled ``"as entered"``.
    """
    ax = style.new_axes(ax)
    scenario = simulation.scenarios[0] if scenario is None else scenario
    if scenario not in simulation.scenarios:
        raise ValueError(f"scenario must be one of {simulation.scenarios}, not {scenario!r}")
    every = simulation.initiative_table("£")
    if scenario not in every.index.get_level_values(0):
        found = initiative_range_finding(simulation, scenario)
        style.no_data(ax, f"Scenario '{scenario}' includes no improvement initiatives.")
        style.finish(ax, title, found.title, caption, "")
        return ax
    table = pd.DataFrame(every.xs(scenario, level="scenario"))
    if unit is None:
        unit = "£m" if table[["p5", "p95"]].abs().to_numpy().max() >= 1e6 else "£000"
    scale = style.unit_scale(unit)
    found = initiative_range_finding(simulation, scenario, unit=unit)
    n = len(table)
    y = np.arange(n)[::-1]
    p = {k: table[k].to_numpy(dtype=float) / scale for k in ("p5", "p50", "p95", "as entered")}
    q = simulation.initiatives
    q = q[q["scenario"] == scenario].pivot_table(
        index="initiative_id", columns="statistic", values="value", sort=False
    )
    q = q.reindex(table.index)
    p25, p75 = q["p25"].to_numpy(dtype=float) / scale, q["p75"].to_numpy(dtype=float) / scale
    ax.barh(
        y, p["p95"] - p["p5"], left=p["p5"], height=0.38, color="#BFD5E8",
        label="5th to 95th percentile",
    )  # fmt: skip
    ax.barh(y, p75 - p25, left=p25, height=0.38, color="#6A9BC3", label="25th to 75th percentile")
    for i in range(n):
        ax.plot(
            [p["p50"][i]] * 2,
            [y[i] - 0.19, y[i] + 0.19],
            color=style.DARK_BLUE,
            linewidth=2.2,
            label="median" if i == 0 else "_median",
        )
    ax.plot(
        p["as entered"], y, linestyle="none", marker="D", markersize=5.5,
        markerfacecolor=style.ORANGE, markeredgecolor="white", label="as entered",
    )  # fmt: skip
    ax.axvline(0, color=style.AXIS, linewidth=1.0)
    style.style_axes(ax, grid=False)
    ax.grid(axis="x", color=style.GRID, linewidth=0.7)
    # Names sit above their bars, so that long names take no room from the chart.
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    for i, name in enumerate(table["name"]):
        ax.annotate(
            str(name),
            (0.0, y[i] + 0.27),
            xycoords=("axes fraction", "data"),
            ha="left",
            va="bottom",
            fontsize=style.LABEL_SIZE,
            color=style.TEXT,
        )
    ax.set_ylim(-0.45, n - 0.2 + 0.45)
    ax.xaxis.set_major_formatter(style.number_formatter())
    lo, hi = ax.get_xlim()
    ax.set_xlim(lo, hi + (hi - lo) * 0.16)
    for i, chance in enumerate(table["pays back"].to_numpy(dtype=float)):
        ax.annotate(
            f"{chance:.0%}",
            (1.0, y[i]),
            xycoords=("axes fraction", "data"),
            xytext=(-4, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=style.LABEL_SIZE,
            color=style.TEXT,
        )
    ax.annotate(
        "chance it\npays back",
        (1.0, n - 1 + 0.3),
        xycoords=("axes fraction", "data"),
        xytext=(-4, 0),
        textcoords="offset points",
        ha="right",
        va="bottom",
        fontsize=style.NOTE_SIZE,
        color=style.MUTED,
    )
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(0.0, 1.0),
        ncols=4,
        frameon=False,
        fontsize=style.NOTE_SIZE,
    )
    default_caption = (
        f"Net benefit over {len(simulation.years) - 1} years: savings less costs, {unit} "
        f"cash. {simulation.n_draws:,} draws of the Uncertainty sheet (seed {simulation.seed})."
    )
    ax.set_xlabel("")
    style.finish(ax, title, found.title, caption, default_caption)
    return ax
