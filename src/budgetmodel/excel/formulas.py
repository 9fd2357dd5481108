"""Live formulas for the results workbook, each carrying the engine's value.

Every computed number in Summary, Budget, Bridge, Volumes and Gap is a formula
that follows DESIGN.md's mathematics back to the input sheets' cells, through
three calculation sheets kept short enough to read:

- ``Index``: price indices by inflation scenario and category;
- ``DriverCalc``: rates per head, shares and stocks behind the volumes;
- ``CostCalc``: each line's cost at base-year prices without and with the plan,
  staffing FTE, and the initiatives' direct amounts.

Only functions every spreadsheet engine shares are used (+ - * /, SUM, IF, MIN,
MAX). Money is in the model's money unit, as on the input sheets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..compile import included_initiatives
from ..core import drivers as core_drivers
from ..core.inflation import price_index
from ..core.money import BRIDGE_STEPS
from .tables import InputTable

if TYPE_CHECKING:
    from ..results import Result

__all__ = ["F", "Grid", "InputCells", "build_grids", "col_letter"]


@dataclass(frozen=True)
class F:
    """A formula and the value the engine computed for it."""

    text: str
    value: float


@dataclass
class Grid:
    """One results sheet: header, rows of cells, and how many key columns lead."""

    name: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    keys: int = 2
    kinds: list[str] = field(default_factory=list)  # per row: "money", "number", "index"


def col_letter(j: int) -> str:
    """``col_letter(0) == "A"``, ``col_letter(27) == "AB"`` (0-based)."""
    letters = ""
    j += 1
    while j:
        j, rem = divmod(j - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _ref(sheet: str, row: int, col: int) -> str:
    """``Sheet!C5`` for a 0-based row and column."""
    return f"{sheet}!{col_letter(col)}{row + 1}"


class InputCells:
    """Where each input value sits on the input sheets of the results workbook."""

    def __init__(self, model: Any, tables: Sequence[InputTable]) -> None:
        self.years = model.years
        self.header = {t.name: {h: j for j, h in enumerate(t.header)} for t in tables}
        keys: dict[str, list[Any]] = {
            "Populations": [p.id for p in model.populations],
            "Drivers": [d.id for d in model.drivers],
            "DriverAssumptions": [(a.driver_id, a.parameter) for a in model.driver_assumptions],
            "Overrides": [(o.scenario, o.driver_id, o.parameter) for o in model.overrides],
            "CostLines": [x.id for x in model.cost_lines],
            "CostAssumptions": [(a.line_id, a.parameter) for a in model.cost_assumptions],
            "Improvement": list(range(len(model.improvements))),
            "Effects": list(range(len(model.effects))),
            "Inflation": [(r.scenario, r.category) for r in model.inflation],
            "Funding": list(range(len(model.funding))),
        }
        self.rows = {sheet: {k: i + 1 for i, k in enumerate(ks)} for sheet, ks in keys.items()}

    def has(self, sheet: str, key: Any) -> bool:
        return key in self.rows.get(sheet, {})

    def at(self, sheet: str, key: Any, column: str) -> str:
        """The cell of ``column`` (a header or a year label) in the row ``key``."""
        return _ref(sheet, self.rows[sheet][key], self.header[sheet][column])

    def year(self, sheet: str, key: Any, t: int) -> str:
        return self.at(sheet, key, self.years[t])

    def parameter(self, scenario: str, driver: str, name: str) -> str | None:
        """The scenario's row for a driver parameter: its override, or the assumption."""
        if self.has("Overrides", (scenario, driver, name)):
            return "Overrides"
        if self.has("DriverAssumptions", (driver, name)):
            return "DriverAssumptions"
        return None

    def parameter_cell(self, scenario: str, driver: str, name: str, t: int) -> str | None:
        sheet = self.parameter(scenario, driver, name)
        if sheet is None:
            return None
        key = (scenario, driver, name) if sheet == "Overrides" else (driver, name)
        return self.year(sheet, key, t)


def _sum(sheet: str, col: int, first: int, last: int) -> str:
    if last < first:
        return "0"
    return f"SUM({sheet}!{col_letter(col)}{first + 1}:{col_letter(col)}{last + 1})"


def build_grids(result: Result, tables: Sequence[InputTable]) -> dict[str, Grid]:
    """Every results and calculation sheet as formulas with the engine's values."""
    return _Builder(result, tables).build()


class _Builder:
    def __init__(self, result: Result, tables: Sequence[InputTable]) -> None:
        self.r = result
        self.m = result.model
        self.c = result.compiled
        self.cells = InputCells(self.m, tables)
        self.years = result.years
        self.T = len(self.years)
        self.scale = self.m.money_scale
        self.pos: dict[tuple[Any, ...], int] = {}  # (sheet, ...) -> 0-based row
        self.blocks: dict[tuple[str, str], tuple[int, int]] = {}

    # -- helpers ------------------------------------------------------------------
    def grid(self, name: str, keys: list[str]) -> Grid:
        return Grid(name, [*keys, *self.years], keys=len(keys))

    def add(
        self, g: Grid, key: tuple[Any, ...], labels: list[Any], cells: list[Any], kind: str
    ) -> int:
        row = len(g.rows) + 1
        g.rows.append([*labels, *cells])
        g.kinds.append(kind)
        self.pos[(g.name, *key)] = row
        return row

    def cell(self, sheet: str, key: tuple[Any, ...], t: int, keys: int) -> str:
        return _ref(sheet, self.pos[(sheet, *key)], keys + t)

    def inflation_of(self, scenario: str) -> str:
        return next(s.inflation_scenario for s in self.m.scenarios if s.name == scenario)

    # -- sheets -------------------------------------------------------------------
    def build(self) -> dict[str, Grid]:
        grids = [
            self.index(),
            self.driver_calc(),
            self.volumes(),
            self.cost_calc(),
            self.budget(),
            self.summary(),
            self.bridge(),
            self.gap(),
        ]
        return {g.name: g for g in grids}

    def index(self) -> Grid:
        g = self.grid("Index", ["inflation_scenario", "category"])
        done: dict[str, str] = {}
        for s in self.r.scenarios:
            done.setdefault(self.inflation_of(s), s)
        for inflation, scenario in done.items():
            values = self.r.arrays(scenario).index[0]
            for k, category in enumerate(self.c.categories):
                row: list[Any] = [1.0]
                for t in range(1, self.T):
                    v = float(values[k, t])
                    if category != "none" and self.cells.has("Inflation", (inflation, category)):
                        rate = self.cells.year("Inflation", (inflation, category), t)
                        row.append(F(f"={_ref('Index', len(g.rows) + 1, 1 + t)}*(1+{rate})", v))
                    else:
                        row.append(1.0)
                self.add(g, (inflation, category), [inflation, category], row, "index")
        return g

    def driver_calc(self) -> Grid:
        g = self.grid("DriverCalc", ["scenario", "driver_id", "item"])
        cells, K = self.cells, 3
        for s in self.r.scenarios:
            params = self.c.scenarios[s].params
            for i, d in enumerate(self.m.drivers):
                v0 = cells.at("Drivers", d.id, "base_volume")
                row_no = len(g.rows) + 1

                def prev(t: int, row_no: int = row_no) -> str:
                    return _ref("DriverCalc", row_no, K + t - 1)

                if d.method == "rate":
                    pop = d.basis or ""
                    p0 = cells.year("Populations", pop, 0)
                    pops = self.c.populations[[p.id for p in self.m.populations].index(pop)]
                    values = d.base_volume / pops[0] * price_index(params[i]["rate_change"][0])
                    row: list[Any] = [F(f"={v0}/{p0}", float(values[0]))]
                    for t in range(1, self.T):
                        rc = cells.parameter_cell(s, d.id, "rate_change", t)
                        text = f"={prev(t)}*(1+{rc})" if rc else f"={prev(t)}"
                        row.append(F(text, float(values[t])))
                    self.add(g, (s, d.id, "rate"), [s, d.id, "rate per head"], row, "index")
                elif d.method == "share":
                    q = self.m.drivers[self.c.basis[i]]
                    values = core_drivers.share_path(
                        float(d.base_volume), float(q.base_volume), params[i]["share"][0]
                    )
                    q0 = cells.at("Drivers", q.id, "base_volume")
                    row = [F(f"={v0}/{q0}", float(values[0]))]
                    for t in range(1, self.T):
                        sh = cells.parameter_cell(s, d.id, "share", t)
                        text = f'=IF({sh}="",{prev(t)},{sh})' if sh else f"={prev(t)}"
                        row.append(F(text, float(values[t])))
                    self.add(g, (s, d.id, "share"), [s, d.id, "share of basis"], row, "index")
                elif d.method == "stock_flow":
                    values = core_drivers.stock_path(
                        float(d.base_volume), params[i]["entries"][0], params[i]["exit_rate"][0]
                    )
                    row = [F(f"={v0}", float(values[0]))]
                    for t in range(1, self.T):
                        e = cells.parameter_cell(s, d.id, "entries", t)
                        x = cells.parameter_cell(s, d.id, "exit_rate", t)
                        kept = f"{prev(t)}*(1-{x})" if x else prev(t)
                        row.append(F(f"={kept}+{e}", float(values[t])))
                    self.add(g, (s, d.id, "stock"), [s, d.id, "stock at year end"], row, "number")
        return g

    def volumes(self) -> Grid:
        g = self.grid("Volumes", ["scenario", "driver_id", "measure"])
        cells, K = self.cells, 3
        for s in self.r.scenarios:
            a = self.r.arrays(s)
            included = included_initiatives(
                next(x for x in self.m.scenarios if x.name == s), self.m.initiative_ids()
            )
            for i, d in enumerate(self.m.drivers):
                v0 = cells.at("Drivers", d.id, "base_volume")
                cf_row = len(g.rows) + 1
                calc = ("DriverCalc", s, d.id)
                basis = self.m.drivers[self.c.basis[i]].id if d.method == "share" else ""

                def dc(item: str, t: int, calc: tuple[str, str, str] = calc) -> str:
                    return _ref("DriverCalc", self.pos[(*calc, item)], K + t)

                def method(
                    t: int,
                    measure: str,
                    d: Any = d,
                    basis: str = basis,
                    cf_row: int = cf_row,
                    v0: str = v0,
                    s: str = s,
                ) -> str:
                    if d.method == "rate":
                        return f"{dc('rate', t)}*{cells.year('Populations', d.basis, t)}"
                    if d.method == "share":
                        return f"{dc('share', t)}*{self.cell('Volumes', (s, basis, measure), t, K)}"
                    if d.method == "stock_flow":
                        if t == 0:
                            return dc("stock", 0)
                        return f"({dc('stock', t - 1)}+{dc('stock', t)})/2"
                    if t == 0:
                        return v0
                    if d.method == "explicit":
                        return str(cells.parameter_cell(s, d.id, "volume", t))
                    g_cell = cells.parameter_cell(s, d.id, "growth", t)
                    prev = _ref("Volumes", cf_row, K + t - 1)
                    return f"{prev}*(1+{g_cell})" if g_cell else prev

                cf = [
                    F("=" + method(t, "without plan"), float(a.volume_counterfactual[0, i, t]))
                    for t in range(self.T)
                ]
                self.add(g, (s, d.id, "without plan"), [s, d.id, "without plan"], cf, "number")
                effects = [
                    k
                    for k, e in enumerate(self.m.effects)
                    if e.driver_id == d.id and e.initiative_id in included
                ]
                plan = []
                for t in range(self.T):
                    base = (
                        method(t, "with plan")
                        if d.method == "share"
                        else _ref("Volumes", cf_row, K + t)
                    )
                    factors = (
                        ""
                        if t == 0
                        else "".join(
                            f"*(1+{cells.at('Effects', k, 'effect')}*{cells.year('Effects', k, t)})"
                            for k in effects
                        )
                    )
                    plan.append(F(f"={base}{factors}", float(a.volume[0, i, t])))
                self.add(g, (s, d.id, "with plan"), [s, d.id, "with plan"], plan, "number")
        return g

    def cost_calc(self) -> Grid:
        g = self.grid("CostCalc", ["scenario", "id", "item"])
        cells, K, lines = self.cells, 3, self.m.cost_lines
        staffing = [int(i) for i in self.c.staffing_lines]
        for s in self.r.scenarios:
            a = self.r.arrays(s)
            for measure, karr, farr in (
                ("without plan", a.line_base_price_counterfactual, a.fte_counterfactual),
                ("with plan", a.line_base_price, a.fte),
            ):
                first = len(g.rows) + 1
                for j, li in enumerate(staffing):  # FTE rows follow the cost rows
                    self.pos[("CostCalc", s, lines[li].id, f"FTE {measure}")] = (
                        first + len(lines) + j
                    )
                for li, line in enumerate(lines):
                    row: list[Any] = []
                    for t in range(self.T):
                        row.append(
                            F(
                                "=" + self._line_formula(s, line, measure, t),
                                float(karr[0, li, t]) / self.scale,
                            )
                        )
                    self.add(
                        g,
                        (s, line.id, f"cost {measure}"),
                        [s, line.id, f"cost {measure}"],
                        row,
                        "money",
                    )
                self.blocks[(s, measure)] = (first, len(g.rows))
                for j, li in enumerate(staffing):
                    line = lines[li]
                    vol = ("Volumes", s, line.driver_id, measure)
                    row = [
                        F(
                            f"={_ref('Volumes', self.pos[vol], K + t)}/"
                            f"{cells.year('CostAssumptions', (line.id, 'caseload'), t)}",
                            float(farr[0, j, t]),
                        )
                        for t in range(self.T)
                    ]
                    self.add(
                        g,
                        (s, line.id, f"FTE {measure}"),
                        [s, line.id, f"FTE {measure}"],
                        row,
                        "number",
                    )
            first = len(g.rows) + 1
            inputs = self.c.scenarios[s]
            for n, k in enumerate(inputs.direct_rows):
                imp = self.m.improvements[int(k)]
                sign = "-" if imp.kind == "saving" else ""
                row = [0.0] + [
                    F(
                        f"={sign}{cells.year('Improvement', int(k), t)}",
                        float(a.direct_base_price[0, n, t]) / self.scale,
                    )
                    for t in range(1, self.T)
                ]
                label = f"{imp.kind} (negative)" if imp.kind == "saving" else imp.kind
                self.add(g, (s, "direct", n), [s, imp.initiative_id, label], row, "money")
            self.blocks[(s, "direct")] = (first, len(g.rows))
        return g

    def _line_formula(self, s: str, line: Any, measure: str, t: int) -> str:
        cells, K = self.cells, 3
        if line.type == "fixed":
            return cells.at("CostLines", line.id, "base_cost")
        volume = _ref("Volumes", self.pos[("Volumes", s, line.driver_id, measure)], K + t)
        if line.type == "activity":
            if line.unit_cost is not None:
                unit = cells.at("CostLines", line.id, "unit_cost")
            else:
                unit = (
                    f"({cells.at('CostLines', line.id, 'base_cost')}/"
                    f"{cells.at('Drivers', line.driver_id, 'base_volume')})"
                )
            return f"{volume}*{unit}"
        fte = _ref("CostCalc", self.pos[("CostCalc", s, line.id, f"FTE {measure}")], K + t)
        agency = cells.year("CostAssumptions", (line.id, "agency_share"), t)
        return (
            f"{fte}*{cells.at('CostLines', line.id, 'cost_per_fte')}"
            f"*(1+{agency}*{cells.at('CostLines', line.id, 'agency_premium')})"
        )

    def _index_cell(self, s: str, category: int, t: int) -> str:
        key = ("Index", self.inflation_of(s), self.c.categories[category])
        return _ref("Index", self.pos[key], 2 + t)

    def budget(self) -> Grid:
        g = self.grid("Budget", ["scenario", "line_id", "line_name", "service_area", "kind"])
        K = 3
        for s in self.r.scenarios:
            a = self.r.arrays(s)
            first = len(g.rows) + 1
            for li, line in enumerate(self.m.cost_lines):
                cost = self.pos[("CostCalc", s, line.id, "cost with plan")]
                row = [
                    F(
                        f"={_ref('CostCalc', cost, K + t)}*"
                        f"{self._index_cell(s, int(self.c.line_category[li]), t)}",
                        float(a.line_cash[0, li, t]) / self.scale,
                    )
                    for t in range(self.T)
                ]
                self.add(
                    g,
                    (s, "line", li),
                    [s, line.id, line.name, line.service_area, "baseline"],
                    row,
                    "money",
                )
            inputs = self.c.scenarios[s]
            for n, k in enumerate(inputs.direct_rows):
                imp = self.m.improvements[int(k)]
                cost = self.pos[("CostCalc", s, "direct", n)]
                row = [
                    F(
                        f"={_ref('CostCalc', cost, K + t)}*"
                        f"{self._index_cell(s, int(inputs.direct_category[n]), t)}",
                        float(a.direct_cash[0, n, t]) / self.scale,
                    )
                    for t in range(self.T)
                ]
                self.add(
                    g,
                    (s, "direct", n),
                    [s, imp.initiative_id, imp.name, imp.service_area, imp.kind],
                    row,
                    "money",
                )
            self.blocks[("Budget", s)] = (first, len(g.rows))
        return g

    def summary(self) -> Grid:
        g = self.grid("Summary", ["scenario", "measure"])
        K = 2
        deflator = self.c.categories[self.c.deflator]
        n_funding = len(self.m.funding)
        for s in self.r.scenarios:
            a = self.r.arrays(s)
            first, last = self.blocks[("Budget", s)]
            rows = {m: len(g.rows) + 1 + k for k, m in enumerate(_MEASURES)}

            def at(m: str, t: int, rows: dict[str, int] = rows) -> str:
                return _ref("Summary", rows[m], K + t)

            for m, label in _MEASURES.items():
                cells: list[Any] = []
                for t in range(self.T):
                    v = float(getattr(a, m)[0, t]) / self.scale
                    if m == "total_cash":
                        text = "=" + _sum("Budget", 5 + t, first, last)
                    elif m == "total_real":
                        idx = _ref(
                            "Index", self.pos[("Index", self.inflation_of(s), deflator)], 2 + t
                        )
                        text = f"={at('total_cash', t)}/{idx}"
                    elif m == "funding":
                        col = self.cells.header["Funding"][self.years[t]]
                        text = "=" + _sum("Funding", col, 1, n_funding)
                    elif m == "gap":
                        text = f"={at('total_cash', t)}-{at('funding', t)}"
                    elif t == 0:
                        cells.append(0.0)
                        continue
                    else:
                        text = f"={at('cumulative_gap', t - 1)}+{at('gap', t)}"
                    cells.append(F(text, v))
                self.add(g, (s, m), [s, label], cells, "money")
        return g

    def bridge(self) -> Grid:
        g = self.grid("Bridge", ["scenario", "step"])
        K = 2
        for s in self.r.scenarios:
            a = self.r.arrays(s)
            rows = {step: len(g.rows) + 1 + k for k, step in enumerate(BRIDGE_STEPS)}
            cf = self.blocks[(s, "without plan")]
            plan = self.blocks[(s, "with plan")]
            direct = self.blocks[(s, "direct")]

            def at(step: str, t: int, rows: dict[str, int] = rows) -> str:
                return _ref("Bridge", rows[step], K + t)

            for k, step in enumerate(BRIDGE_STEPS):
                cells = []
                for t in range(self.T):
                    col = 3 + t
                    if step == "base":
                        text = "=" + _sum("CostCalc", 3, *plan)
                    elif step == "demand":
                        text = f"={_sum('CostCalc', col, *cf)}-{at('base', t)}"
                    elif step == "plan_demand":
                        text = f"={_sum('CostCalc', col, *plan)}-{_sum('CostCalc', col, *cf)}"
                    elif step == "plan_direct":
                        text = "=" + _sum("CostCalc", col, *direct)
                    elif step == "inflation":
                        text = (
                            f"={at('total', t)}-({at('base', t)}+{at('demand', t)}+"
                            f"{at('plan_demand', t)}+{at('plan_direct', t)})"
                        )
                    else:
                        text = f"={self.cell('Summary', (s, 'total_cash'), t, 2)}"
                    cells.append(F(text, float(a.bridge[0, k, t]) / self.scale))
                self.add(g, (s, step), [s, _STEPS[step]], cells, "money")
        return g

    def gap(self) -> Grid:
        g = self.grid("Gap", ["scenario", "item"])
        for s in self.r.scenarios:
            for n, f in enumerate(self.m.funding):
                row = [
                    F(f"={self.cells.year('Funding', n, t)}", float(f.values[t] or 0.0))
                    for t in range(self.T)
                ]
                self.add(g, (s, "funding", n), [s, f"Funding: {f.name or f.id}"], row, "money")
            a = self.r.arrays(s)
            for m, label in (
                ("funding", "Funding, total"),
                ("total_cash", "Total budget (cash)"),
                ("gap", "Gap (+ shortfall)"),
                ("cumulative_gap", "Cumulative gap"),
            ):
                row = [
                    F(
                        f"={self.cell('Summary', (s, m), t, 2)}",
                        float(getattr(a, m)[0, t]) / self.scale,
                    )
                    for t in range(self.T)
                ]
                self.add(g, (s, m), [s, label], row, "money")
        return g


_MEASURES = {
    "total_cash": "Total budget (cash)",
    "total_real": "Total budget (real terms)",
    "funding": "Funding",
    "gap": "Gap (+ shortfall)",
    "cumulative_gap": "Cumulative gap",
}
_STEPS = {
    "base": "Base year budget",
    "demand": "Demand and baseline assumptions",
    "plan_demand": "Plan: effects on demand",
    "plan_direct": "Plan: direct costs and savings",
    "inflation": "Inflation",
    "total": "Total",
}
