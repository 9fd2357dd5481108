"""One input at a time: tornado swings equal runs at the percentiles; solve closes the gap."""

from __future__ import annotations

from dataclasses import replace
from statistics import NormalDist
from typing import Any

import numpy as np
import pytest

import budgetmodel as bm
from budgetmodel.uncertainty import quantile, simulate, solve, tornado

from ..factories import hand_model
from .cases import EVERY_KIND, edited, projected, with_records

U = bm.Uncertainty


def outcome(model: bm.Model, scenario: str, measure: str, year: str) -> float:
    s = model.run(scenario).summary.set_index("year")
    return float(s[measure][year])


def at(
    model: bm.Model, row: bm.Uncertainty, value: float, scenario: str, measure: str, year: str
) -> float:
    """The output with ``row`` alone fixed at ``value`` (a zero-width distribution)."""
    fixed = model.replace(uncertainty=[U(row.target, "normal", value, 0.0)])
    p = simulate(fixed, 1, seed=0, scenario=scenario).percentiles
    return float(
        p.query("year == @year and measure == @measure and statistic == 'p50'")["value"].iloc[0]
    )


# -- tornado -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "output",
    [("cumulative_gap", None), ("total_cash", "2021-22"), ("gap", "2022-23"), "cumulative_gap"],
)
def test_tornado_swings_are_runs_at_the_10th_and_90th_percentiles(output: Any) -> None:
    model = hand_model(uncertainty=EVERY_KIND)
    frame = tornado(model, scenario="plan", output=output)
    measure, year = (output, None) if isinstance(output, str) else output
    year = year or model.years[-1]
    assert list(frame.columns) == [
        "input",
        "label",
        "description",
        "low_input",
        "high_input",
        "low",
        "high",
        "base",
        "swing",
    ]
    assert sorted(frame["input"]) == sorted(u.target for u in EVERY_KIND)
    assert (np.diff(frame["swing"].to_numpy()) <= 0).all()  # largest swing first
    rows = {u.target: u for u in EVERY_KIND}
    base = outcome(model, "plan", measure, year)
    assert (frame["base"] == base).all()
    r: Any
    for r in frame.itertuples(index=False):
        row = rows[r.input]
        assert r.low_input == quantile(row, 0.1) and r.high_input == quantile(row, 0.9)
        assert r.low == pytest.approx(
            at(model, row, r.low_input, "plan", measure, year), rel=1e-12, abs=1e-9
        )
        assert r.high == pytest.approx(
            at(model, row, r.high_input, "plan", measure, year), rel=1e-12, abs=1e-9
        )
        assert r.swing == abs(r.high - r.low)
    assert frame.attrs["scenario"] == "plan" and frame.attrs["year"] == year
    assert frame.attrs["measure"] == measure


def test_tornado_input_percentiles_by_distribution() -> None:
    frame = tornado(hand_model(uncertainty=EVERY_KIND), scenario="plan").set_index("input")
    z = NormalDist().inv_cdf(0.9)
    assert frame.loc["growth:g", "high_input"] == pytest.approx(0.01 * z, rel=1e-12)
    assert frame.loc["rate_change:r", "low_input"] == pytest.approx(-0.01 + 0.03 * 0.1)
    # triangular(-0.05, 0, 0.05): F(x) = (x + 0.05)^2 / (2 * 0.05^2) below the mode
    assert frame.loc["exit_rate:f", "low_input"] == pytest.approx(-0.05 + 0.05 * np.sqrt(0.2))
    assert frame.loc["unit_cost:act_r", "label"] == "act_r: unit cost"
    assert frame.loc["delivery:pm", "label"] == "pm: savings delivered"


def test_tornado_of_the_sample_names_inputs_for_analysts() -> None:
    frame = tornado(bm.load_sample(), scenario="Improvement plan")
    assert len(frame) == len(bm.load_sample().uncertainty) >= 6
    labels = dict(zip(frame["input"], frame["label"], strict=True))
    assert labels["inflation:placements"] == "Inflation: placements"
    assert labels["effect:early_help"] == "Early help and family support offer: effects delivered"
    assert (frame["description"].str.len() > 40).all()


def test_tornado_with_no_uncertainty_is_empty_and_bad_outputs_say_so() -> None:
    frame = tornado(hand_model(), scenario="plan")
    assert frame.empty and "swing" in frame.columns
    model = hand_model(uncertainty=EVERY_KIND[:1])
    with pytest.raises(ValueError, match="measure must be one of"):
        tornado(model, output=("budget", None))
    with pytest.raises(bm.InputError, match="a year from 2020-21"):
        tornado(model, output=("gap", "2031-32"))
    with pytest.raises(bm.InputError, match="a scenario name"):
        tornado(model, scenario="nope")


# -- solve ---------------------------------------------------------------------------
def scaled(model: bm.Model, initiative: str, x: float) -> bm.Model:
    """Every amount and effect of ``initiative`` times ``x``, by hand."""
    return with_records(
        model,
        improvements=[
            replace(r, amounts=projected(r.amounts, lambda v: v * x))
            if r.initiative_id == initiative
            else r
            for r in model.improvements
        ],
        effects=[
            # the same as scale:I's phasing x for the proportional rows these models have
            replace(e, value=e.value * x) if e.initiative_id == initiative else e
            for e in model.effects
        ],
    )


@pytest.mark.parametrize(
    "target",
    [
        "rate_change:r",
        "exit_rate:f",
        "entries:f",
        "inflation:prices",
        "unit_cost:act_s",
        "unit_cost:staff",
        "effect:eh",
        "delivery:pm",
        "funding:base",
        "scale:eh",
    ],
)
def test_solve_closes_the_cumulative_gap_when_fed_back(target: str) -> None:
    # Funding close to the plan's cost (a cumulative gap of £9), so every input can close it.
    model = hand_model(
        funding=[bm.Funding("base", [2_000, 3_390, 3_990]), bm.Funding("grant", [0, 50, 50])]
    )
    kind, ident = target.split(":")
    x = solve(model, input=target, scenario="plan")
    assert x != (1.0 if kind in ("effect", "delivery", "scale") else 0.0)
    fed_back = scaled(model, ident, x) if kind == "scale" else edited(model, target, x)
    assert abs(outcome(fed_back, "plan", "cumulative_gap", model.years[-1])) < 1.0


def test_solve_meets_a_target_total_in_a_year() -> None:
    model = hand_model()
    x = solve(
        model,
        input="unit_cost:act_r",
        scenario="no plan",
        measure="total_cash",
        year="2021-22",
        target=4_000.0,
    )
    fed_back = edited(model, "unit_cost:act_r", x)
    assert abs(outcome(fed_back, "no plan", "total_cash", "2021-22") - 4_000.0) < 1.0


def test_solve_on_the_sample_closes_the_gap_to_within_a_pound() -> None:
    model = bm.load_sample()
    for target in ("inflation:placements", "inflation:pay"):
        x = solve(model, input=target, scenario="Improvement plan")
        kind, ident = target.split(":")
        fed_back = scaled(model, ident, x) if kind == "scale" else edited(model, target, x)
        assert abs(outcome(fed_back, "Improvement plan", "cumulative_gap", "2018-19")) < 1.0


def test_solve_says_when_the_bounds_do_not_bracket_a_solution() -> None:
    model = hand_model()
    with pytest.raises(bm.ComputationError) as err:
        solve(model, input="unit_cost:fix", scenario="plan", bounds=(0.0, 0.1))
    message = str(err.value)
    for part in (
        "'unit_cost:fix'",
        "between 0 and 0.1",
        "cumulative gap in 2022-23",
        "'plan'",
        "at 0 and",
        "at 0.1",
        "Widen the bounds",
    ):
        assert part in message, (part, message)
    assert isinstance(err.value, ArithmeticError)
    # An initiative outside the scenario changes nothing: no value can close the gap.
    with pytest.raises(bm.ComputationError, match="both"):
        solve(model, input="scale:eh", scenario="no plan")


def test_solve_names_what_it_cannot_find() -> None:
    model = hand_model()
    for text, expected in [
        ("speed:g", "an input such as"),
        ("growth:nope", "a driver_id"),
        ("growth:r", "a growth driver"),
        ("delivery:eh", "a saving row"),
        ("effect:it", "Effects rows"),
        ("inflation:none", "price category"),
        ("scale:", "an input such as"),
    ]:
        with pytest.raises(bm.InputError, match=expected):
            solve(model, input=text, scenario="plan")
    with pytest.raises(bm.InputError, match="bounds: found"):
        solve(model, input="growth:g", scenario="plan", bounds=(1.0, -1.0))
