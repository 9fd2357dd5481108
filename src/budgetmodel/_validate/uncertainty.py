"""Checks on the Uncertainty rows: each target names an input of the right kind, and
each distribution has the parameters it takes, in order."""

from __future__ import annotations

import math

from .._spec import DISTRIBUTIONS, UNCERTAINTY_TARGETS, CostLine, Driver, Uncertainty
from ..core.drivers import METHOD_OF
from .checker import Checker, is_number, quote, show, where

__all__ = ["check_uncertainty"]


def check_uncertainty(
    c: Checker,
    drivers: dict[str, Driver],
    lines: dict[str, CostLine],
    categories: dict[str, set[str]],
) -> None:
    """Each Uncertainty row once: a known target of its kind, then its distribution."""
    s = c.spec
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
    c.unique(s.uncertainty, lambda u: u.target, "target")
    for u in s.uncertainty:
        kind, _, ident = u.target.partition(":")
        if kind not in UNCERTAINTY_TARGETS or not ident:
            c.add(
                where(u, "target"),
                quote(u.target),
                "a target such as growth:cla, inflation:pay, unit_cost:fostering, "
                "effect:early_help, delivery:early_help or funding:base",
                "Kinds: " + ", ".join(UNCERTAINTY_TARGETS) + ".",
            )
        else:
            needs = UNCERTAINTY_TARGETS[kind]
            if ident not in known[needs]:
                c.add(where(u, "target"), quote(u.target), f"a {kinds[needs]} after '{kind}:'")
            elif kind in method_of and drivers[ident].method != method_of[kind]:
                c.add(
                    where(u, "target"),
                    quote(u.target),
                    f"a {method_of[kind]} driver for '{kind}' "
                    f"({ident} uses {drivers[ident].method})",
                )
            elif kind == "effect" and not any(e.initiative_id == ident for e in s.effects):
                c.add(where(u, "target"), quote(u.target), "an initiative with Effects rows")
            elif kind == "delivery" and not any(
                r.initiative_id == ident and r.kind == "saving" for r in s.improvements
            ):
                c.add(
                    where(u, "target"),
                    quote(u.target),
                    "an initiative with a saving row on Improvement",
                )
        _check_distribution(c, u)


def _check_distribution(c: Checker, u: Uncertainty) -> None:
    """The distribution is known, has p1..pN as numbers, and they are in order."""
    if u.distribution not in DISTRIBUTIONS:
        c.add(where(u, "distribution"), quote(u.distribution), "one of " + ", ".join(DISTRIBUTIONS))
        return
    p = [u.p1, u.p2, u.p3]
    need = {"normal": 2, "uniform": 2, "triangular": 3, "pert": 3}[u.distribution]
    names = ["p1", "p2", "p3"]
    for k in range(need):
        v = p[k]
        if v is None or not is_number(v) or not math.isfinite(v):
            c.add(where(u, names[k]), show(v), f"a number ({u.distribution} takes p1..p{need})")
            return
    if u.distribution == "normal" and (u.p2 or 0.0) < 0:
        c.add(where(u, "p2"), show(u.p2), "a standard deviation >= 0")
    elif u.distribution == "uniform" and u.p1 > (u.p2 or 0.0):
        c.add(where(u, "p2"), show(u.p2), f"a high value >= the low value p1 = {u.p1}")
    elif need == 3 and not (u.p1 <= (u.p2 or 0.0) <= (u.p3 or 0.0)):
        c.add(where(u, "p2"), f"p1 {u.p1}, p2 {u.p2}, p3 {u.p3}", "low <= mode <= high")
