"""The results workbook's formulas, recalculated by LibreOffice, agree with the engine."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

import budgetmodel as bm
from budgetmodel.excel.layout import CALC_SHEETS
from budgetmodel.vocabulary import MEASURES

from ..factories import make_model
from ..libreoffice import recalculate, require_soffice

SHEETS = ("Summary", "Budget", "Bridge", "Volumes", "Gap", *CALC_SHEETS)
NOT_MONEY = {"Index", "DriverCalc", "Volumes"}
CANARY_WRONG = 123456789.0


def close(recalculated: object, engine: float, money: bool, scale: float) -> bool:
    if not isinstance(recalculated, (int, float)):
        return False
    pennies = 0.01 / scale if money else 0.0
    return abs(recalculated - engine) <= max(1e-9 * abs(engine), pennies, 1e-12)


def spoil_one_stored_value(path: Path) -> tuple[str, float]:
    """Replace the stored result of Summary's first formula with a wrong number."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":  # Summary (after Cover)
                text = data.decode()
                match = re.search(r'<c r="([A-Z]+\d+)"[^>]*><f>[^<]*</f><v>([^<]*)</v>', text)
                assert match is not None
                cell, value = match.group(1), float(match.group(2))
                start, end = match.span(2)
                data = (text[:start] + repr(CANARY_WRONG) + text[end:]).encode()
            z.writestr(item, data)
    tmp.replace(path)
    return cell, value


def compare(original: Path, recalculated: Path, scale: float) -> int:
    """Every formula cell of the calculation and results sheets; returns how many."""
    formulas = openpyxl.load_workbook(original)
    stored = openpyxl.load_workbook(original, data_only=True)
    fresh = openpyxl.load_workbook(recalculated, data_only=True)
    checked = 0
    for name in SHEETS:
        for row in formulas[name].iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                engine = stored[name][cell.coordinate].value
                got = fresh[name][cell.coordinate].value
                money = name not in NOT_MONEY and not str(
                    formulas[name].cell(cell.row, 3).value or ""
                ).startswith("FTE")
                assert close(got, engine, money, scale), (
                    original.name,
                    name,
                    cell.coordinate,
                    cell.value,
                    got,
                    engine,
                )
                checked += 1
    return checked


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path, float]]:
    require_soffice()
    folder = tmp_path_factory.mktemp("formulas")
    models = [bm.load_sample(), *(make_model(seed) for seed in range(22))]
    written = []
    for k, model in enumerate(models):
        written.append(
            (bm.write_workbook(model.run(), folder / f"m{k:02d}.xlsx"), model.money_scale)
        )
    canary = spoil_one_stored_value(written[0][0])
    outs = recalculate([p for p, _ in written], folder / "out")
    fresh = openpyxl.load_workbook(outs[0], data_only=True)
    assert fresh["Summary"][canary[0]].value == pytest.approx(canary[1], rel=1e-12), (
        "the canary's wrong stored value was not recalculated"
    )
    assert fresh["Summary"][canary[0]].value != CANARY_WRONG
    return [(p, o, s) for (p, s), o in zip(written, outs, strict=True)]


def test_every_formula_agrees_with_the_engine(recalculated: list[tuple[Path, Path, float]]) -> None:
    total = 0
    for original, fresh, scale in recalculated[1:]:
        total += compare(original, fresh, scale)
    assert total > 5_000


def test_the_sample_agrees_except_the_canary(recalculated: list[tuple[Path, Path, float]]) -> None:
    original, fresh, _ = recalculated[0]
    formulas = openpyxl.load_workbook(original)
    stored = openpyxl.load_workbook(original, data_only=True)
    new = openpyxl.load_workbook(fresh, data_only=True)
    result = bm.load_sample().run()
    # the Summary against the engine's frame, cell by cell
    summary = result.summary.set_index(["scenario", "year"])
    ws = new["Summary"]
    header = [c.value for c in ws[1]]
    for r in range(2, ws.max_row + 1):
        scenario, label = ws.cell(r, 1).value, ws.cell(r, 2).value
        measure = {label.text: key for key, label in MEASURES.items()}[label]
        for year in result.years:
            got = ws.cell(r, header.index(year) + 1).value * 1000
            assert got == pytest.approx(summary.loc[(scenario, year), measure], rel=1e-9, abs=0.01)
    n = sum(
        1
        for name in SHEETS
        for row in formulas[name].iter_rows()
        for c in row
        if c.data_type == "f"
    )
    assert n > 1000
    assert stored["Summary"]["C2"].value is not None


def test_every_results_cell_is_a_formula(tmp_path: Path) -> None:
    path = bm.write_workbook(bm.load_sample().run(), tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(path)
    for name in ("Summary", "Budget", "Bridge", "Volumes", "Gap"):
        ws = book[name]
        header = [c.value for c in ws[1]]
        first_year = header.index("2014-15") + 1
        last_row = openpyxl.utils.cell.range_boundaries(ws.tables[name].ref)[3]
        for row in ws.iter_rows(
            min_row=2, max_row=last_row, min_col=first_year, max_col=len(header)
        ):
            for cell in row:
                if cell.value is None:
                    continue
                assert cell.data_type == "f", (name, cell.coordinate, cell.value)
                assert not re.search(r"\b(ROUND|TEXT|INDIRECT|OFFSET)\(", cell.value)


def test_values_only(tmp_path: Path) -> None:
    result = bm.load_sample().run()
    path = bm.write_workbook(result, tmp_path / "v.xlsx", values_only=True)
    book = openpyxl.load_workbook(path)
    assert not any(
        c.data_type == "f" for name in SHEETS for row in book[name].iter_rows() for c in row
    )
    live = openpyxl.load_workbook(bm.write_workbook(result, tmp_path / "f.xlsx"), data_only=True)
    for name in SHEETS:
        for row in book[name].iter_rows():
            for c in row:
                assert c.value == live[name][c.coordinate].value


def test_edit_then_recalculate(tmp_path: Path) -> None:
    """Assumptions edited in the results workbook move every dependent cell exactly as
    the engine does on the edited model."""
    require_soffice()
    from ..corpus import set_cell

    path = bm.write_workbook(bm.load_sample().run(), tmp_path / "results.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book["DriverAssumptions"]
    row = next(
        r
        for r in range(2, ws.max_row + 1)
        if ws.cell(r, 1).value == "cin" and ws.cell(r, 2).value == "rate_change"
    )
    ws.cell(row, [c.value for c in ws[1]].index("2015-16") + 1).value = 0.06  # growth-type rate
    set_cell(book, "CostLines", "residential_care", "base_cost", 26400.0)  # a unit cost
    set_cell(book, "Improvement", "early_help", "2016-17", 4500.0)  # an initiative amount
    set_cell(book, "Effects", "early_help", "value", -0.12)  # a lever
    set_cell(book, "Effects", "placement_mix", "2015-16", 0.9)  # a phasing cell
    set_cell(book, "Inflation", "2014 view", "2016-17", 0.045, nth=2)  # an inflation rate
    set_cell(book, "Funding", "growth_2014", "2017-18", 20000.0)
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    (fresh,) = recalculate([edited], tmp_path / "out")
    model = bm.read_workbook(edited)
    assert model != bm.load_sample()
    engine = bm.write_workbook(model.run(), tmp_path / "engine.xlsx", values_only=True)
    want = openpyxl.load_workbook(engine, data_only=True)
    got = openpyxl.load_workbook(fresh, data_only=True)
    moved = 0
    before = openpyxl.load_workbook(path, data_only=True)
    for name in ("Summary", "Budget", "Bridge", "Volumes", "Gap"):
        for row in want[name].iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, float):
                    value = got[name][cell.coordinate].value
                    assert close(value, cell.value, name != "Volumes", 1000.0), (
                        name,
                        cell.coordinate,
                        value,
                        cell.value,
                    )
                    moved += value != before[name][cell.coordinate].value
    assert moved > 100
