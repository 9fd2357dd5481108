"""Shocks: the value ``x`` of one uncertain input applied to a scenario's engine arrays.

The one place where a value per input becomes changed engine inputs, shared by
`simulate`, `tornado` and `solve`. The compiled arrays are shared
between scenarios and never changed in place: every array a shock touches is new.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from .._compile import CompiledModel, ScenarioInputs
from .._engine import ScenarioArrays, project
from .._spec import UNCERTAINTY_TARGETS
from ..core.arrays import widen
from ..core.drivers import METHOD_OF
from ..errors import InputError, Issue

if TYPE_CHECKING:
    from .._spec import ModelSpec

Array = NDArray[np.float64]
Index = NDArray[np.intp]

__all__ = [
    "DEFAULT_BOUNDS",
    "INPUT_KINDS",
    "MEASURES",
    "Perturbation",
    "Shock",
    "initiative_net_cash",
    "measures",
    "parse_input",
    "project_applied",
]

#: Inputs that `solve` accepts: the Uncertainty targets and ``scale:I``.
INPUT_KINDS = (*UNCERTAINTY_TARGETS, "scale")
#: ``x`` is added to an annual rate.
ADDITIVE = frozenset({"growth", "rate_change", "exit_rate", "inflation", "agency_share"})
#: ``x`` is a proportional change: the input times ``1 + x``.
PROPORTIONAL = frozenset({"entries", "unit_cost", "funding", "caseload"})
#: ``x`` is a factor: the input times ``x`` (1 = as entered).
FACTOR = frozenset({"effect", "delivery", "scale"})
#: The outputs a draw reports, each by year.
MEASURES = ("total_cash", "gap", "cumulative_gap")

#: Bounds `solve` searches when none are given, by kind of input.
DEFAULT_BOUNDS: dict[str, tuple[float, float]] = {
    **dict.fromkeys(ADDITIVE, (-0.5, 0.5)),
    **dict.fromkeys(PROPORTIONAL, (-0.9, 4.0)),
    **dict.fromkeys(FACTOR, (0.0, 5.0)),
}

_NEEDS = {
    "driver": "driver_id",
    "line": "line_id",
    "funding": "funding_id",
    "initiative": "initiative_id",
    "category": "price category",
}
_METHOD = {k: METHOD_OF[k] for k in ("growth", "rate_change", "exit_rate", "entries")}
_LABELS = {
    "growth": "{}: growth",
    "rate_change": "{}: rate change",
    "exit_rate": "{}: exit rate",
    "entries": "{}: entries",
    "inflation": "Inflation: {}",
    "unit_cost": "{}: unit cost",
    "caseload": "{}: caseload",
    "agency_share": "{}: agency share",
    "effect": "{}: effects delivered",
    "delivery": "{}: savings delivered",
    "scale": "{}: scale",
    "funding": "Funding: {}",
}


@dataclass(frozen=True)
class Shock:
    """One uncertain input, ``kind:id`` (``"unit_cost:residential_care"``)."""

    kind: str
    ident: str

    @property
    def target(self) -> str:
        """``kind:id`` as written on the Uncertainty sheet."""
        return f"{self.kind}:{self.ident}"

    @property
    def neutral(self) -> float:
        """The value of ``x`` that leaves the model as entered (1 for factors, else 0)."""
        return 1.0 if self.kind in FACTOR else 0.0

    def label(self, spec: ModelSpec) -> str:
        """A name an analyst reads: ``"Residential care: unit cost"``."""
        names: dict[str, str] = {}
        for d in spec.drivers:
            names.setdefault(d.id, d.name)
        for line in spec.cost_lines:
            names.setdefault(line.id, line.name)
        for f in spec.funding:
            names.setdefault(f.id, f.name)
        for r in spec.improvements:
            if r.name and not names.get(r.initiative_id):
                names[r.initiative_id] = r.name
        return _LABELS[self.kind].format(names.get(self.ident) or self.ident)


def parse_input(text: str, compiled: CompiledModel, *, where: str = "input") -> Shock:
    """The `Shock` that ``text`` names, checked against the model.

    Raises
    ------
    InputError
        If the kind is unknown or the id does not name something of the right sort.
    """
    spec = compiled.spec
    kind, _, ident = str(text).partition(":")
    kind, ident = kind.strip(), ident.strip()
    if kind not in INPUT_KINDS or not ident:
        raise InputError(
            [
                Issue(
                    where,
                    repr(text),
                    "an input such as rate_change:cin, "
                    "scale:early_help, unit_cost:residential_care or funding:base",
                    "Kinds: " + ", ".join(INPUT_KINDS) + ".",
                )
            ]
        )
    needs = "initiative" if kind == "scale" else UNCERTAINTY_TARGETS[kind]
    drivers = dict(zip(compiled.driver_ids, compiled.methods, strict=True))
    known = {
        "driver": set(drivers),
        "line": set(compiled.line_ids),
        "funding": {f.id for f in spec.funding},
        "initiative": set(spec.initiative_ids()),
        "category": set(compiled.categories) - {"none"},
    }
    problem = ""
    if ident not in known[needs]:
        problem = f"a {_NEEDS[needs]} after '{kind}:': " + ", ".join(sorted(known[needs]))
    elif kind in _METHOD and drivers[ident] != _METHOD[kind]:
        problem = f"a {_METHOD[kind]} driver for '{kind}' ({ident} uses {drivers[ident]})"
    elif kind == "effect" and not any(e.initiative_id == ident for e in spec.effects):
        problem = "an initiative with Effects rows"
    elif kind == "delivery" and not any(
        r.initiative_id == ident and r.kind == "saving" for r in spec.improvements
    ):
        problem = "an initiative with a saving row on Improvement"
    if problem:
        raise InputError([Issue(where, repr(text), problem)])
    return Shock(kind, ident)


class Perturbation:
    """Applies shocks to one scenario: `apply` takes ``x`` of shape (D, R).

    Column ``r`` of ``x`` is the value of ``shocks[r]`` in each of D draws, meaning
    (DESIGN.md, "Uncertainty"), in every projection year and never the base year:

    - ``growth``, ``rate_change``, ``exit_rate``: added to the driver's parameter;
    - ``entries``: entries times ``1 + x``;
    - ``inflation:C``: added to ``r[s, C, t]``;
    - ``unit_cost:L``: line L's cost times ``1 + x``, through a price index of its own
      (the line's category index times ``1 + x``), so the base year, the known
      outturn, stays as it is; the bridge of a shocked run shows the change as
      inflation, which `simulate` never reports;
    - ``effect:I``: each ``e[I, d]`` times ``x``; ``delivery:I``: I's savings times ``x``;
      ``scale:I``: all I's amounts and effects times ``x``;
    - ``funding:F``: funding row F times ``1 + x``.
    """

    def __init__(self, compiled: CompiledModel, scenario: str, shocks: list[Shock]) -> None:
        spec = compiled.spec
        self.compiled = compiled
        self.inputs: ScenarioInputs = compiled.scenarios[scenario]
        self.shocks = list(shocks)
        effect_of = np.array([spec.effects[int(k)].initiative_id for k in self.inputs.levers.rows],
                             dtype=object)  # fmt: skip
        direct = [spec.improvements[int(i)] for i in self.inputs.direct_rows]
        driver = {d: i for i, d in enumerate(compiled.driver_ids)}
        self._rates: list[tuple[int, int]] = []
        self._lines: list[tuple[int, int]] = []
        self._params: list[tuple[int, int, str, bool]] = []
        self._effects: list[tuple[int, Index]] = []
        self._direct: list[tuple[int, Index]] = []
        self._funding: list[tuple[int, int]] = []
        self._staffing: list[tuple[int, int, str]] = []
        staffing = [compiled.line_ids[int(i)] for i in compiled.staffing_lines]
        for r, s in enumerate(self.shocks):
            if s.kind in ("growth", "rate_change", "exit_rate", "entries"):
                self._params.append((r, driver[s.ident], s.kind, s.kind in ADDITIVE))
            elif s.kind == "inflation":
                self._rates.append((r, compiled.categories.index(s.ident)))
            elif s.kind == "unit_cost":
                self._lines.append((r, compiled.line_ids.index(s.ident)))
            elif s.kind in ("caseload", "agency_share"):
                self._staffing.append((r, staffing.index(s.ident), s.kind))
            elif s.kind == "funding":
                self._funding.append((r, [f.id for f in spec.funding].index(s.ident)))
            else:
                if s.kind in ("effect", "scale"):
                    self._effects.append((r, np.flatnonzero(effect_of == s.ident)))
                if s.kind in ("delivery", "scale"):
                    rows = [
                        k
                        for k, imp in enumerate(direct)
                        if imp.initiative_id == s.ident
                        and (s.kind == "scale" or imp.kind == "saving")
                    ]
                    self._direct.append((r, np.array(rows, dtype=np.intp)))

    def apply(self, x: Array) -> tuple[CompiledModel, ScenarioInputs]:
        """The compiled model and the scenario's inputs with ``x`` applied, D draws."""
        x = np.asarray(x, dtype=np.float64)
        draws = x.shape[0]
        model, inputs = self.compiled, self.inputs
        changes: dict[str, object] = {}
        if self._rates or self._lines:
            # Each shocked line gets a price index of its own, in a column of its own: its
            # category's (after the inflation shocks), times 1 + x from the first
            # projection year on.
            C = inputs.rates.shape[1]
            rates = widen(inputs.rates[:, [*range(C), *[0] * len(self._lines)]], draws)
            for r, c in self._rates:
                rates[:, c, 1:] += x[:, r, None]
            if self._lines:
                line_category = model.line_category.copy()
                names = list(model.categories)
                for n, (r, line) in enumerate(self._lines):
                    own = C + n
                    rates[:, own] = rates[:, int(line_category[line])]
                    rates[:, own, 1] = (1.0 + rates[:, own, 1]) * (1.0 + x[:, r]) - 1.0
                    names.append(f"unit_cost:{model.line_ids[line]}")
                    line_category[line] = own
                model = replace(model, categories=names, line_category=line_category)
            changes["rates"] = rates
        if self._params:
            params = list(inputs.params)
            for r, d, name, additive in self._params:
                p = dict(params[d])
                a = widen(p[name], draws)
                if additive:
                    a[:, 1:] += x[:, r, None]
                else:
                    a[:, 1:] *= 1.0 + x[:, r, None]
                p[name] = a
                params[d] = p
            changes["params"] = params
        if self._effects:
            phasing = widen(inputs.levers.phasing, draws)
            for r, cols in self._effects:
                for col in cols:  # each lever's (D, T) block in place
                    phasing[:, col] *= x[:, r, None]
            changes["levers"] = replace(inputs.levers, phasing=phasing)
        for name in ("caseload", "agency_share"):
            mine = [(r, j) for r, j, kind in self._staffing if kind == name]
            if mine:
                series = widen(getattr(inputs, name), draws)
                for r, j in mine:
                    if name == "caseload":
                        series[:, j, 1:] *= 1.0 + x[:, r, None]
                    else:
                        series[:, j, 1:] += x[:, r, None]
                changes[name] = series
        if self._direct:
            direct = widen(inputs.direct, draws)
            for r, rows in self._direct:
                direct[:, rows, :] *= x[:, r, None, None]
            changes["direct"] = direct
        else:
            # Every draw-wise array the bridge stacks must have D draws.
            changes["direct"] = np.broadcast_to(inputs.direct, (draws, *inputs.direct.shape[1:]))
        if self._funding:
            funding = widen(inputs.funding, draws)
            for r, f in self._funding:
                funding[:, f, 1:] *= 1.0 + x[:, r, None]
            changes["funding"] = funding
        return model, replace(inputs, **changes)  # type: ignore[arg-type]

    def project(self, x: Array, *, standalone: bool = False) -> ScenarioArrays:
        """The scenario projected with ``x`` applied, D draws (``standalone``: with each
        initiative's standalone pass, for its effects alone)."""
        return project_applied(self.apply(x), standalone=standalone)

    def outcomes(self, x: Array) -> Array:
        """``total_cash``, ``gap`` and ``cumulative_gap`` [£] of D draws: shape (D, 3, T)."""
        return measures(self.project(x), x.shape[0])


def project_applied(
    applied: tuple[CompiledModel, ScenarioInputs], *, standalone: bool = False
) -> ScenarioArrays:
    """A projection of what `Perturbation.apply` gave: only what a Monte Carlo run
    reads (``detail=False``)."""
    model, inputs = applied
    with np.errstate(all="ignore"):  # non-finite draws are reported by the caller
        return project(model, inputs, standalone=standalone, detail=False)


def measures(a: ScenarioArrays, draws: int) -> Array:
    """`MEASURES` of a projection of ``draws`` draws: shape (D, 3, T)."""
    shape = (draws, a.total_cash.shape[-1])
    return np.stack(
        [np.broadcast_to(getattr(a, m), shape) for m in MEASURES], axis=1, dtype=np.float64
    )


def initiative_net_cash(a: ScenarioArrays, draws: int) -> Array:
    """Each included initiative's net cost in cash, direct amounts plus the effects of
    its levers alone: shape (D, I, T) (needs the standalone passes)."""
    net = a.plan_direct_cash + a.plan_effects_cash
    return np.broadcast_to(net, (draws, *net.shape[1:]))
