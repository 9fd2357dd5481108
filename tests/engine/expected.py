"""Expectations recomputed from a model's inputs, not taken from the engine, for the
property tests: price indices, funding, initiative selection and line costs."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import settings

import budgetmodel as bm

from ..strategies import MONEY_SCALES

PROPERTY = settings(max_examples=60, deadline=None, derandomize=True, database=None)
FEW = settings(max_examples=30, deadline=None, derandomize=True, database=None)
RTOL = 1e-9
STEPS = ["base", "demand", "plan_effects", "plan_direct", "inflation", "total"]


# -- expectations recomputed from the inputs ----------------------------------------------------
def labels(model: bm.Model) -> list[str]:
    return [
        f"{y}-{(y + 1) % 100:02d}"
        for y in range(model.base_year, model.base_year + model.horizon + 1)
    ]


def scenario(model: bm.Model, name: str) -> bm.Scenario:
    return next(s for s in model.scenarios if s.name == name)


def indices(model: bm.Model, name: str) -> dict[str, np.ndarray]:
    """``I[s, c, t]`` for every category of scenario ``name``'s inflation scenario."""
    T = model.horizon + 1
    out = {"none": np.ones(T)}
    for r in model.inflation:
        if r.scenario == scenario(model, name).inflation_scenario:
            index = [1.0]
            for t in range(1, T):
                index.append(index[-1] * (1.0 + (r.rates[t] or 0.0)))
            out[r.category] = np.array(index)
    return out


def included(model: bm.Model, name: str) -> set[str]:
    text = scenario(model, name).initiatives.strip()
    known = {r.initiative_id for r in model.improvements} | {e.initiative_id for e in model.effects}
    if text.lower() == "all":
        return known
    if text.lower() == "none":
        return set()
    return {part.strip() for part in text.split(",")}


def funding(model: bm.Model) -> np.ndarray:
    scale = MONEY_SCALES[model.money_unit]
    return sum(
        (np.array(f.values, dtype=float) * scale for f in model.funding),
        np.zeros(model.horizon + 1),
    )


def series(frame: pd.DataFrame, column: str, **where: Any) -> np.ndarray:
    for key, value in where.items():
        frame = frame[frame[key] == value]
    return frame[column].to_numpy(dtype=float)


def line_costs(model: bm.Model, volumes: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``K_l[t]`` of every baseline line (£ at base prices) from the table of line types."""
    scale = MONEY_SCALES[model.money_unit]
    rows = {
        (a.line_id, a.parameter): np.array(a.values, dtype=float) for a in model.cost_assumptions
    }
    v0 = {d.id: d.base_volume for d in model.drivers}
    out = {}
    for line in model.cost_lines:
        if line.type == "activity":
            assert line.driver_id is not None
            u = (
                line.unit_cost * scale
                if line.unit_cost is not None
                else line.base_cost * scale / v0[line.driver_id]
            )
            out[line.id] = volumes[line.driver_id] * u
        elif line.type == "fixed":
            out[line.id] = np.full(model.horizon + 1, line.base_cost * scale)
        else:
            assert line.driver_id is not None
            fte = volumes[line.driver_id] / rows[(line.id, "caseload")]
            premium = line.agency_premium or 0.0
            out[line.id] = (
                fte * line.cost_per_fte * scale * (1.0 + rows[(line.id, "agency_share")] * premium)
            )
    return out


def close(a: float, b: float, *terms: float) -> bool:
    """Equal to ``RTOL`` of the larger of the values and the terms summed to get them."""
    size = max([abs(a), abs(b), *map(abs, terms)])
    return math.isclose(a, b, rel_tol=RTOL, abs_tol=RTOL * size + 1e-9)
