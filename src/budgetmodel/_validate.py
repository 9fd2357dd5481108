"""Checks on a model's meaning: references, the driver graph, required series,
ranges. Every problem is collected; nothing stops at the first.

Each record's ``where`` maps a field name or a year label to ``"Sheet!Cell"``
(set by the workbook reader); otherwise problems are located by record, such as
``Drivers[cin].basis``.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import numbers
from typing import Any, TypeGuard, cast

from ._graph import CycleError, basis_ids, driver_order
from ._series import InvalidSeries, Series
from ._spec import (
    COST_PER,
    DISTRIBUTIONS,
    DRIVER_PARAMETERS,
    INITIATIVE_KINDS,
    LINE_KINDS,
    LINE_TYPES,
    METHODS,
    MONEY_UNITS,
    UNCERTAINTY_TARGETS,
    CostAssumption,
    CostLine,
    Driver,
    DriverAssumption,
    Effect,
    Funding,
    Improvement,
    InflationRate,
    ModelSpec,
    Outturn,
    Override,
    Population,
    Scenario,
    Uncertainty,
)
from ._years import MAX_HORIZON, MIN_HORIZON
from .core.drivers import METHOD_OF
from .core.levers import CHANGES as LEVER_CHANGES
from .core.levers import DRIVER_PARAMETERS as LEVER_DRIVER_PARAMETERS
from .core.levers import LINE_PARAMETERS as LEVER_LINE_PARAMETERS
from .errors import Issue

__all__ = ["MAX_MAGNITUDE", "MAX_RATE", "SHEETS", "validate"]

#: No input of a children's services budget comes near this (a quadrillion): a larger
#: number is a typing or export error, and would overflow the projection.
MAX_MAGNITUDE = 1e15
#: The largest annual growth, rate change or inflation rate accepted: 1,000% a year.
#: Anything above is a typing error (such as 3 for 3%), and compounded over the
#: horizon it would overflow the projection.
MAX_RATE = 10.0

#: The workbook sheet each record type comes from.
SHEETS: dict[type, str] = {
    Population: "Populations",
    Driver: "Drivers",
    DriverAssumption: "DriverAssumptions",
    Override: "Overrides",
    CostLine: "CostLines",
    CostAssumption: "CostAssumptions",
    Improvement: "Improvement",
    Effect: "Effects",
    InflationRate: "Inflation",
    Funding: "Funding",
    Scenario: "Scenarios",
    Uncertainty: "Uncertainty",
    Outturn: "Outturn",
}


def _ident(r: Any) -> str:
    if isinstance(r, (DriverAssumption, CostAssumption)):
        return f"{getattr(r, 'driver_id', None) or getattr(r, 'line_id', '')}/{r.parameter}"
    if isinstance(r, Override):
        return f"{r.scenario}/{r.target}/{r.parameter}"
    if isinstance(r, Improvement):
        return f"{r.initiative_id}/{r.kind}"
    if isinstance(r, Effect):
        return f"{r.initiative_id}/{r.target}/{r.parameter}"
    if isinstance(r, InflationRate):
        return f"{r.scenario}/{r.category}"
    if isinstance(r, Uncertainty):
        return r.target
    if isinstance(r, Outturn):
        return r.service_area
    return str(getattr(r, "id", None) or getattr(r, "name", ""))


def where(r: Any, key: str = "") -> str:
    """``"Sheet!Cell"`` of a record's field or year, or a readable record path."""
    found = r.where.get(key) or (r.where.get("_row") if not key else None)
    if found:
        return str(found)
    base = f"{SHEETS[type(r)]}[{_ident(r)}]"
    if not key:
        return base
    return f"{base}.{key}" if not key[:1].isdigit() else f"{base} {key}"


_LIMIT = "1e15"


def _is_number(value: Any) -> TypeGuard[float]:
    """A real number (numpy's included), not a bool."""
    kind = type(value)
    if kind is float or kind is int:
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"{value!r} (a true/false value)"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    return f"{str(value)[:40]!r} ({type(value).__name__})"


@functools.cache
def _field_kinds(cls: type) -> tuple[list[str], list[str], list[str]]:
    """Numeric, text and optional fields of a record class, read from its annotations."""
    numeric, text, optional = [], [], []
    for f in dataclasses.fields(cls):
        kind = str(f.type).replace(" ", "")
        if f.name in ("extra", "where") or "SeriesLike" in kind:
            continue
        if "None" in kind.split("|"):
            optional.append(f.name)
        if kind.split("|")[0] in ("float", "int"):
            numeric.append(f.name)
        elif kind.split("|")[0] == "str":
            text.append(f.name)
    return numeric, text, optional


def _q(value: Any) -> str:
    """A user's value quoted for a message; a blank shows as such."""
    return "a blank cell" if value is None or value == "" else repr(value)


def _show(value: Any) -> str:
    if value is None:
        return "a blank cell"
    if isinstance(value, float) and value.is_integer():
        return str(repr(int(value)) if abs(value) < 1e15 else repr(value))
    return repr(value)


def _positive(value: Any) -> bool:
    return _is_number(value) and value > 0


def _series_field(r: Any) -> str:
    for name in ("values", "amounts", "rates", "phasing"):
        if hasattr(r, name):
            return name
    return ""


class _Checker:
    def __init__(self, spec: ModelSpec) -> None:
        self.spec = spec
        self.issues: list[Issue] = []
        horizon = spec.horizon
        good = isinstance(horizon, int) and MIN_HORIZON <= horizon <= MAX_HORIZON
        self.years = spec.years if good else []
        self.mistyped: set[str] = set()  # places whose value is of the wrong type

    def add(self, at: str, found: Any, expected: str, hint: str = "") -> None:
        if at in self.mistyped:
            return  # already reported as the wrong type of value
        self.issues.append(
            Issue(at, found if isinstance(found, str) else _show(found), expected, hint)
        )

    def types(self) -> bool:
        """Every record field holds the type it declares; False if text fields do not
        (ids that are not text cannot be looked up, so nothing further is checked)."""
        s = self.spec
        texts_ok = True
        for table in s._TABLES:
            for r in getattr(s, table):
                cls: type = type(r)
                if not dataclasses.is_dataclass(cls):
                    self.add(
                        SHEETS.get(type(r), table),
                        _kind(r),
                        f"a record such as budgetmodel.{table.title().replace('_', '')}",
                    )
                    texts_ok = False
                    continue
                numeric, text, optional = _field_kinds(cls)
                for name in numeric:
                    v = getattr(r, name)
                    if v is None:
                        continue
                    if _is_number(v):
                        # An Uncertainty row's parameters are checked with their
                        # distribution; a shock that overflows is named by the simulation.
                        if (math.isfinite(v) and abs(v) <= MAX_MAGNITUDE) or cls is Uncertainty:
                            continue
                        found, expected = _show(v), f"a finite number no larger than {_LIMIT}"
                    else:
                        found, expected = _kind(v), "a number"
                    at = where(r, name)
                    self.add(at, found, expected)
                    self.mistyped.add(at)
                for name in text:
                    v = getattr(r, name)
                    if isinstance(v, str) or (v is None and name in optional):
                        continue
                    self.add(where(r, name), _kind(v), "text")
                    texts_ok = False
        return texts_ok

    def unique(self, records: tuple[Any, ...], key: Any, what: str) -> None:
        first: dict[Any, Any] = {}
        for r in records:
            k = key(r)
            if k in first:
                self.add(
                    where(r),
                    f"{what} {k!r} again (first at {where(first[k])})",
                    f"each {what} once",
                )
            else:
                first[k] = r

    def series(
        self,
        r: Any,
        values: Any,
        *,
        level: bool,
        required: bool,
        low: float | None = None,
        high: float | None = None,
        low_open: bool = False,
        what: str = "a number",
        field: str = "",
    ) -> None:
        """Check one series: its form, base-year cell, blanks, finiteness and range."""
        if isinstance(values, InvalidSeries):
            self.add(where(r, field or _series_field(r)), values.problem, f"{what} for each year")
            return
        for t, (label, v) in enumerate(zip(self.years, values, strict=True)):
            if (
                type(v) is float
                and t
                and -MAX_MAGNITUDE <= v <= MAX_MAGNITUDE
                and (low is None or (v > low if low_open else v >= low))
                and (high is None or v <= high)
            ):
                continue  # the common case: a finite number within its bounds
            at = where(r, label)
            if v is not None and not _is_number(v):
                self.add(at, _kind(v), what)
                continue
            if t == 0 and not level:
                if v not in (None, 0.0):
                    self.add(
                        at,
                        v,
                        f"a blank or 0 in the base year {label}",
                        "This series starts in the first projection year.",
                    )
                continue
            if v is None:
                if required or (t == 0 and level):
                    self.add(at, None, f"{what} for {label}", "Every year needs a value here.")
                continue
            if not math.isfinite(v) or abs(v) > MAX_MAGNITUDE:
                self.add(at, v, f"a finite {what}, no larger than {_LIMIT}")
            elif (low is not None and (v <= low if low_open else v < low)) or (
                high is not None and v > high
            ):
                self.add(at, v, what)

    def run(self) -> list[Issue]:
        s = self.spec
        self.settings()
        if not self.years or not self.types():
            return self.issues
        pops = {p.id: p for p in s.populations}
        self.unique(s.populations, lambda p: p.id, "population_id")
        for p in s.populations:
            self.series(p, p.values, level=True, required=True, low=0, what="a population >= 0")
        drivers = {d.id: d for d in s.drivers}
        self.unique(s.drivers, lambda d: d.id, "driver_id")
        self.drivers(pops, drivers)
        self.driver_assumptions(drivers)
        lines = {line.id: line for line in s.cost_lines}
        self.unique(s.cost_lines, lambda x: x.id, "line_id")
        categories = self.inflation()
        self.cost_lines(drivers, lines, categories)
        self.initiatives(drivers, lines, categories)
        self.unique(s.funding, lambda f: f.id, "funding_id")
        self.namespace()
        for f in s.funding:
            self.series(f, f.values, level=True, required=True, what="a cash amount")
        self.scenarios(drivers, categories)
        self.uncertainty(drivers, lines, categories)
        self.outturn()
        return self.issues

    def outturn(self) -> None:
        """Outturn rows: one per service area the model has, cash or blank by year."""
        s = self.spec
        self.unique(s.outturn, lambda o: o.service_area, "service_area")
        areas = [x.service_area for x in s.cost_lines] + [r.service_area for r in s.improvements]
        known = list(dict.fromkeys(areas))
        for o in s.outturn:
            if o.service_area not in known:
                self.add(
                    where(o, "service_area"),
                    repr(o.service_area),
                    "a service area of a cost line or initiative: " + ", ".join(map(repr, known)),
                    "The back-test compares each area's projection with its outturn.",
                )
            if isinstance(o.values, InvalidSeries):
                self.add(where(o, "values"), o.values.problem, "a cash amount or blank each year")
                continue
            for label, v in zip(self.years, o.values, strict=True):
                if v is None:
                    continue  # unknown: no back-test that year
                if not _is_number(v):
                    self.add(where(o, label), _kind(v), "a cash amount, or blank where unknown")
                elif not math.isfinite(v) or abs(v) > MAX_MAGNITUDE:
                    self.add(where(o, label), v, f"a finite cash amount, no larger than {_LIMIT}")

    def uncertainty(
        self,
        drivers: dict[str, Driver],
        lines: dict[str, CostLine],
        categories: dict[str, set[str]],
    ) -> None:
        s = self.spec
        kinds = {
            "driver": "driver_id",
            "line": "line_id",
            "funding": "funding_id",
            "initiative": "initiative_id",
            "category": "price category",
        }
        known = {
            "driver": set(drivers),
            "line": set(lines),
            "funding": {f.id for f in s.funding},
            "initiative": set(s.initiative_ids()),
            "category": set().union(*categories.values()) - {"none"} if categories else set(),
        }
        method_of = METHOD_OF
        self.unique(s.uncertainty, lambda u: u.target, "target")
        for u in s.uncertainty:
            kind, _, ident = u.target.partition(":")
            if kind not in UNCERTAINTY_TARGETS or not ident:
                self.add(
                    where(u, "target"),
                    _q(u.target),
                    "a target such as growth:cla, inflation:pay, unit_cost:fostering, "
                    "effect:early_help, delivery:early_help or funding:base",
                    "Kinds: " + ", ".join(UNCERTAINTY_TARGETS) + ".",
                )
            else:
                needs = UNCERTAINTY_TARGETS[kind]
                if ident not in known[needs]:
                    self.add(where(u, "target"), _q(u.target), f"a {kinds[needs]} after '{kind}:'")
                elif kind in method_of and drivers[ident].method != method_of[kind]:
                    self.add(
                        where(u, "target"),
                        _q(u.target),
                        f"a {method_of[kind]} driver for '{kind}' "
                        f"({ident} uses {drivers[ident].method})",
                    )
                elif kind == "effect" and not any(e.initiative_id == ident for e in s.effects):
                    self.add(where(u, "target"), _q(u.target), "an initiative with Effects rows")
                elif kind == "delivery" and not any(
                    r.initiative_id == ident and r.kind == "saving" for r in s.improvements
                ):
                    self.add(
                        where(u, "target"),
                        _q(u.target),
                        "an initiative with a saving row on Improvement",
                    )
            self._distribution(u)

    def _distribution(self, u: Uncertainty) -> None:
        if u.distribution not in DISTRIBUTIONS:
            self.add(
                where(u, "distribution"), _q(u.distribution), "one of " + ", ".join(DISTRIBUTIONS)
            )
            return
        p = [u.p1, u.p2, u.p3]
        need = {"normal": 2, "uniform": 2, "triangular": 3, "pert": 3}[u.distribution]
        names = ["p1", "p2", "p3"]
        for k in range(need):
            v = p[k]
            if v is None or not _is_number(v) or not math.isfinite(v):
                self.add(
                    where(u, names[k]), _show(v), f"a number ({u.distribution} takes p1..p{need})"
                )
                return
        if u.distribution == "normal" and (u.p2 or 0.0) < 0:
            self.add(where(u, "p2"), _show(u.p2), "a standard deviation >= 0")
        elif u.distribution == "uniform" and u.p1 > (u.p2 or 0.0):
            self.add(where(u, "p2"), _show(u.p2), f"a high value >= the low value p1 = {u.p1}")
        elif need == 3 and not (u.p1 <= (u.p2 or 0.0) <= (u.p3 or 0.0)):
            self.add(where(u, "p2"), f"p1 {u.p1}, p2 {u.p2}, p3 {u.p3}", "low <= mode <= high")

    def settings(self) -> None:
        s = self.spec
        if not (
            isinstance(s.horizon, int)
            and not isinstance(s.horizon, bool)
            and MIN_HORIZON <= s.horizon <= MAX_HORIZON
        ):
            self.add(
                s.where_settings.get("horizon", "Settings!horizon"),
                s.horizon if _is_number(s.horizon) else _kind(s.horizon),
                f"a horizon: a whole number of years {MIN_HORIZON}..{MAX_HORIZON}",
            )
        if not isinstance(s.money_unit, str) or s.money_unit not in MONEY_UNITS:
            self.add(
                s.where_settings.get("money_unit", "Settings!money_unit"),
                _q(s.money_unit),
                "one of " + ", ".join(MONEY_UNITS),
            )
        if s.base_budget is not None and (
            not _is_number(s.base_budget) or not math.isfinite(s.base_budget)
        ):
            self.add(
                s.where_settings.get("base_budget", "Settings!base_budget"),
                s.base_budget if _is_number(s.base_budget) else _kind(s.base_budget),
                "a finite amount or a blank",
            )
        rate = s.discount_rate
        if (
            isinstance(rate, bool)
            or not isinstance(rate, (int, float))
            or not (math.isfinite(rate) and -1 < rate <= 1)
        ):
            self.add(
                s.where_settings.get("discount_rate", "Settings!discount_rate"),
                _show(rate),
                "a discount rate between -1 and 1 (0.035 = 3.5%, the Green Book rate)",
            )
        for name in ("authority", "deflator"):
            if not isinstance(getattr(s, name), str):
                self.add(f"Settings!{name}", _kind(getattr(s, name)), "text")
        if not s.scenarios:
            self.add(
                "Scenarios",
                "no scenarios",
                "at least one scenario",
                "Add a row such as: central, <inflation scenario>, all.",
            )

    def drivers(self, pops: dict[str, Population], drivers: dict[str, Driver]) -> None:
        for d in self.spec.drivers:
            if d.method not in METHODS:
                self.add(where(d, "method"), _q(d.method), "one of " + ", ".join(METHODS))
            v0 = d.base_volume
            if not _is_number(v0) or not math.isfinite(v0) or v0 < 0:
                self.add(where(d, "base_volume"), v0, "a base volume >= 0")
            if d.method == "rate":
                if d.basis not in pops:
                    self.add(
                        where(d, "basis"),
                        _q(d.basis),
                        "a population_id from Populations",
                        "A rate driver's basis must be a population.",
                    )
                elif not _positive(cast(Series, pops[d.basis].values)[0]):
                    self.add(
                        where(d, "basis"), _q(d.basis), "a population above 0 in the base year"
                    )
            elif d.method == "share":
                if d.basis not in drivers:
                    self.add(
                        where(d, "basis"),
                        _q(d.basis),
                        "a driver_id from Drivers",
                        "A share driver's basis must be a driver.",
                    )
                elif drivers[d.basis].base_volume == 0:
                    self.add(
                        where(d, "basis"),
                        _q(d.basis),
                        "a basis driver with a base volume above 0",
                        "The base share is base_volume / the basis driver's base_volume.",
                    )
            elif d.method == "sum":
                self._sum_driver(d, drivers)
            elif d.method == "stock_flow" and d.basis not in (None, ""):
                if d.basis not in drivers:
                    self.add(
                        where(d, "basis"),
                        _q(d.basis),
                        "a driver_id from Drivers (the entries driver) or a blank",
                        "A stock's basis, when given, is the driver whose volume enters it.",
                    )
            elif d.basis not in (None, "") and d.method in METHODS:
                self.add(where(d, "basis"), _q(d.basis), f"a blank basis for method {d.method!r}")
        try:
            driver_order(self.spec)
        except CycleError as err:
            cycle = [self.spec.drivers[i].id for i in err.args[1]]
            first = self.spec.drivers[err.args[1][0]]
            self.add(
                where(first, "basis"),
                " -> ".join(cycle),
                "drivers without a cycle through their bases",
                "A driver cannot depend, directly or not, on itself.",
            )

    def _sum_driver(self, d: Driver, drivers: dict[str, Driver]) -> None:
        """A sum names two or more drivers; its base volume is blank or their sum."""
        named = basis_ids(d)
        unknown = [b for b in named if b not in drivers]
        if len(named) < 2 or unknown or len(set(named)) < len(named):
            self.add(
                where(d, "basis"),
                _q(d.basis),
                "two or more different driver_ids from Drivers, comma-separated",
                f"Not found: {', '.join(unknown)}." if unknown else "",
            )
            return
        parts = [drivers[b].base_volume for b in named]
        if d.base_volume and all(isinstance(v, (int, float)) for v in parts):
            total = float(sum(parts))
            if abs(d.base_volume - total) > 0.005 * abs(total):
                self.add(
                    where(d, "base_volume"),
                    d.base_volume,
                    f"a blank, or the sum of its bases' base volumes ({total:,.6g}) within 0.5%",
                )

    def _parameter(self, r: Any, drivers: dict[str, Driver]) -> bool:
        field = "target" if isinstance(r, Override) else "driver_id"
        d = drivers.get(getattr(r, field))
        if d is None:
            self.add(where(r, field), _q(getattr(r, field)), "a driver_id from Drivers")
            return False
        if d.method not in DRIVER_PARAMETERS:
            return False  # the unknown method is reported on Drivers
        allowed = DRIVER_PARAMETERS[d.method]
        if r.parameter not in allowed:
            self.add(
                where(r, "parameter"),
                _q(r.parameter),
                f"a parameter of method {d.method!r}: " + ", ".join(allowed),
            )
            return False
        self.driver_series(r, r.parameter, r.values)
        return True

    def driver_series(self, r: Any, parameter: str, values: Any) -> None:
        rules: dict[str, dict[str, Any]] = {
            "growth": {
                "low": -1,
                "low_open": True,
                "high": MAX_RATE,
                "what": f"a growth rate above -1 and at most {MAX_RATE:g} (a fraction: 0.03 is 3%)",
            },
            "rate_change": {
                "low": -1,
                "low_open": True,
                "high": MAX_RATE,
                "what": f"a rate change above -1 and at most {MAX_RATE:g} (a fraction: 0.03 is 3%)",
            },
            "share": {"low": 0, "high": 1, "what": "a share in [0, 1]"},
            "entries": {"low": 0, "required": True, "what": "entries >= 0"},
            "exit_rate": {"low": 0, "high": 1, "what": "an exit rate in [0, 1]"},
            "volume": {"low": 0, "required": True, "what": "a volume >= 0"},
        }
        rule = dict(rules[parameter])
        self.series(r, values, level=False, required=rule.pop("required", False), **rule)

    def driver_assumptions(self, drivers: dict[str, Driver]) -> None:
        s = self.spec
        self.unique(
            s.driver_assumptions, lambda a: (a.driver_id, a.parameter), "driver_id and parameter"
        )
        given = {(a.driver_id, a.parameter) for a in s.driver_assumptions}
        for a in s.driver_assumptions:
            self._parameter(a, drivers)
        for d in s.drivers:
            entries_driver = d.method == "stock_flow" and d.basis not in (None, "")
            if entries_driver and (d.id, "entries") in given:
                self.add(
                    where(d, "basis"),
                    f"an entries driver {d.basis!r} and an 'entries' row",
                    "one of the two",
                    "Entries come from the basis driver, or from the entries row: not both.",
                )
            for required in {"stock_flow": ("entries",), "explicit": ("volume",)}.get(d.method, ()):
                if entries_driver:
                    continue
                if (d.id, required) not in given:
                    self.add(
                        where(d),
                        f"no {required!r} row for {d.id!r}",
                        f"a DriverAssumptions row {d.id}, {required}",
                        f"Method {d.method!r} needs {required} in every projection year.",
                    )

    def inflation(self) -> dict[str, set[str]]:
        s = self.spec
        self.unique(s.inflation, lambda r: (r.scenario, r.category), "scenario and category")
        categories: dict[str, set[str]] = {}
        for r in s.inflation:
            categories.setdefault(r.scenario, {"none"}).add(r.category)
            if r.category == "none":
                self.add(
                    where(r, "category"),
                    "'none'",
                    "another category name",
                    "'none' always exists with rate 0.",
                )
            self.series(
                r,
                r.rates,
                level=False,
                required=True,
                low=-1,
                low_open=True,
                high=MAX_RATE,
                what=f"an annual rate above -1 and at most {MAX_RATE:g} (a fraction: 0.03 is 3%)",
            )
        return categories

    def category(self, r: Any, name: str, categories: dict[str, set[str]]) -> None:
        used = {sc.inflation_scenario for sc in self.spec.scenarios}
        missing = sorted(s for s in used if s in categories and name not in categories[s])
        if name != "none" and missing:
            self.add(
                where(r, "inflation"),
                _q(name),
                "a price category of every inflation scenario used",
                "Add Inflation rows for " + ", ".join(f"{m}/{name}" for m in missing) + ".",
            )

    def cost_lines(
        self,
        drivers: dict[str, Driver],
        lines: dict[str, CostLine],
        categories: dict[str, set[str]],
    ) -> None:
        s = self.spec
        rows = {(a.line_id, a.parameter) for a in s.cost_assumptions}
        for line in s.cost_lines:
            self.category(line, line.inflation, categories)
            if line.kind not in LINE_KINDS:
                self.add(where(line, "kind"), _q(line.kind), "expenditure, income or a blank")
            if line.cost_per not in COST_PER:
                self.add(where(line, "cost_per"), _q(line.cost_per), "year, week, day or a blank")
            elif line.cost_per != "year" and (line.type != "activity" or line.unit_cost is None):
                self.add(
                    where(line, "cost_per"),
                    _q(line.cost_per),
                    "year or a blank: only an activity line's unit_cost can be weekly or daily",
                )
            if line.type not in LINE_TYPES:
                self.add(where(line, "type"), _q(line.type), "one of " + ", ".join(LINE_TYPES))
                continue
            needs_driver = line.type in ("activity", "staffing")
            if needs_driver and line.driver_id not in drivers:
                self.add(where(line, "driver_id"), _q(line.driver_id), "a driver_id from Drivers")
            elif not needs_driver and line.driver_id not in (None, ""):
                self.add(
                    where(line, "driver_id"),
                    _q(line.driver_id),
                    "a blank driver_id for a fixed line",
                )
            if line.type == "activity":
                if (line.unit_cost is None) == (line.base_cost is None):
                    self.add(
                        where(line, "unit_cost"),
                        "both" if line.unit_cost is not None else "neither",
                        "either unit_cost or base_cost for an activity line",
                    )
                elif (
                    _is_number(line.base_cost)
                    and line.driver_id in drivers
                    and _is_number(v0 := drivers[line.driver_id].base_volume)
                    and (v0 <= 0 or not math.isfinite(line.base_cost / v0))
                ):
                    self.add(
                        where(line, "base_cost"),
                        line.base_cost,
                        "unit_cost instead: the driver's base volume is 0 or too small to "
                        "divide by",
                    )
            if line.type == "fixed" and line.base_cost is None:
                self.add(where(line, "base_cost"), None, "a base_cost for a fixed line")
            if line.type == "staffing":
                if line.cost_per_fte is None:
                    self.add(
                        where(line, "cost_per_fte"), None, "a cost_per_fte for a staffing line"
                    )
                if _is_number(line.agency_premium) and line.agency_premium < 0:
                    self.add(where(line, "agency_premium"), line.agency_premium, "a premium >= 0")
                if line.agency_premium is None and self._has_agency(line.id):
                    self.add(
                        where(line, "agency_premium"),
                        None,
                        "an agency_premium: the line has agency staff",
                        "It may be blank only when every agency share is 0.",
                    )
                for p in ("caseload",):
                    if (line.id, p) not in rows:
                        self.add(
                            where(line),
                            f"no {p!r} row for {line.id!r}",
                            f"a CostAssumptions row {line.id}, {p} with every year",
                        )
            for key in ("unit_cost", "base_cost", "cost_per_fte", "agency_premium"):
                v = getattr(line, key)
                if v is not None and (not _is_number(v) or not math.isfinite(v)):
                    self.add(where(line, key), v, "a finite number")
        self.unique(s.cost_assumptions, lambda a: (a.line_id, a.parameter), "line_id and parameter")
        for a in s.cost_assumptions:
            owner = lines.get(a.line_id)
            if owner is None or owner.type != "staffing":
                self.add(where(a, "line_id"), _q(a.line_id), "a staffing line_id from CostLines")
            elif a.parameter == "caseload":
                self.series(
                    a,
                    a.values,
                    level=True,
                    required=True,
                    low=0,
                    low_open=True,
                    what="a caseload above 0",
                )
            elif a.parameter == "agency_share":
                self.series(
                    a,
                    a.values,
                    level=True,
                    required=True,
                    low=0,
                    high=1,
                    what="an agency share in [0, 1]",
                )
            else:
                self.add(where(a, "parameter"), _q(a.parameter), "caseload or agency_share")

    def _has_agency(self, line_id: str) -> bool:
        """Whether any agency share of a staffing line (baseline or override) is above 0."""
        rows = [a for a in self.spec.cost_assumptions if a.line_id == line_id]
        rows = [a for a in rows if a.parameter == "agency_share"]
        values = [v for a in rows for v in cast(Series, a.values)]
        return any(isinstance(v, (int, float)) and v != 0 for v in values)

    def namespace(self) -> None:
        """Populations, drivers, lines, initiatives and funding rows share one set of ids."""
        s = self.spec
        first: dict[str, Any] = {}
        records: list[Any] = [*s.populations, *s.drivers, *s.cost_lines, *s.funding]
        owners = {id(r): getattr(r, "id", "") for r in records}
        for r in s.improvements:
            owners[id(r)] = r.initiative_id
        seen_initiatives: set[str] = set()
        for r in [*records, *s.improvements]:
            ident = owners[id(r)]
            if isinstance(r, Improvement):
                if ident in seen_initiatives:
                    continue
                seen_initiatives.add(ident)
            if not ident:
                continue
            pair = {type(first[ident]), type(r)} if ident in first else set()
            if pair == {CostLine, Improvement}:
                continue  # reported with the initiatives, naming both sheets
            if ident in first and type(first[ident]) is not type(r):
                self.add(
                    where(r, "initiative_id" if isinstance(r, Improvement) else "id"),
                    f"{ident!r}, already used on {SHEETS[type(first[ident])]} "
                    f"({where(first[ident])})",
                    f"an id not used on {SHEETS[type(first[ident])]}",
                    "Populations, drivers, lines, initiatives and funding rows share one "
                    "set of ids.",
                )
            else:
                first.setdefault(ident, r)

    def initiatives(
        self,
        drivers: dict[str, Driver],
        lines: dict[str, CostLine],
        categories: dict[str, set[str]],
    ) -> None:
        s = self.spec
        self.unique(s.improvements, lambda r: (r.initiative_id, r.kind), "initiative_id and kind")
        for r in s.improvements:
            self.category(r, r.inflation, categories)
            if r.kind not in INITIATIVE_KINDS:
                self.add(where(r, "kind"), _q(r.kind), "one of " + ", ".join(INITIATIVE_KINDS))
            self.series(r, r.amounts, level=False, required=False, what="an amount")
            if r.kind == "saving":
                for label, v in zip(self.years, r.amounts, strict=True):
                    if _is_number(v) and v < 0:
                        self.add(
                            where(r, label),
                            v,
                            "a saving entered as a positive amount",
                            "Savings are typed positive and counted negative; a negative "
                            "saving would be a cost. Use kind recurring for a cost.",
                        )
        for e in s.effects:
            self.lever(e, drivers, lines)
        for r in [*s.improvements, *s.effects]:
            if r.initiative_id in lines:
                self.add(
                    where(r, "initiative_id"),
                    f"{r.initiative_id!r}, which is also the line_id at "
                    f"{where(lines[r.initiative_id], 'line_id')}",
                    f"an initiative_id on {SHEETS[type(r)]} different from every line_id "
                    "on CostLines",
                )

    def scenarios(self, drivers: dict[str, Driver], categories: dict[str, set[str]]) -> None:
        s = self.spec
        self.unique(s.scenarios, lambda sc: sc.name, "scenario")
        known_inflation = {r.scenario for r in s.inflation}
        initiatives = set(s.initiative_ids())
        names = set(s.scenario_names())
        for sc in s.scenarios:
            if sc.inflation_scenario not in known_inflation:
                self.add(
                    where(sc, "inflation_scenario"),
                    _q(sc.inflation_scenario),
                    "an inflation scenario from Inflation: " + ", ".join(sorted(known_inflation)),
                )
            text = sc.initiatives.strip()
            if not text:
                self.add(
                    where(sc, "initiatives"),
                    "a blank cell",
                    "all, none, or initiative ids separated by commas",
                )
            elif text.lower() not in ("all", "none"):
                for part in (p.strip() for p in text.split(",")):
                    if part and part not in initiatives:
                        self.add(
                            where(sc, "initiatives"),
                            _q(part),
                            "all, none, or initiative ids from Improvement or Effects",
                        )
        used = sorted({sc.inflation_scenario for sc in s.scenarios} & set(categories))
        lacking = [u for u in used if s.deflator not in categories[u]]
        if lacking:
            self.add(
                s.where_settings.get("deflator", "Settings!deflator"),
                _q(s.deflator),
                "a price category of every inflation scenario used, or 'none'",
                "Missing from: " + ", ".join(lacking) + ".",
            )
        self.unique(
            s.overrides,
            lambda o: (o.scenario, o.target, o.parameter),
            "scenario, target and parameter",
        )
        for o in s.overrides:
            if o.scenario not in names:
                self.add(where(o, "scenario"), _q(o.scenario), "a scenario from Scenarios")
            self.override(o, drivers)

    def lever(self, e: Effect, drivers: dict[str, Driver], lines: dict[str, CostLine]) -> None:
        """One Effects row against the levers table (DESIGN.md, "Improvement initiatives")."""
        if e.parameter not in LEVER_CHANGES:
            self.add(
                where(e, "parameter"),
                _q(e.parameter),
                "a lever parameter: " + ", ".join(LEVER_CHANGES),
            )
            return
        allowed = LEVER_CHANGES[e.parameter]
        change = e.change or allowed[0]
        if change not in allowed:
            self.add(
                where(e, "change"),
                _q(e.change),
                f"for {e.parameter}: " + ", ".join(allowed) + " or a blank",
            )
        if e.parameter in LEVER_LINE_PARAMETERS:
            line = lines.get(e.target)
            types = LEVER_LINE_PARAMETERS[e.parameter]
            if line is None or line.type not in types:
                self.add(
                    where(e, "target"),
                    _q(e.target),
                    f"a line_id of a {' or '.join(types)} line for {e.parameter}",
                )
        else:
            d = drivers.get(e.target)
            methods = LEVER_DRIVER_PARAMETERS[e.parameter]
            if d is None:
                self.add(where(e, "target"), _q(e.target), "a driver_id from Drivers")
            elif (methods is not None and d.method not in methods) or (
                e.parameter == "transfer" and d.method == "sum"
            ):
                what = (
                    f"a {' or '.join(methods)} driver" if methods else "a driver that is not a sum"
                )
                self.add(
                    where(e, "target"),
                    _q(e.target),
                    f"{what} for {e.parameter} ({e.target} uses {d.method})",
                )
        if e.parameter == "transfer":
            to = drivers.get(e.to)
            if to is None or to.method == "sum" or e.to == e.target:
                self.add(
                    where(e, "to"),
                    _q(e.to),
                    "the driver_id receiving the transfer: not a sum, not the target",
                )
        elif e.to not in (None, ""):
            self.add(where(e, "to"), _q(e.to), "a blank: 'to' is only for a transfer")
        v = e.value
        if not _is_number(v) or not math.isfinite(v):
            self.add(where(e, "value"), v if _is_number(v) else _kind(v), "a finite number")
        else:
            low, high, what = _LEVER_RANGES.get((e.parameter, change), (-math.inf, math.inf, ""))
            if what and not (
                low < v <= high if low == 0 and e.parameter == "caseload" else low <= v <= high
            ):
                self.add(where(e, "value"), v, what)
        self.series(
            e, e.phasing, level=False, required=True, low=0, high=1, what="a phasing in [0, 1]"
        )

    def override(self, o: Override, drivers: dict[str, Driver]) -> None:
        """One Overrides row: a target of the overrides table and a series it may replace."""
        s = self.spec
        if o.target in drivers:
            self._parameter(o, drivers)
            return
        staffing = {x.id for x in s.cost_lines if x.type == "staffing"}
        kinds: dict[str, set[str]] = {r.initiative_id: set() for r in s.improvements}
        for r in s.improvements:
            kinds[r.initiative_id].add(r.kind)
        baseline: Any = None
        if o.target in staffing and o.parameter in ("caseload", "agency_share"):
            rule = (
                ("a caseload above 0", 0.0, math.inf, True)
                if o.parameter == "caseload"
                else ("an agency share in [0, 1]", 0.0, 1.0, False)
            )
            rows = [
                a.values
                for a in s.cost_assumptions
                if (a.line_id, a.parameter) == (o.target, o.parameter)
            ]
            baseline = rows[0] if rows else (0.0,) * len(self.years)
        elif o.target in {f.id for f in s.funding} and o.parameter == "amount":
            rule = ("a cash amount", -math.inf, math.inf, False)
            baseline = next(f.values for f in s.funding if f.id == o.target)
        elif o.target in {p.id for p in s.populations} and o.parameter == "population":
            rule = ("a population >= 0", 0.0, math.inf, False)
            baseline = next(p.values for p in s.populations if p.id == o.target)
        elif o.target in set(s.initiative_ids()) and o.parameter in INITIATIVE_OVERRIDES:
            if o.parameter in INITIATIVE_KINDS and o.parameter not in kinds.get(o.target, set()):
                self.add(
                    where(o, "parameter"),
                    _q(o.parameter),
                    f"a kind {o.target} has an Improvement row of",
                )
                return
            if o.parameter == "effect" and not any(e.initiative_id == o.target for e in s.effects):
                self.add(where(o, "parameter"), _q(o.parameter), "an initiative with Effects rows")
                return
            amount = o.parameter in INITIATIVE_KINDS
            low = 0.0 if o.parameter in ("saving", "delivery", "effect") else -math.inf
            what = "an amount" if amount else f"a fraction >= 0 for {o.parameter}"
            self.series(o, o.values, level=False, required=not amount, low=low, what=what)
            return
        else:
            self.add(
                where(o, "target"),
                f"{o.target!r} with parameter {o.parameter!r}",
                "a driver and one of its parameters; a staffing line and caseload or "
                "agency_share; a funding row and amount; a population and population; an "
                "initiative and one_off, recurring, saving, delivery or effect",
            )
            return
        what, low, high, open_low = rule
        values = cast(Series, o.values)
        first = values[0] if values else None
        base = cast(Series, baseline)[0] if baseline else None
        if first is not None and first != base:
            self.add(
                where(o, self.years[0]),
                first,
                f"a blank or the baseline value {_show(base)} in the base year",
                "An override replaces projection years only: the base year is the known outturn.",
            )
        self.series(
            o,
            (None, *values[1:]),
            level=False,
            required=True,
            low=low,
            high=high,
            low_open=open_low,
            what=what,
        )


_LEVER_RANGES: dict[tuple[str, str], tuple[float, float, str]] = {
    ("volume", "proportional"): (-1.0, math.inf, "a change >= -1 (-0.10 = 10% fewer)"),
    ("entries", "proportional"): (-1.0, math.inf, "a change >= -1 (-0.10 = 10% fewer)"),
    ("unit_cost", "proportional"): (-1.0, math.inf, "a change >= -1 (-0.10 = 10% cheaper)"),
    ("transfer", "proportional"): (0.0, 1.0, "a share in [0, 1] of the target's volume"),
    ("transfer", "absolute"): (0.0, math.inf, "a number moved >= 0"),
    ("caseload", "level"): (0.0, math.inf, "a caseload above 0"),
    ("caseload", "proportional"): (-1.0, math.inf, "a change >= -1"),
    ("agency_share", "level"): (0.0, 1.0, "an agency share in [0, 1]"),
    ("share", "points"): (-1.0, 1.0, "a change in [-1, 1]"),
    ("exit_rate", "points"): (-1.0, 1.0, "a change in [-1, 1]"),
}
INITIATIVE_OVERRIDES = ("one_off", "recurring", "saving", "delivery", "effect")


def validate(spec: ModelSpec) -> list[Issue]:
    """Every problem in the model's meaning, in sheet order; empty if none."""
    return _Checker(spec).run()
