"""Checks on the model as a whole: the settings, the type of every record field, the
one set of ids the sheets share, and the Outturn rows."""

from __future__ import annotations

import dataclasses
import functools
import math
from typing import Any

from .._series import InvalidSeries
from .._spec import MONEY_UNITS, CostLine, Improvement, Uncertainty
from .._years import MAX_HORIZON, MIN_HORIZON
from .checker import LIMIT, MAX_MAGNITUDE, SHEETS, Checker, is_number, kind_of, quote, show, where

__all__ = ["check_namespace", "check_outturn", "check_settings", "check_types"]


def check_settings(c: Checker) -> None:
    """The Settings sheet (horizon, money unit, base budget, discount rate, text) and at
    least one scenario."""
    s = c.spec
    if not (
        isinstance(s.horizon, int)
        and not isinstance(s.horizon, bool)
        and MIN_HORIZON <= s.horizon <= MAX_HORIZON
    ):
        c.add(
            s.where_settings.get("horizon", "Settings!horizon"),
            s.horizon if is_number(s.horizon) else kind_of(s.horizon),
            f"a horizon: a whole number of years {MIN_HORIZON}..{MAX_HORIZON}",
        )
    if not isinstance(s.money_unit, str) or s.money_unit not in MONEY_UNITS:
        c.add(
            s.where_settings.get("money_unit", "Settings!money_unit"),
            quote(s.money_unit),
            "one of " + ", ".join(MONEY_UNITS),
        )
    if s.base_budget is not None and (
        not is_number(s.base_budget) or not math.isfinite(s.base_budget)
    ):
        c.add(
            s.where_settings.get("base_budget", "Settings!base_budget"),
            s.base_budget if is_number(s.base_budget) else kind_of(s.base_budget),
            "a finite amount or a blank",
        )
    rate = s.discount_rate
    if (
        isinstance(rate, bool)
        or not isinstance(rate, (int, float))
        or not (math.isfinite(rate) and -1 < rate <= 1)
    ):
        c.add(
            s.where_settings.get("discount_rate", "Settings!discount_rate"),
            show(rate),
            "a discount rate between -1 and 1 (0.035 = 3.5%, the Green Book rate)",
        )
    for name in ("authority", "deflator"):
        if not isinstance(getattr(s, name), str):
            c.add(f"Settings!{name}", kind_of(getattr(s, name)), "text")
    if not s.scenarios:
        c.add(
            "Scenarios",
            "no scenarios",
            "at least one scenario",
            "Add a row such as: central, <inflation scenario>, all.",
        )


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


def check_types(c: Checker) -> bool:
    """Every record field holds the type it declares; False if text fields do not
    (ids that are not text cannot be looked up, so nothing further is checked)."""
    s = c.spec
    texts_ok = True
    for table in s._TABLES:
        for r in getattr(s, table):
            cls: type = type(r)
            if not dataclasses.is_dataclass(cls):
                c.add(
                    SHEETS.get(type(r), table),
                    kind_of(r),
                    f"a record such as budgetmodel.{table.title().replace('_', '')}",
                )
                texts_ok = False
                continue
            numeric, text, optional = _field_kinds(cls)
            for name in numeric:
                v = getattr(r, name)
                if v is None:
                    continue
                if is_number(v):
                    # An Uncertainty row's parameters are checked with their
                    # distribution; a shock that overflows is named by the simulation.
                    if (math.isfinite(v) and abs(v) <= MAX_MAGNITUDE) or cls is Uncertainty:
                        continue
                    found, expected = show(v), f"a finite number no larger than {LIMIT}"
                else:
                    found, expected = kind_of(v), "a number"
                at = where(r, name)
                c.add(at, found, expected)
                c.mistyped.add(at)
            for name in text:
                v = getattr(r, name)
                if isinstance(v, str) or (v is None and name in optional):
                    continue
                c.add(where(r, name), kind_of(v), "text")
                texts_ok = False
    return texts_ok


def check_namespace(c: Checker) -> None:
    """Populations, drivers, lines, initiatives and funding rows share one set of ids."""
    s = c.spec
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
            c.add(
                where(r, "initiative_id" if isinstance(r, Improvement) else "id"),
                f"{ident!r}, already used on {SHEETS[type(first[ident])]} ({where(first[ident])})",
                f"an id not used on {SHEETS[type(first[ident])]}",
                "Populations, drivers, lines, initiatives and funding rows share one set of ids.",
            )
        else:
            first.setdefault(ident, r)


def check_outturn(c: Checker) -> None:
    """Outturn rows: one per service area the model has, cash or blank by year."""
    s = c.spec
    c.unique(s.outturn, lambda o: o.service_area, "service_area")
    areas = [x.service_area for x in s.cost_lines] + [r.service_area for r in s.improvements]
    known = list(dict.fromkeys(areas))
    for o in s.outturn:
        if o.service_area not in known:
            c.add(
                where(o, "service_area"),
                repr(o.service_area),
                "a service area of a cost line or initiative: " + ", ".join(map(repr, known)),
                "The back-test compares each area's projection with its outturn.",
            )
        if isinstance(o.values, InvalidSeries):
            c.add(where(o, "values"), o.values.problem, "a cash amount or blank each year")
            continue
        for label, v in zip(c.years, o.values, strict=True):
            if v is None:
                continue  # unknown: no back-test that year
            if not is_number(v):
                c.add(where(o, label), kind_of(v), "a cash amount, or blank where unknown")
            elif not math.isfinite(v) or abs(v) > MAX_MAGNITUDE:
                c.add(where(o, label), v, f"a finite cash amount, no larger than {LIMIT}")
