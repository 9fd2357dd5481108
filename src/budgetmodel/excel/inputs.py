"""Where each input value sits on the input sheets of the results workbook, so a
formula can point at the assumption it uses: at A1 when the sheets are written from
the model, or wherever the user had them when the sheets are carried."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .grid import a1, col_letter
from .tables import InputTable

__all__ = ["InputCells"]


class InputCells:
    """The cells of the input tables, by sheet, record key and column (or year)."""

    def __init__(self, model: Any, tables: Sequence[InputTable]) -> None:
        self.years = model.years
        self.tables = {t.name: t for t in tables}
        keys: dict[str, list[Any]] = {
            "Populations": [p.id for p in model.populations],
            "Drivers": [d.id for d in model.drivers],
            "DriverAssumptions": [(a.driver_id, a.parameter) for a in model.driver_assumptions],
            "Overrides": [(o.scenario, o.target, o.parameter) for o in model.overrides],
            "CostLines": [x.id for x in model.cost_lines],
            "CostAssumptions": [(a.line_id, a.parameter) for a in model.cost_assumptions],
            "Improvement": list(range(len(model.improvements))),
            "Effects": list(range(len(model.effects))),
            "Inflation": [(r.scenario, r.category) for r in model.inflation],
            "Funding": list(range(len(model.funding))),
            "Outturn": [o.service_area for o in model.outturn],
        }
        settings = next((t for t in tables if t.name == "Settings"), None)
        self._settings = [str(r[0]) for r in settings.rows] if settings else []
        keys["Settings"] = [("setting", name) for name in self._settings]
        # record key -> its row number on the table (0 for the first record)
        self.rows = {sheet: {k: i for i, k in enumerate(ks)} for sheet, ks in keys.items()}

    def has(self, sheet: str, key: Any) -> bool:
        return key in self.rows.get(sheet, {})

    def at(self, sheet: str, key: Any, column: str) -> str:
        """The cell of ``column`` (a header or a year label) in the row ``key``."""
        table = self.tables[sheet]
        return a1(table.sheet, table.row(self.rows[sheet][key]), table.column(column))

    def year(self, sheet: str, key: Any, t: int) -> str:
        return self.at(sheet, key, self.years[t])

    def column(self, sheet: str, column: str) -> str | None:
        """The whole run of records in ``column`` (``Funding!D2:D4``); None if none.

        The records of a table sit on adjacent rows (the contract allows no blank
        row inside a table), wherever the table is.
        """
        n = len(self.rows.get(sheet, {}))
        if not n:
            return None
        table = self.tables[sheet]
        rows = [table.row(i) for i in range(n)]
        j = table.column(column)
        return f"{a1(table.sheet, min(rows), j)}:{col_letter(j)}{max(rows) + 1}"

    def setting(self, name: str) -> str | None:
        """The cell of a Settings row's value; None when the workbook does not have it."""
        rows = self._settings
        return self.at("Settings", ("setting", name), "value") if name in rows else None

    def parameter(self, scenario: str, driver: str, name: str, t: int) -> str | None:
        """The scenario's cell for a driver parameter: its override, or the assumption."""
        if self.has("Overrides", (scenario, driver, name)):
            return self.year("Overrides", (scenario, driver, name), t)
        if self.has("DriverAssumptions", (driver, name)):
            return self.year("DriverAssumptions", (driver, name), t)
        return None
