"""Workbook speed and memory: reading the sample, writing its full results workbook.

Targets on a 2-core machine: read under 0.5 s, write under 1.5 s. Prints the best of
five timings and the peak Python memory (tracemalloc) of each.
"""

from __future__ import annotations

import platform
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import budgetmodel as bm
from budgetmodel._datasets import sample_path


def measure(fn: Callable[[], object], repeat: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return min(times), peak / 2**20


def main() -> None:
    print(f"machine: {platform.machine()}, python {platform.python_version()}")
    path = sample_path()
    bm.read_workbook(path)  # warm imports
    read_s, read_mb = measure(lambda: bm.read_workbook(path))
    print(f"read the sample workbook: {read_s:.3f} s (target < 0.5 s), peak {read_mb:.1f} MiB")
    result = bm.load_sample().run()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "results.xlsx"
        bm.write_workbook(result, out)
        write_s, write_mb = measure(lambda: bm.write_workbook(result, out))
        size = out.stat().st_size / 1024
    print(
        f"write its results workbook: {write_s:.3f} s (target < 1.5 s), peak {write_mb:.1f} MiB,"
        f" {size:.0f} KiB"
    )


if __name__ == "__main__":
    main()
