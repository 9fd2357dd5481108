"""The reader's bounds and notes: rows below a short Table, the row and column
limits, a far-away formatted cell, and names drawn as typed in the pack."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.table import Table

import budgetmodel as bm
from budgetmodel._datasets import sample_path
from budgetmodel.excel import reader


def short_table(tmp_path: Path) -> Path:
    book = openpyxl.load_workbook(sample_path())
    ws = book["CostLines"]
    for name in list(ws.tables):  # the sample's own Table, replaced by a short one
        del ws.tables[name]
    ws.add_table(
        Table(displayName="tbl_CostLines", ref=f"A1:{ws.cell(1, ws.max_column).column_letter}4")
    )
    path = tmp_path / "short.xlsx"
    book.save(path)
    return path


def test_rows_below_a_short_table_are_read_and_noted(tmp_path: Path) -> None:
    path = short_table(tmp_path)
    with pytest.warns(bm.BudgetModelWarning, match="rows 5 to 14, typed directly below"):
        model = bm.read_workbook(path)
    assert model == bm.load_sample()
    assert reader.read_notes(path) == [
        "the Table tbl_CostLines on CostLines (A1:L4): rows 5 to 14, typed directly below it, "
        "were read as part of the table"
    ]
    with pytest.warns(bm.BudgetModelWarning) as caught:
        written = bm.write_workbook(model.run(), tmp_path / "results.xlsx")
    assert any("short range of the Table" in str(w.message) for w in caught)
    checks = [r[2] for r in openpyxl.load_workbook(written)["Checks"].iter_rows(values_only=True)]
    assert any("short range of the Table tbl_CostLines" in str(c) for c in checks)


def test_row_and_column_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_ROWS", 5)
    monkeypatch.setattr(reader, "MAX_COLUMNS", 20)
    with pytest.raises(bm.InputError) as err:
        bm.read_workbook(sample_path())
    found = {i.where: i.found for i in err.value.issues}
    assert found["CostLines!A7"] == "a table of 13 rows"
    book = openpyxl.load_workbook(sample_path())
    for name in list(book["Funding"].tables):  # a plain range, read as far as it goes
        del book["Funding"].tables[name]
    book["Funding"]["Z3"] = "note"
    book.save(tmp_path / "wide.xlsx")
    with pytest.raises(bm.InputError) as err:
        bm.read_workbook(tmp_path / "wide.xlsx")
    assert "Funding!Z3" in [i.where for i in err.value.issues]


def test_far_away_formatted_cell_is_read_in_bounded_time_and_memory(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(sample_path())
    for ws in book.worksheets:
        ws["XFD1048576"].number_format = "0.00"
    path = tmp_path / "far.xlsx"
    book.save(path)
    code = f"""
import json, time, budgetmodel as bm
start = time.perf_counter()
same = bm.read_workbook({str(path)!r}) == bm.load_sample()
seconds = time.perf_counter() - start
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024
print(json.dumps({{"same": same, "seconds": seconds, "peak_mb": peak}}))
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    got = json.loads(done.stdout)
    assert got["same"] and got["seconds"] < 10 and got["peak_mb"] < 1024


def test_dollar_names_are_drawn_as_typed_in_the_pack(tmp_path: Path) -> None:
    from budgetmodel.report import write_pack

    from ..factories import hand_model
    from ..hostile.commands import DOLLAR_SCENARIOS

    result = hand_model(scenarios=DOLLAR_SCENARIOS).run()
    assert write_pack(result, tmp_path / "pack.pdf") > 2


def test_csv_numbers_are_never_escaped(tmp_path: Path) -> None:
    import pandas as pd

    from budgetmodel._export import write_csv

    from ..factories import hand_model

    model = hand_model(scenarios=[bm.Scenario("-5% case", "central", "all")])
    result = model.run()
    write_csv(result, tmp_path)
    back = pd.read_csv(tmp_path / "summary.csv")
    assert set(back["scenario"]) == {"'-5% case"}
    assert (back["gap"].to_numpy() == result.summary["gap"].to_numpy()).all()
    lines = pd.read_csv(tmp_path / "lines.csv")
    assert (lines["cash"] < 0).any()  # savings: negative numbers stay numbers
    assert (lines["cash"].to_numpy() == result.lines["cash"].to_numpy()).all()
