"""The reader's bounds: a 100,000-row table, and a formatted empty cell at XFD1048576.

Each workbook is read (or refused) in a fresh process, which prints its wall time
and peak memory (VmHWM, the process's own high-water mark). Targets: within 30 s
and 1 GiB each. Exits 1 if a target is missed.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter

from budgetmodel._datasets import sample_path
from budgetmodel.excel.reader import read_sheets

ROWS = 100_000
SECONDS, MIB = 30.0, 1024.0

_READ = """
import json, sys, time, warnings
import budgetmodel as bm
warnings.simplefilter("ignore")
start = time.perf_counter()
try:
    model = bm.read_workbook(sys.argv[1])
    outcome = f"read: {len(model.drivers):,} drivers, {len(model.driver_assumptions):,} rows"
except bm.InputError as err:
    outcome = f"refused: {len(err.issues)} problem(s), first {err.issues[0]}"[:160]
seconds = time.perf_counter() - start
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024
print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mib": peak}))
"""


def big_table(path: Path) -> Path:
    """The sample with ROWS more growth drivers, each with a DriverAssumptions row."""
    sheets = read_sheets(sample_path())
    book = xlsxwriter.Workbook(str(path))  # shared strings, as Excel saves them
    for name, raw in sheets.items():
        ws = book.add_worksheet(name)
        rows: list[list[Any]] = [list(r) for r in raw.rows]
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if value is not None:
                    ws.write(i, j, value)
        n = len(rows)
        header = rows[0]
        if name == "Drivers":
            for k in range(ROWS):
                ws.write_row(
                    n + k, 0, [f"d{k:06d}", f"Driver {k}", "cases", "growth", None, 100 + k]
                )
        elif name == "DriverAssumptions":
            years = [j for j, h in enumerate(header) if str(h)[:2] == "20"]
            for k in range(ROWS):
                ws.write_string(n + k, 0, f"d{k:06d}")
                ws.write_string(n + k, 1, "growth")
                for j in years[1:]:
                    ws.write_number(n + k, j, 0.01 + (k % 7) / 1000)
    book.close()
    return path


def far_cell(path: Path) -> Path:
    """The sample with a formatted, empty cell at XFD1048576 on every sheet."""
    book = openpyxl.load_workbook(sample_path())
    for ws in book.worksheets:
        ws["XFD1048576"].number_format = "0.00"
    book.save(path)
    return path


def measure(path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _READ, str(path)],
        capture_output=True,
        text=True,
        timeout=5 * SECONDS,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def main() -> int:
    print(f"machine: {platform.machine()}, python {platform.python_version()}")
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for label, build in (
            (f"{ROWS:,}-row DriverAssumptions and Drivers tables", big_table),
            ("formatted empty cell at XFD1048576 on every sheet", far_cell),
        ):
            path = build(Path(tmp) / f"{build.__name__}.xlsx")
            got = measure(path)
            ok = got["seconds"] < SECONDS and got["peak_mib"] < MIB
            failed |= not ok
            print(
                f"{label} ({path.stat().st_size / 2**20:.1f} MiB file): {got['seconds']:.2f} s, "
                f"peak {got['peak_mib']:.0f} MiB (targets {SECONDS:.0f} s, {MIB:.0f} MiB) "
                f"{'ok' if ok else 'MISSED'}; {got['outcome']}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
