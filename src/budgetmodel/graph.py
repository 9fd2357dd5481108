"""The drivers' dependency graph: a driver depends on the drivers its basis names
(a share's basis, a stock's entries driver, the drivers a sum adds up)."""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter

from .core.drivers import METHODS
from .spec import Driver, ModelSpec

__all__ = ["CycleError", "basis_ids", "driver_order"]


def basis_ids(driver: Driver) -> list[str]:
    """The ids a driver's ``basis`` names: none, one, or a comma-separated list.

    Examples
    --------
    >>> basis_ids(Driver("open_cases", "sum", 0, basis="cin, cpp ,cla"))
    ['cin', 'cpp', 'cla']
    """
    return [part.strip() for part in (driver.basis or "").split(",") if part.strip()]


def driver_order(spec: ModelSpec) -> list[int]:
    """Driver positions in an order where each share driver follows its basis.

    Raises
    ------
    graphlib.CycleError
        If share drivers form a cycle; ``args[1]`` lists the cycle.
    """
    index = {d.id: i for i, d in enumerate(spec.drivers)}
    sorter: TopologicalSorter[int] = TopologicalSorter()
    for i, d in enumerate(spec.drivers):
        method = METHODS.get(d.method)
        reads_drivers = method is not None and method.basis in ("driver", "drivers")
        deps = [index[b] for b in basis_ids(d) if b in index] if reads_drivers else []
        sorter.add(i, *deps)
    return list(sorter.static_order())
