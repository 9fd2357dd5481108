"""Turn a validated :class:`~budgetmodel.spec.ModelSpec` into arrays for the engine.

Money is scaled from the model's money unit to pounds here, blanks take the
meaning DESIGN.md gives them, and each scenario's overrides and initiative
selection are applied. Every per-scenario array has a leading draws axis of
length 1, which the uncertainty module may widen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .core.costs import LINE_KINDS, Activity
from .core.drivers import METHODS
from .graph import basis_ids, driver_order
from .spec import ModelSpec, Scenario

Array = NDArray[np.float64]
Index = NDArray[np.intp]

__all__ = ["CompiledModel", "ScenarioInputs", "compile_model", "included_initiatives"]


def _array(values: Any, blank: float = np.nan) -> Array:
    return np.array([blank if v is None else v for v in values], dtype=np.float64)


def _flow(values: Any, blank: float) -> Array:
    """A projection-year series: the base-year cell carries no meaning."""
    out = _array(values, blank)
    out[0] = blank if np.isnan(blank) else 0.0
    return out


@dataclass(frozen=True)
class ScenarioInputs:
    """Everything one scenario's projection needs; arrays have draws first."""

    name: str
    rates: Array  # (D, C, T) inflation rates by category
    params: list[dict[str, Array]]  # per driver: parameter -> (D, T)
    effect_driver: Index  # (n,) driver of each included effect
    effect_value: Array  # (D, n) e[i, d]
    effect_phasing: Array  # (n, T) phi[i, t]
    unit_cost: Array  # (D, La) £ per unit per year, activity lines
    fixed_cost: Array  # (D, Lf) £ per year, fixed lines
    cost_per_fte: Array  # (D, Ls) £ per FTE per year, staffing lines
    direct: Array  # (D, N, T) initiatives' direct amounts, £ at base prices, savings negative
    direct_rows: Index  # (N,) positions in ModelSpec.improvements
    direct_category: Index  # (N,) price category of each direct row
    direct_area: Index  # (N,) service area of each direct row (position in ``areas``)
    funding: Array  # (D, F, T) £ cash

    @property
    def draws(self) -> int:
        """Length of the draws axis."""
        arrays = [
            self.rates,
            self.effect_value,
            self.unit_cost,
            self.fixed_cost,
            self.cost_per_fte,
            self.direct,
            self.funding,
        ]
        arrays += [a for p in self.params for a in p.values()]
        return int(max(a.shape[0] for a in arrays))


@dataclass(frozen=True)
class CompiledModel:
    """The structure shared by every scenario: labels, indices and constants."""

    spec: ModelSpec
    years: list[str]
    categories: list[str]
    deflator: int
    populations: Array  # (P, T)
    driver_ids: list[str]
    methods: list[str]
    basis: list[int]  # population index (rate) or driver index (share, entries); -1 if none
    bases: list[tuple[int, ...]]  # the drivers a sum adds up
    base_volume: Array  # (Nd,)
    order: list[int]  # drivers in dependency order
    line_ids: list[str]
    line_category: Index  # (L,)
    line_sign: Array  # (L,) 1 for expenditure, -1 for income
    areas: list[str]  # service areas, in order of first appearance (lines, then initiatives)
    line_area: Index  # (L,) position in ``areas``
    activity_lines: Index  # positions in line order
    activity_driver: Index
    fixed_lines: Index
    staffing_lines: Index
    staffing_driver: Index
    caseload: Array  # (Ls, T)
    agency_share: Array  # (Ls, T)
    agency_premium: Array  # (Ls,)
    scenarios: dict[str, ScenarioInputs] = field(default_factory=dict)


def included_initiatives(scenario: Scenario, initiative_ids: list[str]) -> set[str]:
    """The initiative ids a scenario includes: ``all``, ``none`` or a comma list."""
    text = scenario.initiatives.strip()
    if text.lower() == "all":
        return set(initiative_ids)
    if text.lower() == "none":
        return set()
    return {part.strip() for part in text.split(",") if part.strip()}


def compile_model(spec: ModelSpec) -> CompiledModel:
    """Arrays for every scenario of a valid model (see module docstring)."""
    scale = spec.money_scale
    T = spec.horizon + 1
    categories = [
        "none",
        *dict.fromkeys(r.category for r in spec.inflation if r.category != "none"),
    ]
    cat = {c: i for i, c in enumerate(categories)}
    pop_ids = [p.id for p in spec.populations]
    populations = np.array([_array(p.values) for p in spec.populations]).reshape(len(pop_ids), T)
    driver_ids = [d.id for d in spec.drivers]
    d_index = {d: i for i, d in enumerate(driver_ids)}
    p_index = {p: i for i, p in enumerate(pop_ids)}
    basis, bases = [], []
    for d in spec.drivers:
        kind = METHODS[d.method].basis
        named = basis_ids(d)
        if kind == "population" and named:
            basis.append(p_index[named[0]])
        elif kind == "driver" and named:
            basis.append(d_index[named[0]])
        else:
            basis.append(-1)
        bases.append(tuple(d_index[q] for q in named) if kind == "drivers" else ())
    base_volume = np.array([float(d.base_volume) for d in spec.drivers], dtype=np.float64)

    lines = spec.cost_lines
    kinds = np.array([line.type for line in lines], dtype=object)
    act = np.flatnonzero(kinds == "activity")
    fix = np.flatnonzero(kinds == "fixed")
    stf = np.flatnonzero(kinds == "staffing")
    cost_rows = {(a.line_id, a.parameter): a.values for a in spec.cost_assumptions}

    def staffing_series(parameter: str) -> Array:
        # A missing agency_share row means no agency staff (DESIGN.md, "Baseline cost lines").
        zeros = (0.0,) * T
        rows = [_array(cost_rows.get((lines[i].id, parameter), zeros)) for i in stf]
        return np.array(rows).reshape(len(stf), T)

    areas = list(
        dict.fromkeys([x.service_area for x in lines] + [r.service_area for r in spec.improvements])
    )
    compiled = CompiledModel(
        spec=spec,
        years=spec.years,
        categories=categories,
        deflator=cat.get(spec.deflator, 0),
        populations=populations,
        driver_ids=driver_ids,
        methods=[d.method for d in spec.drivers],
        basis=basis,
        bases=bases,
        base_volume=base_volume,
        order=driver_order(spec),
        line_ids=[line.id for line in lines],
        line_category=np.array([cat.get(line.inflation, 0) for line in lines], dtype=np.intp),
        line_sign=np.array([LINE_KINDS[line.kind] for line in lines], dtype=np.float64),
        areas=areas,
        line_area=np.array([areas.index(line.service_area) for line in lines], dtype=np.intp),
        activity_lines=act,
        activity_driver=np.array([d_index[lines[i].driver_id or ""] for i in act], dtype=np.intp),
        fixed_lines=fix,
        staffing_lines=stf,
        staffing_driver=np.array([d_index[lines[i].driver_id or ""] for i in stf], dtype=np.intp),
        caseload=staffing_series("caseload"),
        agency_share=staffing_series("agency_share"),
        agency_premium=np.array([lines[i].agency_premium or 0.0 for i in stf], dtype=np.float64),
    )

    def unit_cost(i: int) -> float:
        line = lines[i]
        if line.unit_cost is not None:
            return Activity.per_year(float(line.unit_cost) * scale, line.cost_per)
        v0 = float(base_volume[d_index[line.driver_id or ""]])
        return float(line.base_cost or 0.0) * scale / v0

    unit_costs = np.array([[unit_cost(int(i)) for i in act]], dtype=np.float64).reshape(1, len(act))
    fixed_costs = np.array([[float(lines[i].base_cost or 0.0) * scale for i in fix]]).reshape(
        1, len(fix)
    )
    per_fte = np.array([[float(lines[i].cost_per_fte or 0.0) * scale for i in stf]]).reshape(
        1, len(stf)
    )
    funding = np.array([_array(f.values) * scale for f in spec.funding]).reshape(
        1, len(spec.funding), T
    )
    base_params = {(a.driver_id, a.parameter): a.values for a in spec.driver_assumptions}
    initiative_ids = spec.initiative_ids()

    for scenario in spec.scenarios:
        rows = dict(base_params)
        rows.update(
            {
                (o.driver_id, o.parameter): o.values
                for o in spec.overrides
                if o.scenario == scenario.name
            }
        )
        params: list[dict[str, Array]] = []
        for d in spec.drivers:
            p: dict[str, Array] = {}
            method = METHODS[d.method]
            for name in method.parameters:
                blank = method.blank.get(name, np.nan)
                values = rows.get((d.id, name))
                p[name] = (_flow(values, blank) if values is not None else np.full(T, blank))[
                    None, :
                ]
            params.append(p)
        included = included_initiatives(scenario, initiative_ids)
        effects = [e for e in spec.effects if e.initiative_id in included]
        direct_rows = [i for i, r in enumerate(spec.improvements) if r.initiative_id in included]
        direct = np.array(
            [
                _flow(spec.improvements[i].amounts, 0.0)
                * scale
                * (-1.0 if spec.improvements[i].kind == "saving" else 1.0)
                for i in direct_rows
            ]
        ).reshape(1, len(direct_rows), T)
        rates = np.zeros((1, len(categories), T))
        for r in spec.inflation:
            if r.scenario == scenario.inflation_scenario and r.category != "none":
                rates[0, cat[r.category]] = _flow(r.rates, 0.0)
        compiled.scenarios[scenario.name] = ScenarioInputs(
            name=scenario.name,
            rates=rates,
            params=params,
            effect_driver=np.array([d_index[e.driver_id] for e in effects], dtype=np.intp),
            effect_value=np.array([[float(e.effect) for e in effects]]).reshape(1, len(effects)),
            effect_phasing=np.array([_flow(e.phasing, 0.0) for e in effects]).reshape(
                len(effects), T
            ),
            unit_cost=unit_costs,
            fixed_cost=fixed_costs,
            cost_per_fte=per_fte,
            direct=direct,
            direct_rows=np.array(direct_rows, dtype=np.intp),
            direct_category=np.array(
                [cat.get(spec.improvements[i].inflation, 0) for i in direct_rows], dtype=np.intp
            ),
            direct_area=np.array(
                [areas.index(spec.improvements[i].service_area) for i in direct_rows],
                dtype=np.intp,
            ),
            funding=funding,
        )
    return compiled
