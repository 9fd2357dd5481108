"""What every check shares: the `Checker` that collects problems, where a record's
field or year sits (``Sheet!Cell`` or a record path), how a user's value is shown,
and the checks of unique keys and of a series by year."""

from __future__ import annotations

import math
import numbers
from typing import Any, TypeGuard

from .._series import InvalidSeries
from .._spec import (
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
from .._years import MAX_HORIZON, MIN_HORIZON
from ..errors import Issue

__all__ = [
    "LIMIT",
    "MAX_MAGNITUDE",
    "MAX_RATE",
    "SHEETS",
    "Checker",
    "is_number",
    "kind_of",
    "quote",
    "show",
    "where",
]

#: No input of a children's services budget comes near this (a quadrillion): a larger
#: number is a typing or export error, and would overflow the projection.
MAX_MAGNITUDE = 1e15
#: The largest annual growth, rate change or inflation rate accepted: 1,000% a year.
#: Anything above is a typing error (such as 3 for 3%), and compounded over the
#: horizon it would overflow the projection.
MAX_RATE = 10.0
#: `MAX_MAGNITUDE` as a message writes it.
LIMIT = "1e15"

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


def is_number(value: Any) -> TypeGuard[float]:
    """A real number (numpy's included), not a bool."""
    kind = type(value)
    if kind is float or kind is int:
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def kind_of(value: Any) -> str:
    """A value that is not what was expected, described with its type."""
    if isinstance(value, bool):
        return f"{value!r} (a true/false value)"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    return f"{str(value)[:40]!r} ({type(value).__name__})"


def quote(value: Any) -> str:
    """A user's value quoted for a message; a blank shows as such."""
    return "a blank cell" if value is None or value == "" else repr(value)


def show(value: Any) -> str:
    """A number as a message shows it: a whole float without its ``.0``."""
    if value is None:
        return "a blank cell"
    if isinstance(value, float) and value.is_integer():
        return str(repr(int(value)) if abs(value) < 1e15 else repr(value))
    return repr(value)


def _series_field(r: Any) -> str:
    for name in ("values", "amounts", "rates", "phasing"):
        if hasattr(r, name):
            return name
    return ""


class Checker:
    """The problems found in one spec so far, and the checks every table uses.

    Parameters
    ----------
    spec : ModelSpec
        The normalised inputs to check.
    """

    def __init__(self, spec: ModelSpec) -> None:
        self.spec = spec
        self.issues: list[Issue] = []
        horizon = spec.horizon
        good = isinstance(horizon, int) and MIN_HORIZON <= horizon <= MAX_HORIZON
        self.years = spec.years if good else []
        self.mistyped: set[str] = set()  # places whose value is of the wrong type

    def add(self, at: str, found: Any, expected: str, hint: str = "") -> None:
        """Record one problem, unless ``at`` is already reported as the wrong type."""
        if at in self.mistyped:
            return  # already reported as the wrong type of value
        self.issues.append(
            Issue(at, found if isinstance(found, str) else show(found), expected, hint)
        )

    def unique(self, records: tuple[Any, ...], key: Any, what: str) -> None:
        """Each record's ``key(record)`` once; a repeat names where it first stood."""
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
            if v is not None and not is_number(v):
                self.add(at, kind_of(v), what)
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
                self.add(at, v, f"a finite {what}, no larger than {LIMIT}")
            elif (low is not None and (v <= low if low_open else v < low)) or (
                high is not None and v > high
            ):
                self.add(at, v, what)
