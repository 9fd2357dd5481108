"""What every benchmark prints and times the same way: the machine, the best of a few
timings, and a process's peak memory. Run a benchmark as a script (``python
benchmarks/bench_levers.py``), so that this folder is on the import path."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable
from typing import Any


def machine() -> str:
    """One line naming the processor, its cores, the system, python and numpy."""
    cpu = platform.processor() or "cpu"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import numpy as np

    return (
        f"machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"python {platform.python_version()}, numpy {np.__version__}"
    )


def vm_hwm() -> float:
    """The process's peak resident memory [MiB] (Linux), or NaN."""
    try:
        with open("/proc/self/status") as f:
            line = next(x for x in f if x.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024
    except (OSError, StopIteration):
        return float("nan")


def best(
    fn: Callable[[], Any], repeat: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    """The least time of ``repeat`` calls; ``clock=time.process_time`` for CPU time, which
    other processes on a busy machine do not inflate."""
    times = []
    for _ in range(repeat):
        start = clock()
        fn()
        times.append(clock() - start)
    return min(times)
