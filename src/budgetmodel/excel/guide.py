"""The template's Guide sheet: a row for every sheet and column of the contract
(``guide``), written as a printable table (``write_guide``)."""

from __future__ import annotations

import math
from typing import Any

from .formats import TemplateFormats
from .guideexamples import SHEET, YEARS, Examples, GuideRow
from .guidemodel import model_rows
from .guideplan import plan_rows
from .guidescenarios import scenario_rows

__all__ = ["SHEET", "YEARS", "guide", "write_guide"]


def guide(years: list[str], money_unit: str = "£000") -> list[GuideRow]:
    """The Guide sheet's rows: ``(sheet, column, meaning, example)``.

    Every sheet of the contract has a row describing it (column `SHEET`)
    and a row per column (`YEARS` for its year columns); examples use the
    template's own years and money unit.

    Parameters
    ----------
    years : list of str
        The template's year labels, base year first.
    money_unit : {"£", "£000", "£m"}
        The unit of the money examples.

    Examples
    --------
    >>> rows = guide(["2025-26", "2026-27", "2027-28"], "£000")
    >>> [r[3] for r in rows if r[:2] == ("CostLines", "unit_cost")]
    ['5.5 (with cost_per week: £5,500 a week)']
    >>> [r[3] for r in rows if r[:2] == ("DriverAssumptions", YEARS)]
    ['2025-26: (blank) | 2026-27: 0.015 | 2027-28: 0.015']
    """
    ex = Examples(years, money_unit)
    return [*model_rows(ex), *plan_rows(ex), *scenario_rows(ex)]


def write_guide(book: Any, years: list[str], money_unit: str, formats: TemplateFormats) -> None:
    """Add the Guide sheet to ``book``: a title, how to fill the workbook, and the
    rows of ``guide`` under a header repeated on every printed page.

    Parameters
    ----------
    book : xlsxwriter Workbook
    years : list of str
        The template's year labels, base year first.
    money_unit : {"£", "£000", "£m"}
    formats : TemplateFormats
        The template's cell formats.
    """
    sheet = book.add_worksheet("Guide")
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 20)
    sheet.set_column(2, 2, 90)
    sheet.set_column(3, 3, 48)
    sheet.write_string(
        0, 0, "How to fill this workbook", book.add_format({"bold": True, "font_size": 14})
    )
    sheet.write_string(
        1,
        0,
        "One table per sheet, header in row 1, one record per row, no "
        "blank rows. Rates are fractions (0.03 = 3%). Money is in "
        f"{money_unit} (Settings: money_unit). Run it with: "
        "budgetmodel run WORKBOOK --out results.xlsx",
    )
    sheet.write_row(3, 0, ["sheet", "column", "meaning", "example"], formats.head)
    sheet.freeze_panes(4, 0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(3)
    for i, row in enumerate(guide(years, money_unit), start=4):
        sheet_row = row[1] == SHEET
        sheet_format = formats.sheet_row if sheet_row else formats.wrap
        sheet.write_row(i, 0, row, sheet_format)
        # Row heights are set, not left to the spreadsheet, so that wrapped text
        # shows whole in every program and on paper.
        lines = max(math.ceil(len(row[2]) / 95), math.ceil(len(row[3]) / 46), 1)
        sheet.set_row(i, 15 * lines)
