"""The demand and cost building blocks of contract version 2, each worked out by hand:
sum drivers, entries drivers, stocks at 31 March, weekly and daily prices, income
lines, staffing without agency staff, the shared id namespace, the discount rate."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import budgetmodel as bm

from ..factories import make_model, small_model


def driver(result: bm.Result, driver_id: str, column: str = "volume") -> list[float]:
    frame = result.drivers
    return frame.loc[frame.driver_id == driver_id, column].tolist()


def summary(result: bm.Result, column: str) -> list[float]:
    return result.summary[column].tolist()


# -- sum drivers -------------------------------------------------------------------
def test_a_sum_driver_adds_its_bases_in_every_year_base_year_included() -> None:
    model = small_model(
        drivers=[
            bm.Driver("cin", "growth", 100, growth=[0.1, 0.1]),  # 100, 110, 121
            bm.Driver("cpp", "explicit", 20, volume=[30, 25]),  # 20, 30, 25
            bm.Driver("open", "sum", 0, basis="cin, cpp"),
        ],
        cost_lines=[bm.CostLine("sw", "activity", "none", driver_id="open", unit_cost=2.0)],
    )
    result = model.run()
    assert driver(result, "open") == pytest.approx([120.0, 140.0, 146.0], abs=1e-12)
    assert summary(result, "total_cash") == pytest.approx([240.0, 280.0, 292.0], abs=1e-9)


def test_a_sum_driver_named_before_its_bases_is_projected_after_them() -> None:
    model = small_model(
        drivers=[
            bm.Driver("open", "sum", 0, basis="cin,cpp"),
            bm.Driver("cin", "growth", 100, growth=[0.5, 0.0]),
            bm.Driver("cpp", "growth", 10, growth=[1.0, 0.0]),
        ],
    )
    assert driver(model.run(), "open") == pytest.approx([110.0, 170.0, 170.0])


@pytest.mark.parametrize(
    ("basis", "base_volume", "expected"),
    [
        ("cin", 0, "two or more different driver_ids"),
        ("cin, nobody", 0, "Not found: nobody"),
        ("cin, cin", 0, "two or more different"),
        ("cin, cpp", 200, "within 0.5%"),
    ],
)
def test_a_bad_sum_driver_is_named(basis: str, base_volume: float, expected: str) -> None:
    with pytest.raises(bm.InputError, match=expected):
        small_model(
            drivers=[
                bm.Driver("cin", "growth", 100),
                bm.Driver("cpp", "growth", 20),
                bm.Driver("open", "sum", base_volume, basis=basis),
            ]
        )


def test_a_sum_base_volume_within_half_a_percent_is_accepted() -> None:
    drivers = [
        bm.Driver("cin", "growth", 100),
        bm.Driver("cpp", "growth", 20),
        bm.Driver("open", "sum", 120.5, basis="cin, cpp"),
    ]
    assert driver(small_model(drivers=drivers).run(), "open")[0] == 120.0


# -- stocks and entries drivers -----------------------------------------------------
def test_entries_from_a_rate_driver_flow_into_the_stock() -> None:
    # entries per 10,000 children: 30 in the base year, rate held, so 30, 30, 36 entries
    model = small_model(
        drivers=[
            bm.Driver("entries", "rate", 30, basis="kids"),
            bm.Driver("cla", "stock_flow", 100, basis="entries", exit_rate=[0.2, 0.5]),
        ],
        cost_lines=[bm.CostLine("care", "activity", "none", driver_id="cla", unit_cost=1.0)],
    )
    result = model.run()
    # S1 = 100 * 0.8 + 30 = 110; S2 = 110 * 0.5 + 36 = 91
    assert driver(result, "cla", "stock") == pytest.approx([100.0, 110.0, 91.0])
    # costed volume: the average of the opening and closing stock
    assert driver(result, "cla") == pytest.approx([100.0, 105.0, 100.5])


def test_entries_both_from_a_driver_and_a_row_is_an_error() -> None:
    with pytest.raises(bm.InputError, match="one of the two"):
        small_model(
            drivers=[
                bm.Driver("entries", "growth", 30),
                bm.Driver("cla", "stock_flow", 100, basis="entries", entries=30),
            ]
        )


def test_the_stock_of_any_other_driver_is_its_volume() -> None:
    result = small_model().run()
    assert driver(result, "cin", "stock") == driver(result, "cin", "volume")
    assert driver(result, "cin", "stock_counterfactual") == pytest.approx([100.0, 110.0, 121.0])


def test_the_plans_volume_effect_moves_the_stock_too() -> None:
    model = small_model(
        drivers=[bm.Driver("cla", "stock_flow", 100, entries=[50, 50], exit_rate=[0.5, 0.5])],
        cost_lines=[bm.CostLine("care", "activity", "none", driver_id="cla", unit_cost=1.0)],
        effects=[bm.Effect("eoc", "cla", -0.1)],
        scenarios=[bm.Scenario("central", "flat", "all")],
    )
    result = model.run()
    # counterfactual stock 100, 100, 100; with plan 90% of it from year 1
    assert driver(result, "cla", "stock_counterfactual") == pytest.approx([100.0] * 3)
    assert driver(result, "cla", "stock") == pytest.approx([100.0, 90.0, 90.0])


# -- weekly and daily prices ---------------------------------------------------------
@pytest.mark.parametrize(("cost_per", "per_year"), [("year", 1.0), ("week", 365 / 7), ("day", 365)])
def test_a_price_per_week_or_day_is_a_price_per_year(cost_per: str, per_year: float) -> None:
    line = bm.CostLine(
        "ifa", "activity", "none", driver_id="cin", unit_cost=5_500.0, cost_per=cost_per
    )
    result = small_model(cost_lines=[line]).run()
    # 100 children at £5,500 a week is 100 * 5,500 * 52.142857... a year
    assert summary(result, "total_cash")[0] == pytest.approx(100 * 5_500.0 * per_year, rel=1e-15)


def test_a_weekly_price_on_a_line_priced_by_base_cost_is_an_error() -> None:
    line = bm.CostLine("ifa", "activity", "none", driver_id="cin", base_cost=5.0, cost_per="week")
    with pytest.raises(bm.InputError, match="only an activity line's unit_cost"):
        small_model(cost_lines=[line])


# -- income lines ---------------------------------------------------------------------
def test_income_lines_count_negative_and_are_reported_apart() -> None:
    model = small_model(
        cost_lines=[
            bm.CostLine("care", "activity", "none", driver_id="cin", unit_cost=10.0),
            bm.CostLine(
                "uasc_grant", "activity", "none", driver_id="cin", unit_cost=4.0, kind="income"
            ),
        ],
        funding=[bm.Funding("budget", 500)],
    )
    result = model.run()
    # gross 1,000, 1,100, 1,210; income 400, 440, 484
    assert summary(result, "gross_cash") == pytest.approx([1000.0, 1100.0, 1210.0])
    assert summary(result, "income_cash") == pytest.approx([400.0, 440.0, 484.0])
    assert summary(result, "total_cash") == pytest.approx([600.0, 660.0, 726.0])
    assert summary(result, "gap") == pytest.approx([100.0, 160.0, 226.0])
    lines = result.lines.query("line_id == 'uasc_grant'")
    assert set(lines.kind) == {"income"}
    assert lines.cash.tolist() == pytest.approx([-400.0, -440.0, -484.0])
    bridge = result.bridge.query("year == '2022-23'").set_index("step")["value"]
    assert bridge["base"] == pytest.approx(600.0)
    assert bridge["demand"] == pytest.approx(126.0)


# -- staffing lines -------------------------------------------------------------------
def test_a_staffing_line_without_agency_staff_needs_no_agency_rows() -> None:
    line = bm.CostLine("sw", "staffing", "none", driver_id="cin", cost_per_fte=50.0, caseload=20)
    result = small_model(cost_lines=[line]).run()
    # 100, 110, 121 cases at 20 each: 5, 5.5, 6.05 FTE at 50
    assert summary(result, "total_cash") == pytest.approx([250.0, 275.0, 302.5])


def test_an_agency_premium_may_be_blank_only_without_agency_staff() -> None:
    line = bm.CostLine(
        "sw",
        "staffing",
        "none",
        driver_id="cin",
        cost_per_fte=50.0,
        caseload=20,
        agency_share=0.1,
    )
    with pytest.raises(bm.InputError, match="agency_premium"):
        small_model(cost_lines=[line])


# -- one id namespace, discount rate ------------------------------------------------------
def test_a_line_and_an_initiative_may_not_share_an_id() -> None:
    with pytest.raises(bm.InputError) as caught:
        small_model(improvements=[bm.Improvement("sw", "one_off", [1, 1])])
    text = str(caught.value)
    assert "CostLines" in text and "Improvement" in text


@pytest.mark.parametrize("rate", [-1.5, 2.0, math.nan, True])
def test_a_discount_rate_out_of_range_is_refused(rate: float) -> None:
    with pytest.raises(bm.InputError, match="discount_rate"):
        small_model(discount_rate=rate)


def test_the_green_book_rate_is_the_default() -> None:
    assert small_model().discount_rate == 0.035


# -- properties ---------------------------------------------------------------------------
volumes = st.lists(st.floats(0, 1e6, allow_nan=False), min_size=2, max_size=2)


@settings(max_examples=40, deadline=None)
@given(a=volumes, b=volumes, c=volumes)
def test_a_sum_driver_equals_the_sum_of_its_bases(
    a: list[float], b: list[float], c: list[float]
) -> None:
    model = small_model(
        drivers=[
            bm.Driver("a", "explicit", 1.0, volume=a),
            bm.Driver("b", "explicit", 2.0, volume=b),
            bm.Driver("c", "explicit", 3.0, volume=c),
            bm.Driver("all", "sum", 0, basis="a, b, c"),
        ],
        cost_lines=[bm.CostLine("x", "fixed", "none", base_cost=1.0)],
    )
    result = model.run()
    expected = [1.0 + 2.0 + 3.0, *(x + y + z for x, y, z in zip(a, b, c, strict=True))]
    np.testing.assert_allclose(driver(result, "all"), expected, rtol=1e-15, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(unit=st.floats(0.01, 1e5), growth=st.floats(-0.5, 0.5))
def test_a_weekly_unit_cost_times_365_over_7_equals_the_yearly_one(
    unit: float, growth: float
) -> None:
    drivers = [bm.Driver("cin", "growth", 100, growth=growth)]
    weekly = bm.CostLine("x", "activity", "none", driver_id="cin", unit_cost=unit, cost_per="week")
    yearly = bm.CostLine("x", "activity", "none", driver_id="cin", unit_cost=unit * 365 / 7)
    a = small_model(drivers=drivers, cost_lines=[weekly]).run().summary.total_cash
    b = small_model(drivers=drivers, cost_lines=[yearly]).run().summary.total_cash
    np.testing.assert_allclose(a, b, rtol=1e-14)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**16))
def test_without_income_lines_gross_equals_total_and_stock_equals_volume(seed: int) -> None:
    model = make_model(seed % 22)
    result = model.replace(cost_lines=[x for x in model.cost_lines if x.kind != "income"]).run()
    s = result.summary
    np.testing.assert_array_equal(s.income_cash, 0.0)
    np.testing.assert_allclose(s.gross_cash, s.total_cash, rtol=1e-12)
    flows = {d.id for d in result.model.drivers if d.method == "stock_flow"}
    others = result.drivers[~result.drivers.driver_id.isin(flows)]
    np.testing.assert_array_equal(others.stock, others.volume)
    np.testing.assert_array_equal(others.stock_counterfactual, others.volume_counterfactual)
