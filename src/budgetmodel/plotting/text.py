"""Titles and takeaways stated from the numbers, and money written the house way.

Each ``*_finding`` function returns a `Finding`: a short active title for
the chart and a one-line takeaway for the pack, both computed from the same
tables the chart draws (`budgetmodel.plotting._data`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..vocabulary import BRIDGE_STEPS
from . import _data, _words
from ._words import Finding, amount, money, source
from .style import unit_scale

if TYPE_CHECKING:
    from .._results import Result

__all__ = [
    "STEP_LABELS",
    "Finding",
    "amount",
    "bridge_finding",
    "drivers_finding",
    "gap_finding",
    "money",
    "plan_finding",
    "service_areas_finding",
    "source",
    "totals_finding",
    "workforce_finding",
]

#: How the bridge steps are named on charts and in text (the vocabulary's short labels).
STEP_LABELS = {step: label.short for step, label in BRIDGE_STEPS.items()}


def totals_finding(result: Result, *, basis: str = "cash", unit: str | None = None) -> Finding:
    """The budget's path to the final year, and how it compares with funding.

    Parameters
    ----------
    result : Result
        A model run.
    basis : {"cash", "real"}
        Cash, or real terms at base-year prices.
    unit : {"£m", "£000", "£"}, optional
        The money unit of the text; by default the charts' unit.

    Returns
    -------
    Finding
        The chart's title and the pack's takeaway.
    """
    unit = _data.money_unit(result, unit)
    totals = _data.totals_by_year(result, basis)
    funding = _data.funding_by_year(result, basis)
    first, last = result.years[0], result.years[-1]
    start = float(totals.to_numpy(dtype=float)[0, 0])
    ends = totals.iloc[-1].to_numpy(dtype=float)
    prefix = "" if basis == "cash" else f"In {first} prices, "
    income = _data.has_income(result)
    subject = "the net budget" if income else "the budget"
    subject = subject if prefix else subject[0].upper() + subject[1:]
    if len(ends) == 1 or money(ends.min(), unit) == money(ends.max(), unit):
        title = f"{prefix}{subject} {_words.moves(start, float(ends[0]), unit)} by {last}"
    else:
        verb = "rises" if ends.min() > start else "falls" if ends.max() < start else "moves"
        title = (
            f"{prefix}{subject} {verb} from {money(start, unit)} to "
            f"{money(ends.min(), unit)}–{money(ends.max(), unit)} by {last}"
        )
    gaps = ends - funding.iloc[-1].to_numpy(dtype=float)
    small = _words.ZERO * unit_scale(unit)
    lo, hi = money(float(np.abs(gaps).min()), unit), money(float(np.abs(gaps).max()), unit)
    amount = lo if lo == hi else f"{lo} to {hi}"
    n = len(gaps)
    every = "the scenario" if n == 1 else "every scenario"
    if (gaps > small).all():
        takeaway = f"In {last} the budget exceeds funding in {every}, by {amount}."
    elif (gaps < -small).all():
        takeaway = f"In {last} funding covers the budget in {every}, with {amount} to spare."
    elif (np.abs(gaps) <= small).all():
        takeaway = f"In {last} the budget matches funding in {every}."
    else:
        worst = result.scenarios[int(np.argmax(gaps))]
        short = int((gaps > small).sum())
        takeaway = (
            f"In {last} the budget exceeds funding in {short} of {n} scenarios; "
            f"the largest shortfall is {money(float(gaps.max()), unit)} ({worst})."
        )
    if income:
        takeaway += " " + _income_sentence(result, basis, unit)
    return Finding(title, takeaway)


def _income_sentence(result: Result, basis: str, unit: str) -> str:
    """The final year's gross expenditure and income of the scenario the chart shades."""
    shown = _data.main_scenario(result)
    gross, income = (t[shown].iloc[-1] for t in _data.gross_and_income_by_year(result, basis))
    where = "" if len(result.scenarios) == 1 else f" ({shown})"
    return (
        f"Gross expenditure is {money(float(gross), unit)} in {result.years[-1]}, less "
        f"{money(float(income), unit)} of income{where}."
    )


def service_areas_finding(
    result: Result, scenario: str, *, basis: str = "cash", unit: str | None = None
) -> Finding:
    """Which service area grows most by the final year, and which is largest.

    Parameters
    ----------
    result : Result
        A model run.
    scenario : str
        One of ``result.scenarios``.
    basis : {"cash", "real"}
        Cash, or real terms at base-year prices.
    unit : {"£m", "£000", "£"}, optional
        The money unit of the text; by default the charts' unit.

    Returns
    -------
    Finding
        The chart's title and the pack's takeaway.
    """
    unit = _data.money_unit(result, unit)
    table = _data.service_areas(result, scenario, basis)
    first, last = result.years[0], result.years[-1]
    change = table.iloc[-1] - table.iloc[0]
    if table.shape[1] == 1:
        whole = float(table.iloc[0].sum()), float(table.iloc[-1].sum())
        title = f"The budget, all in one service area, {_words.moves(*whole, unit)} by {last}"
        return Finding(title, f"Every cost line is in {table.columns[0]}.")
    grows = str(change.abs().idxmax())
    verb = "grows" if change[grows] >= 0 else "falls"
    title = f"{grows} {verb} most: {money(float(change[grows]), unit, signed=True)} by {last}"
    final = table.iloc[-1]
    biggest = str(final.idxmax())
    total = float(final.sum())
    share = float(final[biggest]) / total if total else float("nan")
    takeaway = (
        f"{biggest} is {share:.0%} of the {money(total, unit)} budget in {last}; "
        f"it was {money(float(table.iloc[0][biggest]), unit)} in {first}."
    )
    return Finding(title, takeaway)


def bridge_finding(result: Result, scenario: str, year: str, *, unit: str | None = None) -> Finding:
    """What adds most to the budget between the base year and ``year``.

    Parameters
    ----------
    result : Result
        A model run.
    scenario : str
        One of ``result.scenarios``.
    year : str
        The year bridged to (``"2018-19"``).
    unit : {"£m", "£000", "£"}, optional
        The money unit of the text; by default the charts' unit.

    Returns
    -------
    Finding
        The chart's title and the pack's takeaway.
    """
    unit = _data.money_unit(result, unit)
    steps = _data.bridge_steps(result, scenario, year)
    first = result.years[0]
    moves = steps.drop(["base", "total"])
    if not (moves.abs() > 0).any():
        title = f"The budget is unchanged from {first} to {year}"
    else:
        key = str(moves.abs().idxmax())
        verb = "adds" if moves[key] >= 0 else "takes"
        what = "to" if moves[key] >= 0 else "from"
        title = (
            f"{STEP_LABELS[key]} {verb} most {what} the budget by {year}: "
            f"{money(float(moves[key]), unit, signed=True)}"
        )
    plan = float(moves.get("plan_effects", 0.0) + moves.get("plan_direct", 0.0))
    takeaway = (
        f"From {money(float(steps['base']), unit)} in {first}: demand "
        f"{money(float(moves['demand']), unit, signed=True)}, the plan "
        f"{money(plan, unit, signed=True)} net, inflation "
        f"{money(float(moves['inflation']), unit, signed=True)}; "
        f"{money(float(steps['total']), unit)} in {year}."
    )
    return Finding(title, takeaway)


def gap_finding(result: Result, scenario: str, *, unit: str | None = None) -> Finding:
    """The final year's gap and the cumulative gap, each a shortfall or a surplus.

    Parameters
    ----------
    result : Result
        A model run.
    scenario : str
        One of ``result.scenarios``.
    unit : {"£m", "£000", "£"}, optional
        The money unit of the text; by default the charts' unit.

    Returns
    -------
    Finding
        The chart's title and the pack's takeaway.
    """
    unit = _data.money_unit(result, unit)
    table = _data.gap_by_year(result, scenario)
    last = result.years[-1]
    horizon = len(result.years) - 1
    gap = float(table["gap"].iloc[-1])
    cumulative = float(table["cumulative_gap"].iloc[-1])
    years = "year" if horizon == 1 else f"{horizon} years"
    this = _words.balance(gap, unit)
    total = _words.balance(cumulative, unit)
    head = "Balanced" if this == "balanced" else this[0].upper() + this[1:]
    title = (
        f"{head} in {last}; {total} over {years}"
        if total != "balanced"
        else (f"{head} in {last}; balanced over {years}")
    )
    short = table["gap"].iloc[1:] > _words.ZERO * unit_scale(unit)
    n_short = int(short.sum())
    when = ""
    if 0 < n_short < horizon:
        when = " (" + ", ".join(str(y) for y in short[short].index) + ")"
    takeaway = (
        f"Funding falls short in {n_short} of {horizon} projection "
        f"{'year' if horizon == 1 else 'years'}{when}; the cumulative gap to {last} is "
        f"{money(cumulative, unit)}"
        + ("." if total == "balanced" else f", {'a shortfall' if cumulative > 0 else 'a surplus'}.")
    )
    return Finding(title, takeaway)


def drivers_finding(result: Result, scenario: str) -> Finding:
    """The plan's largest effect on demand by the final year, or demand's largest change.

    Parameters
    ----------
    result : Result
        A model run.
    scenario : str
        One of ``result.scenarios``.

    Returns
    -------
    Finding
        The chart's title and the pack's takeaway.
    """
    labels = _data.driver_labels(result)
    last = result.years[-1]
    ids, with_plan, without = _data.final_volumes(result, scenario)
    if not ids:
        return Finding("No demand drivers", "The model has no demand drivers.")
    with np.errstate(divide="ignore", invalid="ignore"):
        effect = np.where(without != 0, with_plan / without - 1, 0.0)
    if np.abs(effect).max() > 5e-4:
        k = int(np.argmax(np.abs(effect)))
        name, unit = labels[ids[k]]
        direction = "lower" if effect[k] < 0 else "higher"
        title = f"{name}: {abs(effect[k]):.1%} {direction} with the plan by {last}"
        changed = int((np.abs(effect) > 5e-4).sum())
        diff = with_plan[k] - without[k]
        takeaway = (
            f"By {last} the plan changes {changed} of {len(ids)} demand drivers, most of all "
            f"{_words.mid_sentence(name)}: {_words.fmt_count(diff, signed=True)} {unit}".rstrip()
            + f" ({_words.pct(float(effect[k]))})."
        )
        return Finding(title, takeaway)
    d = result.drivers
    mine = d[d["scenario"] == scenario]
    base = mine[mine["year"] == result.years[0]]["volume"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = np.where(base != 0, with_plan / base - 1, 0.0)
    k = int(np.argmax(np.abs(growth)))
    name, unit = labels[ids[k]]
    direction = "up" if growth[k] >= 0 else "down"
    title = f"{name}: {direction} {abs(growth[k]):.1%} by {last}, the most of any driver"
    takeaway = (
        f"No initiative in this scenario changes demand; the largest change is in "
        f"{_words.mid_sentence(name)}, from {_words.fmt_count(float(base[k]))} to "
        f"{_words.fmt_count(float(with_plan[k]))} {unit}".rstrip()
        + f" by {last}."
    )
    return Finding(title, takeaway)


def plan_finding(
    result: Result, scenario: str, *, basis: str = "cash", unit: str | None = None
) -> Finding:
    """What the plan's direct amounts cost net over the horizon, and what the plan adds
    to the final year.

    The title's net cost is the initiatives' direct amounts (one-off, recurring and
    savings, as `budgetmodel.plotting.plot_plan` draws them) summed over the
    projection years; the takeaway's "adds a year" is the bridge's two plan steps
    (direct amounts and the levers' effects on the service, at base-year prices).

    Parameters
    ----------
    result : Result
        A model run.
    scenario : str
        One of ``result.scenarios``.
    basis : {"cash", "real"}
        Cash, or real terms at base-year prices.
    unit : {"£m", "£000", "£"}, optional
        The money unit of the text; by default the charts' unit.

    Returns
    -------
    Finding
        The chart's title and the pack's takeaway.
    """
    unit = _data.money_unit(result, unit)
    table = _data.plan_by_kind(result, scenario, basis)
    last = result.years[-1]
    horizon = len(result.years) - 1
    if not table.to_numpy().any():
        return Finding(
            "No improvement initiatives in this scenario",
            f"Scenario '{scenario}' includes no improvement initiatives with direct amounts.",
        )
    net = float(table.iloc[1:].to_numpy().sum())
    savings = float(-table["saving"].iloc[1:].sum())
    verb = "costs" if net >= 0 else "saves"
    over = "in one year" if horizon == 1 else f"over {horizon} years"
    title = f"The plan's direct amounts {verb[:-1]} {money(abs(net), unit)} net {over}"
    if net >= 0 and money(savings, unit) != money(0.0, unit):
        title += f", after {money(savings, unit)} of savings"
    steps = _data.bridge_steps(result, scenario, last)
    adds = float(steps["plan_effects"] + steps["plan_direct"])
    cumulative = float(_data.gap_by_year(result, scenario)["cumulative_gap"].iloc[-1])
    where = "a shortfall" if cumulative > 0 else "a surplus"
    takeaway = (
        f"The plan {'adds' if adds >= 0 else 'saves'} {money(abs(adds), unit)} a year by {last} "
        f"at {result.years[0]} prices, with its effects on the service; the cumulative gap is "
        f"{money(cumulative, unit)}"
        + ("." if _words.balance(cumulative, unit) == "balanced" else f" ({where}).")
    )
    return Finding(title, takeaway)


def workforce_finding(result: Result, scenario: str) -> Finding:
    """Staffing FTE from the base year to the final year, with caseload and agency share.

    With several staffing lines, FTE are summed and caseload and agency share
    are FTE-weighted averages.

    Parameters
    ----------
    result : Result
        A model run.
    scenario : str
        One of ``result.scenarios``.

    Returns
    -------
    Finding
        The chart's title and the pack's takeaway.
    """
    w = _data.workforce(result, scenario)
    first, last = result.years[0], result.years[-1]
    if w.empty:
        return Finding("No staffing lines", "The model has no staffing cost lines.")
    by_year = w.assign(cases=w["fte"] * w["caseload"], agency=w["fte"] * w["agency_share"])
    sums = by_year.groupby("year", sort=False)[["fte", "cases", "agency"]].sum()
    f0, f1 = float(sums["fte"].iloc[0]), float(sums["fte"].iloc[-1])
    names = _data.staffing_names(result)
    who = next(iter(names.values())) if len(names) == 1 else "Staffing lines"
    verb = "rise" if f1 > f0 else "fall" if f1 < f0 else "stay"
    title = f"{who}: FTE {verb}s from {f0:,.0f} to {f1:,.0f} by {last}"
    k0 = float(sums["cases"].iloc[0] / f0) if f0 else float("nan")
    k1 = float(sums["cases"].iloc[-1] / f1) if f1 else float("nan")
    a0 = float(sums["agency"].iloc[0] / f0) if f0 else float("nan")
    a1 = float(sums["agency"].iloc[-1] / f1) if f1 else float("nan")
    caseload = _words.goes(f"{k0:,.1f}", f"{k1:,.1f}")
    agency = _words.goes(f"{a0:.0%}", f"{a1:.0%}")
    takeaway = (
        f"Between {first} and {last} the caseload {caseload} cases per FTE and the "
        f"agency share {agency}."
    )
    return Finding(title, takeaway)
