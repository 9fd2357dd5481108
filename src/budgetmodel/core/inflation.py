"""Price indices from annual inflation rates, and real terms."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._ref import Ref, need

Array = NDArray[np.float64]

__all__ = ["deflate", "index_formula", "price_index"]


def price_index(rates: Array) -> Array:
    """Index ``I[0] = 1``, ``I[t] = I[t-1] * (1 + r[t])`` along the last axis.

    Parameters
    ----------
    rates : ndarray, shape (..., T)
        Annual rates [fraction]; the base-year entry ``[..., 0]`` is ignored.

    Examples
    --------
    >>> price_index(np.array([0.0, 0.1, 0.2]))
    array([1.  , 1.1 , 1.32])
    """
    out = np.ones_like(rates, dtype=np.float64)
    for t in range(1, rates.shape[-1]):  # year by year: faster than a cumulative product
        np.multiply(out[..., t - 1], 1.0 + rates[..., t], out=out[..., t])  # over few years
    return out


def index_formula(t: int, ref: Ref) -> str | None:
    """``I[t-1] * (1 + r[t])``; None (the constant 1) in the base year, or where the
    category has no rates (operands ``index``, this row, and ``rate``).

    Examples
    --------
    >>> cells = {("index", 1): "Index!D2", ("rate", 2): "Inflation!E3"}
    >>> index_formula(2, lambda n, t: cells.get((n, t)))
    'Index!D2*(1+Inflation!E3)'
    """
    rate = ref("rate", t) if t else None
    return f"{need(ref, 'index', t - 1)}*(1+{rate})" if rate else None


def deflate(cash: Array, deflator_index: Array) -> Array:
    """Real terms at base-year prices: ``real[t] = cash[t] / I[deflator, t]``."""
    return cash / deflator_index
