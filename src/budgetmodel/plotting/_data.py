"""The numbers each chart draws, taken from a Result's frames in pounds.

Charts and their titles and takeaways read the same tables from here, so a title
can never state a number the chart does not show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import InputError, Issue

if TYPE_CHECKING:
    from .._results import Result

__all__ = [
    "PLAN_KINDS",
    "bridge_steps",
    "driver_labels",
    "final_volumes",
    "funding_by_year",
    "gap_by_year",
    "gross_and_income_by_year",
    "has_income",
    "main_scenario",
    "money_unit",
    "plan_by_kind",
    "resolve_scenario",
    "resolve_year",
    "service_areas",
    "staffing_names",
    "stocks_differ",
    "totals_by_year",
    "workforce",
]

#: Initiative kinds in the order the plan chart stacks them.
PLAN_KINDS = ("one_off", "recurring", "saving")

_BASES = ("cash", "real")


def _check_basis(basis: str) -> None:
    if basis not in _BASES:
        raise ValueError(f"basis must be 'cash' or 'real', not {basis!r}")


def main_scenario(result: Result) -> str:
    """The scenario single-scenario charts show by default.

    The first scenario (in Scenarios order) that has any initiative: direct
    amounts or an effect on demand; the first scenario when none has.
    """
    if not result.scenarios:
        raise ValueError("the result has no scenarios to chart")
    lines = result.lines
    with_rows = set(lines.loc[lines["kind"].isin(PLAN_KINDS), "scenario"])
    drivers = result.drivers
    changed = ~np.isclose(drivers["volume"], drivers["volume_counterfactual"], rtol=1e-12)
    with_effects = set(drivers.loc[changed, "scenario"])
    for name in result.scenarios:
        if name in with_rows or name in with_effects:
            return name
    return result.scenarios[0]


def money_unit(result: Result, unit: str | None) -> str:
    """``unit``, or the house default: £m; £000 below £1m; £ below £10,000.

    Chosen from the largest total of any scenario and year, so every chart of
    one result uses the same unit.
    """
    if unit is not None:
        return unit
    largest = float(result.summary["total_cash"].abs().max()) if result.scenarios else 0.0
    return "£m" if largest >= 1e6 else "£000" if largest >= 1e4 else "£"


def resolve_scenario(result: Result, scenario: str | None) -> str:
    """``scenario``, or `main_scenario` when it is None.

    Raises
    ------
    InputError
        If the result has no such scenario (the message lists those it has).
    """
    if scenario is None:
        return main_scenario(result)
    if scenario not in result.scenarios:
        known = ", ".join(map(repr, result.scenarios))
        raise InputError([Issue("Scenarios", repr(scenario), f"a scenario of the run: {known}")])
    return scenario


def resolve_year(result: Result, year: str | None) -> str:
    """``year``, or the final projection year when it is None.

    Raises
    ------
    InputError
        If the year is not one of the result's (the message gives the range).
    """
    if year is None:
        return result.years[-1]
    if year not in result.years:
        expected = f"a year from {result.years[0]} to {result.years[-1]}, written like "
        raise InputError([Issue("year", repr(year), expected + repr(result.years[-1]))])
    return year


def _deflator(result: Result) -> pd.DataFrame:
    """The deflator index by year (rows) and scenario (columns), from the lines frame.

    Every line's ``real`` is its ``cash`` divided by the same index, so the ratio
    of summed magnitudes recovers it exactly; a year with no spending at all gets 1.
    """
    lines = result.lines
    sums = (
        lines.assign(c=lines["cash"].abs(), r=lines["real"].abs())
        .groupby(["year", "scenario"], sort=False)[["c", "r"]]
        .sum()
    )
    ratio = (sums["c"] / sums["r"].where(sums["r"] > 0)).fillna(1.0)
    table = ratio.unstack("scenario")
    return table.reindex(index=result.years, columns=result.scenarios).fillna(1.0)


def totals_by_year(result: Result, basis: str = "cash") -> pd.DataFrame:
    """Total budget [£] by year (rows) and scenario (columns), cash or real terms."""
    _check_basis(basis)
    s = result.summary
    table = s.pivot(index="year", columns="scenario", values=f"total_{basis}")
    return table.reindex(index=result.years, columns=result.scenarios)


def funding_by_year(result: Result, basis: str = "cash") -> pd.DataFrame:
    """Funding [£] by year (rows) and scenario (columns); real terms use the deflator."""
    _check_basis(basis)
    s = result.summary
    table = s.pivot(index="year", columns="scenario", values="funding")
    table = table.reindex(index=result.years, columns=result.scenarios)
    return table / _deflator(result) if basis == "real" else table


def has_income(result: Result) -> bool:
    """Whether the model has income lines (a grant, a contribution) counted off its total."""
    return any(line.kind == "income" for line in result.model.cost_lines)


def gross_and_income_by_year(
    result: Result, basis: str = "cash"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Gross expenditure and income [£] by year (rows) and scenario (columns).

    Income is positive; gross minus income is `totals_by_year`. Real terms
    use the deflator, as the totals do.
    """
    _check_basis(basis)
    s = result.summary
    out = []
    for column in ("gross_cash", "income_cash"):
        table = s.pivot(index="year", columns="scenario", values=column)
        table = table.reindex(index=result.years, columns=result.scenarios)
        out.append(table / _deflator(result) if basis == "real" else table)
    return out[0], out[1]


def stocks_differ(result: Result, scenario: str, driver_id: str) -> bool:
    """Whether a driver's 31 March stock differs from its costed volume (a stock_flow driver)."""
    d = result.drivers
    rows = d[(d["scenario"] == scenario) & (d["driver_id"] == driver_id)]
    return not np.allclose(rows["stock"], rows["volume"], rtol=1e-9, atol=1e-9)


def service_areas(result: Result, scenario: str, basis: str = "cash") -> pd.DataFrame:
    """Cost [£] by year (rows) and service area (columns, first-seen order).

    Baseline lines and initiatives (savings negative) are both counted, so each
    row sums to the scenario's total.
    """
    _check_basis(basis)
    lines = result.lines
    mine = lines[lines["scenario"] == scenario]
    areas = list(dict.fromkeys(mine["service_area"].fillna("").replace("", "Unassigned")))
    mine = mine.assign(service_area=mine["service_area"].fillna("").replace("", "Unassigned"))
    table = mine.pivot_table(
        index="year", columns="service_area", values=basis, aggfunc="sum", sort=False
    )
    return table.reindex(index=result.years, columns=areas).fillna(0.0)


def bridge_steps(result: Result, scenario: str, year: str) -> pd.Series:
    """The six bridge steps [£ cash] from the base year to ``year``, in order."""
    b = result.bridge
    rows = b[(b["scenario"] == scenario) & (b["year"] == year)]
    return pd.Series(rows["value"].to_numpy(dtype=float), index=list(rows["step"]), name=year)


def gap_by_year(result: Result, scenario: str) -> pd.DataFrame:
    """``total_cash, funding, gap, cumulative_gap`` [£] by year for one scenario."""
    s = result.summary
    rows = s[s["scenario"] == scenario].set_index("year")
    return rows[["total_cash", "funding", "gap", "cumulative_gap"]].reindex(result.years)


def plan_by_kind(result: Result, scenario: str, basis: str = "cash") -> pd.DataFrame:
    """Initiatives' direct amounts [£] by year (rows) and kind (columns, savings negative)."""
    _check_basis(basis)
    lines = result.lines
    mine = lines[(lines["scenario"] == scenario) & (lines["kind"] != "baseline")]
    table = mine.pivot_table(index="year", columns="kind", values=basis, aggfunc="sum")
    return table.reindex(index=result.years, columns=list(PLAN_KINDS)).fillna(0.0)


def driver_labels(result: Result) -> dict[str, tuple[str, str]]:
    """``driver_id -> (name, unit)`` in the model's order; the id stands in for a blank name."""
    return {d.id: (d.name or d.id, d.unit) for d in result.model.drivers}


def staffing_names(result: Result) -> dict[str, str]:
    """``line_id -> name`` of the staffing lines, in the model's order."""
    return {
        line.id: line.name or line.id for line in result.model.cost_lines if line.type == "staffing"
    }


def workforce(result: Result, scenario: str) -> pd.DataFrame:
    """The staffing lines' ``year, line_id, fte, caseload, agency_share`` for one scenario."""
    w = result.workforce
    return w[w["scenario"] == scenario].reset_index(drop=True)


def final_volumes(result: Result, scenario: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Driver ids, and the final year's with-plan and counterfactual volumes for one scenario."""
    d = result.drivers
    last = d[(d["scenario"] == scenario) & (d["year"] == result.years[-1])]
    return (
        list(last["driver_id"]),
        last["volume"].to_numpy(dtype=float),
        last["volume_counterfactual"].to_numpy(dtype=float),
    )
