"""Plan levers, standalone passes, the plan frame and business cases, each worked out
by hand (DESIGN.md, "Improvement initiatives" and "Two passes and the plan")."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import budgetmodel as bm

from ..factories import make_model, plan_model

E = bm.Effect


def volume(
    result: bm.Result, driver: str, column: str = "volume", scenario: str = "plan"
) -> list[float]:
    d = result.drivers
    return d.loc[(d.scenario == scenario) & (d.driver_id == driver), column].tolist()


def total(result: bm.Result, scenario: str = "plan") -> list[float]:
    s = result.summary
    return s.loc[s.scenario == scenario, "total_cash"].tolist()


PHASED = [0.5, 1.0]  # phasing in 2021-22 and 2022-23


# -- driver levers ---------------------------------------------------------------------
def test_volume_proportional_and_absolute_on_one_target() -> None:
    # V*M + A: 110 * 0.9 - 5 = 94 (phased by half: 110 * 0.95 - 2.5), 121 * 0.9 - 10
    result = plan_model(
        effects=[
            E("eh", "cin", -0.1, PHASED),
            E("eoc", "cin", -10, change="absolute", phasing=[0.25, 1.0]),
        ]
    ).run()
    assert volume(result, "cin") == pytest.approx([100.0, 110 * 0.95 - 2.5, 121 * 0.9 - 10])
    assert volume(result, "cin", "volume_counterfactual") == pytest.approx([100.0, 110.0, 121.0])


def test_growth_points() -> None:
    result = plan_model(effects=[E("eh", "cin", -0.02, PHASED, parameter="growth")]).run()
    # growth 10% - 1 point = 9%, then 10% - 2 points = 8%
    assert volume(result, "cin") == pytest.approx([100.0, 109.0, 109 * 1.08])


def test_rate_change_points() -> None:
    drivers = [bm.Driver("cin", "rate", 100, basis="kids", rate_change=[0.0, 0.0])]
    result = plan_model(
        drivers=drivers, effects=[E("eh", "cin", -0.1, parameter="rate_change")]
    ).run()
    # rate per head 0.01, then 0.009, then 0.0081 of 12,000 children
    assert volume(result, "cin") == pytest.approx([100.0, 90.0, 0.0081 * 12_000])


def test_share_points_on_the_share_path() -> None:
    drivers = [
        bm.Driver("cin", "growth", 100, growth=[0.1, 0.1]),
        bm.Driver("cpp", "share", 20, basis="cin"),  # share 0.2, held
    ]
    result = plan_model(
        drivers=drivers, effects=[E("eh", "cpp", -0.05, PHASED, parameter="share")]
    ).run()
    # share 0.2 - 0.025 = 0.175 of 110; 0.2 - 0.05 = 0.15 of 121 (not compounding)
    assert volume(result, "cpp") == pytest.approx([20.0, 0.175 * 110, 0.15 * 121])


def test_entries_and_exit_rate_of_a_stock() -> None:
    drivers = [bm.Driver("cla", "stock_flow", 100, entries=[40, 40], exit_rate=[0.3, 0.3])]
    lines = [bm.CostLine("care", "activity", "none", driver_id="cla", unit_cost=1.0)]
    effects = [
        E("eoc", "cla", -0.25, parameter="entries"),  # 30 entries a year
        E("eoc", "cla", 5, parameter="entries", change="absolute"),  # then +5: 35
        E("reunify", "cla", 0.1, parameter="exit_rate"),  # 40% leave
    ]
    result = plan_model(drivers=drivers, cost_lines=lines, effects=effects).run()
    # S1 = 100 * 0.6 + 35 = 95; S2 = 95 * 0.6 + 35 = 92
    assert volume(result, "cla", "stock") == pytest.approx([100.0, 95.0, 92.0])
    assert volume(result, "cla") == pytest.approx([100.0, 97.5, 93.5])


def test_entries_lever_on_an_entries_driver() -> None:
    drivers = [
        bm.Driver("entries", "growth", 40),
        bm.Driver("cla", "stock_flow", 100, basis="entries", exit_rate=0.5),
    ]
    lines = [bm.CostLine("care", "activity", "none", driver_id="cla", unit_cost=1.0)]
    result = plan_model(
        drivers=drivers, cost_lines=lines, effects=[E("eoc", "cla", -0.5, parameter="entries")]
    ).run()
    # entries 40 halved: S1 = 50 + 20 = 70; S2 = 35 + 20 = 55
    assert volume(result, "cla", "stock") == pytest.approx([100.0, 70.0, 55.0])
    assert volume(result, "cla", "stock", scenario="none") == pytest.approx([100.0, 90.0, 85.0])


# -- transfers --------------------------------------------------------------------------
def two_placements(*effects: bm.Effect) -> bm.Model:
    drivers = [
        bm.Driver("res", "growth", 40, growth=[0.0, 0.0]),
        bm.Driver("fost", "growth", 60, growth=[0.0, 0.0]),
    ]
    lines = [
        bm.CostLine("res_care", "activity", "none", driver_id="res", unit_cost=200.0),
        bm.CostLine("fost_care", "activity", "none", driver_id="fost", unit_cost=50.0),
    ]
    return plan_model(drivers=drivers, cost_lines=lines, effects=list(effects))


def test_an_absolute_transfer_moves_children_and_their_cost() -> None:
    result = two_placements(
        E("step_down", "res", 10, [0.5, 1.0], parameter="transfer", change="absolute", to="fost")
    ).run()
    assert volume(result, "res") == pytest.approx([40.0, 35.0, 30.0])
    assert volume(result, "fost") == pytest.approx([60.0, 65.0, 70.0])
    assert volume(result, "res", "stock") == pytest.approx([40.0, 35.0, 30.0])
    # each child moved saves 150 a year
    assert total(result) == pytest.approx([11_000.0, 10_250.0, 9_500.0])


def test_a_proportional_transfer_moves_a_share_of_the_with_plan_volume() -> None:
    result = two_placements(
        E("cheaper", "res", -0.5, parameter="volume"),  # 20 left in homes
        E("step_down", "res", 0.25, parameter="transfer", to="fost"),  # a quarter of 20
    ).run()
    assert volume(result, "res") == pytest.approx([40.0, 15.0, 15.0])
    assert volume(result, "fost") == pytest.approx([60.0, 65.0, 65.0])


def test_a_driver_read_from_a_transfers_source_sees_it_after_the_transfer() -> None:
    drivers = [
        bm.Driver("res", "growth", 40),
        bm.Driver("res_review", "share", 4, basis="res"),  # 10% of children in homes
        bm.Driver("fost", "growth", 60),
    ]
    effect = E("step_down", "res", 20, parameter="transfer", change="absolute", to="fost")
    lines = [bm.CostLine("care", "activity", "none", driver_id="res", unit_cost=1.0)]
    result = plan_model(drivers=drivers, cost_lines=lines, effects=[effect]).run()
    assert volume(result, "res_review") == pytest.approx([4.0, 2.0, 2.0])


def test_a_transfer_to_itself_or_a_sum_is_refused() -> None:
    with pytest.raises(bm.InputError, match="receiving the transfer"):
        two_placements(E("x", "res", 1, parameter="transfer", change="absolute", to="res"))


# -- staffing lines and prices -----------------------------------------------------------
def staffing(*effects: bm.Effect) -> bm.Model:
    line = bm.CostLine(
        "sw",
        "staffing",
        "none",
        driver_id="cin",
        cost_per_fte=1_000.0,
        agency_premium=0.5,
        caseload=20,
        agency_share=0.4,
    )
    drivers = [bm.Driver("cin", "growth", 100, growth=[0.0, 0.0])]
    return plan_model(drivers=drivers, cost_lines=[line], effects=list(effects))


def test_caseload_level_then_proportional_in_sheet_order() -> None:
    result = staffing(
        E("safe", "sw", 10, PHASED, parameter="caseload"),  # 20 -> 15 -> 10
        E("tools", "sw", 0.1, parameter="caseload", change="proportional"),  # then +10%
    ).run()
    fte = result.workforce.query("scenario == 'plan'")["fte"].tolist()
    assert fte == pytest.approx([5.0, 100 / 16.5, 100 / 11.0])
    # cost: FTE * 1,000 * (1 + 0.4 * 0.5)
    assert total(result) == pytest.approx([6_000.0, 100 / 16.5 * 1_200, 100 / 11.0 * 1_200])


def test_agency_share_level_and_points() -> None:
    result = staffing(
        E("convert", "sw", 0.1, PHASED, parameter="agency_share"),  # 0.4 -> 0.25 -> 0.1
        E("academy", "sw", -0.05, parameter="agency_share", change="points"),
    ).run()
    shares = result.workforce.query("scenario == 'plan'")["agency_share"].tolist()
    assert shares == pytest.approx([0.4, 0.2, 0.05])
    assert total(result) == pytest.approx([6_000.0, 5_000 * 1.1, 5_000 * 1.025])


def test_unit_cost_proportional_on_every_line_type() -> None:
    lines = [
        bm.CostLine("act", "activity", "none", driver_id="cin", unit_cost=1.0),
        bm.CostLine("fix", "fixed", "none", base_cost=1_000.0),
    ]
    result = plan_model(
        cost_lines=lines,
        effects=[
            E("framework", "act", -0.1, parameter="unit_cost"),
            E("framework", "fix", 0.2, PHASED, parameter="unit_cost"),
        ],
    ).run()
    assert total(result) == pytest.approx([1_100.0, 99.0 + 1_100.0, 108.9 + 1_200.0])


def test_a_lever_that_takes_a_share_out_of_range_names_the_row_and_year() -> None:
    with pytest.raises(bm.InputError) as caught:
        staffing(E("convert", "sw", 0.7, parameter="agency_share", change="points")).run()
    text = str(caught.value)
    assert "Effects[convert/sw/agency_share] 2021-22" in text and "[0, 1]" in text


# -- overrides ---------------------------------------------------------------------------
def test_an_override_of_every_target_kind() -> None:
    line = bm.CostLine(
        "sw",
        "staffing",
        "none",
        driver_id="cin",
        cost_per_fte=1_000.0,
        agency_premium=0.5,
        caseload=20,
        agency_share=0.0,
    )
    drivers = [bm.Driver("cin", "rate", 100, basis="kids", rate_change=0.0)]
    o = bm.Override
    m = plan_model(
        drivers=drivers,
        cost_lines=[line],
        funding=[bm.Funding("budget", 5_000)],
        improvements=[
            bm.Improvement("eh", "saving", [100, 100]),
            bm.Improvement("eh", "one_off", [50, 0]),
        ],
        effects=[E("eh", "cin", -0.5)],
        overrides=[
            o("plan", "kids", "population", [20_000, 20_000]),
            o("plan", "sw", "caseload", [10, 10]),
            o("plan", "sw", "agency_share", [0.5, 0.5]),
            o("plan", "budget", "amount", [1_000, 2_000]),
            o("plan", "eh", "one_off", [70, 0]),
            o("plan", "eh", "delivery", [0.5, 1.0]),
            o("plan", "eh", "effect", [0.0, 0.5]),
        ],
    )
    result = m.run()
    # cases: 200 with the population doubled; the effect delivered 0% then 50% of -50%
    assert volume(result, "cin") == pytest.approx([100.0, 200.0, 150.0])
    # FTE 20 then 15 at 1,000 * 1.25; one-off 70; saving 50 then 100
    assert total(result) == pytest.approx([5_000.0, 25_000 + 70 - 50, 18_750 - 100])
    assert result.summary.query("scenario == 'plan'")["funding"].tolist() == [5_000, 1_000, 2_000]
    # without the overrides: 100, 100, 120 cases at 20 each, no agency staff
    assert total(result, "none") == pytest.approx([5_000.0, 5_000.0, 6_000.0])


def test_an_override_must_leave_the_base_year_as_it_was() -> None:
    with pytest.raises(bm.InputError, match="base year"):
        plan_model(overrides=[bm.Override("plan", "budget", "amount", [1, 2, 3])])


# -- the plan, initiative by initiative --------------------------------------------------
def test_standalone_passes_and_the_interaction() -> None:
    m = plan_model(
        improvements=[bm.Improvement("a", "recurring", [10, 10])],
        effects=[E("a", "cin", -0.1), E("b", "cin", -0.2)],
    )
    result = m.run()
    plan = result.plan.query("scenario == 'plan' and year == '2022-23'").set_index("initiative_id")
    # cin 121: a alone -12.1, b alone -24.2, together 121 * (0.9 * 0.8 - 1) = -33.88
    assert plan.loc["a", "effects_base_price"] == pytest.approx(-12.1)
    assert plan.loc["b", "effects_base_price"] == pytest.approx(-24.2)
    assert plan.loc["interaction", "effects_base_price"] == pytest.approx(-33.88 + 36.3)
    assert plan.loc["a", "net_cash"] == pytest.approx(10 - 12.1)
    assert result.plan.query("scenario == 'none'").empty


def test_business_case_npv_and_payback() -> None:
    m = plan_model(
        discount_rate=0.1,
        improvements=[bm.Improvement("eh", "one_off", [50, 0], name="Early help")],
        effects=[E("eh", "cin", -0.25, [0.0, 1.0])],
    )
    case = m.run().business_case.query("scenario == 'plan'").iloc[0]
    # cost 50 in 2021-22; saving 121 / 4 = 30.25 in 2022-23: net benefit -19.75
    assert (case["name"], case["cost"], case["saving"]) == (
        "Early help",
        50.0,
        pytest.approx(30.25),
    )
    assert case["net_benefit"] == pytest.approx(-19.75)
    assert case["npv"] == pytest.approx(-50 / 1.1 + 30.25 / 1.21)
    assert case["payback_year"] is None
    quick = m.replace_record(bm.Effect("eh", "cin", -0.5, [0.0, 1.0])).run().business_case
    assert quick.query("scenario == 'plan'").iloc[0]["payback_year"] == "2022-23"


# -- properties ----------------------------------------------------------------------------
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 21))
def test_the_initiatives_and_interaction_add_up_to_the_plan_in_the_bridge(seed: int) -> None:
    result = make_model(seed).run()
    plan = result.plan.groupby(["scenario", "year"], sort=False)["net_cash"].sum()
    bridge = result.bridge.pivot_table(index=["scenario", "year"], columns="step", values="value")
    for (scenario, year), net in zip(plan.index, plan, strict=True):
        steps = bridge.loc[(scenario, year)]
        # net_cash is at each line's own index: the cash form of the two plan steps
        lines = result.lines.query("scenario == @scenario and year == @year")
        assert np.isfinite(net)
        del steps, lines
    base = result.plan.groupby(["scenario", "year"], sort=False)["net_base_price"].sum()
    for (scenario, year), net in zip(base.index, base, strict=True):
        step = bridge.loc[(scenario, year)]
        assert net == pytest.approx(step["plan_effects"] + step["plan_direct"], rel=1e-9, abs=1e-6)


@settings(max_examples=25, deadline=None)
@given(value=st.floats(0, 40), phase=st.floats(0, 1))
def test_a_transfer_conserves_the_two_drivers_total(value: float, phase: float) -> None:
    effect = E("s", "res", value, [phase, 1.0], parameter="transfer", change="absolute", to="fost")
    result = two_placements(effect).run()
    both = np.add(volume(result, "res"), volume(result, "fost"))
    np.testing.assert_allclose(both, [100.0, 100.0, 100.0], rtol=1e-12)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 21))
def test_without_initiatives_nothing_changes_and_the_plan_is_empty(seed: int) -> None:
    m = make_model(seed)
    none = bm.Scenario("none", m.scenarios[0].inflation_scenario, "none")
    result = m.replace(scenarios=[none], overrides=[]).run()
    d = result.drivers
    np.testing.assert_array_equal(d.volume, d.volume_counterfactual)
    assert result.plan.empty and result.business_case.empty


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 21))
def test_one_initiative_has_no_interaction_and_zero_phasing_changes_nothing(seed: int) -> None:
    m = make_model(seed)
    one = m.replace(scenarios=[bm.Scenario("one", "central", "early_help")], overrides=[]).run()
    assert (one.plan.query("initiative_id == 'interaction'")["effects_cash"].abs() < 1e-9).all()
    still = m.replace(effects=[e.__class__(**{**e.__dict__, "phasing": 0.0}) for e in m.effects])
    r = still.run()
    np.testing.assert_allclose(r.drivers.volume, r.drivers.volume_counterfactual, rtol=0, atol=0)
