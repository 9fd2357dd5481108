"""Through LibreOffice: the sample's results workbook prints in at most 30 A4 pages,
and a results workbook edited and saved by LibreOffice runs again with the edit,
the new row, comments, formulas, notes and user sheets kept.

The edit is made with openpyxl and the workbook then opened and saved as .xlsx by
LibreOffice headless (its Python UNO bridge is not installed here), so the file the
next run reads is one LibreOffice wrote.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import openpyxl
import pytest

import budgetmodel as bm

from ..carry.book import DRIVER_CELL, cost_cell, team_workbook
from ..libreoffice import recalculate, require_soffice


def to_pdf(path: Path, out_dir: Path) -> Path:
    binary = require_soffice()
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                binary,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                str(path),
            ],
            capture_output=True,
            timeout=600,
            check=False,
        )
    pdf = out_dir / (path.stem + ".pdf")
    assert pdf.exists(), "LibreOffice wrote no PDF"
    return pdf


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])


def test_the_sample_prints_in_at_most_30_pages(tmp_path: Path) -> None:
    path = bm.write_workbook(bm.load_sample().run(), tmp_path / "sample.xlsx")
    pdf = to_pdf(path, tmp_path)
    assert page_count(pdf) <= 30


def test_an_edit_and_a_new_row_saved_by_libreoffice_are_honoured(tmp_path: Path) -> None:
    source = team_workbook(tmp_path)
    model = bm.read_workbook(source)
    first = bm.write_workbook(model.run(), tmp_path / "first.xlsx")
    book = openpyxl.load_workbook(first)
    funding = book["Funding"]
    header = [c.value for c in funding[1]]
    year = model.years[1]
    row = next(r for r in range(2, funding.max_row + 1) if funding.cell(r, 1).value == "base")
    funding.cell(row, header.index(year) + 1).value += 1000.0  # £1m more in one year
    new = funding.max_row + 1
    funding.cell(new, 1).value = "new_grant"
    funding.cell(new, 2).value = "A grant typed below the table"
    for y in model.years:
        funding.cell(new, header.index(y) + 1).value = 0 if y == model.years[0] else 500
    edited_dir = tmp_path / "edited"
    edited_dir.mkdir()
    book.save(edited_dir / "first.xlsx")
    (saved,) = recalculate([edited_dir / "first.xlsx"], tmp_path / "saved")
    again = bm.read_workbook(saved)
    assert [f.id for f in again.funding][-1] == "new_grant"
    base = next(f for f in again.funding if f.id == "base")
    was = next(f for f in model.funding if f.id == "base")
    assert base.values[1] == pytest.approx(was.values[1] + 1000.0)
    second = bm.write_workbook(again.run(), tmp_path / "second.xlsx")
    out = openpyxl.load_workbook(second)
    assert out["CostLines"][cost_cell(source)].value == "='FT workings'!B3"
    assert "CIN census" in out["Drivers"][DRIVER_CELL].comment.text
    assert out["Drivers"]["I3"].value == "notes"
    assert out["My sheet"]["A1"].value == f"=Drivers!{DRIVER_CELL}*2"
    assert {"FT workings", "My sheet"} <= set(out.sheetnames)
    assert bm.read_workbook(second) == again
