"""The Simulation: every target applied as designed, percentiles, probabilities, tables."""

from __future__ import annotations

from typing import cast

import numpy as np
import pandas as pd
import pytest

import budgetmodel as bm
from budgetmodel.uncertainty import PERCENTILES, STATISTICS, Simulation, simulate
from budgetmodel.uncertainty._stats import NBINS

from ..conftest import hand_model
from .cases import EVERY_KIND, MEASURES, TARGETS, U, edited, linear_model, wide

# -- what each kind of target means: a fixed shock equals the records changed by hand ----
X = 0.3


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


# -- the Simulation ------------------------------------------------------------------
def in_year(draws: pd.DataFrame, year: str) -> pd.DataFrame:
    """The draws of one year, a column a scenario."""
    frame = draws.xs(year, axis=1, level="year")
    assert isinstance(frame, pd.DataFrame), frame
    return frame


def table_row(table: pd.DataFrame, key: tuple[str, str]) -> pd.Series[float]:
    """The row of ``table`` at ``key``, one value a year."""
    row = table.loc[key]
    assert isinstance(row, pd.Series), row
    return row


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
        for key, column in draws.items():
            scenario, year = cast("tuple[str, str]", key)
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
        expected = (in_year(draws, last) > above).mean()
        pd.testing.assert_series_equal(got, expected.rename("probability"), check_names=False)
    model = sim.model
    lean = simulate(model, 4_000, seed=5)  # draws not kept: from the histogram
    got = lean.probability("cumulative_gap", last, 37.5)
    expected = (in_year(draws, last) > 37.5).mean()
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), atol=2e-3)
    exact = lean.probability("gap", sim.years[1], 0.0)
    gaps = in_year(sim.draws("gap"), sim.years[1])
    np.testing.assert_array_equal(exact.to_numpy(), (gaps > 0).mean().to_numpy())


def test_summary_table_and_display(sim: Simulation) -> None:
    table = sim.summary_table("total_cash", unit="£000")
    assert list(table.columns) == sim.years
    assert table.index.names == ["scenario", "statistic"]
    assert table.shape == (len(sim.scenarios) * len(STATISTICS), len(sim.years))
    p50 = sim.percentiles.query("measure == 'total_cash' and statistic == 'p50'")
    assert table_row(table, ("plan", "p50")).tolist() == pytest.approx(
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


def test_one_scenario_only() -> None:
    sim = simulate(hand_model(uncertainty=EVERY_KIND[:2]), 50, seed=1, scenario="no plan")
    assert sim.scenarios == ["no plan"]
    assert set(sim.percentiles["scenario"]) == {"no plan"}


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


def test_exceedance_gives_the_probability_in_every_year(sim: Simulation) -> None:
    frame = sim.exceedance()
    assert list(frame.columns) == ["scenario", "year", "measure", "above", "probability"]
    assert list(frame["scenario"]) == [s for s in sim.scenarios for _ in sim.years]
    assert list(frame["year"]) == sim.years * len(sim.scenarios)
    for year in sim.years:
        got = frame[frame["year"] == year].set_index("scenario")["probability"]
        np.testing.assert_array_equal(got.to_numpy(), sim.probability(year=year).to_numpy())
    assert (frame.loc[frame["year"] == sim.years[0], "probability"] == 0).all()
