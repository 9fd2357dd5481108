"""The ``Plan`` and ``Business case`` sheets: each initiative's direct amounts and the
effects of its levers alone, the interaction, and each initiative's cost, saving,
net benefit, NPV and payback year, as live formulas over the standalone passes
(DESIGN.md, "Two passes and the plan, initiative by initiative")."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from .builder import Key
from .grid import F, Grid
from .passes import CF, PLAN, PassBuilder

__all__ = ["CASE_COLUMNS", "PLAN_MEASURES", "PlanBuilder"]

#: The Plan sheet's rows for each initiative, in cash.
PLAN_MEASURES = {
    "direct_cash": "direct costs and savings",
    "effects_cash": "effects of its levers",
    "net_cash": "net",
}
#: The Business case sheet's columns.
CASE_COLUMNS = ["cost", "saving", "net_benefit", "npv", "payback_year"]


class PlanBuilder(PassBuilder):
    """Lays out the Plan and Business case grids (after the calculation sheets and
    Budget)."""

    def price_indices(self) -> None:
        """Each line's price index, in line order beside the CostCalc cost rows, so a
        plan's effect in cash is one SUMPRODUCT."""
        g = self.g["CostCalc"]
        for s in self.r.scenarios:
            index = self.r.arrays(s).index[0]
            for li, x in enumerate(self.m.cost_lines):
                category = int(self.c.line_category[li])
                self.put(g, (s, x.id, "index"), [s, x.id, "price index"], "index",
                         self.index_row(s, category), index[category])  # fmt: skip

    def plan_sheet(self) -> None:
        g = self.grid("Plan", ["scenario", "initiative_id", "measure"])
        for s in self.r.scenarios:
            a, inputs = self.r.arrays(s), self.c.scenarios[s]
            for i, iid in enumerate(inputs.initiatives):
                rows = [(s, "direct", n) for n, j in enumerate(inputs.direct_initiative) if j == i]
                values = {
                    "direct_cash": a.plan_direct_cash[0, i],
                    "effects_cash": a.plan_effects_cash[0, i],
                    "net_cash": a.plan_direct_cash[0, i] + a.plan_effects_cash[0, i],
                }
                formulas = {
                    "direct_cash": partial(self._cells_sum, "Budget", rows),
                    "effects_cash": partial(self._effects, s, f"alone:{iid}"),
                    "net_cash": partial(self._net, (s, iid)),
                }
                for m, label in PLAN_MEASURES.items():
                    self.put(g, (s, iid, m), [s, iid, label], "money", formulas[m], values[m],
                             self.scale)  # fmt: skip
            if inputs.initiatives:
                mine = [(s, iid, "effects_cash") for iid in inputs.initiatives]
                for m in ("effects_cash", "net_cash"):
                    formula = partial(self._interaction, s, mine) if m == "effects_cash" else \
                        self.row("Plan", (s, "interaction", "effects_cash"))  # fmt: skip
                    label = (
                        "effects of initiatives acting together" if m == "effects_cash" else "net"
                    )
                    self.put(g, (s, "interaction", m), [s, "interaction", label], "money",
                             formula, a.interaction_cash[0], self.scale)  # fmt: skip

    def _cells_sum(self, grid: str, keys: Sequence[Key], t: int) -> str:
        cells = [self.g[grid].at(k, t) for k in keys]
        return "+".join(cells) if cells else "0"

    def _net(self, key: Key, t: int) -> str:
        plan_grid = self.g["Plan"]
        direct = plan_grid.at((*key, "direct_cash"), t)
        return f"{direct}+{plan_grid.at((*key, 'effects_cash'), t)}"

    def _effects(self, s: str, pass_: str, t: int) -> str:
        """``sum_l (K(i)_l - Kcf_l) * I_l`` over the lines the initiative's levers change."""
        calc = self.g["CostCalc"]
        terms = [
            f"({calc.at((s, x.id, 'cost', pass_), t)}-{calc.at((s, x.id, 'cost', CF), t)})"
            f"*{calc.at((s, x.id, 'index'), t)}"
            for x in self.m.cost_lines
            if calc.has((s, x.id, "cost", pass_))
        ]
        return "+".join(terms) if terms else "0"

    def _interaction(self, s: str, alone: Sequence[Key], t: int) -> str:
        calc = self.g["CostCalc"]
        lines = self.m.cost_lines
        index = calc.span([(s, x.id, "index") for x in lines], t)
        with_plan = calc.span([(s, x.id, "cost", PLAN) for x in lines], t)
        without = calc.span([(s, x.id, "cost", CF) for x in lines], t)
        if not lines:
            return "0"
        each = "+".join(self.g["Plan"].at(k, t) for k in alone)
        return f"SUMPRODUCT({with_plan},{index})-SUMPRODUCT({without},{index})-({each})"

    def business_case_sheet(self) -> None:
        g = Grid("Business_case", "Business case", ["scenario", "initiative_id", "name"],
                 CASE_COLUMNS)  # fmt: skip
        self.g["Business_case"] = g
        frame = self.r.business_case
        for s in self.r.scenarios:
            inputs = self.c.scenarios[s]
            mine = frame[frame["scenario"] == s]
            for i, iid in enumerate(inputs.initiatives):
                case = mine.iloc[i]
                kinds = [self.m.improvements[int(k)].kind for k in inputs.direct_rows]
                rows = [n for n, j in enumerate(inputs.direct_initiative) if j == i]
                costs = [(s, "direct", n) for n in rows if kinds[n] != "saving"]
                savings = [(s, "direct", n) for n in rows if kinds[n] == "saving"]
                paid = case["payback_year"]
                values = [case["cost"], case["saving"], case["net_benefit"], case["npv"],
                          paid if isinstance(paid, str) else ""]  # fmt: skip
                g.add((s, iid), [s, iid, case["name"]], "money",
                      partial(self._case_cell, s, iid, costs, savings, values))  # fmt: skip

    def _across(self, grid: str, key: Key) -> str:
        """A row's projection years as one range (``Budget!G5:K5``)."""
        g = self.g[grid]
        return g.across(key, 1, len(self.years) - 1)

    def _case_cell(
        self,
        s: str,
        iid: str,
        costs: Sequence[Key],
        savings: Sequence[Key],
        values: list[object],
        j: int,
    ) -> F:
        column, value = CASE_COLUMNS[j], values[j]
        case = self.g["Business_case"]
        if column == "cost":
            text = "+".join(f"SUM({self._across('Budget', k)})" for k in costs) or "0"
        elif column == "saving":
            saved = "+".join(f"SUM({self._across('Budget', k)})" for k in savings)
            effects = f"SUM({self._across('Plan', (s, iid, 'effects_cash'))})"
            text = f"-({saved})-{effects}" if saved else f"-{effects}"
        elif column == "net_benefit":
            text = f"{case.at((s, iid), 1)}-{case.at((s, iid), 0)}"
        elif column == "npv":
            deflator = (self.inflation_of(s), self.c.categories[self.c.deflator])
            rate = self.cells.setting("discount_rate") or repr(float(self.m.discount_rate))
            text = "+".join(
                f"-({self.g['Plan'].at((s, iid, 'net_cash'), t)}/{self.g['Index'].at(deflator, t)})"
                f"/(1+{rate})^{t}"
                for t in range(1, len(self.years))
            )
        else:
            text = '""'
            for t in reversed(range(1, len(self.years))):
                spent = "+".join(
                    self.g["Plan"].at((s, iid, "net_cash"), u) for u in range(1, t + 1)
                )
                text = f'IF(-({spent})>=0,"{self.years[t]}",{text})'
        return F(text, value if isinstance(value, str) else float(str(value)) / self.scale)
