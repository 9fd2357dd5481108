"""What every grid of the results workbook is built with: operands (where a formula's
inputs are), and a builder that places rows with their formulas and engine values."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .grid import F, Grid
from .inputs import InputCells
from .tables import InputTable

if TYPE_CHECKING:
    from .._results import Result
    from ..core._ref import Ref

__all__ = ["GridBuilder", "Key", "Operand", "const", "in_year", "refs"]

#: An operand: its cell (or range) in year ``t``, or None where there is none.
Operand = Callable[[int], "str | None"]
Key = tuple[Hashable, ...]


def refs(operands: Mapping[str, Operand]) -> Ref:
    """``ref(name, t)`` over a table of operands; a name not in it has no cell."""

    def ref(name: str, t: int) -> str | None:
        found = operands.get(name)
        return found(t) if found else None

    return ref


def const(cell: str | None) -> Operand:
    """An operand that is the same cell in every year (a base volume, a unit cost)."""
    return lambda t: cell


def in_year(operand: Operand, year: int) -> Operand:
    """``operand`` always in ``year`` (the level column of a waterfall row)."""
    return lambda t: operand(year)


class GridBuilder:
    """Places rows on grids; each row's formula comes from a definition in the core and
    its value from the engine. Subclasses lay out the sheets."""

    def __init__(self, result: Result, tables: Sequence[InputTable]) -> None:
        self.r = result
        self.m = result.model
        self.c = result.compiled
        self.cells = InputCells(self.m, tables)
        self.years = result.years
        self.scale = self.m.money_scale
        self.g: dict[str, Grid] = {}
        self._cache: dict[Any, Any] = {}

    # -- helpers --------------------------------------------------------------------
    def grid(self, name: str, keys: list[str], *, sheet: str = "", top: int = 0) -> Grid:
        self.g[name] = Grid(name, sheet or name, keys, self.years, top)
        return self.g[name]

    def row(self, grid: str, key: Key) -> Operand:
        """A results row's cell in each year (looked up when rendered)."""
        return lambda t: self.g[grid].at(key, t)

    def span(self, grid: str, keys: Sequence[Key], year: int | None = None) -> Operand:
        """A range over adjacent rows in each year (or always in ``year``)."""
        return lambda t: self.g[grid].span(keys, t if year is None else year)

    def yearly(self, sheet: str, key: Any) -> Operand:
        """An input row's cell in each year."""
        return lambda t: self.cells.year(sheet, key, t)

    def put(
        self,
        grid: Grid,
        key: Key,
        labels: list[Any],
        kind: str,
        formula: Callable[[int], str | None],
        values: Any,
        scale: float = 1.0,
    ) -> None:
        """A row of formulas, each with the engine's value (in ``scale`` units); a year
        whose definition has no formula (a constant) gets the value alone."""

        def render(t: int) -> Any:
            value = float(values[t]) / scale
            text = formula(t)
            if not math.isfinite(value):
                # The engine keeps no value for a series' base year (entries under a
                # lever); the formula reads the blank or 0 cell the contract requires.
                value = 0.0
            return F(text, value) if text is not None else value

        grid.add(key, labels, kind, render)

    def inflation_of(self, scenario: str) -> str:
        return next(s.inflation_scenario for s in self.m.scenarios if s.name == scenario)

    def index_row(self, scenario: str, category: int) -> Operand:
        return self.row("Index", (self.inflation_of(scenario), self.c.categories[category]))

    def direct_keys(self, s: str) -> list[Key]:
        return [(s, "direct", n) for n in range(len(self.c.scenarios[s].direct_rows))]

    def cost_keys(self, s: str, pass_: str) -> list[Key]:
        return [(s, line.id, "cost", pass_) for line in self.m.cost_lines]
