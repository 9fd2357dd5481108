"""The drivers' dependency graph: share drivers depend on their basis driver."""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter

from .spec import ModelSpec

__all__ = ["CycleError", "driver_order"]


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
        deps = [index[d.basis]] if d.method == "share" and d.basis in index else []
        sorter.add(i, *deps)
    return list(sorter.static_order())
