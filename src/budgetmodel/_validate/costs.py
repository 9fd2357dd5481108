"""Checks on prices and costs: the Inflation rows and the price categories they
define, each cost line by its type, and the staffing lines' CostAssumptions."""

from __future__ import annotations

import math
from typing import Any, cast

from .._series import Series
from .._spec import COST_PER, LINE_KINDS, LINE_TYPES, CostLine, Driver
from .checker import MAX_RATE, Checker, is_number, quote, where

__all__ = ["check_category", "check_cost_lines", "check_inflation"]


def check_inflation(c: Checker) -> dict[str, set[str]]:
    """The Inflation rows; returns each inflation scenario's price categories."""
    s = c.spec
    c.unique(s.inflation, lambda r: (r.scenario, r.category), "scenario and category")
    categories: dict[str, set[str]] = {}
    for r in s.inflation:
        categories.setdefault(r.scenario, {"none"}).add(r.category)
        if r.category == "none":
            c.add(
                where(r, "category"),
                "'none'",
                "another category name",
                "'none' always exists with rate 0.",
            )
        c.series(
            r,
            r.rates,
            level=False,
            required=True,
            low=-1,
            low_open=True,
            high=MAX_RATE,
            what=f"an annual rate above -1 and at most {MAX_RATE:g} (a fraction: 0.03 is 3%)",
        )
    return categories


def check_category(c: Checker, r: Any, name: str, categories: dict[str, set[str]]) -> None:
    """A record's price category exists in every inflation scenario a scenario uses."""
    used = {sc.inflation_scenario for sc in c.spec.scenarios}
    missing = sorted(s for s in used if s in categories and name not in categories[s])
    if name != "none" and missing:
        c.add(
            where(r, "inflation"),
            quote(name),
            "a price category of every inflation scenario used",
            "Add Inflation rows for " + ", ".join(f"{m}/{name}" for m in missing) + ".",
        )


def check_cost_lines(
    c: Checker,
    drivers: dict[str, Driver],
    lines: dict[str, CostLine],
    categories: dict[str, set[str]],
) -> None:
    """Each cost line's category, kind, type, driver and costs; then CostAssumptions."""
    s = c.spec
    rows = {(a.line_id, a.parameter) for a in s.cost_assumptions}
    for line in s.cost_lines:
        check_category(c, line, line.inflation, categories)
        if line.kind not in LINE_KINDS:
            c.add(where(line, "kind"), quote(line.kind), "expenditure, income or a blank")
        if line.cost_per not in COST_PER:
            c.add(where(line, "cost_per"), quote(line.cost_per), "year, week, day or a blank")
        elif line.cost_per != "year" and (line.type != "activity" or line.unit_cost is None):
            c.add(
                where(line, "cost_per"),
                quote(line.cost_per),
                "year or a blank: only an activity line's unit_cost can be weekly or daily",
            )
        if line.type not in LINE_TYPES:
            c.add(where(line, "type"), quote(line.type), "one of " + ", ".join(LINE_TYPES))
            continue
        needs_driver = line.type in ("activity", "staffing")
        if needs_driver and line.driver_id not in drivers:
            c.add(where(line, "driver_id"), quote(line.driver_id), "a driver_id from Drivers")
        elif not needs_driver and line.driver_id not in (None, ""):
            c.add(
                where(line, "driver_id"),
                quote(line.driver_id),
                "a blank driver_id for a fixed line",
            )
        if line.type == "activity":
            if (line.unit_cost is None) == (line.base_cost is None):
                c.add(
                    where(line, "unit_cost"),
                    "both" if line.unit_cost is not None else "neither",
                    "either unit_cost or base_cost for an activity line",
                )
            elif (
                is_number(line.base_cost)
                and line.driver_id in drivers
                and is_number(v0 := drivers[line.driver_id].base_volume)
                and (v0 <= 0 or not math.isfinite(line.base_cost / v0))
            ):
                c.add(
                    where(line, "base_cost"),
                    line.base_cost,
                    "unit_cost instead: the driver's base volume is 0 or too small to divide by",
                )
        if line.type == "fixed" and line.base_cost is None:
            c.add(where(line, "base_cost"), None, "a base_cost for a fixed line")
        if line.type == "staffing":
            if line.cost_per_fte is None:
                c.add(where(line, "cost_per_fte"), None, "a cost_per_fte for a staffing line")
            if is_number(line.agency_premium) and line.agency_premium < 0:
                c.add(where(line, "agency_premium"), line.agency_premium, "a premium >= 0")
            if line.agency_premium is None and _has_agency(c, line.id):
                c.add(
                    where(line, "agency_premium"),
                    None,
                    "an agency_premium: the line has agency staff",
                    "It may be blank only when every agency share is 0.",
                )
            for p in ("caseload",):
                if (line.id, p) not in rows:
                    c.add(
                        where(line),
                        f"no {p!r} row for {line.id!r}",
                        f"a CostAssumptions row {line.id}, {p} with every year",
                    )
        for key in ("unit_cost", "base_cost", "cost_per_fte", "agency_premium"):
            v = getattr(line, key)
            if v is not None and (not is_number(v) or not math.isfinite(v)):
                c.add(where(line, key), v, "a finite number")
    c.unique(s.cost_assumptions, lambda a: (a.line_id, a.parameter), "line_id and parameter")
    for a in s.cost_assumptions:
        owner = lines.get(a.line_id)
        if owner is None or owner.type != "staffing":
            c.add(where(a, "line_id"), quote(a.line_id), "a staffing line_id from CostLines")
        elif a.parameter == "caseload":
            c.series(
                a,
                a.values,
                level=True,
                required=True,
                low=0,
                low_open=True,
                what="a caseload above 0",
            )
        elif a.parameter == "agency_share":
            c.series(
                a,
                a.values,
                level=True,
                required=True,
                low=0,
                high=1,
                what="an agency share in [0, 1]",
            )
        else:
            c.add(where(a, "parameter"), quote(a.parameter), "caseload or agency_share")


def _has_agency(c: Checker, line_id: str) -> bool:
    """Whether any agency share of a staffing line (baseline or override) is above 0."""
    rows = [a for a in c.spec.cost_assumptions if a.line_id == line_id]
    rows = [a for a in rows if a.parameter == "agency_share"]
    values = [v for a in rows for v in cast(Series, a.values)]
    return any(isinstance(v, (int, float)) and v != 0 for v in values)
