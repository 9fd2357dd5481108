"""Checks on the scenarios: each one's inflation scenario and initiatives, the
deflator, and the Overrides rows with the series each may replace (DESIGN.md,
"Scenarios and overrides")."""

from __future__ import annotations

import math
from typing import Any, cast

from .._series import Series
from .._spec import INITIATIVE_KINDS, Driver, Override
from .checker import Checker, quote, show, where
from .drivers import check_parameter

__all__ = ["INITIATIVE_OVERRIDES", "check_scenarios"]

#: The parameters an initiative's Overrides row may replace.
INITIATIVE_OVERRIDES = ("one_off", "recurring", "saving", "delivery", "effect")


def check_scenarios(
    c: Checker, drivers: dict[str, Driver], categories: dict[str, set[str]]
) -> None:
    """Scenarios rows, the deflator in every inflation scenario used, and Overrides."""
    s = c.spec
    c.unique(s.scenarios, lambda sc: sc.name, "scenario")
    known_inflation = {r.scenario for r in s.inflation}
    initiatives = set(s.initiative_ids())
    names = set(s.scenario_names())
    for sc in s.scenarios:
        if sc.inflation_scenario not in known_inflation:
            c.add(
                where(sc, "inflation_scenario"),
                quote(sc.inflation_scenario),
                "an inflation scenario from Inflation: " + ", ".join(sorted(known_inflation)),
            )
        text = sc.initiatives.strip()
        if not text:
            c.add(
                where(sc, "initiatives"),
                "a blank cell",
                "all, none, or initiative ids separated by commas",
            )
        elif text.lower() not in ("all", "none"):
            for part in (p.strip() for p in text.split(",")):
                if part and part not in initiatives:
                    c.add(
                        where(sc, "initiatives"),
                        quote(part),
                        "all, none, or initiative ids from Improvement or Effects",
                    )
    used = sorted({sc.inflation_scenario for sc in s.scenarios} & set(categories))
    lacking = [u for u in used if s.deflator not in categories[u]]
    if lacking:
        c.add(
            s.where_settings.get("deflator", "Settings!deflator"),
            quote(s.deflator),
            "a price category of every inflation scenario used, or 'none'",
            "Missing from: " + ", ".join(lacking) + ".",
        )
    c.unique(
        s.overrides,
        lambda o: (o.scenario, o.target, o.parameter),
        "scenario, target and parameter",
    )
    for o in s.overrides:
        if o.scenario not in names:
            c.add(where(o, "scenario"), quote(o.scenario), "a scenario from Scenarios")
        _check_override(c, o, drivers)


def _check_override(c: Checker, o: Override, drivers: dict[str, Driver]) -> None:
    """One Overrides row: a target of the overrides table and a series it may replace."""
    s = c.spec
    if o.target in drivers:
        check_parameter(c, o, drivers)
        return
    staffing = {x.id for x in s.cost_lines if x.type == "staffing"}
    kinds: dict[str, set[str]] = {r.initiative_id: set() for r in s.improvements}
    for r in s.improvements:
        kinds[r.initiative_id].add(r.kind)
    baseline: Any = None
    if o.target in staffing and o.parameter in ("caseload", "agency_share"):
        rule = (
            ("a caseload above 0", 0.0, math.inf, True)
            if o.parameter == "caseload"
            else ("an agency share in [0, 1]", 0.0, 1.0, False)
        )
        rows = [
            a.values
            for a in s.cost_assumptions
            if (a.line_id, a.parameter) == (o.target, o.parameter)
        ]
        baseline = rows[0] if rows else (0.0,) * len(c.years)
    elif o.target in {f.id for f in s.funding} and o.parameter == "amount":
        rule = ("a cash amount", -math.inf, math.inf, False)
        baseline = next(f.values for f in s.funding if f.id == o.target)
    elif o.target in {p.id for p in s.populations} and o.parameter == "population":
        rule = ("a population >= 0", 0.0, math.inf, False)
        baseline = next(p.values for p in s.populations if p.id == o.target)
    elif o.target in set(s.initiative_ids()) and o.parameter in INITIATIVE_OVERRIDES:
        if o.parameter in INITIATIVE_KINDS and o.parameter not in kinds.get(o.target, set()):
            c.add(
                where(o, "parameter"),
                quote(o.parameter),
                f"a kind {o.target} has an Improvement row of",
            )
            return
        if o.parameter == "effect" and not any(e.initiative_id == o.target for e in s.effects):
            c.add(where(o, "parameter"), quote(o.parameter), "an initiative with Effects rows")
            return
        amount = o.parameter in INITIATIVE_KINDS
        low = 0.0 if o.parameter in ("saving", "delivery", "effect") else -math.inf
        what = "an amount" if amount else f"a fraction >= 0 for {o.parameter}"
        c.series(o, o.values, level=False, required=not amount, low=low, what=what)
        return
    else:
        c.add(
            where(o, "target"),
            f"{o.target!r} with parameter {o.parameter!r}",
            "a driver and one of its parameters; a staffing line and caseload or "
            "agency_share; a funding row and amount; a population and population; an "
            "initiative and one_off, recurring, saving, delivery or effect",
        )
        return
    what, low, high, open_low = rule
    values = cast(Series, o.values)
    first = values[0] if values else None
    base = cast(Series, baseline)[0] if baseline else None
    if first is not None and first != base:
        c.add(
            where(o, c.years[0]),
            first,
            f"a blank or the baseline value {show(base)} in the base year",
            "An override replaces projection years only: the base year is the known outturn.",
        )
    c.series(
        o,
        (None, *values[1:]),
        level=False,
        required=True,
        low=low,
        high=high,
        low_open=open_low,
        what=what,
    )
