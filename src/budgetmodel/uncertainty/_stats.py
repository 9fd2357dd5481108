"""Streaming statistics of many cells over draws, in memory that does not grow with them.

Each cell (a scenario's measure in one year) keeps its count, sum, minimum,
maximum, exact exceedance counts at given thresholds, and a histogram of
``NBINS`` bins on a dyadic grid: bin ``j`` holds ``[j, j + 1) * 2**e``, with the
coarsest-needed exponent ``e`` for the cell's range. Because bins only ever merge
in pairs on that fixed grid, the histogram and every statistic are the same
whatever order or chunks the draws arrive in. Sums are taken per block of
``BLOCK`` draws, so means do not depend on the chunks either.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ._sampling import BLOCK

Array = NDArray[np.float64]
Counts = NDArray[np.int64]

__all__ = ["NBINS", "Accumulator", "CellStats"]

#: Histogram bins per cell; a percentile is within one bin (<= range / 4,096) of the
#: draws' own.
NBINS = 8192
# Bins are never finer than 2**-40 of the cell's largest magnitude, so that bin
# indices stay exact integers.
_RELATIVE = 40
_FINEST = -60


def _fits(lo: float, hi: float, e: int) -> bool:
    w = math.ldexp(1.0, e)
    return math.floor(hi / w) - math.floor(lo / w) < NBINS


def _exponent(lo: float, hi: float, at_least: int) -> int:
    """The smallest bin exponent >= ``at_least`` whose grid holds [lo, hi] in NBINS bins."""
    e = max(at_least, _FINEST)
    magnitude = max(abs(lo), abs(hi))
    if magnitude > 0:
        e = max(e, math.frexp(magnitude)[1] - _RELATIVE)
    if hi > lo:
        e = max(e, math.frexp((hi - lo) / NBINS)[1] - 1)
    while not _fits(lo, hi, e):
        e += 1
    return e


class _Order:
    """Order statistics of one cell's draws from its histogram: the ``i``-th smallest
    (from 0) is placed evenly within its bin; the smallest and largest are exact."""

    def __init__(self, n: int, lo: float, hi: float, counts: Counts, start: int, w: float) -> None:
        self.n, self.lo, self.hi, self.start, self.w = n, lo, hi, start, w
        self.counts, self.cum = counts, np.cumsum(counts)

    def __call__(self, i: int) -> float:
        if i <= 0:
            return self.lo
        if i >= self.n - 1:
            return self.hi
        b = int(np.searchsorted(self.cum, i + 1, side="left"))
        before = int(self.cum[b - 1]) if b else 0
        return (self.start + b + (i - before + 0.5) / int(self.counts[b])) * self.w


@dataclass(frozen=True)
class CellStats:
    """The statistics of K cells over ``n`` draws (arrays read-only)."""

    n: int
    total: Array  # (K,) sum
    lo: Array  # (K,) minimum
    hi: Array  # (K,) maximum
    exponent: NDArray[np.int64]  # (K,) bin width 2**e
    start: NDArray[np.int64]  # (K,) grid index of the first bin
    counts: Counts  # (K, NBINS)
    thresholds: Array  # (H,)
    exceed: Counts  # (K, H) draws above each threshold

    def mean(self) -> Array:
        """Mean of each cell (exactly the value when every draw agrees)."""
        return np.where(self.lo == self.hi, self.lo, self.total / self.n)

    def quantiles(self, ps: tuple[float, ...]) -> Array:
        """Quantiles (K, len(ps)), as numpy's default (linear) percentile of the draws
        would give them, each order statistic placed within its bin: so within one bin
        of the draws' own (exact when every draw agrees).
        """
        out = np.empty((len(self.lo), len(ps)))
        for k in range(len(self.lo)):
            lo, hi = float(self.lo[k]), float(self.hi[k])
            if lo == hi:
                out[k] = lo
                continue
            order = _Order(
                self.n,
                lo,
                hi,
                self.counts[k],
                int(self.start[k]),
                math.ldexp(1.0, int(self.exponent[k])),
            )
            for j, p in enumerate(ps):
                h = p * (self.n - 1)
                i = min(math.floor(h), self.n - 1)
                x = order(i)
                if h > i:
                    x += (h - i) * (order(i + 1) - x)
                out[k, j] = min(max(x, lo), hi)
        return out

    def above(self, value: float) -> Array:
        """Share of draws above ``value`` in each cell: exact at a threshold given to the
        accumulator, else from the histogram (uniform within the bin that holds it)."""
        exact = np.flatnonzero(self.thresholds == value)
        if exact.size:
            return np.asarray(self.exceed[:, exact[0]] / self.n, dtype=np.float64)
        out = np.empty(len(self.lo))
        for k in range(len(self.lo)):
            if value < self.lo[k]:
                out[k] = 1.0
            elif value >= self.hi[k]:
                out[k] = 0.0
            else:
                w = math.ldexp(1.0, int(self.exponent[k]))
                j = math.floor(value / w)
                b = j - int(self.start[k])
                part = float(self.counts[k, b]) * ((j + 1) - value / w)
                out[k] = (float(self.counts[k, b + 1 :].sum()) + part) / self.n
        return out


class Accumulator:
    """Takes draws of K cells in chunks of any size; `finish` gives `CellStats`."""

    def __init__(self, cells: int, thresholds: tuple[float, ...] = ()) -> None:
        self.n = 0
        self._total = np.zeros(cells)
        self._lo = np.full(cells, np.inf)
        self._hi = np.full(cells, -np.inf)
        self._exp = np.full(cells, _FINEST, dtype=np.int64)
        self._start = np.zeros(cells, dtype=np.int64)
        self._counts = np.zeros((cells, NBINS), dtype=np.int64)
        self._thresholds = np.array(sorted(set(thresholds)), dtype=np.float64)
        self._exceed = np.zeros((cells, len(self._thresholds)), dtype=np.int64)
        self._buffer = np.empty((BLOCK, cells))
        self._fill = 0

    def add(self, values: Array) -> None:
        """Take draws: shape (m, K), finite."""
        pos, m = 0, len(values)
        while pos < m:
            take = min(BLOCK - self._fill, m - pos)
            self._buffer[self._fill : self._fill + take] = values[pos : pos + take]
            self._fill += take
            pos += take
            if self._fill == BLOCK:
                self._consume(self._buffer)
                self._fill = 0

    def finish(self) -> CellStats:
        """The statistics of every draw taken."""
        if self._fill:
            self._consume(self._buffer[: self._fill])
            self._fill = 0
        arrays = [
            self._total,
            self._lo,
            self._hi,
            self._exp,
            self._start,
            self._counts,
            self._thresholds,
            self._exceed,
        ]
        for a in arrays:
            a.flags.writeable = False
        return CellStats(self.n, *arrays)

    def _consume(self, v: Array) -> None:
        """One block of draws (all but the last are BLOCK long and start at a multiple)."""
        self.n += len(v)
        self._total += v.sum(axis=0)
        first = self._lo[0] == np.inf
        np.minimum(self._lo, v.min(axis=0), out=self._lo)
        np.maximum(self._hi, v.max(axis=0), out=self._hi)
        if self._thresholds.size:
            self._exceed += (v[:, :, None] > self._thresholds).sum(axis=0)
        for k in range(len(self._lo)):
            self._regrid(k, first)
        w = np.ldexp(1.0, self._exp)
        index = np.floor(v / w).astype(np.int64) - self._start
        index += np.arange(len(self._lo), dtype=np.int64) * NBINS
        self._counts += np.bincount(index.ravel(), minlength=self._counts.size).reshape(
            self._counts.shape
        )

    def _regrid(self, k: int, first: bool) -> None:
        """Coarsen or move cell ``k``'s bins so that they hold its range so far."""
        lo, hi = float(self._lo[k]), float(self._hi[k])
        old_e, old_start = int(self._exp[k]), int(self._start[k])
        e = _exponent(lo, hi, old_e)
        start = math.floor(lo / math.ldexp(1.0, e))
        if first:
            self._exp[k], self._start[k] = e, start
            return
        if e == old_e and start == old_start:
            return
        counts = self._counts[k]
        filled = np.flatnonzero(counts)
        grid = ((old_start + filled) >> (e - old_e)) - start  # floor division by 2**(e - old_e)
        moved = np.zeros(NBINS, dtype=np.int64)
        np.add.at(moved, grid, counts[filled])
        self._counts[k] = moved
        self._exp[k], self._start[k] = e, start
