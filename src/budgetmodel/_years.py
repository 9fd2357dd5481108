"""Financial-year labels (April to March) and model horizons.

Labels are ``"2014-15"``. Readers also accept ``"2014/15"``, ``"2014-2015"`` and
the integer ``2014``; a year is held internally as its starting calendar year.
"""

from __future__ import annotations

import re

__all__ = ["MAX_HORIZON", "MIN_HORIZON", "format_year", "parse_year", "year_labels"]

MIN_HORIZON = 1
MAX_HORIZON = 15

_LABEL = re.compile(r"^\s*(\d{4})\s*[-/–]\s*(\d{2}|\d{4})\s*$")


def parse_year(value: object) -> int:
    """Return the starting calendar year of a financial-year label.

    Parameters
    ----------
    value : str or int
        ``"2014-15"``, ``"2014/15"``, ``"2014-2015"``, ``2014`` or ``"2014"``
        (all meaning April 2014 to March 2015).

    Returns
    -------
    int
        The calendar year in which the financial year starts.

    Raises
    ------
    ValueError
        If the value is not a financial year (including ``"2014-16"``).

    Examples
    --------
    >>> parse_year("2014/15"), parse_year("2014-2015"), parse_year(2014)
    (2014, 2014, 2014)
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a financial year")
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        start = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        start = int(value.strip())
    elif isinstance(value, str) and (match := _LABEL.match(value)):
        start = int(match.group(1))
        end = match.group(2)
        expected = str(start + 1)
        if end != expected[-len(end) :]:
            raise ValueError(f"{value!r} is not a financial year (the years must be consecutive)")
    else:
        raise ValueError(f"{value!r} is not a financial year such as '2014-15'")
    if not 1900 <= start <= 2200:
        raise ValueError(f"{value!r} is outside the years 1900-2200")
    return start


def format_year(start: int) -> str:
    """Return the canonical label of the financial year starting in ``start``.

    Examples
    --------
    >>> format_year(2014)
    '2014-15'
    >>> format_year(1999)
    '1999-00'
    """
    return f"{start}-{(start + 1) % 100:02d}"


def year_labels(base_year: int, horizon: int) -> list[str]:
    """Labels from the base year to the last projection year, inclusive.

    Examples
    --------
    >>> year_labels(2013, 2)
    ['2013-14', '2014-15', '2015-16']
    """
    if not MIN_HORIZON <= horizon <= MAX_HORIZON:
        raise ValueError(f"horizon {horizon} is outside {MIN_HORIZON}..{MAX_HORIZON}")
    return [format_year(base_year + t) for t in range(horizon + 1)]
