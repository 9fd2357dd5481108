"""Live formulas for the results workbook, each carrying the engine's value.

Every computed number in Summary, Budget, Bridge, Volumes and Gap is a formula
that follows the model back to the input sheets' cells, through three
calculation sheets kept short enough to read:

- ``Index``: price indices by inflation scenario and category;
- ``DriverCalc``: rates per head, shares and stocks behind the volumes;
- ``CostCalc``: each line's cost at base-year prices without and with the plan,
  staffing FTE, and the initiatives' direct amounts.

This module only lays rows out and says where each operand is: a formula's
text comes from the definition in `budgetmodel.core` that also computes
it, and its stored value from the engine's arrays. Money is shown in the
model's money unit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from ..core import money
from ..vocabulary import BRIDGE_STEPS, MEASURES
from .backtestsheet import BacktestBuilder
from .builder import Key, Operand, const, in_year, refs
from .grid import Grid
from .plansheets import PlanBuilder
from .tables import InputTable

if TYPE_CHECKING:
    from .._results import Result
    from ..core._ref import Ref

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


def build_grids(result: Result, tables: Sequence[InputTable]) -> dict[str, Grid]:
    """Every results and calculation table as formulas with the engine's values."""
    grids = _Builder(result, tables).build()
    for g in grids.values():
        g.render()
    return grids


class _Builder(PlanBuilder, BacktestBuilder):
    """Lays out every grid, naming each formula's operands; renders nothing itself."""

    def build(self) -> dict[str, Grid]:
        self.index()
        self.driver_calc()
        self.volumes()
        self.cost_calc()
        self.price_indices()
        self.budget()
        self.plan_sheet()
        self.business_case_sheet()
        self.backtest_sheet()
        self.summary()
        self.bridge()
        self.gap()
        self.waterfall()
        return self.g

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
                        partial(_sum_of, refs({"rows": self.span("Budget", mine)}), "rows"),
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
                    money.income_formula, ref=refs({"income_lines": self.span("Budget", income)})
                ),
                a.income_cash[0],
                self.scale,
            )
            ref = refs(
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
        ref = refs(
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
        ref = refs(
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
            ref = refs(
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
            ref = refs(
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
                ref = refs(
                    {
                        "step": const(bridge.at((s, step), t_last)),
                        "before": in_year(self.row("Waterfall", (s, before)), len(g.years) - 1),
                    }
                )
                formula = partial(_waterfall_cell, step in ends, ref)
                self.put(g, (s, step), [s, BRIDGE_STEPS[step].text], "money", formula, values[k])


def _sum_of(ref: Ref, name: str, t: int) -> str:
    return money.sum_formula(ref(name, t))


def _sum_each(cells: list[Operand], t: int) -> str:
    """``SUM`` of single cells that are not adjacent (the service areas' subtotals)."""
    return money.sum_formula(*(c(t) for c in cells))


def _waterfall_cell(first_or_last: bool, ref: Ref, j: int) -> str:
    return money.waterfall_formula(money.WATERFALL_COLUMNS[j], first_or_last, ref)
