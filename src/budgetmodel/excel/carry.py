"""Carrying a user's own sheets from the input workbook into the results workbook.

Values, formulas (with their stored results), number formats, column widths,
row heights, merged cells and comments travel; charts, images, pivot tables and
macros cannot, and are named so that nothing is dropped in silence.
"""

from __future__ import annotations

import os
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import Any

from .layout import CALC_SHEETS, OPTIONAL_RESULT_SHEETS, RESULT_SHEETS, SHEETS
from .parse import sheet_key

__all__ = ["CarriedSheet", "carry_sheets", "plan_carry", "safe_sheet_name"]

_MARK = "Written by budgetmodel"
_RESULTS = RESULT_SHEETS + CALC_SHEETS + OPTIONAL_RESULT_SHEETS


@dataclass
class CarriedSheet:
    """One sheet's content, ready to write."""

    name: str
    cells: list[tuple[int, int, Any, Any, str | None]] = field(default_factory=list)
    comments: list[tuple[int, int, str, str | None]] = field(default_factory=list)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)


_MAX_NAME = 31
_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def safe_sheet_name(name: str, taken: set[str]) -> str:
    """``name`` as a sheet name Excel accepts and no sheet in ``taken`` (case-folded) has.

    Examples
    --------
    >>> safe_sheet_name("summary", {"summary", "checks"})
    'summary (input)'
    >>> safe_sheet_name("A very long sheet name of forty characters", set())
    'A very long sheet name of forty'
    >>> safe_sheet_name("summary", {"summary", "summary (input)"})
    'summary (input 2)'
    """
    base = name.translate(_FORBIDDEN).strip("'") or "Sheet"
    candidate = base[:_MAX_NAME]
    n = 1
    while candidate.casefold() in taken:
        tag = " (input)" if n == 1 else f" (input {n})"
        candidate = base[: _MAX_NAME - len(tag)] + tag
        n += 1
    return candidate


def _owned(name: str, is_results: bool) -> bool:
    if sheet_key(name) in {sheet_key(s) for s in SHEETS}:
        return True
    return is_results and name in _RESULTS


def plan_carry(model: Any) -> tuple[list[CarriedSheet], list[str]]:
    """Read the sheets of ``model.source`` the library does not own.

    Returns
    -------
    sheets : list of CarriedSheet
    notes : list of str
        What could not be carried, one sentence each.
    """
    source = model.source
    if not source or not os.path.exists(source) or not zipfile.is_zipfile(source):
        return [], []
    import openpyxl
    from openpyxl.utils import column_index_from_string

    from .reader import read_notes

    with zipfile.ZipFile(source) as archive:
        names = archive.namelist()
    # What the reader noted (an Excel Table's range that stopped short of its rows):
    # the results workbook writes the sheet's table anew, with its full range.
    notes = [f"the short range of {note}" for note in read_notes(source)]
    if any(n.endswith("vbaProject.bin") for n in names):
        notes.append("the workbook's macros (VBA); results workbooks are .xlsx without macros")
    if any(n.startswith("xl/pivotTables/") for n in names):
        notes.append("pivot tables (their cached values stay as plain cells)")
    with warnings.catch_warnings():
        # openpyxl warns of what it reads but does not keep (long names, extensions);
        # what is not carried is named in the notes instead.
        warnings.simplefilter("ignore")
        formulas = openpyxl.load_workbook(source, data_only=False)
        values = openpyxl.load_workbook(source, data_only=True)
    names_present = set(formulas.sheetnames)
    is_results = (formulas.properties.description or "") == _MARK or set(RESULT_SHEETS[1:]) | set(
        CALC_SHEETS
    ) <= names_present
    user = [ws for ws in formulas.worksheets if not _owned(ws.title, is_results)]
    for chartsheet in formulas.chartsheets:
        notes.append(f"the chart sheet '{chartsheet.title}'")
    if not user:
        return [], notes
    out = []
    taken = {name.casefold() for name in (*_RESULTS, *SHEETS)}
    for ws in user:
        cached = values[ws.title]
        title = safe_sheet_name(ws.title, taken)
        taken.add(title.casefold())
        if title != ws.title:
            why = (
                "longer than the 31 characters Excel allows"
                if len(ws.title) > _MAX_NAME
                else "the name of a sheet the results workbook has, in another letter case"
                if ws.title.casefold() in {n.casefold() for n in (*_RESULTS, *SHEETS)}
                else "a name Excel does not allow, or one taken by another sheet"
            )
            notes.append(
                f"the sheet '{ws.title}' under the name '{title}', because its name is {why}; "
                "formulas that refer to it by name may now refer to another sheet"
            )
        sheet = CarriedSheet(title)
        if ws._charts:
            notes.append(f"{len(ws._charts)} chart(s) on '{ws.title}'")
        if ws._images:
            notes.append(f"{len(ws._images)} image(s) on '{ws.title}'")
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if value is None and cell.comment is None and cell.number_format == "General":
                    continue
                r, c = cell.row - 1, cell.column - 1
                fmt = None if cell.number_format == "General" else cell.number_format
                formula = None
                if isinstance(value, str) and value.startswith("=") and cell.data_type == "f":
                    formula = value
                elif hasattr(value, "text") and cell.data_type == "f":  # an array formula
                    formula = "{" + str(value.text) + "}"
                if formula is not None:
                    sheet.cells.append(
                        (r, c, formula, cached.cell(cell.row, cell.column).value, fmt)
                    )
                else:
                    sheet.cells.append((r, c, None, value, fmt))
                if cell.comment is not None:
                    sheet.comments.append((r, c, cell.comment.text, cell.comment.author))
        for rng in ws.merged_cells.ranges:
            sheet.merged.append(
                (rng.min_row - 1, rng.min_col - 1, rng.max_row - 1, rng.max_col - 1)
            )
        for letter, dim in ws.column_dimensions.items():
            if dim.width and dim.customWidth:
                first = column_index_from_string(letter) - 1
                last = (dim.max or first + 1) - 1 if dim.max else first
                for j in range(first, max(first, last) + 1):
                    sheet.widths[j] = float(dim.width)
        for index, dim in ws.row_dimensions.items():
            if dim.ht:
                sheet.heights[index - 1] = float(dim.ht)
        out.append(sheet)
    return out, notes


def carry_sheets(book: Any, sheets: list[CarriedSheet]) -> None:
    """Write carried sheets into an XlsxWriter workbook."""
    from .xlsx import write_value

    formats: dict[str, Any] = {}

    def fmt(number_format: str | None) -> Any:
        if number_format is None:
            return None
        if number_format not in formats:
            formats[number_format] = book.add_format({"num_format": number_format})
        return formats[number_format]

    for sheet in sheets:
        ws = book.add_worksheet(sheet.name)
        for j, width in sheet.widths.items():
            ws.set_column(j, j, width)
        for i, height in sheet.heights.items():
            ws.set_row(i, height)
        merged_corners = {}
        for r0, c0, r1, c1 in sheet.merged:
            merged_corners[(r0, c0)] = (r1, c1)
        for r, c, formula, value, number_format in sheet.cells:
            f = fmt(number_format)
            if (r, c) in merged_corners:
                r1, c1 = merged_corners.pop((r, c))
                ws.merge_range(r, c, r1, c1, None, f)
            if formula is not None:
                if formula.startswith("{"):
                    ws.write_array_formula(
                        r, c, r, c, formula, f, value if value is not None else 0
                    )
                else:
                    ws.write_formula(r, c, formula, f, value if value is not None else 0)
            else:
                write_value(ws, r, c, value, f)
        for (r0, c0), (r1, c1) in merged_corners.items():
            ws.merge_range(r0, c0, r1, c1, None)
        for r, c, text, author in sheet.comments:
            ws.write_comment(r, c, text, {"author": author or ""})
