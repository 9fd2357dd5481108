"""A sample of the hostile corpus through the real command, in a subprocess: exit
status, one clean message, no traceback, no file written or left behind; and the
faults only a second process can show (a hung FIFO, two runs at once, a killed run)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

import budgetmodel as bm
from budgetmodel._datasets import sample_path

from ..hostile.commands import leftovers, snapshot


def budgetmodel(*args: object, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "budgetmodel", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "in.xlsx"
    path.write_bytes(Path(sample_path()).read_bytes())
    return path


def refused_cleanly(done: subprocess.CompletedProcess[str], status: int = 2) -> None:
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("budgetmodel") or done.stderr.startswith("usage")


def test_bad_cell_names_sheet_and_cell(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(sample_path())
    book["Drivers"]["F2"] = "--286100"
    book["Funding"].merge_cells("C2:E2")
    book.save(tmp_path / "bad.xlsx")
    before = snapshot(tmp_path)
    done = budgetmodel(
        "run", tmp_path / "bad.xlsx", "--out", tmp_path / "r.xlsx", "--csv", tmp_path
    )
    refused_cleanly(done)
    assert "Funding!C2" in done.stderr
    assert snapshot(tmp_path) == before


def test_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "in.xlsx")
    start = time.perf_counter()
    done = budgetmodel("run", tmp_path / "in.xlsx", timeout=30)
    refused_cleanly(done)
    assert "FIFO" in done.stderr and time.perf_counter() - start < 30


@pytest.mark.parametrize("draws", ["2000000000", "0"])
def test_simulate_draws_out_of_bounds(workbook: Path, draws: str) -> None:
    done = budgetmodel("simulate", workbook, "--draws", draws)
    refused_cleanly(done)
    assert "10,000,000" in done.stderr


def test_template_over_a_filled_workbook_and_bad_base_year(workbook: Path) -> None:
    before = workbook.read_bytes()
    refused_cleanly(budgetmodel("template", workbook))
    done = budgetmodel("template", workbook.with_name("t.xlsx"), "--base-year", "FY-banana")
    refused_cleanly(done)
    assert "--base-year" in done.stderr
    assert workbook.read_bytes() == before
    assert not workbook.with_name("t.xlsx").exists()


def test_output_equal_to_input_is_refused_before_any_work(workbook: Path) -> None:
    before = workbook.read_bytes()
    refused_cleanly(budgetmodel("run", workbook, "--out", workbook))
    assert workbook.read_bytes() == before


def test_two_runs_on_one_output(workbook: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "budgetmodel", "run", str(workbook)]
    command += ["--out", str(out / "results.xlsx"), "--csv", str(out / "csv")]
    runs = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)]
    runs.append(
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    )
    results = []
    for p in runs:
        _, stderr = p.communicate(timeout=120)
        results.append((p.returncode, stderr))
    for status, stderr in results:
        assert status in (0, 1), stderr
        assert "Traceback" not in stderr
        if status == 1:
            assert "another budgetmodel run" in stderr
    assert any(status == 0 for status, _ in results)
    assert bm.read_workbook(out / "results.xlsx") == bm.load_sample()
    assert not leftovers(tmp_path)


def test_a_killed_run_leaves_nothing_the_next_run_keeps(workbook: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.xlsx").write_bytes(b"earlier results")
    command = [sys.executable, "-m", "budgetmodel", "run", str(workbook)]
    command += ["--out", str(out / "results.xlsx"), "--csv", str(out / "csv")]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not list(out.glob(".*-bm*")) and run.poll() is None:
        time.sleep(0.002)
    run.send_signal(signal.SIGKILL)
    run.wait()
    if run.returncode == 0:
        pytest.skip("the run finished before it could be killed")
    assert (out / "results.xlsx").read_bytes() == b"earlier results"  # never half-replaced
    done = budgetmodel(*command[3:])
    assert done.returncode == 0, done.stderr
    assert not leftovers(tmp_path)
    assert bm.read_workbook(out / "results.xlsx") == bm.load_sample()


def test_unexpected_error_is_one_line_and_debug_shows_the_traceback(workbook: Path) -> None:
    code = (
        "import sys, budgetmodel as bm\n"
        "from budgetmodel.cli import main\n"
        "def boom(*a, **k):\n    raise RuntimeError('boom')\n"
        "bm.Model.run = boom\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    plain = subprocess.run(
        [sys.executable, "-c", code, "run", str(workbook)], capture_output=True, text=True
    )
    refused_cleanly(plain, status=1)
    assert len(plain.stderr.strip().splitlines()) == 1 and "--debug" in plain.stderr
    debug = subprocess.run(
        [sys.executable, "-c", code, "run", str(workbook), "--debug"],
        capture_output=True,
        text=True,
    )
    assert debug.returncode == 1 and "Traceback" in debug.stderr and "RuntimeError" in debug.stderr
