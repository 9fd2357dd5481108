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
from ..core.costs import LINE_TYPES, LineType, counted_formula
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
SUMMARY_MEASURES = (
    "gross_cash",
    "income_cash",
    "total_cash",
    "total_real",
    "funding",
    "gap",
    "cumulative_gap",
)
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
        own = pass_ if self.own_steps(i, pass_) else "counterfactual"
        for step in method.steps:
            operands[step] = self.row("DriverCalc", (s, d.id, step, own))
        for p in method.parameters:
            operands[f"param:{p}"] = partial(cells.parameter, s, d.id, p)
        if method.basis == "population":
            operands["population"] = self.yearly("Populations", d.basis)
        elif method.basis == "driver" and self.c.basis[i] >= 0:
            q = self.m.drivers[self.c.basis[i]].id
            operands["basis"] = self.row("Volumes", (s, q, pass_))
            operands["basis_base_volume"] = _const(cells.at("Drivers", q, "base_volume"))
        for k, b in enumerate(self.c.bases[i]):
            operands[f"basis:{k}"] = self.row("Volumes", (s, self.m.drivers[b].id, pass_))
        return _refs(operands)

    def own_steps(self, i: int, pass_: str) -> bool:
        """Whether driver ``i``'s working rows in ``pass_`` are its own, not the
        counterfactual's: a stock whose entries come from a driver the plan changes."""
        method = METHODS[self.m.drivers[i].method]
        return pass_ == "counterfactual" or (method.steps_read_basis and self.c.basis[i] >= 0)

    def reads_drivers(self, i: int) -> bool:
        """Whether driver ``i`` is projected from other drivers' volumes."""
        method = METHODS[self.m.drivers[i].method]
        return method.basis in ("driver", "drivers") and (
            self.c.basis[i] >= 0 or bool(self.c.bases[i])
        )

    def driver_calc(self) -> None:
        g = self.grid("DriverCalc", ["scenario", "driver_id", "item"])
        for s in self.r.scenarios:
            a = self.r.arrays(s)
            for i, d in enumerate(self.m.drivers):
                method = METHODS[d.method]
                for pass_ in PASSES:
                    if not self.own_steps(i, pass_):
                        continue
                    ref, rows = self.driver_ref(s, i, pass_), getattr(a, pass_).rows[i]
                    suffix = "" if pass_ == "counterfactual" else f", {ROWS[pass_].text}"
                    for step in method.steps:
                        self.put(
                            g,
                            (s, d.id, step, pass_),
                            [s, d.id, ROWS[step].text + suffix],
                            "number" if step == "stock" else "index",
                            partial(method.formula, step, ref=ref),
                            rows[step][0],
                        )

    def volumes(self) -> None:
        g = self.grid("Volumes", ["scenario", "driver_id", "measure"])
        for s in self.r.scenarios:
            a = self.r.arrays(s)
            scenario = next(x for x in self.m.scenarios if x.name == s)
            included = included_initiatives(scenario, self.m.initiative_ids())
            for i, d in enumerate(self.m.drivers):
                method = METHODS[d.method]
                effects = [
                    (self.cells.at("Effects", k, "value"), self.yearly("Effects", k))
                    for k, e in enumerate(self.m.effects)
                    if e.target == d.id and e.initiative_id in included
                ]
                cf = partial(method.formula, "volume", ref=self.driver_ref(s, i, "counterfactual"))
                projected: Callable[[int], str | None]
                if self.reads_drivers(i):
                    # Projected again from the plan's volumes of the drivers it reads.
                    plan_ref = self.driver_ref(s, i, "with_plan")
                    projected = partial(method.formula, "volume", ref=plan_ref)
                else:
                    projected = self.row("Volumes", (s, d.id, "counterfactual"))
                volume = {
                    "counterfactual": cf,
                    "with_plan": partial(_with_effects, projected, effects),
                }
                stock: dict[str, Callable[[int], str | None]] = {}
                for pass_ in PASSES:
                    if "stock" in method.steps:
                        own = pass_ if self.own_steps(i, pass_) else "counterfactual"
                        year_end = self.row("DriverCalc", (s, d.id, "stock", own))
                        plan_effects = effects if pass_ == "with_plan" else []
                        stock[pass_] = partial(_with_effects, year_end, plan_effects)
                    else:  # the stock of any other driver is its volume
                        stock[pass_] = self.row("Volumes", (s, d.id, pass_))
                for pass_ in PASSES:
                    arrays = getattr(a, pass_)
                    label = ROWS[pass_].text
                    self.put(
                        g,
                        (s, d.id, pass_),
                        [s, d.id, label],
                        "number",
                        volume[pass_],
                        arrays.volume[0, i],
                    )
                for pass_ in PASSES:
                    arrays = getattr(a, pass_)
                    label = f"{ROWS['stock_31_march'].text}, {ROWS[pass_].text}"
                    self.put(
                        g,
                        (s, d.id, "stock", pass_),
                        [s, d.id, label],
                        "number",
                        stock[pass_],
                        arrays.stock[0, i],
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
            operands["cost_per"] = _const(line.cost_per)
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
                        _line_cost, LINE_TYPES[line.type], self.line_ref(s, li, pass_), line.kind
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
        """Lines and initiatives by service area with subtotals; income apart; totals."""
        g = self.grid("Budget", ["scenario", "line_id", "line_name", "service_area", "kind"])
        for s in self.r.scenarios:
            a, inputs = self.r.arrays(s), self.c.scenarios[s]
            subtotals: list[Key] = []
            for area_index, area in enumerate(self.c.areas):
                mine: list[Key] = []
                for li, x in enumerate(self.m.cost_lines):
                    if x.service_area == area and x.kind != "income":
                        mine.append((s, "line", li))
                        self.budget_line(g, s, li)
                for n, k in enumerate(inputs.direct_rows):
                    if int(inputs.direct_area[n]) == area_index:
                        mine.append((s, "direct", n))
                        self.budget_direct(g, s, n, int(k))
                if mine:
                    subtotals.append((s, "area", area))
                    self.put(
                        g,
                        (s, "area", area),
                        [s, "", f"Subtotal: {area}", area, "subtotal"],
                        "money",
                        partial(_sum_of, _refs({"rows": self.span("Budget", mine)}), "rows"),
                        a.area_gross_cash[0, area_index],
                        self.scale,
                    )
            self.put(
                g,
                (s, "gross"),
                [s, "", MEASURES["gross_cash"].text, "", "total"],
                "money",
                partial(_sum_each, [self.row("Budget", k) for k in subtotals]),
                a.gross_cash[0],
                self.scale,
            )
            income: list[Key] = []
            for li, x in enumerate(self.m.cost_lines):
                if x.kind == "income":
                    income.append((s, "line", li))
                    self.budget_line(g, s, li)
            self.put(
                g,
                (s, "income"),
                [s, "", MEASURES["income_cash"].text, "", "total"],
                "money",
                partial(
                    money.income_formula, ref=_refs({"income_lines": self.span("Budget", income)})
                ),
                a.income_cash[0],
                self.scale,
            )
            ref = _refs(
                {
                    "gross": self.row("Budget", (s, "gross")),
                    "income": self.row("Budget", (s, "income")),
                }
            )
            self.put(
                g,
                (s, "total"),
                [s, "", MEASURES["total_cash"].text, "", "total"],
                "money",
                partial(money.net_formula, ref=ref),
                a.total_cash[0],
                self.scale,
            )

    def budget_line(self, g: Grid, s: str, li: int) -> None:
        x, a = self.m.cost_lines[li], self.r.arrays(s)
        ref = _refs(
            {
                "base_price": self.row("CostCalc", (s, x.id, "cost", "with_plan")),
                "index": self.index_row(s, int(self.c.line_category[li])),
            }
        )
        kind = "income" if x.kind == "income" else "baseline"
        self.put(
            g,
            (s, "line", li),
            [s, x.id, x.name, x.service_area, kind],
            "money",
            partial(money.cash_formula, ref=ref),
            a.line_cash[0, li],
            self.scale,
        )

    def budget_direct(self, g: Grid, s: str, n: int, k: int) -> None:
        imp, a, inputs = self.m.improvements[k], self.r.arrays(s), self.c.scenarios[s]
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
            ref = _refs(
                {
                    **{m: self.row("Summary", (s, m)) for m in SUMMARY_MEASURES},
                    "gross": self.row("Summary", (s, "gross_cash")),
                    "income": self.row("Summary", (s, "income_cash")),
                    "cash": self.row("Summary", (s, "total_cash")),
                    "deflator": self.row("Index", (self.inflation_of(s), deflator)),
                }
            )
            formulas: dict[str, Callable[[int], str | None]] = {
                "gross_cash": self.row("Budget", (s, "gross")),
                "income_cash": self.row("Budget", (s, "income")),
                "total_cash": partial(money.net_formula, ref=ref),
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


def _line_cost(line_type: LineType, ref: Ref, kind: str, t: int) -> str:
    """A line's cost at base-year prices, as it counts in the total (income negative)."""
    return counted_formula(line_type.formula("cost", t, ref), kind)


def _sum_of(ref: Ref, name: str, t: int) -> str:
    return money.sum_formula(ref(name, t))


def _sum_each(cells: list[Operand], t: int) -> str:
    """``SUM`` of single cells that are not adjacent (the service areas' subtotals)."""
    return money.sum_formula(*(c(t) for c in cells))


def _amount(amounts: Operand, negative: bool, t: int) -> str | None:
    """An initiative's direct amount (a saving counted negative); none in the base year."""
    if t == 0:
        return None
    return f"{'-' if negative else ''}{amounts(t)}"


def _waterfall_cell(first_or_last: bool, ref: Ref, j: int) -> str:
    return money.waterfall_formula(money.WATERFALL_COLUMNS[j], first_or_last, ref)
