"""Turn a validated `ModelSpec` into arrays for the engine.

Money is scaled from the model's money unit to pounds here, blanks take the
meaning DESIGN.md gives them, and each scenario's overrides, initiative selection
and levers are applied. Every per-scenario array has a leading draws axis of
length 1, which the uncertainty module may widen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._graph import basis_ids, driver_order
from ._spec import ModelSpec, Scenario
from .core.costs import LINE_KINDS, Activity
from .core.drivers import METHODS
from .core.levers import CHANGES

Array = NDArray[np.float64]
Index = NDArray[np.intp]

__all__ = [
    "CompiledModel",
    "Levers",
    "ScenarioInputs",
    "compile_model",
    "included_initiatives",
    "lever_change",
]

#: Override parameters of an initiative, and of a funding row or a population.
INITIATIVE_OVERRIDES = ("one_off", "recurring", "saving", "delivery", "effect")


def _array(values: Any, blank: float = np.nan) -> Array:
    return np.array([blank if v is None else v for v in values], dtype=np.float64)


def _flow(values: Any, blank: float) -> Array:
    """A projection-year series: the base-year cell carries no meaning."""
    out = _array(values, blank)
    out[0] = blank if np.isnan(blank) else 0.0
    return out


def _projected(baseline: Array, override: Any) -> Array:
    """``baseline`` with its projection years replaced by ``override`` (blanks keep the
    baseline); the base year is the known outturn and never changes."""
    out = np.array(baseline, dtype=np.float64, copy=True)
    given = _array(override)
    keep = np.isnan(given)
    keep[0] = True
    out[~keep] = given[~keep]
    return out


def lever_change(parameter: str, change: str) -> str:
    """A lever row's change: as given, or the parameter's first change when blank."""
    return change or CHANGES.get(parameter, ("proportional",))[0]


@dataclass(frozen=True)
class Levers:
    """The lever rows a scenario includes, in sheet order (DESIGN.md, the levers table)."""

    rows: Index  # (n,) positions in ModelSpec.effects
    initiative: Index  # (n,) position in the scenario's included initiatives
    parameter: tuple[str, ...]
    change: tuple[str, ...]
    driver: Index  # (n,) target driver, or -1
    line: Index  # (n,) target cost line, or -1
    to: Index  # (n,) a transfer's receiving driver, or -1
    value: Array  # (D, n) full strength v
    phasing: Array  # (D, n, T) phi[t] times the initiative's effect override; 0 in the base year

    def strength(self, k: int) -> Array:
        """``s[t] = v * phi[t]`` of row ``k``: ``(D, T)``."""
        return np.asarray(self.value[:, k, None] * self.phasing[:, k, :])


@dataclass(frozen=True)
class ScenarioInputs:
    """Everything one scenario's projection needs; arrays have draws first."""

    name: str
    rates: Array  # (D, C, T) inflation rates by category
    populations: Array  # (P, T)
    params: list[dict[str, Array]]  # per driver: parameter -> (D, T)
    caseload: Array  # (D, Ls, T) staffing lines
    agency_share: Array  # (D, Ls, T) staffing lines
    levers: Levers
    initiatives: tuple[str, ...]  # included initiative ids, in order of first appearance
    unit_cost: Array  # (D, La) £ per unit per year, activity lines
    fixed_cost: Array  # (D, Lf) £ per year, fixed lines
    cost_per_fte: Array  # (D, Ls) £ per FTE per year, staffing lines
    direct: Array  # (D, N, T) initiatives' direct amounts, £ at base prices, savings negative
    direct_rows: Index  # (N,) positions in ModelSpec.improvements
    direct_initiative: Index  # (N,) position in ``initiatives``
    direct_category: Index  # (N,) price category of each direct row
    direct_area: Index  # (N,) service area of each direct row (position in ``areas``)
    funding: Array  # (D, F, T) £ cash

    @property
    def draws(self) -> int:
        """Length of the draws axis."""
        arrays = [
            self.rates,
            self.caseload,
            self.agency_share,
            self.levers.value,
            self.levers.phasing,
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
    populations: Array  # (P, T) as entered (scenarios may override projection years)
    driver_ids: list[str]
    methods: list[str]
    basis: list[int]  # population index (rate) or driver index (share, entries); -1 if none
    bases: list[tuple[int, ...]]  # the drivers a sum adds up
    base_volume: Array  # (Nd,)
    order: list[int]  # drivers in dependency order (bases and transfers)
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
    return _Compiler(spec).run()


class _Compiler:
    def __init__(self, spec: ModelSpec) -> None:
        self.spec = spec
        self.scale = spec.money_scale
        self.T = spec.horizon + 1
        self.categories = [
            "none",
            *dict.fromkeys(r.category for r in spec.inflation if r.category != "none"),
        ]
        self.cat = {c: i for i, c in enumerate(self.categories)}
        self.d_index = {d.id: i for i, d in enumerate(spec.drivers)}
        self.p_index = {p.id: i for i, p in enumerate(spec.populations)}
        self.l_index = {x.id: i for i, x in enumerate(spec.cost_lines)}
        lines = spec.cost_lines
        kinds = np.array([line.type for line in lines], dtype=object)
        self.act = np.flatnonzero(kinds == "activity")
        self.fix = np.flatnonzero(kinds == "fixed")
        self.stf = np.flatnonzero(kinds == "staffing")
        self.areas = list(
            dict.fromkeys(
                [x.service_area for x in lines] + [r.service_area for r in spec.improvements]
            )
        )

    def run(self) -> CompiledModel:
        spec, T = self.spec, self.T
        lines = spec.cost_lines
        basis, bases = [], []
        for d in spec.drivers:
            kind, named = METHODS[d.method].basis, basis_ids(d)
            if kind == "population" and named:
                basis.append(self.p_index[named[0]])
            elif kind == "driver" and named:
                basis.append(self.d_index[named[0]])
            else:
                basis.append(-1)
            bases.append(tuple(self.d_index[q] for q in named) if kind == "drivers" else ())
        populations = np.array([_array(p.values) for p in spec.populations]).reshape(-1, T)
        self.base_volume = np.array([float(d.base_volume) for d in spec.drivers], dtype=np.float64)
        compiled = CompiledModel(
            spec=spec,
            years=spec.years,
            categories=self.categories,
            deflator=self.cat.get(spec.deflator, 0),
            populations=populations,
            driver_ids=list(self.d_index),
            methods=[d.method for d in spec.drivers],
            basis=basis,
            bases=bases,
            base_volume=self.base_volume,
            order=driver_order(spec),
            line_ids=list(self.l_index),
            line_category=np.array([self.cat.get(x.inflation, 0) for x in lines], dtype=np.intp),
            line_sign=np.array([LINE_KINDS[x.kind] for x in lines], dtype=np.float64),
            areas=self.areas,
            line_area=np.array([self.areas.index(x.service_area) for x in lines], dtype=np.intp),
            activity_lines=self.act,
            activity_driver=self._drivers_of(self.act),
            fixed_lines=self.fix,
            staffing_lines=self.stf,
            staffing_driver=self._drivers_of(self.stf),
            agency_premium=np.array(
                [lines[i].agency_premium or 0.0 for i in self.stf], dtype=np.float64
            ),
        )
        for scenario in spec.scenarios:
            compiled.scenarios[scenario.name] = self.scenario(scenario, populations)
        return compiled

    def _drivers_of(self, positions: Index) -> Index:
        lines = self.spec.cost_lines
        return np.array([self.d_index[lines[i].driver_id or ""] for i in positions], dtype=np.intp)

    def _unit_cost(self, i: int) -> float:
        line = self.spec.cost_lines[i]
        if line.unit_cost is not None:
            return Activity.per_year(float(line.unit_cost) * self.scale, line.cost_per)
        v0 = float(self.base_volume[self.d_index[line.driver_id or ""]])
        return float(line.base_cost or 0.0) * self.scale / v0

    def scenario(self, scenario: Scenario, populations: Array) -> ScenarioInputs:
        spec, T, scale = self.spec, self.T, self.scale
        lines = spec.cost_lines
        overrides = {
            (o.target, o.parameter): o.values for o in spec.overrides if o.scenario == scenario.name
        }
        # drivers' parameters: the assumption row, or the scenario's override of it
        assumptions = {(a.driver_id, a.parameter): a.values for a in spec.driver_assumptions}
        params: list[dict[str, Array]] = []
        for d in spec.drivers:
            method, p = METHODS[d.method], {}
            for name in method.parameters:
                blank = method.blank.get(name, np.nan)
                values = overrides.get((d.id, name), assumptions.get((d.id, name)))
                series = _flow(values, blank) if values is not None else np.full(T, blank)
                p[name] = series[None, :]
            params.append(p)
        pops = np.array(
            [
                _projected(populations[k], overrides[(pid, "population")])
                if (pid, "population") in overrides
                else populations[k]
                for pid, k in self.p_index.items()
            ]
        ).reshape(-1, T)
        # staffing lines' series: base year included; a missing agency_share row is 0
        rows = {(a.line_id, a.parameter): a.values for a in spec.cost_assumptions}

        def staffing(parameter: str) -> Array:
            out = []
            for i in self.stf:
                line_id = lines[i].id
                series = _array(rows.get((line_id, parameter), (0.0,) * T))
                if (line_id, parameter) in overrides:
                    series = _projected(series, overrides[(line_id, parameter)])
                out.append(series)
            return np.array(out).reshape(1, len(self.stf), T)

        funding = np.array(
            [
                (
                    _projected(_array(f.values), overrides[(f.id, "amount")])
                    if (f.id, "amount") in overrides
                    else _array(f.values)
                )
                * scale
                for f in spec.funding
            ]
        ).reshape(1, len(spec.funding), T)
        initiatives = tuple(
            i
            for i in spec.initiative_ids()
            if i in included_initiatives(scenario, spec.initiative_ids())
        )
        position = {iid: k for k, iid in enumerate(initiatives)}
        direct_rows = [k for k, r in enumerate(spec.improvements) if r.initiative_id in position]
        direct = []
        for k in direct_rows:
            r = spec.improvements[k]
            amounts = _flow(overrides.get((r.initiative_id, r.kind), r.amounts), 0.0)
            if r.kind == "saving":
                delivered = overrides.get((r.initiative_id, "delivery"))
                if delivered is not None:
                    amounts = amounts * _flow(delivered, 1.0)
                amounts = -amounts
            direct.append(amounts * scale)
        rates = np.zeros((1, len(self.categories), T))
        for r in spec.inflation:
            if r.scenario == scenario.inflation_scenario and r.category != "none":
                rates[0, self.cat[r.category]] = _flow(r.rates, 0.0)
        return ScenarioInputs(
            name=scenario.name,
            rates=rates,
            populations=pops,
            params=params,
            caseload=staffing("caseload"),
            agency_share=staffing("agency_share"),
            levers=self.levers(position, overrides),
            initiatives=initiatives,
            unit_cost=np.array([[self._unit_cost(int(i)) for i in self.act]]).reshape(1, -1),
            fixed_cost=np.array(
                [[float(lines[i].base_cost or 0.0) * scale for i in self.fix]]
            ).reshape(1, -1),
            cost_per_fte=np.array(
                [[float(lines[i].cost_per_fte or 0.0) * scale for i in self.stf]]
            ).reshape(1, -1),
            direct=np.array(direct).reshape(1, len(direct_rows), T),
            direct_rows=np.array(direct_rows, dtype=np.intp),
            direct_initiative=np.array(
                [position[spec.improvements[k].initiative_id] for k in direct_rows], dtype=np.intp
            ),
            direct_category=np.array(
                [self.cat.get(spec.improvements[k].inflation, 0) for k in direct_rows],
                dtype=np.intp,
            ),
            direct_area=np.array(
                [self.areas.index(spec.improvements[k].service_area) for k in direct_rows],
                dtype=np.intp,
            ),
            funding=funding,
        )

    def levers(self, position: dict[str, int], overrides: dict[tuple[str, str], Any]) -> Levers:
        T = self.T
        rows = [k for k, e in enumerate(self.spec.effects) if e.initiative_id in position]
        effects = [self.spec.effects[k] for k in rows]
        phasing = []
        for e in effects:
            phi = _flow(e.phasing, 0.0)
            delivered = overrides.get((e.initiative_id, "effect"))
            if delivered is not None:
                phi = phi * _flow(delivered, 1.0)
            phasing.append(phi)
        on_line = [e.parameter in ("caseload", "agency_share", "unit_cost") for e in effects]
        return Levers(
            rows=np.array(rows, dtype=np.intp),
            initiative=np.array([position[e.initiative_id] for e in effects], dtype=np.intp),
            parameter=tuple(e.parameter for e in effects),
            change=tuple(lever_change(e.parameter, e.change) for e in effects),
            driver=np.array(
                [
                    -1 if line else self.d_index[e.target]
                    for e, line in zip(effects, on_line, strict=True)
                ],
                dtype=np.intp,
            ),
            line=np.array(
                [
                    self.l_index[e.target] if line else -1
                    for e, line in zip(effects, on_line, strict=True)
                ],
                dtype=np.intp,
            ),
            to=np.array(
                [self.d_index[e.to] if e.parameter == "transfer" else -1 for e in effects],
                dtype=np.intp,
            ),
            value=np.array([[float(e.value) for e in effects]]).reshape(1, len(effects)),
            phasing=np.array(phasing).reshape(1, len(effects), T),
        )
