"""Checks on a model's meaning: references, the driver graph, required series,
ranges. Every problem is collected; nothing stops at the first.

Each record's ``where`` maps a field name or a year label to ``"Sheet!Cell"``
(set by the workbook reader); otherwise problems are located by record, such as
``Drivers[cin].basis``.

The checks live by what they check: the settings, field types and ids
(``records``), the drivers (``drivers``), prices and cost lines (``costs``), the
plan's initiatives and levers (``plan``), scenarios and overrides (``scenarios``)
and the uncertain inputs (``uncertainty``), each adding to one `Checker`
(``checker``); `validate` runs them in sheet order.
"""

from __future__ import annotations

from .._spec import ModelSpec
from ..errors import Issue
from .checker import MAX_MAGNITUDE, MAX_RATE, SHEETS, Checker, where
from .costs import check_cost_lines, check_inflation
from .drivers import check_driver_assumptions, check_drivers
from .plan import check_initiatives
from .records import check_namespace, check_outturn, check_settings, check_types
from .scenarios import check_scenarios
from .uncertainty import check_uncertainty

__all__ = ["MAX_MAGNITUDE", "MAX_RATE", "SHEETS", "validate", "where"]


def validate(spec: ModelSpec) -> list[Issue]:
    """Every problem in the model's meaning, in sheet order; empty if none."""
    c = Checker(spec)
    s = spec
    check_settings(c)
    if not c.years or not check_types(c):
        return c.issues
    pops = {p.id: p for p in s.populations}
    c.unique(s.populations, lambda p: p.id, "population_id")
    for p in s.populations:
        c.series(p, p.values, level=True, required=True, low=0, what="a population >= 0")
    drivers = {d.id: d for d in s.drivers}
    c.unique(s.drivers, lambda d: d.id, "driver_id")
    check_drivers(c, pops, drivers)
    check_driver_assumptions(c, drivers)
    lines = {line.id: line for line in s.cost_lines}
    c.unique(s.cost_lines, lambda x: x.id, "line_id")
    categories = check_inflation(c)
    check_cost_lines(c, drivers, lines, categories)
    check_initiatives(c, drivers, lines, categories)
    c.unique(s.funding, lambda f: f.id, "funding_id")
    check_namespace(c)
    for f in s.funding:
        c.series(f, f.values, level=True, required=True, what="a cash amount")
    check_scenarios(c, drivers, categories)
    check_uncertainty(c, drivers, lines, categories)
    check_outturn(c)
    return c.issues
