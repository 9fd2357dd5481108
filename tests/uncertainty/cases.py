"""Uncertainty rows, models and functions shared by the simulation tests."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

import budgetmodel as bm
from budgetmodel.uncertainty import Simulation

U = bm.Uncertainty
#: One row of every target kind on the hand model, each a real spread.
EVERY_KIND = [
    U("growth:g", "normal", 0.0, 0.01),
    U("rate_change:r", "uniform", -0.01, 0.02),
    U("exit_rate:f", "triangular", -0.05, 0.0, 0.05),
    U("entries:f", "pert", -0.1, 0.0, 0.2),
    U("inflation:prices", "normal", 0.0, 0.005),
    U("unit_cost:act_r", "uniform", -0.1, 0.1),
    U("effect:eh", "pert", 0.5, 0.8, 1.0),
    U("delivery:pm", "triangular", 0.4, 0.7, 1.0),
    U("funding:grant", "uniform", -0.2, 0.0),
]


def with_records(model: bm.Model, **tables: Any) -> bm.Model:
    """``model`` with whole tables of records replaced (the records an analyst would edit)."""
    return model.replace(**tables)


def projected(values: Any, change: Any) -> tuple[Any, ...]:
    """A series with ``change`` applied to every projection year (the base year as it was)."""
    return tuple(v if i == 0 else change(v or 0.0) for i, v in enumerate(values))


def wide(sim: Simulation, statistic: str) -> pd.DataFrame:
    p = sim.percentiles
    p = p[p["statistic"] == statistic]
    return p.pivot_table(index=["scenario", "year"], columns="measure", values="value", sort=False)


MEASURES = ["total_cash", "gap", "cumulative_gap"]
TARGETS = [
    "growth:g",
    "rate_change:r",
    "exit_rate:f",
    "entries:f",
    "inflation:prices",
    "inflation:pay",
    "unit_cost:act_r",
    "unit_cost:act_s",
    "unit_cost:fix",
    "unit_cost:staff",
    "effect:eh",
    "effect:pm",
    "delivery:pm",
    "funding:base",
    "funding:grant",
]


def linear_model(uncertainty: list[bm.Uncertainty]) -> bm.Model:
    """One activity line of 100 units at £1,000, no growth, no inflation; funding £90,000."""
    return bm.Model(
        base_year="2020-21",
        horizon=3,
        authority="Lineshire",
        drivers=[bm.Driver("d", "growth", 100, growth=0.0)],
        cost_lines=[bm.CostLine("act", "activity", "prices", driver_id="d", unit_cost=1_000)],
        inflation=[bm.InflationRate("central", "prices", 0.0)],
        funding=[bm.Funding("base", 90_000)],
        scenarios=[bm.Scenario("central", "central")],
        uncertainty=uncertainty,
    )


def edited(model: bm.Model, target: str, x: float) -> bm.Model:
    """The model with the records edited as DESIGN.md says ``target`` at ``x`` means."""
    kind, ident = target.split(":")
    add = lambda v: v + x  # noqa: E731
    times = lambda v: v * (1.0 + x)  # noqa: E731
    if kind in ("growth", "rate_change", "exit_rate", "entries"):
        change = times if kind == "entries" else add
        return with_records(
            model,
            driver_assumptions=[
                replace(a, values=projected(a.values, change))
                if (a.driver_id, a.parameter) == (ident, kind)
                else a
                for a in model.driver_assumptions
            ],
        )
    if kind == "inflation":
        return with_records(
            model,
            inflation=[
                replace(r, rates=projected(r.rates, add)) if r.category == ident else r
                for r in model.inflation
            ],
        )
    if kind == "unit_cost":

        def scaled(line: bm.CostLine) -> bm.CostLine:
            field = {"fixed": "base_cost", "staffing": "cost_per_fte"}.get(line.type, "unit_cost")
            if line.unit_cost is None and line.type == "activity":
                field = "base_cost"
            return replace(line, **{field: getattr(line, field) * (1.0 + x)})

        return with_records(
            model,
            cost_lines=[scaled(line) if line.id == ident else line for line in model.cost_lines],
        )
    if kind == "effect":
        return with_records(
            model,
            effects=[
                replace(e, value=e.value * x) if e.initiative_id == ident else e
                for e in model.effects
            ],
        )
    if kind == "delivery":
        return with_records(
            model,
            improvements=[
                replace(r, amounts=projected(r.amounts, lambda v: v * x))
                if (r.initiative_id, r.kind) == (ident, "saving")
                else r
                for r in model.improvements
            ],
        )
    assert kind == "funding"
    return with_records(
        model,
        funding=[
            replace(f, values=projected(f.values, times)) if f.id == ident else f
            for f in model.funding
        ],
    )
