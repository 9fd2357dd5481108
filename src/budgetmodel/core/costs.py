"""Cost at base-year prices ``K[t]`` of each cost-line type (DESIGN.md, "Baseline cost lines").

Shapes: volumes ``(D, L, T)``; per-line constants ``(D, L)``; per-line series ``(L, T)``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

__all__ = ["activity_cost", "fixed_cost", "staffing_cost", "staffing_fte"]


def activity_cost(volume: Array, unit_cost: Array) -> Array:
    """``K[t] = V[d, t] * u`` [money per year].

    Examples
    --------
    >>> activity_cost(np.array([[[10.0, 12.0]]]), np.array([[2.5]]))
    array([[[25., 30.]]])
    """
    return volume * unit_cost[..., None]


def fixed_cost(base_cost: Array, years: int) -> Array:
    """``K[t] = base_cost`` in every year."""
    return np.repeat(base_cost[..., None], years, axis=-1)


def staffing_fte(cases: Array, caseload: Array) -> Array:
    """``FTE[t] = V[d, t] / k[t]`` [full-time equivalents]."""
    return cases / caseload


def staffing_cost(
    fte: Array, cost_per_fte: Array, agency_share: Array, agency_premium: Array
) -> Array:
    """``K[t] = FTE[t] * w * (1 + a[t] * m)``.

    Examples
    --------
    >>> staffing_cost(np.array([[[10.0]]]), np.array([[50.0]]), np.array([[0.2]]), np.array([0.5]))
    array([[[550.]]])
    """
    return fte * cost_per_fte[..., None] * (1.0 + agency_share * agency_premium[..., None])
