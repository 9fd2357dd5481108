"""The drivers' dependency graph: a driver depends on the drivers its basis names
(a share's basis, a stock's entries driver, the drivers a sum adds up)."""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter

from ._spec import Driver, ModelSpec
from .core.drivers import METHODS

__all__ = ["CycleError", "basis_ids", "driver_order"]


def basis_ids(driver: Driver) -> list[str]:
    """The ids a driver's ``basis`` names: none, one, or a comma-separated list.

    Examples
    --------
    >>> basis_ids(Driver("open_cases", "sum", 0, basis="cin, cpp ,cla"))
    ['cin', 'cpp', 'cla']
    """
    return [part.strip() for part in (driver.basis or "").split(",") if part.strip()]


def _dependencies(spec: ModelSpec) -> dict[int, set[int]]:
    """Each driver's position -> the positions it must follow: the drivers its basis
    names, and for a transfer from A to B, A before B, and B before every driver
    that reads A (which must see A after the transfer)."""
    index = {d.id: i for i, d in enumerate(spec.drivers)}
    deps: dict[int, set[int]] = {i: set() for i in range(len(spec.drivers))}
    for i, d in enumerate(spec.drivers):
        method = METHODS.get(d.method)
        if method is not None and method.basis in ("driver", "drivers"):
            deps[i] |= {index[b] for b in basis_ids(d) if b in index}
    for e in spec.effects:
        if e.parameter == "transfer" and e.target in index and e.to in index:
            a, b = index[e.target], index[e.to]
            if a == b:
                continue
            deps[b].add(a)
            for c, needs in list(deps.items()):
                if a in needs and c != b:
                    needs.add(b)
    return deps


def driver_order(spec: ModelSpec) -> list[int]:
    """Driver positions in an order where each driver follows the drivers it reads,
    and a transfer's receiving driver follows the one it takes from.

    Raises
    ------
    graphlib.CycleError
        If bases or transfers form a cycle; ``args[1]`` lists the cycle.
    """
    sorter: TopologicalSorter[int] = TopologicalSorter()
    for i, needs in _dependencies(spec).items():
        sorter.add(i, *sorted(needs))
    return list(sorter.static_order())
