"""The results workbook keeps the input sheets as the user had them (issue 12)."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import budgetmodel as bm

from ..carry.book import DRIVER_CELL, cost_cell, team_workbook
from ..carry.cells import differences
from ..formula_eval import Book
from ..strategies import models


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The team's workbook, its results, and the results of running those again."""
    folder = tmp_path_factory.mktemp("team")
    source = team_workbook(folder)
    first = bm.write_workbook(bm.read_workbook(source).run(), folder / "first.xlsx")
    second = bm.write_workbook(bm.read_workbook(first).run(), folder / "second.xlsx")
    return source, first, second


def test_a_cost_that_was_a_formula_stays_a_formula(team: tuple[Path, Path, Path]) -> None:
    source, first, _ = team
    cell = cost_cell(source)
    formulas = openpyxl.load_workbook(first)["CostLines"]
    stored = openpyxl.load_workbook(first, data_only=True)["CostLines"]
    assert formulas[cell].value == "='FT workings'!B3"
    assert stored[cell].value == openpyxl.load_workbook(source)["FT workings"]["B3"].value
    assert "FT workings" in openpyxl.load_workbook(first).sheetnames


def test_comments_on_input_cells_are_kept(team: tuple[Path, Path, Path]) -> None:
    source, first, _ = team
    book = openpyxl.load_workbook(first)
    assert "CIN census" in book["Drivers"][DRIVER_CELL].comment.text
    assert "FT workings" in book["CostLines"][cost_cell(source)].comment.text


def test_columns_outside_the_table_kept(team: tuple[Path, Path, Path]) -> None:
    _, first, _ = team
    book = openpyxl.load_workbook(first)
    drivers = book["Drivers"]
    assert drivers["I3"].value == "notes" and drivers["I4"].value  # just outside the Table
    lines = book["CostLines"]
    header = [c.value for c in lines[1]]
    assert header.count("source") == 2
    first_source = header.index("source") + 1
    assert lines.cell(2, first_source).value.startswith("S251")  # the first source column
    assert lines.cell(2, len(header)).value == "second source 2"
    assert "a note with no header" in [c.value for c in lines[2]]


def test_tables_keep_their_place_and_names_are_defined(team: tuple[Path, Path, Path]) -> None:
    source, first, _ = team
    book = openpyxl.load_workbook(first)
    stored = openpyxl.load_workbook(first, data_only=True)
    original = openpyxl.load_workbook(source)
    assert book["Drivers"].tables["DriverTable"].ref == "B3:H10"
    assert book["Drivers"]["B1"].value.startswith("Demand drivers")
    assert "B1:E1" in {str(r) for r in book["Drivers"].merged_cells.ranges}
    assert book["Drivers"][DRIVER_CELL].value == original["Drivers"][DRIVER_CELL].value
    assert book["My sheet"]["A1"].value == f"=Drivers!{DRIVER_CELL}*2"
    assert stored["My sheet"]["A1"].value == 2 * original["Drivers"][DRIVER_CELL].value
    assert book.defined_names["ChildPop"].attr_text == "Populations!$C$2:$H$2"
    assert book["My sheet"]["A2"].value == "=SUM(ChildPop)"


def test_formulas_follow_the_tables_where_they_are(team: tuple[Path, Path, Path]) -> None:
    _, first, _ = team
    model = bm.read_workbook(first)
    book = Book.load(first)
    for key in [k for k in book.formulas if k[0] == "My sheet"]:  # a defined name: not modelled
        del book.formulas[key]
    checked = book.check(model.money_scale)
    assert checked.checked > 1000
    assert not checked.disagreements, checked.report()
    drivercalc = openpyxl.load_workbook(first)["DriverCalc"]
    refs = [c.value for row in drivercalc.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("Drivers!G" in r for r in refs)  # base volumes in column G since the move


def test_checks_say_what_happened(team: tuple[Path, Path, Path]) -> None:
    _, first, _ = team
    checks = pd.read_excel(first, sheet_name="Checks")
    carried = checks[checks["check"].str.startswith("Input sheets carried")]
    assert len(carried) == 1 and "Drivers" in carried["detail"].iloc[0]
    assert "defined name" in carried["detail"].iloc[0]
    detail = " ".join(checks["detail"])
    assert "e+00" not in detail and "£0.0k" in detail  # amounts in the money unit (£000)


def test_a_second_run_changes_nothing(team: tuple[Path, Path, Path]) -> None:
    source, first, second = team
    assert bm.read_workbook(first) == bm.read_workbook(source)
    assert bm.read_workbook(second) == bm.read_workbook(source)
    assert differences(first, second) == []


def test_the_sample_runs_twice_to_the_same_input_sheets(tmp_path: Path) -> None:
    first = bm.write_workbook(bm.load_sample().run(), tmp_path / "first.xlsx")
    again = bm.read_workbook(first)
    assert again == bm.load_sample()
    second = bm.write_workbook(again.run(), tmp_path / "second.xlsx")
    assert differences(first, second) == []


def test_the_models_values_are_written_formulas_kept(
    team: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """A model changed in Python: constants take its values, a formula keeps its text
    and stores the model's value, a new record goes below the last row."""
    source, _, _ = team
    model = bm.read_workbook(source)
    at = f"CostLines!{cost_cell(source)}"
    formula_line = next(x for x in model.cost_lines if x.where.get("base_cost") == at)
    line = next(x for x in model.cost_lines if x.base_cost and x is not formula_line)

    changed = model.replace_record(dataclasses.replace(line, base_cost=line.base_cost + 1.5))
    changed = changed.replace_record(
        dataclasses.replace(formula_line, base_cost=formula_line.base_cost + 2.5)
    )
    changed = changed.replace_record(
        bm.Funding("extra", [0, 1, 2, 3, 4, 5], name="New money", extra={"source": "Python"})
    )
    out = bm.write_workbook(changed.run(), tmp_path / "changed.xlsx")
    again = bm.read_workbook(out)
    assert again == changed
    book = openpyxl.load_workbook(out)
    assert book["CostLines"][cost_cell(source)].value == "='FT workings'!B3"
    funding = book["Funding"]
    assert funding.cell(funding.max_row, 1).value == "extra"


def test_a_sheet_that_changed_since_it_was_read_is_written_from_the_model(
    tmp_path: Path,
) -> None:
    source = team_workbook(tmp_path)
    model = bm.read_workbook(source)
    book = openpyxl.load_workbook(source)
    book["Funding"].insert_rows(2)  # the rows are no longer where they were read
    book.save(source)
    with pytest.warns(bm.BudgetModelWarning, match="Funding"):
        out = bm.write_workbook(model.run(), tmp_path / "r.xlsx")
    checks = pd.read_excel(out, sheet_name="Checks")
    assert checks["check"].str.contains("Input sheet Funding written from the model").any()
    assert bm.read_workbook(out) == model
    os.remove(source)
    with pytest.warns(bm.BudgetModelWarning, match="can no longer be read"):
        bm.write_workbook(model.run(), tmp_path / "r2.xlsx")


def test_rows_typed_below_a_table_are_written_inside_it(tmp_path: Path) -> None:

    def shorten(book: openpyxl.Workbook) -> None:
        book["Drivers"].tables["DriverTable"].ref = "B3:H9"  # the last driver typed below

    source = team_workbook(tmp_path, shorten)
    with pytest.warns(bm.BudgetModelWarning, match="DriverTable"):
        model = bm.read_workbook(source)
    with pytest.warns(bm.BudgetModelWarning, match="DriverTable"):
        out = bm.write_workbook(model.run(), tmp_path / "r.xlsx")
    assert openpyxl.load_workbook(out)["Drivers"].tables["DriverTable"].ref == "B3:H10"
    assert bm.read_workbook(out) == model


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=models())
def test_results_read_back_and_run_again_identically(model: bm.Model) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        first = bm.write_workbook(model.run(), Path(tmp) / "first.xlsx")
        again = bm.read_workbook(first)
        assert again == model
        second = bm.write_workbook(again.run(), Path(tmp) / "second.xlsx")
        assert bm.read_workbook(second) == model
        assert differences(first, second) == []
