"""Every formula cell of the results workbook, evaluated in process from the formulas
alone (tests/formula_eval.py), gives the value the engine stored in it.

This is the fast, independent counterpart of test_formulas.py (which recalculates
through LibreOffice, in CI only): it runs in every ``make test``, on the Birmingham
sample and on generated models that use every feature of the engine.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

import budgetmodel as bm

from ..formula_eval import Book, FormulaError, XlError, check_workbook, coordinate, read_xlsx
from ..generated import make_model

SEEDS = range(22)  # as test_formulas.py
WRONG = 123456789.0


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """The sample's results workbook and its money scale (pounds per money unit)."""
    model = bm.load_sample()
    path = tmp_path_factory.mktemp("check") / "sample.xlsx"
    return bm.write_workbook(model.run(), path), model.money_scale


def test_the_sample_agrees(sample: tuple[Path, float]) -> None:
    path, scale = sample
    result = check_workbook(path, scale)
    assert result.checked > 1000
    assert not result.disagreements, result.report()


@pytest.mark.parametrize("seed", SEEDS)
def test_a_generated_model_agrees(seed: int, tmp_path: Path) -> None:
    model = make_model(seed)
    path = bm.write_workbook(model.run(), tmp_path / "x.xlsx")
    result = check_workbook(path, model.money_scale)
    assert result.checked > 0
    assert not result.disagreements, result.report()


# -- the check can fail -------------------------------------------------------------------


def _first_cost(book: Book) -> tuple[str, float]:
    """The first unit or base cost on the CostLines sheet: its cell and value."""
    header = {book.constants.get(("CostLines", 1, c)): c for c in range(1, 30)}
    for row in range(2, 100):
        for name in ("unit_cost", "base_cost"):
            value = book.constants.get(("CostLines", row, header.get(name, 0)))
            if isinstance(value, float) and value > 0:
                return coordinate(row, header[name]), value
    raise AssertionError("no cost on CostLines")


def test_canary_an_edited_input_moves_results_away_from_the_stored_values(
    sample: tuple[Path, float],
) -> None:
    path, scale = sample
    book = Book.load(path)
    assert not book.check(scale).disagreements
    cell, cost = _first_cost(book)
    total = book.value("Summary", "C2")  # the first scenario's base-year total, cash
    assert isinstance(total, float)

    book.set_constant("CostLines", cell, cost * 1.1)
    moved = book.check(scale).disagreements
    sheets = {d.sheet for d in moved}
    assert {"CostCalc", "Budget", "Summary", "Bridge", "Gap"} <= sheets, sheets
    assert len(moved) > 50
    # the line's base-year cost is its base cost (at base-year prices, index 1): the
    # gross total moves by a tenth of it, through CostCalc and the Budget subtotals
    stored = book.stored[book.key("Summary", "C2")]
    assert book.value("Summary", "C2") == pytest.approx(stored + 0.1 * cost, rel=1e-12)
    assert any(d.sheet == "Summary" and d.cell == "C2" for d in moved)

    book.set_constant("CostLines", cell, cost)
    assert not book.check(scale).disagreements
    assert book.value("Summary", "C2") == total


def test_canary_a_wrong_stored_value_is_caught(sample: tuple[Path, float]) -> None:
    path, scale = sample
    book = Book.load(path)
    money = book.key("Summary", "C2")
    volume = next(k for k in sorted(book.formulas) if k[0] == "Volumes")
    book.stored[money] *= 1 + 2e-9  # twice the relative tolerance: 33p in £164,990k
    book.stored[volume] *= 1 + 2e-9
    result = book.check(scale)
    assert [(d.sheet, d.cell) for d in result.disagreements] == [
        ("Summary", "C2"),
        ("Volumes", coordinate(volume[1], volume[2])),
    ]
    assert "Summary!C2 =Budget!" in result.report()


def test_canary_a_wrong_value_stored_in_the_file_is_caught(
    sample: tuple[Path, float], tmp_path: Path
) -> None:
    """As test_formulas.py's canary: one formula's stored result replaced in the XML."""
    path, scale = sample
    spoiled = tmp_path / "spoiled.xlsx"
    found: list[str] = []
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(spoiled, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if not found and item.filename.startswith("xl/worksheets/sheet"):
                text = data.decode()
                m = re.search(r'<c r="([A-Z]+[0-9]+)"[^>]*><f>[^<]*</f><v>([^<]*)</v>', text)
                if m is not None:
                    found.append(m.group(1))
                    data = (text[: m.start(2)] + repr(WRONG) + text[m.end(2) :]).encode()
            zout.writestr(item, data)
    result = check_workbook(spoiled, scale)
    assert [d.cell for d in result.disagreements] == found
    assert result.disagreements[0].stored == WRONG
    assert f"stored {WRONG!r}" in result.report()


def test_a_formula_the_evaluator_does_not_know_fails_loudly(sample: tuple[Path, float]) -> None:
    path, scale = sample
    book = Book.load(path)
    book.formulas[book.key("Budget", "F2")] = "=NPV(0.035,Budget!G2:J2)"
    with pytest.raises(FormulaError, match=r"Budget!F2: =NPV\(0.035,Budget!G2:J2\): .*NPV"):
        book.check(scale)


# -- the reader ---------------------------------------------------------------------------


def test_the_reader_agrees_with_openpyxl(sample: tuple[Path, float]) -> None:
    """read_xlsx (the XML, one pass) finds what openpyxl finds (two passes), sheet by
    sheet: formulas, their stored results, the inputs, and the money cells."""
    path, _ = sample
    got = read_xlsx(path)
    formulas = openpyxl.load_workbook(path)
    results = openpyxl.load_workbook(path, data_only=True)
    assert got.sheets == formulas.sheetnames
    n = 0
    for ws in formulas.worksheets:
        cached = results[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                key = (ws.title, cell.row, cell.column)
                if cell.data_type == "f":
                    n += 1
                    assert got.formulas[key] == cell.value
                    stored = cached.cell(cell.row, cell.column).value
                    assert got.stored[key] == (stored if stored is not None else ""), (key, stored)
                    assert (key in got.money) == (";(" in cell.number_format), key
                elif cell.data_type == "e":
                    assert got.constants[key] == XlError(cell.value)
                elif cell.value is not None:
                    assert got.constants[key] == cell.value, key
                else:
                    assert key not in got.constants
    assert n == len(got.formulas) > 1000
    assert len(got.constants) == sum(
        1
        for ws in formulas.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    ) - len(got.formulas)
    assert {k[0] for k in got.formulas} >= {"Summary", "Budget", "CostCalc", "Index"}
