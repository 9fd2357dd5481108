"""``read_workbook`` on malformed workbooks (DESIGN.md, "Workbook contract"): each
mutation of the contract's sheets must give one ``InputError`` naming the right
``Sheet!Cell``; files that are not workbooks or do not exist are named too.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import budgetmodel as bm

from .reading import (
    ExcelError,
    Sheets,
    assert_same_model,
    assert_same_results,
    drop_column,
    issues_at,
    issues_of,
    layout,
    put,
    read_back,
    write_xlsx,
)


def _missing_sheet(s: Sheets) -> None:
    s["Driver"] = s.pop("Drivers")


def _missing_column(s: Sheets) -> None:
    drop_column(s, "Drivers", "method")


def _unknown_driver(s: Sheets) -> None:
    put(s, "CostLines!E2", "claa", "placements", "driver_id")


def _share_basis_population(s: Sheets) -> None:
    put(s, "Drivers!E3", "children", "resi", "basis")


def _rate_basis_driver(s: Sheets) -> None:
    put(s, "Drivers!E2", "cin", "cla", "basis")


def _share_cycle(s: Sheets) -> None:
    s["Drivers"] += [
        ["loop_a", "", "", "share", "loop_b", 10],
        ["loop_b", "", "", "share", "loop_a", 20],
    ]


def _duplicate_driver(s: Sheets) -> None:
    s["Drivers"].append(["cin", "Children in need again", "cases", "growth", None, 10])


def _duplicate_line(s: Sheets) -> None:
    s["CostLines"].append(
        ["management", "Management", "Support", "fixed", None, "pay", None, 100, None, None]
    )


def _line_is_initiative(s: Sheets) -> None:
    put(s, "Improvement!A3", "management", "it", "initiative_id")


def _missing_year_column(s: Sheets) -> None:
    drop_column(s, "Populations", "2016-17")


def _bad_year_label(s: Sheets) -> None:
    put(s, "Funding!D1", "2015-17", "funding_id", "2015-16")


def _unknown_inflation_scenario(s: Sheets) -> None:
    put(s, "Scenarios!B4", "hgh", "high", "inflation_scenario")


def _unknown_initiative(s: Sheets) -> None:
    put(s, "Scenarios!C4", "early_help, edgy", "high", "initiatives")


def _negative_base_volume(s: Sheets) -> None:
    put(s, "Drivers!F4", -5, "cin", "base_volume")


def _phasing_above_one(s: Sheets) -> None:
    put(s, "Effects!F2", 1.5, "early_help", "2016-17")


def _exit_rate_above_one(s: Sheets) -> None:
    put(s, "DriverAssumptions!D6", 1.2, "cp", "2015-16")


def _zero_caseload(s: Sheets) -> None:
    put(s, "CostAssumptions!E2", 0, "social_workers", "2016-17")


def _excel_error(s: Sheets) -> None:
    put(s, "Populations!D2", ExcelError("#DIV/0!"), "children", "2015-16")


def _blank_row(s: Sheets) -> None:
    s["Drivers"].insert(3, [None] * len(s["Drivers"][0]))


def _blank_entries(s: Sheets) -> None:
    put(s, "DriverAssumptions!E5", None, "cp", "2016-17")


def _base_year_in_a_flow(s: Sheets) -> None:
    put(s, "DriverAssumptions!C4", 0.1, "cin", "2014-15")


def _unknown_override_scenario(s: Sheets) -> None:
    put(s, "Overrides!A2", "hihg", "high", "scenario")


def _wrong_parameter(s: Sheets) -> None:
    put(s, "DriverAssumptions!B4", "share", "cin", "parameter")


def _column_twice(s: Sheets) -> None:
    s["Drivers"][0].append("Base Volume")
    for row in s["Drivers"][1:]:
        row.append(row[5])


# (mutation, where, words that the issue's text must contain)
MALFORMED: dict[str, tuple[Callable[[Sheets], None], str, tuple[str, ...]]] = {
    "missing sheet": (_missing_sheet, "Drivers", ("'Driver'",)),
    "missing column": (_missing_column, "Drivers!A1", ("method",)),
    "unknown driver": (_unknown_driver, "CostLines!E2", ("claa",)),
    "share basis is a population": (_share_basis_population, "Drivers!E3", ("children",)),
    "rate basis is a driver": (_rate_basis_driver, "Drivers!E2", ("cin",)),
    "line id is an initiative id": (_line_is_initiative, "Improvement!A3", ("management",)),
    "missing year column": (_missing_year_column, "Populations!A1", ("2016-17",)),
    "bad year label": (_bad_year_label, "Funding!D1", ("2015-17",)),
    "unknown inflation scenario": (_unknown_inflation_scenario, "Scenarios!B4", ("hgh",)),
    "unknown initiative": (_unknown_initiative, "Scenarios!C4", ("edgy",)),
    "negative base volume": (_negative_base_volume, "Drivers!F4", ("-5",)),
    "phasing above 1": (_phasing_above_one, "Effects!F2", ("1.5",)),
    "exit rate above 1": (_exit_rate_above_one, "DriverAssumptions!D6", ("1.2",)),
    "zero caseload": (_zero_caseload, "CostAssumptions!E2", ("caseload",)),
    "excel error": (_excel_error, "Populations!D2", ("#DIV/0!",)),
    "blank row": (_blank_row, "Drivers!A4", ("blank",)),
    "blank required cell": (_blank_entries, "DriverAssumptions!E5", ("blank",)),
    "base year in a flow": (_base_year_in_a_flow, "DriverAssumptions!C4", ("0.1",)),
    "unknown override scenario": (_unknown_override_scenario, "Overrides!A2", ("hihg",)),
    "wrong parameter": (_wrong_parameter, "DriverAssumptions!B4", ("share",)),
    "column twice": (_column_twice, "Drivers!G1", ("twice",)),
}


class TestMalformed:
    @pytest.mark.parametrize("case", list(MALFORMED))
    def test_issue_names_the_cell(self, tmp_path: Path, built: bm.Model, case: str) -> None:
        mutate, where, words = MALFORMED[case]
        sheets = layout(built)
        mutate(sheets)
        issues = issues_at(issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets)), where)
        text = " ".join(f"{i.found} {i.expected} {i.hint}" for i in issues)
        for word in words:
            assert word in text, text

    def test_missing_sheet_hint_names_the_nearest_sheet(
        self, tmp_path: Path, built: bm.Model
    ) -> None:
        sheets = layout(built)
        _missing_sheet(sheets)
        (issue,) = issues_at(issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets)), "Drivers")
        assert "'Driver'" in issue.hint and "Drivers" in issue.expected

    def test_two_columns_for_one_year(self, tmp_path: Path, built: bm.Model) -> None:
        sheets = layout(built)
        sheets["Populations"][0].append("2015/16")
        sheets["Populations"][1].append(999_999)
        (issue,) = issues_at(issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets)), "Populations!G1")
        assert "2015-16" in issue.found + issue.expected

    def test_cycle_of_share_drivers(self, tmp_path: Path, built: bm.Model) -> None:
        sheets = layout(built)
        _share_cycle(sheets)
        issues = issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets))
        cycle = [i for i in issues if "loop_a" in i.found and "loop_b" in i.found]
        assert len(cycle) == 1, issues
        assert cycle[0].where in ("Drivers!E7", "Drivers!E8")

    @pytest.mark.parametrize(
        ("mutate", "rows", "key"),
        [
            (_duplicate_driver, ("Drivers!A4", "Drivers!A7"), "cin"),
            (_duplicate_line, ("CostLines!A5", "CostLines!A7"), "management"),
        ],
    )
    def test_duplicate_ids(
        self,
        tmp_path: Path,
        built: bm.Model,
        mutate: Callable[[Sheets], None],
        rows: tuple[str, str],
        key: str,
    ) -> None:
        sheets = layout(built)
        mutate(sheets)
        issues = issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets))
        duplicate = [i for i in issues if " again (first at " in i.found]
        assert len(duplicate) == 1 and key in duplicate[0].found, issues
        assert duplicate[0].where in rows

    def test_problem_inside_a_table_away_from_a1(self, tmp_path: Path, built: bm.Model) -> None:
        sheets = layout(built)
        _negative_base_volume(sheets)  # Drivers!F4 when the table starts at A1
        _phasing_above_one(sheets)  # Effects!F2
        path = write_xlsx(tmp_path / "bad.xlsx", sheets, tables=True, at=(2, 2), above="title")
        issues = issues_of(path)
        issues_at(issues, "Drivers!H6")
        issues_at(issues, "Effects!H4")

    def test_blank_row_inside_an_excel_table(self, tmp_path: Path, built: bm.Model) -> None:
        sheets = layout(built)
        _blank_row(sheets)
        issues_at(issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets, tables=True)), "Drivers!A4")

    def test_blank_rows_after_a_table_are_not_an_error(
        self, tmp_path: Path, built: bm.Model
    ) -> None:
        sheets = layout(built)
        sheets["Drivers"].append([None] * 6)
        sheets["Drivers"].append(["", " ", None, None, None, None])
        assert_same_model(read_back(tmp_path, sheets), built)

    def test_several_problems_in_one_error(self, tmp_path: Path, built: bm.Model) -> None:
        sheets = layout(built)
        cases = [
            "negative base volume",
            "phasing above 1",
            "zero caseload",
            "unknown inflation scenario",
            "excel error",
            "unknown driver",
            "line id is an initiative id",
            "bad year label",
        ]
        for case in cases:
            MALFORMED[case][0](sheets)
        issues = issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets))
        for case in cases:
            issues_at(issues, MALFORMED[case][1])

    def test_a_missing_column_is_one_problem(self, tmp_path: Path, built: bm.Model) -> None:
        sheets = layout(built)
        _missing_column(sheets)
        issues = issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets))
        assert len(issues) == 1, "\n".join(map(str, issues))

    @pytest.mark.parametrize("case", ["missing column", "missing year column"])
    def test_every_issue_names_a_cell(self, tmp_path: Path, built: bm.Model, case: str) -> None:
        sheets = layout(built)
        MALFORMED[case][0](sheets)
        issues = issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets))
        assert all(re.fullmatch(r"[A-Za-z]+![A-Z]+\d+", i.where) for i in issues), "\n".join(
            map(str, issues)
        )

    def test_every_issue_names_a_cell_for_cell_problems(
        self, tmp_path: Path, built: bm.Model
    ) -> None:
        sheets = layout(built)
        for case in (
            "negative base volume",
            "phasing above 1",
            "zero caseload",
            "excel error",
            "unknown driver",
            "exit rate above 1",
            "unknown initiative",
        ):
            MALFORMED[case][0](sheets)
        issues = issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets))
        assert all(re.fullmatch(r"[A-Za-z]+![A-Z]+\d+", i.where) for i in issues), "\n".join(
            map(str, issues)
        )

    def test_not_an_xlsx_file(self, tmp_path: Path) -> None:
        path = tmp_path / "model.xlsx"
        path.write_text("setting,value\nbase_year,2014-15\n", encoding="utf-8")
        (issue,) = issues_of(path)
        assert issue.where == str(path)

    def test_a_zip_that_is_not_a_workbook(self, tmp_path: Path) -> None:
        path = tmp_path / "model.xlsx"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("hello.txt", "not a workbook")
        (issue,) = issues_of(path)
        assert issue.where == str(path)

    def test_missing_file(self, tmp_path: Path) -> None:
        path = tmp_path / "nowhere.xlsx"
        (issue,) = issues_of(path)
        assert issue.where == str(path)
        assert "no such file" in issue.found


def test_blank_initiatives_mean_the_same_in_python_and_in_a_workbook(tmp_path: Path) -> None:
    """A scenario whose ``initiatives`` is blank is either an error in both ways in, or
    the same scenario in both."""
    kwargs: dict[str, Any] = dict(
        base_year=2014,
        horizon=1,
        drivers=[bm.Driver("a", "growth", 10)],
        cost_lines=[bm.CostLine("l", "activity", "none", driver_id="a", unit_cost=1)],
        improvements=[bm.Improvement("x", "one_off", [5])],
        inflation=[bm.InflationRate("c", "p", 0.0)],
    )
    sheets = layout(bm.Model(**kwargs, scenarios=[bm.Scenario("s", "c", "all")]))
    put(sheets, "Scenarios!C2", None, "s", "initiatives")
    try:
        built = bm.Model(**kwargs, scenarios=[bm.Scenario("s", "c", "")])
    except bm.InputError:
        issues_at(issues_of(write_xlsx(tmp_path / "blank.xlsx", sheets)), "Scenarios!C2")
    else:
        assert_same_results(read_back(tmp_path, sheets).run(), built.run())


def test_input_error_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="nowhere"):
        bm.read_workbook(tmp_path / "nowhere.xlsx")


def test_read_result_arrays_are_finite(tmp_path: Path, built: bm.Model) -> None:
    summary = read_back(tmp_path, layout(built)).run().summary
    assert np.isfinite(summary[["total_cash", "total_real", "gap"]].to_numpy()).all()
