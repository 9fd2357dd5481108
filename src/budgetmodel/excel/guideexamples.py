"""The Guide's markers (``SHEET``, ``YEARS``) and its examples, written in the
template's own years and money unit (``Examples``)."""

from __future__ import annotations

from .._spec import DRIVER_PARAMETERS, MONEY_UNITS

__all__ = ["BLANK", "PARAMETERS", "SHEET", "YEARS", "Examples", "GuideRow", "kinds", "number"]

#: The text of the Guide's column cell for a sheet's year columns, and for a row
#: that describes a whole sheet.
YEARS = "<years>"
SHEET = "(the sheet)"

#: How an example shows a cell left blank.
BLANK = "(blank)"

#: A row of the Guide: ``(sheet, column, meaning, example)``.
GuideRow = tuple[str, str, str, str]

#: Every driver parameter, in the order the methods name them.
PARAMETERS = ", ".join(dict.fromkeys(p for ps in DRIVER_PARAMETERS.values() for p in ps))


def number(value: float) -> str:
    """A number as a user types it: separators, no trailing zeros.

    Examples
    --------
    >>> number(1801), number(5.5), number(-0.00001)
    ('1,801', '5.5', '0')
    """
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def kinds(sheet: str, column: str, examples: list[tuple[str, tuple[str, ...]]]) -> list[GuideRow]:
    """Guide rows for the kinds of value a column takes, each with a row of the sheet.

    Parameters
    ----------
    sheet, column : str
        The sheet and the column whose kinds the rows explain.
    examples : list of (str, tuple of str)
        Each kind's meaning, and the cells of an example row of the sheet.

    Returns
    -------
    list of GuideRow
        The example row's cells are shown separated by ``" | "``.

    Examples
    --------
    >>> kinds("Overrides", "parameter", [("funding row: amount.", ("Cut", "core", "amount"))])
    [('Overrides', 'parameter', 'funding row: amount.', 'Cut | core | amount')]
    """
    return [(sheet, column, meaning, " | ".join(cells)) for meaning, cells in examples]


class Examples:
    """The template's years and money unit, as the Guide's examples show them.

    Parameters
    ----------
    years : list of str
        The template's year labels, base year first, at least two.
    money_unit : {"£", "£000", "£m"}
        The unit of the money examples.

    Attributes
    ----------
    years : list of str
    money_unit : str
    base : str
        The base year.
    first, third, last : str
        The first, third (or last, if fewer) and last years; the third is the
        second projection year.
    """

    def __init__(self, years: list[str], money_unit: str) -> None:
        self.years = years
        self.money_unit = money_unit
        self.base = years[0]
        self._scale = MONEY_UNITS[money_unit]
        self.first, self.last = years[1], years[-1]
        self.third = years[min(2, len(years) - 1)]

    def money(self, pounds: float) -> str:
        """An amount in pounds, as typed in the money unit.

        Examples
        --------
        >>> Examples(["2025-26", "2026-27"], "£000").money(5_500)
        '5.5'
        """
        return number(pounds / self._scale)

    def series(self, *values: str) -> str:
        """Year cells holding ``values``, the last repeated, shown for four years at most.

        Examples
        --------
        >>> Examples(["2025-26", "2026-27", "2027-28"], "£").series(BLANK, "0.5")
        '2025-26: (blank) | 2026-27: 0.5 | 2027-28: 0.5'
        """
        years = self.years
        cells = [f"{y}: {values[min(i, len(values) - 1)]}" for i, y in enumerate(years[:4])]
        return " | ".join(cells) + (" | …" if len(years) > 4 else "")
