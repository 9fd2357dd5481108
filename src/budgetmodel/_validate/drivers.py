"""Checks on the demand drivers: methods, bases, sums, the dependency graph (no
cycles), and each driver parameter's series on DriverAssumptions (and Overrides)."""

from __future__ import annotations

import math
from typing import Any, cast

from .._graph import CycleError, basis_ids, driver_order
from .._series import Series
from .._spec import DRIVER_PARAMETERS, METHODS, Driver, Override, Population
from .checker import MAX_RATE, Checker, is_number, quote, where

__all__ = ["check_driver_assumptions", "check_drivers", "check_parameter"]


def _positive(value: Any) -> bool:
    return is_number(value) and value > 0


def check_drivers(c: Checker, pops: dict[str, Population], drivers: dict[str, Driver]) -> None:
    """Each driver's method, base volume and basis; then a cycle through the bases."""
    for d in c.spec.drivers:
        if d.method not in METHODS:
            c.add(where(d, "method"), quote(d.method), "one of " + ", ".join(METHODS))
        v0 = d.base_volume
        if not is_number(v0) or not math.isfinite(v0) or v0 < 0:
            c.add(where(d, "base_volume"), v0, "a base volume >= 0")
        if d.method == "rate":
            if d.basis not in pops:
                c.add(
                    where(d, "basis"),
                    quote(d.basis),
                    "a population_id from Populations",
                    "A rate driver's basis must be a population.",
                )
            elif not _positive(cast(Series, pops[d.basis].values)[0]):
                c.add(where(d, "basis"), quote(d.basis), "a population above 0 in the base year")
        elif d.method == "share":
            if d.basis not in drivers:
                c.add(
                    where(d, "basis"),
                    quote(d.basis),
                    "a driver_id from Drivers",
                    "A share driver's basis must be a driver.",
                )
            elif drivers[d.basis].base_volume == 0:
                c.add(
                    where(d, "basis"),
                    quote(d.basis),
                    "a basis driver with a base volume above 0",
                    "The base share is base_volume / the basis driver's base_volume.",
                )
        elif d.method == "sum":
            _check_sum(c, d, drivers)
        elif d.method == "stock_flow" and d.basis not in (None, ""):
            if d.basis not in drivers:
                c.add(
                    where(d, "basis"),
                    quote(d.basis),
                    "a driver_id from Drivers (the entries driver) or a blank",
                    "A stock's basis, when given, is the driver whose volume enters it.",
                )
        elif d.basis not in (None, "") and d.method in METHODS:
            c.add(where(d, "basis"), quote(d.basis), f"a blank basis for method {d.method!r}")
    try:
        driver_order(c.spec)
    except CycleError as err:
        cycle = [c.spec.drivers[i].id for i in err.args[1]]
        first = c.spec.drivers[err.args[1][0]]
        c.add(
            where(first, "basis"),
            " -> ".join(cycle),
            "drivers without a cycle through their bases",
            "A driver cannot depend, directly or not, on itself.",
        )


def _check_sum(c: Checker, d: Driver, drivers: dict[str, Driver]) -> None:
    """A sum names two or more drivers; its base volume is blank or their sum."""
    named = basis_ids(d)
    unknown = [b for b in named if b not in drivers]
    if len(named) < 2 or unknown or len(set(named)) < len(named):
        c.add(
            where(d, "basis"),
            quote(d.basis),
            "two or more different driver_ids from Drivers, comma-separated",
            f"Not found: {', '.join(unknown)}." if unknown else "",
        )
        return
    parts = [drivers[b].base_volume for b in named]
    if d.base_volume and all(isinstance(v, (int, float)) for v in parts):
        total = float(sum(parts))
        if abs(d.base_volume - total) > 0.005 * abs(total):
            c.add(
                where(d, "base_volume"),
                d.base_volume,
                f"a blank, or the sum of its bases' base volumes ({total:,.6g}) within 0.5%",
            )


def check_parameter(c: Checker, r: Any, drivers: dict[str, Driver]) -> bool:
    """A DriverAssumptions or Overrides row: a known driver, one of its method's
    parameters, and that parameter's series; False if the series was not checked."""
    field = "target" if isinstance(r, Override) else "driver_id"
    d = drivers.get(getattr(r, field))
    if d is None:
        c.add(where(r, field), quote(getattr(r, field)), "a driver_id from Drivers")
        return False
    if d.method not in DRIVER_PARAMETERS:
        return False  # the unknown method is reported on Drivers
    allowed = DRIVER_PARAMETERS[d.method]
    if r.parameter not in allowed:
        c.add(
            where(r, "parameter"),
            quote(r.parameter),
            f"a parameter of method {d.method!r}: " + ", ".join(allowed),
        )
        return False
    _check_parameter_series(c, r, r.parameter, r.values)
    return True


def _check_parameter_series(c: Checker, r: Any, parameter: str, values: Any) -> None:
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
    c.series(r, values, level=False, required=rule.pop("required", False), **rule)


def check_driver_assumptions(c: Checker, drivers: dict[str, Driver]) -> None:
    """DriverAssumptions rows once each, and every row a driver's method requires."""
    s = c.spec
    c.unique(s.driver_assumptions, lambda a: (a.driver_id, a.parameter), "driver_id and parameter")
    given = {(a.driver_id, a.parameter) for a in s.driver_assumptions}
    for a in s.driver_assumptions:
        check_parameter(c, a, drivers)
    for d in s.drivers:
        entries_driver = d.method == "stock_flow" and d.basis not in (None, "")
        if entries_driver and (d.id, "entries") in given:
            c.add(
                where(d, "basis"),
                f"an entries driver {d.basis!r} and an 'entries' row",
                "one of the two",
                "Entries come from the basis driver, or from the entries row: not both.",
            )
        for required in {"stock_flow": ("entries",), "explicit": ("volume",)}.get(d.method, ()):
            if entries_driver:
                continue
            if (d.id, required) not in given:
                c.add(
                    where(d),
                    f"no {required!r} row for {d.id!r}",
                    f"a DriverAssumptions row {d.id}, {required}",
                    f"Method {d.method!r} needs {required} in every projection year.",
                )
