"""Checks on the improvement plan: the initiatives' direct amounts (Improvement) and
their levers (Effects), against the levers table (DESIGN.md, "Improvement
initiatives")."""

from __future__ import annotations

import math

from .._spec import INITIATIVE_KINDS, CostLine, Driver, Effect
from ..core.levers import CHANGES as LEVER_CHANGES
from ..core.levers import DRIVER_PARAMETERS as LEVER_DRIVER_PARAMETERS
from ..core.levers import LINE_PARAMETERS as LEVER_LINE_PARAMETERS
from .checker import SHEETS, Checker, is_number, kind_of, quote, where
from .costs import check_category

__all__ = ["check_initiatives"]

#: The values a lever's change may take, by parameter and change, and what to expect.
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


def check_initiatives(
    c: Checker,
    drivers: dict[str, Driver],
    lines: dict[str, CostLine],
    categories: dict[str, set[str]],
) -> None:
    """Improvement rows (kind, category, amounts), every Effects row, and initiative
    ids that are not also line ids."""
    s = c.spec
    c.unique(s.improvements, lambda r: (r.initiative_id, r.kind), "initiative_id and kind")
    for r in s.improvements:
        check_category(c, r, r.inflation, categories)
        if r.kind not in INITIATIVE_KINDS:
            c.add(where(r, "kind"), quote(r.kind), "one of " + ", ".join(INITIATIVE_KINDS))
        c.series(r, r.amounts, level=False, required=False, what="an amount")
        if r.kind == "saving":
            for label, v in zip(c.years, r.amounts, strict=True):
                if is_number(v) and v < 0:
                    c.add(
                        where(r, label),
                        v,
                        "a saving entered as a positive amount",
                        "Savings are typed positive and counted negative; a negative "
                        "saving would be a cost. Use kind recurring for a cost.",
                    )
    for e in s.effects:
        _check_lever(c, e, drivers, lines)
    for r in [*s.improvements, *s.effects]:
        if r.initiative_id in lines:
            c.add(
                where(r, "initiative_id"),
                f"{r.initiative_id!r}, which is also the line_id at "
                f"{where(lines[r.initiative_id], 'line_id')}",
                f"an initiative_id on {SHEETS[type(r)]} different from every line_id on CostLines",
            )


def _check_lever(
    c: Checker, e: Effect, drivers: dict[str, Driver], lines: dict[str, CostLine]
) -> None:
    """One Effects row against the levers table (DESIGN.md, "Improvement initiatives")."""
    if e.parameter not in LEVER_CHANGES:
        c.add(
            where(e, "parameter"),
            quote(e.parameter),
            "a lever parameter: " + ", ".join(LEVER_CHANGES),
        )
        return
    allowed = LEVER_CHANGES[e.parameter]
    change = e.change or allowed[0]
    if change not in allowed:
        c.add(
            where(e, "change"),
            quote(e.change),
            f"for {e.parameter}: " + ", ".join(allowed) + " or a blank",
        )
    if e.parameter in LEVER_LINE_PARAMETERS:
        line = lines.get(e.target)
        types = LEVER_LINE_PARAMETERS[e.parameter]
        if line is None or line.type not in types:
            c.add(
                where(e, "target"),
                quote(e.target),
                f"a line_id of a {' or '.join(types)} line for {e.parameter}",
            )
    else:
        d = drivers.get(e.target)
        methods = LEVER_DRIVER_PARAMETERS[e.parameter]
        if d is None:
            c.add(where(e, "target"), quote(e.target), "a driver_id from Drivers")
        elif (methods is not None and d.method not in methods) or (
            e.parameter == "transfer" and d.method == "sum"
        ):
            what = f"a {' or '.join(methods)} driver" if methods else "a driver that is not a sum"
            c.add(
                where(e, "target"),
                quote(e.target),
                f"{what} for {e.parameter} ({e.target} uses {d.method})",
            )
    if e.parameter == "transfer":
        to = drivers.get(e.to)
        if to is None or to.method == "sum" or e.to == e.target:
            c.add(
                where(e, "to"),
                quote(e.to),
                "the driver_id receiving the transfer: not a sum, not the target",
            )
    elif e.to not in (None, ""):
        c.add(where(e, "to"), quote(e.to), "a blank: 'to' is only for a transfer")
    v = e.value
    if not is_number(v) or not math.isfinite(v):
        c.add(where(e, "value"), v if is_number(v) else kind_of(v), "a finite number")
    else:
        low, high, what = _LEVER_RANGES.get((e.parameter, change), (-math.inf, math.inf, ""))
        if what and not (
            low < v <= high if low == 0 and e.parameter == "caseload" else low <= v <= high
        ):
            c.add(where(e, "value"), v, what)
    c.series(e, e.phasing, level=False, required=True, low=0, high=1, what="a phasing in [0, 1]")
