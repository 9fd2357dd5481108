"""Build the "Birmingham 2014" sample input workbook from its tables.

The sample is an indicative five-year budget (2014-15 to 2018-19) for Birmingham City
Council's children's social care service, as an analyst could have built it in late 2014:
base year 2013-14 (the Section 251 outturn year), money in £000, rates as fractions.

Its figures live in ``data/birmingham_2014/``, one CSV per input sheet, headed as the
sheet is: the contract's columns, then ``source`` (where every figure comes from; figures
not published are marked ESTIMATE, figures computed from others DERIVED with their
arithmetic) and sometimes ``notes``. data/SOURCES.md lists the sources with their grades.

This script reads those tables with the library's own parser (so every figure is checked
as a workbook's would be) and writes the workbook with the library's own input writer.
Rerun from the repository root after editing a table::

    python data/build_birmingham_2014.py

It overwrites data/birmingham_2014.xlsx; tests/test_sample.py checks that rebuilding
gives the shipped workbook.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from budgetmodel import Model
from budgetmodel.excel.layout import SHEETS
from budgetmodel.excel.parse import RawSheet, parse_sheets
from budgetmodel.excel.writer import write_inputs

HERE = Path(__file__).resolve().parent
TABLES = HERE / "birmingham_2014"
OUT = HERE / "birmingham_2014.xlsx"

_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def _cell(text: str) -> str | float | None:
    """A CSV field as a workbook cell: blank, a number, or text (``2013-14`` stays text)."""
    if text == "":
        return None
    return float(text) if _NUMBER.fullmatch(text) else text


def read_tables(folder: Path = TABLES) -> dict[str, RawSheet]:
    """Every input sheet's table in ``folder`` (``<Sheet>.csv``), in the contract's order."""
    sheets = {}
    for name in SHEETS:
        path = folder / f"{name}.csv"
        if path.exists():
            with path.open(newline="", encoding="utf-8") as f:
                rows = [[_cell(v) for v in row] for row in csv.reader(f)]
            sheets[name] = RawSheet(name, rows)
    return sheets


def build(folder: Path = TABLES) -> Model:
    """The sample as a validated model (an InputError names any bad figure's cell)."""
    return parse_sheets(read_tables(folder))


def write(path: Path = OUT, folder: Path = TABLES) -> Path:
    """Write the sample workbook to ``path``."""
    return write_inputs(build(folder), path)


if __name__ == "__main__":
    target = write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"wrote {target}")
