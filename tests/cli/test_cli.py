"""The command line: outputs, exit status and messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import budgetmodel as bm
from budgetmodel._datasets import sample_path
from budgetmodel.cli import main


def bad_sample(tmp_path: Path) -> Path:
    """The sample with two problems: a negative base volume and an unknown method."""
    book = openpyxl.load_workbook(sample_path())
    ws = book["Drivers"]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("base_volume") + 1, value=-5)
    ws.cell(row=3, column=header.index("method") + 1, value="grwoth")
    path = tmp_path / "bad.xlsx"
    book.save(path)
    return path


def test_run_writes_csvs_at_full_precision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", sample_path(), "--csv", str(tmp_path / "csv")]) == 0
    result = bm.load_sample().run()
    for name in ("lines", "drivers", "bridge", "summary"):
        back = pd.read_csv(tmp_path / "csv" / f"{name}.csv")
        expected = getattr(result, name)
        assert list(back.columns) == list(expected.columns)
        numeric = expected.select_dtypes("number").columns
        assert (back[numeric].to_numpy() == expected[numeric].to_numpy()).all(), name
    out = capsys.readouterr().out
    assert "Improvement plan" in out and "£m" in out


def test_demo_prints_summary_and_writes_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    total_2013 = bm.load_sample().run().summary["total_cash"].iloc[0] / 1e6
    assert f"{total_2013:.1f}" in out  # 165.0
    for scenario in ("No plan", "Improvement plan", "Plan, outturn inflation"):
        assert scenario in out
    assert (tmp_path / "csv" / "summary.csv").exists()


def test_bad_input_exits_2_with_every_problem_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = bad_sample(tmp_path)
    out_dir = tmp_path / "csv"
    assert main(["run", str(path), "--csv", str(out_dir)]) == 2
    err = capsys.readouterr().err
    assert "Drivers!F2" in err and "-5" in err
    assert "Drivers!D3" in err and "grwoth" in err
    assert "Traceback" not in err
    assert not out_dir.exists()


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(tmp_path / "nope.xlsx")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_not_a_workbook_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "data.xlsx"
    path.write_text("a,b\n1,2\n")
    assert main(["run", str(path)]) == 2
    assert "not an .xlsx workbook" in capsys.readouterr().err


def test_module_entry_point(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "budgetmodel", "run", str(bad_sample(tmp_path))],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "2 problems in the input" in done.stderr
    assert "Traceback" not in done.stderr
