"""The template: every contract sheet and column, explained in the Guide in the
template's own years, with dropdowns for the closed vocabularies; read back as
it is, it gives the one documented error, and with a scenario, an empty model."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

import budgetmodel as bm
from budgetmodel._spec import COST_PER, DISTRIBUTIONS, LINE_KINDS, METHODS
from budgetmodel.excel.layout import SETTINGS, SHEETS
from budgetmodel.excel.template import SHEET, YEARS, guide, write_template


def guide_rows(path: Path) -> list[tuple[str, str, str, str]]:
    sheet = openpyxl.load_workbook(path)["Guide"]
    rows = sheet.iter_rows(min_row=5, values_only=True)
    return [tuple(str(c or "") for c in r[:4]) for r in rows if r[0]]  # type: ignore[misc]


def dropdowns(path: Path, sheet: str) -> dict[str, str]:
    """Each header of ``sheet`` with a list validation, and the list."""
    ws = openpyxl.load_workbook(path)[sheet]
    header = {c.column_letter: c.value for c in ws[1]}
    out = {}
    for dv in ws.data_validations.dataValidation:
        letter = str(dv.sqref).split(":")[0].rstrip("0123456789")
        out[str(header[letter])] = str(dv.formula1)
    return out


@pytest.mark.parametrize("base_year", ["2025-26", "2013-14"])
def test_the_guide_explains_every_sheet_and_column_of_the_contract(base_year: str) -> None:
    years = [f"{int(base_year[:4]) + t}-{(int(base_year[:4]) + t + 1) % 100:02d}" for t in range(6)]
    rows = guide(years, "£000")
    named = {(sheet, column) for sheet, column, _, _ in rows}
    for layout in SHEETS.values():
        assert (layout.name, SHEET) in named, layout.name
        for column in layout.columns:
            assert (layout.name, column) in named, (layout.name, column)
        assert ((layout.name, YEARS) in named) == layout.years, layout.name
    for setting in SETTINGS:
        assert ("Settings", setting) in named, setting
    contract = {(s.name, c) for s in SHEETS.values() for c in (*s.columns, SHEET, YEARS)}
    contract |= {("Settings", s) for s in SETTINGS} | {("Any sheet", "source, notes")}
    assert named <= contract  # and nothing the contract does not have
    assert all(meaning for _, _, meaning, _ in rows)


@pytest.mark.parametrize(("base_year", "unit"), [("2013-14", "£"), ("2031-32", "£m")])
def test_the_guide_examples_are_in_the_templates_own_years_and_money_unit(
    tmp_path: Path, base_year: str, unit: str
) -> None:
    path = write_template(tmp_path / "t.xlsx", base_year=base_year, horizon=2, money_unit=unit)
    rows = guide_rows(path)
    years = [c.value for c in openpyxl.load_workbook(path)["Funding"][1]][2:5]
    assert rows == [tuple(r) for r in guide(years, unit)]
    text = " ".join(" ".join(r) for r in rows)
    assert set(re.findall(r"\b\d{4}-\d{2}\b", text)) == set(years)
    assert f"31 March {int(base_year[:4]) + 1}" in text
    weekly = next(r[3] for r in rows if r[:2] == ("CostLines", "unit_cost"))
    assert weekly.startswith({"£": "5,500 ", "£m": "0.0055 "}[unit])


def test_every_contract_sheet_and_column_is_in_the_template(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx", base_year="2025-26", horizon=3)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Guide", *SHEETS]
    years = ["2025-26", "2026-27", "2027-28", "2028-29"]
    for layout in SHEETS.values():
        header = [c.value for c in book[layout.name][1]]
        assert header == [*layout.columns, *(years if layout.years else []), "source"]
        assert book[layout.name].tables, layout.name
    settings = {r[0]: r[1] for r in book["Settings"].iter_rows(min_row=2, values_only=True)}
    assert list(settings) == list(SETTINGS)
    assert settings["discount_rate"] == 0.035


def test_the_closed_vocabularies_have_dropdowns(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx")
    lines = dropdowns(path, "CostLines")
    assert lines["kind"] == '"' + ",".join(LINE_KINDS) + '"'
    assert lines["cost_per"] == '"' + ",".join(COST_PER) + '"'
    assert (
        "sum" in METHODS and dropdowns(path, "Drivers")["method"] == '"' + ",".join(METHODS) + '"'
    )
    assert dropdowns(path, "Uncertainty")["distribution"] == '"' + ",".join(DISTRIBUTIONS) + '"'


def test_read_back_as_it_is_the_template_needs_a_scenario(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx", base_year="2025-26")
    with pytest.raises(bm.InputError) as err:
        bm.read_workbook(path)
    assert [i.where for i in err.value.issues] == ["Scenarios"]
    assert "at least one scenario" in str(err.value)


def test_with_one_scenario_the_template_is_an_empty_model_of_zero_budget(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx", base_year="2025-26", horizon=2)
    book = openpyxl.load_workbook(path)
    book["Scenarios"].append(["central", "flat", "none"])
    book["Inflation"].append(["flat", "prices", None, 0, 0])
    book.save(path)
    model = bm.read_workbook(path)
    assert (model.base_year, model.horizon, model.money_unit) == (2025, 2, "£000")
    assert model.discount_rate == 0.035
    assert not model.drivers and not model.cost_lines
    summary = model.run().summary
    assert summary["year"].tolist() == ["2025-26", "2026-27", "2027-28"]
    assert (
        summary[["gross_cash", "income_cash", "total_cash", "gap"]].to_numpy().tolist()
        == [[0.0] * 4] * 3
    )
