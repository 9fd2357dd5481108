"""Monte Carlo draws: reproducible, exact when degenerate, analytic percentiles, and the
sampler and streaming statistics beneath them."""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

import budgetmodel as bm
from budgetmodel.uncertainty import PERCENTILES, STATISTICS, quantile, simulate
from budgetmodel.uncertainty._sampling import BLOCK, Sampler
from budgetmodel.uncertainty._stats import NBINS, Accumulator

from ..conftest import hand_model
from .cases import EVERY_KIND, MEASURES, TARGETS, U, linear_model, wide


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
ZERO_WIDTH: dict[str, Callable[[float], tuple[float, float, float | None]]] = {
    "normal": lambda v: (v, 0.0, None),
    "uniform": lambda v: (v, v, None),
    "triangular": lambda v: (v, v, v),
    "pert": lambda v: (v, v, v),
}


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
