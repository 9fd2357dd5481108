"""``read_workbook``: an input workbook on disk to a validated Model.

A thin shell: the file is checked before any XML is parsed (:mod:`.safety`),
openpyxl reads each sheet's stored values (an Excel Table's range when the sheet
holds one) through defusedxml, and :func:`.parse.parse_sheets` does the rest.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from ..errors import BudgetModelError, InputError, Issue
from .cells import Unstored
from .layout import SHEETS
from .parse import RawSheet, parse_sheets
from .safety import check_workbook_file

if TYPE_CHECKING:
    from ..model import Model

__all__ = ["read_sheets", "read_workbook"]

_CONTRACT = {name.lower() for name in SHEETS}


def _range_bounds(ref: str) -> tuple[int, int, int, int]:
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return min_row, min_col, max_row, max_col


def _load(name: str, *, data_only: bool) -> Any:
    import openpyxl
    from defusedxml import DefusedXmlException

    try:
        return openpyxl.load_workbook(name, data_only=data_only)
    except Exception as err:  # openpyxl raises many types for a damaged file
        cause: BaseException | None = err
        while cause is not None and not isinstance(cause, DefusedXmlException):
            cause = cause.__cause__ or cause.__context__
        if cause is not None:
            raise InputError(
                [
                    Issue(
                        name,
                        f"XML that declares entities or a DTD ({type(cause).__name__}; a "
                        "billion-laughs attack?)",
                        "an ordinary .xlsx workbook",
                        "The file was refused unread.",
                    )
                ]
            ) from err
        raise InputError(
            [
                Issue(
                    name,
                    f"a workbook that cannot be read ({err})",
                    "a valid .xlsx workbook",
                    "Open it in Excel and save it again as .xlsx.",
                )
            ]
        ) from err


def read_sheets(path: str | os.PathLike[str]) -> dict[str, RawSheet]:
    """Every worksheet's table as stored cell values.

    A formula cell whose value was never stored (a file written by a program,
    not saved by a spreadsheet) comes back as :class:`.cells.Unstored`, so that
    the parser names it rather than reading it as blank.
    """
    name = os.fspath(path)
    check_workbook_file(name)
    import openpyxl.xml

    if not openpyxl.xml.DEFUSEDXML:
        raise BudgetModelError(
            "openpyxl is not using defusedxml (OPENPYXL_DEFUSEDXML is set to something other "
            "than True); budgetmodel reads workbooks only with it, to refuse XML attacks"
        )
    book = _load(name, data_only=True)
    formulas = None
    sheets: dict[str, RawSheet] = {}
    for ws in book.worksheets:
        tables = list(ws.tables.values())
        if tables:
            min_row, min_col, max_row, max_col = _range_bounds(tables[0].ref)
            max_row -= tables[0].totalsRowCount or 0  # a totals row is not a record
        else:
            min_row, min_col = 1, 1
            max_row, max_col = ws.max_row, ws.max_column
        rows: list[list[Any]] = [
            list(r)
            for r in ws.iter_rows(
                min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col, values_only=True
            )
        ]
        if ws.title.replace(" ", "").lower() in _CONTRACT and any(
            v is None for r in rows for v in r
        ):
            if formulas is None:
                formulas = _load(name, data_only=False)
            source = formulas[ws.title]
            for i, r in enumerate(rows):
                for j, v in enumerate(r):
                    if v is None:
                        f = source.cell(min_row + i, min_col + j).value
                        if isinstance(f, str) and f.startswith("="):
                            r[j] = Unstored(f)
        sheets[ws.title] = RawSheet(ws.title, rows, first_row=min_row, first_col=min_col)
    return sheets


def read_workbook(path: str | os.PathLike[str]) -> Model:
    """Read an input (or results) workbook into a validated :class:`~budgetmodel.Model`.

    Parameters
    ----------
    path : str or path-like
        An ``.xlsx`` workbook laid out as the workbook contract (see
        ``docs/workbook.md``); a results workbook is itself a valid input.

    Returns
    -------
    Model

    Raises
    ------
    InputError
        Listing every problem found, each with its ``Sheet!Cell``; also for files
        that are not .xlsx workbooks or that fail the safety checks.

    Examples
    --------
    >>> import budgetmodel as bm
    >>> from budgetmodel.datasets import sample_path
    >>> model = bm.read_workbook(sample_path())
    >>> [s.name for s in model.scenarios]
    ['No plan', 'Improvement plan', 'Plan, outturn inflation', 'Plan, as it turned out']
    >>> try:
    ...     bm.read_workbook("missing.xlsx")
    ... except bm.InputError as err:
    ...     print(err.issues[0].found)
    no such file
    """
    model = parse_sheets(read_sheets(path))
    model.source = os.path.abspath(os.fspath(path))
    return model
