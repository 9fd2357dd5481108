"""Chart and pack speed: the Birmingham sample's whole report, and each chart.

Prints the best of three timings (seconds). Target on a 2-core machine: every
chart as PNG and SVG plus the ten-page ``pack.pdf`` under 3 s. The per-chart
lines split that time: laying out the page, then writing the PDF page, SVG and PNG.
"""

from __future__ import annotations

import functools
import io
import os
import platform
import tempfile
import time
from collections.abc import Callable

import matplotlib

import budgetmodel as bm
from budgetmodel import report
from budgetmodel.plotting import pages


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"{os.cpu_count()} cores, python {platform.python_version()}, "
        f"matplotlib {matplotlib.__version__}; load average {os.getloadavg()[0]:.2f}"
    )
    result = bm.load_sample().run()
    with tempfile.TemporaryDirectory() as folder:
        report.write_report(result, folder)  # warm imports and font caches
        whole = best(lambda: report.write_report(result, folder))
        files = len(list(os.scandir(folder)))
    print(
        f"sample report, {files} files (every chart as PNG and SVG, pack.pdf): "
        f"{whole:.2f} s (target < 3 s)"
    )
    charts = report.pack_charts(result)
    for number, chart in enumerate(charts, start=3):
        timings: dict[str, float] = {}

        def page(chart: report.Chart = chart, number: int = number) -> None:
            pages.chart_page(result, chart, number, len(charts) + 2)

        timings["layout"] = best(page)
        built, box = pages.chart_page(result, chart, number, len(charts) + 2)
        for fmt in ("pdf", "svg", "png"):
            save = functools.partial(report._save, built, fmt=fmt, dpi=120, box=box)
            timings[fmt] = best(lambda save=save: save(io.BytesIO()))
        print(f"  {chart.name:<14}" + "  ".join(f"{k} {v:.3f}" for k, v in timings.items()))


if __name__ == "__main__":
    main()
