"""The plan initiative by initiative: a waterfall from the total without the plan to the
total with it, each initiative's business case, and its net-benefit range under
uncertainty (DESIGN.md, "Two passes and the plan, initiative by initiative").

Each ``plot_*`` draws on ``ax`` (or a new figure) and returns the Axes; each
``*_finding`` states the chart's finding from the same numbers.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import _data, _layout, style, text
from ._initiative_range import initiative_range_finding, plot_initiative_range
from ._words import capitalised, listed, mid_sentence
from .text import Finding, money

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .._results import Result
    from ..uncertainty import Simulation

__all__ = [
    "business_case_finding",
    "initiative_range_finding",
    "plan_waterfall_finding",
    "plot_business_case",
    "plot_initiative_range",
    "plot_plan_waterfall",
]

_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}
_WORDS |= {8: "eight", 9: "nine", 10: "ten"}


def _names(result: Result, scenario: str) -> dict[str, str]:
    case = result.business_case
    case = case[case["scenario"] == scenario]
    return dict(zip(case["initiative_id"], case["name"], strict=True))


def _years_words(result: Result) -> str:
    horizon = len(result.years) - 1
    return "the year" if horizon == 1 else f"{_WORDS.get(horizon, str(horizon))} years"


def _year(value: object) -> str | None:
    """A payback year, or None for a blank (None or NaN in a frame)."""
    return str(value) if isinstance(value, str) and value else None


def _ids(result: Result, scenario: str) -> list[str]:
    return list(result.compiled.scenarios[scenario].initiatives)


# -- the waterfall -------------------------------------------------------------------------
def waterfall_steps(result: Result, scenario: str, year: str) -> pd.Series:
    """``without plan``, each initiative's net cash, ``interaction``, ``with plan`` [£] in
    ``year``: the without-plan total plus the steps gives the with-plan total exactly."""
    plan = result.plan
    plan = plan[(plan["scenario"] == scenario) & (plan["year"] == year)]
    steps = plan.set_index("initiative_id")["net_cash"].astype(float)
    s = result.summary
    total = float(s[(s["scenario"] == scenario) & (s["year"] == year)]["total_cash"].iloc[0])
    return pd.concat(
        [
            pd.Series({"without plan": total - float(steps.sum())}),
            steps,
            pd.Series({"with plan": total}),
        ]
    )


def plan_waterfall_finding(
    result: Result, scenario: str, year: str | None = None, *, unit: str | None = None
) -> Finding:
    """What the plan does to ``year``'s total, and which initiative does most.

    Returns
    -------
    Finding
        The waterfall's title and the pack's takeaway.
    """
    unit = _data.money_unit(result, unit)
    year = _data.resolve_year(result, year)
    ids = _ids(result, scenario)
    if not ids:
        return Finding(
            "No improvement initiatives in this scenario",
            f"Scenario '{scenario}' includes no improvement initiatives.",
        )
    steps = waterfall_steps(result, scenario, year)
    names = _names(result, scenario)
    change = float(steps["with plan"] - steps["without plan"])
    moves = steps[ids]
    verb = "takes" if change < 0 else "adds"
    what = "off" if change < 0 else "to"
    title = f"The plan {verb} {money(abs(change), unit)} {what} the {year} budget"
    best = str(moves.idxmin())
    if moves[best] < 0 and money(float(moves[best]), unit) != money(0.0, unit):
        title += f"; {mid_sentence(names[best])} saves most"
    dearest = str(moves.idxmax())
    takeaway = (
        f"Without the plan {money(float(steps['without plan']), unit)} in {year}, with it "
        f"{money(float(steps['with plan']), unit)}: {mid_sentence(names[best])} "
        f"{money(float(moves[best]), unit, signed=True)}"
    )
    if dearest != best:
        takeaway += (
            f", {mid_sentence(names[dearest])} {money(float(moves[dearest]), unit, signed=True)}"
        )
    interaction = float(steps.get("interaction", 0.0))
    if money(interaction, unit) != money(0.0, unit):
        takeaway += f"; acting together they add {money(interaction, unit, signed=True)}"
    return Finding(title, takeaway + ".")


def plot_plan_waterfall(
    result: Result,
    *,
    scenario: str | None = None,
    year: str | None = None,
    unit: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    caption: str | None = None,
) -> Axes:
    """A waterfall from the total without the plan to the total with it, in ``year``.

    Parameters
    ----------
    result : Result
        A model run.
    scenario : str, optional
        The scenario; by default the first with an improvement initiative.
    year : str, optional
        The year (``"2018-19"``); the final year by default.
    unit : {"£m", "£000", "£"}, optional
        The money unit of the axis; £m unless the model's totals are under £1m.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    title, caption : str, optional
        Replace the computed title or the source caption; ``""`` leaves it out.

    Returns
    -------
    matplotlib.axes.Axes
        One bar container labelled ``"plan"``: the total without the plan, each
        included initiative's net cash (direct amounts and its levers alone), the
        interaction when it is not nil, and the total with the plan; the steps'
        heights add up to the with-plan total. A message when the scenario includes
        no initiative.
    """
    ax = style.new_axes(ax)
    scenario = _data.resolve_scenario(result, scenario)
    year = _data.resolve_year(result, year)
    unit = _data.money_unit(result, unit)
    scale = style.unit_scale(unit)
    found = plan_waterfall_finding(result, scenario, year, unit=unit)
    if not _ids(result, scenario):
        _layout.nothing_to_draw(ax, f"Scenario '{scenario}' includes no improvement initiatives.")
        style.finish(ax, title, found.title, caption, text.source(result, scenario))
        return ax
    steps = waterfall_steps(result, scenario, year)
    if money(float(steps["interaction"]), unit) == money(0.0, unit):
        steps = steps.drop("interaction")
    names = _names(result, scenario)
    values = steps.to_numpy(dtype=float) / scale
    n = len(values)
    size = style.LABEL_SIZE if n <= 8 else style.NOTE_SIZE
    x, bottoms, heights = _layout.waterfall(
        ax, values, first=style.GREY, label="plan", width=0.62, size=size, scale=scale, unit=unit
    )
    wrap = 14 if n <= 7 else 11
    labels = [f"Without\nthe plan\n{year}"]
    labels += [
        textwrap.fill("Acting together" if k == "interaction" else names[k], wrap)
        for k in steps.index[1:-1]
    ]
    labels.append(f"With\nthe plan\n{year}")
    style.style_axes(ax)
    ax.set_xticks(x, labels, fontsize=size)
    style.money_axis(ax, unit, "cash", result.years[0])
    # A waterfall of totals would be all base: start the axis near the lowest level.
    levels = np.concatenate([bottoms[1:-1], bottoms[1:-1] + heights[1:-1], values[[0, -1]]])
    lo, hi = float(levels.min()), float(levels.max())
    span = max(hi - lo, abs(hi) * 0.02, 1e-9)
    floor = max(0.0, lo - span * 1.2) if lo >= 0 else lo - span * 0.2
    ax.set_ylim(floor, hi + span * 0.25)
    if floor > 0:
        _layout.corner_note(ax, f"The axis starts at {money(floor * scale, unit)}", indent=4)
    style.finish(ax, title, found.title, caption, text.source(result, scenario))
    return ax


# -- the business case -------------------------------------------------------------------
def cumulative_net_benefit(result: Result, scenario: str) -> pd.DataFrame:
    """Each included initiative's cumulative net benefit [£, cash], years as rows (0 in
    the base year): savings less costs, the effects of its levers included."""
    plan = result.plan
    plan = plan[(plan["scenario"] == scenario) & (plan["initiative_id"] != "interaction")]
    net = plan.pivot_table(
        index="year", columns="initiative_id", values="net_cash", sort=False
    ).reindex(index=result.years, columns=_ids(result, scenario))
    net.iloc[0] = 0.0
    return -net.cumsum()


def _payback_sentences(result: Result, scenario: str, simulation: Simulation | None) -> list[str]:
    """What pays back and when; what does not, and how likely, when simulated."""
    case = result.business_case
    case = case[case["scenario"] == scenario]
    chance: dict[str, float] = {}
    if simulation is not None and simulation.by_initiative and scenario in simulation.scenarios:
        pay = simulation.payback
        pay = pay[pay["scenario"] == scenario]
        chance = dict(zip(pay["initiative_id"], pay["p_payback"], strict=True))
    horizon = _years_words(result)
    pays, unsure, never = [], [], []
    for row in case.itertuples():
        name, p = mid_sentence(str(row.name)), chance.get(str(row.initiative_id))
        year = _year(row.payback_year)
        if year:
            doubt = f" ({p:.0%} chance in the draws)" if p is not None and p < 0.995 else ""
            pays.append(f"{name} pays back in {year}{doubt}")
        elif p is not None and p > 0.005:
            unsure.append(f"{name} does not pay back within {horizon} with {1 - p:.0%} probability")
        else:
            never.append(name)
    sentences = []
    if pays:
        sentences.append("; ".join(pays))
    if unsure:
        sentences.append("; ".join(unsure))
    if never:
        verb = "does" if len(never) == 1 else "do"
        if len(never) > 2 and (pays or unsure):
            subject = f"the other {_WORDS.get(len(never), str(len(never)))}"
        else:
            subject = listed(never)
        where = " in any draw" if chance else ""
        sentences.append(f"{subject} {verb} not pay back within {horizon}{where}")
    return [capitalised(x) for x in sentences]


def business_case_finding(
    result: Result,
    scenario: str,
    *,
    simulation: Simulation | None = None,
    unit: str | None = None,
) -> Finding:
    """Which initiatives pay back within the horizon, and when.

    With a ``simulation`` from ``simulate(..., by_initiative=True)``, an initiative that
    does not pay back says with what probability (``"Early help does not pay back
    within five years with 62% probability"``).

    Returns
    -------
    Finding
        The business case chart's title and the pack's takeaway.
    """
    unit = _data.money_unit(result, unit)
    case = result.business_case
    case = case[case["scenario"] == scenario]
    if case.empty:
        return Finding(
            "No improvement initiatives in this scenario",
            f"Scenario '{scenario}' includes no improvement initiatives.",
        )
    paid = sum(_year(v) is not None for v in case["payback_year"])
    total = len(case)
    horizon = _years_words(result)
    if paid == total:
        title = f"Every initiative pays back within {horizon}"
    elif paid == 0:
        title = f"No initiative pays back within {horizon}"
    else:
        counted = _WORDS.get(paid, str(paid)).capitalize()
        verb = "pays" if paid == 1 else "pay"
        title = f"{counted} of {_WORDS.get(total, str(total))} initiatives {verb} back "
        title += f"within {horizon}"
    title += f"; net benefit {money(float(case['net_benefit'].sum()), unit)}"
    return Finding(title, ". ".join(_payback_sentences(result, scenario, simulation)) + ".")


def plot_business_case(
    result: Result,
    *,
    scenario: str | None = None,
    unit: str | None = None,
    simulation: Simulation | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    caption: str | None = None,
) -> Axes:
    """Each initiative's cumulative net benefit by year, with its payback year marked.

    Parameters
    ----------
    result : Result
        A model run.
    scenario : str, optional
        The scenario; by default the first with an improvement initiative.
    unit : {"£m", "£000", "£"}, optional
        The money unit of the axis; £m unless the model's totals are under £1m.
    simulation : Simulation, optional
        From ``simulate(..., by_initiative=True)``: the title's takeaway then says how
        likely an initiative that does not pay back is to fall short.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    title, caption : str, optional
        Replace the computed title or the source caption; ``""`` leaves it out.

    Returns
    -------
    matplotlib.axes.Axes
        One line per included initiative, labelled with its name (cumulative net
        benefit, cash: 0 in the base year, above 0 once it has paid back), and a
        marker labelled ``"payback"`` on each payback year.
    """
    ax = style.new_axes(ax)
    scenario = _data.resolve_scenario(result, scenario)
    unit = _data.money_unit(result, unit)
    scale = style.unit_scale(unit)
    found = business_case_finding(result, scenario, simulation=simulation, unit=unit)
    if not _ids(result, scenario):
        _layout.nothing_to_draw(ax, f"Scenario '{scenario}' includes no improvement initiatives.")
        style.finish(ax, title, found.title, caption, text.source(result, scenario))
        return ax
    table = cumulative_net_benefit(result, scenario) / scale
    names = _names(result, scenario)
    case = result.business_case
    case = case[case["scenario"] == scenario]
    paid = {k: _year(v) for k, v in zip(case["initiative_id"], case["payback_year"], strict=True)}
    x = np.arange(len(result.years))
    colours = [style.PALETTE[i % len(style.PALETTE)] for i in range(len(table.columns))]
    marked = False
    for k, colour in zip(table.columns, colours, strict=True):
        y = table[k].to_numpy(dtype=float)
        ax.plot(x, y, color=colour, linewidth=2.0, label=names[k])
        year = paid.get(k)
        if year:
            t = result.years.index(year)
            ax.plot(
                [x[t]],
                [y[t]],
                linestyle="none",
                marker="o",
                markersize=7,
                markerfacecolor="white",
                markeredgecolor=colour,
                markeredgewidth=2.0,
                label="payback" if not marked else "_payback",
                zorder=4,
            )
            marked = True
    ax.axhline(0, color=style.AXIS, linewidth=1.0)
    style.style_axes(ax)
    style.year_axis(ax, result.years)
    style.money_axis(ax, unit, "cash", result.years[0])
    ax.set_ylabel(
        f"{unit}, cash: cumulative net benefit (above 0: paid back)",
        fontsize=style.LABEL_SIZE,
        color=style.TEXT,
    )
    lo, hi = ax.get_ylim()
    ax.set_ylim(lo - (hi - lo) * 0.08, hi + (hi - lo) * 0.04)  # room for two-line names
    # Room on the right for the names, which label the lines directly.
    ax.set_xlim(-0.3, len(x) - 1 + 0.2 + 0.33 * len(x))
    ax.spines["bottom"].set_bounds(0, len(x) - 1)
    last = table.iloc[-1].to_numpy(dtype=float)
    style.end_labels(ax, x[-1], list(last), [names[k] for k in table.columns], colours, wrap=26)
    if marked:
        note = "○ payback: the year the cumulative net benefit reaches 0"
        _layout.corner_note(ax, note, indent=2)
    style.finish(ax, title, found.title, caption, text.source(result, scenario))
    return ax
