"""The plan, initiative by initiative: speed and memory of the standalone passes.

Prints, on this machine, with beside each case the memory-bandwidth floor (the time
numpy needs merely to stream the case's arrays once: every array the engine's passes
produce, read and written once, in the same chunks) and the ratio to it:

- the sample's deterministic run with every standalone pass (target < 20 ms);
- ``simulate`` of the sample, one scenario, 100,000 draws (target < 0.25 s);
- the same with ``by_initiative=True`` (target < 1 s);
- each simulation's peak memory, VmHWM of a fresh process (target < 1 GiB).

Run from the repository root::

    PYTHONPATH=src python3 benchmarks/bench_levers.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any

from _measure import best, machine, vm_hwm

SCENARIO = "Improvement plan"
DRAWS = 100_000


def array_bytes(value: Any, seen: set[int] | None = None) -> int:
    """Bytes of every distinct numpy array (not a broadcast view) in ``value``."""
    import dataclasses

    import numpy as np

    seen = set() if seen is None else seen
    if isinstance(value, np.ndarray):
        if id(value) in seen or (0 in value.strides and value.size > 1):
            return 0
        seen.add(id(value))
        return int(value.nbytes)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(array_bytes(getattr(value, f.name), seen) for f in dataclasses.fields(value))
    if isinstance(value, dict):
        return sum(array_bytes(v, seen) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(array_bytes(v, seen) for v in value)
    return 0


def floor(total_bytes: int, chunks: int, repeat: int = 5) -> float:
    """Seconds for numpy to read and write ``total_bytes`` once, in ``chunks`` pieces."""
    import numpy as np

    per_chunk = max(8, total_bytes // max(chunks, 1)) // 8
    src, dst = np.ones(per_chunk), np.empty(per_chunk)

    def stream() -> None:
        for _ in range(chunks):
            np.copyto(dst, src)

    return best(stream, repeat)


def deterministic() -> dict[str, float]:
    """``model.run()`` of every scenario, and of one, with every standalone pass."""
    import budgetmodel as bm
    from budgetmodel._compile import compile_model
    from budgetmodel._engine import project

    model = bm.load_sample()
    model.run()  # warm imports
    every = best(model.run, 30)
    cpu = best(model.run, 30, time.process_time)
    one = best(lambda: model.run(SCENARIO), 30)
    compiled = compile_model(model)
    arrays = [project(compiled, compiled.scenarios[s]) for s in model.scenario_names()]
    passes = sum(2 + len(a.standalone) for a in arrays)
    total = array_bytes(arrays)
    return {
        "every": every,
        "cpu": cpu,
        "one": one,
        "scenarios": len(arrays),
        "passes": passes,
        "bytes": total,
        "floor": floor(total, 1, 50),
    }


def simulation(by_initiative: bool) -> dict[str, float]:
    """``DRAWS`` draws of one scenario (best of 3), the floor of its arrays, VmHWM."""
    import numpy as np

    import budgetmodel as bm
    from budgetmodel._compile import compile_model
    from budgetmodel.uncertainty._sampling import Sampler
    from budgetmodel.uncertainty._shocks import Perturbation, parse_input
    from budgetmodel.uncertainty._simulate import default_chunk

    model = bm.load_sample()
    run = lambda: model.simulate(  # noqa: E731
        DRAWS,
        seed=1,
        scenario=SCENARIO,
        progress=False,
        by_initiative=by_initiative,
    )
    model.simulate(1_000, seed=0, scenario=SCENARIO, by_initiative=by_initiative)  # warm
    seconds = best(run, 5)
    cpu = best(run, 3, time.process_time)
    compiled = compile_model(model)
    shocks = [parse_input(u.target, compiled) for u in model.uncertainty]
    levers = compiled.scenarios[SCENARIO].levers.initiative
    passes = 2 + (len(set(levers.tolist())) if by_initiative else 0)
    chunk = default_chunk(compiled, len(shocks), passes=passes)
    x = Sampler(model.uncertainty, 1).values(0, chunk)
    with np.errstate(all="ignore"):
        a = Perturbation(compiled, SCENARIO, shocks).project(x, standalone=by_initiative)
    per_chunk = array_bytes(a)
    chunks = -(-DRAWS // chunk)
    total = per_chunk * chunks
    return {
        "seconds": seconds,
        "cpu": cpu,
        "chunk": chunk,
        "bytes": total,
        "floor": floor(total, chunks),
        "vmhwm_mib": vm_hwm(),
    }


def main() -> None:
    if len(sys.argv) > 1:  # a child process: one case, printed as JSON
        kind = sys.argv[1]
        out = deterministic() if kind == "run" else simulation(kind == "by_initiative")
        print(json.dumps(out))
        return
    print(machine())
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average {load:.1f} (on a busy machine wall time exceeds CPU time)")

    def child(kind: str) -> dict[str, float]:
        done = subprocess.run(
            [sys.executable, __file__, kind],
            capture_output=True,
            text=True,
            check=True,
        )
        result: dict[str, float] = json.loads(done.stdout)
        return result

    r = child("run")
    print(
        f"deterministic run, {r['scenarios']:.0f} scenarios, {r['passes']:.0f} passes "
        f"(every standalone pass): {r['every'] * 1e3:6.1f} ms, CPU {r['cpu'] * 1e3:.1f} ms "
        f"(target < 20 ms); one scenario {r['one'] * 1e3:.1f} ms; floor "
        f"{r['floor'] * 1e6:.0f} µs to stream its {r['bytes'] / 2**10:.0f} KiB: "
        f"{r['every'] / r['floor']:,.0f}x the floor"
    )
    for kind, target in (("plain", 0.25), ("by_initiative", 1.0)):
        s = child(kind)
        label = "by_initiative=True" if kind == "by_initiative" else "totals only"
        print(
            f"simulate {DRAWS:,} draws, one scenario, {label:<18}: {s['seconds']:6.2f} s "
            f"(target < {target} s), CPU {s['cpu']:.2f} s, chunks of {s['chunk']:.0f}; floor "
            f"{s['floor']:.3f} s to stream {s['bytes'] / 2**30:.2f} GiB: "
            f"{s['seconds'] / s['floor']:.0f}x the floor; VmHWM {s['vmhwm_mib']:.0f} MiB "
            f"(target < 1,024 MiB)"
        )


if __name__ == "__main__":
    main()
