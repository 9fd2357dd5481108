"""The calculation sheets, pass by pass: ``Index``, ``DriverCalc``, ``Volumes`` and
``CostCalc`` (DESIGN.md, "Two passes and the plan, initiative by initiative").

Every scenario has a counterfactual pass and a with-plan pass; each included
initiative with levers has a standalone pass (``alone:<id>``). A pass shows rows of
its own only for what its levers change (a levered parameter, a staffing series
step by step, a transfer's amount moved, and the drivers and lines downstream);
everything else it reads from the counterfactual. The with-plan pass shows every
driver's volume and every line's cost, as the Budget sheet prices them.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from .._compile import Levers
from ..core import levers as lv
from ..core.costs import LINE_TYPES, counted_formula
from ..core.drivers import METHODS
from ..core.inflation import index_formula
from ..vocabulary import ROWS
from .builder import GridBuilder, Operand, const, refs

if TYPE_CHECKING:
    from .._pass import PassArrays
    from ..core._ref import Ref

__all__ = ["CF", "PLAN", "PassBuilder"]

CF, PLAN = "counterfactual", "with_plan"


def _label(pass_: str) -> str:
    return ROWS[pass_].text if pass_ in ROWS else f"{pass_.split(':', 1)[1]} alone"


class PassBuilder(GridBuilder):
    """Lays out the calculation sheets of every pass."""

    # -- passes ---------------------------------------------------------------------
    def levers(self, s: str) -> Levers:
        return self.c.scenarios[s].levers

    def passes(self, s: str) -> list[str]:
        inputs = self.c.scenarios[s]
        alone = sorted(set(inputs.levers.initiative.tolist()))
        return [CF, PLAN, *(f"alone:{inputs.initiatives[i]}" for i in alone)]

    def arrays(self, s: str, pass_: str) -> PassArrays:
        a = self.r.arrays(s)
        if pass_ == CF:
            return a.counterfactual
        if pass_ == PLAN:
            return a.with_plan
        return a.standalone[self.c.scenarios[s].initiatives.index(pass_.split(":", 1)[1])]

    def active(self, s: str, pass_: str) -> list[int]:
        L = self.levers(s)
        if pass_ == CF:
            return []
        if pass_ == PLAN:
            return list(range(len(L.parameter)))
        i = self.c.scenarios[s].initiatives.index(pass_.split(":", 1)[1])
        return [k for k in range(len(L.parameter)) if L.initiative[k] == i]

    def on(
        self, s: str, pass_: str, parameter: str, *, driver: int = -1, line: int = -1
    ) -> list[int]:
        L = self.levers(s)
        return [
            k
            for k in self.active(s, pass_)
            if L.parameter[k] == parameter
            and (driver < 0 or L.driver[k] == driver)
            and (line < 0 or L.line[k] == line)
        ]

    def affected(self, s: str, pass_: str) -> tuple[set[int], set[int]]:
        """The drivers and lines whose values in ``pass_`` differ from the counterfactual's
        by construction: what its levers touch, and everything downstream."""
        key = ("affected", s, pass_)
        if key not in self._cache:
            L = self.levers(s)
            drivers: set[int] = set()
            lines: set[int] = set()
            for k in self.active(s, pass_):
                drivers |= {int(L.driver[k]), int(L.to[k])} - {-1}
                lines |= {int(L.line[k])} - {-1}
            for i in self.c.order:
                reads = (
                    {self.c.basis[i]}
                    if METHODS[self.m.drivers[i].method].basis == "driver"
                    else set()
                )
                if (reads | set(self.c.bases[i])) & drivers:
                    drivers.add(i)
            for li, x in enumerate(self.m.cost_lines):
                if x.driver_id and self.c.driver_ids.index(x.driver_id) in drivers:
                    lines.add(li)
            self._cache[key] = (drivers, lines)
        return self._cache[key]  # type: ignore[no-any-return]

    def shown(self, s: str, pass_: str, i: int) -> bool:
        """Whether ``pass_`` has a Volumes row of its own for driver ``i``."""
        return pass_ in (CF, PLAN) or i in self.affected(s, pass_)[0]

    def where_volume(self, s: str, pass_: str, i: int) -> str:
        """The pass whose Volumes row holds driver ``i``'s volume in ``pass_``."""
        return pass_ if self.shown(s, pass_, i) else CF

    def strength_at(self, s: str, k: int, t: int) -> str:
        row = int(self.levers(s).rows[k])
        return lv.strength_formula(
            self.cells.at("Effects", row, "value"), self.cells.year("Effects", row, t)
        )

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
                self.put(
                    g,
                    key,
                    [inflation, category],
                    "index",
                    partial(index_formula, ref=refs(operands)),
                    values[k],
                )

    # -- drivers --------------------------------------------------------------------
    def param_cell(self, s: str, pass_: str, i: int, p: str) -> Operand:
        """A driver parameter in a pass: its levered row, or the input cell."""
        d = self.m.drivers[i]
        if self.g["DriverCalc"].has((s, d.id, f"param:{p}", pass_)):
            return self.row("DriverCalc", (s, d.id, f"param:{p}", pass_))
        return partial(self.cells.parameter, s, d.id, p)

    def own_steps(self, s: str, pass_: str, i: int) -> bool:
        """Whether driver ``i``'s working rows in ``pass_`` are its own."""
        if pass_ == CF:
            return True
        method = METHODS[self.m.drivers[i].method]
        levered = any(self.on(s, pass_, p, driver=i) for p in method.parameters)
        reads = method.steps_read_basis and self.c.basis[i] >= 0
        return i in self.affected(s, pass_)[0] and (levered or reads)

    def driver_ref(self, s: str, i: int, pass_: str, *, volume_key: str = "") -> Ref:
        """Operands of driver ``i``'s formulas in one pass of scenario ``s``."""
        d, cells = self.m.drivers[i], self.cells
        method = METHODS[d.method]
        own = pass_ if self.own_steps(s, pass_, i) else CF
        operands: dict[str, Operand] = {
            "base_volume": const(cells.at("Drivers", d.id, "base_volume")),
            "volume": self.row(
                "Volumes", (s, d.id, volume_key, pass_) if volume_key else (s, d.id, pass_)
            ),
        }
        for step in method.steps:
            operands[step] = self.row("DriverCalc", (s, d.id, step, own))
        for p in method.parameters:
            operands[f"param:{p}"] = self.param_cell(s, pass_, i, p)
        if self.g["DriverCalc"].has((s, d.id, "param:share", pass_)):
            operands["share"] = self.row("DriverCalc", (s, d.id, "param:share", pass_))
        if method.basis == "population":
            operands["population"] = self.yearly("Populations", d.basis)
        elif method.basis == "driver" and self.c.basis[i] >= 0:
            q = self.c.basis[i]
            qid = self.c.driver_ids[q]
            if not self.on(s, pass_, "entries", driver=i):
                operands["basis"] = self.row("Volumes", (s, qid, self.where_volume(s, pass_, q)))
            operands["basis_base_volume"] = const(cells.at("Drivers", qid, "base_volume"))
        for k, b in enumerate(self.c.bases[i]):
            bid = self.c.driver_ids[b]
            operands[f"basis:{k}"] = self.row("Volumes", (s, bid, self.where_volume(s, pass_, b)))
        return refs(operands)

    def driver_calc(self) -> None:
        g = self.grid("DriverCalc", ["scenario", "driver_id", "item"])
        for s in self.r.scenarios:
            for pass_ in self.passes(s):
                rows = self.arrays(s, pass_).rows
                suffix = "" if pass_ == CF else f", {_label(pass_)}"
                for i in self.c.order:
                    d = self.m.drivers[i]
                    method = METHODS[d.method]
                    for p in lv.PARAMETER_LEVERS:
                        ks = self.on(s, pass_, p, driver=i)
                        if ks:
                            self.put(
                                g,
                                (s, d.id, f"param:{p}", pass_),
                                [s, d.id, f"{p}{suffix}"],
                                "index" if p != "entries" else "number",
                                partial(self._levered_param, s, pass_, i, p, ks),
                                rows[i][f"param:{p}"][0],
                            )
                    if not self.own_steps(s, pass_, i):
                        continue
                    ref = self.driver_ref(s, i, pass_)
                    for step in method.steps:
                        if step == "share" and self.on(s, pass_, "share", driver=i):
                            continue  # the levered share row is the working row
                        self.put(
                            g,
                            (s, d.id, step, pass_),
                            [s, d.id, ROWS[step].text + suffix],
                            "number" if step == "year_end" else "index",
                            partial(method.formula, step, ref=ref),
                            rows[i][step][0],
                        )
                for k in self.arrays(s, pass_).transfers:
                    L = self.levers(s)
                    a, to = self.c.driver_ids[int(L.driver[k])], self.c.driver_ids[int(L.to[k])]
                    self.put(
                        g,
                        (s, "transfer", k, pass_),
                        [s, a, f"moved to {to}{suffix}"],
                        "number",
                        partial(self._moved, s, pass_, k),
                        self.arrays(s, pass_).after[k][0],
                    )

    def _levered_param(self, s: str, pass_: str, i: int, p: str, ks: list[int], t: int) -> str:
        d = self.m.drivers[i]
        L = self.levers(s)
        if p == "share":
            base = self.g["DriverCalc"].at((s, d.id, "share", CF), t)
        elif p == "entries" and self.c.basis[i] >= 0:
            q = self.c.basis[i]
            base = self.g["Volumes"].at(
                (s, self.c.driver_ids[q], self.where_volume(s, pass_, q)), t
            )
        else:
            base = self.cells.parameter(s, d.id, p, t) or "0"
        if t == 0 and p != "share":
            return base
        return lv.combine_formula(
            base, [L.change[k] for k in ks], [self.strength_at(s, k, t) for k in ks]
        )

    def _transfer_terms(self, s: str, pass_: str, i: int, before: int | None) -> str:
        """``+moved`` into and ``-moved`` out of driver ``i`` by the transfers applied in
        ``pass_`` before the one at position ``before`` (all of them when None)."""
        L, order = self.levers(s), self.arrays(s, pass_).transfers
        done = order if before is None else order[: order.index(before)]
        terms = ""
        for k in done:
            cell = "{" + str(k) + "}"
            if int(L.driver[k]) == i:
                terms += f"-{cell}"
            elif int(L.to[k]) == i:
                terms += f"+{cell}"
        return terms

    def _with_transfers(
        self, s: str, pass_: str, i: int, base: str, t: int, before: int | None = None
    ) -> str:
        terms = self._transfer_terms(s, pass_, i, before)
        for k in self.arrays(s, pass_).transfers:
            terms = terms.replace(
                "{" + str(k) + "}", self.g["DriverCalc"].at((s, "transfer", k, pass_), t)
            )
        return base + terms

    def _moved(self, s: str, pass_: str, k: int, t: int) -> str:
        L = self.levers(s)
        a = int(L.driver[k])
        projected = self.g["Volumes"].at((s, self.c.driver_ids[a], "projected", pass_), t)
        levered = self._levered(s, pass_, a, projected, t)
        volume = self._with_transfers(s, pass_, a, levered, t, before=k)
        return lv.moved_formula(L.change[k], self.strength_at(s, k, t), f"({volume})")

    def volumes(self) -> None:
        g = self.grid("Volumes", ["scenario", "driver_id", "measure"])
        for s in self.r.scenarios:
            for pass_ in self.passes(s):
                arrays, label = self.arrays(s, pass_), _label(pass_)
                for i, d in enumerate(self.m.drivers):
                    if not self.shown(s, pass_, i):
                        continue
                    if self.split(s, pass_, i):
                        ref = self.driver_ref(s, i, pass_, volume_key="projected")
                        self.put(
                            g,
                            (s, d.id, "projected", pass_),
                            [s, d.id, f"projected, {label}"],
                            "number",
                            partial(METHODS[d.method].formula, "volume", ref=ref),
                            arrays.rows[i]["projected"][0],
                        )
                    self.put(
                        g,
                        (s, d.id, pass_),
                        [s, d.id, label],
                        "number",
                        partial(self._final, s, pass_, i, "volume"),
                        arrays.volume[0, i],
                    )
                    self.put(
                        g,
                        (s, d.id, "stock", pass_),
                        [s, d.id, f"{ROWS['stock_31_march'].text}, {label}"],
                        "number",
                        partial(self._final, s, pass_, i, "stock"),
                        arrays.stock[0, i],
                    )

    def moves(self, s: str, pass_: str) -> set[int]:
        L, order = self.levers(s), self.arrays(s, pass_).transfers
        return {int(L.driver[k]) for k in order} | {int(L.to[k]) for k in order}

    def split(self, s: str, pass_: str, i: int) -> bool:
        """Whether driver ``i``'s projection in ``pass_`` has a row of its own before its
        volume levers and transfers."""
        if pass_ != CF and i not in self.affected(s, pass_)[0]:
            return False
        return bool(self.on(s, pass_, "volume", driver=i)) or i in self.moves(s, pass_)

    def _levered(self, s: str, pass_: str, i: int, base: str, t: int) -> str:
        """``base`` with driver ``i``'s volume levers in ``pass_`` (from year 1)."""
        ks = self.on(s, pass_, "volume", driver=i)
        if not ks or t == 0:
            return base
        L = self.levers(s)
        return lv.combine_formula(
            base, [L.change[k] for k in ks], [self.strength_at(s, k, t) for k in ks]
        )

    def _final(self, s: str, pass_: str, i: int, what: str, t: int) -> str:
        """Driver ``i``'s volume (or stock) in ``pass_``: projected, levered, transferred."""
        d = self.m.drivers[i]
        volumes = self.g["Volumes"]
        if pass_ != CF and i not in self.affected(s, pass_)[0]:
            return volumes.at((s, d.id, CF) if what == "volume" else (s, d.id, "stock", CF), t)
        method = METHODS[d.method]
        if what == "stock" and "year_end" not in method.steps:
            return volumes.at((s, d.id, pass_), t)
        if what == "stock":
            own = pass_ if self.own_steps(s, pass_, i) else CF
            base = self.g["DriverCalc"].at((s, d.id, "year_end", own), t)
        elif self.split(s, pass_, i):
            base = volumes.at((s, d.id, "projected", pass_), t)
        else:
            return method.formula("volume", t, self.driver_ref(s, i, pass_))
        return self._with_transfers(s, pass_, i, self._levered(s, pass_, i, base, t), t)

    # -- costs ----------------------------------------------------------------------
    def line_shown(self, s: str, pass_: str, li: int) -> bool:
        return pass_ in (CF, PLAN) or li in self.affected(s, pass_)[1]

    def line_ref(self, s: str, li: int, pass_: str) -> Ref:
        """Operands of cost line ``li``'s formulas in one pass of scenario ``s``."""
        line, cells = self.m.cost_lines[li], self.cells
        operands: dict[str, Operand] = {
            column: const(cells.at("CostLines", line.id, column))
            for column in ("base_cost", "cost_per_fte", "agency_premium")
        }
        operands["fte"] = self.row("CostCalc", (s, line.id, "fte", pass_))
        if line.unit_cost is not None:
            operands["unit_cost"] = const(cells.at("CostLines", line.id, "unit_cost"))
            operands["cost_per"] = const(line.cost_per)
        if line.driver_id:
            i = self.c.driver_ids.index(line.driver_id)
            where = self.where_volume(s, pass_, i)
            operands["volume"] = self.row("Volumes", (s, line.driver_id, where))
            operands["base_volume"] = const(cells.at("Drivers", line.driver_id, "base_volume"))
        for p in ("caseload", "agency_share"):
            ks = self.on(s, pass_, p, line=li)
            if ks:
                operands[p] = self.row("CostCalc", (s, line.id, f"{p}:{ks[-1]}", pass_))
            elif cells.has("CostAssumptions", (line.id, p)):
                operands[p] = self.yearly("CostAssumptions", (line.id, p))
        return refs(operands)

    def cost_calc(self) -> None:
        g = self.grid("CostCalc", ["scenario", "id", "item"])
        staffing = [int(i) for i in self.c.staffing_lines]
        for s in self.r.scenarios:
            a = self.r.arrays(s)
            for pass_ in self.passes(s):
                arrays, label = self.arrays(s, pass_), _label(pass_)
                for li in staffing:
                    line = self.m.cost_lines[li]
                    for p in ("caseload", "agency_share"):
                        previous: str | None = None
                        for k in self.on(s, pass_, p, line=li):
                            self.put(
                                g,
                                (s, line.id, f"{p}:{k}", pass_),
                                [s, line.id, f"{p}, {label}"],
                                "number",
                                partial(self._step, s, line.id, p, k, previous),
                                arrays.after[k][0],
                            )
                            previous = f"{p}:{k}"
                for li, line in enumerate(self.m.cost_lines):
                    if not self.line_shown(s, pass_, li):
                        continue
                    formula = partial(self._cost, s, pass_, li)
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
                    if not self.line_shown(s, pass_, li):
                        continue
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
                text = f"{imp.kind} (negative)" if negative else imp.kind
                amount = partial(_amount, self.yearly("Improvement", int(k)), negative)
                self.put(
                    g,
                    (s, "direct", n),
                    [s, imp.initiative_id, text],
                    "money",
                    amount,
                    a.direct_base_price[0, n],
                    self.scale,
                )

    def _step(self, s: str, line_id: str, p: str, k: int, previous: str | None, t: int) -> str:
        pass_ = next(
            x for x in self.passes(s) if self.g["CostCalc"].has((s, line_id, f"{p}:{k}", x))
        )
        x = (
            self.g["CostCalc"].at((s, line_id, previous, pass_), t)
            if previous
            else self.cells.year("CostAssumptions", (line_id, p), t)
            if self.cells.has("CostAssumptions", (line_id, p))
            else "0"
        )
        row = int(self.levers(s).rows[k])
        value = self.cells.at("Effects", row, "value")
        return lv.step_formula(
            x, self.levers(s).change[k], value, self.cells.year("Effects", row, t)
        )

    def _cost(self, s: str, pass_: str, li: int, t: int) -> str:
        line = self.m.cost_lines[li]
        text = LINE_TYPES[line.type].formula("cost", t, self.line_ref(s, li, pass_))
        ks = self.on(s, pass_, "unit_cost", line=li)
        if ks and t > 0:
            L = self.levers(s)
            text = lv.combine_formula(
                f"({text})", [L.change[k] for k in ks], [self.strength_at(s, k, t) for k in ks]
            )
        return counted_formula(text, line.kind)


def _amount(amounts: Operand, negative: bool, t: int) -> str | None:
    """An initiative's direct amount (a saving counted negative); none in the base year."""
    if t == 0:
        return None
    return f"{'-' if negative else ''}{amounts(t)}"
