"""Generate the corpus of malformed workbooks: one per validation rule.

Each case starts from the Birmingham sample, breaks one rule with openpyxl, and
names the ``Sheet!Cell`` (or sheet) the error must point at. Cells are found from
the workbook's own headers and ids, not typed in.

:func:`hostile_cases` adds the hostile corpus (``tests/hostile``): workbook
faults in memory and in files, Python API faults, and command-line and output
faults, each with its exact expected outcome.

Run ``python -m tests.corpus DIR`` to write the workbooks to DIR for a look.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from .samplebook import plain_sample

Book = Any


def col(ws: Any, header: str) -> int:
    return [c.value for c in ws[1]].index(header) + 1


def row(ws: Any, key: str, column: int = 1, nth: int = 0) -> int:
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, column).value == key]
    return rows[nth]


def at(ws: Any, r: int, c: int) -> str:
    return f"{ws.title}!{get_column_letter(c)}{r}"


def set_cell(book: Book, sheet: str, key: str, header: str, value: Any, nth: int = 0) -> str:
    ws = book[sheet]
    r, c = row(ws, key, nth=nth), col(ws, header)
    ws.cell(r, c).value = value  # ws.cell(r, c, None) would leave the value as it was
    return at(ws, r, c)


def add_row(book: Book, sheet: str, values: dict[str, Any]) -> int:
    """A row added at the end of the sheet's table, inside its Excel Table if it has one
    (as Excel does when a user types on the row below a Table)."""
    from openpyxl.utils.cell import range_boundaries

    ws = book[sheet]
    r: int = ws.max_row + 1
    for header, value in values.items():
        ws.cell(r, col(ws, header), value)
    for table in ws.tables.values():
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        if max_row == r - 1:
            table.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{r}"
    return r


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Callable[[Book], str]  # breaks the book; returns the expected location


def _cases() -> list[Case]:
    cases: list[Case] = []

    def case(name: str) -> Callable[[Callable[[Book], str]], Callable[[Book], str]]:
        def register(fn: Callable[[Book], str]) -> Callable[[Book], str]:
            cases.append(Case(name, fn))
            return fn

        return register

    @case("missing sheet")
    def _(b: Book) -> str:
        del b["Effects"]
        return "Effects"

    @case("sheet name typo")
    def _(b: Book) -> str:
        b["Drivers"].title = "Driver"
        return "Drivers"

    @case("misspelt column")
    def _(b: Book) -> str:
        ws = b["Drivers"]
        ws.cell(1, col(ws, "method"), "methd")
        return "Drivers!D1"

    @case("missing column")
    def _(b: Book) -> str:
        ws = b["Drivers"]
        ws.cell(1, col(ws, "method"), "approach")
        return "Drivers!A1"

    @case("text in a number column")
    def _(b: Book) -> str:
        return set_cell(b, "Drivers", "cin", "base_volume", "many")

    @case("Excel error value")
    def _(b: Book) -> str:
        return set_cell(b, "Populations", "children_0_17", "2015-16", "#DIV/0!")

    @case("formula with no stored value")
    def _(b: Book) -> str:
        return set_cell(b, "Funding", "base", "2016-17", "=1+1")

    @case("negative volume")
    def _(b: Book) -> str:
        return set_cell(b, "Drivers", "cpp", "base_volume", -5)

    @case("share above 1")
    def _(b: Book) -> str:
        r = add_row(
            b,
            "DriverAssumptions",
            {"driver_id": "foster_ifa", "parameter": "share", "2015-16": 1.5},
        )
        return at(b["DriverAssumptions"], r, col(b["DriverAssumptions"], "2015-16"))

    @case("phasing above 1")
    def _(b: Book) -> str:
        return set_cell(b, "Effects", "early_help", "2016-17", 1.2)

    @case("exit rate above 1")
    def _(b: Book) -> str:
        ws = b["DriverAssumptions"]
        r = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == "exit_rate")
        ws.cell(r, col(ws, "2014-15"), 1.4)
        return at(ws, r, col(ws, "2014-15"))

    @case("zero caseload")
    def _(b: Book) -> str:
        return set_cell(b, "CostAssumptions", "social_workers", "2016-17", 0)

    @case("unknown driver in a cost line")
    def _(b: Book) -> str:
        return set_cell(b, "CostLines", "residential_care", "driver_id", "residentail")

    @case("duplicate driver id")
    def _(b: Book) -> str:
        set_cell(b, "Drivers", "residential", "driver_id", "foster_ifa")
        ws = b["Drivers"]
        return at(ws, row(ws, "foster_ifa", nth=1), 1)  # the repeat is named

    @case("cycle of share drivers")
    def _(b: Book) -> str:
        set_cell(b, "Drivers", "cin", "method", "share")
        return set_cell(b, "Drivers", "cin", "basis", "cpp")

    @case("line id clashes with an initiative id")
    def _(b: Book) -> str:
        set_cell(b, "CostLines", "lscb", "line_id", "mgmt_it")
        ws = b["Improvement"]
        return at(ws, row(ws, "mgmt_it"), 1)

    @case("missing year column")
    def _(b: Book) -> str:
        ws = b["Funding"]
        ws.cell(1, col(ws, "2017-18")).value = None
        return "Funding!A1"

    @case("bad year label")
    def _(b: Book) -> str:
        ws = b["Inflation"]
        c = col(ws, "2015-16")
        ws.cell(1, c, "2015-17")
        return at(ws, 1, c)

    @case("unknown inflation scenario")
    def _(b: Book) -> str:
        return set_cell(b, "Scenarios", "Improvement plan", "inflation_scenario", "2015 view")

    @case("unknown initiative in a scenario")
    def _(b: Book) -> str:
        return set_cell(b, "Scenarios", "Improvement plan", "initiatives", "early_help, nope")

    @case("blank row inside a table")
    def _(b: Book) -> str:
        ws = b["CostLines"]
        ws.insert_rows(5)
        return "CostLines!A5"

    @case("unknown driver method")
    def _(b: Book) -> str:
        return set_cell(b, "Drivers", "cin", "method", "grwoth")

    @case("unknown cost-line type")
    def _(b: Book) -> str:
        return set_cell(b, "CostLines", "lscb", "type", "fix")

    @case("unknown initiative kind")
    def _(b: Book) -> str:
        return set_cell(b, "Improvement", "mgmt_it", "kind", "once")

    @case("unknown money unit")
    def _(b: Book) -> str:
        return set_cell(b, "Settings", "money_unit", "value", "£bn")

    @case("horizon out of range")
    def _(b: Book) -> str:
        return set_cell(b, "Settings", "horizon", "value", 20)

    @case("bad base year")
    def _(b: Book) -> str:
        return set_cell(b, "Settings", "base_year", "value", "2013-15")

    @case("missing inflation rate")
    def _(b: Book) -> str:
        return set_cell(b, "Inflation", "outturn", "2016-17", None, nth=2)

    @case("blank base-year funding")
    def _(b: Book) -> str:
        return set_cell(b, "Funding", "growth_2014", "2013-14", None)

    @case("rate basis is a driver")
    def _(b: Book) -> str:
        return set_cell(b, "Drivers", "cin", "basis", "cla")

    @case("share basis is a population")
    def _(b: Book) -> str:
        return set_cell(b, "Drivers", "cpp", "basis", "children_0_17")

    @case("effect below -1")
    def _(b: Book) -> str:
        return set_cell(b, "Effects", "early_help", "value", -1.5)

    @case("unknown deflator")
    def _(b: Book) -> str:
        return set_cell(b, "Settings", "deflator", "value", "cpi")

    @case("activity line with unit_cost and base_cost")
    def _(b: Book) -> str:
        return set_cell(b, "CostLines", "residential_care", "unit_cost", 100)

    @case("staffing line without a caseload row")
    def _(b: Book) -> str:
        ws = b["CostAssumptions"]
        ws.delete_rows(row(ws, "social_workers"))
        cl = b["CostLines"]
        return at(cl, row(cl, "social_workers"), 1)

    @case("override for an unknown scenario")
    def _(b: Book) -> str:
        return set_cell(b, "Overrides", "Plan, as it turned out", "scenario", "High demand")

    @case("share basis with no base volume")
    def _(b: Book) -> str:
        set_cell(b, "Drivers", "cla", "base_volume", 0)
        return set_cell(b, "Drivers", "foster_ifa", "basis", "cla")

    @case("blank initiatives")
    def _(b: Book) -> str:
        return set_cell(b, "Scenarios", "No plan", "initiatives", None)

    @case("base-year amount for an initiative")
    def _(b: Book) -> str:
        return set_cell(b, "Improvement", "mgmt_it", "2013-14", 500)

    @case("duplicate setting")
    def _(b: Book) -> str:
        ws = b["Settings"]
        ws.append(["horizon", 5])
        return f"Settings!A{ws.max_row}"

    return cases


CASES = _cases()


def hostile_cases() -> list[Any]:
    """Every case of the hostile corpus (:class:`tests.hostile.outcome.Case`)."""
    from .hostile import api, books, commands, sheets

    return [*sheets.cases(), *books.cases(), *api.cases(), *commands.cases()]


def build(case: Case, folder: Path) -> tuple[Path, str]:
    """Write one malformed workbook; return its path and the location it must name."""
    book = plain_sample()
    where = case.mutate(book)
    path = folder / (case.name.replace(" ", "_").replace(",", "") + ".xlsx")
    book.save(path)
    return path, where


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")
    out.mkdir(parents=True, exist_ok=True)
    for c in CASES:
        path, where = build(c, out)
        print(f"{path}  ->  {where}")
