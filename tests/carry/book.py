"""A finance team's input workbook: the sample as a team makes it their own.

A cost that is a formula on their workings sheet, comments, a Table that
does not start at A1 with a notes column just outside it, a column with no
header, two source columns, a merged title, a user sheet that points at an input
cell by address and at a defined name.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table, TableStyleInfo

from budgetmodel._datasets import sample_path

#: The cell of Drivers that the user sheet doubles (a base volume, after the Table moved).
DRIVER_CELL = "G6"


def _store_values(path: Path, values: dict[str, dict[str, float]]) -> None:
    """Give formula cells the results a spreadsheet would have stored (openpyxl stores
    none): ``values`` maps a sheet's part name to cell -> value."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in values:
                text = data.decode()
                for cell, value in values[item.filename].items():
                    text, n = re.subn(
                        rf'(<c r="{cell}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v>[^<]*</v>)?',
                        rf"\g<1>\g<2><v>{value!r}</v>",
                        text,
                    )
                    assert n == 1, (item.filename, cell)
                data = text.encode()
            zout.writestr(item, data)
    tmp.replace(path)


def team_workbook(folder: Path, edit: Callable[[Any], None] | None = None) -> Path:
    """The sample, made a team's own (see the module docstring); ``edit`` changes the
    openpyxl workbook further before it is saved."""
    path = folder / "team.xlsx"
    shutil.copy(sample_path(), path)
    book = openpyxl.load_workbook(path)
    # The team keeps its sheets as plain ranges (the sample's Excel Tables are dropped).
    for sheet in book.worksheets:
        for name in list(sheet.tables):
            del sheet.tables[name]
    # Drivers: the table moved to B3 as an Excel Table, a merged title above it, notes
    # just outside the Table's range, a comment on an input cell.
    ws = book["Drivers"]
    ws.insert_rows(1, 2)
    ws.insert_cols(1)
    ws["B1"] = "Demand drivers as agreed with the service"
    ws.merge_cells("B1:E1")
    last = ws.max_row
    ws.add_table(
        Table(
            displayName="DriverTable",
            ref=f"B3:H{last}",
            tableStyleInfo=TableStyleInfo(name="TableStyleMedium2", showRowStripes=True),
        )
    )
    assert ws["I3"].value == "notes"
    ws[DRIVER_CELL].comment = Comment("Checked against the CIN census", "Analyst")
    assert ws["C6"].value is not None and isinstance(ws[DRIVER_CELL].value, (int, float))
    # CostLines: a unit cost from the team's workings, a column with no header and a
    # second source column (the reader takes the last; the first must not be lost).
    cl = book["CostLines"]
    header = [c.value for c in cl[1]]
    unit = header.index("base_cost") + 1
    row = next(r for r in range(2, cl.max_row + 1) if cl.cell(r, unit).value)
    cost = float(cl.cell(row, unit).value)
    cl.cell(row, unit).value = "='FT workings'!B3"
    cl.cell(row, unit).comment = Comment("From the FT workings", "Analyst")
    width = len(header)
    cl.cell(2, width + 2).value = "a note with no header"
    cl.cell(1, width + 3).value = "source"
    for r in range(2, cl.max_row + 1):
        cl.cell(r, width + 3).value = f"second source {r}"
    ft = book.create_sheet("FT workings")
    ft["A3"], ft["B3"] = "Cost worked out by the team", cost
    # A user sheet that points at an input cell by address and by defined name.
    mine = book.create_sheet("My sheet")
    mine["A1"] = f"=Drivers!{DRIVER_CELL}*2"
    mine["A2"] = "=SUM(ChildPop)"
    book.defined_names["ChildPop"] = DefinedName("ChildPop", attr_text="Populations!$C$2:$H$2")
    if edit is not None:
        edit(book)
    book.save(path)
    cost_lines = f"xl/worksheets/sheet{book.sheetnames.index('CostLines') + 1}.xml"
    my_sheet = f"xl/worksheets/sheet{book.sheetnames.index('My sheet') + 1}.xml"
    drivers = book["Drivers"][DRIVER_CELL].value
    pop = sum(book["Populations"].cell(2, c).value for c in range(3, 9))
    unit_cell = f"{openpyxl.utils.get_column_letter(unit)}{row}"
    _store_values(
        path,
        {
            cost_lines: {unit_cell: cost},
            my_sheet: {"A1": float(drivers) * 2, "A2": float(pop)},
        },
    )
    return path


def cost_cell(path: Path) -> str:
    """The CostLines cell whose cost is the formula on the workings sheet."""
    ws = openpyxl.load_workbook(path)["CostLines"]
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and "FT workings" in cell.value:
                return str(cell.coordinate)
    raise AssertionError("no unit cost formula")
