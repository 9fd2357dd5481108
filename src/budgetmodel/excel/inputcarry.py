"""The input sheets of the user's workbook, carried into the results workbook as the
user had them, with the model's values in the cells the model was read from.

A sheet is carried when the model was read from a workbook that is still there
and still holds each record where the reader found it; otherwise it is written
from the model at A1 (`inputsheets`), and the Checks sheet says so.
"""

from __future__ import annotations

import os
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import Any

from .._years import format_year, parse_year
from .cells import CellProblem, as_number, as_text, is_blank
from .layout import SHEETS
from .parse import sheet_key
from .tables import InputTable
from .transfer import CellCopy, SheetCopy, copy_sheet, defined_names

__all__ = ["LONG_TEXT", "CarriedInputs", "plan_inputs"]

#: Columns of free text: wrapped in a column of fixed width, so they print.
LONG_TEXT = frozenset({"source", "sources", "notes", "note", "description", "comment", "comments"})


@dataclass
class CarriedInputs:
    """The input sheets to write: each table placed where it goes; the sheets carried
    from the user's workbook (by contract name); its defined names; notes for Checks."""

    tables: list[InputTable]
    sheets: dict[str, SheetCopy] = field(default_factory=dict)
    names: list[tuple[str, str, str | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be carried
    rebuilt: list[tuple[str, str]] = field(default_factory=list)  # sheet, why
    source: str | None = None


class _Moved(Exception):
    """The sheet no longer holds the model's records where the reader found them."""


_CELL = re.compile(r"^(?:'?(?P<sheet>.*?)'?!)?\$?(?P<col>[A-Z]{1,3})\$?(?P<row>\d+)$")


def _cell(ref: str) -> tuple[int, int] | None:
    """``"CostLines!H6"`` as a 0-based (row, column)."""
    from openpyxl.utils import column_index_from_string

    match = _CELL.match(ref)
    if match is None:
        return None
    return int(match["row"]) - 1, column_index_from_string(match["col"]) - 1


def _header_text(value: Any) -> str:
    return "" if is_blank(value) else re.sub(r"\s+", "_", str(value).strip().lower())


def _is_header(
    value: Any, name: str, years: tuple[str, ...], aliases: dict[str, str] | None = None
) -> bool:
    """Whether the header cell ``value`` is read as the header entry ``name`` (a
    version-1 header is read as its version-2 column)."""
    if name in years:
        try:
            return format_year(parse_year(value)) == name
        except (ValueError, TypeError):
            return False
    text = "" if is_blank(value) else str(value).strip()
    read = _header_text(value)
    return text == name or read == name or (aliases or {}).get(read) == name


def reads_as(raw: Any, value: Any, *, lower: bool = False) -> bool:
    """Whether the reader gives ``value`` for a cell holding ``raw`` (so the user's
    way of writing it can stay)."""
    if is_blank(raw) or value is None:
        return is_blank(raw) and (value is None or value == "")
    if isinstance(value, bool) or isinstance(raw, bool):
        return raw is value
    try:
        if isinstance(value, (int, float)):
            return as_number(raw) == value
        if isinstance(value, str):
            text = as_text(raw)
            return text is not None and (text == value or (lower and text.lower() == value))
    except CellProblem:
        return False
    return bool(raw == value)


def _region_start(ws: Any) -> tuple[int, int]:
    """Where the reader looks for the header: the first Excel Table's corner, or A1."""
    from openpyxl.utils.cell import range_boundaries

    for table in ws.tables.values():
        min_col, min_row, _, _ = range_boundaries(table.ref)
        return min_row - 1, min_col - 1
    return 0, 0


def _row_of(where: dict[str, str]) -> int | None:
    for key in ("_row", "value", *where):
        if key in where and (at := _cell(where[key])) is not None:
            return at[0]
    return None


def _place(table: InputTable, model: Any, ws: Any, copy: SheetCopy) -> InputTable:
    """``table`` placed on the user's sheet; raises `_Moved` if it is not there."""
    given = list(model.sheet_columns.get(table.name) or [])
    if not given:
        raise _Moved("the model does not say how the sheet was laid out")
    header_row, first_col = _region_start(ws)
    column_at: dict[str, int] = {}
    for j, name in enumerate(given):
        if name:
            column_at[name] = first_col + j  # the last of two same-named columns is read
    missing = [h for h in table.header if h not in column_at]
    if missing:
        raise _Moved(f"it has no column {missing[0]!r}")
    for name, col in column_at.items():
        cell = copy.cells.get((header_row, col))
        aliases = SHEETS[table.name].aliases if table.name in SHEETS else {}
        if not _is_header(cell.value if cell else None, name, table.years, aliases):
            raise _Moved(f"its header has changed since it was read (column {name!r})")
    layout = SHEETS[table.name]
    key = layout.columns[0]
    lower = key in layout.lower or table.name == "Settings"
    rows: list[int | None] = [_row_of(w) for w in table.where]
    rows += [None] * (len(table.rows) - len(rows))
    located = [r for r in rows if r is not None]
    if located != list(range(header_row + 1, header_row + 1 + len(located))):
        raise _Moved("its rows are not where they were read")
    for i, r in enumerate(rows):
        if r is None:
            continue
        cell = copy.cells.get((r, column_at[key]))
        want = table.rows[i][table.header.index(key)]
        if not reads_as(cell.value if cell else None, want, lower=lower):
            raise _Moved(f"row {r + 1} no longer holds {want!r}")
    span = range(first_col, first_col + len(given))
    below = header_row + 1 + len(located)
    row_at: list[int] = []
    for i, r in enumerate(rows):
        if r is None:  # a record made in Python: it goes below the last row
            values = [v for h, v in zip(table.header, table.rows[i], strict=True) if h != key]
            if table.name == "Settings" and all(v is None for v in values):
                row_at.append(-1)  # an unset setting the sheet never had
                continue
            if any(
                (c := copy.cells.get((below, j))) is not None
                and (not is_blank(c.value) or c.formula)
                for j in span
            ):
                raise _Moved(f"row {below + 1}, where a new record would go, is not empty")
            r = below
            below += 1
        row_at.append(r)
    if any((c := copy.cells.get((below, j))) is not None and not is_blank(c.value) for j in span):
        raise _Moved(f"row {below + 1}, below its last record, is not empty")
    return table.placed(ws.title, header_row, row_at, column_at)


def _load(source: str, notes: list[str]) -> tuple[Any, Any]:
    import openpyxl

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        formulas = openpyxl.load_workbook(source, data_only=False)
        values = openpyxl.load_workbook(source, data_only=True)
    for w in caught:
        text = str(w.message).splitlines()[0]
        if text not in notes:
            notes.append(text)
    return formulas, values


def plan_inputs(model: Any, tables: list[InputTable]) -> CarriedInputs:
    """Place each input table: on the user's sheet when it can be carried, else at A1.

    Parameters
    ----------
    model : Model
        With ``source`` set when it was read from a workbook.
    tables : list of InputTable
        From `tables.input_tables`.
    """
    source = model.source
    plan = CarriedInputs(list(tables), source=source)
    if not source:
        return plan
    if not os.path.exists(source) or not zipfile.is_zipfile(source):
        for t in tables:
            plan.rebuilt.append((t.name, f"the input workbook {source} can no longer be read"))
        return plan
    try:
        formulas, values = _load(source, plan.notes)
    except Exception as err:  # a file changed or damaged since it was read
        reason = str(err).splitlines()[0][:120] if str(err) else type(err).__name__
        for t in tables:
            plan.rebuilt.append((t.name, f"the input workbook can no longer be read ({reason})"))
        return plan
    by_key: dict[str, list[str]] = {}
    for title in formulas.sheetnames:
        by_key.setdefault(sheet_key(title), []).append(title)
    placed: list[InputTable] = []
    for table in tables:
        titles = by_key.get(sheet_key(table.name), [])
        if len(titles) != 1:
            if titles or (table.where and any(table.where)):
                plan.rebuilt.append((table.name, "the input workbook has no such single sheet"))
            placed.append(table)
            continue
        ws = formulas[titles[0]]
        copy = copy_sheet(ws, values[titles[0]])
        try:
            placed.append(_place(table, model, ws, copy))
        except _Moved as moved:
            plan.rebuilt.append((table.name, str(moved)))
            placed.append(table)
            continue
        plan.sheets[table.name] = copy
        plan.notes += copy.lost
    plan.tables = placed
    plan.names = defined_names(formulas)
    return plan


def apply_model(copy: SheetCopy, table: InputTable) -> None:
    """Put the model's values in the carried cells the model was read from.

    A constant that already reads as the model's value stays as the user typed it,
    any other constant becomes the model's value, and a formula stays a formula
    with the model's value as its stored result. A new row takes the look of the
    row above it.
    """
    layout = SHEETS[table.name]
    lower = set(layout.lower) | ({"setting"} if table.name == "Settings" else set())
    for i, row in enumerate(table.rows):
        r = table.row(i)
        if r < 0:
            continue
        for h, value in zip(table.header, row, strict=True):
            c = table.column(h)
            cell = copy.cells.get((r, c))
            if cell is None:
                above = copy.cells.get((r - 1, c))
                cell = CellCopy(None, style=dict(above.style) if above else {})
                copy.cells[(r, c)] = cell
            if cell.formula is not None:
                cell.value = value
            elif not reads_as(cell.value, value, lower=h in lower):
                cell.value = value
