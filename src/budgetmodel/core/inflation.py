"""Price indices from annual inflation rates, and real terms."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

__all__ = ["deflate", "price_index"]


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
    np.cumprod(1.0 + rates[..., 1:], axis=-1, out=out[..., 1:])
    return out


def deflate(cash: Array, deflator_index: Array) -> Array:
    """Real terms at base-year prices: ``real[t] = cash[t] / I[deflator, t]``."""
    return cash / deflator_index
