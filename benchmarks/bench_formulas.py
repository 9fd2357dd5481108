"""The results workbook's live formulas: how many, and LibreOffice's full
recalculation time for the sample beside the engine's run time."""

from __future__ import annotations

import platform
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

import budgetmodel as bm

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.libreoffice import recalculate, soffice


def main() -> None:
    print(f"machine: {platform.machine()}, python {platform.python_version()}")
    model = bm.load_sample()
    model.run()
    start = time.perf_counter()
    for _ in range(20):
        result = model.run()
    run_s = (time.perf_counter() - start) / 20
    with tempfile.TemporaryDirectory() as tmp:
        path = bm.write_workbook(result, Path(tmp) / "sample_results.xlsx")
        book = openpyxl.load_workbook(path)
        count = sum(
            1 for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"
        )
        print(f"formulas in the sample's results workbook: {count:,}")
        print(f"engine run of the sample (3 scenarios): {run_s * 1e3:.1f} ms")
        if soffice() is None:
            print("LibreOffice not installed: recalculation not timed")
            return
        recalculate([path], Path(tmp) / "warm")  # first start builds the profile caches
        start = time.perf_counter()
        recalculate([path], Path(tmp) / "out")
        print(
            f"LibreOffice: open, recalculate every formula and save: "
            f"{time.perf_counter() - start:.2f} s (includes starting LibreOffice)"
        )


if __name__ == "__main__":
    main()
