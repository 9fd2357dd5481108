"""Monte Carlo speed and memory on the Birmingham sample (its Uncertainty sheet).

Prints, with the machine: 100,000 draws of one scenario (target under 1 s on a
2-core machine, peak memory under 1 GiB); 1,000,000 draws, whose peak memory
should match the 100,000-draw run's (bounded: only streaming statistics are kept);
and the speed-up of the draws axis over looping a one-draw projection 1,000 times
(target at least 50x). Run from the repository root::

    PYTHONPATH=src python3 benchmarks/bench_uncertainty.py

Each case runs in a fresh process so that its peak memory is its own: ``traced``
is the peak of memory allocated during the run (tracemalloc, which numpy reports
to), ``VmHWM`` the process's resident high-water mark, imports included.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from _measure import best, machine, vm_hwm

SCENARIO = "Improvement plan"


def case(draws: int, repeat: int) -> dict[str, float]:
    """Time ``draws`` draws (best of ``repeat``), then their traced peak memory."""
    import tracemalloc

    import budgetmodel as bm
    from budgetmodel.uncertainty import simulate

    model = bm.load_sample()
    simulate(model, 1_000, seed=0, scenario=SCENARIO)  # warm imports and caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        simulate(model, draws, seed=1, scenario=SCENARIO, progress=False)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    simulate(model, draws, seed=1, scenario=SCENARIO, progress=False)
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {"seconds": min(times), "traced_mib": traced, "vmhwm_mib": vm_hwm()}


def speedup(draws: int = 1_000) -> dict[str, float]:
    """The draws axis against looping one-draw projections of the same draws."""
    import numpy as np

    import budgetmodel as bm
    from budgetmodel._compile import compile_model
    from budgetmodel.uncertainty import simulate
    from budgetmodel.uncertainty._sampling import Sampler
    from budgetmodel.uncertainty._shocks import Perturbation, parse_input

    model = bm.load_sample()
    compiled = compile_model(model)
    shocks = [parse_input(u.target, compiled) for u in model.uncertainty]
    perturb = Perturbation(compiled, SCENARIO, shocks)
    x = Sampler(model.uncertainty, 1).values(0, draws)
    simulate(model, draws, seed=1, scenario=SCENARIO)  # warm

    vectorised = best(lambda: simulate(model, draws, seed=1, scenario=SCENARIO), 5)
    looped = best(lambda: [perturb.outcomes(x[i : i + 1]) for i in range(draws)], 2)
    with np.errstate(all="ignore"):
        runs = best(lambda: [model.run(SCENARIO) for _ in range(draws)], 1)
    return {"vectorised": vectorised, "looped": looped, "runs": runs}


def main() -> None:
    if len(sys.argv) > 1:  # a child process: one case, printed as JSON
        kind, n = sys.argv[1], int(sys.argv[2])
        out = speedup(n) if kind == "speedup" else case(n, int(sys.argv[3]))
        print(json.dumps(out))
        return
    print(machine())

    def child(*args: object) -> dict[str, float]:
        done = subprocess.run(
            [sys.executable, __file__, *map(str, args)], capture_output=True, text=True, check=True
        )
        result: dict[str, float] = json.loads(done.stdout)
        return result

    for draws, repeat, target in ((100_000, 3, 1.0), (1_000_000, 1, None)):
        r = child("case", draws, repeat)
        note = f" (target < {target:.0f} s, < 1,024 MiB)" if target else ""
        print(
            f"{draws:>9,} draws, one scenario: {r['seconds']:6.2f} s, "
            f"{draws / r['seconds']:>9,.0f} draws/s; peak traced {r['traced_mib']:6.1f} MiB, "
            f"VmHWM {r['vmhwm_mib']:6.1f} MiB{note}"
        )
    s = child("speedup", 1_000)
    print(
        f"    1,000 draws: draws axis {s['vectorised'] * 1e3:.1f} ms; looping one-draw "
        f"projections {s['looped'] * 1e3:.0f} ms ({s['looped'] / s['vectorised']:.0f}x); "
        f"looping model.run() {s['runs'] * 1e3:.0f} ms ({s['runs'] / s['vectorised']:.0f}x) "
        "(target >= 50x)"
    )


if __name__ == "__main__":
    main()
