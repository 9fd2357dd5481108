"""``read_workbook``: an input workbook on disk to a validated Model.

A thin shell: openpyxl reads each sheet's cells (an Excel Table's range when the
sheet holds one), and :func:`budgetmodel.excel.parse.parse_sheets` does the rest.
"""

from __future__ import annotations

import os
import zipfile
from typing import TYPE_CHECKING, Any

from ..errors import InputError, Issue
from .parse import RawSheet, parse_sheets

if TYPE_CHECKING:
    from ..model import Model

__all__ = ["read_sheets", "read_workbook"]


def _range_bounds(ref: str) -> tuple[int, int, int, int]:
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return min_row, min_col, max_row, max_col


def read_sheets(path: str | os.PathLike[str]) -> dict[str, RawSheet]:
    """Every worksheet's table as cell values (stored values, not formulas)."""
    name = os.fspath(path)
    if not os.path.exists(name):
        raise InputError([Issue(name, "no such file", "an existing .xlsx workbook")])
    if not zipfile.is_zipfile(name):
        raise InputError(
            [
                Issue(
                    name,
                    "a file that is not an .xlsx workbook",
                    "an Excel workbook (.xlsx)",
                    "Save it from Excel as 'Excel Workbook (*.xlsx)'.",
                )
            ]
        )
    import openpyxl

    try:
        book = openpyxl.load_workbook(name, data_only=True)
    except Exception as err:  # openpyxl raises many types for damaged files
        raise InputError(
            [Issue(name, f"a workbook that cannot be read ({err})", "a valid .xlsx workbook")]
        ) from err
    sheets: dict[str, RawSheet] = {}
    for ws in book.worksheets:
        tables = list(ws.tables.values())
        if tables:
            min_row, min_col, max_row, max_col = _range_bounds(tables[0].ref)
        else:
            min_row, min_col = 1, 1
            max_row, max_col = ws.max_row, ws.max_column
        rows: list[list[Any]] = [
            list(r)
            for r in ws.iter_rows(
                min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col, values_only=True
            )
        ]
        sheets[ws.title] = RawSheet(ws.title, rows, first_row=min_row, first_col=min_col)
    book.close()
    return sheets


def read_workbook(path: str | os.PathLike[str]) -> Model:
    """Read an input (or results) workbook into a validated :class:`~budgetmodel.Model`.

    Parameters
    ----------
    path : str or path-like
        An ``.xlsx`` workbook laid out as DESIGN.md's workbook contract.

    Returns
    -------
    Model

    Raises
    ------
    InputError
        Listing every problem found, each with its ``Sheet!Cell``.
    """
    model = parse_sheets(read_sheets(path))
    model.source = os.path.abspath(os.fspath(path))
    return model
