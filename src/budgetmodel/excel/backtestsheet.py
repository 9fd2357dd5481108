"""The ``Back-test`` sheet: each service area's projection against its outturn, as live
formulas over the Budget sheet's service-area subtotals and income lines and the
Outturn sheet's cells (DESIGN.md, "Outturn and back-test")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core import money
from .builder import GridBuilder, Key, Operand
from .grid import F, Grid

__all__ = ["MEASURES", "BacktestBuilder", "difference_formula", "percent_formula"]

#: The rows of each service area (and the Total), in order.
MEASURES = ("projected", "actual", "difference", "difference_pct")
TOTAL = "Total"


def difference_formula(projected: str, actual: str) -> str:
    """``difference = projected - actual``."""
    return f"{projected}-{actual}"


def percent_formula(difference: str, actual: str) -> str:
    """``difference_pct = difference / actual``, blank where the actual is 0."""
    return f'IF({actual}=0,"",{difference}/{actual})'


class BacktestBuilder(GridBuilder):
    """Lays out the Back-test grid (after Budget), only when the model has an outturn."""

    def backtest_sheet(self) -> None:
        if not self.m.outturn:
            return
        g = Grid("Backtest", "Back-test", ["scenario", "service_area", "measure"], self.years)
        self.g["Backtest"] = g
        frame = self.r.backtest
        areas = [a for a in self.c.areas if any(o.service_area == a for o in self.m.outturn)]
        for s in self.r.scenarios:
            mine = frame[frame["scenario"] == s].set_index(["year", "service_area"])
            for area in areas:
                self._area(g, s, area, mine)
            self._total(g, s, areas, mine)

    # -- rows -------------------------------------------------------------------------
    def _known(self, area: str, t: int) -> bool:
        row = next(o for o in self.m.outturn if o.service_area == area)
        return row.values[t] is not None

    def _projected_cells(self, s: str, area: str) -> list[Operand]:
        """The Budget rows whose sum is the area's cash: its subtotal (expenditure lines
        and initiatives) and its income lines (negative there)."""
        cells = []
        if self.g["Budget"].has((s, "area", area)):
            cells.append(self.row("Budget", (s, "area", area)))
        for li, x in enumerate(self.m.cost_lines):
            if x.service_area == area and x.kind == "income":
                cells.append(self.row("Budget", (s, "line", li)))
        return cells

    def _area(self, g: Grid, s: str, area: str, frame: Any) -> None:
        def known(t: int) -> bool:
            return self._known(area, t)

        cells = self._projected_cells(s, area)
        outturn = self.yearly("Outturn", area)

        def projected(t: int) -> str:
            return money.sum_formula(*(c(t) for c in cells)) if cells else "0"

        self._rows(g, (s, area), [s, area], known, projected, outturn, frame, area)

    def _total(self, g: Grid, s: str, areas: list[str], frame: Any) -> None:
        def known(t: int) -> bool:
            return any(self._known(a, t) for a in areas)

        def over(measure: str) -> Callable[[int], str]:
            def cells(t: int) -> str:
                here = [g.at((s, a, measure), t) for a in areas if self._known(a, t)]
                return money.sum_formula(*here)

            return cells

        self._rows(g, (s, TOTAL), [s, TOTAL], known, over("projected"), over("actual"), frame,
                   TOTAL)  # fmt: skip

    def _rows(
        self,
        g: Grid,
        key: Key,
        labels: list[str],
        known: Callable[[int], bool],
        projected: Callable[[int], str],
        actual: Callable[[int], str | None],
        frame: Any,
        area: str,
    ) -> None:
        """The four rows of one area (or the Total): formulas where an actual is known,
        blank elsewhere."""
        scale = self.scale

        def value(t: int, measure: str) -> float | str:
            v = frame.loc[(self.years[t], area), measure]
            if measure == "difference_pct":
                return "" if v != v else float(v)  # NaN: the actual is 0
            return float(v) / scale

        def cell(measure: str) -> Callable[[int], str]:
            return lambda t: g.at((*key, measure), t)

        texts: dict[str, Callable[[int], Any]] = {
            "projected": projected,
            "actual": actual,
            "difference": lambda t: difference_formula(cell("projected")(t), cell("actual")(t)),
            "difference_pct": lambda t: percent_formula(cell("difference")(t), cell("actual")(t)),
        }
        for measure in MEASURES:
            text = texts[measure]

            def render(t: int, measure: str = measure, text: Any = text) -> Any:
                if not known(t):
                    return None
                return F(str(text(t)), value(t, measure))

            kind = "rate" if measure == "difference_pct" else "money"
            g.add((*key, measure), [*labels, measure], kind, render)
