"""The sample as an openpyxl workbook of plain ranges, for tests that edit around tables."""

from __future__ import annotations

from typing import Any

import openpyxl

from budgetmodel._datasets import sample_path


def plain_sample() -> Any:
    """The sample opened with openpyxl, its sheets as plain ranges: the shipped file holds
    each table as an Excel Table, and these cases edit the cells around the tables."""
    book = openpyxl.load_workbook(sample_path())
    for sheet in book.worksheets:
        for name in list(sheet.tables):
            del sheet.tables[name]
    return book
