"""Draws from the Uncertainty rows' distributions, reproducible whatever the chunk size.

Draw ``i`` of row ``r`` comes from block ``i // BLOCK``: a generator seeded by
``SeedSequence(seed, spawn_key=(block, r))`` draws the block's ``BLOCK`` values.
So the same seed gives the same draws however a run is split into chunks, and a
row's draws do not change when another row is added or changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from .._spec import Uncertainty

Array = NDArray[np.float64]

__all__ = ["BLOCK", "Sampler", "quantile"]

#: Draws per generator block (and per block of the streaming statistics).
BLOCK = 4096
#: The PERT distribution's weight on the mode (the usual choice).
PERT_LAMBDA = 4.0


def _params(row: Uncertainty) -> tuple[float, float, float]:
    return float(row.p1), float(row.p2 or 0.0), float(row.p3 or 0.0)


def _triangular(u: Array, low: float, mode: float, high: float) -> Array:
    """The triangular distribution's quantile function at probabilities ``u``."""
    if high == low:
        return np.full_like(u, low)
    width = high - low
    left = u * width < mode - low  # u below F(mode)
    return np.where(
        left,
        low + np.sqrt(u * width * (mode - low)),
        high - np.sqrt((1.0 - u) * width * (high - mode)),
    )


def _pert_shape(low: float, mode: float, high: float) -> tuple[float, float]:
    """The beta parameters of a PERT distribution on [low, high]."""
    a = 1.0 + PERT_LAMBDA * (mode - low) / (high - low)
    return a, 2.0 + PERT_LAMBDA - a


def sample(row: Uncertainty, rng: np.random.Generator, size: int) -> Array:
    """``size`` draws of one row's distribution."""
    p1, p2, p3 = _params(row)
    if row.distribution == "normal":
        return p1 + p2 * rng.standard_normal(size)
    if row.distribution == "uniform":
        return p1 + (p2 - p1) * rng.random(size)
    if row.distribution == "triangular":
        return _triangular(rng.random(size), p1, p2, p3)
    if p3 == p1:  # pert with no width
        return np.full(size, p1)
    a, b = _pert_shape(p1, p2, p3)
    return p1 + (p3 - p1) * rng.beta(a, b, size)


def quantile(row: Uncertainty, p: float) -> float:
    """The ``p`` quantile of one row's distribution (``p = 0.1`` is the 10th percentile).

    Examples
    --------
    >>> quantile(Uncertainty("growth:g", "uniform", 0.0, 0.5), 0.1)
    0.05
    >>> round(quantile(Uncertainty("growth:g", "normal", 0.0, 1.0), 0.9), 4)
    1.2816
    """
    p1, p2, p3 = _params(row)
    if row.distribution == "normal":
        return p1 + p2 * NormalDist().inv_cdf(p) if p2 else p1
    if row.distribution == "uniform":
        return p1 + (p2 - p1) * p
    if row.distribution == "triangular":
        return float(_triangular(np.array([p]), p1, p2, p3)[0])
    if p3 == p1:
        return p1
    from scipy.stats import beta

    a, b = _pert_shape(p1, p2, p3)
    return p1 + (p3 - p1) * float(beta.ppf(p, a, b))


class Sampler:
    """Values of every row for any range of draws, the same whatever the ranges asked.

    Parameters
    ----------
    rows : sequence of Uncertainty
    seed : int, optional
        A whole number >= 0; fresh entropy when None (then `seed` holds it, so
        the run can be repeated).
    """

    def __init__(self, rows: Sequence[Uncertainty], seed: int | None) -> None:
        entropy = np.random.SeedSequence(None if seed is None else int(seed)).entropy
        assert isinstance(entropy, int)
        self.seed: int = entropy
        self.rows = tuple(rows)
        self._cached: tuple[int, Array] | None = None

    def block(self, b: int) -> Array:
        """The values of block ``b``: shape (BLOCK, rows)."""
        cached = self._cached  # one read: another thread may replace it
        if cached is not None and cached[0] == b:
            return cached[1]
        out = np.empty((BLOCK, len(self.rows)))
        for r, row in enumerate(self.rows):
            seq = np.random.SeedSequence(self.seed, spawn_key=(b, r))
            out[:, r] = sample(row, np.random.Generator(np.random.PCG64(seq)), BLOCK)
        self._cached = (b, out)
        return out

    def values(self, start: int, stop: int) -> Array:
        """The values of draws ``start`` to ``stop - 1``: shape (stop - start, rows)."""
        first, last = start // BLOCK, (stop - 1) // BLOCK
        parts = [self.block(b) for b in range(first, last + 1)]
        joined = parts[0] if len(parts) == 1 else np.concatenate(parts)
        offset = start - first * BLOCK
        return np.array(joined[offset : offset + stop - start])
