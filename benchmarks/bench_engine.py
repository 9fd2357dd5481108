"""Engine speed: the Birmingham sample, and a synthetic large model.

Prints the best of several timings (seconds); run with ``make bench``. Targets on a
2-core machine: the sample (all scenarios) under 20 ms; 2,000 cost lines x 15 years
x 10 scenarios under 1 s.
"""

from __future__ import annotations

import time

import numpy as np
from _measure import best, machine

import budgetmodel as bm


def large_model(
    lines: int = 2000, horizon: int = 15, scenarios: int = 10, drivers: int = 100, seed: int = 1
) -> bm.Model:
    """A synthetic model with every driver method, line type and initiative kind."""
    rng = np.random.default_rng(seed)
    methods = ["growth", "rate", "share", "stock_flow", "explicit"]
    ds = []
    for i in range(drivers):
        method = methods[i % 5]
        kw: dict[str, object] = {}
        if method == "growth":
            kw["growth"] = list(rng.uniform(-0.02, 0.05, horizon))
        elif method == "rate":
            kw.update(basis="pop", rate_change=list(rng.uniform(-0.02, 0.03, horizon)))
        elif method == "share":
            kw.update(basis=f"d{i - 1}", share=list(rng.uniform(0.1, 0.9, horizon)))
        elif method == "stock_flow":
            kw.update(
                entries=list(rng.uniform(50, 150, horizon)),
                exit_rate=list(rng.uniform(0.2, 0.5, horizon)),
            )
        else:
            kw["volume"] = list(rng.uniform(100, 500, horizon))
        ds.append(bm.Driver(f"d{i}", method, float(rng.uniform(100, 1000)), **kw))
    cls = []
    for j in range(lines):
        d = f"d{j % drivers}"
        kind = ("activity", "fixed", "staffing")[j % 3]
        if kind == "activity":
            cls.append(bm.CostLine(f"l{j}", kind, "prices", driver_id=d, unit_cost=1000.0))
        elif kind == "fixed":
            cls.append(bm.CostLine(f"l{j}", kind, "none", base_cost=1e5))
        else:
            cls.append(
                bm.CostLine(
                    f"l{j}",
                    kind,
                    "pay",
                    driver_id=d,
                    cost_per_fte=5e4,
                    agency_premium=0.5,
                    caseload=18.0,
                    agency_share=0.2,
                )
            )
    kinds = ("one_off", "recurring", "saving")
    imps = [bm.Improvement(f"i{k}", kinds[k % 3], 1e5, inflation="pay") for k in range(20)]
    effs = [bm.Effect(f"i{k}", f"d{(7 * k) % drivers}", -0.05) for k in range(20)]
    infl = [
        bm.InflationRate(f"inf{s}", c, float(rng.uniform(0, 0.04)))
        for s in range(scenarios)
        for c in ("prices", "pay", "gdp")
    ]
    scen = [bm.Scenario(f"s{s}", f"inf{s}", "all" if s % 2 else "none") for s in range(scenarios)]
    return bm.Model(
        base_year=2024,
        horizon=horizon,
        deflator="gdp",
        populations=[bm.Population("pop", list(np.linspace(1e5, 1.2e5, horizon + 1)))],
        drivers=ds,
        cost_lines=cls,
        improvements=imps,
        effects=effs,
        inflation=infl,
        funding=[bm.Funding("f", 1e8)],
        scenarios=scen,
        overrides=[bm.Override("s0", "d0", "growth", 0.1)],
    )


def main() -> None:
    print(machine())
    sample = bm.load_sample()
    sample.run()  # warm imports
    run_s = best(lambda: sample.run(), 7)
    frames_s = best(
        lambda: [getattr(sample.run(), f) for f in ("lines", "drivers", "bridge", "summary")], 7
    )
    print(
        f"sample, all {len(sample.scenarios)} scenarios: run {run_s * 1e3:.1f} ms "
        f"(target < 20 ms); run + all four frames {frames_s * 1e3:.1f} ms"
    )
    start = time.perf_counter()
    big = large_model()
    build_s = time.perf_counter() - start
    big_run = best(lambda: big.run(), 3)
    big_frames = best(lambda: big.run().lines, 3)
    print(
        f"synthetic, 2,000 lines x 15 years x 10 scenarios: run {big_run:.3f} s "
        f"(target < 1 s); run + lines frame ({2000 * 16 * 10:,}+ rows) {big_frames:.3f} s; "
        f"building and validating the model {build_s:.3f} s"
    )


if __name__ == "__main__":
    main()
