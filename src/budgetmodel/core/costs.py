"""Cost-line types (DESIGN.md, "Baseline cost lines"): the cost at base-year prices
``K[t]`` of each type, as a numpy kernel and its spreadsheet formula side by side.

Kernels work on every line of one type at once: volumes ``(D, L, T)``, per-line
constants ``(D, L)``, per-line series ``(L, T)`` or ``(D, L, T)``. Formulas find
their operands through ``ref(name, t)`` (`budgetmodel.core.drivers.Ref`):
``volume`` (the line's driver in the same pass), ``unit_cost``, ``base_cost``,
``base_volume``, ``cost_per_fte``, ``agency_premium``, ``caseload``,
``agency_share`` and the line's own ``fte`` row.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._ref import Ref, need

Array = NDArray[np.float64]

__all__ = [
    "COST_PER",
    "LINE_KINDS",
    "LINE_TYPES",
    "Activity",
    "Fixed",
    "LineType",
    "Staffing",
    "counted_formula",
]

#: What an activity line's unit cost is per, and how many of those make a year
#: (the number, and the same as spreadsheet text).
COST_PER: dict[str, tuple[float, str]] = {
    "year": (1.0, "1"),
    "week": (365.0 / 7.0, "(365/7)"),
    "day": (365.0, "365"),
}
#: How a line counts in the total: expenditure adds, income (a grant, a contribution)
#: takes away.
LINE_KINDS: dict[str, float] = {"expenditure": 1.0, "income": -1.0}


def counted_formula(text: str, kind: str) -> str:
    """A line's cost as it counts in the total: ``-(...)`` for income.

    Examples
    --------
    >>> counted_formula("Volumes!C5*CostLines!G3", "income")
    '-(Volumes!C5*CostLines!G3)'
    """
    return text if LINE_KINDS[kind] > 0 else f"-({text})"


class LineType:
    """One cost-line type: the rows it shows besides ``cost``, and their formulas."""

    name: str = ""
    #: Working rows shown on the calculation sheet besides ``cost``.
    steps: tuple[str, ...] = ()

    def formula(self, row: str, t: int, ref: Ref) -> str:
        """The spreadsheet text (without ``=``) of ``row`` in year ``t``."""
        raise NotImplementedError


class Activity(LineType):
    """``K[t] = V[d, t] * u * n``: ``u = unit_cost`` per ``cost_per`` (``n`` of them a
    year, `COST_PER`), or ``u = base_cost / V[d, 0]`` a year (``n = 1``).

    Examples
    --------
    >>> Activity.cost(np.array([[[10.0, 12.0]]]), np.array([[2.5]]))
    array([[[25., 30.]]])
    >>> cells = {"volume": "Volumes!C5", "base_cost": "CostLines!H3", "base_volume": "Drivers!F2"}
    >>> Activity().formula("cost", 1, lambda n, t: cells.get(n))
    'Volumes!C5*(CostLines!H3/Drivers!F2)'
    """

    name = "activity"

    @staticmethod
    def cost(volume: Array, unit_cost: Array) -> Array:
        return volume * unit_cost[..., None]

    @staticmethod
    def per_year(unit_cost: float, cost_per: str) -> float:
        """The unit cost a year: ``u * n``.

        Examples
        --------
        >>> Activity.per_year(700.0, "week") == 700.0 * 365 / 7
        True
        """
        return unit_cost * COST_PER[cost_per][0]

    def formula(self, row: str, t: int, ref: Ref) -> str:
        """Operands: ``volume``, and ``unit_cost`` (with ``cost_per``, a key of
        `COST_PER`, when not yearly) or ``base_cost`` and ``base_volume``."""
        unit = ref("unit_cost", t)
        if unit is None:
            unit = f"({need(ref, 'base_cost', t)}/{need(ref, 'base_volume', 0)})"
        else:
            per = ref("cost_per", t)
            if per and per != "year":
                unit = f"({unit}*{COST_PER[per][1]})"
        return f"{need(ref, 'volume', t)}*{unit}"


class Fixed(LineType):
    """``K[t] = base_cost`` in every year."""

    name = "fixed"

    @staticmethod
    def cost(base_cost: Array, years: int) -> Array:
        return np.repeat(base_cost[..., None], years, axis=-1)

    def formula(self, row: str, t: int, ref: Ref) -> str:
        return need(ref, "base_cost", t)


class Staffing(LineType):
    """``FTE[t] = V[d, t] / k[t]``, ``K[t] = FTE[t] * w * (1 + a[t] * m)``.

    Examples
    --------
    >>> Staffing.cost(np.array([[[10.0]]]), np.array([[50.0]]), np.array([[0.2]]),
    ...               np.array([0.5]))
    array([[[550.]]])
    """

    name, steps = "staffing", ("fte",)

    @staticmethod
    def fte(cases: Array, caseload: Array) -> Array:
        return cases / caseload

    @staticmethod
    def cost(fte: Array, cost_per_fte: Array, agency_share: Array, agency_premium: Array) -> Array:
        return fte * cost_per_fte[..., None] * (1.0 + agency_share * agency_premium[..., None])

    def formula(self, row: str, t: int, ref: Ref) -> str:
        if row == "fte":
            return f"{need(ref, 'volume', t)}/{need(ref, 'caseload', t)}"
        pay = f"{need(ref, 'fte', t)}*{need(ref, 'cost_per_fte', t)}"
        agency = ref("agency_share", t)  # no agency_share row means none
        if agency is None:
            return pay
        return f"{pay}*(1+{agency}*{need(ref, 'agency_premium', t)})"


#: Every cost-line type by name.
LINE_TYPES: dict[str, LineType] = {x.name: x for x in (Activity(), Fixed(), Staffing())}
