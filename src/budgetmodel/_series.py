"""Year-indexed series: turning what a user gives (a number, a list, a mapping of
years, a pandas Series) into one value per model year, base year first.

A normalised series is a tuple of ``float | None`` of length ``horizon + 1``;
``None`` is a blank cell. Whether a blank means 0, "hold", or an error is decided
by the validation rules, not here.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

from ._years import format_year, parse_year

__all__ = ["InvalidSeries", "Series", "SeriesLike", "to_series"]

Series: TypeAlias = tuple[float | None, ...]
SeriesLike: TypeAlias = "float | int | Sequence[float | int | None] | Mapping[Any, Any] | Any"


class InvalidSeries(tuple):  # type: ignore[type-arg]
    """A series that could not be read (all blank), with the reason in `problem`.

    Normalising never raises: the validation names the record and field, so that
    every problem of a model is reported together in one ``InputError``.
    """

    problem: str

    def __new__(cls, n: int, problem: str) -> InvalidSeries:
        out = super().__new__(cls, (None,) * n)
        out.problem = problem
        return out


def _clean(value: Any) -> Any:
    """A float, None for a blank (None or NaN, pandas' missing value), or the value
    itself when it is not a number (a bool or text), for the validation to name."""
    kind = type(value)
    if kind is float:
        return None if value != value else value  # NaN is the only value unequal to itself
    if kind is int:
        return float(value)
    if value is None or isinstance(value, (bool, str, bytes)):
        return value
    if isinstance(value, numbers.Real) or hasattr(value, "__float__"):
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            return value
        return None if math.isnan(number) else number
    return value


@functools.lru_cache(maxsize=64)
def _labels(base_year: int, n: int) -> dict[str, int]:
    """Canonical year labels and their index: most series are keyed by them."""
    return {format_year(base_year + t): t for t in range(n)}


def to_series(value: Any, base_year: int, horizon: int, *, level: bool) -> Series:
    """Normalise ``value`` to a tuple with one entry per year, base year first.

    Parameters
    ----------
    value : number, sequence, mapping or pandas.Series
        A number applies to every year (a *level*, such as a population) or to
        every projection year (a *flow*, such as a growth rate). A sequence of
        ``horizon`` values covers the projection years; of ``horizon + 1`` values,
        the base year too. A mapping (or a pandas Series) is keyed by year label
        (``"2014-15"``, ``"2014/15"``, ``2014``); years it does not name are blank.
    base_year : int
        Starting calendar year of the base year.
    horizon : int
        Number of projection years.
    level : bool
        Whether a single number also fills the base year.

    Returns
    -------
    tuple of float or None

    Examples
    --------
    >>> to_series(0.02, 2013, 3, level=False)
    (None, 0.02, 0.02, 0.02)
    >>> to_series({"2014-15": 5, 2015: 6}, 2013, 2, level=False)
    (None, 5.0, 6.0)
    >>> to_series([1, 2, 3], 2013, 2, level=True)
    (1.0, 2.0, 3.0)
    """
    n = max(int(horizon), 0) + 1 if isinstance(horizon, int) else 1
    if hasattr(value, "to_dict") and hasattr(value, "index"):
        value = value.to_dict()
    if isinstance(value, Mapping):
        out: list[Any] = [None] * n
        labels = _labels(base_year, n)
        for key, item in value.items():
            t = labels.get(key) if isinstance(key, str) else None
            if t is not None:
                out[t] = _clean(item)
                continue
            try:
                t = parse_year(key) - base_year
            except ValueError:
                return InvalidSeries(
                    n, f"the year {str(key)[:40]!r}, which is not a financial year"
                )
            if 0 <= t < n:
                out[t] = _clean(item)
        return tuple(out)
    if isinstance(value, (str, bytes)):
        return InvalidSeries(n, f"the text {str(value)[:40]!r}")
    if isinstance(value, Sequence) or hasattr(value, "__array__"):
        try:
            items = [_clean(v) for v in list(value)]
        except TypeError:  # a 0-d array
            items = [_clean(value)]
            value = items[0]
        else:
            if len(items) == n:
                return tuple(items)
            if len(items) == horizon:
                return (None, *items)
            return InvalidSeries(
                n,
                f"{len(items)} values where {horizon} ({format_year(base_year + 1)} to "
                f"{format_year(base_year + horizon)}) or {n} with the base year were expected",
            )
    number = _clean(value)
    return tuple([number] * n) if level else (None, *([number] * (n - 1)))
