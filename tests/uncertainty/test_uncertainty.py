"""Monte Carlo: reproducible draws, exact degenerate cases, analytic percentiles, every target."""

from __future__ import annotations

import math
import subprocess
import sys
from dataclasses import replace
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd
import pytest

import budgetmodel as bm
from budgetmodel.uncertainty import PERCENTILES, STATISTICS, Simulation, quantile, simulate
from budgetmodel.uncertainty._sampling import BLOCK, Sampler
from budgetmodel.uncertainty._simulate import _progress_bar
from budgetmodel.uncertainty._stats import NBINS, Accumulator

from ..conftest import hand_model

U = bm.Uncertainty
#: One row of every target kind on the hand model, each a real spread.
EVERY_KIND = [
    U("growth:g", "normal", 0.0, 0.01),
    U("rate_change:r", "uniform", -0.01, 0.02),
    U("exit_rate:f", "triangular", -0.05, 0.0, 0.05),
    U("entries:f", "pert", -0.1, 0.0, 0.2),
    U("inflation:prices", "normal", 0.0, 0.005),
    U("unit_cost:act_r", "uniform", -0.1, 0.1),
    U("effect:eh", "pert", 0.5, 0.8, 1.0),
    U("delivery:pm", "triangular", 0.4, 0.7, 1.0),
    U("funding:grant", "uniform", -0.2, 0.0),
]


def with_records(model: bm.Model, **tables: Any) -> bm.Model:
    """``model`` with whole tables of records replaced (the records an analyst would edit)."""
    return model.replace(**tables)


def projected(values: Any, change: Any) -> tuple[Any, ...]:
    """A series with ``change`` applied to every projection year (the base year as it was)."""
    return tuple(v if i == 0 else change(v or 0.0) for i, v in enumerate(values))


def wide(sim: Simulation, statistic: str) -> pd.DataFrame:
    p = sim.percentiles
    p = p[p["statistic"] == statistic]
    return p.pivot_table(index=["scenario", "year"], columns="measure", values="value", sort=False)


MEASURES = ["total_cash", "gap", "cumulative_gap"]


# -- reproducibility --------------------------------------------------------------
def test_seeded_runs_repeat_exactly_and_seeds_differ() -> None:
    model = hand_model(uncertainty=EVERY_KIND)
    a = simulate(model, 3_000, seed=7)
    b = simulate(model, 3_000, seed=7)
    c = simulate(model, 3_000, seed=8)
    pd.testing.assert_frame_equal(a.percentiles, b.percentiles, check_exact=True)
    assert not a.percentiles["value"].equals(c.percentiles["value"])


@pytest.mark.parametrize("chunk_size", [1_000, BLOCK, 5_555, 3 * BLOCK + 17])
def test_draws_and_statistics_do_not_depend_on_the_chunk_size(chunk_size: int) -> None:
    model = hand_model(uncertainty=EVERY_KIND)
    n = 2 * BLOCK + 1_234  # a partial last block
    reference = simulate(model, n, seed=11, chunk_size=333, keep_draws=True)
    other = simulate(model, n, seed=11, chunk_size=chunk_size, keep_draws=True)
    pd.testing.assert_frame_equal(reference.input_draws(), other.input_draws(), check_exact=True)
    for m in MEASURES:
        pd.testing.assert_frame_equal(reference.draws(m), other.draws(m), check_exact=True)
    pd.testing.assert_frame_equal(reference.percentiles, other.percentiles, check_exact=True)
    pd.testing.assert_series_equal(
        reference.probability(above=-500.0), other.probability(above=-500.0), check_exact=True
    )


def test_a_rows_draws_stay_when_another_row_is_added() -> None:
    one = simulate(hand_model(uncertainty=EVERY_KIND[:1]), 500, seed=3, keep_draws=True)
    two = simulate(hand_model(uncertainty=EVERY_KIND[:2]), 500, seed=3, keep_draws=True)
    pd.testing.assert_series_equal(one.input_draws()["growth:g"], two.input_draws()["growth:g"])


def test_without_a_seed_the_entropy_is_recorded_to_repeat_the_run() -> None:
    model = hand_model(uncertainty=EVERY_KIND[:3])
    first = simulate(model, 200)
    assert isinstance(first.seed, int)
    again = simulate(model, 200, seed=first.seed)
    pd.testing.assert_frame_equal(first.percentiles, again.percentiles, check_exact=True)


# -- degenerate distributions reproduce the deterministic run exactly ----------------
ZERO_WIDTH = {
    "normal": lambda v: (v, 0.0, None),
    "uniform": lambda v: (v, v, None),
    "triangular": lambda v: (v, v, v),
    "pert": lambda v: (v, v, v),
}
TARGETS = [
    "growth:g",
    "rate_change:r",
    "exit_rate:f",
    "entries:f",
    "inflation:prices",
    "inflation:pay",
    "unit_cost:act_r",
    "unit_cost:act_s",
    "unit_cost:fix",
    "unit_cost:staff",
    "effect:eh",
    "effect:pm",
    "delivery:pm",
    "funding:base",
    "funding:grant",
]


@pytest.mark.parametrize("distribution", list(ZERO_WIDTH))
def test_zero_width_distributions_reproduce_the_deterministic_run_exactly(
    distribution: str,
) -> None:
    rows = []
    for target in TARGETS:
        neutral = 1.0 if target.startswith(("effect", "delivery")) else 0.0
        rows.append(U(target, distribution, *ZERO_WIDTH[distribution](neutral)))
    model = hand_model(uncertainty=rows)
    sim = simulate(model, 2 * BLOCK + 5, seed=1, chunk_size=3_000, keep_draws=True)
    summary = model.run().summary.set_index(["scenario", "year"])
    for statistic in STATISTICS:
        got = wide(sim, statistic)
        for m in MEASURES:
            assert (got[m].to_numpy() == summary.loc[got.index, m].to_numpy()).all(), (statistic, m)
    for m in MEASURES:
        draws = sim.draws(m).to_numpy()
        expected = summary[m].unstack("scenario")[model.scenario_names()].to_numpy().T.ravel()
        assert (draws == expected).all()
    pd.testing.assert_frame_equal(
        sim.central.set_index(["scenario", "year"]),
        summary[["total_cash", "funding", "gap", "cumulative_gap"]],
        check_exact=True,
    )


def test_no_uncertainty_rows_gives_the_model_as_entered() -> None:
    model = hand_model()
    sim = simulate(model, 100, seed=0)
    summary = model.run().summary.set_index(["scenario", "year"])
    got = wide(sim, "p5")
    assert (got["cumulative_gap"] == summary.loc[got.index, "cumulative_gap"]).all()
    assert sim.uncertainty == ()


# -- a normal shock on a linear case gives the analytic percentiles -------------------
def linear_model(uncertainty: list[bm.Uncertainty]) -> bm.Model:
    """One activity line of 100 units at £1,000, no growth, no inflation; funding £90,000."""
    return bm.Model(
        base_year="2020-21",
        horizon=3,
        authority="Lineshire",
        drivers=[bm.Driver("d", "growth", 100, growth=0.0)],
        cost_lines=[bm.CostLine("act", "activity", "prices", driver_id="d", unit_cost=1_000)],
        inflation=[bm.InflationRate("central", "prices", 0.0)],
        funding=[bm.Funding("base", 90_000)],
        scenarios=[bm.Scenario("central", "central")],
        uncertainty=uncertainty,
    )


# -- what each kind of target means: a fixed shock equals the records changed by hand ----
X = 0.3


def edited(model: bm.Model, target: str, x: float) -> bm.Model:
    """The model with the records edited as DESIGN.md says ``target`` at ``x`` means."""
    kind, ident = target.split(":")
    add = lambda v: v + x  # noqa: E731
    times = lambda v: v * (1.0 + x)  # noqa: E731
    if kind in ("growth", "rate_change", "exit_rate", "entries"):
        change = times if kind == "entries" else add
        return with_records(
            model,
            driver_assumptions=[
                replace(a, values=projected(a.values, change))
                if (a.driver_id, a.parameter) == (ident, kind)
                else a
                for a in model.driver_assumptions
            ],
        )
    if kind == "inflation":
        return with_records(
            model,
            inflation=[
                replace(r, rates=projected(r.rates, add)) if r.category == ident else r
                for r in model.inflation
            ],
        )
    if kind == "unit_cost":

        def scaled(line: bm.CostLine) -> bm.CostLine:
            field = {"fixed": "base_cost", "staffing": "cost_per_fte"}.get(line.type, "unit_cost")
            if line.unit_cost is None and line.type == "activity":
                field = "base_cost"
            return replace(line, **{field: getattr(line, field) * (1.0 + x)})

        return with_records(
            model,
            cost_lines=[scaled(line) if line.id == ident else line for line in model.cost_lines],
        )
    if kind == "effect":
        return with_records(
            model,
            effects=[
                replace(e, value=e.value * x) if e.initiative_id == ident else e
                for e in model.effects
            ],
        )
    if kind == "delivery":
        return with_records(
            model,
            improvements=[
                replace(r, amounts=projected(r.amounts, lambda v: v * x))
                if (r.initiative_id, r.kind) == (ident, "saving")
                else r
                for r in model.improvements
            ],
        )
    assert kind == "funding"
    return with_records(
        model,
        funding=[
            replace(f, values=projected(f.values, times)) if f.id == ident else f
            for f in model.funding
        ],
    )


@pytest.mark.parametrize("target", [*TARGETS[1:], "growth:d"])
def test_every_target_kind_applies_as_designed(target: str) -> None:
    # The hand model costs no line on its growth driver; the linear model does.
    make = linear_model if target == "growth:d" else hand_model
    model = make(uncertainty=[U(target, "normal", X, 0.0)])
    sim = simulate(model, 3, seed=0)
    expected = edited(make(uncertainty=[]), target, X).run().summary.set_index(["scenario", "year"])
    as_entered = model.run().summary.set_index(["scenario", "year"])
    got = wide(sim, "p50")
    projection = [i for i in got.index if i[1] != model.years[0]]
    base = [i for i in got.index if i[1] == model.years[0]]
    for m in MEASURES:
        np.testing.assert_allclose(
            got.loc[projection, m], expected.loc[projection, m], rtol=1e-12, atol=1e-9
        )
        # The base year is the known outturn: no shock moves it (a unit cost included).
        assert (got.loc[base, m] == as_entered.loc[base, m]).all()
    changed = ~np.isclose(
        got.loc[projection, "total_cash"], as_entered.loc[projection, "total_cash"], rtol=1e-12
    )
    assert changed.any() != target.startswith("funding"), "only funding leaves the total"


def test_normal_shocks_on_a_linear_case_give_the_analytic_percentiles() -> None:
    n = 40_000
    rows = [U("unit_cost:act", "normal", 0.02, 0.05), U("funding:base", "normal", 0.01, 0.02)]
    sim = simulate(linear_model(rows), n, seed=2024)
    # total = 100,000 (1 + x1); gap = total - 90,000 (1 + x2), in every projection year;
    # the cumulative gap to year t is t times the gap: each a normal.
    total = NormalDist(102_000, 5_000)
    gap = NormalDist(102_000 - 90_900, math.hypot(5_000, 1_800))
    p = sim.percentiles.set_index(["year", "measure", "statistic"])["value"]
    for t, year in enumerate(sim.years[1:], start=1):
        for measure, dist in (
            ("total_cash", total),
            ("gap", gap),
            ("cumulative_gap", NormalDist(t * gap.mean, t * gap.stdev)),
        ):
            for q in PERCENTILES:
                z = dist.inv_cdf(q / 100)
                se = (
                    dist.stdev
                    * math.sqrt(q / 100 * (1 - q / 100) / n)
                    / NormalDist().pdf((z - dist.mean) / dist.stdev)
                )
                assert abs(p[(year, measure, f"p{q}")] - z) < 4 * se, (year, measure, q)
            assert abs(p[(year, measure, "mean")] - dist.mean) < 4 * dist.stdev / math.sqrt(n)
    exceed = 1 - NormalDist(3 * gap.mean, 3 * gap.stdev).cdf(40_000)
    got = float(sim.probability("cumulative_gap", above=40_000).iloc[0])
    assert abs(got - exceed) < 4 * math.sqrt(exceed * (1 - exceed) / n)


# -- the Simulation ------------------------------------------------------------------
@pytest.fixture(scope="module")
def sim() -> Simulation:
    return simulate(
        hand_model(uncertainty=EVERY_KIND), 4_000, seed=5, keep_draws=True, thresholds=(0.0, 100.0)
    )


def test_percentiles_frame_is_tidy_and_ordered(sim: Simulation) -> None:
    p = sim.percentiles
    assert list(p.columns) == ["scenario", "year", "measure", "statistic", "value"]
    T = len(sim.years)
    assert len(p) == len(sim.scenarios) * T * 3 * len(STATISTICS)
    assert list(p["scenario"].unique()) == ["plan", "no plan"]
    first = p[p["scenario"] == "plan"]
    assert list(first["year"].unique()) == sim.years
    assert list(first["measure"].iloc[: 3 * len(STATISTICS) : len(STATISTICS)]) == MEASURES
    assert list(first["statistic"].iloc[: len(STATISTICS)]) == list(STATISTICS)
    values = p.pivot_table(
        index=["scenario", "year", "measure"], columns="statistic", values="value"
    )[[f"p{q}" for q in PERCENTILES]].to_numpy()
    assert (np.diff(values, axis=1) >= 0).all()  # percentiles in order


def test_percentiles_match_the_draws_kept(sim: Simulation) -> None:
    p = sim.percentiles.set_index(["scenario", "year", "measure", "statistic"])["value"]
    for m in MEASURES:
        draws = sim.draws(m)
        for (scenario, year), column in draws.items():
            values = column.to_numpy()
            span = values.max() - values.min()
            for q in PERCENTILES:
                got = p[(scenario, year, m, f"p{q}")]
                assert abs(got - np.percentile(values, q)) <= 2 * span / NBINS + 1e-9 * abs(got)
            assert p[(scenario, year, m, "mean")] == pytest.approx(
                values.mean(), rel=1e-12, abs=1e-9
            )


def test_probabilities_are_exact_at_thresholds_and_close_elsewhere(sim: Simulation) -> None:
    draws = sim.draws("cumulative_gap")
    last = sim.years[-1]
    for above in (0.0, 100.0, 37.5, -200.0):
        got = sim.probability("cumulative_gap", last, above)
        expected = (draws.xs(last, axis=1, level="year") > above).mean()
        pd.testing.assert_series_equal(got, expected.rename("probability"), check_names=False)
    model = sim.model
    lean = simulate(model, 4_000, seed=5)  # draws not kept: from the histogram
    got = lean.probability("cumulative_gap", last, 37.5)
    expected = (draws.xs(last, axis=1, level="year") > 37.5).mean()
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), atol=2e-3)
    exact = lean.probability("gap", sim.years[1], 0.0)
    gaps = sim.draws("gap").xs(sim.years[1], axis=1, level="year")
    np.testing.assert_array_equal(exact.to_numpy(), (gaps > 0).mean().to_numpy())


def test_summary_table_and_display(sim: Simulation) -> None:
    table = sim.summary_table("total_cash", unit="£000")
    assert list(table.columns) == sim.years
    assert table.index.names == ["scenario", "statistic"]
    assert table.shape == (len(sim.scenarios) * len(STATISTICS), len(sim.years))
    p50 = sim.percentiles.query("measure == 'total_cash' and statistic == 'p50'")
    assert table.loc[("plan", "p50")].tolist() == pytest.approx(
        (p50[p50["scenario"] == "plan"]["value"] / 1_000).tolist()
    )
    html = sim._repr_html_()
    assert "cumulative gap" in html and "4,000 draws" in html and "chance" in html
    assert "4,000 draws" in repr(sim) and "seed 5" in repr(sim)


def test_the_simulation_cannot_be_changed(sim: Simulation) -> None:
    frame = sim.percentiles
    frame["value"] = 0.0
    assert (sim.percentiles["value"] != 0.0).any()
    with pytest.raises(ValueError, match="read-only"):
        sim._kept["plan"][0, 0, 0] = 1.0  # type: ignore[index]


def test_draws_only_when_kept_and_bad_names_say_what_exists() -> None:
    lean = simulate(hand_model(uncertainty=EVERY_KIND[:2]), 50, seed=1)
    with pytest.raises(ValueError, match="keep_draws=True"):
        lean.draws("gap")
    with pytest.raises(ValueError, match="keep_draws=True"):
        lean.input_draws()
    with pytest.raises(ValueError, match="measure must be one of"):
        lean.probability("budget")
    with pytest.raises(bm.InputError, match="2020-21 to 2022-23"):
        lean.probability(year="2030-31")
    with pytest.raises(bm.InputError, match="a scenario name"):
        simulate(lean.model, 10, seed=1, scenario="nope")
    for bad in (0, -5, 2.5, True):
        with pytest.raises(bm.InputError, match=r"draws: found .*; expected a whole number >= 1"):
            simulate(lean.model, bad, seed=1)  # type: ignore[arg-type]
    with pytest.raises(bm.InputError, match="seed: found -1; expected a whole number >= 0"):
        simulate(lean.model, 10, seed=-1)
    with pytest.raises(bm.InputError, match="chunk_size"):
        simulate(lean.model, 10, seed=1, chunk_size=0)


def test_one_scenario_only() -> None:
    sim = simulate(hand_model(uncertainty=EVERY_KIND[:2]), 50, seed=1, scenario="no plan")
    assert sim.scenarios == ["no plan"]
    assert set(sim.percentiles["scenario"]) == {"no plan"}


def test_a_draw_that_overflows_is_reported_with_its_inputs() -> None:
    model = hand_model(uncertainty=[U("rate_change:r", "uniform", 1e200, 1e200)])
    expected = r"Draw 0 of scenario 'plan'.*rate_change:r = 1e\+200"
    with pytest.raises(bm.ComputationError, match=expected):
        simulate(model, 10, seed=1)


def test_the_first_draw_that_overflows_is_reported_whichever_block_it_is_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = hand_model(uncertainty=[U("rate_change:r", "uniform", 0.0, 0.01)])
    drawn = Sampler.block

    def block(self: Sampler, b: int) -> np.ndarray:
        out = np.array(drawn(self, b))
        if b >= 2:  # the third block on overflows from its sixth draw
            out[5:] = 1e200
        return out

    monkeypatch.setattr(Sampler, "block", block)
    expected = rf"Draw {2 * BLOCK + 5} of scenario 'plan'.*rate_change:r = 1e\+200"
    with pytest.raises(bm.ComputationError, match=expected):
        simulate(model, 6 * BLOCK, seed=1, chunk_size=1_000)


def test_progress_bar_only_when_asked_or_long_and_interactive(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    model = hand_model(uncertainty=EVERY_KIND[:2])
    simulate(model, 500, seed=1, chunk_size=100, progress=True)
    assert "simulate" in capsys.readouterr().err
    simulate(model, 500, seed=1, progress=None)
    simulate(model, 500, seed=1, progress=False)
    assert capsys.readouterr().err == ""
    assert _progress_bar(None, 10**9) is None  # not a terminal under pytest
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert _progress_bar(None, 1_000) is None  # short
    bar = _progress_bar(None, 10**9)
    assert bar is not None
    bar.close()


def test_importing_uncertainty_loads_no_scipy_tqdm_or_matplotlib() -> None:
    code = (
        "import sys, budgetmodel.uncertainty\n"
        "print([m for m in ('scipy', 'tqdm', 'matplotlib') if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_sample_simulates(sample_sim: Simulation) -> None:
    assert sample_sim.n_draws == 2_000
    p = sample_sim.percentiles.set_index(["scenario", "year", "measure", "statistic"])["value"]
    base = p.xs("2013-14", level="year")
    assert (base.groupby(level=["scenario", "measure"]).nunique() == 1).all()  # base year known
    spread = (
        p[("Improvement plan", "2018-19", "cumulative_gap", "p95")]
        - p[("Improvement plan", "2018-19", "cumulative_gap", "p5")]
    )
    assert spread > 1e6


@pytest.fixture(scope="module")
def sample_sim() -> Simulation:
    return simulate(bm.load_sample(), 2_000, seed=1)


# -- the pieces: sampling and streaming statistics ---------------------------------------
@pytest.mark.parametrize(
    "row, mean",
    [
        (U("growth:g", "normal", 0.1, 0.2), 0.1),
        (U("growth:g", "uniform", -1.0, 3.0), 1.0),
        (U("growth:g", "triangular", 0.0, 0.2, 1.0), 0.4),
        (U("growth:g", "pert", 0.0, 0.2, 1.0), (0.0 + 4 * 0.2 + 1.0) / 6),
    ],
)
def test_draws_follow_their_distribution(row: bm.Uncertainty, mean: float) -> None:
    values = Sampler([row], seed=9).values(0, 50_000)[:, 0]
    assert values.mean() == pytest.approx(mean, abs=0.01)
    for q in (0.1, 0.5, 0.9):
        assert np.quantile(values, q) == pytest.approx(quantile(row, q), abs=0.01)
    if row.distribution != "normal":
        assert values.min() >= row.p1 and values.max() <= (row.p3 or row.p2 or 0.0)


def test_pert_quantiles_are_the_beta_distributions() -> None:
    from scipy.stats import beta

    row = U("effect:eh", "pert", 0.5, 0.8, 1.0)
    a, b = 1 + 4 * 0.3 / 0.5, 1 + 4 * 0.2 / 0.5
    assert quantile(row, 0.1) == pytest.approx(0.5 + 0.5 * beta.ppf(0.1, a, b), rel=1e-12)


def test_sampler_ranges_agree_however_they_are_asked() -> None:
    sampler = Sampler(EVERY_KIND, seed=4)
    whole = sampler.values(0, 3 * BLOCK)
    pieces = np.concatenate(
        [
            Sampler(EVERY_KIND, seed=4).values(a, b)
            for a, b in ((0, 10), (10, BLOCK + 3), (BLOCK + 3, 3 * BLOCK))
        ]
    )
    assert (whole == pieces).all()


def test_streaming_statistics_do_not_depend_on_order_or_chunks() -> None:
    rng = np.random.default_rng(0)
    # A range that keeps widening (so the bins coarsen and move) and a constant cell.
    data = np.column_stack(
        [
            rng.normal(0, 1, 30_000) * np.linspace(1, 50, 30_000),
            rng.lognormal(10, 1, 30_000),
            np.full(30_000, 3.25),
        ]
    )
    stats = []
    for sizes in ([30_000], [1] * 5 + [29_995], [7_000, 23_000]):
        acc = Accumulator(3, thresholds=(0.0,))
        start = 0
        for size in sizes:
            acc.add(data[start : start + size])
            start += size
        stats.append(acc.finish())
    shuffled = Accumulator(3, thresholds=(0.0,))
    for block in rng.permutation(np.arange(30_000).reshape(-1, 1_000), axis=0):
        shuffled.add(data[block])
    for s in [*stats[1:], shuffled.finish()]:
        assert (s.counts == stats[0].counts).all() and (s.exponent == stats[0].exponent).all()
        assert (s.exceed == stats[0].exceed).all()
    for s in stats[1:]:
        assert (s.mean() == stats[0].mean()).all()
    s = stats[0]
    got = s.quantiles((0.05, 0.5, 0.95))
    for k in range(2):
        span = data[:, k].max() - data[:, k].min()
        np.testing.assert_allclose(
            got[k], np.quantile(data[:, k], (0.05, 0.5, 0.95)), atol=2 * span / NBINS
        )
    assert (got[2] == 3.25).all() and s.mean()[2] == 3.25
    assert s.above(0.0)[0] == (data[:, 0] > 0).mean()
    assert abs(s.above(1e5)[1] - (data[:, 1] > 1e5).mean()) < 1e-3


def test_exceedance_gives_the_probability_in_every_year(sim: Simulation) -> None:
    frame = sim.exceedance()
    assert list(frame.columns) == ["scenario", "year", "measure", "above", "probability"]
    assert list(frame["scenario"]) == [s for s in sim.scenarios for _ in sim.years]
    assert list(frame["year"]) == sim.years * len(sim.scenarios)
    for year in sim.years:
        got = frame[frame["year"] == year].set_index("scenario")["probability"]
        np.testing.assert_array_equal(got.to_numpy(), sim.probability(year=year).to_numpy())
    assert (frame.loc[frame["year"] == sim.years[0], "probability"] == 0).all()


def test_whole_numbers_written_as_floats_are_accepted() -> None:
    model = hand_model(uncertainty=EVERY_KIND[:2])
    a = simulate(model, 1e3, seed=2.0, chunk_size=5e2)  # type: ignore[arg-type]
    b = simulate(model, 1_000, seed=2)
    assert a.n_draws == 1_000 and a.seed == 2
    pd.testing.assert_frame_equal(a.percentiles, b.percentiles, check_exact=True)
