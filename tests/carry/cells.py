"""Every cell of a workbook's input sheets, as a test compares them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from budgetmodel.excel.layout import SHEETS
from budgetmodel.excel.parse import sheet_key

CONTRACT = {sheet_key(name) for name in SHEETS}


def input_cells(path: Path) -> dict[tuple[str, str], tuple[Any, Any, str | None]]:
    """(sheet, cell) -> (formula or value, stored value, comment) for every non-empty
    cell of the input sheets."""
    formulas = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    out: dict[tuple[str, str], tuple[Any, Any, str | None]] = {}
    for ws in formulas.worksheets:
        if sheet_key(ws.title) not in CONTRACT:
            continue
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None and cell.comment is None:
                    continue
                comment = cell.comment.text if cell.comment else None
                stored = values[ws.title][cell.coordinate].value
                out[(ws.title, cell.coordinate)] = (cell.value, stored, comment)
    return out


def differences(a: Path, b: Path) -> list[str]:
    """The input-sheet cells that differ between two workbooks, one line each."""
    first, second = input_cells(a), input_cells(b)
    out = []
    for key in sorted(set(first) | set(second)):
        if first.get(key) != second.get(key):
            out.append(f"{key}: {first.get(key)!r} != {second.get(key)!r}")
    return out
