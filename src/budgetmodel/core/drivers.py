"""Projection of demand-driver volumes by method (DESIGN.md, "Demand drivers").

Shapes: ``v0`` is the base volume ``V[0]`` (a scalar); parameter series are
``(D, T)`` with draws first; results are ``(D, T)``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .inflation import price_index

Array = NDArray[np.float64]

__all__ = [
    "effect_multiplier",
    "project_explicit",
    "project_growth",
    "project_rate",
    "project_share",
    "project_stock_flow",
    "share_path",
    "stock_path",
]


def project_growth(v0: float, growth: Array) -> Array:
    """``V[t] = V[t-1] * (1 + g[t])``.

    Examples
    --------
    >>> project_growth(100.0, np.array([[0.0, 0.1, -0.5]]))
    array([[100., 110.,  55.]])
    """
    return v0 * price_index(growth)


def project_rate(v0: float, population: Array, rate_change: Array) -> Array:
    """``R[0] = V[0] / P[0]``, ``R[t] = R[t-1] * (1 + rate_change[t])``, ``V[t] = R[t] * P[t]``.

    Examples
    --------
    >>> project_rate(50.0, np.array([1000.0, 1100.0]), np.array([[0.0, 0.1]]))
    array([[50. , 60.5]])
    """
    return (v0 / population[..., :1]) * price_index(rate_change) * population


def _hold_forward(values: Array) -> Array:
    """Replace each NaN with the last non-NaN value before it on the last axis."""
    filled = ~np.isnan(values)
    position = np.where(filled, np.arange(values.shape[-1]), 0)
    np.maximum.accumulate(position, axis=-1, out=position)
    return np.take_along_axis(values, position, axis=-1)


def project_share(v0: float, basis: Array, basis_v0: float, share: Array) -> Array:
    """``S[0] = V[0] / V[q, 0]``, ``S[t] = share[t]`` (NaN holds ``S[t-1]``),
    ``V[t] = S[t] * V[q, t]``.

    Examples
    --------
    >>> project_share(25.0, np.array([[100.0, 200.0, 300.0]]), 100.0,
    ...               np.array([[np.nan, np.nan, 0.5]]))
    array([[ 25.,  50., 150.]])
    """
    return share_path(v0, basis_v0, share) * basis


def share_path(v0: float, basis_v0: float, share: Array) -> Array:
    """``S[0] = V[0] / V[q, 0]``, then ``share[t]``, a NaN holding ``S[t-1]``.

    Examples
    --------
    >>> share_path(25.0, 100.0, np.array([[np.nan, np.nan, 0.5]]))
    array([[0.25, 0.25, 0.5 ]])
    """
    s = np.array(share, dtype=np.float64, copy=True)
    s[..., 0] = v0 / basis_v0
    return _hold_forward(s)


def project_stock_flow(v0: float, entries: Array, exit_rate: Array) -> Array:
    """Stock ``S[t] = S[t-1] * (1 - x[t]) + E[t]`` from ``S[0] = V[0]``; costed
    volume ``V[0] = S[0]``, ``V[t] = (S[t-1] + S[t]) / 2``.

    Examples
    --------
    >>> project_stock_flow(100.0, np.array([[0.0, 30.0, 30.0]]), np.array([[0.0, 0.2, 0.5]]))
    array([[100. , 105. ,  97.5]])
    """
    stock = stock_path(v0, entries, exit_rate)
    volume = stock.copy()
    volume[..., 1:] = 0.5 * (stock[..., :-1] + stock[..., 1:])
    return volume


def stock_path(v0: float, entries: Array, exit_rate: Array) -> Array:
    """The stock at each year end: ``S[0] = V[0]``, ``S[t] = S[t-1] * (1 - x[t]) + E[t]``.

    Examples
    --------
    >>> stock_path(100.0, np.array([[0.0, 30.0, 30.0]]), np.array([[0.0, 0.2, 0.5]]))
    array([[100., 110.,  85.]])
    """
    shape = np.broadcast_shapes(entries.shape, exit_rate.shape)
    stock = np.empty(shape)
    stock[..., 0] = v0
    for t in range(1, shape[-1]):
        stock[..., t] = stock[..., t - 1] * (1.0 - exit_rate[..., t]) + entries[..., t]
    return stock


def project_explicit(v0: float, volume: Array) -> Array:
    """``V[0]`` as given, ``V[t] = volume[t]`` in projection years."""
    out = np.array(volume, dtype=np.float64, copy=True)
    out[..., 0] = v0
    return out


def effect_multiplier(effects: Array, phasing: Array) -> Array:
    """``prod_i (1 + e[i] * phi[i, t])`` over the effects on one driver.

    Parameters
    ----------
    effects : ndarray, shape (D, n)
        Full-year proportional effects [fraction].
    phasing : ndarray, shape (n, T)
        Phasing in [0, 1]; 0 in the base year.

    Examples
    --------
    >>> effect_multiplier(np.array([[-0.1, 0.5]]), np.array([[0.0, 1.0], [0.0, 0.5]]))
    array([[1.   , 1.125]])
    """
    return np.asarray(np.prod(1.0 + effects[:, :, None] * phasing[None, :, :], axis=1))
