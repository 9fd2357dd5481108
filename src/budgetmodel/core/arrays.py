"""Arrays of items by year, ``(D, N, T)``, laid out item by item in memory.

The engine's arrays have draws first and years last. Those with many draws keep
each item's ``(D, T)`` block contiguous (the array is a transposed view of
``(N, D, T)`` memory), so that working on one item, or on every item at once,
reads and writes memory in order. numpy keeps that layout through arithmetic, so
only the functions here, which build such arrays, need to know of it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

__all__ = ["stack", "take", "widen"]


def stack(series: Sequence[Array], years: int) -> Array:
    """Series ``(D or 1, T)`` side by side: ``(D, N, T)``, item by item in memory.

    Examples
    --------
    >>> a = stack([np.array([[1.0, 2.0]]), np.array([[3.0, 4.0], [5.0, 6.0]])], 2)
    >>> a.shape, a[1].tolist()
    ((2, 2, 2), [[1.0, 2.0], [5.0, 6.0]])
    """
    draws = max((a.shape[0] for a in series), default=1)
    out = np.empty((len(series), draws, years))
    for n, a in enumerate(series):
        out[n] = a
    return out.transpose(1, 0, 2)


def widen(a: Array, draws: int) -> Array:
    """A new writable ``(draws, N, T)`` copy of ``a`` ``(1 or draws, N, T)``, item by
    item in memory; other shapes are copied with ``draws`` on the leading axis.

    Examples
    --------
    >>> w = widen(np.array([[[1.0, 2.0], [3.0, 4.0]]]), 3)
    >>> w.shape, w[2, 1].tolist()
    ((3, 2, 2), [3.0, 4.0])
    """
    if a.ndim != 3:
        return np.array(np.broadcast_to(a, (draws, *a.shape[1:])), dtype=np.float64)
    out = np.empty((a.shape[1], draws, a.shape[2]))
    out[...] = a.transpose(1, 0, 2)
    return out.transpose(1, 0, 2)


def take(a: Array, items: NDArray[np.intp]) -> Array:
    """``a[:, items]`` of ``(D, N, T)``, item by item in memory when ``a`` is.

    Examples
    --------
    >>> take(np.arange(6.0).reshape(1, 3, 2), np.array([2, 0]))[0].tolist()
    [[4.0, 5.0], [0.0, 1.0]]
    """
    if a.shape[0] > 1 and a.strides[1] > a.strides[0]:
        return np.take(a.transpose(1, 0, 2), items, axis=0).transpose(1, 0, 2)
    return np.take(a, items, axis=1)
