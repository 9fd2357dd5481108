"""Grids: the results workbook's tables laid out before any formula is written.

A `Grid` is one table on a sheet: key columns, then one column per year.
Rows are added with a function that renders their cells; every row is placed
first and rendered after, so a formula may point at a row added later. Cell
addresses come only from `Grid.at` and `Grid.span`: no formula works
out a row or column number for itself.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["F", "Grid", "Row", "a1", "col_letter"]


@dataclass(frozen=True)
class F:
    """A formula (without ``=``) and the value the engine computed for it."""

    text: str
    value: float | str


def col_letter(j: int) -> str:
    """``col_letter(0) == "A"``, ``col_letter(27) == "AB"`` (0-based).

    Examples
    --------
    >>> col_letter(0), col_letter(25), col_letter(27)
    ('A', 'Z', 'AB')
    """
    letters = ""
    j += 1
    while j:
        j, rem = divmod(j - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(sheet: str, row: int, col: int) -> str:
    """``Sheet!C5`` for a 0-based row and column; quoted where the name needs it.

    Examples
    --------
    >>> a1("Summary", 4, 2), a1("FT workings", 0, 0)
    ('Summary!C5', "'FT workings'!A1")
    """
    name = sheet if sheet.isidentifier() else "'" + sheet.replace("'", "''") + "'"
    return f"{name}!{col_letter(col)}{row + 1}"


@dataclass
class Row:
    """One row: its key, its label cells, the kind of number it holds, its renderer."""

    key: tuple[Hashable, ...]
    labels: list[Any]
    kind: str  # "money", "number", "index" or "rate": how the cells are formatted
    render: Callable[[int], Any]  # year position -> F, a number or None
    cells: list[Any] = field(default_factory=list)


@dataclass
class Grid:
    """One table: ``header`` is the key columns then the years; the header row sits
    at ``top`` (0-based) on ``sheet``."""

    name: str
    sheet: str
    keys: list[str]
    years: list[str]
    top: int = 0
    rows: list[Row] = field(default_factory=list)
    _where: dict[tuple[Hashable, ...], int] = field(default_factory=dict)

    @property
    def header(self) -> list[str]:
        return [*self.keys, *self.years]

    def add(
        self,
        key: tuple[Hashable, ...],
        labels: Sequence[Any],
        kind: str,
        render: Callable[[int], Any],
    ) -> None:
        """Place a row; ``render(t)`` is called for each year once every grid is laid out."""
        if key in self._where:
            raise KeyError(f"{self.name}: row {key!r} placed twice")
        self._where[key] = len(self.rows)
        self.rows.append(Row(key, list(labels), kind, render))

    def has(self, key: tuple[Hashable, ...]) -> bool:
        return key in self._where

    def row_of(self, key: tuple[Hashable, ...]) -> int:
        """The sheet row (0-based) of ``key``."""
        return self.top + 1 + self._where[key]

    def column_of(self, t: int) -> int:
        """The sheet column (0-based) of year position ``t``."""
        return len(self.keys) + t

    def at(self, key: tuple[Hashable, ...], t: int) -> str:
        """``Sheet!C5``: the cell of row ``key`` in year ``t``."""
        return a1(self.sheet, self.row_of(key), self.column_of(t))

    def span(self, keys: Sequence[tuple[Hashable, ...]], t: int) -> str | None:
        """The range from the first to the last of ``keys`` (adjacent rows) in year ``t``;
        None when ``keys`` is empty."""
        if not keys:
            return None
        rows = sorted(self.row_of(k) for k in keys)
        if rows != list(range(rows[0], rows[0] + len(rows))):
            raise ValueError(f"{self.name}: rows {keys!r} are not adjacent")
        col = col_letter(self.column_of(t))
        first = a1(self.sheet, rows[0], self.column_of(t))
        return f"{first}:{col}{rows[-1] + 1}"

    def across(self, key: tuple[Hashable, ...], first: int, last: int) -> str:
        """The range of row ``key`` from year position ``first`` to ``last``."""
        row = self.row_of(key)
        start = a1(self.sheet, row, self.column_of(first))
        return f"{start}:{col_letter(self.column_of(last))}{row + 1}"

    def render(self) -> None:
        """Render every row's cells (after all grids are laid out)."""
        for row in self.rows:
            row.cells = [row.render(t) for t in range(len(self.years))]
