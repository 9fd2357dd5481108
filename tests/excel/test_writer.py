"""The results workbook: numbers, round trip, carried sheets, text, safe writing."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.comments import Comment

import budgetmodel as bm
from budgetmodel._datasets import sample_path
from budgetmodel.excel.template import write_template
from budgetmodel.excel.writer import RESULT_SHEETS


@pytest.fixture(scope="module")
def sample_result() -> bm.Result:
    return bm.load_sample().run()


@pytest.fixture(scope="module")
def results_file(tmp_path_factory: pytest.TempPathFactory, sample_result: bm.Result) -> Path:
    return bm.write_workbook(sample_result, tmp_path_factory.mktemp("w") / "results.xlsx")


def test_pandas_reads_the_engine_numbers(results_file: Path, sample_result: bm.Result) -> None:
    summary = pd.read_excel(results_file, sheet_name="Summary")
    totals = summary[summary["measure"] == "Total budget (cash)"]
    expected = sample_result.summary.pivot(index="scenario", columns="year", values="total_cash")
    for _, row in totals.iterrows():
        for year in sample_result.years:
            # the sample's money unit is £000
            assert row[year] * 1000 == pytest.approx(expected.loc[row["scenario"], year], rel=1e-12)
    budget = pd.read_excel(results_file, sheet_name="Budget")
    lines = sample_result.lines
    last = sample_result.years[-1]
    items = budget[~budget["kind"].isin(["subtotal", "total"])]
    for scenario in sample_result.scenarios:
        got = items.loc[items["scenario"] == scenario, last].sum() * 1000
        want = lines.query("scenario == @scenario and year == @last")["cash"].sum()
        assert got == pytest.approx(want, rel=1e-12)
        # every line and initiative sits under its service area's subtotal
        mine = budget[budget["scenario"] == scenario]
        for _, rows in mine[mine["kind"] != "total"].groupby("service_area"):
            subtotal = rows[rows["kind"] == "subtotal"][last]
            if len(subtotal):
                detail = rows[rows["kind"].isin(["baseline", "one_off", "recurring", "saving"])]
                assert float(subtotal.iloc[0]) == pytest.approx(detail[last].sum(), rel=1e-12)


def test_sheets_and_order(results_file: Path) -> None:
    names = openpyxl.load_workbook(results_file, read_only=True).sheetnames
    assert names[: len(RESULT_SHEETS)] == list(RESULT_SHEETS)
    assert {"Settings", "Drivers", "CostLines", "Scenarios"} <= set(names)


def test_round_trip_gives_the_same_model_and_numbers(
    results_file: Path, sample_result: bm.Result
) -> None:
    again = bm.read_workbook(results_file)
    assert again == sample_result.model
    assert again.cost_lines[0].extra == sample_result.model.cost_lines[0].extra  # source kept
    rerun = again.run()
    for frame in ("lines", "drivers", "bridge", "summary"):
        pd.testing.assert_frame_equal(getattr(rerun, frame), getattr(sample_result, frame))


def test_an_edit_in_the_results_workbook_is_honoured(
    results_file: Path, tmp_path: Path, sample_result: bm.Result
) -> None:
    book = openpyxl.load_workbook(results_file)
    ws = book["Funding"]
    header = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "base")
    for year in sample_result.years:
        cell = ws.cell(row, header.index(year) + 1)
        cell.value = cell.value + 1000  # £000: one million pounds more in every year
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    before = sample_result.summary
    after = bm.read_workbook(edited).run().summary
    assert (after["funding"] - before["funding"]).tolist() == pytest.approx([1e6] * len(before))
    assert (after["gap"] - before["gap"]).tolist() == pytest.approx([-1e6] * len(before))
    assert after["total_cash"].tolist() == before["total_cash"].tolist()


def user_workbook(tmp_path: Path) -> Path:
    """The sample plus a user's sheet of notes and their own calculations."""
    book = openpyxl.load_workbook(sample_path())
    ws = book.create_sheet("My workings")
    ws["A1"] = "Residential base cost, doubled"
    ws["A1"].comment = Comment("Check with the finance business partner", "Analyst")
    header = [c.value for c in book["CostLines"][1]]
    row = next(r for r in range(2, 40) if book["CostLines"].cell(r, 1).value == "residential_care")
    ref = f"CostLines!{openpyxl.utils.get_column_letter(header.index('base_cost') + 1)}{row}"
    ws["B1"] = f"={ref}*2"
    ws["B1"].number_format = "#,##0.000"
    ws["B2"] = 0.125
    ws["B2"].number_format = "0.0%"
    ws.merge_cells("A4:C4")
    ws["A4"] = "A merged heading"
    ws.column_dimensions["A"].width = 38
    path = tmp_path / "input.xlsx"
    book.save(path)
    return path


def test_user_sheets_travel(tmp_path: Path) -> None:
    model = bm.read_workbook(user_workbook(tmp_path))
    out = bm.write_workbook(model.run(), tmp_path / "results.xlsx")
    book = openpyxl.load_workbook(out)
    ws = book["My workings"]
    assert ws["A1"].value == "Residential base cost, doubled"
    assert ws["A1"].comment is not None and "business partner" in ws["A1"].comment.text
    assert ws["B1"].value.startswith("=CostLines!") and ws["B1"].value.endswith("*2")
    assert ws["B1"].number_format == "#,##0.000"
    assert ws["B2"].value == 0.125 and ws["B2"].number_format == "0.0%"
    assert "A4:C4" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.column_dimensions["A"].width == pytest.approx(38, abs=1)
    # the formula still points at the same assumption: the input sheets keep their layout
    target = ws["B1"].value[1:-2]
    sheet, cell = target.split("!")
    assert book[sheet][cell].value == pytest.approx(25829.231)


def test_what_cannot_travel_is_named(tmp_path: Path) -> None:
    from openpyxl.chart import BarChart, Reference

    book = openpyxl.load_workbook(user_workbook(tmp_path))
    ws = book["My workings"]
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=2))
    ws.add_chart(chart, "E2")
    path = tmp_path / "with_chart.xlsx"
    book.save(path)
    result = bm.read_workbook(path).run()
    with pytest.warns(bm.BudgetModelWarning, match="chart"):
        out = bm.write_workbook(result, tmp_path / "results.xlsx")
    checks = pd.read_excel(out, sheet_name="Checks")
    assert checks["detail"].str.contains("My workings").any()


def test_text_stays_text(tmp_path: Path) -> None:
    names = ['=HYPERLINK("http://example.com","x")', "+1+1", "@SUM(A1:A2)", "-2+3"]
    model = bm.Model(
        base_year=2020,
        horizon=1,
        drivers=[bm.Driver("d", "growth", 1, name=names[0])],
        cost_lines=[bm.CostLine("c", "fixed", base_cost=1, name=names[1], service_area=names[2])],
        inflation=[bm.InflationRate("i", "p", 0.0)],
        funding=[bm.Funding("f", 1, name=names[3])],
        scenarios=[bm.Scenario("s", "i", description=names[0])],
    )
    out = bm.write_workbook(model.run(), tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(out)
    found = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in names:
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    found.add(cell.value)
    assert found == set(names)
    assert bm.read_workbook(out) == model


def test_failure_leaves_the_previous_file_untouched(
    tmp_path: Path, sample_result: bm.Result, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "results.xlsx"
    target.write_bytes(b"previous contents")
    import budgetmodel.excel.writer as writer

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer, "input_tables", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        bm.write_workbook(sample_result, target)
    assert target.read_bytes() == b"previous contents"
    assert [p.name for p in tmp_path.iterdir()] == ["results.xlsx"]


def test_refuses_to_overwrite_the_input_workbook(tmp_path: Path) -> None:
    path = user_workbook(tmp_path)
    before = path.read_bytes()
    result = bm.read_workbook(path).run()
    with pytest.raises(bm.BudgetModelError, match="input workbook"):
        bm.write_workbook(result, path)
    assert path.read_bytes() == before


def test_template(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx", base_year="2013/14", horizon=3)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "Guide"
    for name in ("Settings", "Drivers", "CostLines", "Improvement", "Effects", "Scenarios"):
        assert book[name].tables, name
    years = [c.value for c in book["Funding"][1]][2:6]
    assert years == ["2013-14", "2014-15", "2015-16", "2016-17"]
    methods = [dv.formula1 for dv in book["Drivers"].data_validations.dataValidation]
    assert any("stock_flow" in (f or "") for f in methods)
    with pytest.raises(bm.InputError) as err:
        bm.read_workbook(path)
    assert [i.where for i in err.value.issues] == ["Scenarios"]


def test_cli_run_out_and_template(tmp_path: Path) -> None:
    from budgetmodel.cli import main

    assert main(["template", str(tmp_path / "t.xlsx"), "--base-year", "2013-14"]) == 0
    assert main(["run", sample_path(), "--out", str(tmp_path / "r.xlsx")]) == 0
    assert bm.read_workbook(tmp_path / "r.xlsx") == bm.load_sample()
    assert main(["run", str(tmp_path / "r.xlsx"), "--out", str(tmp_path / "r.xlsx")]) == 2
