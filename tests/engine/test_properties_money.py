"""Invariants of any valid model: totals, the bridge, inflation, funding and the gap,
checked with hypothesis (DESIGN.md, "The model, as mathematics" and "Outputs").

Expected values are derived from the model's inputs (tests/engine/expected.py), not
taken from the engine, so a wiring mistake in the engine shows up as a mismatch.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose, assert_array_equal

import budgetmodel as bm
from budgetmodel.core.inflation import deflate, price_index

from ..strategies import MONEY_SCALES, models
from .expected import (
    PROPERTY,
    RTOL,
    STEPS,
    close,
    funding,
    included,
    indices,
    labels,
    line_costs,
    series,
)


# -- totals and the bridge ----------------------------------------------------------------------
@PROPERTY
@given(models())
def test_bridge_steps_sum_to_total_cash(model: bm.Model) -> None:
    result = model.run()
    bridge, summary, lines = result.bridge, result.summary, result.lines
    for name in model.scenario_names():
        total_cash = series(summary, "total_cash", scenario=name)
        for t, year in enumerate(labels(model)):
            step = dict(
                zip(
                    *(
                        bridge[(bridge.scenario == name) & (bridge.year == year)][c]
                        for c in ("step", "value")
                    ),
                    strict=True,
                )
            )
            assert list(step) == STEPS
            parts = [step[s] for s in STEPS[:5]]
            assert close(sum(parts), step["total"], *parts)
            assert close(step["total"], total_cash[t])
            here = lines[(lines.scenario == name) & (lines.year == year)]
            base_year = lines[(lines.scenario == name) & (lines.year == labels(model)[0])]
            baseline = here[here.kind == "baseline"]["base_price"]
            base = base_year[base_year.kind == "baseline"]["base_price"]
            assert close(step["base"], base.sum(), *base)
            assert close(
                step["base"] + step["demand"] + step["plan_effects"],
                baseline.sum(),
                step["base"],
                step["demand"],
                step["plan_effects"],
                *baseline,
            )
            direct = here[here.kind != "baseline"]["base_price"]
            assert close(step["plan_direct"], direct.sum(), *direct)


@PROPERTY
@given(models())
def test_bridge_demand_uses_counterfactual_volumes(model: bm.Model) -> None:
    result = model.run()
    for name in model.scenario_names():

        def volumes(column: str, name: str = name) -> dict[str, np.ndarray]:
            return {
                d.id: series(result.drivers, column, scenario=name, driver_id=d.id)
                for d in model.drivers
            }

        k_cf = line_costs(model, volumes("volume_counterfactual"))
        k = line_costs(model, volumes("volume"))
        base = sum(v[0] for v in k.values())
        for t, year in enumerate(labels(model)):
            step = series(result.bridge, "value", scenario=name, year=year)
            demand = sum(v[t] for v in k_cf.values()) - base
            plan = sum(k[line][t] - k_cf[line][t] for line in k)
            terms = [v[t] for v in (*k.values(), *k_cf.values())]
            assert close(step[1], demand, *terms)
            assert close(step[2], plan, *terms)


@PROPERTY
@given(models())
def test_lines_add_up_to_summary_in_cash_and_real_terms(model: bm.Model) -> None:
    result = model.run()
    lines, summary = result.lines, result.summary
    category = {("baseline", x.id): x.inflation for x in model.cost_lines}
    category |= {(r.kind, r.initiative_id): r.inflation for r in model.improvements}
    for name in model.scenario_names():
        index = indices(model, name)
        deflator = index[model.deflator]
        mine = lines[lines.scenario == name]
        for t, year in enumerate(labels(model)):
            here = mine[mine.year == year]
            row = summary[(summary.scenario == name) & (summary.year == year)].iloc[0]
            assert close(here["cash"].sum(), row["total_cash"], *here["cash"])
            assert close(here["real"].sum(), row["total_real"], *here["real"])
            assert close(row["total_real"], row["total_cash"] / deflator[t])
            for _, line in here.iterrows():
                c = category[(line["kind"], line["line_id"])]
                assert close(line["cash"], line["base_price"] * index[c][t])
                assert close(line["real"], line["cash"] / deflator[t])


@PROPERTY
@given(models())
def test_baseline_line_costs_follow_the_line_types(model: bm.Model) -> None:
    result = model.run()
    for name in model.scenario_names():
        volumes = {
            d.id: series(result.drivers, "volume", scenario=name, driver_id=d.id)
            for d in model.drivers
        }
        for line, expected in line_costs(model, volumes).items():
            got = series(result.lines, "base_price", scenario=name, line_id=line, kind="baseline")
            assert_allclose(got, expected, rtol=RTOL, atol=1e-9)


@PROPERTY
@given(models())
def test_initiative_rows_are_signed_amounts_of_included_initiatives(model: bm.Model) -> None:
    result = model.run()
    scale = MONEY_SCALES[model.money_unit]
    for name in model.scenario_names():
        rows = result.lines[(result.lines.scenario == name) & (result.lines.kind != "baseline")]
        chosen = [r for r in model.improvements if r.initiative_id in included(model, name)]
        assert set(zip(rows.line_id, rows.kind, strict=True)) == {
            (r.initiative_id, r.kind) for r in chosen
        }
        for r in chosen:
            sign = -1.0 if r.kind == "saving" else 1.0
            expected = [0.0] + [sign * (v or 0.0) * scale for v in r.amounts[1:]]
            got = series(rows, "base_price", line_id=r.initiative_id, kind=r.kind)
            assert_allclose(got, expected, rtol=RTOL, atol=1e-9)


# -- inflation --------------------------------------------------------------------------------
@PROPERTY
@given(models(zero_inflation=True))
def test_zero_inflation_makes_cash_equal_base_prices(model: bm.Model) -> None:
    result = model.run()
    lines = result.lines
    assert_array_equal(lines["cash"], lines["base_price"])
    assert_array_equal(lines["real"], lines["cash"])
    summary = result.summary
    assert_array_equal(summary["total_real"], summary["total_cash"])
    bridge = result.bridge
    size = np.abs(bridge["value"]).max()
    assert_allclose(bridge[bridge.step == "inflation"]["value"], 0.0, atol=RTOL * size + 1e-9)


def _rates(draws: int, categories: int, years: int) -> st.SearchStrategy[np.ndarray]:
    return hnp.arrays(
        np.float64, (draws, categories, years), elements=st.floats(-0.5, 1.0, allow_subnormal=False)
    )


@PROPERTY
@given(st.integers(1, 3), st.integers(1, 4), st.integers(1, 16), st.data())
def test_deflating_an_escalated_series_gives_it_back(
    draws: int, categories: int, years: int, data: st.DataObject
) -> None:
    rates = data.draw(_rates(draws, categories, years))
    base = data.draw(
        hnp.arrays(
            np.float64,
            (draws, categories, years),
            elements=st.floats(-1e6, 1e6, allow_subnormal=False),
        )
    )
    index = price_index(rates)
    # The definition, year by year: I[0] = 1 whatever r[0] is, I[t] = I[t-1] * (1 + r[t]).
    expected = np.ones_like(rates)
    for t in range(1, years):
        expected[..., t] = expected[..., t - 1] * (1.0 + rates[..., t])
    assert_allclose(index, expected, rtol=1e-12)
    assert_array_equal(index[..., 0], 1.0)
    assert_allclose(deflate(base * index, index), base, rtol=1e-12, atol=1e-9)


# -- funding and gap -------------------------------------------------------------------------
@PROPERTY
@given(models())
def test_gap_and_cumulative_gap(model: bm.Model) -> None:
    summary = model.run().summary
    expected_funding = funding(model)
    for name in model.scenario_names():
        rows = summary[summary.scenario == name]
        cash, fund = rows["total_cash"].to_numpy(), rows["funding"].to_numpy()
        gap, cumulative = rows["gap"].to_numpy(), rows["cumulative_gap"].to_numpy()
        assert_allclose(fund, expected_funding, rtol=RTOL, atol=1e-9)
        assert_allclose(
            gap,
            cash - expected_funding,
            rtol=RTOL,
            atol=RTOL * max(np.abs(cash).max(), np.abs(fund).max()) + 1e-9,
        )
        assert cumulative[0] == 0.0
        running = np.cumsum(gap[1:])
        assert_allclose(cumulative[1:], running, rtol=RTOL, atol=RTOL * np.abs(gap).sum() + 1e-9)
