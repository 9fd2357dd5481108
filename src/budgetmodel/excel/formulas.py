"""Live formulas for the results workbook, each carrying the engine's value.

Every computed number in Summary, Budget, Bridge, Volumes and Gap is a formula
that follows the model back to the input sheets' cells, through three
calculation sheets kept short enough to read:

- ``Index``: price indices by inflation scenario and category;
- ``DriverCalc``: rates per head, shares and stocks behind the volumes;
- ``CostCalc``: each line's cost at base-year prices without and with the plan,
  staffing FTE, and the initiatives' direct amounts.

This module only lays rows out and says where each operand is: a formula's
text comes from the definition in :mod:`budgetmodel.core` that also computes
it, and its stored value from the engine's arrays. Money is shown in the
model's money unit.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from ..compile import included_initiatives
from ..core import money
from ..core.costs import LINE_TYPES
from ..core.drivers import METHODS, effect_formula
from ..core.inflation import index_formula
from ..vocabulary import BRIDGE_STEPS, MEASURES, ROWS
from .grid import F, Grid
from .inputs import InputCells
from .tables import InputTable

if TYPE_CHECKING:
    from ..core._ref import Ref
    from ..results import Result

__all__ = ["SUMMARY_MEASURES", "build_grids"]

#: The Summary sheet's measures, in order.
SUMMARY_MEASURES = ("total_cash", "total_real", "funding", "gap", "cumulative_gap")
#: The two passes of every scenario (DESIGN.md, "Two passes").
PASSES = ("counterfactual", "with_plan")

#: An operand: its cell (or range) in year ``t``, or None where there is none.
Operand = Callable[[int], "str | None"]
Key = tuple[Hashable, ...]


def build_grids(result: Result, tables: Sequence[InputTable]) -> dict[str, Grid]:
    """Every results and calculation table as formulas with the engine's values."""
    grids = _Builder(result, tables).build()
    for g in grids.values():
        g.render()
    return grids


def _refs(operands: Mapping[str, Operand]) -> Ref:
    """``ref(name, t)`` over a table of operands; a name not in it has no cell."""

    def ref(name: str, t: int) -> str | None:
        found = operands.get(name)
        return found(t) if found else None

    return ref


def _const(cell: str | None) -> Operand:
    """An operand that is the same cell in every year (a base volume, a unit cost)."""
    return lambda t: cell


def _in_year(operand: Operand, year: int) -> Operand:
    """``operand`` always in ``year`` (the level column of a waterfall row)."""
    return lambda t: operand(year)


class _Builder:
    """Lays out every grid, naming each formula's operands; renders nothing itself."""

    def __init__(self, result: Result, tables: Sequence[InputTable]) -> None:
        self.r = result
        self.m = result.model
        self.c = result.compiled
        self.cells = InputCells(self.m, tables)
        self.years = result.years
        self.scale = self.m.money_scale
        self.g: dict[str, Grid] = {}

    def build(self) -> dict[str, Grid]:
        self.index()
        self.driver_calc()
        self.volumes()
        self.cost_calc()
        self.budget()
        self.summary()
        self.bridge()
        self.gap()
        self.waterfall()
        return self.g

    # -- helpers --------------------------------------------------------------------
    def grid(self, name: str, keys: list[str], *, sheet: str = "", top: int = 0) -> Grid:
        self.g[name] = Grid(name, sheet or name, keys, self.years, top)
        return self.g[name]

    def row(self, grid: str, key: Key) -> Operand:
        """A results row's cell in each year (looked up when rendered)."""
        return lambda t: self.g[grid].at(key, t)

    def span(self, grid: str, keys: Sequence[Key], year: int | None = None) -> Operand:
        """A range over adjacent rows in each year (or always in ``year``)."""
        return lambda t: self.g[grid].span(keys, t if year is None else year)

    def yearly(self, sheet: str, key: Any) -> Operand:
        """An input row's cell in each year."""
        return lambda t: self.cells.year(sheet, key, t)

    def put(
        self,
        grid: Grid,
        key: Key,
        labels: list[Any],
        kind: str,
        formula: Callable[[int], str | None],
        values: Any,
        scale: float = 1.0,
    ) -> None:
        """A row of formulas, each with the engine's value (in ``scale`` units); a year
        whose definition has no formula (a constant) gets the value alone."""

        def render(t: int) -> Any:
            value = float(values[t]) / scale
            text = formula(t)
            return F(text, value) if text is not None else value

        grid.add(key, labels, kind, render)

    def inflation_of(self, scenario: str) -> str:
        return next(s.inflation_scenario for s in self.m.scenarios if s.name == scenario)

    def index_row(self, scenario: str, category: int) -> Operand:
        return self.row("Index", (self.inflation_of(scenario), self.c.categories[category]))

    def direct_keys(self, s: str) -> list[Key]:
        return [(s, "direct", n) for n in range(len(self.c.scenarios[s].direct_rows))]

    def cost_keys(self, s: str, pass_: str) -> list[Key]:
        return [(s, line.id, "cost", pass_) for line in self.m.cost_lines]

    # -- Index ----------------------------------------------------------------------
    def index(self) -> None:
        g = self.grid("Index", ["inflation_scenario", "category"])
        first: dict[str, str] = {}
        for s in self.r.scenarios:
            first.setdefault(self.inflation_of(s), s)
        for inflation, scenario in first.items():
            values = self.r.arrays(scenario).index[0]
            for k, category in enumerate(self.c.categories):
                key = (inflation, category)
                operands = {"index": self.row("Index", key)}
                if category != "none" and self.cells.has("Inflation", key):
                    operands["rate"] = self.yearly("Inflation", key)
                ref = _refs(operands)
                self.put(
                    g,
                    key,
                    [inflation, category],
                    "index",
                    partial(index_formula, ref=ref),
                    values[k],
                )

    # -- drivers --------------------------------------------------------------------
    def driver_ref(self, s: str, i: int, pass_: str) -> Ref:
        """Operands of driver ``i``'s formulas in one pass of scenario ``s``."""
        d = self.m.drivers[i]
        method = METHODS[d.method]
        cells = self.cells
        operands: dict[str, Operand] = {
            "base_volume": _const(cells.at("Drivers", d.id, "base_volume")),
            "volume": self.row("Volumes", (s, d.id, pass_)),
        }
        for step in method.steps:
            operands[step] = self.row("DriverCalc", (s, d.id, step))
        for p in method.parameters:
            operands[f"param:{p}"] = partial(cells.parameter, s, d.id, p)
        if method.basis == "population":
            operands["population"] = self.yearly("Populations", d.basis)
        elif method.basis == "driver":
            q = self.m.drivers[self.c.basis[i]].id
            operands["basis"] = self.row("Volumes", (s, q, pass_))
            operands["basis_base_volume"] = _const(cells.at("Drivers", q, "base_volume"))
        return _refs(operands)

    def driver_calc(self) -> None:
        g = self.grid("DriverCalc", ["scenario", "driver_id", "item"])
        for s in self.r.scenarios:
            rows = self.r.arrays(s).counterfactual.rows
            for i, d in enumerate(self.m.drivers):
                method, ref = METHODS[d.method], self.driver_ref(s, i, "counterfactual")
                for step in method.steps:
                    kind = "number" if step == "stock" else "index"
                    self.put(
                        g,
                        (s, d.id, step),
                        [s, d.id, ROWS[step].text],
                        kind,
                        partial(method.formula, step, ref=ref),
                        rows[i][step][0],
                    )

    def volumes(self) -> None:
        g = self.grid("Volumes", ["scenario", "driver_id", "measure"])
        for s in self.r.scenarios:
            a = self.r.arrays(s)
            scenario = next(x for x in self.m.scenarios if x.name == s)
            included = included_initiatives(scenario, self.m.initiative_ids())
            for i, d in enumerate(self.m.drivers):
                method = METHODS[d.method]
                cf = partial(method.formula, "volume", ref=self.driver_ref(s, i, "counterfactual"))
                projected: Callable[[int], str | None]
                if method.basis == "driver":
                    # A driver read from a basis: the plan's own projection, since the
                    # plan may change the basis.
                    projected = partial(
                        method.formula, "volume", ref=self.driver_ref(s, i, "with_plan")
                    )
                else:
                    projected = self.row("Volumes", (s, d.id, "counterfactual"))
                effects = [
                    (self.cells.at("Effects", k, "effect"), self.yearly("Effects", k))
                    for k, e in enumerate(self.m.effects)
                    if e.driver_id == d.id and e.initiative_id in included
                ]
                with_plan = partial(_with_effects, projected, effects)
                for pass_, formula in (("counterfactual", cf), ("with_plan", with_plan)):
                    self.put(
                        g,
                        (s, d.id, pass_),
                        [s, d.id, ROWS[pass_].text],
                        "number",
                        formula,
                        getattr(a, pass_).volume[0, i],
                    )

    # -- costs ----------------------------------------------------------------------
    def line_ref(self, s: str, li: int, pass_: str) -> Ref:
        """Operands of cost line ``li``'s formulas in one pass of scenario ``s``."""
        line, cells = self.m.cost_lines[li], self.cells
        operands: dict[str, Operand] = {
            column: _const(cells.at("CostLines", line.id, column))
            for column in ("base_cost", "cost_per_fte", "agency_premium")
        }
        operands["fte"] = self.row("CostCalc", (s, line.id, "fte", pass_))
        if line.unit_cost is not None:
            operands["unit_cost"] = _const(cells.at("CostLines", line.id, "unit_cost"))
        if line.driver_id:
            operands["volume"] = self.row("Volumes", (s, line.driver_id, pass_))
            operands["base_volume"] = _const(cells.at("Drivers", line.driver_id, "base_volume"))
        for p in ("caseload", "agency_share"):
            if cells.has("CostAssumptions", (line.id, p)):
                operands[p] = self.yearly("CostAssumptions", (line.id, p))
        return _refs(operands)

    def cost_calc(self) -> None:
        g = self.grid("CostCalc", ["scenario", "id", "item"])
        staffing = [int(i) for i in self.c.staffing_lines]
        for s in self.r.scenarios:
            a = self.r.arrays(s)
            for pass_ in PASSES:
                arrays, label = getattr(a, pass_), ROWS[pass_].text
                for li, line in enumerate(self.m.cost_lines):
                    formula = partial(
                        LINE_TYPES[line.type].formula, "cost", ref=self.line_ref(s, li, pass_)
                    )
                    self.put(
                        g,
                        (s, line.id, "cost", pass_),
                        [s, line.id, f"cost {label}"],
                        "money",
                        formula,
                        arrays.line_base_price[0, li],
                        self.scale,
                    )
                for j, li in enumerate(staffing):
                    line = self.m.cost_lines[li]
                    formula = partial(
                        LINE_TYPES[line.type].formula, "fte", ref=self.line_ref(s, li, pass_)
                    )
                    self.put(
                        g,
                        (s, line.id, "fte", pass_),
                        [s, line.id, f"FTE {label}"],
                        "number",
                        formula,
                        arrays.fte[0, j],
                    )
            for n, k in enumerate(self.c.scenarios[s].direct_rows):
                imp = self.m.improvements[int(k)]
                negative = imp.kind == "saving"
                label = f"{imp.kind} (negative)" if negative else imp.kind
                amount = partial(_amount, self.yearly("Improvement", int(k)), negative)
                self.put(
                    g,
                    (s, "direct", n),
                    [s, imp.initiative_id, label],
                    "money",
                    amount,
                    a.direct_base_price[0, n],
                    self.scale,
                )

    # -- results --------------------------------------------------------------------
    def budget(self) -> None:
        g = self.grid("Budget", ["scenario", "line_id", "line_name", "service_area", "kind"])
        for s in self.r.scenarios:
            a, inputs = self.r.arrays(s), self.c.scenarios[s]
            for li, x in enumerate(self.m.cost_lines):
                ref = _refs(
                    {
                        "base_price": self.row("CostCalc", (s, x.id, "cost", "with_plan")),
                        "index": self.index_row(s, int(self.c.line_category[li])),
                    }
                )
                self.put(
                    g,
                    (s, "line", li),
                    [s, x.id, x.name, x.service_area, "baseline"],
                    "money",
                    partial(money.cash_formula, ref=ref),
                    a.line_cash[0, li],
                    self.scale,
                )
            for n, k in enumerate(inputs.direct_rows):
                imp = self.m.improvements[int(k)]
                ref = _refs(
                    {
                        "base_price": self.row("CostCalc", (s, "direct", n)),
                        "index": self.index_row(s, int(inputs.direct_category[n])),
                    }
                )
                self.put(
                    g,
                    (s, "direct", n),
                    [s, imp.initiative_id, imp.name, imp.service_area, imp.kind],
                    "money",
                    partial(money.cash_formula, ref=ref),
                    a.direct_cash[0, n],
                    self.scale,
                )

    def summary(self) -> None:
        g = self.grid("Summary", ["scenario", "measure"])
        deflator = self.c.categories[self.c.deflator]
        for s in self.r.scenarios:
            a = self.r.arrays(s)
            items = [(s, "line", li) for li in range(len(self.m.cost_lines))]
            ref = _refs(
                {
                    **{m: self.row("Summary", (s, m)) for m in SUMMARY_MEASURES},
                    "cash": self.row("Summary", (s, "total_cash")),
                    "deflator": self.row("Index", (self.inflation_of(s), deflator)),
                    "budget": self.span("Budget", [*items, *self.direct_keys(s)]),
                }
            )
            formulas: dict[str, Callable[[int], str | None]] = {
                "total_cash": partial(_sum_of, ref, "budget"),
                "total_real": partial(money.real_formula, ref=ref),
                "funding": lambda t: money.sum_formula(self.cells.column("Funding", self.years[t])),
                "gap": partial(money.gap_formula, ref=ref),
                "cumulative_gap": partial(money.cumulative_gap_formula, ref=ref),
            }
            for m in SUMMARY_MEASURES:
                self.put(
                    g,
                    (s, m),
                    [s, MEASURES[m].text],
                    "money",
                    formulas[m],
                    getattr(a, m)[0],
                    self.scale,
                )

    def bridge(self) -> None:
        g = self.grid("Bridge", ["scenario", "step"])
        for s in self.r.scenarios:
            a = self.r.arrays(s)
            ref = _refs(
                {
                    "base_costs": self.span("CostCalc", self.cost_keys(s, "with_plan"), year=0),
                    "cf_costs": self.span("CostCalc", self.cost_keys(s, "counterfactual")),
                    "plan_costs": self.span("CostCalc", self.cost_keys(s, "with_plan")),
                    "direct_costs": self.span("CostCalc", self.direct_keys(s)),
                    "total_cash": self.row("Summary", (s, "total_cash")),
                    **{step: self.row("Bridge", (s, step)) for step in money.BRIDGE_STEPS},
                }
            )
            for k, step in enumerate(money.BRIDGE_STEPS):
                self.put(
                    g,
                    (s, step),
                    [s, BRIDGE_STEPS[step].text],
                    "money",
                    partial(money.bridge_formula, step, ref=ref),
                    a.bridge[0, k],
                    self.scale,
                )

    def gap(self) -> None:
        g = self.grid("Gap", ["scenario", "item"])
        for s in self.r.scenarios:
            funding = self.c.scenarios[s].funding[0]
            for n, f in enumerate(self.m.funding):
                self.put(
                    g,
                    (s, "funding", n),
                    [s, f"Funding: {f.name or f.id}"],
                    "money",
                    self.yearly("Funding", n),
                    funding[n],
                    self.scale,
                )
            a = self.r.arrays(s)
            labels = {
                "funding": "Funding, total",
                **{m: MEASURES[m].text for m in ("total_cash", "gap", "cumulative_gap")},
            }
            for m, label in labels.items():
                self.put(
                    g,
                    (s, m),
                    [s, label],
                    "money",
                    self.row("Summary", (s, m)),
                    getattr(a, m)[0],
                    self.scale,
                )

    def waterfall(self) -> None:
        """Each scenario's waterfall helper columns for the final year, below Bridge."""
        bridge = self.g["Bridge"]
        t_last = len(self.years) - 1
        g = Grid(
            "Waterfall",
            "Bridge",
            ["scenario", "step"],
            list(money.WATERFALL_COLUMNS),
            top=bridge.top + len(bridge.rows) + 3,
        )
        self.g["Waterfall"] = g
        ends = (money.BRIDGE_STEPS[0], money.BRIDGE_STEPS[-1])
        for s in self.r.scenarios:
            values = money.waterfall(self.r.arrays(s).bridge[0, :, t_last]) / self.scale
            for k, step in enumerate(money.BRIDGE_STEPS):
                before = money.BRIDGE_STEPS[k - 1] if k else step
                ref = _refs(
                    {
                        "step": _const(bridge.at((s, step), t_last)),
                        "before": _in_year(self.row("Waterfall", (s, before)), len(g.years) - 1),
                    }
                )
                formula = partial(_waterfall_cell, step in ends, ref)
                self.put(g, (s, step), [s, BRIDGE_STEPS[step].text], "money", formula, values[k])


def _with_effects(
    projected: Callable[[int], str | None], effects: list[tuple[str, Operand]], t: int
) -> str:
    """The with-plan volume: the projection, times each included effect from year 1."""
    base = str(projected(t))
    if t == 0:
        return base
    return effect_formula(base, [(e, str(phasing(t))) for e, phasing in effects])


def _sum_of(ref: Ref, name: str, t: int) -> str:
    return money.sum_formula(ref(name, t))


def _amount(amounts: Operand, negative: bool, t: int) -> str | None:
    """An initiative's direct amount (a saving counted negative); none in the base year."""
    if t == 0:
        return None
    return f"{'-' if negative else ''}{amounts(t)}"


def _waterfall_cell(first_or_last: bool, ref: Ref, j: int) -> str:
    return money.waterfall_formula(money.WATERFALL_COLUMNS[j], first_or_last, ref)
